//! The session columns: every fact of a session that the list, the search, the sort, the facet
//! panel, the CSV and the printed report show, each defined once with every name it goes by and the
//! way each of those reads it (as [`crate::catalogue`] does for the documents' fields).
//!
//! Adding a column is one row of [`COLUMNS`] (and a place in [`LIST`], [`FACETS`] or [`PRINT`] if
//! it is shown there); the query, the sort, the facet counts and the CSV read it from here.

use crate::anomaly::Severity;
use crate::dataset::entry::{Measures, SessionEntry};
use crate::model::session::SessionSummary;
use crate::present;
use crate::review::Marks;
use crate::time::{TimeMode, Timestamp};

/// A session column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Col {
    /// The session key.
    Key,
    /// When the session started.
    Start,
    /// When it ended.
    End,
    /// How long it lasted, in seconds (given, or from its start and end).
    Duration,
    /// The gateway user (and, to a query, the server users).
    User,
    /// The user on the server.
    ServerUser,
    /// Client → server, as the list shows and sorts them.
    Route,
    /// The client's address or name.
    Client,
    /// The server's address or name.
    Server,
    /// SSH, RDP, ICA, VNC, TELNET, HTTP.
    Protocol,
    /// The verdict, normalised.
    Verdict,
    /// The aggregated risk score.
    Score,
    /// Whether analytics found the session scripted.
    Scripted,
    /// Whether the session was still open.
    Active,
    /// The connection policy's name.
    Policy,
    /// How SPS received the session.
    Origin,
    /// The analytics tags.
    Tags,
    /// How many channels are loaded for it.
    Channels,
    /// How many alerts are loaded for it.
    Alerts,
    /// How many anomalies Trailview found in it.
    Warnings,
    /// The auditor's review mark.
    Review,
    /// The auditor's note.
    Note,
    /// The file the session was read from.
    File,
}

/// One column: what each part of the viewer calls it and how it reads it.
pub struct Column {
    /// Which column.
    pub col: Col,
    /// Its title in the list's header and the printed report.
    pub title: &'static str,
    /// The names a query term reads it by, the one the help shows first (none: not searched by
    /// name; its facts are found by the paths into the document).
    pub names: &'static [&'static str],
    /// What a term of it matches, for the search box's help.
    pub help: &'static str,
    /// How a query term reads it.
    pub find: Option<Find>,
    /// How the CSV writes it.
    pub csv: Option<Csv>,
    /// How the list sorts by it.
    pub sort: Option<SortBy>,
    /// Its label in the facet panel.
    pub facet: Option<Facet>,
}

/// What a query term compares with, for one session.
#[derive(Clone, Copy)]
pub enum Find {
    /// Texts, any of which may match (case ignored, wildcards, ranges): the function calls `each`
    /// with each and says whether one matched.
    Texts(fn(&SessionEntry, Each) -> bool),
    /// The verdict, compared normalised (`auth-fail` finds `AUTH_FAIL`).
    Verdict,
    /// A number.
    Number(fn(&SessionEntry) -> Option<f64>),
    /// An instant.
    Time(fn(&SessionEntry) -> Option<&Timestamp>),
    /// `true` or `false`.
    Flag(fn(&SessionEntry) -> bool),
    /// The auditor's review mark: flagged, reviewed, noted, unreviewed.
    Review,
}

/// What a term does with each text of a column: says whether it matches.
pub type Each<'a> = &'a mut dyn FnMut(&str) -> bool;

/// What a CSV cell is made from.
pub struct Cell<'a> {
    /// The session.
    pub entry: &'a SessionEntry,
    /// The zone times are written in.
    pub mode: TimeMode,
    /// The auditor's review marks.
    pub marks: &'a Marks,
    /// The name of the file the session was read from (empty when only links to it are loaded).
    pub file: &'a str,
}

/// A column of the CSV.
pub struct Csv {
    /// Its header (a time's names the zone after it).
    pub label: &'static str,
    /// Ticked when the export menu opens.
    pub default: bool,
    /// The cell's text (formulas are neutralised by the writer).
    pub cell: fn(&Cell) -> String,
}

/// How the list sorts by a column.
pub struct SortBy {
    /// Its name in URLs (`?sort=score`).
    pub slug: &'static str,
    /// The first click sorts largest first: numbers and times read best that way, names
    /// alphabetically.
    pub descending_first: bool,
    /// The order.
    pub order: Order,
}

