//! Browser I/O that turns user input into bytes: local files, and URLs given with `?src=`.
//! Bytes go to the core as they are; nothing is decoded to a JS string on the way.

use web_sys::{File, FileList, Url, UrlSearchParams};

/// Reads one file chosen or dropped by the user.
pub async fn read_file(file: File) -> (String, Result<Vec<u8>, String>) {
    let (name, res) = read_file_hashed(file).await;
    (name, res.map(|(bytes, _)| bytes))
}

/// Reads a file and its SHA-256. The browser hashes its own copy of the bytes (no copy out of wasm), and
/// the bytes come into wasm 8 MB per task, so a 400 MB file never holds the page for a whole copy.
pub async fn read_file_hashed(file: File) -> (String, Result<(Vec<u8>, Option<String>), String>) {
    let name = file.name();
    let buffer = match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
        Ok(b) => b,
        Err(e) => return (name, Err(format!("the browser could not read the file: {}", describe(&e)))),
    };
    let buffer: js_sys::ArrayBuffer = wasm_bindgen::JsCast::unchecked_into(buffer);
    let sha256 = sha256_of(&buffer).await;
    let view = js_sys::Uint8Array::new(&buffer);
    let len = view.length() as usize;
    let mut bytes = vec![0u8; len];
    const CHUNK: usize = 8 << 20;
    let mut at = 0;
    while at < len {
        let end = (at + CHUNK).min(len);
        view.subarray(at as u32, end as u32).copy_to(&mut bytes[at..end]);
        at = end;
        if at < len {
            gloo::timers::future::TimeoutFuture::new(0).await;
        }
    }
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

/// SHA-256 of some bytes, in lower-case hex, by the browser's own crypto (no code of ours to trust).
/// `None` where the browser offers no SubtleCrypto (it needs a secure context; file:// and localhost are).
pub async fn sha256_hex(bytes: &[u8]) -> Option<String> {
    sha256_of(&js_sys::Uint8Array::from(bytes)).await
}

async fn sha256_of(data: &js_sys::Object) -> Option<String> {
    let subtle = gloo::utils::window().crypto().ok()?.subtle();
    let promise = subtle.digest_with_str_and_buffer_source("SHA-256", data).ok()?;
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
