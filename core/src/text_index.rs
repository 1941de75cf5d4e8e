//! Every session's free-search text, packed a block of sessions to one allocation, and which sessions
//! a word could be in without reading their text: a small Bloom filter of the trigrams (and bigrams,
//! for words of two letters: `rm`, `su`) in each session's text.
//!
//! A query's free-text words are found by a substring scan of each session's lower-cased text; at
//! 100,000 sessions that text is about 200 MB. Packed, a scan of all of it reads a few thousand
//! buffers from end to end (3x faster than the separate allocations behind each entry and document it
//! replaced). A word can only be in a session whose filter holds every gram of it, so a rare word's
//! scan reads the sessions that match (and stops at the first hit in each) plus a few false positives.
//!
//! Why this shape (measured with `cargo run --release -p trailview-core --example text_index`; the
//! README has the table): the distinct values of a dataset are mostly unique (keys, commands, paths,
//! times), so an index of whole values would scan almost as much; a filter per block of sessions
//! lets through every block holding each trigram somewhere, and a word in one session in ten has
//! all its trigrams in nearly every block of 8 or 64, so only a filter per session rules out the
//! sessions without it. Two bits per byte of text make the filters a quarter of the text's size (an
//! eighth of the file's).
//!
//! The filters are derived state, built with each block's packing after anything changes the text of
//! one of its sessions; a session whose text is not packed yet answers "may match", so the filters
//! can make a query faster but never change its answer.

use std::rc::Rc;

/// Sessions per block: a block's filters are built together and kept in one allocation.
pub const BLOCK: usize = 64;
/// Filter bits per byte of a session's text, in eighths. Distinct grams are a fraction of the bytes
/// (the text repeats itself): at one bit per byte a four-letter word still passed twice as many
/// sessions as hold it, at two most pass only where it is (measured, `--example text_index`).
const EIGHTHS_PER_BYTE: usize = 16;

/// The filters of one block's sessions, each `bits` bits from word `at` of `words`: bit
/// `h * bits >> 32` is set for the hash `h` of each bigram and trigram in the session's text.
#[derive(Debug, Default)]
struct Filter {
    words: Box<[u64]>,
    spans: Box<[(u32, u32)]>,
}

impl Filter {
    /// The filters of the sessions whose texts end at `ends` in `text`.
    fn build(text: &str, ends: &[u32]) -> Filter {
        let mut words = vec![];
        let mut spans = vec![];
        let mut start = 0;
        for &end in ends {
            let t = text.as_bytes().get(start..end as usize).unwrap_or_default();
            start = end as usize;
            let n = (t.len() * EIGHTHS_PER_BYTE / 8).clamp(64, 1 << 24).div_ceil(64);
            let at = words.len();
            words.resize(at + n, 0u64);
            let bits = (n * 64) as u64;
            let mine = &mut words[at..];
            for_each_gram(t, |h| {
                let b = ((u64::from(h) * bits) >> 32) as usize;
                if let Some(w) = mine.get_mut(b / 64) {
                    *w |= 1 << (b % 64);
                }
            });
            spans.push((at as u32, bits as u32));
        }
        Filter { words: words.into_boxed_slice(), spans: spans.into_boxed_slice() }
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
        Probe(crate::insights::sorted_set(&hs))
    }

    /// Whether the probe can rule anything out.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// One block's sessions' search text, packed end to end, with their filters.
#[derive(Debug, Default)]
struct Block {
    text: Box<str>,
    /// Where each session's text ends in `text`.
    ends: Box<[u32]>,
    /// Empty (ruling nothing out) for a block not packed yet.
    filter: Filter,
}

impl Block {
    fn span(&self, j: usize) -> std::ops::Range<usize> {
        let start = match j.checked_sub(1) {
            Some(p) => self.ends.get(p).copied().unwrap_or_default(),
            None => 0,
        };
        start as usize..self.ends.get(j).map_or(start, |&e| e.max(start)) as usize
    }

    fn text(&self, j: usize) -> &str {
        self.text.get(self.span(j)).unwrap_or_default()
    }

