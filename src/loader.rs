//! Browser I/O that turns user input into bytes: local files, and URLs given with `?src=`.
//! Bytes go to the core as they are; nothing is decoded to a JS string on the way.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use trailview_core::file_text::Backing;
use trailview_core::number::{fixed, shortest};
use wasm_bindgen::prelude::*;
use web_sys::{File, FileList, Url, UrlSearchParams};

/// Reads one small file chosen by the user (review marks to import).
pub async fn read_file(file: File) -> (String, Result<Vec<u8>, String>) {
    let name = file.name();
    let mut read = match FileRead::start(file.into(), &0.0) {
        Ok(r) => r,
        Err(e) => return (name, Err(e)),
    };
    loop {
        match read.next_part().await {
            Ok(true) => {}
            Ok(false) => return (name, Ok(read.finish(&mut 0.0).bytes)),
            Err(e) => return (name, Err(e)),
        }
    }
}

/// A file read into wasm.
pub struct Read {
    pub bytes: Vec<u8>,
    /// Its SHA-256, when it was small enough to hash at once.
    pub sha256: Option<String>,
    /// The file's size and why, when `bytes` is only its first part (memory ran short).
    pub cut: Option<(u64, String)>,
    /// The first read of the bytes for anything to mend, done between the file's slices as they
    /// arrived (the page would otherwise wait for the reads and then for this).
    pub scan: trailview_core::ingest::Scan,
}

/// wasm32 addresses 4 GiB; the page's memory only grows.
const WASM_LIMIT: f64 = 4.0 * 1024.0 * 1024.0 * 1024.0;
/// Kept free for everything else the page allocates (views, queries, the next render).
const HEADROOM: f64 = 96.0 * 1024.0 * 1024.0;
/// A file takes about this many times its size while it loads (its text, the search text, the
/// records, and the parse of one document at a time; a large array or list keeps only ranges past its
/// first sessions): 2.0–2.5× measured at 10,000 and 100,000 sessions in every shape (`./x bench`).
pub const LOAD_FACTOR: f64 = 2.5;

thread_local! {
    static ROOM_FOR_TESTS: Cell<Option<f64>> = const { Cell::new(None) };
}

/// Pretends this tab has only `bytes` of memory left, so a browser test can see a file that does
/// not fit load in part instead of needing a 4 GB file. Reachable only from script.
#[wasm_bindgen]
pub fn trailview_selftest_memory_room(bytes: f64) {
    ROOM_FOR_TESTS.with(|r| r.set(Some(bytes)));
}

/// Bytes of memory a load can still plan on.
fn memory_room() -> f64 {
    if let Some(room) = ROOM_FOR_TESTS.with(Cell::get) {
        return room;
    }
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let grown = js_sys::ArrayBuffer::from(memory.buffer()).byte_length() as f64;
    (WASM_LIMIT - grown - HEADROOM).max(0.0)
}

/// Whether this tab's memory is all but used up (less than the headroom kept for everything else is
/// left): a load under way stops there, keeping what it read, rather than fail to allocate.
pub fn memory_nearly_full() -> bool {
    memory_room() <= 0.0
}

/// Why a file was read only in part, for its note.
fn cut_reason(room: f64, factor: f64) -> String {
    format!(
        "memory: this browser tab had room for about {} MB more, and loading this file takes about {} times its size; split the file, or open it in a fresh tab",
        fixed(room / 1e6, 0),
        shortest(factor)
    )
}

/// A file read in windows takes about this many times its size in wasm: the search text, its
/// filters and the records (0.95x at 20,000 sessions, `--example footprint`; 1.2x with findings in
/// every session at a million: 3.1 GB for the first 2.6 GB of the 3 GB list), and the window being
/// read. Its text stays in the `File` ([`FileBacking`]). Should a file take more, the load stops where memory
/// runs short ([`memory_nearly_full`]) and keeps what it read.
pub const WINDOWED_FACTOR: f64 = 1.25;

