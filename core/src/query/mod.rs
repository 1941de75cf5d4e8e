//! Narrowing and ordering the session list: the query language ([`lang`], [`eval`]) over every value,
//! and sorting by any column. Both return indices into [`Dataset::sessions`]; the views render what they select.

pub mod eval;
pub mod lang;
pub mod narrowing;

use crate::dataset::{Dataset, SessionEntry};
use crate::review::Marks;
pub use eval::Context;
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
    select(ds, query, &Context::new(&Marks::new()))
}

/// [`filter`] in a [`Context`]: the auditor's review marks (for `review:`), the answers to the audit
/// questions (for `insight:`) and the zone of `hour:` and `weekday:`.
pub fn select(ds: &Dataset, query: &str, ctx: &Context) -> Vec<usize> {
    match lang::parse(query) {
        Ok(lang::Expr::All) => (0..ds.sessions.len()).collect(),
        Ok(expr) => {
            let plan = eval::Plan::new(&expr);
            (0..ds.sessions.len()).filter(|&i| plan.matches(ds, i, ctx)).collect()
        }
        Err(_) => {
            let terms = terms(query);
            (0..ds.sessions.len()).filter(|&i| terms.iter().all(|t| ds.search_text(i).contains(t.as_str()))).collect()
        }
    }
}

/// [`select`] among `within` only (indices in dataset order), for a query that [`narrows`] the one
/// `within` answered: typing a word letter by letter then searches the last result, not everything.
pub fn select_within(ds: &Dataset, query: &str, ctx: &Context, within: &[usize]) -> Vec<usize> {
    match lang::parse(query) {
        Ok(expr) => {
            let plan = eval::Plan::new(&expr);
            within.iter().copied().filter(|&i| plan.matches(ds, i, ctx)).collect()
        }
        Err(_) => select(ds, query, ctx).into_iter().filter(|i| within.binary_search(i).is_ok()).collect(),
    }
}

/// Whether every session `new` selects is also selected by `old`: each condition of `old` is kept
/// by `new`, or (free text) lengthened — `roo` → `root`. Both must be plain conjunctions.
pub fn narrows(old: &str, new: &str) -> bool {
    use lang::{Expr, Value as Q};
    let (Ok(old), Ok(new)) = (lang::parse(old), lang::parse(new)) else { return false };
    fn conj(e: &Expr) -> Option<Vec<&Expr>> {
        match e {
            Expr::All => Some(vec![]),
            Expr::And(xs) => xs.iter().all(|x| matches!(x, Expr::Term { .. } | Expr::Not(_))).then(|| xs.iter().collect()),
            Expr::Term { .. } | Expr::Not(_) => Some(vec![e]),
            Expr::Or(_) => None,
        }
    }
    fn plain(e: &Expr) -> Option<String> {
        match e {
            Expr::Term { field: None, value: Q::Word { text, wild: false } | Q::Phrase(text) } => Some(text.to_lowercase()),
            _ => None,
        }
    }
    let Some(old) = conj(&old) else { return false };
    if old.is_empty() {
        return true;
    }
    let Some(new) = conj(&new) else { return false };
    old.iter().all(|a| new.iter().any(|b| a == b || matches!((plain(a), plain(b)), (Some(a), Some(b)) if b.contains(&a))))
}

/// Appends a raw term to a query, wrapping a top-level OR in parentheses first.
pub fn and_term(query: &str, term: &str) -> String {
    let q = query.trim();
    if q.is_empty() {
        term.to_string()
    } else if q.split_whitespace().any(|w| w == "OR") {
        format!("({q}) {term}")
    } else {
        format!("{q} {term}")
    }
}

