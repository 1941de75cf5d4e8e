//! What goes into a load and what comes out of it: the files and texts given (from any source),
//! the load's progress, its outcome, and the hashes worked out after it. Shared by the loads
//! (`crate::loading`), which make them, and the reducer (`crate::state`), which takes them in.

use crate::data::Data;
use trailview_core::dataset::{Dataset, FileReport, Origin};

/// A file on its way into the viewer, from any source.
pub struct Incoming {
    pub name: String,
    pub origin: Origin,
    pub content: Content,
}

/// What an [`Incoming`] file brings.
pub enum Content {
    /// Bytes in hand (the demo, a paste), and their SHA-256 when small.
    Bytes(Vec<u8>, Option<String>),
    /// A local file, or a URL's body as the browser keeps it: read by the load itself, so its first
    /// sessions go in while the rest is read, and a file too large for memory is read in windows.
    Blob(web_sys::Blob),
    /// Why nothing could be had (a URL that failed, a paste box left empty, a refused import).
    Failed(String),
}

impl Incoming {
    /// Bytes in hand, or why there are none. (The built-in demo is one fixed file: it is not hashed.)
    pub fn bytes(
        name: impl Into<String>,
        origin: Origin,
        bytes: Result<Vec<u8>, String>,
    ) -> Incoming {
        let content = match bytes {
            Ok(b) => {
                let sha256 =
                    if origin == Origin::Demo { None } else { crate::loader::sha256_small(&b) };
                Content::Bytes(b, sha256)
            }
            Err(message) => Content::Failed(message),
        };
        Incoming { name: name.into(), origin, content }
    }

    /// A local file chosen or dropped by the user.
    pub fn file(file: web_sys::File) -> Incoming {
        Incoming { name: file.name(), origin: Origin::Local, content: Content::Blob(file.into()) }
    }

    /// A URL's body, or why there is none.
    pub fn url(name: String, url: String, body: Result<web_sys::Blob, String>) -> Incoming {
        let content = body.map_or_else(Content::Failed, Content::Blob);
        Incoming { name, origin: Origin::Url(url), content }
    }
}

/// How far a load has got, for the progress bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    pub name: String,
    /// 1-based number of the file being read, of `files`.
    pub file: usize,
    pub files: usize,
    pub bytes_done: usize,
    pub bytes_total: usize,
    pub sessions: usize,
}

/// What a finished load hands to the reducer.
pub struct Outcome {
    pub data: Data,
    /// The epoch the load began in; a Clear since then makes it stale.
    pub epoch: u32,
    /// Per file: its name and report, or why it could not be read at all.
    pub files: Vec<(String, Result<FileReport, String>)>,
    /// The demo was replaced by real files.
    pub replaced_demo: bool,
    pub demo: bool,
    /// Files too large to hash while reading: their index in the dataset, name and bytes.
    pub to_hash: Vec<(usize, String, web_sys::Blob)>,
}

/// A file's SHA-256 worked out after its load.
#[derive(Clone, Debug, PartialEq)]
pub struct Hashed {
    pub epoch: u32,
    pub file: usize,
    pub name: String,
    pub sha256: String,
}

/// Sets one file's hash if the file is still the one hashed (same place and name) and has none;
/// whether it did.
pub fn apply_hash(ds: &mut Dataset, h: &Hashed) -> bool {
    let still = ds.files().get(h.file).is_some_and(|f| f.name == h.name && f.sha256.is_none());
    if still {
        ds.set_hash(h.file, Some(h.sha256.clone()));
    }
    still
}