/// The number each session sorts by.
#[derive(Clone, Copy)]
pub enum Order {
    /// Its start time.
    Start,
    /// The rank of its value in the column's facet (text, compared as interned values are ranked).
    Rank,
    /// Client, then server, each by rank.
    Route,
    /// A measure held for every session.
    Measure(fn(&Measures) -> Option<f64>),
}

/// A column of the facet panel.
pub struct Facet {
    /// The panel's heading.
    pub label: &'static str,
    /// Its values in a session.
    pub values: Values,
}

/// The values a session has in a facet.
#[derive(Clone, Copy)]
pub enum Values {
    /// One (the empty text counts as none).
    One(fn(&SessionSummary) -> &str),
    /// Any number (tags).
    Many(fn(&SessionSummary) -> &[String]),
}

fn text(t: &str, each: Each) -> bool {
    each(t)
}

fn any_present(ts: [&str; 3], each: Each) -> bool {
    ts.into_iter().any(|t| !t.is_empty() && each(t))
}

fn time_cell(t: Option<&Timestamp>, mode: TimeMode) -> String {
    t.map(|t| {
        let shown = t.show(mode);
        if shown.zone.is_empty() || mode != TimeMode::Original {
            shown.text
        } else {
            format!("{} {}", shown.text, shown.zone)
        }
    })
    .unwrap_or_default()
}

fn number_cell(n: Option<f64>) -> String {
    n.map(present::fmt_number).unwrap_or_default()
}

