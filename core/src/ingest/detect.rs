//! Which SPS document a JSON value is, told by its shape (not the file name), following the spec's
//! §12.3 rules, with the collection's `meta.href` as the tie-breaker for empty lists.

use super::kinds::{DocKind, Kind};
use crate::json::{Json, Shape};
use crate::path;

/// What Trailview expects, said when a document is not recognised.
pub const EXPECTED: &str = "expected an SPS audit document: a session ({key, body, meta}), a session list or \
sub-collection ({items, meta}: channels, events, alerts, trail downloads, indexer), a JSON array of sessions, or NDJSON";

/// Detects the kind of a top-level document.
pub fn detect<J: Json>(v: &J) -> DocKind {
    classify(v).unwrap_or(DocKind::Unknown)
}

/// The kind of a top-level document, or what was found instead of one Trailview knows (for the
/// files page and the load's summary).
pub fn classify<J: Json>(v: &J) -> Result<DocKind, String> {
    match v.shape() {
        Shape::Object => detect_object(v),
        Shape::Array(a) => classify_array_shaped(a, ArrayShape::of(a)),
        _ => Err(format!("found a bare {}; {EXPECTED}", v.type_name())),
    }
}

fn detect_object<J: Json>(o: &J) -> Result<DocKind, String> {
    let href = o.get("meta").and_then(|m| path::get_str(m, "href"));
    if let Some(items) = o.get("items").and_then(Json::as_array) {
        return detect_items(items, href);
    }
    if let Some(body) = o.get("body").filter(|b| b.is_object()) {
        if is_channel_body(body, href) {
            return Ok(DocKind::Channel);
        }
        if is_session_body(body)
            || href.is_some_and(|h| session_key_from_href(h).is_some_and(|(_, sub)| sub.is_none()))
        {
            return Ok(DocKind::Session);
        }
        return Err(format!(
            "found an object with a body that is neither a session nor a channel; {EXPECTED}"
        ));
    }
    if o.get("error").is_some() {
        return Ok(DocKind::ApiError);
    }
    if let Some(items) = o.get("items") {
        let t = crate::present::type_name(items);
        return Err(format!(
            "found a list document whose \"items\" is {} {t}, not an array",
            article(t)
        ));
    }
    if let Some(body) = o.get("body") {
        let t = crate::present::type_name(body);
        return Err(format!(
            "found a {{key, body, meta}} document whose \"body\" is {} {t}, not an object",
            article(t)
        ));
    }
    Err(format!("found an object with members {}; {EXPECTED}", member_list(o)))
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// What telling an array's kind needs of one element: read from its tree, or (past the first
/// elements of a large array) straight from its text without building one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ElementFacts {
    /// It is an object; it has a `key`; its `items` is an array.
    pub object: bool,
    /// It has a `key`.
    pub key: bool,
    /// Its `items` is an array.
    pub items_array: bool,
    /// Its `body` is an object; that body's `type` is a string; the body has a member only a session has.
    pub body_object: bool,
    /// That body's `type` is a string.
    pub body_typed: bool,
    /// The body has a member only a session's has.
    pub body_session: bool,
}

impl ElementFacts {
    /// The facts of a parsed element.
    pub fn of<J: Json>(v: &J) -> ElementFacts {
        let body = v.get("body").filter(|b| b.is_object());
        ElementFacts {
            object: v.is_object(),
            key: v.get("key").is_some(),
            items_array: v.get("items").is_some_and(Json::is_array),
            body_object: body.is_some(),
            body_typed: body.and_then(|b| b.get("type")).is_some_and(Json::is_string),
            body_session: body.is_some_and(is_session_body),
        }
    }
}

/// The members only a session's body has (any one of them tells a session from a channel).
pub const SESSION_MEMBERS: [&str; 6] =
    ["protocol", "recording", "client", "server", "user", "analytics"];

/// What telling an array's kind needs to know of every element, gathered as the elements are read
/// (a slice at a time, for a large array) rather than in one walk at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArrayShape {
    sessions: bool,
    objects: bool,
    any_document: bool,
}

impl Default for ArrayShape {
    fn default() -> Self {
        ArrayShape { sessions: true, objects: true, any_document: false }
    }
}

impl ArrayShape {
    /// Notes one more element.
    pub fn add<J: Json>(&mut self, v: &J) {
        self.add_facts(ElementFacts::of(v));
    }