/// Files up to this size are hashed as they are read (about 10 ms); larger ones after loading, in a
/// worker ([`crate::worker`]), so the page never stops for it. (The browser's SubtleCrypto
/// cannot hash in slices, and copies its whole input on the page's thread first: half a second for
/// 400 MB.)
pub const HASH_AT_ONCE: usize = 2 << 20;

/// A file read in windows, as the store of its documents: what a window let go of is read back from
/// the `File` itself (the browser reads it from disk, so the page holds no copy). The browser reads a
/// `File` only asynchronously, so a view fetches the bytes it needs first ([`FileBacking::fetch`]);
/// the last few fetches are kept for the views that read them.
pub struct FileBacking {
    file: web_sys::Blob,
    /// Fetched bytes, oldest first, each with its offset in the file.
    held: RefCell<std::collections::VecDeque<(usize, Vec<u8>)>>,
}

/// Fetched bytes kept at most, besides the newest fetch's (which a view is about to read, however large).
const FETCHED: usize = 32 << 20;

impl FileBacking {
    pub fn new(file: web_sys::Blob) -> FileBacking {
        FileBacking { file, held: Default::default() }
    }

    fn find<T>(&self, range: &std::ops::Range<usize>, f: impl FnOnce(&[u8]) -> T) -> Option<T> {
        let held = self.held.borrow();
        let (start, bytes) = held
            .iter()
            .rev()
            .find(|(start, b)| *start <= range.start && range.end <= start + b.len())?;
        Some(f(&bytes[range.start - start..range.end - start]))
    }

    /// Reads `ranges` of the file (offsets of the file as given), so that [`Backing::read`] gives
    /// them at once; every read is asked for before any is awaited.
    pub async fn fetch(
        &self,
        ranges: impl Iterator<Item = std::ops::Range<usize>>,
    ) -> Result<(), String> {
        let mut reads = Vec::new();
        for r in ranges.filter(|r| !self.ready(r.clone())) {
            let part = self
                .file
                .slice_with_f64_and_f64(r.start as f64, r.end as f64)
                .map_err(|e| format!("the browser could not read the file: {}", describe(&e)))?;
            reads.push((r, wasm_bindgen_futures::JsFuture::from(part.array_buffer())));
        }
        let mut got = Vec::with_capacity(reads.len());
        for (r, read) in reads {
            let buffer = read.await.map_err(|e| {
                format!(
                    "the browser could not read the file again (was it moved or changed?): {}",
                    describe(&e)
                )
            })?;
            let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
            if bytes.len() != r.len() {
                return Err("the file is shorter than when it was loaded (was it changed?)".into());
            }
            got.push((r.start, bytes));
        }
        let mut held = self.held.borrow_mut();
        let mut kept: usize = held.iter().map(|(_, b)| b.len()).sum();
        while kept > FETCHED {
            let Some((_, old)) = held.pop_front() else { break };
            kept -= old.len();
        }
        held.extend(got);
        Ok(())
    }
}

impl Backing for FileBacking {
    fn read(&self, range: std::ops::Range<usize>) -> Option<Vec<u8>> {
        self.find(&range, <[u8]>::to_vec)
    }

    fn ready(&self, range: std::ops::Range<usize>) -> bool {
        self.find(&range, |_| ()).is_some()
    }
}

/// The next bytes of a file read in windows, for the load: cut at a character's end, with the scan
/// of them for anything to mend.
pub struct Part {
    pub bytes: Vec<u8>,
    pub scan: trailview_core::ingest::Scan,
    /// It ends what is read of the file.
    pub last: bool,
}

