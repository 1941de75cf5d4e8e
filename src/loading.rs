//! Loading that never blocks the page: files are added to a copy of the dataset a slice at a time
//! (about 30 ms of work), yielding to the browser between slices, with progress and Cancel. A local
//! file is read here too, a part at a time, and its first part is loaded while the browser reads the
//! rest. One load runs at a time ([`Loads`] owns the queue); a load that arrives meanwhile waits its
//! turn and then builds on the newest data.
//! The dataset's documents and sessions sit behind `Rc`, so the copy costs pointers, not documents.

use crate::data::Data;
use crate::incoming::{apply_hash, Hashed, Outcome, Progress};
use crate::incoming::{Content, Incoming};
use crate::state::{Action, AppState};
use crate::turns::yield_now;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use trailview_core::dataset::{Dataset, FileJob, FileReport, Origin};
use trailview_core::ingest::Scan;
use yew::prelude::*;

/// A slice of loading work between the page's turns. Its task also holds what the slice dispatched
/// (the progress bar's redraw) and overshoots by one step, so 30 ms made tasks of 50-80 ms on a slow
/// 2-core machine (a million sessions: about 30 of them); 20 ms, 11, and the same load time.
const SLICE_MS: f64 = 20.0;
const STEP_BYTES: usize = 256 * 1024;
/// Loads (and reads of files) quicker than this show no progress bar.
const QUIET_MS: f64 = 150.0;
/// A long load shows the sessions read so far: from its first slice past [`QUIET_MS`], and again each
/// time four times as many are in, while the list's redraw for them stays a small part of a slice (the
/// copy of the dataset is pointers); the rest appear when the load ends.
const EARLY_ROWS_UP_TO: usize = 32_000;

fn now() -> f64 {
    js_sys::Date::now()
}

/// The one owner of loading: every source (the demo, `?src=`, files picked, dropped or pasted, a
/// refused import) hands its files here. Loads run one after another from a queue, each building on
/// the newest data; progress, Cancel, the epoch that a Clear starts, and the hashes worked out after
/// a load all live here, not in globals. The app keeps it told of the newest data and epoch through
/// effects, so the reducer only computes state.
pub struct Loads {
    dispatch: UseReducerDispatcher<AppState>,
    queue: RefCell<VecDeque<Vec<Incoming>>>,
    running: Cell<bool>,
    cancel: Cell<bool>,
    epoch: Cell<u32>,
    /// The newest dataset and whether it is the demo.
    latest: RefCell<(Data, bool)>,
    /// Hashes worked out after their load, for a load that was already building on older data.
    hashed: RefCell<Vec<Hashed>>,
    /// Where the hashes are worked out, off the page's thread.
    workers: crate::worker::Workers,
}

impl PartialEq for Loads {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Loads {
    pub fn new(dispatch: UseReducerDispatcher<AppState>) -> Loads {
        Loads {
            dispatch,
            queue: RefCell::default(),
            running: Cell::new(false),
            cancel: Cell::new(false),
            epoch: Cell::new(0),
            latest: RefCell::default(),
            hashed: RefCell::default(),
            workers: Default::default(),
        }
    }

    /// `n` files are on their way (read or fetched before they reach [`Loads::load`]), so the page
    /// can say "loading" rather than "nothing loaded".
    pub fn started(&self, n: usize) {
        self.dispatch.dispatch(Action::Started(n));
    }

