//! Narrowing and ordering the session list: the query language ([`lang`], [`eval`]) over every value,
//! and sorting by any column. Both return indices into [`Dataset::sessions`]; the views render what they select.

pub mod eval;
pub mod lang;

use crate::dataset::{Dataset, SessionEntry};
use crate::review::Marks;
use std::cmp::Ordering;

/// A list column the user can sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortKey {
    Start,
    User,
    Route,
    Protocol,
    Verdict,
    Duration,
    Score,
    Channels,
}

impl SortKey {
    pub const ALL: [SortKey; 8] = [
        SortKey::Start,
        SortKey::User,
        SortKey::Route,
        SortKey::Protocol,
        SortKey::Verdict,
        SortKey::Duration,
        SortKey::Score,
        SortKey::Channels,
    ];

    /// The name used in URLs.
    pub fn slug(self) -> &'static str {
        match self {
            SortKey::Start => "start",
            SortKey::User => "user",
            SortKey::Route => "route",
            SortKey::Protocol => "protocol",
            SortKey::Verdict => "verdict",
            SortKey::Duration => "duration",
            SortKey::Score => "score",
            SortKey::Channels => "channels",
        }
    }

    pub fn from_slug(s: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.slug() == s)
    }
}

/// A sort order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Default for Sort {
    /// Newest first, as SPS lists sessions.
    fn default() -> Self {
        Sort { key: SortKey::Start, descending: true }
    }
}

/// Splits a search into terms: words, or phrases in double quotes. Case is ignored.
pub fn terms(query: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = query.trim();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('"') {
            let end = after.find('"').unwrap_or(after.len());
            out.push(after[..end].to_lowercase());
            rest = after.get(end + 1..).unwrap_or("").trim_start();
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            out.push(rest[..end].to_lowercase());
            rest = rest[end..].trim_start();
        }
    }
    out.retain(|t| !t.is_empty());
    out
}

/// Sessions that match a query (see [`lang`]), in dataset order. A query with a syntax error falls
/// back to its words as free text, so typing never empties the list; the caller shows the error.
pub fn filter(ds: &Dataset, query: &str) -> Vec<usize> {
    select(ds, query, &Marks::new())
}

/// [`filter`] with the auditor's review marks, for `review:` terms.
pub fn select(ds: &Dataset, query: &str, marks: &Marks) -> Vec<usize> {
    match lang::parse(query) {
        Ok(lang::Expr::All) => (0..ds.sessions.len()).collect(),
        Ok(expr) => ds.sessions.iter().enumerate().filter(|(_, s)| eval::matches(ds, s, marks, &expr)).map(|(i, _)| i).collect(),
        Err(_) => {
            let terms = terms(query);
            ds.sessions.iter().enumerate().filter(|(_, s)| terms.iter().all(|t| s.search.contains(t.as_str()))).map(|(i, _)| i).collect()
        }
    }
}

/// Sorts indices in place. Missing values go last in either direction; ties keep dataset order.
pub fn sort(ds: &Dataset, rows: &mut [usize], order: Sort) {
    // Text columns compare lower-cased text: computed once per row, not twice per comparison.
    let text_key = |e: &SessionEntry| -> Option<String> {
        let s = &e.summary;
        let t = match order.key {
            SortKey::User => s.user.to_lowercase(),
            SortKey::Route => format!("{}\u{0}{}", s.client.to_lowercase(), s.server.to_lowercase()),
            SortKey::Protocol => s.protocol.to_lowercase(),
            _ => return None,
        };
        (t != "\u{0}" && !t.is_empty()).then_some(t)
    };
    if matches!(order.key, SortKey::User | SortKey::Route | SortKey::Protocol) {
        let mut keyed: Vec<(Option<String>, usize)> = rows.iter().map(|&r| (text_key(&ds.sessions[r]), r)).collect();
        keyed.sort_by(|(ka, a), (kb, b)| {
            let (o, both) = opt(ka.as_ref(), kb.as_ref());
            let o = if order.descending && both { o.reverse() } else { o };
            o.then(a.cmp(b))
        });
        for (slot, (_, r)) in rows.iter_mut().zip(keyed) {
            *slot = r;
        }
        return;
    }
    let cmp = |a: &SessionEntry, b: &SessionEntry| -> (Ordering, bool) {
        let s = (&a.summary, &b.summary);
        match order.key {
            SortKey::Start => opt(s.0.start.as_ref().map(|t| t.epoch_millis()), s.1.start.as_ref().map(|t| t.epoch_millis())),
            SortKey::User => text(&s.0.user, &s.1.user),
            SortKey::Route => text(&s.0.client, &s.1.client).then_or(text(&s.0.server, &s.1.server)),
            SortKey::Protocol => text(&s.0.protocol, &s.1.protocol),
            SortKey::Verdict => opt(s.0.verdict.as_ref().map(|v| v.name()), s.1.verdict.as_ref().map(|v| v.name())),
            SortKey::Duration => optf(s.0.effective_duration(), s.1.effective_duration()),
            SortKey::Score => optf(s.0.score, s.1.score),
            SortKey::Channels => opt(a.channel_count, b.channel_count),
        }
    };
    rows.sort_by(|&x, &y| {
        let (o, both_present) = cmp(&ds.sessions[x], &ds.sessions[y]);
        let o = if order.descending && both_present { o.reverse() } else { o };
        o.then(x.cmp(&y))
    });
}

/// Compares two optional values; the bool says whether both were present (only then may order flip).
fn opt<T: Ord>(a: Option<T>, b: Option<T>) -> (Ordering, bool) {
    match (a, b) {
        (Some(a), Some(b)) => (a.cmp(&b), true),
        (Some(_), None) => (Ordering::Less, false),
        (None, Some(_)) => (Ordering::Greater, false),
        (None, None) => (Ordering::Equal, false),
    }
}

fn optf(a: Option<f64>, b: Option<f64>) -> (Ordering, bool) {
    match (a, b) {
        (Some(a), Some(b)) => (a.total_cmp(&b), true),
        (a, b) => opt(a.map(|_| ()), b.map(|_| ())),
    }
}

fn text(a: &str, b: &str) -> (Ordering, bool) {
    opt((!a.is_empty()).then(|| a.to_lowercase()), (!b.is_empty()).then(|| b.to_lowercase()))
}

trait ThenOr {
    fn then_or(self, other: Self) -> Self;
}

impl ThenOr for (Ordering, bool) {
    fn then_or(self, other: Self) -> Self {
        if self.0 == Ordering::Equal {
            other
        } else {
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_phrases_stay_together() {
        assert_eq!(terms(r#"  SSH "rm -rf"  root "#), vec!["ssh", "rm -rf", "root"]);
        assert_eq!(terms(r#""unterminated phrase"#), vec!["unterminated phrase"]);
        assert!(terms("   ").is_empty());
    }
}