/// Sorts indices in place. Missing values go last in either direction; ties keep dataset order.
pub fn sort(ds: &Dataset, rows: &mut [usize], order: Sort) {
    // Users and protocols are interned: their distinct values are ranked once (a few thousand
    // strings), and the rows sort by rank, not by comparing 100,000 strings.
    let column = match order.key {
        SortKey::Protocol => Some(0),
        SortKey::User => Some(2),
        _ => None,
    };
    let ranks = column.map(|_| text_ranks(&ds.strings));
    let numeric = column.is_some() || matches!(order.key, SortKey::Start | SortKey::Duration | SortKey::Score | SortKey::Channels);
    if numeric {
        let number = |r: usize| match (column, &ranks) {
            (Some(c), Some(ranks)) => {
                let id = ds.facet_ids.get(r).map_or(0, |ids| ids[c]);
                (id != 0).then(|| f64::from(ranks.get(id as usize).copied().unwrap_or(0)))
            }
            // The columns, not a million scattered entries.
            _ if order.key == SortKey::Start => ds.start_ms.get(r).filter(|&&t| t != crate::dataset::NO_TIME).map(|&t| t as f64),
            _ if order.key == SortKey::Score => ds.scores.get(r).copied().flatten(),
            _ => match key(&ds.sessions[r], order.key) {
                Some(Key::Num(x)) => Some(x),
                _ => None,
            },
        };
        sort_numbers(rows, number, order.descending);
        return;
    }
    let mut keyed: Vec<(Option<Key<'_>>, usize)> = rows
        .iter()
        .map(|&r| {
            let k = match (column, &ranks) {
                (Some(c), Some(ranks)) => {
                    let id = ds.facet_ids.get(r).map_or(0, |ids| ids[c]);
                    (id != 0).then(|| Key::Num(ranks.get(id as usize).copied().unwrap_or(0) as f64))
                }
                _ => key(&ds.sessions[r], order.key),
            };
            (k, r)
        })
        .collect();
    sort_keyed(&mut keyed, order.descending);
    for (slot, (_, r)) in rows.iter_mut().zip(keyed) {
        *slot = r;
    }
}

/// Rows by a number each (`None` last, either way; ties in row order), as one `u64` each through the
/// crate's one sort: a million rows by risk or start time in a fraction of the time their keys take
/// to compare. Rows already in order (an export listed by time) are not sorted again.
fn sort_numbers(rows: &mut [usize], number: impl Fn(usize) -> Option<f64>, descending: bool) {
    // (missing, number, row): `total_cmp`'s order of the numbers, as unsigned integers.
    let mut keyed: Vec<crate::insights::Key> = rows
        .iter()
        .map(|&r| match number(r) {
            Some(x) => {
                let bits = x.to_bits();
                let k = if bits >> 63 == 1 { !bits } else { bits | 1 << 63 };
                (0, if descending { !k } else { k }, r as u64)
            }
            None => (1, 0, r as u64),
        })
        .collect();
    if !keyed.is_sorted() {
        crate::insights::sort_keys(&mut keyed);
    }
    for (slot, k) in rows.iter_mut().zip(keyed) {
        *slot = k.2 as usize;
    }
}

/// The one sort of keyed rows (a sort is several kilobytes of wasm per use): missing keys last,
/// ties in index order.
fn sort_keyed(keyed: &mut [(Option<Key<'_>>, usize)], descending: bool) {
    // Ties go by index, so no two rows compare equal and an unstable sort gives the one order.
    keyed.sort_unstable_by(|(ka, a), (kb, b)| {
        let o = match (ka, kb) {
            (Some(x), Some(y)) if descending => x.cmp(y).reverse(),
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        o.then(a.cmp(b))
    });
}

/// `selected` in the order of `sorted_all` (every session, already sorted): what [`sort`] would give
/// `selected`, without sorting it again. Each keystroke changes the result, not the order.
pub fn in_order(sorted_all: &[usize], selected: &[usize]) -> Vec<usize> {
    let Some(&top) = sorted_all.iter().max() else { return vec![] };
    let mut keep = vec![false; top + 1];
    for &i in selected {
        if let Some(k) = keep.get_mut(i) {
            *k = true;
        }
    }
    sorted_all.iter().copied().filter(|&i| keep[i]).collect()
}

/// Each interned string's place in case-insensitive order; strings equal but for case share it.
fn text_ranks(strings: &crate::intern::Interner) -> Vec<u32> {
    let mut keyed: Vec<(Option<Key<'_>>, usize)> =
        (0..strings.len()).map(|i| (Some(Key::Text(strings.get(i as u32).to_lowercase())), i)).collect();
    sort_keyed(&mut keyed, false);
    let mut ranks = vec![0u32; keyed.len()];
    let mut rank = 0u32;
    for n in 0..keyed.len() {
        if n > 0 && keyed[n].0.as_ref().zip(keyed[n - 1].0.as_ref()).is_some_and(|(a, b)| a.cmp(b) != Ordering::Equal) {
            rank += 1;
        }
        if let Some(r) = ranks.get_mut(keyed[n].1) {
            *r = rank;
        }
    }
    ranks
}

/// One row's value in the sorted column, read once per row rather than twice per comparison (text is
/// lower-cased once).
enum Key<'a> {
    Num(f64),
    Text(String),
    Name(&'a str),
}

impl Key<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Key::Num(a), Key::Num(b)) => a.total_cmp(b),
            (Key::Text(a), Key::Text(b)) => a.cmp(b),
            (Key::Name(a), Key::Name(b)) => a.cmp(b),
            _ => Ordering::Equal,
        }
    }
}

fn key(e: &SessionEntry, k: SortKey) -> Option<Key<'_>> {
    let s = &e.summary;
    let text = |t: &str| (!t.is_empty()).then(|| Key::Text(t.to_lowercase()));
    match k {
        SortKey::Start => s.start.as_ref().map(|t| Key::Num(t.epoch_millis() as f64)),
        SortKey::User => text(&s.user),
        SortKey::Route => (!s.client.is_empty() || !s.server.is_empty())
            .then(|| Key::Text(format!("{}\u{0}{}", s.client.to_lowercase(), s.server.to_lowercase()))),
        SortKey::Protocol => text(&s.protocol),
        SortKey::Verdict => s.verdict.as_ref().map(|v| Key::Name(v.name())),
        SortKey::Duration => s.effective_duration().map(Key::Num),
        SortKey::Score => s.score.map(Key::Num),
        SortKey::Channels => e.channel_count.map(|n| Key::Num(n as f64)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrowing_is_only_claimed_when_it_holds() {
        assert!(narrows("", "anything OR else"));
        assert!(narrows("ro", "root"));
        assert!(narrows("roo", "\"root shell\" protocol:SSH"));
        assert!(narrows("protocol:SSH", "protocol:SSH root"));
        assert!(narrows("-alice", "-alice ssh"));
        assert!(!narrows("root", "ro"), "shorter text finds more");
        assert!(!narrows("ro", "ro*t"), "a wildcard is not plain text");
        assert!(!narrows("a OR b", "a"), "a disjunction is not narrowed this way");
        assert!(!narrows("-alice", "-alic"));
        assert!(!narrows("(ssh", "(ssh root"), "a syntax error falls back to other rules");
    }

    #[test]
    fn the_selection_in_the_whole_order_is_the_selection_sorted() {
        let mut ds = Dataset::new();
        ds.add_file("g.ndjson", crate::gen::generate(300, 9).render(crate::gen::Layout::Ndjson).as_bytes(), crate::dataset::Origin::Local);
        let all: Vec<usize> = (0..ds.sessions.len()).collect();
        for key in SortKey::ALL {
            for descending in [false, true] {
                let order = Sort { key, descending };
                let mut sorted_all = all.clone();
                sort(&ds, &mut sorted_all, order);
                for q in ["protocol:SSH", "root", "score:>50", ""] {
                    let mut want = filter(&ds, q);
                    sort(&ds, &mut want, order);
                    assert_eq!(in_order(&sorted_all, &filter(&ds, q)), want, "{q} by {key:?}");
                }
            }
        }
    }

    #[test]
    fn users_and_protocols_sort_by_their_text_ignoring_case_missing_last() {
        let mut ds = Dataset::new();
        let doc =
            |k: &str, user: &str, p: &str| format!(r#"{{"key": "{k}", "body": {{"user": {{"name": "{user}"}}, "protocol": "{p}"}}}}"#);
        let text =
            [doc("a", "bob", "ssh"), doc("b", "Alice", "RDP"), doc("c", "", "ssh"), doc("d", "alice", "VNC"), doc("e", "carol", "rdp")]
                .join("\n");
        ds.add_file("u.ndjson", text.as_bytes(), crate::dataset::Origin::Local);
        let keys = |rows: &[usize]| rows.iter().map(|&r| ds.sessions[r].key.as_str()).collect::<Vec<_>>().join("");
        let mut rows: Vec<usize> = (0..5).collect();
        sort(&ds, &mut rows, Sort { key: SortKey::User, descending: false });
        assert_eq!(keys(&rows), "bdaec", "alice and Alice tie and keep their order; no user goes last");
        sort(&ds, &mut rows, Sort { key: SortKey::User, descending: true });
        assert_eq!(keys(&rows), "eabdc");
        sort(&ds, &mut rows, Sort { key: SortKey::Protocol, descending: false });
        assert_eq!(keys(&rows), "beacd");
    }

    #[test]
    fn numbers_sort_as_their_values_compare_missing_last_ties_in_row_order() {
        let mut ds = Dataset::new();
        let export = crate::gen::generate_variant(2000, 5, crate::gen::Variant::FINDINGS);
        ds.add_file("g.ndjson", export.render(crate::gen::Layout::Ndjson).as_bytes(), crate::dataset::Origin::Local);
        // Every other row, backwards: the rows given are not the dataset's order.
        let given: Vec<usize> = (0..ds.sessions.len()).rev().step_by(2).collect();
        for k in [SortKey::Start, SortKey::Duration, SortKey::Score, SortKey::Channels] {
            for descending in [false, true] {
                let value = |r: usize| match key(&ds.sessions[r], k) {
                    Some(Key::Num(x)) => Some(x),
                    _ => None,
                };
                let mut want = given.clone();
                want.sort_by(|&a, &b| match (value(a), value(b)) {
                    (Some(x), Some(y)) if descending => y.total_cmp(&x).then(a.cmp(&b)),
                    (Some(x), Some(y)) => x.total_cmp(&y).then(a.cmp(&b)),
                    (x, y) => y.is_some().cmp(&x.is_some()).then(a.cmp(&b)),
                });
                assert!(want.iter().any(|&r| value(r).is_none()) || k == SortKey::Start, "{k:?}: some rows lack it");
                let mut got = given.clone();
                sort(&ds, &mut got, Sort { key: k, descending });
                assert_eq!(got, want, "{k:?}, descending {descending}");
            }
        }
    }

    #[test]
    fn quoted_phrases_stay_together() {
        assert_eq!(terms(r#"  SSH "rm -rf"  root "#), vec!["ssh", "rm -rf", "root"]);
        assert_eq!(terms(r#""unterminated phrase"#), vec!["unterminated phrase"]);
        assert!(terms("   ").is_empty());
    }
}
