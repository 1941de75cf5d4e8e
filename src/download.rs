//! Saving text the user asked for (CSV, JSON) as a file: a Blob and a temporary link. Nothing is
//! sent anywhere; the browser writes the file.

use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

pub fn save(name: &str, mime: &str, text: &str) {
    save_parts(name, mime, &js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text)));
}

/// Saves text given in parts (strings), which the browser joins: a large export never needs one
/// string of all of it in the page's memory.
pub fn save_parts(name: &str, mime: &str, parts: &js_sys::Array) {
    let opts = BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = Blob::new_with_str_sequence_and_options(parts, &opts) else { return };
    let Ok(url) = Url::create_object_url_with_blob(&blob) else { return };
    let doc = gloo::utils::document();
    if let Some(a) =
        doc.create_element("a").ok().and_then(|e| e.dyn_into::<HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    // The click has started the download; the URL can go once the event loop turns.
    gloo::timers::callback::Timeout::new(1_000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
}