    /// Adds files to the viewer, in order, as one load, after the loads queued before it.
    pub fn load(self: &Rc<Self>, files: Vec<Incoming>) {
        self.queue.borrow_mut().push_back(files);
        if self.running.replace(true) {
            return;
        }
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            loop {
                let Some(files) = me.queue.borrow_mut().pop_front() else { break };
                me.cancel.set(false);
                let mut outcome = me.run(files).await;
                // A Cancel is for the load it was pressed in, not the next file read.
                me.cancel.set(false);
                // Taken as the newest before the next load starts, so it builds on this one.
                if outcome.epoch == me.epoch.get() {
                    me.publish(&outcome.data, outcome.demo);
                }
                let to_hash = std::mem::take(&mut outcome.to_hash);
                let epoch = outcome.epoch;
                me.dispatch.dispatch(Action::Loaded(Box::new(outcome)));
                // Large files are hashed now that they are shown, beside the next load rather than
                // before it (a 400 MB file takes seconds).
                wasm_bindgen_futures::spawn_local(me.clone().hash(epoch, to_hash));
            }
            me.running.set(false);
        });
    }

    /// Works out the SHA-256 of files loaded without one, in a worker, and hands each over. Where no
    /// worker can start (a browser without module workers serving the app, or a server's policy that
    /// forbids them), the file has no SHA-256, and says so where it is shown.
    async fn hash(self: Rc<Self>, epoch: u32, files: Vec<(usize, String, web_sys::Blob)>) {
        for (file, name, blob) in files {
            let Some((worker, answer)) = self.workers.sha256(&blob) else { continue };
            let answer = wasm_bindgen_futures::JsFuture::from(answer).await;
            worker.terminate();
            if let Some(sha256) =
                answer.ok().and_then(|a| js_sys::Reflect::get(&a, &"data".into()).ok()?.as_string())
            {
                let h = Hashed { epoch, file, name, sha256 };
                self.hashed.borrow_mut().push(h.clone());
                self.dispatch.dispatch(Action::Hashed(h));
            }
        }
    }

    /// The newest data (an effect of the app calls this whenever it changes).
    pub fn publish(&self, data: &Data, demo: bool) {
        *self.latest.borrow_mut() = (data.clone(), demo);
    }

    /// How far a load, or the reading of its files before it, has got: the bar.
    pub fn show_progress(&self, p: Progress) {
        self.dispatch.dispatch(Action::Progress(Some(p)));
    }

    /// Whether Cancel was pressed since the last load began.
    pub fn cancelled(&self) -> bool {
        self.cancel.get()
    }

    /// Asks the running load to stop after its current slice; what it read stays loaded.
    pub fn cancel(&self) {
        self.cancel.set(true);
    }

    /// Everything was cleared (the state's epoch moved on): a load under way stops, and its outcome
    /// will be ignored.
    pub fn set_epoch(&self, epoch: u32) {
        if self.epoch.replace(epoch) != epoch {
            self.cancel();
        }
    }

    /// Sets the hashes worked out so far on files that lack them (same epoch, place and name).
    fn apply_hashes(&self, ds: &mut Dataset) {
        let epoch = self.epoch.get();
        for x in self.hashed.borrow().iter().filter(|x| x.epoch == epoch) {
            apply_hash(ds, x);
        }
    }

    async fn run(&self, files: Vec<Incoming>) -> Outcome {
        let epoch = self.epoch.get();
        let (latest, was_demo) = self.latest.borrow().clone();
        let all_demo = files.iter().all(|f| f.origin == Origin::Demo);
        // Evidence is never mixed with made-up data: the first real file replaces the demo.
        let replaced_demo = was_demo && !all_demo;
        let mut ds = if replaced_demo { Dataset::new() } else { (*latest.0).clone() };
        self.workers.next_load();
        // The search filters of the blocks packed as the load goes are built by a worker.
        ds.defer_filters(true);
        let demo = all_demo && (was_demo || ds.is_empty());
        let count = files.len();
        let mut out = Vec::with_capacity(count);
        let mut run = Run {
            epoch,
            started: now(),
            // Sessions to have before showing them early (never for the demo, which is small).
            early_at: if all_demo { usize::MAX } else { 1 },
            cancelled: false,
            planned: 0.0,
            to_hash: Vec::new(),
            file: 0,
            files: count,
            name: String::new(),
        };
        for (i, f) in files.into_iter().enumerate() {
            if run.cancelled {
                out.push((f.name, Err("not read: loading was cancelled".into())));
                continue;
            }
            run.file = i + 1;
            run.name = f.name.clone();
            let report = match f.content {
                Content::Failed(message) => Err(message),
                Content::Bytes(bytes, sha256) => {
                    Ok(self.load_bytes(&mut ds, &mut run, f.origin, bytes, sha256).await)
                }
                Content::Blob(blob) => self.load_file(&mut ds, &mut run, f.origin, blob).await,
            };
            out.push((f.name, report));
            yield_now().await;
        }
        if replaced_demo && ds.docs().is_empty() {
            // Nothing could be read (a broken paste, a refused file): the demo stays, beside the
            // message, rather than an empty page.
            return Outcome {
                data: latest,
                epoch,
                files: out,
                replaced_demo: false,
                demo: true,
                to_hash: run.to_hash,
            };
        }
        self.workers.build_filters(ds.take_unfiltered());
        ds.defer_filters(false);
        self.apply_hashes(&mut ds);
        Outcome {
            data: Data(std::rc::Rc::new(ds)),
            epoch,
            files: out,
            replaced_demo,
            demo,
            to_hash: run.to_hash,
        }
    }

    /// Loads bytes in hand (the demo, a URL's body, a paste).
    async fn load_bytes(
        &self,
        ds: &mut Dataset,
        run: &mut Run,
        origin: Origin,
        bytes: Vec<u8>,
        sha256: Option<String>,
    ) -> FileReport {
        let blob = if origin != Origin::Demo {
            crate::rescue::keep(&run.name, None, &bytes)
        } else {
            None
        };
        let mut scan = Scan::default();
        finish_scan(&mut scan, &bytes).await;
        let report = match ds.begin_scanned(&run.name.clone(), bytes, origin, &scan, None) {
            Ok(mut job) => self.drive_to_end(ds, run, &mut job).await,
            Err(report) => report,
        };
        run.hashed(ds, &report, sha256, blob);
        report
    }

    /// Reads a local file and loads it as it is read: its first part is begun on while the browser
    /// reads the rest (the first rows of a 200 MB file need not wait for its last byte), and the whole
    /// is handed over once read, or (a file whose text does not fit in memory) each part as it comes,
    /// the parts staying with the page to read documents back from.
    async fn load_file(
        &self,
        ds: &mut Dataset,
        run: &mut Run,
        origin: Origin,
        file: web_sys::Blob,
    ) -> Result<FileReport, String> {
        // Kept first, so the error panel can offer the file back even if loading it brings the page down.
        let blob = crate::rescue::keep(&run.name, Some(&file), &[]);
        let mut read = crate::loader::FileRead::start(file, &run.planned)?;
        let mut job: Option<FileJob> = None;
        let mut begun = false;
        // The report of a load that ended while the file was read (read in windows, or broken).
        let mut ended = None;
        loop {
            match read.next_part().await {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    return match job.as_mut() {
                        Some(job) => {
                            // What was read stays, with why the rest did not come.
                            let mut report = job.cancel(ds);
                            report.errors.push(trailview_core::ingest::LoadError::new(
                                &run.name,
                                None,
                                trailview_core::ingest::ErrorKind::Unreadable(e),
                            ));
                            Ok(report)
                        }
                        None => Err(e),
                    };
                }
            }
            if self.cancel.get() {
                run.cancelled = true;
                return match job.as_mut() {
                    Some(job) => Ok(job.cancel(ds)),
                    None => Err("not read: loading was cancelled".into()),
                };
            }
            if now() - run.started > QUIET_MS {
                let sessions = ds.sessions().len();
                self.show_progress(run.progress(read.done(), read.take, sessions));
            }
            if read.windowed() {
                // The part's copy, its scan and the window's move each take a turn of their own
                // (together they held the page for 50–100 ms at 8 MB).
                yield_now().await;
                let Some(part) = read.part() else { continue };
                match job.as_mut() {
                    Some(job) => {
                        yield_now().await;
                        job.extend(ds, &part.bytes, part.last, part.scan.needs_repair());
                        if let (true, Some((total, why))) = (part.last, read.cut()) {
                            job.cut(total, &why);
                        }
                    }
                    None => {
                        begun = true;
                        job = ds.begin_prefix(
                            &run.name,
                            part.bytes.clone(),
                            origin.clone(),
                            read.take,
                            &part.scan,
                        );
                        match (&job, read.backing()) {
                            (Some(job), Some(file)) => job.read_back_from(ds, file),
                            // Its start cannot be read alone, so neither can it go in windows.
                            _ => read.unwindow(part.bytes)?,
                        }
                    }
                }
            } else if !begun && read.done() < read.take {
                begun = true;
                let (start, scan) = read.scanned();
                job = ds.begin_prefix(&run.name, start.to_vec(), origin.clone(), read.take, scan);
            }
            if let Some(job) = job.as_mut() {
                // The part's copy and scan were this turn's work; the slice gets a turn of its own.
                yield_now().await;
                // (A file read in windows ends here, with its last part; any other only if broken.)
                ended = self.drive(ds, run, job, true).await;
                if ended.is_some() {
                    break;
                }
            }
        }
        if let (None, true, Some(job)) = (&ended, read.windowed(), job.as_mut()) {
            ended = Some(self.drive_to_end(ds, run, job).await);
        }
        if let Some(report) = ended {
            run.planned += read.planned();
            run.hashed(ds, &report, None, blob);
            return Ok(report);
        }
        let crate::loader::Read { bytes, sha256, cut, mut scan } = read.finish(&mut run.planned);
        finish_scan(&mut scan, &bytes).await;
        let cut = cut.as_ref().map(|(total, why)| (*total, why.as_str()));
        let report = match job {
            Some(mut job) => {
                job.complete(ds, bytes, &scan, cut);
                self.drive_to_end(ds, run, &mut job).await
            }
            None => match ds.begin_scanned(&run.name.clone(), bytes, origin, &scan, cut) {
                Ok(mut job) => self.drive_to_end(ds, run, &mut job).await,
                Err(report) => report,
            },
        };
        run.hashed(ds, &report, sha256, blob);
        Ok(report)
    }

    async fn drive_to_end(&self, ds: &mut Dataset, run: &mut Run, job: &mut FileJob) -> FileReport {
        loop {
            if let Some(report) = self.drive(ds, run, job, false).await {
                return report;
            }
        }
    }

    /// Adds the file's documents a slice at a time, yielding between slices, with progress, the
    /// early rows and Cancel; the file's report once it is done (or cancelled). With `until_starved`,
    /// stops (`None`) once it has read all of a file's start that has come so far.
    async fn drive(
        &self,
        ds: &mut Dataset,
        run: &mut Run,
        job: &mut FileJob,
        until_starved: bool,
    ) -> Option<FileReport> {
        let mut slice = now();
        loop {
            if until_starved && job.starved() {
                return None;
            }
            if let Some(report) = ds.continue_file(job, STEP_BYTES) {
                return Some(report);
            }
            // The sessions of a large array or list, or NDJSON lines, are read by workers while the page registers what
            // they read; it waits only when they have all they can take, or nothing more is read.
            let handed = self.workers.hand_out(ds, job);
            self.workers.take_answers(job);
            if job.awaiting() && (handed == 0 || self.workers.busy()) {
                self.workers.answered().await;
                self.workers.take_answers(job);
            }
            if now() - slice < SLICE_MS {
                continue;
            }
            self.workers.build_filters(ds.take_unfiltered());
            let mut early = false;
            if now() - run.started > QUIET_MS {
                let (done, total) = job.progress();
                self.show_progress(run.progress(done, total, ds.sessions().len()));
                let n = ds.sessions().len();
                // Not near the end: rows drawn then would only be drawn again in a moment.
                early = n >= run.early_at && n <= EARLY_ROWS_UP_TO && done < total / 2;
                if early {
                    run.early_at = n.saturating_mul(4);
                }
            }
            yield_now().await;
            if early {
                // Drawn in a turn of its own, not at the end of a slice's.
                self.dispatch.dispatch(Action::Early(Data(Rc::new(ds.clone())), run.epoch));
                yield_now().await;
            }
            slice = now();
            if self.cancel.get() {
                run.cancelled = true;
                return Some(job.cancel(ds));
            }
            // The plan made before reading (the file at about 2.5× its size) is a guess: sessions with
            // many findings take more. Running out is not dying.
            if crate::loader::memory_nearly_full() {
                return Some(job.stop(ds, "this tab's memory was nearly full, so loading stopped"));
            }
        }
    }
}

