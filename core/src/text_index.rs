//! Every session's free-search text, packed a block of sessions to one allocation, and which sessions
//! a word could be in without reading their text: a filter of the bytes, pairs and trigrams in each
//! session's text, sliced by bit so that one word answers for the 64 sessions of a block.
//!
//! A query's free-text words are found by a substring scan of each session's lower-cased text; at
//! 100,000 sessions that text is about 200 MB. Packed, a scan of all of it reads a few thousand
//! buffers from end to end (3x faster than the separate allocations behind each entry and document it
//! replaced). A word can only be in a session whose filter holds every gram of it, so a rare word's
//! scan reads the sessions that match (and stops at the first hit in each) plus a few false positives.
//! A word of one byte or of two letters or digits (`r`, `rm`, `su`) has rows of its own, which
//! answer it without reading any text: those are the words in most sessions, the first keystrokes of
//! every search, and reading a text only to find its first `r` is a cache miss per session.
//!
//! Why this shape (measured with `cargo run --release -p trailview-core --example text_index`; the
//! README has the table): the distinct values of a dataset are mostly unique (keys, commands, paths,
//! times), so an index of whole values would scan almost as much; a filter per block of sessions
//! lets through every block holding each trigram somewhere, and a word in one session in ten has
//! all its trigrams in nearly every block of 8 or 64, so only a filter per session rules out the
//! sessions without it. Sliced by bit, each session still has a filter of its own, but a probe
//! reads a word per gram per block rather than per session. A row and a half per byte of text make
//! the hashed rows a fifth of the text's size, and the exact rows add 178 bytes a session: together
//! 0.28x the text (0.14x the file), about what the filters per session took.
//!
//! The filters are derived state, built with each block's packing after anything changes the text of
//! one of its sessions; a session whose text is not packed yet answers "may match", so the filters
//! can make a query faster but never change its answer.

use std::cell::OnceCell;
use std::rc::{Rc, Weak};

/// Sessions per block: a block's filters are built together and kept in one allocation.
pub const BLOCK: usize = 64;
/// Hashed rows per byte of a block's mean text, in eighths. Distinct trigrams are a fraction of the
/// bytes (the text repeats itself): at one row per byte an address passed 37 times as many
/// sessions as hold it, at one and a half 9 times, at two 3 times (measured, `--example
/// text_index`: `10.20.1.5` over 100,000 sessions); one and a half keeps the memory the filters
/// per session took with their bigrams.
const EIGHTHS_PER_BYTE: usize = 12;
/// Letters and digits, the bytes of most words typed: each pair of them has a row of its own.
const ALPHABET: usize = 36;
/// The rows that say exactly which sessions hold each ASCII byte, then each pair of
/// [`ALPHABET`] bytes; hashed rows follow them.
const EXACT_ROWS: usize = 128 + ALPHABET * ALPHABET;

/// The filters of one block's sessions, sliced by bit: row `r` is a word whose bit `j` says that
/// session `j` of the block holds something that maps to `r`. The first [`EXACT_ROWS`] rows are
/// the ASCII bytes and the pairs of letters and digits themselves; after them, a trigram with hash
/// `h` sets row `h * rows >> 32`.
///
/// A probe reads one word per gram for all 64 sessions of a block at once, where a filter per
/// session read a word per gram per session, each a cache miss: over 300,000 sessions the filters
/// were asked in 30-47 ms, a third of a common word's search (`--example text_index`). A word of one
/// byte, or of two letters or digits, is answered by its rows alone: those words are in most
/// sessions, so reading the text of each to find them was the slowest keystroke of all.
#[derive(Debug, Default)]
struct Filter {
    words: Box<[u64]>,
}

/// What the filters say about a session's text and a probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// It cannot hold the probe's text.
    No,
    /// It may: its text must be read to know.
    Maybe,
    /// It holds it (a probe answered by its exact rows).
    Yes,
}

/// What the filters say of the 64 sessions of a block, a bit each: clear in `may` for a session
/// ruled out, set in `known` for one known to hold the probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct BlockAnswer {
    may: u64,
    known: u64,
}

