//! Documents of a file read in windows, fetched from the `File` before a view reads them.
//!
//! Such a file's text is not held: its documents are read back from the file when shown, exported or
//! queried by path. The browser reads a file only asynchronously, while the core reads documents at
//! once, so each view first asks the core what to fetch ([`Dataset::session_fetches`]), fetches it
//! here, and reads once it is in.

use crate::data::Data;
use crate::loader::FileBacking;
use std::any::Any;
use std::cell::Cell;
use std::rc::Rc;
use trailview_core::dataset::{coalesce, Dataset, Fetch};
use trailview_core::number::fixed;
use trailview_core::query::documents::DocumentAnswers;
use yew::prelude::*;

/// Ranges closer than this are read as one: a session's documents are usually near each other.
const GAP: usize = 64 << 10;

/// Fetches `fetches` from their files, so the documents in them can be read.
pub async fn fetch(ds: &Dataset, fetches: Vec<Fetch>) -> Result<(), String> {
    let fetches = coalesce(fetches, GAP);
    for group in fetches.chunk_by(|a, b| a.file == b.file) {
        let file = group[0].file;
        let backing =
            ds.backing(file).and_then(|b| (b.as_ref() as &dyn Any).downcast_ref::<FileBacking>());
        let Some(backing) = backing else { continue };
        backing
            .fetch(group.iter().map(|f| f.range.clone()))
            .await
            .map_err(|e| format!("{}: {e}", ds.files()[file].name))?;
    }
    Ok(())
}

/// Whether what a view reads is in.
#[derive(Clone, PartialEq)]
pub enum ReadBack {
    Ready,
    Reading,
    Failed(String),
}

/// Fetches what a view is about to read (`fetches`, empty when memory holds it) and renders again once
/// it is in; what a later fetch let go of is fetched again.
#[hook]
pub fn use_read_back(data: &Data, fetches: Vec<Fetch>) -> ReadBack {
    let failed = use_state(|| None::<(Vec<Fetch>, String)>);
    let redraw = use_force_update();
    let waiting = fetches.iter().any(|f| !data.fetched(f));
    {
        let failed = failed.clone();
        use_effect_with(
            (data.clone(), fetches.clone(), waiting),
            move |(data, fetches, waiting)| {
                if *waiting {
                    let (data, fetches) = (data.clone(), fetches.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        match fetch(&data.0, fetches.clone()).await {
                            Ok(()) => redraw.force_update(),
                            Err(e) => failed.set(Some((fetches, e))),
                        }
                    });
                }
            },
        );
    }
    match &*failed {
        Some((f, e)) if *f == fetches => ReadBack::Failed(e.clone()),
        _ if waiting => ReadBack::Reading,
        _ => ReadBack::Ready,
    }
}

/// Bytes of documents fetched at a time when a query of paths reads them all, and sessions answered
/// at a time: about as many as the page parses in one turn.
const WINDOW: usize = 2 << 20;
const SESSIONS_AT_ONCE: usize = 1_000;

/// Sessions past which a query of paths is answered ahead even when memory holds the documents: the
/// page then parses them a share at a time, saying how far it got, rather than in one long task.
const AHEAD_FROM: usize = 5_000;

/// Whether terms of document paths over `data` are answered ahead.
fn ahead_over(data: &Dataset) -> bool {
    data.reads_back() || data.sessions().len() > AHEAD_FROM
}

/// Answers the terms of `answers` that read documents for every session, fetching the sessions'
/// documents a window at a time; `progress` hears how many sessions are answered, and `stop`
/// ends it early (a newer query), with `None`.
pub async fn answer_documents(
    data: Data,
    mut answers: DocumentAnswers,
    progress: impl Fn(usize),
    stop: impl Fn() -> bool,
) -> Result<Option<DocumentAnswers>, String> {
    let ds = &data.0;
    let n = ds.sessions().len();
    let mut i = 0;
    while i < n {
        let (from, mut bytes, mut fetches) = (i, 0, Vec::new());
        while i < n && bytes < WINDOW && i - from < SESSIONS_AT_ONCE {
            for f in ds.session_fetches(&ds.sessions()[i]) {
                bytes += f.range.len();
                fetches.push(f);
            }
            i += 1;
        }
        fetch(ds, fetches).await?;
        if stop() {
            return Ok(None);
        }
        (from..i).for_each(|k| answers.answer(ds, k));
        progress(i);
        if bytes == 0 {
            // Nothing was fetched, so nothing was waited for: a turn for the page all the same.
            crate::turns::yield_now().await;
        }
    }
    Ok(Some(answers))
}

/// A query's terms that read documents, answered ahead while the documents are read back.
#[derive(Clone)]
pub enum Ahead {
    /// The query reads no documents, or memory holds them: it is answered as it is.
    None,
    /// Sessions answered so far, of all.
    Reading(usize, usize),
    Ready(Rc<DocumentAnswers>),
    Failed(String),
}