/// A file being read into wasm, a part at a time, so the page can start on its first parts while
/// the browser reads the next. The bytes come from the `File` 8 MB at a time, one task each, so
/// neither the page nor the browser ever holds a whole extra copy. A file whose whole text does not
/// fit in what is left of this tab's memory (less what `planned` says earlier files of the same load
/// will take) is read in windows ([`FileRead::windowed`]): each part goes
/// to the load as it comes, so wasm holds what the list needs and not the text. One that does not fit
/// even so is read only in part, up to its last whole line, and says so: running out of memory must
/// not cost the files already loaded.
pub struct FileRead {
    file: web_sys::Blob,
    size: f64,
    room: f64,
    /// Bytes to read: all of the file, or as much as fits.
    pub take: usize,
    /// How many times its size the file takes in memory, as read.
    factor: f64,
    /// The bytes read: all of them, or (read in windows) those not yet handed to the load.
    bytes: Vec<u8>,
    /// Bytes read so far.
    done: usize,
    scan: trailview_core::ingest::Scan,
    /// Bytes up to the last whole character read (what [`FileRead::scan`] covers).
    whole: usize,
    next: Option<Result<wasm_bindgen_futures::JsFuture, String>>,
    /// Read in windows: the file, to read documents back from.
    backing: Option<Rc<FileBacking>>,
    /// Read in windows, a part had something to mend: its scan, while the rest is read.
    mending: Option<trailview_core::ingest::Scan>,
}

const CHUNK: f64 = (8 << 20) as f64;

/// Files larger than this are read in windows even when their text would fit: the file stays the store
/// of its documents, and the tab holds about 1.25 times its size rather than 2 to 2.5 times. (Smaller
/// files are held whole, so that a query of document paths over them needs no second read.)
const HOLD_WHOLE_AT_MOST: f64 = (128 << 20) as f64;

impl FileRead {
    /// Plans the read and asks for the first part.
    pub fn start(file: web_sys::Blob, planned: &f64) -> Result<FileRead, String> {
        let size = file.size();
        let room = (memory_room() - *planned).max(0.0);
        // In windows when the whole text does not fit, or need not be held, but more than a part
        // fits that way.
        let windowed = (size * LOAD_FACTOR > room || size > HOLD_WHOLE_AT_MOST)
            && size.min(room / WINDOWED_FACTOR) > CHUNK;
        let factor = if windowed { WINDOWED_FACTOR } else { LOAD_FACTOR };
        let take = size.min((room / factor).floor());
        if take < 1.0 && size > 0.0 {
            return Err(format!("not read: {}", cut_reason(room, factor)));
        }
        let backing = windowed.then(|| Rc::new(FileBacking::new(file.clone())));
        let mut read = FileRead {
            file,
            size,
            room,
            take: take as usize,
            factor,
            bytes: Vec::new(),
            done: 0,
            scan: Default::default(),
            whole: 0,
            next: None,
            backing,
            mending: None,
        };
        if !windowed {
            read.reserve()?;
        }
        if take > 0.0 {
            read.next = Some(read.ask(0.0));
        }
        Ok(read)
    }

    /// Room for all the bytes to take, reserved, not zeroed (filling 400 MB with zeros would hold the
    /// page for a fifth of a second), and asked for, so an allocation that fails is a message, not
    /// the end of the page.
    fn reserve(&mut self) -> Result<(), String> {
        let more = self.take.saturating_sub(self.bytes.len());
        self.bytes.try_reserve_exact(more).map_err(|_| {
            format!(
                "not read: there is no room for {} MB in this tab's memory",
                fixed(self.take as f64 / 1e6, 0)
            )
        })
    }

    /// Whether the file is read in windows: its parts go to the load one by one ([`FileRead::part`]),
    /// and documents are read back from the file ([`FileRead::backing`]).
    pub fn windowed(&self) -> bool {
        self.backing.is_some()
    }

    /// The file a file read in windows is read back from.
    pub fn backing(&self) -> Option<Rc<dyn Backing>> {
        self.backing.clone().map(|p| p as Rc<dyn Backing>)
    }

