//! What the store holds per session, apart from the store: its entry (where its document is, what
//! is attached to it, its summary and findings), its findings' type, and the numbers the list sorts
//! by. The session columns ([`crate::columns`]) read these without the store.

use crate::anomaly::Severity;
use crate::ingest::kinds::Attach;
use crate::locate::Position;
use crate::model::SessionSummary;
use std::rc::Rc;

/// A finding placed in its file.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// How bad it is.
    pub severity: Severity,
    /// What was found, for a person.
    pub message: String,
    /// The file's name, shared by every finding in it.
    pub file: Rc<str>,
    /// Where, when it is known.
    pub position: Option<Position>,
}

impl std::fmt::Display for Issue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.position {
            Some(p) => write!(f, "{} ({}, {p})", self.message, self.file),
            None => write!(f, "{} ({})", self.message, self.file),
        }
    }
}

/// Where a session's document sits: a document and a JSON pointer inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocRef {
    /// The document (an index into [`super::Dataset::docs`]).
    pub doc: usize,
    /// The JSON pointer of the session inside it (empty: the whole document).
    pub pointer: String,
}

/// Sub-collection documents attached to a session, by kind.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Attached {
    /// Its channels documents.
    pub channels: Vec<usize>,
    /// Its events documents.
    pub events: Vec<usize>,
    /// Its alerts documents.
    pub alerts: Vec<usize>,
    /// Its trail downloads documents.
    pub trail_downloads: Vec<usize>,
    /// Its indexer documents.
    pub indexer: Vec<usize>,
    /// Its content-search hits.
    pub content: Vec<usize>,
}

impl Attached {
    /// The documents of one attachment (`None`: content-search hits, which join no attachment
    /// of their own).
    pub fn of(&self, attach: Option<Attach>) -> &[usize] {
        match attach {
            Some(Attach::Channels) => &self.channels,
            Some(Attach::Events) => &self.events,
            Some(Attach::Alerts) => &self.alerts,
            Some(Attach::TrailDownloads) => &self.trail_downloads,
            Some(Attach::Indexer) => &self.indexer,
            None => &self.content,
        }
    }

    pub(super) fn of_mut(&mut self, attach: Option<Attach>) -> &mut Vec<usize> {
        match attach {
            Some(Attach::Channels) => &mut self.channels,
            Some(Attach::Events) => &mut self.events,
            Some(Attach::Alerts) => &mut self.alerts,
            Some(Attach::TrailDownloads) => &mut self.trail_downloads,
            Some(Attach::Indexer) => &mut self.indexer,
            None => &mut self.content,
        }
    }

    /// Every attached document, kind by kind (channels, events, alerts, trail downloads, indexer, content).
    pub fn all(&self) -> impl Iterator<Item = usize> + '_ {
        [
            &self.channels,
            &self.events,
            &self.alerts,
            &self.trail_downloads,
            &self.indexer,
            &self.content,
        ]
        .into_iter()
        .flatten()
        .copied()
    }
}

/// A session's attached documents, boxed only once it has some: most sessions of an array or a
/// `fields=*` list have none, and six empty lists are a sixth of an entry. Reads see an empty
/// [`Attached`] when there are none; a write makes room.
#[derive(Debug, Clone, Default)]
pub struct Attachments(Option<Box<Attached>>);

impl Attachments {
    /// Whether room was made for any (a session without attachments holds none).
    pub fn any(&self) -> bool {
        self.0.is_some()
    }
}

static NO_ATTACHMENTS: Attached = Attached {
    channels: Vec::new(),
    events: Vec::new(),
    alerts: Vec::new(),
    trail_downloads: Vec::new(),
    indexer: Vec::new(),
    content: Vec::new(),
};

impl std::ops::Deref for Attachments {
    type Target = Attached;
    fn deref(&self) -> &Attached {
        self.0.as_deref().unwrap_or(&NO_ATTACHMENTS)
    }
}

impl std::ops::DerefMut for Attachments {
    fn deref_mut(&mut self) -> &mut Attached {
        self.0.get_or_insert_with(Box::default)
    }
}

/// Equal when they list the same documents, boxed or not.
impl PartialEq for Attachments {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

/// Everything known about one session key.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionEntry {
    /// The session key.
    pub key: String,
    /// The session document shown; `None` when only links to it are loaded.
    pub source: Option<DocRef>,
    /// Other copies of the same key (older revisions, or duplicates).
    pub copies: Vec<DocRef>,
    /// List stubs naming this key: `(list document, href)`.
    pub stubs: Vec<(usize, String)>,
    /// The documents attached to it, by kind.
    pub attached: Attachments,
    /// What the list and the queries hold of it.
    pub summary: SessionSummary,
    /// Its findings.
    pub issues: Vec<Issue>,
    /// Channels in the attached channels documents; `None` when none is loaded.
    pub channel_count: Option<usize>,
    /// Alerts in the attached alerts documents; `None` when none is loaded.
    pub alert_count: Option<usize>,
    /// Bytes of the session's own part of its search text (the key, the verdict and every value of
    /// its document), which the search index holds (see [`super::Dataset::search_text`]).
    pub text_len: u32,
}

/// A session's numbers as the list sorts them (its risk score, duration in seconds and channels).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Measures {
    /// The aggregated risk score.
    pub score: Option<f64>,
    /// The duration in seconds.
    pub duration: Option<f64>,
    /// How many channels are loaded for it.
    pub channels: Option<usize>,
}