    /// [`Block::text`] without its check that the ends fall between characters (they do, as it was
    /// packed from whole texts): the check reads the byte after the text, one more cache miss per
    /// session in a scan of every session.
    fn bytes(&self, j: usize) -> &[u8] {
        self.text.as_bytes().get(self.span(j)).unwrap_or_default()
    }
}

/// Every session's search text and its filters. The index owns the text: a block's sessions' texts
/// are packed into one allocation, so a scan over 100,000 sessions reads a few thousand buffers from
/// start to end rather than several scattered allocations per session behind its entry and its
/// documents (2.6-3.5x faster natively, measured before the change with `--example text_index`).
///
/// A session's text changes (it is new, a newer revision, a document attached) by [`TextIndex::set`]
/// or [`TextIndex::edit`]: the new text waits in `staged` until its block is packed again, and answers
/// from there meanwhile. Blocks are packed as the load goes ([`TextIndex::build_settled`]), so the
/// staged texts stay few and their memory is used again, rather than all packed at the end into
/// memory of their own.
#[derive(Debug, Clone, Default)]
pub struct TextIndex {
    blocks: Vec<Rc<Block>>,
    /// Per session, its text when it changed since its block was packed. (The app clones an index
    /// when a load begins, when the last one has packed everything.)
    staged: Vec<Option<String>>,
    /// Blocks to pack again, each once.
    pending: Vec<usize>,
    /// For measuring what the filters save: every session answers "may hold".
    unfiltered: bool,
}

impl TextIndex {
    /// Session `i`'s text is now `text` (or it is new).
    pub fn set(&mut self, i: usize, text: String) {
        self.queue(i);
        self.staged[i] = Some(text);
    }

    /// Session `i`'s text, to change in place.
    pub fn edit(&mut self, i: usize) -> &mut String {
        self.queue(i);
        if self.staged[i].is_none() {
            let packed = self.blocks.get(i / BLOCK).map_or("", |b| b.text(i % BLOCK));
            self.staged[i] = Some(packed.to_string());
        }
        self.staged[i].get_or_insert_default()
    }

    /// Makes room for session `i` and queues its block.
    fn queue(&mut self, i: usize) {
        if self.staged.len() <= i {
            self.staged.resize(i + 1, None);
        }
        while self.blocks.len() <= i / BLOCK {
            self.blocks.push(Rc::default());
        }
        if !self.is_queued(i / BLOCK) {
            self.pending.push(i / BLOCK);
        }
    }

    /// A block is queued exactly when one of its sessions has a staged text.
    fn is_queued(&self, b: usize) -> bool {
        let sessions = self.staged.get(b * BLOCK..((b + 1) * BLOCK).min(self.staged.len())).unwrap_or_default();
        sessions.iter().any(Option::is_some)
    }

    /// Session `i`'s search text: its own, then its channels', events' and alerts', each value after
    /// a separator (see [`crate::dataset::Dataset::search_text`]).
    pub fn text(&self, i: usize) -> &str {
        match self.staged.get(i) {
            Some(Some(t)) => t,
            _ => self.blocks.get(i / BLOCK).map_or("", |b| b.text(i % BLOCK)),
        }
    }

    /// [`TextIndex::text`] as bytes, for scanning.
    pub fn bytes(&self, i: usize) -> &[u8] {
        match self.staged.get(i) {
            Some(Some(t)) => t.as_bytes(),
            _ => self.blocks.get(i / BLOCK).map_or(&[], |b| b.bytes(i % BLOCK)),
        }
    }

    /// How many sessions have a text.
    pub fn len(&self) -> usize {
        self.staged.len()
    }

    /// Whether no session has a text.
    pub fn is_empty(&self) -> bool {
        self.staged.is_empty()
    }

    /// Whether any block waits to be packed.
    pub fn is_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Packs waiting blocks and builds their filters until about `budget` bytes of text are read.
    /// Gives whether every block is packed.
    pub fn build(&mut self, budget: usize) -> bool {
        self.build_settled(usize::MAX, budget);
        self.pending.is_empty()
    }