impl BlockAnswer {
    /// Nothing ruled out, nothing known.
    const MAYBE: BlockAnswer = BlockAnswer { may: u64::MAX, known: 0 };

    /// What they say of the block's session `j`.
    fn of(self, j: usize) -> Answer {
        match (self.may >> j & 1, self.known >> j & 1) {
            (0, _) => Answer::No,
            (_, 1) => Answer::Yes,
            _ => Answer::Maybe,
        }
    }
}

/// Asks the filters of many sessions, once per block: a scan asks of each session in turn, and
/// each block's answer serves its 64 sessions (asked a session at a time, a common word's scan over
/// 100,000 sessions spent as long asking as reading).
pub struct Asker<'a> {
    index: &'a TextIndex,
    probe: &'a Probe,
    block: usize,
    answer: BlockAnswer,
}

impl<'a> Asker<'a> {
    /// A reader of `index`'s filters for `probe`.
    pub fn new(index: &'a TextIndex, probe: &'a Probe) -> Asker<'a> {
        Asker { index, probe, block: usize::MAX, answer: BlockAnswer::MAYBE }
    }

    fn block(&mut self, b: usize) -> BlockAnswer {
        if b != self.block {
            self.block = b;
            self.answer = self.index.block_answer(b, self.probe);
        }
        self.answer
    }

    /// What the filters say of session `i`.
    pub fn answer(&mut self, i: usize) -> Answer {
        self.block(i / BLOCK).of(i % BLOCK)
    }

    /// How many sessions from `i` on, one after another and before `end`, the filters know to hold
    /// the probe: a word every session holds is answered a block at a time, not a session at a time.
    pub fn known_from(&mut self, i: usize, end: usize) -> usize {
        let mut at = i;
        while at < end {
            let a = self.block(at / BLOCK);
            let run = ((a.known & a.may) >> (at % BLOCK)).trailing_ones() as usize;
            at += run;
            if run == 0 || !at.is_multiple_of(BLOCK) {
                break;
            }
        }
        at.min(end) - i
    }

    /// The first session from `i` on, before `end`, that the filters do not rule out: a block whose
    /// sessions are all ruled out is passed over whole.
    pub fn next_candidate(&mut self, mut i: usize, end: usize) -> Option<usize> {
        while i < end {
            let rest = self.block(i / BLOCK).may >> (i % BLOCK);
            if rest != 0 {
                let at = i + rest.trailing_zeros() as usize;
                return (at < end).then_some(at);
            }
            i = (i / BLOCK + 1) * BLOCK;
        }
        None
    }
}

/// Each byte's place in [`ALPHABET`], or `NONE`.
const NONE: u8 = u8::MAX;
static LETTER: [u8; 256] = {
    let mut t = [NONE; 256];
    let mut c = 0;
    while c < 36 {
        t[if c < 26 { b'a' + c } else { b'0' + c - 26 } as usize] = c;
        c += 1;
    }
    t
};

/// The exact row of a pair of bytes, when both are letters or digits.
#[inline(always)]
fn pair_row(a: u8, b: u8) -> Option<usize> {
    let (a, b) = (LETTER[usize::from(a)], LETTER[usize::from(b)]);
    (a != NONE && b != NONE).then(|| 128 + usize::from(a) * ALPHABET + usize::from(b))
}

/// Calls `exact` once with the exact row of each distinct ASCII byte and pair of letters of `text`,
/// and `hashed` with the hash of each trigram. (Other pairs, with a sign or a byte of a wider
/// character, are left to their bytes' rows: hashing them too made building the filters 30 %
/// slower, for words like `-r` that are rarely typed alone.)
#[inline(always)]
fn for_each_gram(text: &[u8], mut exact: impl FnMut(usize), mut hashed: impl FnMut(u32)) {
    // The exact rows are few and each is set once per text, so they are gathered in a bitset first:
    // a text's every byte is one of them, and setting them in the block's rows as they come made
    // building the filters three times slower.
    let mut seen = [0u64; EXACT_ROWS.div_ceil(64)];
    let mut mark = |r: usize| {
        if let Some(w) = seen.get_mut(r / 64) {
            *w |= 1 << (r % 64);
        }
    };
    for (i, &c) in text.iter().enumerate() {
        if c.is_ascii() {
            mark(usize::from(c));
        }
        let Some(&d) = text.get(i + 1) else { break };
        if let Some(r) = pair_row(c, d) {
            mark(r);
        }
        if let Some(&e) = text.get(i + 2) {
            hashed(trigram(c, d, e));
        }
    }
    for (k, &w) in seen.iter().enumerate() {
        let mut w = w;
        while w != 0 {
            exact(k * 64 + w.trailing_zeros() as usize);
            w &= w - 1;
        }
    }
}

