//! Sorting and selection for every grouping the crate makes, on numbers rather than values.
//!
//! Each element type a program sorts costs the bundle a sort of its own (several kilobytes of
//! wasm), so the audit questions, the list's orders, the dataset's spans and the text index pack
//! their keys into the few shapes here, sorted by radix passes that take a million rows in a
//! fraction of a comparison sort's time.

/// One sort for every grouping here: rows of three numbers, ordered as tuples. Each element type
/// a program sorts costs the bundle a sort of its own (several kilobytes of wasm), so every question
/// (and the session picture) packs its keys into this one.
pub(crate) type Key = (u64, u64, u64);

/// Sorts keys as tuples, through the radix sort: the numbers are taken from the last to the first,
/// as offsets from their least, and those whose offsets fit in 64 bits together go in one stable
/// pass (a user, a start time and a row of a million sessions fit in one). A million keys sort in a
/// fraction of a comparison sort's time, which the audit questions spent in single steps of 0.2-0.4 s.
pub(crate) fn sort_keys(v: &mut [Key]) {
    let mut sort = KeySort::default();
    while !sort.step(v, usize::MAX) {}
}

/// [`sort_keys`] a few passes at a time, so that a page can draw between them: a million keys took
/// 60-180 ms natively in one go. A pass reads every key once: the spread of the parts (the first,
/// so a sort begun costs a step of its own), one byte of the numbers sorted, or, a share at a time
/// (they read keys scattered in memory), the numbers made for a group of parts or the keys put in
/// their order at the end. Every step must be given the same keys.
#[derive(Default)]
pub(crate) struct KeySort {
    /// The spread is read and `order` made; the keys are sorted.
    begun: bool,
    done: bool,
    /// Each part's least and how many bits its offsets from it take (0: nothing to sort by).
    spread: [(u64, u32); 3],
    /// (the current group's number, the key's index), in the order found so far.
    order: Vec<(u64, u64)>,
    next: Vec<(u64, u64)>,
    /// Parts before `last` are still to sort; the group under way is `first..last`.
    first: usize,
    last: usize,
    /// The next byte to sort by and the bits that differ among the group's numbers, once made.
    pass: Option<(u32, u64)>,
    /// How far the numbers of a group, or the keys in their order, are made.
    at: usize,
    sorted: Vec<Key>,
}

const PARTS: [fn(&Key) -> u64; 3] = [|k| k.0, |k| k.1, |k| k.2];

/// What reading a key scattered in memory costs, in keys read in order.
const SCATTERED: usize = 4;

impl KeySort {
    /// Reads the parts' spread and makes the order to sort.
    fn begin(&mut self, v: &[Key]) {
        let mut spread = PARTS.map(|part| {
            let least = v.iter().map(part).min().unwrap_or(0);
            let most = v.iter().map(part).max().unwrap_or(0);
            (least, 64 - (most - least).leading_zeros())
        });
        // Keys made in the order of their last number (a row, most often) already stand in that
        // order wherever the others tie, and the sort is stable: it need not sort by it.
        if v.windows(2).all(|w| w[0].2 < w[1].2) {
            spread[2].1 = 0;
        }
        self.order = (0..v.len() as u64).map(|i| (0, i)).collect();
        (self.spread, self.first, self.last, self.begun) = (spread, 3, 3, true);
    }

    /// Does passes until about `budget` keys have been read; true once `v` is sorted (and at once,
    /// with nothing done, when it was already).
    pub(crate) fn step(&mut self, v: &mut [Key], budget: usize) -> bool {
        let mut spent = 0;
        while spent < budget && !self.done {
            if !self.begun {
                self.begin(v);
                spent = spent.saturating_add(v.len().max(1));
                continue;
            }
            // Scattered reads left in this step's budget.
            let chunk = ((budget - spent) / SCATTERED).max(1);
            match self.pass {
                None if self.last == 0 => {
                    let to = self.at.saturating_add(chunk).min(self.order.len());
                    let order = self.order.get(self.at..to).unwrap_or_default();
                    self.sorted
                        .extend(order.iter().filter_map(|&(_, i)| v.get(i as usize).copied()));
                    spent = spent.saturating_add((to - self.at).max(1).saturating_mul(SCATTERED));
                    self.at = to;
                    if to >= self.order.len() {
                        for (slot, k) in v.iter_mut().zip(self.sorted.drain(..)) {
                            *slot = k;
                        }
                        self.done = true;
                    }
                }
                None => {
                    let to = self.at.saturating_add(chunk).min(self.order.len());
                    self.make_numbers(v, to);
                    spent = spent.saturating_add((to - self.at).max(1).saturating_mul(SCATTERED));
                    self.at = to;
                    if to >= self.order.len() {
                        self.at = 0;
                        // Already in order: nothing to sort by in this group.
                        let (varying, up, _) = survey(&self.order);
                        self.pass = Some(if up { (64, 0) } else { (0, varying) });
                    }
                }
                Some((shift, _)) if shift >= 64 => {
                    self.pass = None;
                    self.last = self.first;
                }
                Some((shift, varying)) => {
                    if varying >> shift & 0xff != 0 {
                        byte_pass(&mut self.order, &mut self.next, shift);
                        spent = spent.saturating_add(v.len().max(1));
                    }
                    self.pass = Some((shift + 8, varying));
                }
            }
        }
        self.done
    }

