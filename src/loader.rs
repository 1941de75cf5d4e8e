//! Browser I/O that turns user input into bytes: local files, and URLs given with `?src=`.
//! Bytes go to the core as they are; nothing is decoded to a JS string on the way.

use web_sys::{File, FileList, Url, UrlSearchParams};

/// Reads one file chosen or dropped by the user.
pub async fn read_file(file: File) -> (String, Result<Vec<u8>, String>) {
    let (name, res) = read_file_hashed(file).await;
    (name, res.map(|(bytes, _)| bytes))
}

/// Files up to this size are hashed as they are read (about 10 ms); larger ones after loading, a
/// slice at a time ([`sha256_of_blob`]), so the page never stops for it. (The browser's SubtleCrypto
/// cannot hash in slices, and copies its whole input on the page's thread first: half a second for
/// 400 MB.)
pub const HASH_AT_ONCE: usize = 2 << 20;

/// Reads a file and, when it is small, its SHA-256. The bytes come into wasm 8 MB per task, so a
/// 400 MB file never holds the page for a whole copy.
pub async fn read_file_hashed(file: File) -> (String, Result<(Vec<u8>, Option<String>), String>) {
    let name = file.name();
    let buffer = match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
        Ok(b) => b,
        Err(e) => return (name, Err(format!("the browser could not read the file: {}", describe(&e)))),
    };
    let buffer: js_sys::ArrayBuffer = wasm_bindgen::JsCast::unchecked_into(buffer);
    let view = js_sys::Uint8Array::new(&buffer);
    let len = view.length() as usize;
    // Reserved, not zeroed: filling 400 MB with zeros first would hold the page for a fifth of a second.
    let mut bytes = Vec::with_capacity(len);
    const CHUNK: usize = 8 << 20;
    let mut at = 0;
    while at < len {
        let end = (at + CHUNK).min(len);
        bytes.extend_from_slice(&view.subarray(at as u32, end as u32).to_vec());
        at = end;
        if at < len {
            gloo::timers::future::TimeoutFuture::new(0).await;
        }
    }
    let sha256 = sha256_small(&bytes);
    (name, Ok((bytes, sha256)))
}

fn describe(e: &wasm_bindgen::JsValue) -> String {
    e.as_string()
        .or_else(|| js_sys::Reflect::get(e, &"message".into()).ok().and_then(|m| m.as_string()))
        .unwrap_or_else(|| "unknown error".into())
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

/// SHA-256 of some bytes in lower-case hex, when they are few enough to hash at once (see
/// [`HASH_AT_ONCE`]); larger inputs are hashed after loading.
pub fn sha256_small(bytes: &[u8]) -> Option<String> {
    (bytes.len() <= HASH_AT_ONCE).then(|| {
        let mut h = trailview_core::sha256::Sha256::new();
        h.update(bytes);
        h.hex()
    })
}

/// SHA-256 of a large file held by the browser, 4 MB per task (about 20 ms of hashing each), so the
/// page keeps answering. The bytes are read from the browser's Blob, not from what was loaded, so
/// the hash is of the file exactly as given.
pub async fn sha256_of_blob(blob: &web_sys::Blob) -> Option<String> {
    const STEP: f64 = (4 << 20) as f64;
    let size = blob.size();
    let mut hasher = trailview_core::sha256::Sha256::new();
    let mut at = 0.0;
    while at < size {
        let end = (at + STEP).min(size);
        let part = blob.slice_with_f64_and_f64(at, end).ok()?;
        let buffer = wasm_bindgen_futures::JsFuture::from(part.array_buffer()).await.ok()?;
        hasher.update(&js_sys::Uint8Array::new(&buffer).to_vec());
        at = end;
        gloo::timers::future::TimeoutFuture::new(0).await;
    }
    Some(hasher.hex())
}

/// The demo export's bytes: from the page's data block when the app is one file (`file://` cannot
/// fetch), else from `demo/` beside the app.
pub async fn demo() -> Result<Vec<u8>, String> {
    if let Some(text) = gloo::utils::document().get_element_by_id("trailview-demo").and_then(|e| e.text_content()) {
        return Ok(text.into_bytes());
    }
    fetch("demo/demo-export.ndjson").await.map_err(|e| format!("the demo export could not be read: {e}"))
}
