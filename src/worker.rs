//! Work done off the page's thread, in a Web Worker running this same wasm module.
//!
//! The worker runs the JS glue itself, whose last lines (`tools/finish-dist.mjs` adds them) answer
//! messages where there is no document: each is `[module, blob]`, the wasm module compiled once by
//! the page and handed over (the worker instantiates it on the first message), and the answer is
//! the blob's SHA-256, or `null`. Served, the worker starts from the glue file, as a module; from
//! the single file at `file://`, where nothing can be fetched or imported (and a module worker
//! cannot start from a `blob:` URL), from a `blob:` URL of a classic copy of the glue the page
//! holds. The page's policy allows exactly that (`worker-src 'self' blob:`).
//!
//! Three jobs. The SHA-256 of a large file, read from the `File` itself a part at a time, so the
//! page spends none of its time on it (2 GB took seconds of slices after the load): a worker per file,
//! ended with its answer. And the search filters of the blocks a load packs (8 % of a load's time on
//! the page before): one worker kept for the page's life, sent each block's text and the ends of its
//! sessions' texts as typed arrays whose buffers are transferred, answering in order with the
//! filter's words, transferred back. A block answers "may hold" until its filter is in, so a search
//! meanwhile is slower, never wrong. And the sessions a load hands out (the items of a large array or
//! list, NDJSON lines): workers kept for the page's life read them (parse, summary, findings placed,
//! search text) and answer with the bytes `dataset::wire` writes, which the page registers in order.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use trailview_core::dataset::{Dataset, FileJob};
use trailview_core::text_index::Unfiltered;
use wasm_bindgen::prelude::*;
use web_sys::Blob;

#[wasm_bindgen]
extern "C" {
    /// A dedicated worker (bound here rather than through web-sys: four members, no options type).
    pub type Worker;
    #[wasm_bindgen(constructor, catch)]
    fn new(url: &str, options: &js_sys::Object) -> Result<Worker, JsValue>;
    #[wasm_bindgen(method, catch, js_name = postMessage)]
    fn post_message(this: &Worker, message: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = postMessage)]
    fn post_message_with_transfer(
        this: &Worker,
        message: &JsValue,
        transfer: &js_sys::Array,
    ) -> Result<(), JsValue>;
    #[wasm_bindgen(method, setter)]
    fn set_onmessage(this: &Worker, f: &JsValue);
    #[wasm_bindgen(method, setter)]
    fn set_onerror(this: &Worker, f: &JsValue);
    #[wasm_bindgen(method)]
    pub fn terminate(this: &Worker);

    /// `Promise.withResolvers()`: a promise and the function that settles it, so the worker's answer
    /// can settle it without a closure of ours (and its glue); `index.html` supplies it where the
    /// browser does not.
    type Resolvers;
    #[wasm_bindgen(catch, js_namespace = Promise, js_name = withResolvers)]
    fn with_resolvers() -> Result<Resolvers, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn promise(this: &Resolvers) -> js_sys::Promise;
    #[wasm_bindgen(method, getter)]
    fn resolve(this: &Resolvers) -> JsValue;

}

/// Starts workers; the one script they all run is made once.
#[derive(Default)]
pub struct Workers {
    script: RefCell<Option<(String, js_sys::Object)>>,
    /// The workers that read the sessions of large arrays, lists and NDJSON: `None` until first needed, then
    /// empty where none could start.
    readers: RefCell<Option<Readers>>,
    /// The filters' worker: `None` until first needed, then `Some(None)` where none could start.
    filters: RefCell<Option<Option<Filters>>>,
    /// Blocks built on the page before the filters' worker started.
    built_here: Cell<usize>,
}

/// Blocks whose filters the page builds itself before it starts a worker for them: the demo and small
/// files (up to about 1,000 sessions) take a few milliseconds, less than a worker takes to start.
const BUILT_HERE_FIRST: usize = 16;

/// The worker that builds search filters, and the blocks it was sent, in order.
struct Filters {
    worker: Worker,
    waiting: Rc<RefCell<VecDeque<Unfiltered>>>,
    /// Set once it failed: what it was sent and everything after is built on the page.
    failed: Rc<Cell<bool>>,
    _answer: Closure<dyn FnMut(JsValue)>,
}