    /// Notes one more element, from what was read of it.
    pub fn add_facts(&mut self, f: ElementFacts) {
        let envelope = f.body_object && f.key;
        // A body with a `type` and no session member is a channel's.
        self.sessions &= envelope && (!f.body_typed || f.body_session);
        self.objects &= f.object;
        self.any_document |= envelope || f.items_array;
    }

    /// Whether every element so far is a session document (`{key, body, meta}`).
    pub fn sessions(&self) -> bool {
        self.sessions
    }

    /// Whether the array is one [`detect_array_shaped`] reads as sessions or as documents of their own,
    /// each registered from its own text (rather than as one collection whose items are all needed).
    pub fn one_by_one(&self) -> bool {
        self.sessions || (self.objects && self.any_document)
    }

    /// The shape of all of `a`, in one walk.
    pub fn of<J: Json>(a: &[J]) -> ArrayShape {
        let mut shape = ArrayShape::default();
        a.iter().for_each(|v| shape.add(v));
        shape
    }
}

/// [`detect`] for a top-level array whose elements' [`ArrayShape`] was gathered as they were read.
pub fn detect_array_shaped<J: Json>(a: &[J], shape: ArrayShape) -> DocKind {
    classify_array_shaped(a, shape).unwrap_or(DocKind::Unknown)
}

/// [`classify`] for a top-level array whose elements' [`ArrayShape`] was gathered as they were read.
pub fn classify_array_shaped<J: Json>(a: &[J], shape: ArrayShape) -> Result<DocKind, String> {
    if a.is_empty() {
        return Err(format!("found an empty array; {EXPECTED}"));
    }
    if shape.sessions {
        return Ok(DocKind::SessionArray);
    }
    if shape.objects && shape.any_document {
        return Ok(DocKind::DocumentArray);
    }
    // A bare `items` array someone cut out of a collection.
    detect_items(a, None).map_err(|_| {
        format!("found an array of {} values that are not SPS documents; {EXPECTED}", a.len())
    })
}

/// Items looked at to tell a collection's kind: its first ones say it (a list of 100,000 stubs would
/// otherwise be walked once per kind ruled out).
const SAMPLE: usize = 1000;

/// Whether the first items of a collection (and its own link) say it is a list of sessions or of their
/// stubs, whose items are registered one by one from their own text.
pub fn items_are_sessions<J: Json>(items: &[J], href: Option<&str>) -> bool {
    detect_items(items, href) == Ok(DocKind::SessionList)
}

fn detect_items<J: Json>(items: &[J], href: Option<&str>) -> Result<DocKind, String> {
    let items = &items[..items.len().min(SAMPLE)];
    let any = |f: &dyn Fn(&Item<J>) -> bool| {
        items.iter().filter(|i| i.is_object()).map(Item).any(|i| f(&i))
    };
    if any(&|i| i.contains_key("alert_type") || i.contains_key("matched_regexp")) {
        return Ok(DocKind::Alerts);
    }
    if any(&|i| {
        i.0.members().any(|(k, _)| k.starts_with("psm.events.") || k.starts_with("psm.channels."))
    }) {
        return Ok(DocKind::Events { legacy: true });
    }
    let sub = href.and_then(session_key_from_href).and_then(|(_, s)| s);
    if any(&|i| i.contains_key("record_id") && (i.contains_key("type") || i.contains_key("action")))
    {
        return Ok(DocKind::Events { legacy: false });
    }
    if any(&|i| {
        i.contains_key("config") && (i.contains_key("statistics") || i.contains_key("status"))
    }) {
        return Ok(DocKind::Indexer);
    }
    if any(&|i| i.contains_key("from_api") || i.contains_key("ip_address")) {
        return Ok(DocKind::TrailDownloads);
    }
    if any(&|i| i.get("body").is_some_and(|b| is_channel_body(b, None))) {
        return Ok(DocKind::Channels);
    }
    if any(&|i| i.get("body").is_some_and(is_session_body))
        || (!items.is_empty()
            && items.iter().all(|i| i.get("key").is_some() && i.get("meta").is_some()))
    {
        return Ok(if sub.as_deref() == Some("channels") {
            DocKind::Channels
        } else {
            DocKind::SessionList
        });
    }
    if any(&|i| {
        i.contains_key("type") && (i.contains_key("channel_id") || i.contains_key("verdict"))
    }) {
        return Ok(DocKind::Channels);
    }
    if let Some(kind) = sub.as_deref().and_then(Kind::by_name) {
        return Ok(kind.kind);
    }
    if href.is_some_and(|h| strip_query(h).trim_end_matches('/').ends_with("/api/audit/sessions")) {
        return Ok(DocKind::SessionList);
    }
    if any(&|i| i.contains_key("content") && i.contains_key("record_id")) {
        return Ok(DocKind::ContentHits);
    }
    Err(format!("found a collection of {} items that are not recognised; {EXPECTED}", items.len()))
}