impl Ahead {
    /// The answers, once read.
    pub fn documents(&self) -> Option<&DocumentAnswers> {
        match self {
            Ahead::Ready(answers) => Some(answers),
            _ => None,
        }
    }
}

/// Answers are the same when they are one (a memo compares them on every render).
impl PartialEq for Ahead {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Ahead::None, Ahead::None) => true,
            (Ahead::Reading(a, b), Ahead::Reading(c, d)) => (a, b) == (c, d),
            (Ahead::Ready(a), Ahead::Ready(b)) => Rc::ptr_eq(a, b),
            (Ahead::Failed(a), Ahead::Failed(b)) => a == b,
            _ => false,
        }
    }
}

/// The answers of terms that read documents, kept for the data they answer: one for the app, so the
/// list and the Insights page answer a query's terms once between them.
#[derive(Default)]
pub struct KeptAnswers(std::cell::RefCell<(Data, Rc<DocumentAnswers>)>);

impl PartialEq for KeptAnswers {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

/// Answers the terms of `query` that read documents ahead, when the documents must be read back
/// from their files. Answers are kept for the next queries ([`DocumentAnswers::merge`]), so only a
/// term not answered before reads the documents; a newer query or dataset stops the last one's reading.
#[hook]
pub fn use_answers_ahead(kept: &Rc<KeptAnswers>, data: &Data, query: &str) -> Ahead {
    // What the reading for a query has come to.
    let status = use_state(|| (Data::default(), String::new(), Ahead::None));
    let generation = use_memo((), |_| Cell::new(0u32));
    {
        // A dataset that differs only in what arrived after its load (a file's hash) holds the same
        // sessions and documents: its answers, and a reading under way, stay.
        let mut k = kept.0.borrow_mut();
        if k.0 != *data && !k.0.same_sessions(data) {
            *k = (data.clone(), Rc::default());
        }
    }
    let data = &kept.0.borrow().0.clone();
    let needed = if ahead_over(data) { DocumentAnswers::new(data, query) } else { None };
    // `None`: the query reads no documents here; `Some(None)`: every term of it is answered.
    let missing = needed.map(|n| n.without(&kept.0.borrow().1));
    let (reads, to_read) = (missing.is_some(), missing.flatten());
    let answered = reads && to_read.is_none();
    {
        let (kept, status, generation) = (kept.clone(), status.clone(), generation.clone());
        // Run when the data or the query changes, with what this render found still to read.
        use_effect_with((data.clone(), query.to_string()), move |(data, query)| {
            let run = generation.get().wrapping_add(1);
            generation.set(run);
            let Some(missing) = to_read else { return };
            let total = data.sessions().len();
            status.set((data.clone(), query.clone(), Ahead::Reading(0, total)));
            let live = generation.clone();
            let (data, query) = (data.clone(), query.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let stale = || live.get() != run;
                let last_shown = Cell::new(0.0);
                let progress = |done: usize| {
                    let now = js_sys::Date::now();
                    if !stale() && now - last_shown.get() > 200.0 {
                        last_shown.set(now);
                        status.set((data.clone(), query.clone(), Ahead::Reading(done, total)));
                    }
                };
                let result = answer_documents(data.clone(), missing, progress, stale).await;
                if stale() {
                    return;
                }
                let ahead = match result {
                    Ok(Some(answers)) => {
                        let mut k = kept.0.borrow_mut();
                        if k.0 == data {
                            let mut all = (*k.1).clone();
                            all.merge(answers);
                            k.1 = Rc::new(all);
                        }
                        Ahead::Ready(k.1.clone())
                    }
                    Ok(None) => return,
                    Err(e) => Ahead::Failed(e),
                };
                status.set((data.clone(), query.clone(), ahead));
            });
        });
    }
    match (reads, answered) {
        (false, _) => Ahead::None,
        (true, true) => Ahead::Ready(kept.0.borrow().1.clone()),
        (true, false) => match &*status {
            (d, q, ahead @ (Ahead::Reading(..) | Ahead::Failed(_))) if d == data && q == query => {
                ahead.clone()
            }
            _ => Ahead::Reading(0, data.sessions().len()),
        },
    }
}

/// What a query of document paths waits for, over a file whose documents are read back from disk.
pub fn ahead_note(ahead: &Ahead, from_disk: bool) -> Html {
    match ahead {
        Ahead::Reading(done, total) => html! {
            <p class="notice info ahead" role="status">
                { format!(
                    "This query reads fields of the session documents{}: reading them… {} of {} sessions ({} %). The list fills in when they are all read.",
                    if from_disk { ", which a large file keeps on disk" } else { "" },
                    done, total, fixed(*done as f64 * 100.0 / (*total).max(1) as f64, 0)
                ) }
            </p>
        },
        Ahead::Failed(why) => html! {
            <p class="notice error ahead" role="alert">{ format!("This query reads fields of the documents, and they could not be read back: {why}. Terms of the list's own columns still work.") }</p>
        },
        Ahead::None | Ahead::Ready(_) => html! {},
    }
}
