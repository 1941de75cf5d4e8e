//! The histogram of sessions over time for the current result, and the query terms a selection on it
//! adds: a start range (drag) or the sessions active at an instant (click).

use crate::dataset::Dataset;

/// Equal-width bins from the first start to the last.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    /// The start of the first bin, in epoch milliseconds.
    pub from_ms: i64,
    /// Each bin's width, in milliseconds.
    pub bin_ms: i64,
    /// Sessions per bin.
    pub counts: Vec<usize>,
    /// Sessions in the result without a readable start time (not in any bin).
    pub undated: usize,
}

impl Histogram {
    /// The end of the last bin, in epoch milliseconds.
    pub fn to_ms(&self) -> i64 {
        self.from_ms + self.bin_ms * self.counts.len() as i64
    }
    /// The largest count of a bin.
    pub fn max(&self) -> usize {
        self.counts.iter().copied().max().unwrap_or(0)
    }
}

/// Bins the start times of `rows` into `bins` bins, widened to a whole second, minute, hour or day so
/// the edges read well. `None` when no session has a start time.
pub fn histogram(ds: &Dataset, rows: &[usize], bins: usize) -> Option<Histogram> {
    // From the start column: 100,000 sessions are one array read, not 100,000 scattered entries;
    // read twice rather than copied (a million starts are 8 MB to allocate at each keystroke).
    let starts = || {
        rows.iter()
            .filter_map(|&r| ds.start_ms().get(r).copied())
            .filter(|&t| t != crate::dataset::NO_TIME)
    };
    let (lo, hi, dated) =
        starts().fold((i64::MAX, i64::MIN, 0), |(lo, hi, n), t| (lo.min(t), hi.max(t), n + 1));
    if dated == 0 {
        return None;
    }
    let undated = rows.len() - dated;
    let bins = bins.max(1);
    let raw = ((hi - lo) / bins as i64).max(1);
    let bin_ms = [
        1_000i64,
        60_000,
        300_000,
        900_000,
        3_600_000,
        10_800_000,
        21_600_000,
        86_400_000,
        604_800_000,
    ]
    .into_iter()
    .find(|&step| step >= raw)
    .unwrap_or_else(|| (raw + 86_399_999) / 86_400_000 * 86_400_000);
    let from_ms = lo - lo.rem_euclid(bin_ms);
    let n = (((hi - from_ms) / bin_ms) + 1) as usize;
    let mut counts = vec![0; n];
    for s in starts() {
        if let Some(c) = counts.get_mut(((s - from_ms) / bin_ms) as usize) {
            *c += 1;
        }
    }
    Some(Histogram { from_ms, bin_ms, counts, undated })
}

/// A UTC instant as the query language writes it.
pub fn iso(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| crate::iso::text(&t.naive_utc(), 'T', crate::iso::Fraction::Whole) + "Z")
        .unwrap_or_default()
}

/// The term for sessions that started in [from, to).
pub fn start_range(from_ms: i64, to_ms: i64) -> String {
    format!("start:[{} TO {}}}", iso(from_ms), iso(to_ms))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Origin;
    use crate::query::{and_term, filter};

    #[test]
    fn bins_hold_every_dated_session_and_a_selected_range_selects_them() {
        let mut ds = Dataset::new();
        ds.add_file(
            "g.ndjson",
            crate::gen::generate(300, 9).render(crate::gen::Layout::Ndjson).as_bytes(),
            Origin::Local,
        );
        let all: Vec<usize> = (0..ds.sessions().len()).collect();
        let h = histogram(&ds, &all, 40).unwrap();
        assert_eq!(h.counts.iter().sum::<usize>() + h.undated, ds.sessions().len());
        assert!(h.counts.len() <= 41 && h.counts.len() >= 10, "{}", h.counts.len());
        // The sessions of bins 3..7, by query, are exactly the bins' counts.
        let (a, b) = (h.from_ms + 3 * h.bin_ms, h.from_ms + 7 * h.bin_ms);
        let q = start_range(a, b);
        assert_eq!(filter(&ds, &q).len(), h.counts[3..7].iter().sum::<usize>(), "{q}");
    }

    #[test]
    fn terms_narrow_the_whole_query() {
        assert_eq!(and_term("a OR b", "at:x"), "(a OR b) at:x");
        assert_eq!(and_term("", "at:x"), "at:x");
        assert_eq!(start_range(0, 60_000), "start:[1970-01-01T00:00:00Z TO 1970-01-01T00:01:00Z}");
    }
}
