//! The list's result kept for the next query: typing a word letter by letter asks a longer query
//! each time, and each answer lies within the last one.
//!
//! Every query that [`narrows`] the last is answered among the last result's sessions only, checking
//! only the conditions the last query did not have. A query
//! of one plain word does better: its result notes where in each session the word first occurs, and
//! the next word that begins with it (`roo` → `root`) is looked for from there, since it cannot
//! occur earlier. Typing a word into 100,000 sessions then reads from the last hit onwards instead
//! of each session's text from its start, most of which was read by the keystroke before.

use super::{eval, lang, narrows, select, select_within, Context};
use crate::dataset::Dataset;
use crate::fold::Lower;
use crate::text_index::{Answer, Probe};
use memchr::memmem;
use std::rc::Rc;

/// A query's result, with what lets a longer query refine it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    /// The query whose result is kept.
    pub query: String,
    /// The sessions selected, in dataset order (shared with the list that shows them).
    pub rows: Rc<Vec<usize>>,
    /// For a query of one plain word, its lower-case text and, per row, a byte of the session's
    /// search text its first occurrence does not begin before (where it begins, when the text was
    /// read; where the last word's did, when the filters answered), with the bytes after it there.
    word: Option<(String, Vec<u32>, Vec<Tail>)>,
}

/// What the last result noted of a word this one lengthens, per row: where its first occurrence
/// began, the bytes after it, and the letters this word adds.
#[derive(Default)]
struct LastHits<'a> {
    at: &'a [u32],
    tails: &'a [Tail],
    more: &'a [u8],
}

/// Up to seven bytes of a session's text after a word's first occurrence, and whether the text ends
/// there: the next keystroke's longer word is checked against them without reading the text, which
/// over a million sessions is a cache miss each (`roo` → `root`: 229,006 of them).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Tail(u64);

impl Tail {
    const KEPT: usize = 7;
    const ENDS: u64 = 1 << 63;

    /// The bytes that follow a word, from the text after it.
    fn of(after: &[u8]) -> Tail {
        let n = after.len().min(Tail::KEPT);
        let bytes =
            after.iter().take(n).enumerate().fold(0u64, |v, (k, &b)| v | u64::from(b) << (8 * k));
        Tail(bytes | (n as u64) << 56 | if after.len() <= Tail::KEPT { Tail::ENDS } else { 0 })
    }

    fn len(self) -> usize {
        (self.0 >> 56 & 0x7f) as usize
    }

    /// Whether the word lengthened by `more` is here too: `Some(true)` when the bytes kept say so,
    /// `Some(false)` when the text ends too soon to hold it here or later, `None` when the text must
    /// be read (it may begin further on).
    fn holds(self, more: &[u8]) -> Option<bool> {
        if more.len() > self.len() {
            return (self.0 & Tail::ENDS != 0).then_some(false);
        }
        more.iter().enumerate().all(|(k, &b)| (self.0 >> (8 * k)) as u8 == b).then_some(true)
    }

    /// The bytes after the word lengthened by `n` of them.
    fn after(self, n: usize) -> Tail {
        let len = self.len().saturating_sub(n);
        let bytes = (self.0 & ((1 << 56) - 1)).checked_shr(8 * n as u32).unwrap_or(0);
        Tail(bytes | (len as u64) << 56 | (self.0 & Tail::ENDS))
    }
}

