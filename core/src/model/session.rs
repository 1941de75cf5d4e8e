//! The facts of one session that the list shows, sorts and searches on, read from its document.

use crate::enums::{protocol_name, Verdict};
use crate::json::{Json, Shape};
use crate::path::{get, get_present, get_str};
use crate::present;
use crate::time::Timestamp;
use std::rc::Rc;

/// One session, summarised. Built from the document (`{key, body, meta}`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SessionSummary {
    /// When it started.
    pub start: Option<Timestamp>,
    /// When it ended.
    pub end: Option<Timestamp>,
    /// `duration` as the document states it, in seconds.
    pub duration: Option<f64>,
    /// Gateway username (`user.name`, or 7.x `user.gateway_username`).
    pub user: Rc<str>,
    /// Username(s) on the server; a list in 7.x.
    pub server_user: Rc<str>,
    /// The client endpoint as the list shows it: `name (address):port`.
    pub client: Rc<str>,
    /// The server endpoint as the list shows it: `name (address):port`.
    pub server: Rc<str>,
    /// The protocol, normalised (SSH, RDP, ICA, VNC, TELNET, HTTP).
    pub protocol: Rc<str>,
    /// The session verdict, or the connection verdict when the session has none.
    pub verdict: Option<Verdict>,
    /// The verdict as written.
    pub verdict_raw: Rc<str>,
    /// The aggregated risk score.
    pub score: Option<f64>,
    /// Still open when exported.
    pub active: bool,
    /// Found scripted by analytics.
    pub scripted: bool,
    /// The server's name, or its address: what the facet panel counts.
    pub server_host: Rc<str>,
    /// `recording.connection_policy`, `origin` and `analytics.tags`, read once for facets and queries.
    pub policy: Rc<str>,
    /// How SPS received it (RECORDING, PSM, LOG).
    pub origin: Rc<str>,
    /// The analytics tags.
    pub tags: Vec<String>,
    /// Each of `user.server_username` (one, or a list in 7.x), and the endpoints' parts, for the
    /// `user:`, `client:` and `server:` queries, which must not parse every document.
    pub server_users: Vec<String>,
    /// The client's address.
    pub client_ip: Rc<str>,
    /// The client's name.
    pub client_name: Rc<str>,
    /// The server's address.
    pub server_ip: Rc<str>,
    /// The server's name.
    pub server_name: Rc<str>,
    /// `revision`: of two copies of one session, the higher is shown (kept so that choosing never
    /// reads the other copy's document back, which a file read in windows no longer holds).
    pub revision: Option<f64>,
}

impl SessionSummary {
    /// Reads a session document. Never fails: what is missing or malformed stays empty (the type check
    /// reports it separately).
    pub fn from_document<J: Json>(doc: &J) -> SessionSummary {
        let Some(body) = doc.get("body") else { return SessionSummary::default() };
        let time = |p: &str| get_present(body, p).and_then(|v| Timestamp::from_value(v).ok());
        let verdict_raw = get_present(body, "verdict")
            .or_else(|| get_present(body, "recording.verdict"))
            .map(present::text)
            .unwrap_or_default();
        let text = |p: &str| get_present(body, p).map(present::text).unwrap_or_default();
        let user = get_str(body, "user.name")
            .or_else(|| get_str(body, "user.gateway_username"))
            .unwrap_or_default();
        let texts = |p: &str| match get_present(body, p).map(|v| (v, v.shape())) {
            Some((_, Shape::Array(items))) => items.iter().map(present::text).collect(),
            Some((v, _)) => vec![present::text(v)],
            None => vec![],
        };
        SessionSummary {
            start: time("start_time"),
            end: time("end_time"),
            duration: present::number(get_present(body, "duration")),
            user: (user.to_string()).into(),
            server_user: (text("user.server_username")).into(),
            client: (present::endpoint(get(body, "client"))).into(),
            server: (present::endpoint(get(body, "server"))).into(),
            protocol: (get_str(body, "protocol").map(protocol_name).unwrap_or_default()).into(),
            verdict: (!verdict_raw.is_empty()).then(|| Verdict::parse(&verdict_raw)),
            verdict_raw: verdict_raw.into(),
            score: present::number(get_present(body, "analytics.score.aggregated")),
            active: get(body, "active").and_then(Json::as_bool).unwrap_or(false),
            scripted: get(body, "analytics.scripted").and_then(Json::as_bool).unwrap_or(false),
            server_host: (get_present(body, "server.name")
                .or_else(|| get_present(body, "server.ip"))
                .map(present::text)
                .unwrap_or_default())
            .into(),
            policy: (text("recording.connection_policy")).into(),
            origin: (text("origin")).into(),
            tags: texts("analytics.tags"),
            server_users: texts("user.server_username"),
            client_ip: (text("client.ip")).into(),
            client_name: (text("client.name")).into(),
            server_ip: (text("server.ip")).into(),
            server_name: (text("server.name")).into(),
            revision: get(body, "revision").and_then(Json::as_f64),
        }
    }

    /// Its texts, always in this order (the bytes a worker sends list them so).
    pub fn texts(&self) -> [&Rc<str>; 13] {
        [
            &self.user,
            &self.server_user,
            &self.client,
            &self.server,
            &self.protocol,
            &self.verdict_raw,
            &self.server_host,
            &self.policy,
            &self.origin,
            &self.client_ip,
            &self.client_name,
            &self.server_ip,
            &self.server_name,
        ]
    }

    /// The stated duration, or end − start when the document states none.
    pub fn effective_duration(&self) -> Option<f64> {
        self.duration.or_else(|| self.computed_duration())
    }

    /// end − start in seconds, when both are known.
    pub fn computed_duration(&self) -> Option<f64> {
        Some(
            (self.end.as_ref()?.epoch_millis() - self.start.as_ref()?.epoch_millis()) as f64
                / 1000.0,
        )
    }
}