fn count_cell(n: Option<usize>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

fn warnings(e: &SessionEntry) -> usize {
    e.issues.iter().filter(|i| i.severity != Severity::Info).count()
}

fn flag(b: bool) -> String {
    b.to_string()
}

/// Every column, in the CSV's order.
pub const COLUMNS: &[Column] = &[
    Column {
        col: Col::Key,
        title: "Key",
        names: &["key"],
        help: "the session key",
        find: Some(Find::Texts(|e, each| text(&e.key, each))),
        csv: Some(Csv { label: "key", default: true, cell: |c| c.entry.key.clone() }),
        sort: None,
        facet: None,
    },
    Column {
        col: Col::Start,
        title: "Start",
        names: &["start"],
        help: "when the session started (also start_time)",
        find: Some(Find::Time(|e| e.summary.start.as_ref())),
        csv: Some(Csv {
            label: "start",
            default: true,
            cell: |c| time_cell(c.entry.summary.start.as_ref(), c.mode),
        }),
        sort: Some(SortBy { slug: "start", descending_first: true, order: Order::Start }),
        facet: None,
    },
    Column {
        col: Col::End,
        title: "End",
        names: &["end"],
        help: "when it ended (also end_time)",
        find: Some(Find::Time(|e| e.summary.end.as_ref())),
        csv: Some(Csv {
            label: "end",
            default: true,
            cell: |c| time_cell(c.entry.summary.end.as_ref(), c.mode),
        }),
        sort: None,
        facet: None,
    },
    Column {
        col: Col::Duration,
        title: "Duration",
        names: &["duration"],
        help: "the duration in seconds",
        find: Some(Find::Number(|e| e.summary.effective_duration())),
        csv: Some(Csv {
            label: "duration_seconds",
            default: true,
            cell: |c| number_cell(c.entry.summary.effective_duration()),
        }),
        sort: Some(SortBy {
            slug: "duration",
            descending_first: true,
            order: Order::Measure(|m| m.duration),
        }),
        facet: None,
    },
    Column {
        col: Col::User,
        title: "User → server user",
        names: &["user"],
        help: "the gateway or server username",
        find: Some(Find::Texts(|e, each| {
            each(&e.summary.user) || e.summary.server_users.iter().any(|u| each(u))
        })),
        csv: Some(Csv { label: "user", default: true, cell: |c| c.entry.summary.user.to_string() }),
        sort: Some(SortBy { slug: "user", descending_first: false, order: Order::Rank }),
        facet: Some(Facet { label: "User", values: Values::One(|s| &s.user) }),
    },
    Column {
        col: Col::ServerUser,
        title: "Server user",
        names: &[],
        help: "",
        find: None,
        csv: Some(Csv {
            label: "server_user",
            default: true,
            cell: |c| c.entry.summary.server_user.to_string(),
        }),
        sort: None,
        facet: None,
    },
    Column {
        col: Col::Client,
        title: "Client",
        names: &["client"],
        help: "the client's address or name",
        find: Some(Find::Texts(|e, each| {
            let s = &e.summary;
            any_present([&s.client_ip, &s.client_name, &s.client], each)
        })),
        csv: Some(Csv {
            label: "client",
            default: true,
            cell: |c| c.entry.summary.client.to_string(),
        }),
        sort: None,
        facet: None,
    },
    Column {
        col: Col::Server,
        title: "Server",
        names: &["server"],
        help: "the server's address or name",
        find: Some(Find::Texts(|e, each| {
            let s = &e.summary;
            any_present([&s.server_ip, &s.server_name, &s.server], each)
        })),
        csv: Some(Csv {
            label: "server",
            default: true,
            cell: |c| c.entry.summary.server.to_string(),
        }),
        sort: None,
        facet: Some(Facet { label: "Server", values: Values::One(|s| &s.server_host) }),
    },
    Column {
        col: Col::Protocol,
        title: "Protocol",
        names: &["protocol"],
        help: "SSH, RDP, ICA, VNC, TELNET, HTTP (any spelling)",
        find: Some(Find::Texts(|e, each| text(&e.summary.protocol, each))),
        csv: Some(Csv {
            label: "protocol",
            default: true,
            cell: |c| c.entry.summary.protocol.to_string(),
        }),
        sort: Some(SortBy { slug: "protocol", descending_first: false, order: Order::Rank }),
        facet: Some(Facet { label: "Protocol", values: Values::One(|s| &s.protocol) }),
    },
    Column {
        col: Col::Verdict,
        title: "Verdict",
        names: &["verdict"],
        help: "the session verdict, or the connection verdict when there is none, normalised: accept, auth-fail, deny …",
        find: Some(Find::Verdict),
        csv: Some(Csv {
            label: "verdict",
            default: true,
            cell: |c| c.entry.summary.verdict.as_ref().map(|v| v.name().to_string()).unwrap_or_default(),
        }),
        sort: Some(SortBy { slug: "verdict", descending_first: false, order: Order::Rank }),
        facet: Some(Facet {
            label: "Verdict",
            values: Values::One(|s| s.verdict.as_ref().map_or("", |v| v.name())),
        }),
    },
    Column {
        col: Col::Score,
        title: "Risk",
        names: &["score"],
        help: "the aggregated risk score, 0–100",
        find: Some(Find::Number(|e| e.summary.score)),
        csv: Some(Csv {
            label: "risk_score",
            default: true,
            cell: |c| number_cell(c.entry.summary.score),
        }),
        sort: Some(SortBy {
            slug: "score",
            descending_first: true,
            order: Order::Measure(|m| m.score),
        }),
        facet: None,
    },
    Column {
        col: Col::Scripted,
        title: "Scripted",
        names: &["scripted"],
        help: "true when analytics found the session scripted",
        find: Some(Find::Flag(|e| e.summary.scripted)),
        csv: Some(Csv {
            label: "scripted",
            default: false,
            cell: |c| flag(c.entry.summary.scripted),
        }),
        sort: None,
        facet: None,
    },
    Column {
        col: Col::Active,
        title: "Active",
        names: &["active"],
        help: "true while the session is still open",
        find: Some(Find::Flag(|e| e.summary.active)),
        csv: None,
        sort: None,
        facet: None,
    },
    Column {
        col: Col::Policy,
        title: "Connection policy",
        names: &["policy"],
        help: "the connection policy's name",
        find: Some(Find::Texts(|e, each| text(&e.summary.policy, each))),
        csv: Some(Csv {
            label: "connection_policy",
            default: false,
            cell: |c| c.entry.summary.policy.to_string(),
        }),
        sort: None,
        facet: Some(Facet { label: "Connection policy", values: Values::One(|s| &s.policy) }),
    },
    Column {
        col: Col::Origin,
        title: "Origin",
        names: &["origin"],
        help: "how SPS received the session (RECORDING, PSM, LOG)",
        find: Some(Find::Texts(|e, each| text(&e.summary.origin, each))),
        csv: None,
        sort: None,
        facet: Some(Facet { label: "Origin", values: Values::One(|s| &s.origin) }),
    },
    Column {
        col: Col::Tags,
        title: "Tags",
        names: &["tag", "tags"],
        help: "an analytics tag",
        find: Some(Find::Texts(|e, each| e.summary.tags.iter().any(|t| each(t)))),
        csv: None,
        sort: None,
        facet: Some(Facet { label: "Tags", values: Values::Many(|s| &s.tags) }),
    },
    Column {
        col: Col::Channels,
        title: "Channels",
        names: &["channels"],
        help: "how many channels are loaded for it",
        find: Some(Find::Number(|e| Some(e.channel_count.unwrap_or(0) as f64))),
        csv: Some(Csv {
            label: "channels",
            default: false,
            cell: |c| count_cell(c.entry.channel_count),
        }),
        sort: Some(SortBy {
            slug: "channels",
            descending_first: true,
            order: Order::Measure(|m| m.channels.map(|n| n as f64)),
        }),
        facet: None,
    },
    Column {
        col: Col::Alerts,
        title: "Alerts",
        names: &["alerts"],
        help: "how many alerts are loaded for it",
        find: Some(Find::Number(|e| Some(e.alert_count.unwrap_or(0) as f64))),
        csv: Some(Csv {
            label: "alerts",
            default: true,
            cell: |c| count_cell(c.entry.alert_count),
        }),
        sort: None,
        facet: None,
    },
    Column {
        col: Col::Warnings,
        title: "Warnings",
        names: &["warnings"],
        help: "how many anomalies Trailview found in it",
        find: Some(Find::Number(|e| Some(warnings(e) as f64))),
        csv: Some(Csv {
            label: "warnings",
            default: false,
            cell: |c| warnings(c.entry).to_string(),
        }),
        sort: None,
        facet: None,
    },
    Column {
        col: Col::Review,
        title: "Review",
        names: &["review"],
        help: "your review mark: flagged, reviewed, noted, unreviewed",
        find: Some(Find::Review),
        csv: Some(Csv {
            label: "review",
            default: false,
            cell: |c| {
                let Some(m) = c.marks.get(&c.entry.key) else { return String::new() };
                let words = [(m.flagged, "flagged"), (m.reviewed, "reviewed")];
                words.iter().filter(|w| w.0).map(|w| w.1).collect::<Vec<_>>().join(" ")
            },
        }),
        sort: None,
        facet: None,
    },
    Column {
        col: Col::Note,
        title: "Note",
        names: &[],
        help: "",
        find: None,
        csv: Some(Csv {
            label: "note",
            default: false,
            cell: |c| c.marks.get(&c.entry.key).map(|m| m.note.clone()).unwrap_or_default(),
        }),
        sort: None,
        facet: None,
    },
    Column {
        col: Col::File,
        title: "File",
        names: &[],
        help: "",
        find: None,
        csv: Some(Csv {
            label: "file",
            default: false,
            cell: |c| c.file.to_string(),
        }),
        sort: None,
        facet: None,
    },
    Column {
        col: Col::Route,
        title: "Client → server",
        names: &[],
        help: "",
        find: None,
        csv: None,
        sort: Some(SortBy { slug: "route", descending_first: false, order: Order::Route }),
        facet: None,
    },
];

/// The list's columns, in order (each sorts the list).
pub const LIST: [Col; 8] = [
    Col::Start,
    Col::User,
    Col::Route,
    Col::Protocol,
    Col::Verdict,
    Col::Duration,
    Col::Score,
    Col::Channels,
];

/// The printed report's columns, in order.
pub const PRINT: [Col; 7] =
    [Col::Start, Col::User, Col::Route, Col::Protocol, Col::Verdict, Col::Score, Col::Key];

/// The facet panel's columns, in order: the single-valued ones first (their values are held per
/// session in [`FACET_SLOTS`] slots), then the one of many values (tags).
pub const FACETS: [Col; 7] =
    [Col::Protocol, Col::Verdict, Col::User, Col::Server, Col::Policy, Col::Origin, Col::Tags];

/// How many facets hold one value per session: each session keeps their interned values in as
/// many slots, in [`FACETS`]' order.
pub const FACET_SLOTS: usize = 6;

/// The slot of a single-valued facet column's value (its place in [`FACETS`]).
pub const fn slot(col: Col) -> usize {
    let mut i = 0;
    while i < FACET_SLOTS {
        if FACETS[i] as u8 == col as u8 {
            return i;
        }
        i += 1;
    }
    panic!("not a single-valued facet")
}

/// The value of each single-valued facet in a summary, by slot.
pub const FACET_ONE: [fn(&SessionSummary) -> &str; FACET_SLOTS] = facet_one();

/// The values of the facet of many values (tags) in a summary.
pub const FACET_MANY: fn(&SessionSummary) -> &[String] = facet_many();

const fn facet_one() -> [fn(&SessionSummary) -> &str; FACET_SLOTS] {
    fn none(_: &SessionSummary) -> &str {
        ""
    }
    let mut out: [fn(&SessionSummary) -> &str; FACET_SLOTS] = [none; FACET_SLOTS];
    let mut i = 0;
    while i < FACET_SLOTS {
        if let Some(Facet { values: Values::One(f), .. }) = &row(FACETS[i]).facet {
            out[i] = *f;
        }
        i += 1;
    }
    out
}

const fn facet_many() -> fn(&SessionSummary) -> &[String] {
    fn none(_: &SessionSummary) -> &[String] {
        &[]
    }
    match &row(FACETS[FACET_SLOTS]).facet {
        Some(Facet { values: Values::Many(f), .. }) => *f,
        _ => none,
    }
}

/// A column's row, at compile time (the last row stands in for one missing, which the tests rule
/// out).
const fn row(col: Col) -> &'static Column {
    let mut j = 0;
    while j < COLUMNS.len() {
        if COLUMNS[j].col as u8 == col as u8 {
            return &COLUMNS[j];
        }
        j += 1;
    }
    &COLUMNS[COLUMNS.len() - 1]
}

