//! SPS enumerations and their normalisation. Versions spell verdicts three ways (`auth-fail`,
//! `AUTH_FAIL`, `Accepted`) and `index_status` as a name or a code; each decodes to one value with
//! a meaning, and anything unknown is kept verbatim and flagged.

use crate::json::{Json, Shape};

/// A connection, session or channel verdict, normalised across spellings.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    /// `ACCEPT`: the connection attempt was successful.
    Accept,
    /// `TERMINATED`: the connection violated a content policy and SPS terminated it.
    Terminated,
    /// `AUTH_FAIL`: authentication failure.
    AuthFail,
    /// `DENY`: the connection was denied.
    Deny,
    /// `FAIL`: the connection attempt failed.
    Fail,
    /// `GW_AUTH_FAIL`: gateway authentication failure.
    GwAuthFail,
    /// `KEY_ERROR`: a host key mismatch.
    KeyError,
    /// `USER_MAPPING_FAIL`: a user mapping failure.
    UserMappingFail,
    /// `FOUR_EYES_DEFERRED`: four-eyes authorization is waiting for a remote username.
    FourEyesDeferred,
    /// `FOUR_EYES_ERROR`: an internal error during four-eyes authorization.
    FourEyesError,
    /// `FOUR_EYES_REJECT`: a four-eyes authorizer rejected the connection.
    FourEyesReject,
    /// `FOUR_EYES_TIMEOUT`: four-eyes authorization timed out.
    FourEyesTimeout,
    /// A spelling no SPS version is known to write; shown verbatim.
    Unknown(String),
}

impl Verdict {
    /// Upper-cases, turns `-` and spaces into `_`, and folds the past-tense spellings seen in samples.
    pub fn parse(raw: &str) -> Verdict {
        let norm: String = raw
            .trim()
            .chars()
            .map(|c| if c == '-' || c == ' ' { '_' } else { c.to_ascii_uppercase() })
            .collect();
        match norm.as_str() {
            "ACCEPT" | "ACCEPTED" => Verdict::Accept,
            "ACCEPT_TERMINATED" | "TERMINATED" => Verdict::Terminated,
            "AUTH_FAIL" | "AUTH_FAILED" => Verdict::AuthFail,
            "DENY" | "DENIED" => Verdict::Deny,
            "FAIL" | "FAILED" => Verdict::Fail,
            "GW_AUTH_FAIL" | "GW_AUTH_FAILED" => Verdict::GwAuthFail,
            "KEY_ERROR" => Verdict::KeyError,
            "USER_MAPPING_FAIL" | "USER_MAPPING_FAILED" => Verdict::UserMappingFail,
            "FOUR_EYES_DEFERRED" => Verdict::FourEyesDeferred,
            "FOUR_EYES_ERROR" => Verdict::FourEyesError,
            "FOUR_EYES_REJECT" | "FOUR_EYES_REJECTED" => Verdict::FourEyesReject,
            "FOUR_EYES_TIMEOUT" => Verdict::FourEyesTimeout,
            _ => Verdict::Unknown(raw.to_string()),
        }
    }

    /// The normalised name, in the 7.x upper-case spelling.
    pub fn name(&self) -> &str {
        match self {
            Verdict::Accept => "ACCEPT",
            Verdict::Terminated => "TERMINATED",
            Verdict::AuthFail => "AUTH_FAIL",
            Verdict::Deny => "DENY",
            Verdict::Fail => "FAIL",
            Verdict::GwAuthFail => "GW_AUTH_FAIL",
            Verdict::KeyError => "KEY_ERROR",
            Verdict::UserMappingFail => "USER_MAPPING_FAIL",
            Verdict::FourEyesDeferred => "FOUR_EYES_DEFERRED",
            Verdict::FourEyesError => "FOUR_EYES_ERROR",
            Verdict::FourEyesReject => "FOUR_EYES_REJECT",
            Verdict::FourEyesTimeout => "FOUR_EYES_TIMEOUT",
            Verdict::Unknown(raw) => raw,
        }
    }

    /// What the verdict means, as the spec says.
    pub fn meaning(&self) -> &'static str {
        match self {
            Verdict::Accept => "the connection attempt was successful",
            Verdict::Terminated => "the connection violated a content policy and SPS terminated it",
            Verdict::AuthFail => "authentication failure",
            Verdict::Deny => "the connection was denied",
            Verdict::Fail => "the connection attempt failed",
            Verdict::GwAuthFail => "gateway authentication failure",
            Verdict::KeyError => "the connection attempt failed due to a host key mismatch",
            Verdict::UserMappingFail => {
                "the connection attempt failed due to a user mapping failure"
            }
            Verdict::FourEyesDeferred => "four-eyes authorization is waiting for a remote username",
            Verdict::FourEyesError => "an internal error occurred during four-eyes authorization",
            Verdict::FourEyesReject => "a four-eyes authorizer rejected the connection",
            Verdict::FourEyesTimeout => "four-eyes authorization timed out",
            Verdict::Unknown(_) => "a value not documented for any SPS version",
        }
    }

    /// A coarse outcome used for colouring and for "review first".
    pub fn tone(&self) -> Tone {
        match self {
            Verdict::Accept => Tone::Good,
            Verdict::Terminated | Verdict::FourEyesDeferred => Tone::Warn,
            Verdict::Unknown(_) => Tone::Unknown,
            _ => Tone::Bad,
        }
    }

    /// Whether it is a value no SPS version documents.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Verdict::Unknown(_))
    }
}