    /// Whether the keys are sorted.
    pub(crate) fn is_done(&self) -> bool {
        self.done
    }

    /// The numbers of the next group of parts (as many as fit in 64 bits, from the last), for the
    /// keys of `order` up to `to`.
    fn make_numbers(&mut self, v: &[Key], to: usize) {
        let spread = self.spread;
        if self.at == 0 {
            let mut first = self.last - 1;
            let mut bits = spread[first].1;
            while first > 0 && bits + spread[first - 1].1 <= 64 {
                first -= 1;
                bits += spread[first].1;
            }
            self.first = first;
        }
        let parts = self.first..self.last;
        for pair in self.order.get_mut(self.at..to).unwrap_or_default() {
            let Some(k) = v.get(pair.1 as usize) else { continue };
            pair.0 = parts.clone().filter(|&p| spread[p].1 > 0).fold(0u64, |key, p| {
                let (least, width) = spread[p];
                key.checked_shl(width).unwrap_or(0) | (PARTS[p](k) - least)
            });
        }
    }
}

/// The indices of `texts` in the order of their bytes (equal texts in index order), through the
/// radix sort: seven bytes at a time, with how many are left (up to eight) in the low byte, so a
/// text that ends sorts before those it begins; texts that tie and go on are ordered by their next
/// seven bytes, and so on (a stack of runs, not recursion: two long equal texts go deep).
pub(crate) fn text_order(texts: &[&str]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..texts.len()).collect();
    let mut runs = vec![(0, order.len(), 0)];
    while let Some((from, to, at)) = runs.pop() {
        let Some(run) = order.get_mut(from..to) else { continue };
        let mut keyed: Vec<(u64, u64)> = run
            .iter()
            .map(|&i| {
                let rest =
                    texts.get(i).map_or(&b""[..], |t| t.as_bytes().get(at..).unwrap_or_default());
                let chunk =
                    (0..7).fold(0u64, |k, n| k << 8 | u64::from(rest.get(n).copied().unwrap_or(0)));
                (chunk << 8 | rest.len().min(8) as u64, i as u64)
            })
            .collect();
        radix_sort(&mut keyed);
        let mut start = 0;
        for (n, k) in keyed.iter().enumerate() {
            run[n] = k.1 as usize;
            if keyed.get(n + 1).is_none_or(|next| next.0 != k.0) {
                if n > start && k.0 & 0xff == 8 {
                    runs.push((from + start, from + n + 1, at + 7));
                }
                start = n + 1;
            }
        }
    }
    order
}

/// Pairs in the order of their first number, ties as they came: a stable radix sort, a byte at a
/// time from the lowest, which for a million rows takes a fraction of a comparison sort's time (and
/// of its code). Bytes every number shares are skipped, and pairs already in order, or in reverse
/// order (an export listed by time, shown newest first), take one pass.
pub(crate) fn radix_sort(v: &mut Vec<(u64, u64)>) {
    let (varying, up, down) = survey(v);
    if down {
        v.reverse();
    }
    if up || down {
        return;
    }
    let mut next = Vec::new();
    for shift in (0..64).step_by(8) {
        if varying >> shift & 0xff != 0 {
            byte_pass(v, &mut next, shift);
        }
    }
}

/// The bits in which the pairs' first numbers differ, and whether they are already in order, or in
/// strictly reverse order.
fn survey(v: &[(u64, u64)]) -> (u64, bool, bool) {
    let (mut any, mut all, mut up, mut down) = (0, u64::MAX, true, true);
    for (n, p) in v.iter().enumerate() {
        (any, all) = (any | p.0, all & p.0);
        if let Some(last) = n.checked_sub(1).and_then(|m| v.get(m)) {
            (up, down) = (up && last.0 <= p.0, down && last.0 > p.0);
        }
    }
    (any ^ all, up, down)
}