/// The slot of a facet column's value, if it is a single-valued facet.
pub fn slot_of(col: Col) -> Option<usize> {
    FACETS[..FACET_SLOTS].iter().position(|&c| c == col)
}

impl Col {
    /// The column's row of [`COLUMNS`].
    pub const fn column(self) -> &'static Column {
        row(self)
    }

    /// The column a query term of this (lower-case) name reads.
    pub fn by_name(name: &str) -> Option<Col> {
        COLUMNS.iter().find(|c| c.names.contains(&name)).map(|c| c.col)
    }

    /// The column a sort slug names.
    pub fn by_slug(slug: &str) -> Option<Col> {
        COLUMNS.iter().find(|c| c.sort.as_ref().is_some_and(|s| s.slug == slug)).map(|c| c.col)
    }

    /// Its title in the list and the printed report.
    pub fn title(self) -> &'static str {
        self.column().title
    }

    /// Its name in URLs, when the list sorts by it.
    pub fn slug(self) -> &'static str {
        self.column().sort.as_ref().map_or("", |s| s.slug)
    }

    /// Its CSV header.
    pub fn label(self) -> &'static str {
        self.column().csv.as_ref().map_or("", |c| c.label)
    }
}

/// Who connected as whom, as the list and the report show it: `alice → root`, `alice` when the
/// server user is the same or missing, `→ root` when only the server user is known.
pub fn user_text(s: &SessionSummary) -> String {
    match (s.user.is_empty(), s.server_user.is_empty()) {
        (false, false) if s.user != s.server_user => format!("{} → {}", s.user, s.server_user),
        (false, _) => s.user.to_string(),
        (true, false) => format!("→ {}", s.server_user),
        (true, true) => String::new(),
    }
}