impl Filters {
    fn start(url: &str, options: &js_sys::Object) -> Option<Filters> {
        let worker = Worker::new(url, options).ok()?;
        let waiting: Rc<RefCell<VecDeque<Unfiltered>>> = Rc::default();
        let failed: Rc<Cell<bool>> = Rc::default();
        let (w, f) = (waiting.clone(), failed.clone());
        // A message event's `data` is the filter's words; an error event (the worker could not
        // start or threw) has none, and a block it could not build comes back as `null`.
        let answer = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let words = js_sys::Reflect::get(&event, &"data".into())
                .ok()
                .and_then(|d| d.dyn_into::<js_sys::BigUint64Array>().ok());
            let Some(block) = w.borrow_mut().pop_front() else { return };
            match words {
                Some(words) if block.install(words.to_vec()) => {}
                Some(_) => block.build_here(),
                None => {
                    f.set(true);
                    block.build_here();
                    let rest: Vec<Unfiltered> = w.borrow_mut().drain(..).collect();
                    rest.iter().for_each(Unfiltered::build_here);
                }
            }
        });
        worker.set_onmessage(answer.as_ref());
        worker.set_onerror(answer.as_ref());
        Some(Filters { worker, waiting, failed, _answer: answer })
    }

    /// Sends a block's parts; false if it could not be sent.
    fn send(&self, block: &Unfiltered) -> bool {
        if self.failed.get() {
            return false;
        }
        let Some((message, transfer)) = block.parts(|text, ends| {
            let (text, ends) = (js_sys::Uint8Array::from(text), js_sys::Uint32Array::from(ends));
            let transfer = js_sys::Array::of2(&text.buffer(), &ends.buffer());
            (js_sys::Array::of3(&wasm_bindgen::module(), &text, &ends), transfer)
        }) else {
            // The block is gone (packed again, or its dataset let go): nothing to build.
            return true;
        };
        if self.worker.post_message_with_transfer(&message, &transfer).is_err() {
            return false;
        }
        self.waiting.borrow_mut().push_back(block.clone());
        true
    }
}

/// Workers that read the items a load hands out ([`FileJob::hand_out`]), one per core (at most
/// [`MAX_READERS`]: the page registers what they read, about a third of the work, so more would wait
/// on it), kept for the page's life. Each answers in the order it
/// was asked; answers wait in `answers` until the load takes them.
struct Readers {
    workers: Vec<Reader>,
    answers: Rc<RefCell<Vec<Answer>>>,
    /// Settles the promise a load waits on for the next answer.
    waiting: Rc<RefCell<Option<js_sys::Function>>>,
    /// The load the answers are for: an answer for an earlier one is dropped.
    load: Cell<u32>,
}

/// Items read elsewhere: the load and batch they were, and their reads (`None`: read them here).
type Answer = (u32, u64, Option<Vec<u8>>);

struct Reader {
    worker: Worker,
    /// The load and batch of each message sent and not answered, in order.
    asked: Rc<RefCell<VecDeque<(u32, u64)>>>,
    _answer: Closure<dyn FnMut(JsValue)>,
}

/// Workers reading at most, whatever the cores.
const MAX_READERS: usize = 4;
/// The text of items handed out at a time, and batches out per worker: enough to keep a worker busy
/// while the page registers what came back.
const READ_BATCH: usize = 256 << 10;
const OUT_PER_READER: usize = 3;

impl Reader {
    fn start(
        url: &str,
        options: &js_sys::Object,
        answers: &Rc<RefCell<Vec<Answer>>>,
        waiting: &Rc<RefCell<Option<js_sys::Function>>>,
    ) -> Option<Reader> {
        let worker = Worker::new(url, options).ok()?;
        let asked: Rc<RefCell<VecDeque<(u32, u64)>>> = Rc::default();
        let (a, out, w) = (asked.clone(), answers.clone(), waiting.clone());
        // A message's `data` is the reads (or `null`: the worker could not read them). An error
        // event (the worker failed) has none: everything it was asked is then read on the page.
        let answer = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let is_message = js_sys::Reflect::has(&event, &"data".into()).unwrap_or(false);
            let data = js_sys::Reflect::get(&event, &"data".into())
                .ok()
                .and_then(|d| d.dyn_into::<js_sys::Uint8Array>().ok());
            let mut asked = a.borrow_mut();
            let answered: Vec<(u32, u64)> = if is_message {
                asked.pop_front().into_iter().collect()
            } else {
                asked.drain(..).collect()
            };
            let mut data = data.filter(|_| is_message).map(|d| d.to_vec());
            out.borrow_mut().extend(answered.into_iter().map(|(load, id)| (load, id, data.take())));
            if let Some(resolve) = w.borrow_mut().take() {
                let _ = resolve.call0(&JsValue::NULL);
            }
        });
        worker.set_onmessage(answer.as_ref());
        worker.set_onerror(answer.as_ref());
        Some(Reader { worker, asked, _answer: answer })
    }
}

