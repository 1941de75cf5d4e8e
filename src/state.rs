//! The one owner of app state: the loaded dataset, messages to the user, the time zone choice.
//! Components dispatch [`Action`]s; the reducer only computes the next state (it calls the core,
//! never the DOM or storage): keeping the marks and the theme, and letting go of held files, are
//! effects of `App` keyed on the state.

use crate::data::Data;
use std::rc::Rc;
use trailview_core::dataset::FileReport;
use trailview_core::review::{Mark, Marks};
use trailview_core::time::TimeMode;
use yew::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Info,
}

/// A message shown at the top of the page until dismissed.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub id: u32,
    pub level: Level,
    pub title: String,
    pub details: Vec<String>,
}

#[derive(Clone, PartialEq, Default)]
pub struct AppState {
    pub data: Data,
    pub notices: Vec<Notice>,
    /// True while only the bundled demo export is loaded.
    pub demo: bool,
    pub time_mode: TimeMode,
    /// Loads under way (file reads, fetches).
    pub pending: usize,
    /// The session list's search text and order, kept while the user visits sessions.
    pub query: String,
    /// The last search text that parses: the list answers it, and the URL keeps it, while the box
    /// holds a half-typed query (`protocol:(SSH`) that does not.
    pub applied: String,
    pub sort: trailview_core::query::Sort,
    /// Every review mark in local storage, and those of the loaded sessions (by session key).
    pub stored: Rc<crate::marks_store::Stored>,
    pub marks: Rc<Marks>,
    pub theme: Theme,
    /// A long load under way.
    pub progress: Option<crate::incoming::Progress>,
    /// How the Insights page asks its questions (kept in local storage by an effect in `App`).
    pub insight_settings: Rc<trailview_core::insights::Settings>,
    /// Moves on at each Clear: a load begun before it is not wanted (see [`crate::loading::Loads`]).
    pub epoch: u32,
    next_id: u32,
}