impl Selection {
    /// The answer to `query`, refining `last` when `query` [`narrows`] it (the caller checks that
    /// `last` answered the same data, marks and settings).
    pub fn new(ds: &Dataset, query: &str, ctx: &Context, last: Option<&Selection>) -> Selection {
        let last = last.filter(|l| narrows(&l.query, query));
        let Some(word) = plain_word(query) else {
            let rows = match last {
                Some(l) => refine(ds, &l.query, query, ctx, &l.rows),
                None => select(ds, query, ctx),
            };
            return Selection { query: query.to_string(), rows: Rc::new(rows), word: None };
        };
        let finder = memmem::Finder::new(word.as_bytes());
        let probe = Probe::new([word.as_bytes()]);
        // The sessions to look in, and where to look from in each (from the start when not noted):
        // the word lengthens the last one at its end, so it can only begin where that one did, or later.
        let (within, last_hits): (Option<&[usize]>, LastHits) = match last {
            Some(Selection { rows, word: Some((old, at, tails)), .. })
                if word.starts_with(old.as_str()) =>
            {
                (Some(rows.as_slice()), LastHits { at, tails, more: &word.as_bytes()[old.len()..] })
            }
            Some(l) => (Some(l.rows.as_slice()), LastHits::default()),
            None => (None, LastHits::default()),
        };
        let mut rows = vec![];
        let mut hits = vec![];
        let mut after = vec![];
        let mut asker = ds.text_asker(&probe);
        let count = within.map_or(ds.sessions().len(), <[usize]>::len);
        let mut k = 0;
        while k < count {
            let i = match within {
                Some(w) => w[k],
                // Over every session, a block the filters rule out is passed over whole.
                None => match asker.next_candidate(k, count) {
                    Some(i) => {
                        // Sessions the filters know to hold the word go in a run at a time.
                        let known = asker.known_from(i, count);
                        if known > 0 {
                            rows.extend(i..i + known);
                            hits.resize(rows.len(), 0);
                            after.resize(rows.len(), Tail::default());
                            k = i + known;
                            continue;
                        }
                        k = i;
                        i
                    }
                    None => break,
                },
            };
            let from = last_hits.at.get(k).copied().unwrap_or_default();
            let tail = last_hits.tails.get(k).copied();
            k += 1;
            // The longer word where the shorter one was, told by the bytes kept after it.
            if let Some(tail) = tail {
                match tail.holds(last_hits.more) {
                    Some(true) => {
                        rows.push(i);
                        hits.push(from);
                        after.push(tail.after(last_hits.more.len()));
                        continue;
                    }
                    Some(false) => continue,
                    None => {}
                }
            }
            // The filters answer without reading the session's text, which over a million sessions
            // is a cache miss each: a word of one letter is answered whole, most others ruled out.
            let at = match asker.answer(i) {
                Answer::No => continue,
                Answer::Yes => Some((0, Tail::default())),
                Answer::Maybe => {
                    let Some(rest) = ds.search_bytes(i).get(from as usize..) else { continue };
                    // Most often the longer word begins where the shorter one did.
                    let at =
                        if rest.starts_with(word.as_bytes()) { Some(0) } else { finder.find(rest) };
                    at.map(|at| (at, Tail::of(rest.get(at + word.len()..).unwrap_or_default())))
                }
            };
            if let Some((at, tail)) = at {
                rows.push(i);
                hits.push(from + at as u32);
                after.push(tail);
            }
        }
        Selection { query: query.to_string(), rows: Rc::new(rows), word: Some((word, hits, after)) }
    }
}

/// The sessions of `within` (the answer to `old`, which `query` narrows) that `query` selects. The
/// conditions `old` had too hold for every one of them, so only the others are checked: typing a
/// second word does not search for the first again at each keystroke.
fn refine(ds: &Dataset, old: &str, query: &str, ctx: &Context, within: &[usize]) -> Vec<usize> {
    let (Ok(old), Ok(lang::Expr::And(terms))) = (lang::parse(old), lang::parse(query)) else {
        return select_within(ds, query, ctx, within);
    };
    let kept: Vec<&lang::Expr> = match &old {
        lang::Expr::And(xs) => xs.iter().collect(),
        x => vec![x],
    };
    let rest = lang::Expr::And(terms.into_iter().filter(|t| !kept.contains(&t)).collect());
    let plan = eval::Plan::new(&rest);
    within.iter().copied().filter(|&i| plan.matches(ds, i, ctx)).collect()
}

/// The lower-case text of a query that is one plain word or phrase (no field, no wildcard).
fn plain_word(query: &str) -> Option<String> {
    match lang::parse(query).ok()? {
        lang::Expr::Term {
            field: None,
            value: lang::Value::Word { text, wild: false } | lang::Value::Phrase(text),
        } => Some(text.folded()).filter(|t| !t.is_empty()),
        _ => None,
    }
}
