//! Which sessions free text could match, without reading their text: a small Bloom filter of the
//! trigrams (and bigrams, for words of two letters: `rm`, `su`) in each session's text.
//!
//! A query's free-text words are found by a substring scan of each session's lower-cased text; at
//! 100,000 sessions that text is about 200 MB, and a session without the word has every byte of it
//! read. A word can only be in a session whose filter holds every trigram of it, so the scan reads the
//! sessions that match (and stops at the first hit in each) plus a few false positives.
//!
//! Why this shape (measured with `cargo run --release -p trailview-core --example text_index`; the
//! README has the table): the distinct values of a dataset are mostly unique (keys, commands, paths,
//! times), so an index of whole values would scan almost as much; a filter per block of sessions
//! lets through every block holding each trigram somewhere, and a word in one session in ten has
//! all its trigrams in nearly every block of 8 or 64, so only a filter per session rules out the
//! sessions without it. Two bits per byte of text make the filters a quarter of the text's size (an
//! eighth of the file's).
//!
//! The filters are derived state, built a block of [`BLOCK`] sessions at a time (one allocation
//! each) after anything changes the text of one of its sessions; a block not built yet answers
//! "may match", so the index can make a query faster but never change its answer.

use std::rc::Rc;

/// Sessions per block: a block's filters are built together and kept in one allocation.
pub const BLOCK: usize = 64;
/// Filter bits per byte of a session's text, in eighths. Distinct grams are a fraction of the bytes
/// (the text repeats itself): at one bit per byte a four-letter word still passed twice as many
/// sessions as hold it, at two most pass only where it is (measured, `--example text_index`).
const EIGHTHS_PER_BYTE: usize = 16;

/// The filters of one block's sessions, each `bits` bits from word `at` of `words`: bit
/// `h * bits >> 32` is set for the hash `h` of each bigram and trigram in the session's text.
#[derive(Debug)]
struct Filter {
    words: Box<[u64]>,
    spans: Box<[(u32, u32)]>,
}

impl Filter {
    /// The filters of the sessions' texts, and how many bytes of text they read.
    fn build<'a, T: Iterator<Item = &'a str> + Clone>(sessions: impl Iterator<Item = T>) -> (Filter, usize) {
        let mut words = vec![];
        let mut spans = vec![];
        let mut read = 0;
        for texts in sessions {
            let bytes: usize = texts.clone().map(str::len).sum();
            read += bytes;
            let n = (bytes * EIGHTHS_PER_BYTE / 8).clamp(64, 1 << 24).div_ceil(64);
            let at = words.len();
            words.resize(at + n, 0u64);
            let bits = (n * 64) as u64;
            let mine = &mut words[at..];
            for t in texts {
                for_each_gram(t.as_bytes(), |h| {
                    let b = ((u64::from(h) * bits) >> 32) as usize;
                    if let Some(w) = mine.get_mut(b / 64) {
                        *w |= 1 << (b % 64);
                    }
                });
            }
            spans.push((at as u32, bits as u32));
        }
        (Filter { words: words.into_boxed_slice(), spans: spans.into_boxed_slice() }, read)
    }

    fn holds(&self, i: usize, probe: &Probe) -> bool {
        let Some(&(at, bits)) = self.spans.get(i) else { return true };
        let Some(mine) = self.words.get(at as usize..) else { return true };
        probe.0.iter().all(|&h| {
            let b = ((u64::from(h) * u64::from(bits)) >> 32) as usize;
            mine.get(b / 64).is_some_and(|w| w & (1 << (b % 64)) != 0)
        })
    }
}

/// The hash of a bigram and of a trigram: Fibonacci hashing of their bytes, a bigram tagged apart
/// from the trigram of the same value (the top bits of the product are well mixed, and each filter
/// keeps as many of them as it has bits). Filters and probes both hash through these.
fn bigram(a: u8, b: u8) -> u32 {
    (u32::from(a) << 8 | u32::from(b) | 1 << 24).wrapping_mul(0x9e37_79b1)
}

fn trigram(a: u8, b: u8, c: u8) -> u32 {
    (u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c)).wrapping_mul(0x9e37_79b1)
}

/// Calls `f` with the hash of each bigram and trigram of `text`.
fn for_each_gram(text: &[u8], mut f: impl FnMut(u32)) {
    if let [a, b, ..] = *text {
        f(bigram(a, b));
    }
    for w in text.windows(3) {
        f(trigram(w[0], w[1], w[2]));
        f(bigram(w[1], w[2]));
    }
}

/// The hashes a part of a query needs: its trigrams, or for a part of two bytes its bigram (the
/// bigrams of a longer part add little that its trigrams do not say).
fn probe_grams(text: &[u8], mut f: impl FnMut(u32)) {
    if let [a, b] = *text {
        f(bigram(a, b));
    }
    for w in text.windows(3) {
        f(trigram(w[0], w[1], w[2]));
    }
}

/// The hashes a match needs, from the literal parts of a free-text term (each part must occur whole
/// in one of the session's texts, so each of its grams is in the session's filter).
#[derive(Debug, Clone, Default)]
pub struct Probe(Vec<u32>);

impl Probe {
    /// A part of one byte adds nothing.
    pub fn new<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> Probe {
        let mut hs = vec![];
        for p in parts {
            probe_grams(p, |h| hs.push(h));
        }
        hs.sort_unstable();
        hs.dedup();
        Probe(hs)
    }