/// One stable pass of the radix sort: the pairs by the byte of their first number at `shift`.
fn byte_pass(v: &mut Vec<(u64, u64)>, next: &mut Vec<(u64, u64)>, shift: u32) {
    next.resize(v.len(), (0, 0));
    let mut at = [0usize; 256];
    for p in v.iter() {
        at[(p.0 >> shift & 0xff) as usize] += 1;
    }
    let mut sum = 0;
    for slot in at.iter_mut() {
        (*slot, sum) = (sum, sum + *slot);
    }
    for &p in v.iter() {
        let digit = (p.0 >> shift & 0xff) as usize;
        if let Some(slot) = next.get_mut(at[digit]) {
            *slot = p;
        }
        at[digit] += 1;
    }
    std::mem::swap(v, next);
}

/// Numbers in order, each once: dense ones (rows of the sessions, most often) through a bit each,
/// read back in order (a million rows in a few milliseconds, where the sort took tens), others
/// through the radix sort.
pub(crate) fn sorted_set(v: &[u32]) -> Vec<u32> {
    let most = v.iter().copied().max().unwrap_or(0) as usize;
    if most / 64 <= v.len().saturating_mul(4) {
        let mut bits = vec![0u64; most / 64 + 1];
        for &x in v {
            bits[x as usize / 64] |= 1 << (x % 64);
        }
        let mut out = Vec::with_capacity(v.len());
        for (w, &word) in bits.iter().enumerate() {
            let mut rest = word;
            while rest != 0 {
                out.push((w * 64) as u32 + rest.trailing_zeros());
                rest &= rest - 1;
            }
        }
        return out;
    }
    let mut keys: Vec<(u64, u64)> = v.iter().map(|&x| (u64::from(x), 0)).collect();
    radix_sort(&mut keys);
    let mut out: Vec<u32> = keys.into_iter().map(|k| k.0 as u32).collect();
    out.dedup();
    out
}

/// An `i64` as a `u64` in the same order.
pub(crate) fn ordered(t: i64) -> u64 {
    (t as u64) ^ (1 << 63)
}

/// [`ordered`] undone.
pub(crate) fn unordered(k: u64) -> i64 {
    (k ^ (1 << 63)) as i64
}

/// An `f64` as a `u64` in `total_cmp`'s order (negative numbers flipped whole).
pub(crate) fn ordered_f64(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    }
}

/// [`ordered_f64`] undone.
pub(crate) fn unordered_f64(k: u64) -> f64 {
    f64::from_bits(if k >> 63 == 1 { k ^ (1 << 63) } else { !k })
}