impl Readers {
    fn start(url: &str, options: &js_sys::Object) -> Readers {
        let cores = gloo::utils::window().navigator().hardware_concurrency() as usize;
        let (answers, waiting) = (Rc::default(), Rc::default());
        let workers = (0..cores.clamp(1, MAX_READERS))
            .map_while(|_| Reader::start(url, options, &answers, &waiting))
            .collect();
        Readers { workers, answers, waiting, load: Cell::new(0) }
    }

    fn out(&self) -> usize {
        self.workers.iter().map(|r| r.asked.borrow().len()).sum()
    }
}

impl Workers {
    /// A new load begins: answers still coming for the last one are dropped.
    pub fn next_load(&self) {
        if let Some(r) = self.readers.borrow().as_ref() {
            r.load.set(r.load.get().wrapping_add(1));
        }
    }

    /// Hands out the items of `job` that workers can read while the page goes on, as many as keep
    /// them busy; how many batches it handed out.
    pub fn hand_out(&self, ds: &mut Dataset, job: &mut FileJob) -> usize {
        let mut readers = self.readers.borrow_mut();
        if readers.as_ref().is_some_and(|r| r.workers.is_empty()) {
            return 0;
        }
        let mut handed = 0;
        while readers.as_ref().is_none_or(|r| r.out() < OUT_PER_READER * r.workers.len()) {
            let Some(h) = job.hand_out(ds, READ_BATCH) else { break };
            // Started when a load first has items to hand out.
            let readers = readers.get_or_insert_with(|| match self.script() {
                Some((url, options)) => Readers::start(&url, &options),
                None => Readers {
                    workers: vec![],
                    answers: Rc::default(),
                    waiting: Rc::default(),
                    load: Cell::new(0),
                },
            });
            let Some(reader) = readers.workers.iter().min_by_key(|r| r.asked.borrow().len()) else {
                let id = h.id;
                job.take_back(id, None);
                break;
            };
            let (text, ends) =
                (js_sys::Uint8Array::from(h.text), js_sys::Uint32Array::from(h.ends));
            let transfer = js_sys::Array::of2(&text.buffer(), &ends.buffer());
            let message = [wasm_bindgen::module(), text.into(), ends.into(), h.kind.into()]
                .into_iter()
                .collect::<js_sys::Array>();
            let id = h.id;
            if reader.worker.post_message_with_transfer(&message, &transfer).is_err() {
                job.take_back(id, None);
                continue;
            }
            reader.asked.borrow_mut().push_back((readers.load.get(), id));
            handed += 1;
        }
        handed
    }

    /// Gives `job` the reads that came back.
    pub fn take_answers(&self, job: &mut FileJob) {
        let readers = self.readers.borrow();
        let Some(readers) = readers.as_ref() else { return };
        let answers = std::mem::take(&mut *readers.answers.borrow_mut());
        for (_, id, reads) in answers.into_iter().filter(|a| a.0 == readers.load.get()) {
            job.take_back(id, reads.as_deref());
        }
    }

    /// Whether the workers have as much to read as they take.
    pub fn busy(&self) -> bool {
        self.readers.borrow().as_ref().is_none_or(|r| r.out() >= OUT_PER_READER * r.workers.len())
    }

    /// Settles when the next answer comes (at once if one is waiting).
    pub async fn answered(&self) {
        let promise = {
            let readers = self.readers.borrow();
            let Some(readers) =
                readers.as_ref().filter(|r| r.answers.borrow().is_empty() && r.out() > 0)
            else {
                return;
            };
            let Ok(answer) = with_resolvers() else { return };
            *readers.waiting.borrow_mut() = answer.resolve().dyn_into().ok();
            answer.promise()
        };
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }

