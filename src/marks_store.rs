//! Review marks in the browser's local storage, keyed by the SHA-256 of the file a session came from
//! and the session key, so marks follow the evidence and never attach to a different export that
//! happens to reuse a key. Nothing here leaves the browser.

use std::collections::HashMap;
use trailview_core::dataset::{Dataset, Origin, SessionEntry};
use trailview_core::review::{self, Mark, Marks};

const STORAGE_KEY: &str = "trailview.review-marks.v1";

/// Every stored mark, by "<sha256>/<session key>".
pub type Stored = HashMap<String, Mark>;

fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

pub fn load() -> Stored {
    let Some(text) = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()) else {
        return Stored::new();
    };
    serde_json::from_slice(text.as_bytes())
        .ok()
        .and_then(|v| review::from_json(&v).ok())
        .unwrap_or_default()
}

/// Writes every stored mark to local storage (an effect of the app, when they change).
pub fn save(all: &Stored) {
    if let Some(s) = storage() {
        let text = review::to_json(all).to_string();
        let _ = s.set_item(STORAGE_KEY, &text);
    }
}

/// The storage key of a session's marks; `None` while its file's hash is not known.
/// The built-in demo has no hash computed; it is one fixed file, so it has a fixed name instead.
pub fn slot(ds: &Dataset, e: &SessionEntry) -> Option<String> {
    let f = ds.file_of_session(e)?;
    let id = match f.origin {
        Origin::Demo => "demo",
        _ => f.sha256.as_deref()?,
    };
    Some(format!("{id}/{}", e.key))
}

/// The marks of the loaded sessions, by session key.
pub fn for_dataset(ds: &Dataset, all: &Stored) -> Marks {
    if all.is_empty() {
        return Marks::new();
    }
    ds.sessions()
        .iter()
        .filter_map(|e| Some((e.key.clone(), all.get(&slot(ds, e)?)?.clone())))
        .collect()
}

/// Sets (or, when empty, removes) one session's marks.
pub fn set(all: &mut Stored, slot: String, mark: Mark) {
    if mark.is_empty() {
        all.remove(&slot);
    } else {
        all.insert(slot, mark);
    }
}

/// Imports an export of marks (by session key) onto the loaded sessions; returns how many were set.
pub fn import(all: &mut Stored, ds: &Dataset, marks: &Marks) -> usize {
    let mut n = 0;
    for e in ds.sessions() {
        if let (Some(m), Some(slot)) = (marks.get(&e.key), slot(ds, e)) {
            all.insert(slot, m.clone());
            n += 1;
        }
    }
    n
}
