//! Browser I/O that turns user input into bytes: local files, and URLs given with `?src=`.
//! Bytes go to the core as they are; nothing is decoded to a JS string on the way.

use gloo::file::futures::read_as_bytes;
use web_sys::{File, FileList, Url, UrlSearchParams};

/// Reads one file chosen or dropped by the user.
pub async fn read_file(file: File) -> (String, Result<Vec<u8>, String>) {
    let name = file.name();
    let gf = gloo::file::File::from(file);
    let res = read_as_bytes(&gf).await.map_err(|e| format!("the browser could not read the file: {e}"));
    (name, res)
}

/// The files of a `FileList`, in order.
pub fn files(list: Option<FileList>) -> Vec<File> {
    let Some(list) = list else { return vec![] };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Every `src` parameter of the page URL, in order.
pub fn src_params() -> Vec<String> {
    let search = gloo::utils::window().location().search().unwrap_or_default();
    let Ok(params) = UrlSearchParams::new_with_str(&search) else { return vec![] };
    params.get_all("src").iter().filter_map(|v| v.as_string()).filter(|s| !s.trim().is_empty()).collect()
}

/// Resolves a `src` value against the page; only http(s) is fetched.
pub fn resolve(src: &str) -> Result<String, String> {
    let base = gloo::utils::window().location().href().unwrap_or_default();
    let url = Url::new_with_base(src, &base).map_err(|_| format!("{src:?} is not a valid URL"))?;
    match url.protocol().as_str() {
        "http:" | "https:" => Ok(url.href()),
        other => Err(format!("only http and https URLs can be loaded, not {other}")),
    }
}

/// Fetches a URL as bytes.
pub async fn fetch(url: &str) -> Result<Vec<u8>, String> {
    let resp = gloo::net::http::Request::get(url)
        .send()
        .await
        .map_err(|e| format!("the request failed ({e}); the server may be unreachable or may not allow this page to read it (CORS)"))?;
    if !resp.ok() {
        return Err(format!("the server answered HTTP {} {}", resp.status(), resp.status_text()));
    }
    resp.binary().await.map_err(|e| format!("the download broke off: {e}"))
}

/// A short name for a URL: its last path segment, or the whole URL.
pub fn name_of(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    match path.rsplit('/').next() {
        Some(last) if !last.is_empty() => last.to_string(),
        _ => url.to_string(),
    }
}

/// SHA-256 of some bytes, in lower-case hex, by the browser's own crypto (no code of ours to trust).
/// `None` where the browser offers no SubtleCrypto (it needs a secure context; file:// and localhost are).
pub async fn sha256_hex(bytes: &[u8]) -> Option<String> {
    let subtle = gloo::utils::window().crypto().ok()?.subtle();
    let data = js_sys::Uint8Array::from(bytes);
    let promise = subtle.digest_with_str_and_buffer_source("SHA-256", &data).ok()?;
    let digest = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    let out = js_sys::Uint8Array::new(&digest).to_vec();
    Some(out.iter().map(|b| format!("{b:02x}")).collect())
}

/// The demo export's bytes: from the page's data block when the app is one file (`file://` cannot
/// fetch), else from `demo/` beside the app.
pub async fn demo() -> Result<Vec<u8>, String> {
    if let Some(text) = gloo::utils::document().get_element_by_id("trailview-demo").and_then(|e| e.text_content()) {
        return Ok(text.into_bytes());
    }
    fetch("demo/demo-export.ndjson").await.map_err(|e| format!("the demo export could not be read: {e}"))
}
