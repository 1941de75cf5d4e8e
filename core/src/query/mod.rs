//! Narrowing and ordering the session list: the query language ([`lang`], [`eval`]) over every value,
//! and sorting by any column. Both return indices into [`Dataset::sessions`]; the views render what they select.

pub mod documents;
pub mod eval;
pub mod lang;
pub mod list;
pub mod narrowing;

use crate::columns::{self, Col, Order};
use crate::dataset::Dataset;
use crate::fold::Lower;
use crate::review::Marks;
pub use eval::Context;

/// A sort order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    /// The column sorted by.
    pub key: Col,
    /// Largest first.
    pub descending: bool,
}

impl Default for Sort {
    /// Newest first, as SPS lists sessions.
    fn default() -> Self {
        Sort { key: Col::Start, descending: true }
    }
}

/// Splits a search into terms: words, or phrases in double quotes. Case is ignored.
pub fn terms(query: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = query.trim();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('"') {
            let end = after.find('"').unwrap_or(after.len());
            out.push(after[..end].folded());
            rest = after.get(end + 1..).unwrap_or("").trim_start();
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            out.push(rest[..end].folded());
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
        Ok(lang::Expr::All) => (0..ds.sessions().len()).collect(),
        Ok(expr) => {
            let plan = eval::Plan::new(&expr);
            (0..ds.sessions().len()).filter(|&i| plan.matches(ds, i, ctx)).collect()
        }
        Err(_) => {
            let terms = terms(query);
            (0..ds.sessions().len())
                .filter(|&i| terms.iter().all(|t| ds.search_text(i).contains(t.as_str())))
                .collect()
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
        Err(_) => {
            select(ds, query, ctx).into_iter().filter(|i| within.binary_search(i).is_ok()).collect()
        }
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
            Expr::And(xs) => xs
                .iter()
                .all(|x| matches!(x, Expr::Term { .. } | Expr::Not(_)))
                .then(|| xs.iter().collect()),
            Expr::Term { .. } | Expr::Not(_) => Some(vec![e]),
            Expr::Or(_) => None,
        }
    }
    fn plain(e: &Expr) -> Option<String> {
        match e {
            Expr::Term { field: None, value: Q::Word { text, wild: false } | Q::Phrase(text) } => {
                Some(text.folded())
            }
            _ => None,
        }
    }
    let Some(old) = conj(&old) else { return false };
    if old.is_empty() {
        return true;
    }
    let Some(new) = conj(&new) else { return false };
    old.iter().all(|a| {
        new.iter()
            .any(|b| a == b || matches!((plain(a), plain(b)), (Some(a), Some(b)) if b.contains(&a)))
    })
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
    // Text columns sort by rank: the column's distinct values (interned as the sessions load)
    // are ranked, and the rows sort by number, not by comparing strings.
    let Some(by) = order.key.column().sort.as_ref() else { return };
    let facet = |r: usize, c: usize| ds.facet_ids().get(r).map_or(0, |ids| ids[c]);
    let own = match by.order {
        Order::Rank => columns::slot_of(order.key),
        _ => None,
    };
    const SERVER: usize = columns::slot(Col::Server);
    let all = 0..ds.sessions().len();
    let ranks = match (by.order, own) {
        (Order::Rank, Some(c)) => text_ranks(ds.strings(), all.map(|r| facet(r, c))),
        (Order::Route, _) => text_ranks(
            ds.strings(),
            ds.client_ids().iter().copied().chain(all.map(|r| facet(r, SERVER))),
        ),
        _ => vec![],
    };
    let rank = |id: u32| u64::from(ranks.get(id as usize).copied().unwrap_or(0));
    // Each row's value as a number in the order wanted, read from the columns where there is one
    // rather than from a million scattered entries.
    let key = |r: usize| -> Option<u64> {
        match by.order {
            Order::Start => ds
                .start_ms()
                .get(r)
                .filter(|&&t| t != crate::dataset::NO_TIME)
                .map(|&t| crate::sort::ordered(t)),
            Order::Measure(m) => m(ds.measures().get(r)?).map(crate::sort::ordered_f64),
            Order::Rank => {
                Some(facet(r, own.unwrap_or(0))).filter(|&id| id != 0 && own.is_some()).map(rank)
            }
            // Who connected to what: the client (its address, else its endpoint), then the server
            // (its name, else its address), so a route's sessions stand together whatever their ports.
            Order::Route => {
                let (client, server) =
                    (ds.client_ids().get(r).copied().unwrap_or(0), facet(r, SERVER));
                (client != 0 || server != 0).then(|| rank(client) << 32 | rank(server))
            }
        }
    };
    sort_by_number(rows, |r| key(r).map(|k| if order.descending { !k } else { k }));
}

