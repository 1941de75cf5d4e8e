//! Value counts for the side panel: protocol, verdict, user, server, connection policy, origin and
//! tags over the current result, and the query text that clicking one adds.

use crate::columns::{FACETS, FACET_SLOTS};
use crate::dataset::Dataset;

/// One facet: the query field it filters, its label, its values by count (most first), and how many
/// more values there are than shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Facet {
    /// The query field a value of it refines by.
    pub field: &'static str,
    /// Its heading.
    pub label: &'static str,
    /// The values shown, with their counts.
    pub values: Vec<(String, usize)>,
    /// How many values are not shown.
    pub more: usize,
}

/// Counts over `rows` (indices into the dataset's sessions), at most `limit` values per facet.
pub fn facets(ds: &Dataset, rows: &[usize], limit: usize) -> Vec<Facet> {
    Counts::of(ds, rows).top(ds, limit)
}

/// Every value's count in each facet over a result, kept so that the next result is counted from
/// it: typing a word narrows the result a letter at a time, and the sessions a letter drops are
/// most often far fewer than those it keeps (over a million sessions, counting every row of the
/// result was the largest part of a keystroke).
#[derive(Debug, Clone, PartialEq)]
pub struct Counts {
    /// Per facet, per interned id (id 0, the empty value, is not shown).
    counts: Vec<Vec<u32>>,
}

impl Counts {
    /// The counts over `rows`.
    pub fn of(ds: &Dataset, rows: &[usize]) -> Counts {
        let mut c = Counts { counts: vec![vec![0; ds.strings().len()]; FACETS.len()] };
        for &r in rows {
            c.add(ds, r, 1);
        }
        c
    }

    /// The counts over `new`, from these over `old` (each a set of sessions): the sessions in one
    /// and not the other are counted in or out, unless they are more than `new` itself.
    pub fn moved(mut self, ds: &Dataset, old: &[usize], new: &[usize]) -> Counts {
        if self.counts.first().is_none_or(|c| c.len() != ds.strings().len()) {
            return Counts::of(ds, new);
        }
        if old == new {
            return self;
        }
        // A bit per session of each: the sessions that moved are the bits of their difference, read
        // a word at a time (a merge of the two lists mispredicted a branch at every step, half the
        // time of a keystroke's counting over a million sessions).
        let n = ds.sessions().len();
        let (was, now) = (crate::query::bits_of(old, n), crate::query::bits_of(new, n));
        let moved: usize = was.iter().zip(&now).map(|(a, b)| (a ^ b).count_ones() as usize).sum();
        if moved > new.len() {
            return Counts::of(ds, new);
        }
        for (w, (a, b)) in was.iter().zip(&now).enumerate() {
            let mut diff = a ^ b;
            while diff != 0 {
                let j = diff.trailing_zeros() as usize;
                diff &= diff - 1;
                self.add(ds, w * 64 + j, if b >> j & 1 == 1 { 1 } else { u32::MAX });
            }
        }
        self
    }

    /// Counts session `r`'s values `by` more (a wrapping add: `u32::MAX` takes one away).
    fn add(&mut self, ds: &Dataset, r: usize, by: u32) {
        let (Some(ids), Some(tags)) = (ds.facet_ids().get(r), ds.tag_ids().get(r)) else { return };
        for (c, &id) in self.counts.iter_mut().zip(ids.iter()) {
            if let Some(c) = c.get_mut(id as usize) {
                *c = c.wrapping_add(by);
            }
        }
        // The facet of many values (tags) follows the single-valued ones.
        if let Some(tag_counts) = self.counts.get_mut(FACET_SLOTS) {
            for &id in tags.iter() {
                if let Some(c) = tag_counts.get_mut(id as usize) {
                    *c = c.wrapping_add(by);
                }
            }
        }
    }

    /// The facets: at most `limit` values each, most counted first.
    pub fn top(&self, ds: &Dataset, limit: usize) -> Vec<Facet> {
        FACETS
            .iter()
            .zip(&self.counts)
            .map(|(col, c)| {
                let column = col.column();
                let field = column.names.first().copied().unwrap_or_default();
                let label = column.facet.as_ref().map_or("", |f| f.label);
                // Id 0 is the empty value: a session without it is not counted.
                let values: Vec<(&str, usize)> = c
                    .iter()
                    .enumerate()
                    .skip(1)
                    .filter(|(_, &k)| k > 0)
                    .map(|(id, &k)| (ds.strings().get(id as u32), k as usize))
                    .collect();
                let more = values.len().saturating_sub(limit);
                // The few shown, not all of them sorted (10,000 users is a sort per keystroke).
                let values = crate::sort::top_n(values, limit, |a, b| a.cmp(b));
                Facet {
                    field,
                    label,
                    values: values.into_iter().map(|(v, n)| (v.to_string(), n)).collect(),
                    more,
                }
            })
            .collect()
    }
}