/// A coarse colour class for an enumerated value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Allowed.
    Good,
    /// Worth a look (terminated, deferred).
    Warn,
    /// Refused or failed.
    Bad,
    /// Not a documented value.
    Unknown,
}

impl Tone {
    /// Its CSS class.
    pub fn class(self) -> &'static str {
        match self {
            Tone::Good => "good",
            Tone::Warn => "warn",
            Tone::Bad => "bad",
            Tone::Unknown => "unknown",
        }
    }
}

/// `recording.index_status`: written as a name (6.x+) or a numeric code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexStatus {
    /// A documented status, by its number.
    Known(u8),
    /// Any other value, as written.
    Unknown(String),
}

const INDEX_STATUS: [(&str, &str); 7] = [
    ("CHANNEL_OPEN", "the channel is still open; the indexer waits for the connection to close"),
    ("NOT_INDEXED", "all channels are closed and the trail is ready for indexing (unless it was put in the skipped queue)"),
    ("INDEXING_IN_PROGRESS", "indexing in progress; parts already indexed are searchable"),
    ("INDEXED", "indexing complete"),
    ("INDEXING_NOT_REQUIRED", "indexing is not enabled for the connection"),
    ("INDEXING_FAILED", "indexing failed; parts indexed before the error stay searchable"),
    ("NO_TRAIL", "auditing is not enabled for the channel"),
];

impl IndexStatus {
    /// The status a value names (a number, or its name in any spelling).
    pub fn from_value<J: Json>(v: &J) -> IndexStatus {
        match v.shape() {
            Shape::Number(n) => match n.parse::<u64>() {
                Ok(c) if (c as usize) < INDEX_STATUS.len() => IndexStatus::Known(c as u8),
                _ => IndexStatus::Unknown(n.to_string()),
            },
            Shape::String(s) => {
                let t = s.trim();
                if let Ok(c) = t.parse::<usize>() {
                    if c < INDEX_STATUS.len() {
                        return IndexStatus::Known(c as u8);
                    }
                }
                let up = t.to_ascii_uppercase().replace(['-', ' '], "_");
                INDEX_STATUS.iter().position(|(name, _)| *name == up).map_or_else(
                    || IndexStatus::Unknown(s.to_string()),
                    |i| IndexStatus::Known(i as u8),
                )
            }
            _ => IndexStatus::Unknown(v.compact()),
        }
    }

    /// e.g. `INDEXED (3) — indexing complete`.
    pub fn describe(&self) -> String {
        match self {
            IndexStatus::Known(c) => {
                let (name, meaning) = INDEX_STATUS[*c as usize];
                format!("{name} ({c}) — {meaning}")
            }
            IndexStatus::Unknown(raw) => format!("{raw} — not a documented index status"),
        }
    }

    /// Its name (`INDEXED`), or the value as written.
    pub fn name(&self) -> &str {
        match self {
            IndexStatus::Known(c) => INDEX_STATUS[*c as usize].0,
            IndexStatus::Unknown(raw) => raw,
        }
    }
}

/// `origin`: how the session reached the database.
pub fn origin_meaning(raw: &str) -> Option<&'static str> {
    match raw.trim().to_ascii_uppercase().as_str() {
        "RECORDING" => Some("recorded by SPS (the value real 6.x–7.x data carries)"),
        "PSM" => Some("based on an audit trail recorded by SPS"),
        "LOG" => Some("built from log data"),
        _ => None,
    }
}

/// Protocols SPS proxies; anything else is shown as written.
pub fn protocol_name(raw: &str) -> String {
    let up = raw.trim().to_ascii_uppercase();
    match up.as_str() {
        "SSH" | "RDP" | "ICA" | "VNC" | "TELNET" | "HTTP" | "MSSQL" => up,
        _ => raw.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn three_spellings_of_one_verdict() {
        for raw in ["auth-fail", "AUTH_FAIL", "Auth Fail"] {
            assert_eq!(Verdict::parse(raw), Verdict::AuthFail, "{raw}");
        }
        assert_eq!(Verdict::parse("Accepted"), Verdict::Accept);
        assert_eq!(Verdict::parse("accept-terminated"), Verdict::Terminated);
        assert_eq!(Verdict::parse("TERMINATED"), Verdict::Terminated);
        assert_eq!(Verdict::parse("four-eyes-reject"), Verdict::FourEyesReject);
        assert_eq!(Verdict::parse("MAYBE"), Verdict::Unknown("MAYBE".into()));
        assert_eq!(Verdict::parse("MAYBE").name(), "MAYBE");
    }

    #[test]
    fn index_status_by_name_or_code() {
        for v in [json!("INDEXED"), json!(3), json!("3"), json!("indexed")] {
            assert_eq!(IndexStatus::from_value(&v).describe(), "INDEXED (3) — indexing complete");
        }
        assert_eq!(IndexStatus::from_value(&json!(9)), IndexStatus::Unknown("9".into()));
        assert_eq!(
            IndexStatus::from_value(&json!("REINDEX")),
            IndexStatus::Unknown("REINDEX".into())
        );
    }

    #[test]
    fn origins() {
        assert!(origin_meaning("RECORDING").is_some());
        assert!(origin_meaning("log").is_some());
        assert!(origin_meaning("CSV").is_none());
    }
}
