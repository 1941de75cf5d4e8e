//! What every page can read: the app's state as the provider hands it down, with the dispatcher
//! and the handles of the effects (loads, answers, documents read back).

use crate::data::Data;
use crate::state::{AppState, Theme};
use std::rc::Rc;
use trailview_core::review::Marks;
use trailview_core::time::TimeMode;
use yew::prelude::*;

/// What every component can read: the data, the time mode, and the dispatcher.
#[derive(Clone, PartialEq)]
pub struct Ctx {
    pub data: Data,
    pub mode: TimeMode,
    pub query: String,
    /// The last query that parses, which the list answers (see [`AppState::applied`]).
    pub applied: String,
    pub sort: trailview_core::query::Sort,
    /// Loads under way, so a view can say "loading" rather than "not loaded".
    pub pending: usize,
    pub marks: Rc<Marks>,
    pub theme: Theme,
    pub insight_settings: Rc<trailview_core::insights::Settings>,
    /// The answers to the audit questions for this data and these settings, worked out on first use.
    pub answers: Rc<crate::insight_state::LazyAnswers>,
    /// Where every source hands its files.
    pub loads: Rc<crate::loading::Loads>,
    /// The answers of terms of document paths, read ahead and kept (see [`crate::read_back`]).
    pub documents: Rc<crate::read_back::KeptAnswers>,
    pub dispatch: UseReducerDispatcher<AppState>,
}

impl Ctx {
    /// What the list's query is matched with: marks, (only when the query asks for them) the
    /// answers to the audit questions, in the Insights time zone, and its terms of document paths
    /// when they were answered ahead ([`crate::read_back`]).
    pub fn query_context<'a>(
        &'a self,
        answers: &'a Option<Rc<trailview_core::insights::Answers>>,
        documents: Option<&'a trailview_core::query::documents::DocumentAnswers>,
    ) -> trailview_core::query::Context<'a> {
        trailview_core::query::Context {
            marks: &self.marks,
            answers: answers.as_deref(),
            zone: self.insight_settings.zone,
            documents: documents.map(|d| d as &dyn trailview_core::query::eval::KnownAnswers),
        }
    }

    /// The answers, when `query` names an insight (working them out is skipped for every other query).
    pub fn answers_for(&self, query: &str) -> Option<Rc<trailview_core::insights::Answers>> {
        query.to_ascii_lowercase().contains("insight").then(|| self.answers.get())
    }
}

/// The app context; panics only if a component is mounted outside `App`, a programming error.
#[hook]
pub fn use_ctx() -> Ctx {
    use_context::<Ctx>().expect("components are mounted inside App's context provider")
}
