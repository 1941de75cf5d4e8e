//! The Insights page's settings in the browser's storage, and the answers to the audit questions,
//! worked out once per dataset and settings, and only when a view asks (the list needs them only for
//! an `insight:` query).

use crate::state::Data;
use std::cell::OnceCell;
use std::rc::Rc;
use trailview_core::insights::{self, Answers, Settings};

const STORAGE_KEY: &str = "trailview.insights.v1";

fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

/// The stored settings, or the defaults.
pub fn load() -> Settings {
    storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|t| serde_json::from_str(&t).ok())
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
}

impl LazyAnswers {
    pub fn new(data: Data, settings: Rc<Settings>) -> LazyAnswers {
        LazyAnswers { data, settings, answers: OnceCell::new() }
    }

    pub fn get(&self) -> Rc<Answers> {
        self.answers.get_or_init(|| Rc::new(insights::compute(&self.data, &self.settings))).clone()
    }
}

impl PartialEq for LazyAnswers {
    fn eq(&self, other: &Self) -> bool {
        self.data == other.data && Rc::ptr_eq(&self.settings, &other.settings)
    }
}