/// The query with one more condition: `field:"value"`, or its exclusion. A query with a top-level
/// OR is wrapped in parentheses first, so the new term narrows all of it.
pub fn refine(query: &str, field: &str, value: &str, exclude: bool) -> String {
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    let term = format!("{}{field}:\"{escaped}\"", if exclude { "-" } else { "" });
    if query.contains(&term) {
        return query.trim().to_string();
    }
    crate::query::and_term(query, &term)
}

/// The "review first" triage query: high risk, failed or terminated, alerted, anomalous or scripted.
pub const REVIEW_FIRST: &str = "score:>=70 OR verdict:TERMINATED OR verdict:AUTH_FAIL OR verdict:GW_AUTH_FAIL OR verdict:DENY OR verdict:FAIL OR verdict:KEY_ERROR OR verdict:USER_MAPPING_FAIL OR alerts:>0 OR warnings:>0 OR scripted:true";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Origin;
    use crate::query::filter;

    #[test]
    fn refine_adds_terms_that_narrow_everything() {
        assert_eq!(refine("", "protocol", "SSH", false), "protocol:\"SSH\"");
        assert_eq!(refine("root", "user", "a \"b\"", true), "root -user:\"a \\\"b\\\"\"");
        assert_eq!(refine("a OR b", "protocol", "RDP", false), "(a OR b) protocol:\"RDP\"");
        assert_eq!(refine("protocol:\"RDP\"", "protocol", "RDP", false), "protocol:\"RDP\"");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]
        /// Counts moved from one result to another equal the counts of the other, whichever
        /// sessions the two share.
        #[test]
        fn counts_moved_between_results_equal_counts_made_anew(a in proptest::collection::vec(proptest::bool::ANY, 120), b in proptest::collection::vec(proptest::bool::ANY, 120)) {
            let ds = dataset();
            let pick = |keep: &[bool]| -> Vec<usize> { (0..ds.sessions().len()).filter(|&i| keep.get(i).copied().unwrap_or(true)).collect() };
            let (old, new) = (pick(&a), pick(&b));
            let moved = Counts::of(&ds, &old).moved(&ds, &old, &new);
            proptest::prop_assert_eq!(&moved, &Counts::of(&ds, &new));
            proptest::prop_assert_eq!(moved.top(&ds, 5), facets(&ds, &new, 5));
            let narrowed: Vec<usize> = new.iter().copied().filter(|i| old.contains(i)).collect();
            proptest::prop_assert_eq!(Counts::of(&ds, &old).moved(&ds, &old, &narrowed), Counts::of(&ds, &narrowed));
        }
    }

    fn dataset() -> Dataset {
        let mut ds = Dataset::new();
        ds.add_file(
            "g.ndjson",
            crate::gen::generate(100, 5).render(crate::gen::Layout::Ndjson).as_bytes(),
            Origin::Local,
        );
        ds
    }

    #[test]
    fn counts_follow_the_result_and_clicking_a_value_selects_exactly_its_count() {
        let mut ds = Dataset::new();
        ds.add_file(
            "g.ndjson",
            crate::gen::generate(200, 5).render(crate::gen::Layout::Ndjson).as_bytes(),
            Origin::Local,
        );
        let all: Vec<usize> = (0..ds.sessions().len()).collect();
        for f in facets(&ds, &all, 5) {
            for (value, n) in &f.values {
                let q = refine("", f.field, value, false);
                assert_eq!(filter(&ds, &q).len(), *n, "{q}");
                let not = refine("", f.field, value, true);
                assert_eq!(filter(&ds, &not).len(), ds.sessions().len() - n, "{not}");
            }
        }
        let ssh = filter(&ds, "protocol:SSH");
        let f = facets(&ds, &ssh, 10);
        assert_eq!(f[0].values, vec![("SSH".to_string(), ssh.len())]);
        assert!(!filter(&ds, REVIEW_FIRST).is_empty());
    }
}