/// A channel's body has a `type` and none of a session's members.
fn is_channel_body<J: Json>(body: &J, href: Option<&str>) -> bool {
    let in_channels = href
        .and_then(session_key_from_href)
        .is_some_and(|(_, s)| s.is_some_and(|s| s.starts_with("channels")));
    body.get("type").is_some_and(Json::is_string) && (in_channels || !is_session_body(body))
}

/// Whether an item is a whole session document: a `body` with a member only a session's has.
pub fn is_session_document<J: Json>(item: &J) -> bool {
    item.get("body").is_some_and(is_session_body)
}

fn is_session_body<J: Json>(body: &J) -> bool {
    body.is_object() && SESSION_MEMBERS.iter().any(|k| body.get(k).is_some())
}

/// An item of a collection that is an object, asked which members it has.
struct Item<'a, J>(&'a J);

impl<J: Json> Item<'_, J> {
    fn contains_key(&self, k: &str) -> bool {
        self.0.get(k).is_some()
    }
    fn get(&self, k: &str) -> Option<&J> {
        self.0.get(k)
    }
}

fn member_list<J: Json>(o: &J) -> String {
    let names: Vec<_> = o.members().take(6).map(|(k, _)| format!("{k:?}")).collect();
    if names.is_empty() {
        "none".into()
    } else if o.members().count() > 6 {
        format!("{} …", names.join(", "))
    } else {
        names.join(", ")
    }
}

fn strip_query(href: &str) -> &str {
    href.split(['?', '#']).next().unwrap_or(href)
}

/// The session key and the sub-resource named by an API path:
/// `/api/audit/sessions/K/alerts?x` → `(K, Some("alerts"))`; `/api/audit/sessions/K` → `(K, None)`.
pub fn session_key_from_href(href: &str) -> Option<(String, Option<String>)> {
    let p = strip_query(href);
    let at = p.find("/audit/sessions/")? + "/audit/sessions/".len();
    let mut parts = p[at..].split('/').filter(|s| !s.is_empty());
    let key = parts.next()?;
    if key.starts_with('_') {
        return None; // _count, _snapshot: helper endpoints, not sessions
    }
    let sub: Vec<&str> = parts.collect();
    Some((key.to_string(), (!sub.is_empty()).then(|| sub.join("/"))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn hrefs_name_session_and_sub_resource() {
        assert_eq!(
            session_key_from_href("/api/audit/sessions/abc/alerts?limit=500"),
            Some(("abc".into(), Some("alerts".into())))
        );
        assert_eq!(session_key_from_href("/api/audit/sessions/abc"), Some(("abc".into(), None)));
        assert_eq!(
            session_key_from_href("/api/audit/sessions/abc/channels/2"),
            Some(("abc".into(), Some("channels/2".into())))
        );
        assert_eq!(session_key_from_href("/api/audit/sessions?limit=5"), None);
        assert_eq!(session_key_from_href("/api/audit/sessions/_count"), None);
    }

    #[test]
    fn empty_collections_fall_back_to_href() {
        let v = json!({"items": [], "meta": {"href": "/api/audit/sessions/k/alerts"}});
        assert_eq!(detect(&v), DocKind::Alerts);
        let v = json!({"items": [], "meta": {"href": "/api/audit/sessions/k/indexing"}});
        assert_eq!(detect(&v), DocKind::Indexer);
        let v = json!({"items": [], "meta": {"href": "/api/audit/sessions", "match_count": 0}});
        assert_eq!(detect(&v), DocKind::SessionList);
    }

    #[test]
    fn unknown_shapes_say_what_was_found() {
        let why = classify(&json!({"foo": 1})).unwrap_err();
        assert!(why.contains("\"foo\"") && why.contains("expected"), "{why}");
        assert_eq!(detect(&json!({"foo": 1})), DocKind::Unknown);
        assert_eq!(detect(&json!(42)), DocKind::Unknown);
        assert_eq!(detect(&json!([])), DocKind::Unknown);
    }
}
