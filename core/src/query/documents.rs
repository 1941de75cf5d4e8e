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

/// The answers, per session, to each term of one query that reads documents.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocumentAnswers {
    /// The query answered.
    pub query: String,
    terms: Vec<Term>,
    /// Sessions answered so far (they are answered in any order, a window at a time).
    pub answered: usize,
}

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
            if eval::reads_document(&lower) && !terms.iter().any(|t: &Term| t.lower == lower && t.value == *value) {
                terms.push(Term { name: name.to_string(), lower, value: value.clone(), bits: vec![0; ds.sessions.len().div_ceil(64)] });
            }
        });
        (!terms.is_empty()).then(|| DocumentAnswers { query: query.to_string(), terms, answered: 0 })
    }

    /// Answers every term for session `i`, whose documents must be readable now (fetched:
    /// [`Dataset::session_fetches`]).
    pub fn answer(&mut self, ds: &Dataset, i: usize) {
        let Some(e) = ds.sessions.get(i) else { return };
        for t in &mut self.terms {
            if eval::document_term(ds, e, &t.name, &t.lower, &t.value) {
                if let Some(w) = t.bits.get_mut(i / 64) {
                    *w |= 1 << (i % 64);
                }
            }
        }
        self.answered += 1;
    }

    /// Whether session `i` matches the term `lower`:`value`, when it is one of these.
    pub(super) fn get(&self, lower: &str, value: &Q, i: usize) -> Option<bool> {
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