/// From where to where: `client → server`, nothing when neither is known.
pub fn route_text(s: &SessionSummary) -> String {
    if s.client.is_empty() && s.server.is_empty() {
        String::new()
    } else {
        format!("{} → {}", s.client, s.server)
    }
}

/// A column's text in the printed report (times with their zone).
pub fn printed(col: Col, e: &SessionEntry, mode: TimeMode) -> String {
    let s = &e.summary;
    let time = |t: Option<&Timestamp>| {
        t.map(|t| {
            let shown = t.show(mode);
            format!("{} {}", shown.text, shown.zone)
        })
    };
    match col {
        Col::Start => time(s.start.as_ref()).unwrap_or_default(),
        Col::End => time(s.end.as_ref()).unwrap_or_default(),
        Col::User => user_text(s),
        Col::Route => route_text(s),
        Col::Verdict => s.verdict.as_ref().map(|v| v.name().to_string()).unwrap_or_default(),
        Col::Score => number_cell(s.score),
        Col::Key => e.key.clone(),
        Col::Protocol => s.protocol.to_string(),
        _ => String::new(),
    }
}

/// The CSV's columns, in order.
pub fn csv_columns() -> impl Iterator<Item = Col> {
    COLUMNS.iter().filter(|c| c.csv.is_some()).map(|c| c.col)
}