/// The rows of a block's filter: a row and a half per byte of its sessions' mean text.
fn filter_rows(text_len: usize, sessions: usize) -> usize {
    let mean = text_len / sessions.max(1);
    EXACT_ROWS + (mean * EIGHTHS_PER_BYTE / 8).clamp(64, 1 << 24)
}

/// The words of the filter of the sessions whose texts end at `ends` in `text` (a block's packed
/// text, [`Unfiltered::parts`]): what a worker builds, for [`Unfiltered::install`].
pub fn filter_words(text: &[u8], ends: &[u32]) -> Vec<u64> {
    Filter::build(text, ends).words.into_vec()
}

impl Filter {
    /// The filters of the sessions whose texts end at `ends` in `text`.
    fn build(text: &[u8], ends: &[u32]) -> Filter {
        let mut words = vec![0u64; filter_rows(text.len(), ends.len())];
        let (exact, hashed) = words.split_at_mut(EXACT_ROWS);
        let rows = hashed.len();
        let mut start = 0;
        for (j, &end) in ends.iter().enumerate() {
            let t = text.get(start..end as usize).unwrap_or_default();
            start = end as usize;
            let bit = 1u64 << j;
            for_each_gram(
                t,
                |r| {
                    if let Some(w) = exact.get_mut(r) {
                        *w |= bit;
                    }
                },
                |h| {
                    if let Some(w) = hashed.get_mut(row(h, rows)) {
                        *w |= bit;
                    }
                },
            );
        }
        Filter { words: words.into_boxed_slice() }
    }

    /// Which of the block's sessions may hold the probe: a bit per session (every bit for a block
    /// not built yet).
    fn sessions(&self, probe: &Probe) -> u64 {
        let Some(hashed) = self.words.get(EXACT_ROWS..).filter(|g| !g.is_empty()) else {
            return u64::MAX;
        };
        // Each row is a cache miss, and a rare word rules out most blocks within its first few
        // trigrams (the most telling rows), so the rows are read until none of the sessions is left.
        let mut may = u64::MAX;
        let rows = probe
            .hashed
            .iter()
            .map(|&h| hashed.get(row(h, hashed.len())))
            .chain(probe.exact.iter().map(|&r| self.words.get(r as usize)));
        for r in rows {
            may &= r.copied().unwrap_or(u64::MAX);
            if may == 0 {
                break;
            }
        }
        may
    }

    fn is_built(&self) -> bool {
        !self.words.is_empty()
    }
}

/// The row of a gram's hash among `rows` (the top bits of the hash are the well-mixed ones).
fn row(h: u32, rows: usize) -> usize {
    ((u64::from(h) * rows as u64) >> 32) as usize
}

/// The hash of a trigram: Fibonacci hashing of its bytes (the top bits of the product are well
/// mixed, and each block keeps as many of them as it has rows).
fn trigram(a: u8, b: u8, c: u8) -> u32 {
    (u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c)).wrapping_mul(0x9e37_79b1)
}

/// What a match needs, from the literal parts of a free-text term (each part must occur whole in
/// one of the session's texts, so each of its grams is in the session's filter).
#[derive(Debug, Clone, Default)]
pub struct Probe {
    /// The rows of every byte and pair of each part, and the hashes of its other grams (each a
    /// word read per block of 64 sessions, so a long word's many grams cost little).
    exact: Vec<u32>,
    hashed: Vec<u32>,
    /// The term is one part whose exact rows are the whole answer: one ASCII byte, or two
    /// letters or digits.
    whole: bool,
}