/// Rows by a number each, smallest first (`None` last; ties in row order), through a stable sort
/// of (number, row) pairs given in row order.
fn sort_by_number(rows: &mut [usize], key: impl Fn(usize) -> Option<u64>) {
    let resorted: Vec<usize>;
    let ascending: &[usize] = if rows.is_sorted() {
        rows
    } else {
        let mut given: Vec<(u64, u64)> = rows.iter().map(|&r| (r as u64, r as u64)).collect();
        crate::sort::radix_sort(&mut given);
        resorted = given.into_iter().map(|(_, r)| r as usize).collect();
        &resorted
    };
    let (mut present, mut missing) = (Vec::with_capacity(rows.len()), Vec::new());
    for &r in ascending {
        match key(r) {
            Some(k) => present.push((k, r as u64)),
            None => missing.push(r as u64),
        }
    }
    crate::sort::radix_sort(&mut present);
    for (slot, r) in rows.iter_mut().zip(present.into_iter().map(|p| p.1).chain(missing)) {
        *slot = r as usize;
    }
}

/// `selected` in the order of `sorted_all` (every session, already sorted): what [`sort`] would give
/// `selected`, without sorting it again. Each keystroke changes the result, not the order.
pub fn in_order(sorted_all: &[usize], selected: &[usize]) -> Vec<usize> {
    if selected.len() == sorted_all.len() {
        return sorted_all.to_vec();
    }
    // A bit per session: a million sessions' bits stay in the cache as the order is read through.
    let keep = bits_of(selected, sorted_all.len());
    sorted_all
        .iter()
        .copied()
        .filter(|&i| keep.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1))
        .collect()
}

/// A set of sessions (indices below `n`) as a bit per session, a 64-bit word per 64 sessions.
pub fn bits_of(rows: &[usize], n: usize) -> Vec<u64> {
    let mut bits = vec![0u64; n.div_ceil(64)];
    for &r in rows {
        if let Some(w) = bits.get_mut(r / 64) {
            *w |= 1 << (r % 64);
        }
    }
    bits
}