    /// Has the search filters of `blocks` built off the page's thread, or here where no worker runs.
    pub fn build_filters(&self, blocks: Vec<Unfiltered>) {
        if blocks.is_empty() {
            return;
        }
        let mut filters = self.filters.borrow_mut();
        if filters.is_none() && self.built_here.get() + blocks.len() <= BUILT_HERE_FIRST {
            self.built_here.set(self.built_here.get() + blocks.len());
            blocks.iter().for_each(Unfiltered::build_here);
            return;
        }
        let filters = filters.get_or_insert_with(|| {
            let (url, options) = self.script()?;
            Filters::start(&url, &options)
        });
        for block in blocks {
            if !filters.as_ref().is_some_and(|f| f.send(&block)) {
                block.build_here();
            }
        }
    }

    fn script(&self) -> Option<(String, js_sys::Object)> {
        let mut script = self.script.borrow_mut();
        if script.is_none() {
            *script = start_script();
        }
        script.clone()
    }

    /// Starts a worker on the SHA-256 of `blob`. Its answer settles with a message event whose `data`
    /// is the hash in lower-case hex, `null` if the worker could not read the blob, or with an error
    /// event (no `data`) if the worker itself failed. `None` when no worker could start (the file
    /// then has no SHA-256); the caller ends the worker.
    pub fn sha256(&self, blob: &Blob) -> Option<(Worker, js_sys::Promise)> {
        let (url, options) = self.script()?;
        let worker = Worker::new(&url, &options).ok()?;
        let answer = with_resolvers().ok()?;
        worker.set_onmessage(&answer.resolve());
        worker.set_onerror(&answer.resolve());
        worker.post_message(&js_sys::Array::of2(&wasm_bindgen::module(), blob)).ok()?;
        Some((worker, answer.promise()))
    }
}

/// The worker's script and options: the glue, whose last lines (written by `tools/finish-dist.mjs`)
/// answer messages where there is no document. Served, the glue file the page preloads, as a module;
/// in the single file, the classic copy of it the page holds, from a `blob:` URL. The page's Trusted
/// Types policy (in `index.html`) lets exactly these two name a script.
fn start_script() -> Option<(String, js_sys::Object)> {
    let doc = gloo::utils::document();
    let options = js_sys::Object::new();
    let Some(copy) = doc.get_element_by_id("trailview-worker") else {
        let glue = crate::loader::resolve(
            &doc.get_element_by_id("trailview-glue")?.get_attribute("href")?,
        )
        .ok()?;
        js_sys::Reflect::set(&options, &"type".into(), &"module".into()).ok()?;
        return Some((glue, options));
    };
    let blob_options = web_sys::BlobPropertyBag::new();
    blob_options.set_type("text/javascript");
    let parts = js_sys::Array::of1(&copy.text_content()?.into());
    let blob = Blob::new_with_str_sequence_and_options(&parts, &blob_options).ok()?;
    Some((web_sys::Url::create_object_url_with_blob(&blob).ok()?, options))
}

/// In the worker: the SHA-256 of a blob, read 8 MB at a time with the worker's synchronous reader
/// (a worker may wait; the page never does); `null` if the blob could not be read.
#[wasm_bindgen]
pub fn trailview_worker_sha256(blob: &Blob) -> JsValue {
    sha256_read(blob).map_or(JsValue::NULL, Into::into)
}

/// In the worker: the items of a large array or list, or the NDJSON lines, handed out by a load,
/// whose texts lie one after another, item `k` ending at `ends[k]` (see
/// [`trailview_core::dataset::wire::read_items`]).
#[wasm_bindgen]
pub fn trailview_worker_read(text: &[u8], ends: &[u32], kind: u8) -> Vec<u8> {
    trailview_core::dataset::wire::read_items(text, ends, kind)
}

/// In the worker: the words of the search filter of a block's packed text, whose sessions' texts
/// end at `ends` (see [`trailview_core::text_index::filter_words`]).
#[wasm_bindgen]
pub fn trailview_worker_filter(text: &[u8], ends: &[u32]) -> Vec<u64> {
    trailview_core::text_index::filter_words(text, ends)
}

fn sha256_read(blob: &Blob) -> Option<String> {
    const PART: f64 = (8 << 20) as f64;
    let reader = web_sys::FileReaderSync::new().ok()?;
    let mut hasher = trailview_core::sha256::Sha256::new();
    let size = blob.size();
    let mut at = 0.0;
    while at < size {
        let end = (at + PART).min(size);
        let buffer =
            reader.read_as_array_buffer(&blob.slice_with_f64_and_f64(at, end).ok()?).ok()?;
        hasher.update(&js_sys::Uint8Array::new(&buffer).to_vec());
        at = end;
    }
    Some(hasher.hex())
}