/// The colour scheme: the system's, or one the user chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }
    pub fn slug(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
    pub fn from_slug(s: &str) -> Theme {
        match s {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }
}

impl AppState {
    /// The state at start: marks and theme come from local storage.
    pub fn new() -> AppState {
        let stored = crate::marks_store::load();
        let theme = gloo::utils::window()
            .local_storage()
            .ok()
            .flatten()
            .and_then(|s| s.get_item(THEME_KEY).ok().flatten())
            .map_or(Theme::System, |t| Theme::from_slug(&t));
        let insight_settings = Rc::new(crate::insight_state::load());
        AppState { stored: Rc::new(stored), theme, insight_settings, ..AppState::default() }
    }

    fn refresh_marks(&mut self) {
        self.marks = Rc::new(crate::marks_store::for_dataset(&self.data, &self.stored));
    }
}

pub const THEME_KEY: &str = "trailview.theme";

pub enum Action {
    /// A load finished (see [`crate::loading`]): the new dataset and a report per file.
    Loaded(Box<crate::incoming::Outcome>),
    /// What a long load has read so far, shown while it goes on (the epoch it began in).
    Early(Data, u32),
    /// A large file's SHA-256, worked out after its load.
    Hashed(crate::incoming::Hashed),
    /// A long load's progress; `None` when it is over.
    Progress(Option<crate::incoming::Progress>),
    Started(usize),
    /// Removes everything loaded.
    Clear,
    SetTimeMode(TimeMode),
    Dismiss(u32),
    /// Something the user asked for went wrong (an export whose documents could not be read back).
    Problem(String),
    Search(String),
    /// Sorts by a column; the same column again flips the direction.
    SortBy(trailview_core::columns::Col),
    /// Sets the whole order (from a link, or a preset).
    SetSort(trailview_core::query::Sort),
    /// Sets a session's review marks.
    Mark(String, Mark),
    /// Review marks from an exported file, by session key.
    ImportMarks(Marks),
    SetTheme(Theme),
    /// New settings for the Insights page's questions.
    SetInsightSettings(trailview_core::insights::Settings),
}

/// Messages kept on screen at most; older ones drop off.
const MAX_NOTICES: usize = 6;

impl AppState {
    fn notify(&mut self, level: Level, title: String, details: Vec<String>) {
        self.next_id += 1;
        self.notices.push(Notice { id: self.next_id, level, title, details });
        if self.notices.len() > MAX_NOTICES {
            let drop = self.notices.len() - MAX_NOTICES;
            self.notices.drain(..drop);
        }
    }
}

impl AppState {
    /// Tells the user what a file held and what went wrong.
    fn notify_report(&mut self, name: &str, report: &FileReport) {
        let loaded_nothing = report.summary.is_empty();
        if !report.errors.is_empty() {
            let title = if loaded_nothing {
                format!("Could not load {name}")
            } else {
                format!(
                    "Loaded {name} ({}), but {} could not be read",
                    report.summary,
                    trailview_core::present::count(report.errors.len(), "part", "parts")
                )
            };
            self.notify(
                Level::Error,
                title,
                report.errors.iter().map(ToString::to_string).collect(),
            );
        }
        if !report.unrecognised.is_empty() {
            self.notify(
                Level::Warning,
                format!(
                    "{name}: not recognised as an SPS audit document; kept as raw JSON under Files"
                ),
                report.unrecognised.clone(),
            );
        }
        if report.errors.is_empty() && !loaded_nothing && report.unrecognised.is_empty() {
            let mut details = vec![];
            if report.warnings > 0 {
                details.push(format!(
                    "{} about its contents {} shown on the list and sessions.",
                    trailview_core::present::count(report.warnings, "warning", "warnings"),
                    if report.warnings == 1 { "is" } else { "are" }
                ));
            }
            self.notify(Level::Info, format!("Loaded {name}: {}", report.summary), details);
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Loaded(outcome) => {
                let outcome = *outcome;
                if outcome.epoch != s.epoch {
                    // Cleared while it loaded: what it read is not wanted.
                    s.progress = None;
                    s.pending = s.pending.saturating_sub(outcome.files.len());
                    return Rc::new(s);
                }
                s.pending = s.pending.saturating_sub(outcome.files.len());
                s.progress = None;
                if outcome.replaced_demo {
                    s.notify(
                        Level::Info,
                        "Demo data cleared".into(),
                        vec!["The demo export was removed before loading your files.".into()],
                    );
                }
                s.demo = outcome.demo;
                for (name, result) in &outcome.files {
                    match result {
                        Ok(report) => s.notify_report(name, report),
                        Err(message) => s.notify(
                            Level::Error,
                            format!("Could not load {name}"),
                            vec![message.clone()],
                        ),
                    }
                }
                s.data = outcome.data;
                s.refresh_marks();
            }
            Action::Early(data, epoch) => {
                if epoch == s.epoch {
                    s.data = data;
                    s.demo = false;
                    s.refresh_marks();
                }
            }
            Action::Progress(p) => s.progress = p,
            Action::Hashed(h) => {
                if h.epoch == s.epoch {
                    let mut ds = (*s.data.0).clone();
                    if crate::incoming::apply_hash(&mut ds, &h) {
                        s.data = Data(Rc::new(ds));
                        s.refresh_marks();
                    }
                }
            }
            Action::Started(n) => s.pending += n,
            Action::Clear => {
                // The files held for the error panel are let go by an effect of the new epoch.
                s.epoch = s.epoch.wrapping_add(1);
                s.data = Data::default();
                s.demo = false;
                s.notices.clear();
                s.refresh_marks();
            }
            Action::SetSort(order) => s.sort = order,
            Action::Mark(key, mark) => {
                let slot = s.data.session(&key).and_then(|e| crate::marks_store::slot(&s.data, e));
                match slot {
                    Some(slot) => {
                        crate::marks_store::set(Rc::make_mut(&mut s.stored), slot, mark.clone());
                        // One session's marks changed; the rest are as they were (a refresh would work
                        // out the storage key of every loaded session, 100,000 strings for one click).
                        let mut marks = (*s.marks).clone();
                        if mark.is_empty() {
                            marks.remove(&key);
                        } else {
                            marks.insert(key, mark);
                        }
                        s.marks = Rc::new(marks);
                    }
                    None => s.notify(
                        Level::Warning,
                        "Mark not saved".into(),
                        vec![format!("the file of session {key} has no hash yet; try again")],
                    ),
                }
            }
            Action::ImportMarks(marks) => {
                let n = crate::marks_store::import(Rc::make_mut(&mut s.stored), &s.data, &marks);
                s.refresh_marks();
                let unmatched = marks.len().saturating_sub(n);
                let mut details = vec![format!(
                    "{} marked",
                    trailview_core::present::count(n, "session", "sessions")
                )];
                if unmatched > 0 {
                    details.push(if unmatched == 1 {
                        "1 mark names a session that is not loaded and was skipped".to_string()
                    } else {
                        format!(
                            "{unmatched} marks name sessions that are not loaded and were skipped"
                        )
                    });
                }
                s.notify(Level::Info, "Review marks imported".into(), details);
            }
            Action::SetTheme(t) => s.theme = t,
            Action::SetTimeMode(m) => s.time_mode = m,
            Action::SetInsightSettings(settings) => s.insight_settings = Rc::new(settings),
            Action::Dismiss(id) => s.notices.retain(|n| n.id != id),
            Action::Problem(title) => s.notify(Level::Error, title, vec![]),
            Action::Search(q) => {
                if trailview_core::query::lang::parse(&q).is_ok() {
                    s.applied = q.clone();
                }
                s.query = q;
            }
            Action::SortBy(key) => {
                s.sort = if s.sort.key == key {
                    trailview_core::query::Sort { key, descending: !s.sort.descending }
                } else {
                    let descending = key.column().sort.as_ref().is_some_and(|s| s.descending_first);
                    trailview_core::query::Sort { key, descending }
                };
            }
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    //! The reducer, natively: it computes the next state and touches nothing else, so it runs
    //! without a browser.
    use super::*;
    use crate::incoming::Outcome;
    use trailview_core::columns::Col;
    use trailview_core::dataset::{Dataset, Origin};
    use trailview_core::query::Sort;

    fn reduce(s: AppState, a: Action) -> AppState {
        (*Rc::new(s).reduce(a)).clone()
    }

    fn loaded(epoch: u32, origin: Origin, text: &str) -> Action {
        let mut ds = Dataset::new();
        let report = ds.add_file("a.ndjson", text.as_bytes(), origin);
        Action::Loaded(Box::new(Outcome {
            data: Data(Rc::new(ds)),
            epoch,
            files: vec![("a.ndjson".into(), Ok(report))],
            replaced_demo: false,
            demo: false,
            to_hash: vec![],
        }))
    }

    const ONE: &str = r#"{"key": "k1", "body": {"protocol": "SSH", "user": {"name": "alice"}}}"#;

    #[test]
    fn a_query_that_parses_is_applied_and_one_that_does_not_is_held() {
        let s = reduce(AppState::default(), Action::Search("protocol:SSH".into()));
        assert_eq!((s.query.as_str(), s.applied.as_str()), ("protocol:SSH", "protocol:SSH"));
        let s = reduce(s, Action::Search("protocol:(SSH".into()));
        assert_eq!((s.query.as_str(), s.applied.as_str()), ("protocol:(SSH", "protocol:SSH"));
    }

    #[test]
    fn sorting_by_a_column_takes_its_first_direction_and_again_flips_it() {
        let s = reduce(AppState::default(), Action::SortBy(Col::Score));
        assert_eq!(s.sort, Sort { key: Col::Score, descending: true });
        let s = reduce(s, Action::SortBy(Col::Score));
        assert_eq!(s.sort, Sort { key: Col::Score, descending: false });
        let s = reduce(s, Action::SortBy(Col::User));
        assert_eq!(s.sort, Sort { key: Col::User, descending: false });
    }

    #[test]
    fn a_load_replaces_the_data_and_says_what_it_read_unless_a_clear_came_first() {
        let s = reduce(AppState::default(), Action::Started(1));
        let s = reduce(s, loaded(0, Origin::Local, ONE));
        assert_eq!((s.data.sessions().len(), s.pending), (1, 0));
        assert_eq!(s.notices.last().map(|n| n.level), Some(Level::Info));
        let s = reduce(s, Action::Clear);
        assert_eq!((s.data.sessions().len(), s.epoch, s.notices.len()), (0, 1, 0));
        // A load begun before the Clear is not wanted.
        let s = reduce(reduce(s, Action::Started(1)), loaded(0, Origin::Local, ONE));
        assert_eq!((s.data.sessions().len(), s.pending), (0, 0));
    }

    #[test]
    fn a_broken_file_is_an_error_notice_naming_its_place() {
        let s = reduce(
            AppState::default(),
            loaded(0, Origin::Local, "{\"key\": \"k1\",\n  \"body\": }"),
        );
        let n = s.notices.last().expect("a notice");
        assert_eq!(n.level, Level::Error);
        assert!(n.details[0].starts_with("a.ndjson, line 2, column"), "{:?}", n.details);
    }

    #[test]
    fn marks_need_the_evidence_named_and_notices_can_be_dismissed() {
        // A local file's hash is not known yet: the mark cannot be kept.
        let s = reduce(AppState::default(), loaded(0, Origin::Local, ONE));
        let mark = Mark { flagged: true, ..Mark::default() };
        let s = reduce(s, Action::Mark("k1".into(), mark.clone()));
        assert!(s.marks.is_empty() && s.stored.is_empty());
        assert_eq!(s.notices.last().map(|n| n.title.as_str()), Some("Mark not saved"));
        // The demo is one fixed file, named without a hash.
        let s = reduce(s, loaded(0, Origin::Demo, ONE));
        let s = reduce(s, Action::Mark("k1".into(), mark.clone()));
        assert_eq!(s.marks.get("k1"), Some(&mark));
        assert_eq!(s.stored.get("demo/k1"), Some(&mark));
        let id = s.notices.last().map(|n| n.id).unwrap_or_default();
        let before = s.notices.len();
        let s = reduce(s, Action::Dismiss(id));
        assert_eq!(s.notices.len(), before - 1);
    }
}