/// The place of each interned string that `used` names in case-insensitive order (strings equal but
/// for case share it; others are left at 0): only the column's own values are compared.
fn text_ranks(strings: &crate::intern::Interner, used: impl Iterator<Item = u32>) -> Vec<u32> {
    let mut wanted = vec![false; strings.len()];
    for id in used {
        if let Some(w) = wanted.get_mut(id as usize) {
            *w = true;
        }
    }
    let ids: Vec<u32> = (0..strings.len() as u32).filter(|&i| wanted[i as usize]).collect();
    let lowered: Vec<String> = ids.iter().map(|&i| strings.get(i).folded()).collect();
    let texts: Vec<&str> = lowered.iter().map(String::as_str).collect();
    let mut ranks = vec![0u32; strings.len()];
    let (mut rank, mut last) = (0u32, None);
    for n in crate::sort::text_order(&texts) {
        if last.is_some_and(|l| l != texts[n]) {
            rank += 1;
        }
        last = Some(texts[n]);
        if let Some(r) = ranks.get_mut(ids[n] as usize) {
            *r = rank;
        }
    }
    ranks
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
        ds.add_file(
            "g.ndjson",
            crate::gen::generate(300, 9).render(crate::gen::Layout::Ndjson).as_bytes(),
            crate::dataset::Origin::Local,
        );
        let all: Vec<usize> = (0..ds.sessions().len()).collect();
        for key in columns::LIST {
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
        let doc = |k: &str, user: &str, p: &str| {
            format!(
                r#"{{"key": "{k}", "body": {{"user": {{"name": "{user}"}}, "protocol": "{p}"}}}}"#
            )
        };
        let text = [
            doc("a", "bob", "ssh"),
            doc("b", "Alice", "RDP"),
            doc("c", "", "ssh"),
            doc("d", "alice", "VNC"),
            doc("e", "carol", "rdp"),
        ]
        .join("\n");
        ds.add_file("u.ndjson", text.as_bytes(), crate::dataset::Origin::Local);
        let keys = |rows: &[usize]| {
            rows.iter().map(|&r| ds.sessions()[r].key.as_str()).collect::<Vec<_>>().join("")
        };
        let mut rows: Vec<usize> = (0..5).collect();
        sort(&ds, &mut rows, Sort { key: Col::User, descending: false });
        assert_eq!(
            keys(&rows),
            "bdaec",
            "alice and Alice tie and keep their order; no user goes last"
        );
        sort(&ds, &mut rows, Sort { key: Col::User, descending: true });
        assert_eq!(keys(&rows), "eabdc");
        sort(&ds, &mut rows, Sort { key: Col::Protocol, descending: false });
        assert_eq!(keys(&rows), "beacd");
    }

    #[test]
    fn numbers_sort_as_their_values_compare_missing_last_ties_in_row_order() {
        let mut ds = Dataset::new();
        let export = crate::gen::generate_variant(2000, 5, crate::gen::Variant::FINDINGS);
        ds.add_file(
            "g.ndjson",
            export.render(crate::gen::Layout::Ndjson).as_bytes(),
            crate::dataset::Origin::Local,
        );
        // Every other row, backwards: the rows given are not the dataset's order.
        let given: Vec<usize> = (0..ds.sessions().len()).rev().step_by(2).collect();
        for k in [Col::Start, Col::Duration, Col::Score, Col::Channels] {
            for descending in [false, true] {
                let value = |r: usize| {
                    let (e, s) = (&ds.sessions()[r], &ds.sessions()[r].summary);
                    match k {
                        Col::Start => s.start.as_ref().map(|t| t.epoch_millis() as f64),
                        Col::Duration => s.effective_duration(),
                        Col::Score => s.score,
                        _ => e.channel_count.map(|n| n as f64),
                    }
                };
                let mut want = given.clone();
                want.sort_by(|&a, &b| match (value(a), value(b)) {
                    (Some(x), Some(y)) if descending => y.total_cmp(&x).then(a.cmp(&b)),
                    (Some(x), Some(y)) => x.total_cmp(&y).then(a.cmp(&b)),
                    (x, y) => y.is_some().cmp(&x.is_some()).then(a.cmp(&b)),
                });
                assert!(
                    want.iter().any(|&r| value(r).is_none()) || k == Col::Start,
                    "{k:?}: some rows lack it"
                );
                let mut got = given.clone();
                sort(&ds, &mut got, Sort { key: k, descending });
                assert_eq!(got, want, "{k:?}, descending {descending}");
            }
        }
    }

    #[test]
    fn text_columns_sort_as_their_text_compares_ignoring_case() {
        let mut ds = Dataset::new();
        let export = crate::gen::generate_variant(1500, 8, crate::gen::Variant::FINDINGS);
        ds.add_file(
            "g.ndjson",
            export.render(crate::gen::Layout::Ndjson).as_bytes(),
            crate::dataset::Origin::Local,
        );
        let given: Vec<usize> = (0..ds.sessions().len()).rev().collect();
        for k in [Col::User, Col::Protocol, Col::Verdict, Col::Route] {
            // What the column shows, as the auditor reads it; a route is its client's address (else
            // its endpoint) and then its server's name (else address).
            let value = |r: usize| {
                let s = &ds.sessions()[r].summary;
                let client = if s.client_ip.is_empty() { &s.client } else { &s.client_ip };
                let (a, b) = match k {
                    Col::User => (s.user.to_string(), String::new()),
                    Col::Protocol => (s.protocol.to_string(), String::new()),
                    Col::Verdict => {
                        (s.verdict.as_ref().map_or("", |v| v.name()).to_string(), String::new())
                    }
                    _ => (client.to_string(), s.server_host.to_string()),
                };
                (!a.is_empty() || !b.is_empty()).then(|| (a.folded(), b.folded()))
            };
            let distinct: std::collections::HashSet<_> = given.iter().map(|&r| value(r)).collect();
            assert!(
                distinct.len() > 3 && (k == Col::Route || distinct.contains(&None)),
                "{k:?}: {}",
                distinct.len()
            );
            for descending in [false, true] {
                let mut want = given.clone();
                want.sort_by(|&a, &b| match (value(a), value(b)) {
                    (Some(x), Some(y)) if descending => y.cmp(&x).then(a.cmp(&b)),
                    (Some(x), Some(y)) => x.cmp(&y).then(a.cmp(&b)),
                    (x, y) => y.is_some().cmp(&x.is_some()).then(a.cmp(&b)),
                });
                let mut got = given.clone();
                sort(&ds, &mut got, Sort { key: k, descending });
                assert_eq!(got, want, "{k:?}, descending {descending}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Numbers too far apart to pack with their rows are shifted, and the rows their shift ties
        /// are ordered afterwards: the order is a plain sort's however the numbers spread.
        #[test]
        fn rows_sort_by_any_numbers(
            keys in proptest::collection::vec(proptest::option::of(proptest::prop_oneof![
                0u64..4, 1u64 << 40..(1u64 << 40) + 64, proptest::num::u64::ANY
            ]), 0..300),
            wide in proptest::bool::ANY,
        ) {
            // Rows far apart take more bits, leaving fewer for the numbers.
            let row = |i: usize| if wide { i * 1_000_003 } else { i };
            let mut rows: Vec<usize> = (0..keys.len()).rev().map(row).collect();
            let key = |r: usize| keys[if wide { r / 1_000_003 } else { r }];
            let mut want = rows.clone();
            want.sort_by_key(|&r| (key(r).is_none(), key(r), r));
            sort_by_number(&mut rows, key);
            proptest::prop_assert_eq!(rows, want);
        }
    }

    #[test]
    fn quoted_phrases_stay_together() {
        assert_eq!(terms(r#"  SSH "rm -rf"  root "#), vec!["ssh", "rm -rf", "root"]);
        assert_eq!(terms(r#""unterminated phrase"#), vec!["unterminated phrase"]);
        assert!(terms("   ").is_empty());
    }
}
