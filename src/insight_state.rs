//! The Insights page's settings in the browser's storage, and the answers to the audit questions,
//! worked out once per dataset and settings: in steps between frames once loading ends (so the page
//! never waits on them and the Insights page usually finds them ready), or at once when the list
//! needs them for an `insight:` query before that.

use crate::data::Data;
use std::cell::{OnceCell, RefCell};
use std::rc::Rc;
use trailview_core::insights::{self, Answers, Computation, Settings};
use yew::Callback;

const STORAGE_KEY: &str = "trailview.insights.v1";

fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

/// The stored settings, or the defaults.
pub fn load() -> Settings {
    storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|t| serde_json::from_slice(t.as_bytes()).ok())
        .map_or_else(Settings::default, |v| Settings::from_json(&v))
}

pub fn save(s: &Settings) {
    if let Some(st) = storage() {
        let _ = st.set_item(STORAGE_KEY, &s.to_json().to_string());
    }
}

/// The answers for one dataset and one set of settings, computed on first use.
pub struct LazyAnswers {
    data: Data,
    settings: Rc<Settings>,
    answers: OnceCell<Rc<Answers>>,
    /// While the answers are worked out in steps: who is waiting for them.
    waiting: RefCell<Option<Vec<Callback<()>>>>,
}

impl LazyAnswers {
    pub fn new(data: Data, settings: Rc<Settings>) -> LazyAnswers {
        LazyAnswers { data, settings, answers: OnceCell::new(), waiting: RefCell::new(None) }
    }

    /// Whether these answers hold for `data` and `settings`: the same settings, and the very
    /// sessions these were asked of (a dataset that differs only in its files' hashes).
    pub fn answers_alike(&self, data: &Data, settings: &Rc<Settings>) -> bool {
        Rc::ptr_eq(&self.settings, settings)
            && (self.data == *data || self.data.same_sessions(data))
    }

    /// The answers, worked out now if they are not yet.
    pub fn get(&self) -> Rc<Answers> {
        self.answers.get_or_init(|| Rc::new(insights::compute(&self.data, &self.settings))).clone()
    }

    /// The answers if they are ready.
    pub fn ready(&self) -> Option<Rc<Answers>> {
        self.answers.get().cloned()
    }

    /// Works the answers out a step at a time, yielding to the page before each step, and calls
    /// `done` when they are ready (at once if they are). A computation already under way is joined,
    /// not repeated; one whose answers are no longer wanted (new data or settings) stops.
    pub fn start(self: &Rc<Self>, done: Callback<()>) {
        if self.answers.get().is_some() {
            done.emit(());
            return;
        }
        if let Some(list) = self.waiting.borrow_mut().as_mut() {
            list.push(done);
            return;
        }
        *self.waiting.borrow_mut() = Some(vec![done]);
        let me = Rc::downgrade(self);
        let mut steps = Computation::new((*self.settings).clone());
        wasm_bindgen_futures::spawn_local(async move {
            loop {
                crate::turns::yield_now().await;
                let Some(me) = me.upgrade() else { return };
                if me.answers.get().is_none() {
                    let Some(answers) = steps.step(&me.data) else { continue };
                    let _ = me.answers.set(Rc::new(answers));
                }
                let waiting = me.waiting.borrow_mut().take().unwrap_or_default();
                for w in waiting {
                    w.emit(());
                }
                return;
            }
        });
    }
}

impl PartialEq for LazyAnswers {
    fn eq(&self, other: &Self) -> bool {
        self.data == other.data && Rc::ptr_eq(&self.settings, &other.settings)
    }
}