    /// Reads the file whole after all (its start could not be read alone, so it cannot go in
    /// windows): as much of it as fits that way, the bytes handed over so far (`start`) first.
    pub fn unwindow(&mut self, start: Vec<u8>) -> Result<(), String> {
        self.backing = None;
        self.factor = LOAD_FACTOR;
        self.take = self.take.min((self.room / LOAD_FACTOR).floor() as usize);
        let rest = std::mem::replace(&mut self.bytes, start);
        self.bytes.extend_from_slice(&rest);
        self.bytes.truncate(self.take);
        self.done = self.done.min(self.take);
        self.whole = 0;
        self.scan = Default::default();
        self.reserve()?;
        self.scan_whole();
        Ok(())
    }

    fn ask(&self, at: f64) -> Result<wasm_bindgen_futures::JsFuture, String> {
        match self.file.slice_with_f64_and_f64(at, (at + CHUNK).min(self.take as f64)) {
            Ok(part) => Ok(wasm_bindgen_futures::JsFuture::from(part.array_buffer())),
            Err(e) => Err(format!("the browser could not read the file: {}", describe(&e))),
        }
    }

    /// Waits for the next part and adds it; `Ok(false)` once every part is in. The part after it is
    /// asked for first, so the browser reads it while the page works on this one.
    pub async fn next_part(&mut self) -> Result<bool, String> {
        let Some(part) = self.next.take() else { return Ok(false) };
        let buffer = part?
            .await
            .map_err(|e| format!("the browser could not read the file: {}", describe(&e)))?;
        let at = self.done as f64 + CHUNK;
        if at < self.take as f64 {
            self.next = Some(self.ask(at));
        }
        // Straight into place: one copy, not a copy into a new vector and another from it.
        let part = js_sys::Uint8Array::new(&buffer);
        let n = (part.length() as usize).min(self.take.saturating_sub(self.done));
        let from = self.bytes.len();
        self.bytes.resize(from + n, 0);
        part.subarray(0, n as u32).copy_to(&mut self.bytes[from..]);
        self.done += n;
        if !self.windowed() {
            self.scan_whole();
        }
        Ok(true)
    }

    /// Scans what came since the last scan, up to the last character that may continue into the next
    /// part (the rest when it is here).
    fn scan_whole(&mut self) {
        self.whole = self.last_whole();
        self.scan.step(&self.bytes[..self.whole], usize::MAX);
    }

    /// The end of the bytes held, less a character the next part may finish.
    fn last_whole(&self) -> usize {
        let last = self.done >= self.take;
        self.bytes
            .iter()
            .rposition(|&b| b & 0xC0 != 0x80)
            .filter(|_| !last)
            .unwrap_or(self.bytes.len())
    }

    /// Memory the bytes read so far will take, loaded.
    pub fn planned(&self) -> f64 {
        self.done as f64 * self.factor
    }

    /// Bytes read so far.
    pub fn done(&self) -> usize {
        self.done
    }

    /// The bytes read so far up to the last whole character, and the scan of them for anything to mend.
    pub fn scanned(&self) -> (&[u8], &trailview_core::ingest::Scan) {
        (&self.bytes[..self.whole], &self.scan)
    }

    /// Read in windows: the bytes read since the last call, up to the last whole character (a file
    /// cut for memory, up to its last whole line), with their scan. Once a part has something to
    /// mend, the rest of the file is handed over at once (`None` until it is all read), mended.
    pub fn part(&mut self) -> Option<Part> {
        let last = self.done >= self.take;
        let end = self.last_whole();
        let scan = match self.mending.take() {
            // Found before: not scanned again as the rest arrives.
            Some(scan) => scan,
            None => {
                let mut scan = trailview_core::ingest::Scan::default();
                while !scan.step(&self.bytes[..end], usize::MAX) {}
                scan
            }
        };
        if scan.needs_repair() && !last {
            self.mending = Some(scan);
            return None;
        }
        let mut bytes: Vec<u8> = self.bytes.drain(..end).collect();
        if last && self.cut().is_some() {
            cut_at_line(&mut bytes);
        }
        Some(Part { bytes, scan, last })
    }