impl Probe {
    /// The grams of the literal parts of a term, which a session's text must all hold.
    pub fn new<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> Probe {
        let parts: Vec<&[u8]> = parts.into_iter().collect();
        let whole = match parts[..] {
            [[c]] => c.is_ascii(),
            [[a, b]] => pair_row(*a, *b).is_some(),
            _ => false,
        };
        let (mut exact, mut hashed) = (vec![], vec![]);
        for p in parts {
            for_each_gram(p, |r| exact.push(r as u32), |h| hashed.push(h));
        }
        // A letter in a pair of letters says nothing its pair's row does not.
        let paired: Vec<u32> = exact
            .iter()
            .filter_map(|&r| r.checked_sub(128))
            .flat_map(|p| [p / ALPHABET as u32, p % ALPHABET as u32])
            .collect();
        exact.retain(|&r| r >= 128 || !paired.contains(&u32::from(LETTER[r as usize])));
        Probe {
            exact: crate::sort::sorted_set(&exact),
            hashed: crate::sort::sorted_set(&hashed),
            whole,
        }
    }

    /// Whether the probe can rule anything out.
    pub fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.hashed.is_empty()
    }
}

/// One block's sessions' search text, packed end to end, with their filters.
#[derive(Debug, Default)]
struct Block {
    text: Box<str>,
    /// Where each session's text ends in `text`.
    ends: Box<[u32]>,
    /// Unset (ruling nothing out) for a block not packed yet, or whose filter is being built
    /// elsewhere (see [`TextIndex::defer_filters`]). Set once: it is a function of the text.
    filter: OnceCell<Filter>,
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
    /// Per block, which of its sessions have a staged text (read by every query, where the texts
    /// themselves are read by few).
    staged_in: Vec<u64>,
    /// Blocks to pack again, each once.
    pending: Vec<usize>,
    /// For measuring what the filters save: every session answers "may hold".
    unfiltered: bool,
    /// Blocks are packed without their filters, which are built elsewhere (a worker, off the page's
    /// thread): see [`TextIndex::take_unfiltered`].
    defer: bool,
    unfiltered_blocks: Vec<Unfiltered>,
}

/// A block packed without its filter (see [`TextIndex::defer_filters`]). It answers "may hold" for
/// every session until the filter is installed: slower, never wrong. Held weakly: a block packed
/// again, or a dataset let go, leaves nothing to build.
#[derive(Debug, Clone)]
pub struct Unfiltered(Weak<Block>);

impl Unfiltered {
    /// The block's packed text and where each session's text ends in it, to build its filter from
    /// ([`filter_words`]); `None` once the block is gone.
    pub fn parts<R>(&self, f: impl FnOnce(&[u8], &[u32]) -> R) -> Option<R> {
        let block = self.0.upgrade()?;
        Some(f(block.text.as_bytes(), &block.ends))
    }

    /// Installs a filter built elsewhere from [`Unfiltered::parts`]. Words of any other length than
    /// that text's filter has are refused (the block then stays unfiltered): a filter that does not
    /// fit its text would rule out sessions that hold a word.
    pub fn install(&self, words: Vec<u64>) -> bool {
        let Some(block) = self.0.upgrade() else { return false };
        if words.len() != filter_rows(block.text.len(), block.ends.len()) {
            return false;
        }
        block.filter.set(Filter { words: words.into_boxed_slice() }).is_ok()
    }

