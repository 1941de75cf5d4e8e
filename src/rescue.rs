//! What the error panel can still hand back if Trailview ever panics: the files the user loaded, held
//! by the browser as Blobs (local files are the user's own `File` objects, so nothing is copied).
//! After a panic the wasm instance is dead, but Blobs and plain links keep working without it.

use std::cell::RefCell;
use web_sys::{Blob, BlobPropertyBag};

thread_local! {
    static KEPT: RefCell<Vec<(String, Blob)>> = const { RefCell::new(Vec::new()) };
}

/// Remembers a loaded file; `bytes` are copied into a Blob only when there is no `File` to hold.
/// Returns the Blob kept.
pub fn keep(name: &str, file: Option<&Blob>, bytes: &[u8]) -> Option<Blob> {
    let blob = match file {
        Some(b) => Some(b.clone()),
        None => {
            let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes).into());
            let opts = BlobPropertyBag::new();
            opts.set_type("application/json");
            Blob::new_with_u8_array_sequence_and_options(&parts, &opts).ok()
        }
    };
    if let Some(blob) = &blob {
        KEPT.with(|k| {
            if let Ok(mut k) = k.try_borrow_mut() {
                k.push((name.to_string(), blob.clone()));
            }
        });
    }
    blob
}

/// Forgets everything (the user cleared the viewer).
pub fn clear() {
    KEPT.with(|k| {
        if let Ok(mut k) = k.try_borrow_mut() {
            k.clear();
        }
    });
}

/// Object URLs for every kept file, made at panic time. `try_borrow`: the panic may have happened
/// while the list was being changed.
pub fn download_links() -> Vec<(String, String)> {
    KEPT.with(|k| {
        let Ok(k) = k.try_borrow() else { return vec![] };
        k.iter()
            .filter_map(|(name, blob)| {
                web_sys::Url::create_object_url_with_blob(blob).ok().map(|url| (name.clone(), url))
            })
            .collect()
    })
}
