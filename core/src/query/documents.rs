//! Terms of a query that read documents (`recording.verdict:deny`, `channel.channel_type:exec`),
//! answered ahead of the query when the documents are not in memory.
//!
//! A file too large to hold is read in windows, and its documents are read back from the file when
//! needed; in the browser that read waits, and a query is answered at once. So the page first reads
//! the documents, a window at a time, answering each term of the query that needs them for the
//! sessions that window holds ([`DocumentAnswers::answer`]); the query is then answered from these
//! answers ([`super::Context::documents`]) like any other term. Each term is answered alone, so a
//! query refined from a longer one, or a part of one, finds its terms' answers too.

use super::eval;
use super::lang::{self, Expr, Value as Q};
use crate::dataset::Dataset;

/// The answers, per session, to terms that read documents: those of one query, or (kept from query
/// to query, [`DocumentAnswers::merge`]) of the last few.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocumentAnswers {
    terms: Vec<Term>,
    /// Sessions answered so far (they are answered in any order, a window at a time).
    pub answered: usize,
}

/// Terms whose answers are kept from query to query, at most: typing a query of paths, and going back
/// to one, reads the documents again only for a term not among them (each is a bit per session).
pub const KEPT: usize = 16;

#[derive(Debug, Clone, PartialEq)]
struct Term {
    name: String,
    lower: String,
    value: Q,
    /// One bit per session: whether it matches.
    bits: Vec<u64>,
}

impl DocumentAnswers {
    /// The terms of `query` that read documents, none answered yet; `None` when it has none (or does
    /// not parse: it is then searched as free text).
    pub fn new(ds: &Dataset, query: &str) -> Option<DocumentAnswers> {
        let mut terms = Vec::new();
        collect(&lang::parse(query).ok()?, &mut |name, value| {
            let lower = name.to_ascii_lowercase();
            if eval::reads_document(&lower)
                && !terms.iter().any(|t: &Term| t.lower == lower && t.value == *value)
            {
                terms.push(Term {
                    name: name.to_string(),
                    lower,
                    value: value.clone(),
                    bits: vec![0; ds.sessions().len().div_ceil(64)],
                });
            }
        });
        (!terms.is_empty()).then_some(DocumentAnswers { terms, answered: 0 })
    }

    /// These terms less those `known` answers already; `None` when it answers them all.
    pub fn without(mut self, known: &DocumentAnswers) -> Option<DocumentAnswers> {
        self.terms
            .retain(|t| !known.terms.iter().any(|k| k.lower == t.lower && k.value == t.value));
        (!self.terms.is_empty()).then_some(self)
    }

    /// Keeps the answers of `newer` too, and of the last [`KEPT`] terms at most.
    pub fn merge(&mut self, newer: DocumentAnswers) {
        self.terms.extend(newer.terms);
        let over = self.terms.len().saturating_sub(KEPT);
        self.terms.drain(..over);
        self.answered = self.answered.max(newer.answered);
    }

    /// Answers every term for session `i`, whose documents must be readable now (fetched:
    /// [`Dataset::session_fetches`]).
    pub fn answer(&mut self, ds: &Dataset, i: usize) {
        let Some(e) = ds.sessions().get(i) else { return };
        // Parsed once for every term.
        let doc = std::cell::OnceCell::new();
        for t in &mut self.terms {
            if eval::document_term(ds, e, &doc, &t.name, &t.lower, &t.value) {
                if let Some(w) = t.bits.get_mut(i / 64) {
                    *w |= 1 << (i % 64);
                }
            }
        }
        self.answered += 1;
    }
}

impl eval::KnownAnswers for DocumentAnswers {
    fn get(&self, lower: &str, value: &Q, i: usize) -> Option<bool> {
        let t = self.terms.iter().find(|t| t.lower == lower && t.value == *value)?;
        Some(t.bits.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1))
    }
}

fn collect<'e>(expr: &'e Expr, f: &mut impl FnMut(&'e str, &'e Q)) {
    match expr {
        Expr::Term { field: Some(name), value } => f(name, value),
        Expr::Not(x) => collect(x, f),
        Expr::And(xs) | Expr::Or(xs) => xs.iter().for_each(|x| collect(x, f)),
        Expr::All | Expr::Term { field: None, .. } => {}
    }
}