    /// Builds the filter here, where no worker can.
    pub fn build_here(&self) {
        if let Some(block) = self.0.upgrade() {
            block.filter.get_or_init(|| Filter::build(block.text.as_bytes(), &block.ends));
        }
    }
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
            self.staged_in.push(0);
        }
        // A block is queued exactly when one of its sessions has a staged text.
        let staged = &mut self.staged_in[i / BLOCK];
        if *staged == 0 {
            self.pending.push(i / BLOCK);
        }
        *staged |= 1 << (i % BLOCK);
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
            let filter = if self.defer {
                OnceCell::new()
            } else {
                OnceCell::from(Filter::build(text.as_bytes(), &ends))
            };
            let block = Rc::new(Block {
                filter,
                text: text.into_boxed_str(),
                ends: ends.into_boxed_slice(),
            });
            if self.defer {
                self.unfiltered_blocks.push(Unfiltered(Rc::downgrade(&block)));
            }
            if let Some(slot) = self.blocks.get_mut(b) {
                *slot = block;
            }
            for i in sessions {
                self.staged[i] = None;
            }
            if let Some(staged) = self.staged_in.get_mut(b) {
                *staged = 0;
            }
        }
        self.pending.append(&mut waiting);
    }

    /// What the filters say of session `i`'s text and the probe: [`Answer::Maybe`] for a text not
    /// yet in its block's filter. To ask of many sessions, an [`Asker`] asks once per block.
    pub fn answer(&self, i: usize, probe: &Probe) -> Answer {
        self.block_answer(i / BLOCK, probe).of(i % BLOCK)
    }

    /// What the filters say of each session of block `b` (sessions `b * BLOCK..`).
    fn block_answer(&self, b: usize, probe: &Probe) -> BlockAnswer {
        let Some(filter) =
            self.blocks.get(b).filter(|_| !self.unfiltered).and_then(|b| b.filter.get())
        else {
            return BlockAnswer::MAYBE;
        };
        let may = filter.sessions(probe);
        let known = if probe.whole && filter.is_built() { may } else { 0 };
        // A text changed since its block was packed is not in the filter.
        let staged = self.staged_in.get(b).copied().unwrap_or_default();
        BlockAnswer { may: may | staged, known: known & !staged }
    }

    /// Lets every session through the filters, or the filters rule out again.
    pub fn set_unfiltered(&mut self, unfiltered: bool) {
        self.unfiltered = unfiltered;
    }

    /// From now on, packs blocks without building their filters, leaving them to whoever takes them
    /// with [`TextIndex::take_unfiltered`] (the app hands them to a worker).
    pub fn defer_filters(&mut self, defer: bool) {
        self.defer = defer;
    }

    /// The blocks packed without their filters since the last call.
    pub fn take_unfiltered(&mut self) -> Vec<Unfiltered> {
        std::mem::take(&mut self.unfiltered_blocks)
    }

    /// Packs every block and builds every filter anew.
    pub fn rebuild(&mut self) {
        self.pending = (0..self.blocks.len()).collect();
        self.build(usize::MAX);
    }

    /// Bytes the filters take.
    pub fn filter_bytes(&self) -> usize {
        self.blocks.iter().filter_map(|b| b.filter.get()).map(|f| f.words.len() * 8).sum()
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
        assert_ne!(ix.answer(0, &probe("alice")), Answer::No);
        assert_ne!(ix.answer(BLOCK + 5, &probe("rm -rf")), Answer::No);
        // These hold none of the word's trigrams (the filters are deterministic, so this is no gamble).
        assert_eq!(ix.answer(0, &probe("rm -rf")), Answer::No);
        assert_eq!(ix.answer(BLOCK + 4, &probe("rm -rf")), Answer::No);
        assert_eq!(ix.answer(BLOCK, &probe("alice")), Answer::No);
    }

    #[test]
    fn a_byte_or_two_letters_are_answered_by_their_rows_and_unbuilt_blocks_rule_nothing_out() {
        let mut ix = index_of(&["abc-d"; 3]);
        let probe = |w: &str| Probe::new([w.as_bytes()]);
        assert_eq!(ix.answer(0, &probe("z")), Answer::No);
        assert_eq!(ix.answer(0, &probe("b")), Answer::Yes, "one ASCII byte is known, not likely");
        assert_eq!(ix.answer(0, &probe("bc")), Answer::Yes, "two letters are known too");
        assert_eq!(ix.answer(0, &probe("ca")), Answer::No);
        assert_eq!(
            ix.answer(0, &probe("c-")),
            Answer::Maybe,
            "a pair with a sign is left to its bytes"
        );
        assert_eq!(ix.answer(0, &probe("abc")), Answer::Maybe);
        assert_eq!(ix.answer(0, &probe("abz")), Answer::No, "a byte it lacks rules it out");
        assert_eq!(
            ix.answer(0, &Probe::new(["a".as_bytes(), "b".as_bytes()])),
            Answer::Maybe,
            "two parts must be read in order"
        );
        assert_eq!(ix.answer(0, &probe("é")), Answer::Maybe, "a letter of two bytes has no row");
        assert_eq!(ix.answer(0, &probe("été")), Answer::No, "but its trigrams do");
        assert!(Probe::new(["".as_bytes()]).is_empty());
        ix.set(1, "xyz".into());
        assert!(ix.is_pending());
        assert_eq!(
            ix.answer(1, &probe("xyz")),
            Answer::Maybe,
            "a changed text answers nothing until packed"
        );
        assert_eq!(ix.answer(1, &probe("a")), Answer::Maybe);
        assert_eq!(ix.answer(0, &probe("xyz")), Answer::No, "the others in its block still do");
        assert_eq!(
            ix.answer(BLOCK * 7, &probe("xyz")),
            Answer::Maybe,
            "a block beyond the sessions is not ruled out"
        );
        assert!(ix.build(usize::MAX));
        assert_eq!(ix.answer(1, &probe("abc")), Answer::No);
        assert_eq!(ix.answer(1, &probe("y")), Answer::Yes);
        assert_eq!((ix.text(0), ix.text(1), ix.text(2)), ("abc-d", "xyz", "abc-d"));
    }

    #[test]
    fn an_asker_passes_over_blocks_ruled_out_and_stops_at_the_end() {
        let mut texts = vec!["alice ssh"; BLOCK * 3 + 10];
        texts[BLOCK * 2 + 5] = "rm -rf /";
        texts[BLOCK * 3 + 2] = "rm -rf /tmp";
        let mut ix = index_of(&texts);
        let probe = Probe::new(["rm -rf".as_bytes()]);
        let n = texts.len();
        let mut asker = Asker::new(&ix, &probe);
        assert_eq!(asker.next_candidate(0, n), Some(BLOCK * 2 + 5));
        assert_eq!(asker.next_candidate(BLOCK * 2 + 6, n), Some(BLOCK * 3 + 2));
        assert_eq!(
            asker.next_candidate(BLOCK * 2 + 6, BLOCK * 3 + 2),
            None,
            "not at or past the end"
        );
        assert_eq!(asker.next_candidate(BLOCK * 3 + 3, n), None);
        assert_eq!(asker.answer(BLOCK * 2 + 5), Answer::Maybe);
        assert_eq!(asker.answer(7), Answer::No);
        ix.set(3, "rm -rf /home".into());
        let mut asker = Asker::new(&ix, &probe);
        assert_eq!(asker.next_candidate(0, n), Some(3), "a text not packed yet is a candidate");
        assert_eq!(asker.answer(4), Answer::No, "and only it, in its block");
        let r = Probe::new(["r".as_bytes()]);
        let mut asker = Asker::new(&ix, &r);
        assert_eq!(
            (asker.answer(3), asker.answer(BLOCK * 2 + 5), asker.answer(0)),
            (Answer::Maybe, Answer::Yes, Answer::No)
        );
    }

    #[test]
    fn runs_known_to_hold_a_word_cross_blocks_and_stop_at_a_doubt() {
        let mut texts = vec!["root shell"; BLOCK * 3];
        texts[BLOCK * 2 + 7] = "alice";
        let mut ix = index_of(&texts);
        let probe = Probe::new(["ro".as_bytes()]);
        let mut asker = Asker::new(&ix, &probe);
        assert_eq!(
            asker.known_from(0, BLOCK * 3),
            BLOCK * 2 + 7,
            "two blocks whole, then up to the one without it"
        );
        assert_eq!(asker.known_from(5, 40), 35, "not past the end");
        assert_eq!(asker.known_from(BLOCK * 2 + 7, BLOCK * 3), 0);
        assert_eq!(asker.known_from(BLOCK * 2 + 8, BLOCK * 3), BLOCK - 8);
        ix.set(BLOCK + 3, "root again".into());
        let mut asker = Asker::new(&ix, &probe);
        assert_eq!(asker.known_from(BLOCK, BLOCK * 3), 3, "a text not packed yet is not known");
        let roo = Probe::new(["roo".as_bytes()]);
        assert_eq!(Asker::new(&ix, &roo).known_from(0, BLOCK), 0, "a trigram is never known");
    }

    #[test]
    fn filters_built_elsewhere_answer_as_those_built_in_place() {
        let texts: Vec<String> = (0..BLOCK * 3 + 9)
            .map(|i| {
                format!("user{} ran {} on host-{}", i % 7, ["ls", "rm -rf /", "sudo su"][i % 3], i)
            })
            .collect();
        let mut here = TextIndex::default();
        let mut there = TextIndex::default();
        there.defer_filters(true);
        for (i, t) in texts.iter().enumerate() {
            here.set(i, t.clone());
            there.set(i, t.clone());
        }
        assert!(here.build(usize::MAX) && there.build(usize::MAX));
        let blocks = there.take_unfiltered();
        assert_eq!(blocks.len(), 4);
        assert!(there.take_unfiltered().is_empty(), "each is handed over once");
        let probes = ["rm -rf", "user3", "host-70", "s", "su", "nothing", "ran"]
            .map(|w| Probe::new([w.as_bytes()]));
        let answers = |ix: &TextIndex| -> Vec<Answer> {
            probes.iter().flat_map(|p| (0..texts.len()).map(|i| ix.answer(i, p))).collect()
        };
        assert!(
            answers(&there).iter().all(|&a| a == Answer::Maybe),
            "unfiltered, nothing is ruled out"
        );
        assert_eq!(there.filter_bytes(), 0);
        assert!(!blocks[0].install(vec![0; 3]), "words that do not fit the text are refused");
        for (k, b) in blocks.iter().enumerate() {
            if k == 1 {
                b.build_here();
            } else {
                let words = b.parts(filter_words).unwrap();
                assert!(b.install(words));
            }
        }
        assert_eq!(answers(&there), answers(&here));
        assert_eq!(there.filter_bytes(), here.filter_bytes());
        // A block packed again leaves the old one's handle with nothing to fill.
        there.set(0, "changed".into());
        assert!(there.build(usize::MAX));
        let again = there.take_unfiltered();
        drop(there);
        assert!(again[0].parts(|t, _| t.len()).is_none() && !again[0].install(vec![]));
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
        assert!(
            (0..BLOCK * 4).all(|i| ix.text(i) == format!("text of session {i}")),
            "each text is where it was put"
        );
    }

    proptest::proptest! {
        /// No false negatives: any piece of any session's text passes its block's filter, and a
        /// piece of one byte or two letters is known to be there.
        #[test]
        fn every_substring_of_a_text_passes(texts in proptest::collection::vec("[a-e0-2 \\x1f\\-]{0,40}", 1..200), pick: usize, from: usize, len: usize) {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let ix = index_of(&refs);
            let i = pick % refs.len();
            let t = refs[i];
            let from = from % (t.len() + 1);
            let piece = &t[from..from + len % (t.len() - from + 1)];
            let answer = ix.answer(i, &Probe::new([piece.as_bytes()]));
            proptest::prop_assert!(answer != Answer::No);
            if piece.len() == 1 || piece.len() == 2 && piece.bytes().all(|c| c.is_ascii_alphanumeric()) {
                proptest::prop_assert_eq!(answer, Answer::Yes);
            }
            proptest::prop_assert_eq!(ix.text(i), t);
        }

        /// A word of one byte or two letters is answered exactly: yes where the text holds it, no
        /// where it does not.
        #[test]
        fn short_words_are_answered_exactly(texts in proptest::collection::vec("[a-c0-1 \\-]{0,12}", 1..150), word in "[a-c0-1 \\-]{1,2}") {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let ix = index_of(&refs);
            let probe = Probe::new([word.as_bytes()]);
            for (i, t) in refs.iter().enumerate() {
                let answer = ix.answer(i, &probe);
                if t.contains(word.as_str()) {
                    proptest::prop_assert!(answer != Answer::No);
                } else {
                    proptest::prop_assert!(answer != Answer::Yes, "{:?} in {:?}", word, t);
                }
                if word.len() == 1 || word.bytes().all(|c| c.is_ascii_alphanumeric()) {
                    proptest::prop_assert!(answer != Answer::Maybe);
                }
            }
        }
    }
}