/// The `n` largest counts, largest first, ties by `tie` (a few passes over the counted values: a
/// sort of its own would cost the bundle more than it saves).
pub(crate) fn top_n<T>(
    mut v: Vec<(T, usize)>,
    n: usize,
    tie: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> Vec<(T, usize)> {
    let mut out = Vec::with_capacity(n);
    while out.len() < n && !v.is_empty() {
        let mut best = 0;
        for k in 1..v.len() {
            if v[k].1 > v[best].1 || (v[k].1 == v[best].1 && tie(&v[k].0, &v[best].0).is_lt()) {
                best = k;
            }
        }
        out.push(v.swap_remove(best));
    }
    out
}

/// The `k`th smallest of `v` (from 0), without sorting them (a million took 0.1 s in a step): the
/// numbers are counted by their top 16 bits, those in the bucket that holds it kept, and so on for
/// the next 16 bits, until the bits left are all equal.
pub(crate) fn kth_smallest(v: &[u64], mut k: usize) -> Option<u64> {
    let mut kept: Option<Vec<u64>> = None;
    for shift in [48, 32, 16, 0] {
        let now = kept.as_deref().unwrap_or(v);
        let mut count = vec![0usize; 1 << 16];
        for &x in now {
            count[(x >> shift & 0xffff) as usize] += 1;
        }
        let mut bucket = 0;
        while count.get(bucket).is_some_and(|&c| c <= k) {
            k -= count[bucket];
            bucket += 1;
        }
        kept = Some(
            now.iter().copied().filter(|&x| (x >> shift & 0xffff) as usize == bucket).collect(),
        );
    }
    kept?.first().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_radix_sort_is_stable_and_takes_runs_in_either_order() {
        let stable = |v: &[(u64, u64)]| {
            let mut want = v.to_vec();
            want.sort_by_key(|p| p.0);
            let mut got = v.to_vec();
            radix_sort(&mut got);
            assert_eq!(got, want, "{v:?}");
        };
        let spread: Vec<(u64, u64)> =
            (0..500u64).map(|i| ((((i * 7919) % 61) << 40) | (i % 3), i)).collect();
        stable(&spread);
        stable(&(0..300u64).rev().map(|i| (i << 9, i)).collect::<Vec<_>>());
        stable(&(0..300u64).map(|i| (i / 10, i)).collect::<Vec<_>>());
        stable(&[(5, 0), (5, 1), (4, 2)]);
        stable(&[(u64::MAX, 0), (0, 1), (u64::MAX, 2), (0, 3)]);
        stable(&[]);
    }

    #[test]
    fn texts_with_long_shared_beginnings_order_by_their_ends() {
        let long = "jump-host-08.example.com";
        let texts = [
            format!("{long}.b"),
            long.to_string(),
            format!("{long}\0"),
            format!("{long}.a"),
            format!("{long}.a"),
            long[..7].to_string(),
            long[..8].to_string(),
            String::new(),
        ];
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        assert_eq!(text_order(&refs), vec![7, 5, 6, 1, 2, 3, 4, 0]);
    }

    proptest::proptest! {
        /// Keys of three numbers of any spread sort as tuples compare, in one pass or three: each
        /// part of a case spans its own number of bits, so that parts fit together in 64 bits, or
        /// by one bit do not.
        #[test]
        fn keys_sort_as_tuples(keys in proptest::strategy::Strategy::prop_flat_map((0u32..=64, 0u32..=64, 0u32..=64), |(a, b, c)| {
            let part = |bits: u32| 0..=u64::MAX.checked_shr(64 - bits).unwrap_or(0);
            proptest::collection::vec((part(a), part(b), part(c)), 0..200)
        })) {
            let mut want = keys.clone();
            want.sort();
            let mut got = keys;
            sort_keys(&mut got);
            proptest::prop_assert_eq!(got, want);
        }

        /// The same sort in steps of any budget (down to a key a step) sorts the same, in as many
        /// steps as its passes need; keys made in the order of their last part (rows, as the
        /// questions make them) skip sorting by it and still come out as tuples compare.
        #[test]
        fn keys_sort_alike_in_steps(
            keys in proptest::collection::vec((0u64..4, proptest::num::u64::ANY, 0u64..1_000_000), 0..200),
            budget in 1usize..500,
            rows in proptest::bool::ANY,
        ) {
            let mut keys = keys;
            if rows {
                keys.iter_mut().enumerate().for_each(|(n, k)| k.2 = n as u64 * 3);
            }
            let mut want = keys.clone();
            want.sort();
            let mut got = keys;
            let mut sort = KeySort::default();
            let mut steps = 0;
            while !sort.step(&mut got, budget) {
                steps += 1;
                proptest::prop_assert!(steps <= 64 * (got.len() + 1), "a sort that never ends");
            }
            proptest::prop_assert_eq!(got, want);
        }

        /// Numbers come out in order, each once, whether few and far apart or many and close.
        #[test]
        fn sorted_sets_hold_each_number_once_in_order(v in proptest::prop_oneof![
            proptest::collection::vec(0u32..2_000, 0..500),
            proptest::collection::vec(proptest::num::u32::ANY, 0..50),
        ]) {
            let want: Vec<u32> = v.iter().copied().collect::<std::collections::BTreeSet<u32>>().into_iter().collect();
            proptest::prop_assert_eq!(sorted_set(&v), want);
        }

        /// The kth smallest is what a sort puts at k, for numbers alike in their top bits or not.
        #[test]
        fn kth_smallest_is_what_a_sort_puts_there(
            v in proptest::collection::vec(proptest::prop_oneof![proptest::num::u64::ANY, 0u64..70_000, proptest::strategy::Strategy::prop_map(0u64..3, |x| x << 40 | 7)], 1..300),
            k in proptest::num::usize::ANY,
        ) {
            let k = k % v.len();
            let mut sorted = v.clone();
            sorted.sort();
            proptest::prop_assert_eq!(kth_smallest(&v, k), Some(sorted[k]));
            proptest::prop_assert_eq!(kth_smallest(&v, v.len()), None);
        }
    }

    proptest::proptest! {
        /// Texts come out in the order a comparison sort gives, with a text before those it begins,
        /// whatever bytes they hold and however long their shared beginnings.
        #[test]
        fn texts_order_as_their_bytes_compare(texts in proptest::collection::vec("(ab|\\x00|[a-c\\x00é]{0,3}){0,12}", 0..40)) {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let mut want: Vec<usize> = (0..refs.len()).collect();
            want.sort_by_key(|&i| (refs[i], i));
            proptest::prop_assert_eq!(text_order(&refs), want);
        }
    }
}
