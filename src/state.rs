//! The one owner of app state: the loaded dataset, messages to the user, the time zone choice.
//! Components dispatch [`Action`]s; the reducer calls the core and never touches the DOM.

use std::rc::Rc;
use trailview_core::dataset::{Dataset, Origin};
use trailview_core::time::TimeMode;
use yew::prelude::*;

/// The dataset behind an `Rc`, compared by identity: every change makes a new one, and comparing
/// by value would walk every document on every render.
#[derive(Clone, Default)]
pub struct Data(pub Rc<Dataset>);

impl PartialEq for Data {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for Data {
    type Target = Dataset;
    fn deref(&self) -> &Dataset {
        &self.0
    }
}

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
    pub sort: trailview_core::query::Sort,
    next_id: u32,
}

/// One file of a load: its bytes, or why they could not be had (network error, HTTP status, read failure).
pub struct Incoming {
    pub name: String,
    pub origin: Origin,
    pub bytes: Result<Vec<u8>, String>,
    /// The user's own `File`, kept for the error panel so a local file is never copied for it.
    pub file: Option<web_sys::Blob>,
}

pub enum Action {
    /// Files to add to what is loaded, in the order given. One action per user gesture, so the
    /// dataset is rebuilt once however many files were dropped.
    Load(Vec<Incoming>),
    Started(usize),
    /// Removes everything loaded.
    Clear,
    SetTimeMode(TimeMode),
    Dismiss(u32),
    Search(String),
    /// Sorts by a column; the same column again flips the direction.
    SortBy(trailview_core::query::SortKey),
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
    /// Adds one file to `ds` and tells the user what it held and what went wrong.
    fn report(&mut self, ds: &mut Dataset, name: &str, bytes: &[u8], origin: Origin) {
        let report = ds.add_file(name, bytes, origin);
        let loaded_nothing = report.summary.is_empty();
        if !report.errors.is_empty() {
            let title = if loaded_nothing {
                format!("Could not load {name}")
            } else {
                format!("Loaded {name} ({}), but {} part(s) could not be read", report.summary, report.errors.len())
            };
            self.notify(Level::Error, title, report.errors.iter().map(ToString::to_string).collect());
        }
        if !report.unrecognised.is_empty() {
            self.notify(
                Level::Warning,
                format!("{name}: not recognised as an SPS audit document; kept as raw JSON under Files"),
                report.unrecognised.clone(),
            );
        }
        if report.errors.is_empty() && !loaded_nothing && report.unrecognised.is_empty() {
            let mut details = vec![];
            if report.warnings > 0 {
                details.push(format!("{} warning(s) about its contents are shown on the list and sessions.", report.warnings));
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
            Action::Load(files) => {
                s.pending = s.pending.saturating_sub(files.len());
                let all_demo = files.iter().all(|f| f.origin == Origin::Demo);
                // Evidence is never mixed with made-up data: the first real file replaces the demo.
                let replace_demo = s.demo && !all_demo;
                let mut ds = if replace_demo { Dataset::new() } else { (*s.data.0).clone() };
                if replace_demo {
                    s.notify(
                        Level::Info,
                        "Demo data cleared".into(),
                        vec!["The demo export was removed before loading your files.".into()],
                    );
                }
                s.demo = all_demo && (s.demo || ds.is_empty());
                for f in files {
                    match f.bytes {
                        Ok(bytes) => {
                            if f.origin != Origin::Demo {
                                crate::rescue::keep(&f.name, f.file.as_ref(), &bytes);
                            }
                            s.report(&mut ds, &f.name, &bytes, f.origin)
                        }
                        Err(message) => s.notify(Level::Error, format!("Could not load {}", f.name), vec![message]),
                    }
                }
                s.data = Data(Rc::new(ds));
            }
            Action::Started(n) => s.pending += n,
            Action::Clear => {
                crate::rescue::clear();
                s.data = Data::default();
                s.demo = false;
                s.notices.clear();
            }
            Action::SetTimeMode(m) => s.time_mode = m,
            Action::Dismiss(id) => s.notices.retain(|n| n.id != id),
            Action::Search(q) => s.query = q,
            Action::SortBy(key) => {
                s.sort = if s.sort.key == key {
                    trailview_core::query::Sort { key, descending: !s.sort.descending }
                } else {
                    // Numbers and times read best largest first; names alphabetically.
                    use trailview_core::query::SortKey::*;
                    trailview_core::query::Sort { key, descending: matches!(key, Start | Duration | Score | Channels) }
                };
            }
        }
        Rc::new(s)
    }
}

/// What every component can read: the data, the time mode, and the dispatcher.
#[derive(Clone, PartialEq)]
pub struct Ctx {
    pub data: Data,
    pub mode: TimeMode,
    pub query: String,
    pub sort: trailview_core::query::Sort,
    /// Loads under way, so a view can say "loading" rather than "not loaded".
    pub pending: usize,
    pub dispatch: UseReducerDispatcher<AppState>,
}

/// The app context; panics only if a component is mounted outside `App`, a programming error.
#[hook]
pub fn use_ctx() -> Ctx {
    use_context::<Ctx>().expect("components are mounted inside App's context provider")
}