    /// Whether the probe can rule anything out.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The filters of every block of sessions (`None`: not built since its text last changed, and then
/// in `pending`).
#[derive(Debug, Clone, Default)]
pub struct TextIndex {
    blocks: Vec<Option<Rc<Filter>>>,
    /// The blocks that are `None`, each once, to build.
    pending: Vec<usize>,
}

impl TextIndex {
    /// Session `i`'s text changed (or it is new): its block's filter no longer answers.
    pub fn touch(&mut self, i: usize) {
        let b = i / BLOCK;
        while self.blocks.len() <= b {
            self.pending.push(self.blocks.len());
            self.blocks.push(None);
        }
        if self.blocks[b].take().is_some() {
            self.pending.push(b);
        }
    }

    /// Whether any block waits to be built.
    pub fn is_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Builds waiting blocks until about `budget` bytes of text are read; `sessions(b)` gives the texts
    /// of each session of block `b`. Gives whether every block is built.
    pub fn build<'a, S, T>(&mut self, budget: usize, mut sessions: impl FnMut(usize) -> S) -> bool
    where
        S: Iterator<Item = T>,
        T: Iterator<Item = &'a str> + Clone,
    {
        let mut spent = 0;
        while spent < budget {
            let Some(b) = self.pending.pop() else { return true };
            let (f, read) = Filter::build(sessions(b));
            spent += read + 1;
            if let Some(slot) = self.blocks.get_mut(b) {
                *slot = Some(Rc::new(f));
            }
        }
        self.pending.is_empty()
    }

    /// Whether session `i`'s text may hold every gram of the probe: `false` is certain, `true` only
    /// likely (and always `true` for a block not built).
    pub fn may_hold(&self, i: usize, probe: &Probe) -> bool {
        match self.blocks.get(i / BLOCK) {
            Some(Some(f)) => f.holds(i % BLOCK, probe),
            _ => true,
        }
    }

    /// Bytes the filters take.
    pub fn heap_bytes(&self) -> usize {
        self.blocks.iter().flatten().map(|f| f.words.len() * 8 + f.spans.len() * 8).sum::<usize>() + self.blocks.len() * 8
    }
}

/// Derived from the sessions' text, which the dataset compares; two indexes of equal data are equal.
impl PartialEq for TextIndex {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index_of(texts: &[&str]) -> TextIndex {
        let mut ix = TextIndex::default();
        for i in 0..texts.len() {
            ix.touch(i);
        }
        assert!(ix.build(usize::MAX, |b| texts[b * BLOCK..((b + 1) * BLOCK).min(texts.len())].iter().map(|t| std::iter::once(*t))));
        ix
    }

    #[test]
    fn a_session_holding_the_word_passes_and_one_without_it_is_ruled_out() {
        let mut texts = vec!["alice\u{1f}ssh\u{1f}db-01"; BLOCK];
        texts.extend(vec!["bob\u{1f}rdp\u{1f}win-02"; BLOCK]);
        texts[BLOCK + 5] = "bob\u{1f}rdp\u{1f}rm -rf /var/log";
        let ix = index_of(&texts);
        let probe = |w: &str| Probe::new([w.as_bytes()]);
        assert!(ix.may_hold(0, &probe("alice")));
        assert!(ix.may_hold(BLOCK + 5, &probe("rm -rf")));
        // These hold none of the word's trigrams (the filters are deterministic, so this is no gamble).
        assert!(!ix.may_hold(0, &probe("rm -rf")));
        assert!(!ix.may_hold(BLOCK + 4, &probe("rm -rf")));
        assert!(!ix.may_hold(BLOCK, &probe("alice")));
    }

    #[test]
    fn short_parts_and_unbuilt_blocks_rule_nothing_out() {
        let mut ix = index_of(&["abc"; 3]);
        assert!(Probe::new(["z".as_bytes()]).is_empty());
        assert!(ix.may_hold(0, &Probe::new(["z".as_bytes()])));
        assert!(!ix.may_hold(0, &Probe::new(["zq".as_bytes()])), "a two-letter word probes its bigram");
        assert!(ix.may_hold(0, &Probe::new(["bc".as_bytes()])));
        ix.touch(1);
        assert!(ix.is_pending());
        assert!(ix.may_hold(0, &Probe::new(["xyz".as_bytes()])), "a changed block answers nothing until rebuilt");
        assert!(ix.may_hold(BLOCK * 7, &Probe::new(["xyz".as_bytes()])), "a block beyond the sessions is not ruled out");
    }

    #[test]
    fn the_budget_builds_a_share_at_a_time() {
        let texts = vec!["some text of a session"; BLOCK * 4];
        let mut ix = TextIndex::default();
        for i in 0..texts.len() {
            ix.touch(i);
        }
        let mut calls = 0;
        while !ix.build(1, |b| texts[b * BLOCK..(b + 1) * BLOCK].iter().map(|t| std::iter::once(*t))) {
            calls += 1;
        }
        assert_eq!(calls, 3, "one block per call at the smallest budget");
    }

    proptest::proptest! {
        /// No false negatives: any piece of any session's text passes its block's filter.
        #[test]
        fn every_substring_of_a_text_passes(texts in proptest::collection::vec("[a-e \\x1f]{0,40}", 1..200), pick: usize, from: usize, len: usize) {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let ix = index_of(&refs);
            let i = pick % refs.len();
            let t = refs[i];
            let from = from % (t.len() + 1);
            let piece = &t[from..from + len % (t.len() - from + 1)];
            proptest::prop_assert!(ix.may_hold(i, &Probe::new([piece.as_bytes()])));
        }
    }
}