    /// [`TextIndex::build`] for the blocks whose sessions all come before session `limit` (the
    /// newest sessions' text is still being added to, as their documents arrive).
    pub fn build_settled(&mut self, limit: usize, budget: usize) {
        let mut spent = 0;
        let mut waiting = vec![];
        while spent < budget {
            let Some(b) = self.pending.pop() else { break };
            if (b + 1).saturating_mul(BLOCK) > limit {
                waiting.push(b);
                continue;
            }
            let sessions = b * BLOCK..((b + 1) * BLOCK).min(self.staged.len());
            let texts = || sessions.clone().map(|i| self.text(i));
            let mut text = String::with_capacity(texts().map(str::len).sum());
            let mut ends = Vec::with_capacity(sessions.len());
            for t in texts() {
                text.push_str(t);
                ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
            }
            spent += text.len() + 1;
            let block = Block { filter: Filter::build(&text, &ends), text: text.into_boxed_str(), ends: ends.into_boxed_slice() };
            if let Some(slot) = self.blocks.get_mut(b) {
                *slot = Rc::new(block);
            }
            for i in sessions {
                self.staged[i] = None;
            }
        }
        self.pending.append(&mut waiting);
    }

    /// Whether session `i`'s text may hold every gram of the probe: `false` is certain, `true` only
    /// likely (and always `true` for a text not yet in its block's filter).
    pub fn may_hold(&self, i: usize, probe: &Probe) -> bool {
        if self.unfiltered || matches!(self.staged.get(i), Some(Some(_))) {
            return true;
        }
        self.blocks.get(i / BLOCK).is_none_or(|b| b.filter.holds(i % BLOCK, probe))
    }

    /// Lets every session through the filters, or the filters rule out again.
    pub fn set_unfiltered(&mut self, unfiltered: bool) {
        self.unfiltered = unfiltered;
    }

    /// Packs every block and builds every filter anew.
    pub fn rebuild(&mut self) {
        self.pending = (0..self.blocks.len()).collect();
        self.build(usize::MAX);
    }

    /// Bytes the filters take.
    pub fn filter_bytes(&self) -> usize {
        self.blocks.iter().map(|b| b.filter.words.len() * 8 + b.filter.spans.len() * 8).sum()
    }

    /// Bytes the text takes (packed or staged).
    pub fn text_bytes(&self) -> usize {
        let packed: usize = self.blocks.iter().map(|b| b.text.len() + b.ends.len() * 4).sum();
        packed + self.staged.iter().flatten().map(|t| t.len()).sum::<usize>()
    }
}

/// Two indexes are equal when every session's text is (the filters are derived from it).
impl PartialEq for TextIndex {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && (0..self.len()).all(|i| self.text(i) == other.text(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index_of(texts: &[&str]) -> TextIndex {
        let mut ix = TextIndex::default();
        for (i, t) in texts.iter().enumerate() {
            ix.set(i, t.to_string());
        }
        assert!(ix.build(usize::MAX));
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
        ix.set(1, "xyz".into());
        assert!(ix.is_pending());
        assert!(ix.may_hold(1, &Probe::new(["xyz".as_bytes()])), "a changed text answers nothing until packed");
        assert!(!ix.may_hold(0, &Probe::new(["xyz".as_bytes()])), "the others in its block still do");
        assert!(ix.may_hold(BLOCK * 7, &Probe::new(["xyz".as_bytes()])), "a block beyond the sessions is not ruled out");
        assert!(ix.build(usize::MAX));
        assert!(!ix.may_hold(1, &Probe::new(["abc".as_bytes()])));
        assert_eq!((ix.text(0), ix.text(1), ix.text(2)), ("abc", "xyz", "abc"));
    }

    #[test]
    fn the_budget_builds_a_share_at_a_time() {
        let mut ix = TextIndex::default();
        for i in 0..BLOCK * 4 {
            ix.set(i, format!("text of session {i}"));
        }
        let mut calls = 0;
        while !ix.build(1) {
            calls += 1;
        }
        assert_eq!(calls, 3, "one block per call at the smallest budget");
        assert!((0..BLOCK * 4).all(|i| ix.text(i) == format!("text of session {i}")), "each text is where it was put");
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
            proptest::prop_assert_eq!(ix.text(i), t);
        }
    }
}