    /// The file's size and why, when only its first part is read.
    pub fn cut(&self) -> Option<(u64, String)> {
        (self.take < self.size as usize)
            .then(|| (self.size as u64, cut_reason(self.room, self.factor)))
    }

    /// What was read, once every part is in; `planned` grows by what it will take.
    pub fn finish(self, planned: &mut f64) -> Read {
        let cut = self.cut();
        let FileRead { mut bytes, mut scan, factor, .. } = self;
        if cut.is_some() {
            cut_at_line(&mut bytes);
        }
        *planned += bytes.len() as f64 * factor;
        let sha256 = if cut.is_none() { sha256_small(&bytes) } else { None };
        // Cut at a line's end: what was read of the part kept stands (it was read as it arrived).
        scan.keep(bytes.len());
        Read { bytes, sha256, cut, scan }
    }
}

/// Whole lines only: NDJSON loses no document to a cut but the last one. Looked for near the end
/// only: a JSON document on one line has none, and its complete elements are kept anyway (searching
/// all of 1.7 GB for a newline held the page for 1.5 s).
fn cut_at_line(bytes: &mut Vec<u8>) {
    let near_end = bytes.len().saturating_sub(64 << 20);
    if let Some(i) = bytes[near_end..].iter().rposition(|&b| b == b'\n') {
        bytes.truncate(near_end + i + 1);
    }
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
    params
        .get_all("src")
        .iter()
        .filter_map(|v| v.as_string())
        .filter(|s| !s.trim().is_empty())
        .collect()
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

/// Fetches a URL's body as the browser keeps it (a `Blob`, read by the load a part at a time like a
/// local file, so a large export is read in windows rather than copied whole into wasm first).
pub async fn fetch_blob(url: &str) -> Result<web_sys::Blob, String> {
    use wasm_bindgen_futures::JsFuture;
    let resp = respond(url).await?;
    let body = resp.blob().map_err(|e| format!("the download broke off: {}", describe(&e)))?;
    Ok(JsFuture::from(body)
        .await
        .map_err(|e| format!("the download broke off: {}", describe(&e)))?
        .unchecked_into())
}

/// The server's answer to a GET of `url`, when it is a success.
async fn respond(url: &str) -> Result<web_sys::Response, String> {
    use wasm_bindgen_futures::JsFuture;
    let sent = JsFuture::from(gloo::utils::window().fetch_with_str(url)).await;
    let resp: web_sys::Response = sent
        .map_err(|e| {
            format!("the request failed ({}); the server may be unreachable or may not allow this page to read it (CORS)", describe(&e))
        })?
        .unchecked_into();
    if !resp.ok() {
        return Err(format!("the server answered HTTP {} {}", resp.status(), resp.status_text()));
    }
    Ok(resp)
}

/// Fetches a URL as bytes (its body read as one buffer).
pub async fn fetch(url: &str) -> Result<Vec<u8>, String> {
    let body = fetch_blob(url).await?.array_buffer();
    let buffer = wasm_bindgen_futures::JsFuture::from(body)
        .await
        .map_err(|e| format!("the download broke off: {}", describe(&e)))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
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

/// The demo export's bytes: from the page's data block when the app is one file (`file://` cannot
/// fetch), else from `demo/` beside the app.
pub async fn demo() -> Result<Vec<u8>, String> {
    if let Some(text) =
        gloo::utils::document().get_element_by_id("trailview-demo").and_then(|e| e.text_content())
    {
        return Ok(text.into_bytes());
    }
    fetch("demo/demo-export.ndjson")
        .await
        .map_err(|e| format!("the demo export could not be read: {e}"))
}