/// One load under way: where it is, and what it gathers for its outcome.
struct Run {
    epoch: u32,
    started: f64,
    early_at: usize,
    cancelled: bool,
    /// Memory the files read so far will take: a later file must fit beside them.
    planned: f64,
    to_hash: Vec<(usize, String, web_sys::Blob)>,
    /// The file being loaded: its 1-based number of `files`, and its name.
    file: usize,
    files: usize,
    name: String,
}

impl Run {
    fn progress(&self, bytes_done: usize, bytes_total: usize, sessions: usize) -> Progress {
        Progress {
            name: self.name.clone(),
            file: self.file,
            files: self.files,
            bytes_done,
            bytes_total,
            sessions,
        }
    }

    /// Sets the file's hash when it was small enough to have one, else keeps its bytes to hash after.
    fn hashed(
        &mut self,
        ds: &mut Dataset,
        report: &FileReport,
        sha256: Option<String>,
        blob: Option<web_sys::Blob>,
    ) {
        let unhashed = sha256.is_none();
        let kept = ds.set_hash(report.file, sha256);
        if let (true, Some(blob)) = (kept && unhashed, blob) {
            self.to_hash.push((report.file, self.name.clone(), blob));
        }
    }
}

/// Finishes reading bytes for anything to mend, a slice at a time, so opening them does not do it in
/// one step (a 400 MB validation is a third of a second).
async fn finish_scan(scan: &mut Scan, bytes: &[u8]) {
    let mut slice = now();
    while !scan.step(bytes, 4 * STEP_BYTES) {
        if now() - slice >= SLICE_MS {
            yield_now().await;
            slice = now();
        }
    }
}

/// The name the built-in demo export is loaded under.
pub const DEMO_NAME: &str = "demo-export.ndjson";

/// Loads local files together, in the order given; each is read as it loads.
pub fn load_files(loads: &Rc<Loads>, files: Vec<web_sys::File>) {
    if files.is_empty() {
        return;
    }
    loads.started(files.len());
    loads.load(files.into_iter().map(Incoming::file).collect());
}