/// The CSV columns ticked when the export menu opens.
pub fn csv_defaults() -> Vec<Col> {
    COLUMNS.iter().filter(|c| c.csv.as_ref().is_some_and(|c| c.default)).map(|c| c.col).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_and_routes_read_as_the_list_shows_them() {
        let mut s = SessionSummary::default();
        assert_eq!((user_text(&s), route_text(&s)), (String::new(), String::new()));
        s.server_user = "root".into();
        assert_eq!(user_text(&s), "→ root");
        s.user = "alice".into();
        assert_eq!(user_text(&s), "alice → root");
        s.server_user = "alice".into();
        assert_eq!(user_text(&s), "alice");
        s.client = "10.0.0.1".into();
        assert_eq!(route_text(&s), "10.0.0.1 → ");
    }

    const ALL: [Col; 23] = [
        Col::Key,
        Col::Start,
        Col::End,
        Col::Duration,
        Col::User,
        Col::ServerUser,
        Col::Route,
        Col::Client,
        Col::Server,
        Col::Protocol,
        Col::Verdict,
        Col::Score,
        Col::Scripted,
        Col::Active,
        Col::Policy,
        Col::Origin,
        Col::Tags,
        Col::Channels,
        Col::Alerts,
        Col::Warnings,
        Col::Review,
        Col::Note,
        Col::File,
    ];

    #[test]
    fn every_column_has_one_row_and_its_names_are_its_own() {
        for col in ALL {
            assert_eq!(COLUMNS.iter().filter(|c| c.col == col).count(), 1, "{col:?}");
        }
        assert_eq!(COLUMNS.len(), ALL.len());
        let mut names: Vec<&str> = COLUMNS.iter().flat_map(|c| c.names.iter().copied()).collect();
        let mut slugs: Vec<&str> =
            COLUMNS.iter().filter_map(|c| Some(c.sort.as_ref()?.slug)).collect();
        let mut labels: Vec<&str> =
            COLUMNS.iter().filter_map(|c| Some(c.csv.as_ref()?.label)).collect();
        for list in [&mut names, &mut slugs, &mut labels] {
            let n = list.len();
            list.sort();
            list.dedup();
            assert_eq!(list.len(), n, "a name is used twice: {list:?}");
        }
        for c in COLUMNS {
            assert_eq!(c.names.is_empty(), c.find.is_none(), "{:?}: names without a term", c.col);
            assert_eq!(c.names.is_empty(), c.help.is_empty(), "{:?}: help", c.col);
            assert!(c.names.iter().all(|n| Col::by_name(n) == Some(c.col)));
            assert!(c.sort.as_ref().is_none_or(|s| Col::by_slug(s.slug) == Some(c.col)));
        }
    }

    #[test]
    fn the_lists_name_columns_that_take_part() {
        for col in LIST {
            assert!(col.column().sort.is_some(), "{col:?} is in the list but does not sort");
        }
        for c in COLUMNS.iter().filter(|c| c.sort.is_some()) {
            assert!(LIST.contains(&c.col), "{:?} sorts but is not in the list", c.col);
        }
        for (i, col) in FACETS.iter().enumerate() {
            let facet = col.column().facet.as_ref().expect("a facet column has a facet");
            assert_eq!(matches!(facet.values, Values::One(_)), i < FACET_SLOTS, "{col:?}");
            if i < FACET_SLOTS {
                assert_eq!(slot(*col), i);
            }
            assert!(!col.column().names.is_empty(), "a facet refines the query by name");
        }
        for c in COLUMNS.iter().filter(|c| c.facet.is_some()) {
            assert!(FACETS.contains(&c.col), "{:?}", c.col);
        }
        for c in COLUMNS {
            if let Some(SortBy { order: Order::Rank, .. }) = c.sort {
                assert!(FACETS[..FACET_SLOTS].contains(&c.col), "{:?} ranks without a slot", c.col);
            }
        }
        for col in PRINT {
            assert!(!col.title().is_empty());
        }
        assert_eq!(csv_columns().count(), 19);
        assert_eq!(csv_defaults().len(), 12);
    }
}
