//! The audit questions an auditor asks of every export, answered over the loaded sessions: who worked
//! at night, who brute-forced a login (and got in), who reached a server for the first time, who
//! logged in as root, who stayed for hours, who was in two places at once, what looks like a machine,
//! and what in the data itself is wrong.
//!
//! Each question is one entry of [`INSIGHTS`]; [`compute`] answers all of them at once over the whole
//! dataset (a burst or a first contact is a fact of the whole period, not of what a query shows), and
//! [`cards`] summarises each answer within the current result. The query language selects an answer
//! with `insight:<name>`, so every card is a shareable list.

use crate::anomaly::Severity;
use crate::channel_flags::ChannelFlags;
use crate::dataset::{Dataset, NO_TIME};
use crate::enums::Verdict;
use crate::fold::Lower;
use crate::json::Json;
use crate::sort::{
    kth_smallest, ordered, ordered_f64, sorted_set, text_order, top_n, unordered, unordered_f64,
    Key, KeySort,
};
use crate::timeline::{histogram, Histogram};
use chrono::{DateTime, FixedOffset, Local, Offset, TimeZone, Utc};

/// The facet slots the questions read (see [`crate::columns::FACETS`]).
const USER: usize = crate::columns::slot(crate::columns::Col::User);
const VERDICT: usize = crate::columns::slot(crate::columns::Col::Verdict);
const SERVER: usize = crate::columns::slot(crate::columns::Col::Server);

/// One audit question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Insight {
    /// The name `insight:` takes, and the card's anchor.
    pub slug: &'static str,
    /// The question, in plain words.
    pub question: &'static str,
    /// How it is answered (the card says it under the question).
    pub rule: &'static str,
}

/// Every question, in the order the Insights page shows them.
pub const INSIGHTS: &[Insight] = &[
    Insight {
        slug: "off-hours",
        question: "Who worked outside working hours?",
        rule: "sessions active outside the working week (settings: days, hours and time zone)",
    },
    Insight {
        slug: "failed-burst",
        question: "Did anyone try to log in again and again?",
        rule: "failed logins (AUTH_FAIL, GW_AUTH_FAIL, USER_MAPPING_FAIL, KEY_ERROR) in bursts for one user or from one client",
    },
    Insight {
        slug: "burst-then-success",
        question: "…and then got in?",
        rule: "a burst of failed logins followed, within the burst window, by an accepted session of the same user or client (both shown)",
    },
    Insight {
        slug: "first-contact",
        question: "Who reached a server for the first time?",
        rule: "user → server pairs seen on only one day of a longer period, and clients a user came from only once",
    },
    Insight {
        slug: "privileged",
        question: "Who logged in with a privileged account?",
        rule: "sessions whose server-side user is in the privileged list (settings)",
    },
    Insight {
        slug: "files-and-tunnels",
        question: "Who moved files or opened tunnels?",
        rule: "sessions with SCP or SFTP channels, disk, drive, printer or clipboard redirection, or port, X11 or agent forwards",
    },
    Insight {
        slug: "policy-friction",
        question: "Where did policy push back?",
        rule: "channels refused inside accepted sessions, sessions terminated by a content policy, four-eyes rejections, time-outs and errors, and sessions with alerts",
    },
    Insight {
        slug: "long",
        question: "Which sessions ran unusually long, or are still open?",
        rule: "longer than the setting (default 8 h) or than 99 % of the loaded sessions, and sessions still active",
    },
    Insight {
        slug: "overlap",
        question: "Was anyone in two places at once?",
        rule: "one user in sessions that overlap in time, from different clients",
    },
    Insight {
        slug: "machine-like",
        question: "What looks like a machine, or is risky?",
        rule: "sessions analytics found scripted, and risk scores of 70 or more",
    },
    Insight {
        slug: "data-problems",
        question: "What in the data itself is wrong?",
        rule: "sessions with a warning or error: times that contradict each other, wrong types, values no SPS version writes",
    },
];

/// The insight named `slug` (case-insensitive), with its place in [`INSIGHTS`].
pub fn by_slug(slug: &str) -> Option<(usize, &'static Insight)> {
    INSIGHTS.iter().enumerate().find(|(_, i)| i.slug.eq_ignore_ascii_case(slug.trim()))
}

/// The zone local times are read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Zone {
    /// This computer's zone (the browser's).
    #[default]
    Local,
    /// UTC.
    Utc,
    /// A fixed offset east of UTC, in minutes.
    Offset(i32),
}

impl Zone {
    /// The wall-clock time of an instant in this zone, as milliseconds since 1970-01-01T00:00 of that
    /// wall clock: days, hours and weekdays are then plain arithmetic (see [`Wall`]).
    pub fn wall(self, epoch_millis: i64) -> Option<Wall> {
        let offset = match self {
            Zone::Utc => 0,
            Zone::Offset(min) => i64::from(min) * 60,
            Zone::Local => i64::from(
                local_offset(epoch_millis, &Utc.timestamp_millis_opt(epoch_millis).single()?)?
                    .local_minus_utc(),
            ),
        };
        epoch_millis.checked_add(offset * 1000).map(Wall)
    }

    /// `local`, `utc` or `+05:30`: what the settings store and the page offers.
    pub fn name(self) -> String {
        match self {
            Zone::Local => "local".into(),
            Zone::Utc => "utc".into(),
            Zone::Offset(m) => {
                format!("{}{:02}:{:02}", if m < 0 { '-' } else { '+' }, m.abs() / 60, m.abs() % 60)
            }
        }
    }

    /// Reads [`Zone::name`] back.
    pub fn parse(s: &str) -> Option<Zone> {
        match s.trim().to_ascii_lowercase().as_str() {
            "local" | "" => Some(Zone::Local),
            "utc" | "z" | "+00:00" => Some(Zone::Utc),
            t => {
                let (sign, rest) = match t.as_bytes().first()? {
                    b'+' => (1, &t[1..]),
                    b'-' => (-1, &t[1..]),
                    _ => return None,
                };
                let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
                let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
                (h <= 14 && m < 60).then_some(Zone::Offset(sign * (h * 60 + m)))
            }
        }
    }
}

/// This computer's offset at an instant. Asking it costs a call into the browser's `Date` on wasm,
/// and 100,000 sessions ask it several times each, so offsets are remembered per quarter hour (zones
/// change offset only on quarter-hour boundaries of UTC).
fn local_offset(epoch_millis: i64, utc: &DateTime<Utc>) -> Option<FixedOffset> {
    // A direct-mapped table: a quarter hour's slot holds its bucket and offset; another bucket in
    // the same slot is asked again and takes the slot (a quarter's sessions fit without clashing).
    const SLOTS: usize = 1 << 14;
    thread_local! {
        static SEEN: std::cell::RefCell<Vec<(i64, i32)>> = std::cell::RefCell::new(vec![(i64::MIN, 0); SLOTS]);
    }
    let bucket = epoch_millis.div_euclid(15 * 60_000);
    let slot = bucket.rem_euclid(SLOTS as i64) as usize;
    let secs = SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        match seen.get(slot) {
            Some(&(b, s)) if b == bucket => s,
            _ => {
                let s = Local.offset_from_utc_datetime(&utc.naive_utc()).fix().local_minus_utc();
                if let Some(x) = seen.get_mut(slot) {
                    *x = (bucket, s);
                }
                s
            }
        }
    });
    FixedOffset::east_opt(secs)
}

/// A wall-clock time: milliseconds since 1970-01-01T00:00 on the wall clock of some zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wall(pub i64);

impl Wall {
    const DAY: i64 = 86_400_000;
    /// Days since 1970-01-01 (a Thursday).
    pub fn day(self) -> i64 {
        self.0.div_euclid(Self::DAY)
    }
    /// Milliseconds into its day.
    pub fn in_day(self) -> i64 {
        self.0.rem_euclid(Self::DAY)
    }
    /// The hour of its day, 0–23.
    pub fn hour(self) -> u32 {
        (self.in_day() / 3_600_000) as u32
    }
    /// Monday 0 … Sunday 6.
    pub fn weekday(self) -> usize {
        (self.day() + 3).rem_euclid(7) as usize
    }
}

/// What the questions are asked with; kept in the browser by the app.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The zone times are read in.
    pub zone: Zone,
    /// Working days, Monday first.
    pub days: [bool; 7],
    /// Working hours: from `start_hour`:00 to `end_hour`:00.
    pub start_hour: u32,
    /// The end of the working hours.
    pub end_hour: u32,
    /// A burst: at least `burst_count` failed logins within `burst_minutes`.
    pub burst_count: usize,
    /// The span of a burst, in minutes.
    pub burst_minutes: i64,
    /// Server-side users that are privileged (compared without case).
    pub privileged: Vec<String>,
    /// Sessions longer than this many hours are long.
    pub long_hours: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            zone: Zone::Local,
            days: [true, true, true, true, true, false, false],
            start_hour: 8,
            end_hour: 18,
            burst_count: 5,
            burst_minutes: 10,
            privileged: ["root", "Administrator", "admin", "sa", "postgres", "oracle", "sys"]
                .map(String::from)
                .to_vec(),
            long_hours: 8.0,
        }
    }
}

impl Settings {
    /// The settings as a small JSON document (the app keeps it in the browser's storage).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "zone": self.zone.name(),
            "days": self.days.iter().map(|&d| u8::from(d)).collect::<Vec<_>>(),
            "hours": [self.start_hour, self.end_hour],
            "burst": [self.burst_count, self.burst_minutes],
            "privileged": self.privileged,
            "long_hours": self.long_hours,
        })
    }

    /// Reads [`Settings::to_json`] back; anything missing or out of range keeps its default, so a
    /// stored document from another version never fails.
    pub fn from_json(v: &serde_json::Value) -> Settings {
        let d = Settings::default();
        let num = |v: &serde_json::Value| Json::as_f64(v).filter(|f| *f >= 0.0);
        let hours: Vec<u32> = v["hours"]
            .as_array()
            .map(|a| a.iter().filter_map(|h| num(h).map(|h| h as u32)).collect())
            .unwrap_or_default();
        let (start_hour, end_hour) = match hours[..] {
            [a, b] if a < b && b <= 24 => (a, b),
            _ => (d.start_hour, d.end_hour),
        };
        let mut days = d.days;
        if let Some(a) = v["days"].as_array().filter(|a| a.len() == 7) {
            for (slot, x) in days.iter_mut().zip(a) {
                *slot = x.as_u64().is_some_and(|n| n != 0) || x.as_bool() == Some(true);
            }
        }
        let burst = v["burst"].as_array();
        Settings {
            zone: v["zone"].as_str().and_then(Zone::parse).unwrap_or(d.zone),
            days,
            start_hour,
            end_hour,
            burst_count: burst
                .and_then(|b| b.first())
                .and_then(num)
                .map_or(d.burst_count, |n| (n as usize).clamp(1, 10_000)),
            burst_minutes: burst
                .and_then(|b| b.get(1))
                .and_then(num)
                .map_or(d.burst_minutes, |n| (n as i64).clamp(1, 100_000)),
            privileged: v["privileged"]
                .as_array()
                .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
                .unwrap_or(d.privileged),
            long_hours: num(&v["long_hours"]).filter(|h| *h > 0.0).unwrap_or(d.long_hours),
        }
    }
}

/// The answer to every question: for each entry of [`INSIGHTS`], the sessions (indices into
/// [`Dataset::sessions`], ascending) it selects.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answers {
    /// Per question, the sessions it selects.
    pub sessions: Vec<Vec<u32>>,
}

impl Answers {
    /// Whether session `i` answers insight number `which`.
    pub fn contains(&self, which: usize, i: usize) -> bool {
        self.sessions
            .get(which)
            .is_some_and(|s| u32::try_from(i).is_ok_and(|i| s.binary_search(&i).is_ok()))
    }
}

/// The next `share` of `rows` after the first `*read`, moving `*read` past it: empty once all are.
fn next_share<'a>(rows: &'a [usize], read: &mut usize, share: usize) -> &'a [usize] {
    let from = (*read).min(rows.len());
    *read = from.saturating_add(share).min(rows.len());
    &rows[from..*read]
}

/// A failed login, as the burst questions count them.
fn is_failed_login(v: &Verdict) -> bool {
    matches!(
        v,
        Verdict::AuthFail | Verdict::GwAuthFail | Verdict::UserMappingFail | Verdict::KeyError
    )
}

/// Who and when of every session, read once: names as small numbers (equal without regard to case
/// or surrounding spaces; 0 for none), so the questions group and compare numbers, never strings.
struct Facts {
    /// The session's verdict is a failed login; is an acceptance.
    failed: Vec<bool>,
    accepted: Vec<bool>,
    /// Start and end in epoch milliseconds (an end before the start is no end).
    start: Vec<Option<i64>>,
    end: Vec<Option<i64>>,
    user: Vec<u32>,
    client: Vec<u32>,
    server: Vec<u32>,
}

/// Reads [`Facts`] a share of the sessions at a time.
struct FactsReader {
    facts: Facts,
    /// Per string id: the folded user it is (0 for none, or for a name no session uses).
    fold: Vec<u32>,
    /// Per string id: (failed login, accepted) of the verdict it names, once read.
    verdicts: Vec<Option<(bool, bool)>>,
}

impl FactsReader {
    /// Users are matched without regard to case or surrounding spaces (`Alice` and `alice ` are
    /// one person to a Windows domain): each distinct user name some session uses is folded once,
    /// and the folded names sorted, so that names equal once folded get one number (no hashing of
    /// strings). Clients and servers are addresses and names compared as written. Each distinct
    /// verdict is read once. No session entry is touched.
    fn new(ds: &Dataset) -> FactsReader {
        let n = ds.facet_ids().len();
        let mut used = vec![false; ds.strings().len()];
        for ids in ds.facet_ids().iter() {
            if let Some(u) = used.get_mut(ids[USER] as usize) {
                *u = true;
            }
        }
        let names: Vec<u32> = (1..used.len() as u32).filter(|&id| used[id as usize]).collect();
        let folded: Vec<String> =
            names.iter().map(|&id| ds.strings().get(id).trim().folded()).collect();
        let refs: Vec<&str> = folded.iter().map(String::as_str).collect();
        let mut fold = vec![0u32; ds.strings().len()];
        let (mut number, mut last) = (0, None);
        for k in text_order(&refs) {
            if refs[k].is_empty() {
                continue;
            }
            if last != Some(refs[k]) {
                (number, last) = (number + 1, Some(refs[k]));
            }
            fold[names[k] as usize] = number;
        }
        let facts = Facts {
            failed: Vec::with_capacity(n),
            accepted: Vec::with_capacity(n),
            start: Vec::with_capacity(n),
            end: Vec::with_capacity(n),
            user: Vec::with_capacity(n),
            client: Vec::with_capacity(n),
            server: Vec::with_capacity(n),
        };
        FactsReader { facts, fold, verdicts: vec![None; ds.strings().len()] }
    }

    /// How many sessions are read.
    fn read(&self) -> usize {
        self.facts.user.len()
    }

    /// Reads up to `share` more sessions.
    fn read_more(&mut self, ds: &Dataset, share: usize) {
        let from = self.read();
        let to = from.saturating_add(share).min(ds.facet_ids().len());
        let time = |t: &i64| (*t != NO_TIME).then_some(*t);
        let f = &mut self.facts;
        f.start.extend(ds.start_ms().get(from..to).unwrap_or_default().iter().map(time));
        f.end.extend(ds.end_ms().get(from..to).unwrap_or_default().iter().map(time));
        f.client.extend(ds.client_ids().get(from..to).unwrap_or_default());
        for ids in ds.facet_ids().get(from..to).unwrap_or_default() {
            let (failed, accepted) = match self.verdicts.get_mut(ids[VERDICT] as usize) {
                Some(Some(known)) => *known,
                Some(slot) => {
                    let v = Verdict::parse(ds.strings().get(ids[VERDICT]));
                    let known = (
                        ids[VERDICT] != 0 && is_failed_login(&v),
                        ids[VERDICT] != 0 && v == Verdict::Accept,
                    );
                    *slot = Some(known);
                    known
                }
                None => (false, false),
            };
            f.failed.push(failed);
            f.accepted.push(accepted);
            f.server.push(ids[SERVER]);
            f.user.push(self.fold.get(ids[USER] as usize).copied().unwrap_or(0));
        }
        // Columns shorter than the sessions (never, but no panic either way) read as missing.
        for column in [&mut f.start, &mut f.end] {
            column.resize(to, None);
        }
        f.client.resize(to, 0);
    }
}

/// Answers every question over all loaded sessions.
pub fn compute(ds: &Dataset, s: &Settings) -> Answers {
    let mut c = Computation::new(s.clone());
    loop {
        if let Some(done) = c.step(ds) {
            return done;
        }
    }
}

/// The questions answered a few at a time, so a page can draw between the steps: each
/// [`Computation::step`] reads a share of the sessions, or does a pass of a sort over them (a few
/// milliseconds at 100,000, tens at a million natively), and the last returns the answers. Every
/// step must be given the same dataset.
pub struct Computation {
    settings: Settings,
    /// The question under way (see [`Computation::step`]).
    stage: usize,
    loaded: Vec<usize>,
    facts: Option<FactsReader>,
    /// Each start in the chosen zone, once: two questions read it.
    local: Vec<Option<Wall>>,
    /// How many of the loaded sessions the question under way has read, when it reads a share a step.
    read: usize,
    found: Vec<usize>,
    bursts: Bursts,
    contacts: Option<Contacts>,
    privileged: Vec<u8>,
    /// The questions that read each session's entry, a share of the sessions per step: reading a
    /// million scattered entries at once was a step of 0.3 s.
    entries: EntryQuestions,
    overlaps: Option<Overlaps>,
    /// How many sessions a step reads (and, twice this, how many keys a step of a sort reads).
    share: usize,
    out: Vec<Vec<u32>>,
}

impl Computation {
    /// A computation of every answer with `settings`, not yet begun.
    pub fn new(settings: Settings) -> Computation {
        Computation {
            settings,
            stage: 0,
            loaded: vec![],
            facts: None,
            local: vec![],
            read: 0,
            found: vec![],
            bursts: Bursts::default(),
            contacts: None,
            privileged: vec![],
            entries: EntryQuestions::default(),
            overlaps: None,
            share: 100_000,
            out: vec![Vec::new(); INSIGHTS.len()],
        }
    }

    fn put(&mut self, slug: &str, rows: Vec<usize>) {
        if let Some(v) = by_slug(slug).and_then(|(i, _)| self.out.get_mut(i)) {
            let rows: Vec<u32> = rows.into_iter().filter_map(|r| u32::try_from(r).ok()).collect();
            *v = sorted_set(&rows);
        }
    }

    /// Does the next step; `Some` with the answers after the last.
    pub fn step(&mut self, ds: &Dataset) -> Option<Answers> {
        let share = self.share.max(1);
        let budget = share.saturating_mul(2);
        if self.facts.as_ref().is_none_or(|r| r.read() < ds.facet_ids().len()) {
            // The facts and each start in the chosen zone, a share of the sessions a step.
            let reader = self.facts.get_or_insert_with(|| FactsReader::new(ds));
            let from = reader.read();
            reader.read_more(ds, share);
            // Which sessions are loaded (not stubs) reads each entry: scattered, so a share at a time too.
            let to = reader.read().min(ds.sessions().len());
            self.loaded.extend((from..to).filter(|&i| ds.sessions()[i].source.is_some()));
            let zone = self.settings.zone;
            self.local.extend(
                reader
                    .facts
                    .start
                    .get(from..)
                    .unwrap_or_default()
                    .iter()
                    .map(|t| t.and_then(|t| zone.wall(t))),
            );
            return None;
        }
        let Computation {
            settings: s,
            stage,
            loaded,
            facts,
            local,
            read,
            found,
            bursts,
            contacts,
            privileged: known,
            entries,
            overlaps,
            ..
        } = self;
        let f = &facts.as_ref()?.facts;
        // The next share of the loaded sessions, for a question that reads them so; `None` once all are.
        let mut next_share = || Some(next_share(loaded, read, share)).filter(|r| !r.is_empty());
        // Each question in turn: one that reads a share a step gives `None` until it has read all
        // of them, and one that sorts gives `None` until its last pass.
        let answered: Option<Vec<(&'static str, Vec<usize>)>> = match *stage {
            0 => match next_share() {
                Some(rows) => {
                    found.extend(rows.iter().copied().filter(|&i| off_hours(f, local, i, s)));
                    None
                }
                None => Some(vec![("off-hours", std::mem::take(found))]),
            },
            1 => bursts.step(f, loaded, s, share, budget).then(|| {
                let b = std::mem::take(bursts);
                vec![("failed-burst", b.bursts), ("burst-then-success", b.then_success)]
            }),
            2 => {
                let c = contacts.get_or_insert_with(Contacts::new);
                c.step(f, local, loaded, share, budget)
                    .then(|| vec![("first-contact", std::mem::take(&mut c.out))])
            }
            3 => match next_share() {
                Some(rows) => {
                    if known.is_empty() {
                        *known = vec![0; ds.strings().len()];
                    }
                    found.extend(privileged(ds, rows, s, known));
                    None
                }
                None => Some(vec![("privileged", std::mem::take(found))]),
            },
            4 => match next_share() {
                Some(rows) => {
                    entries.read_more(ds, rows);
                    None
                }
                None => Some(std::mem::take(entries).answers(s).into()),
            },
            // Sorted a pass at a time, then swept a share at a time.
            _ => match overlaps {
                None => {
                    *overlaps = Some(Overlaps::new(f, loaded));
                    None
                }
                Some(o) => o
                    .step(ds, f, loaded, share, budget)
                    .then(|| vec![("overlap", std::mem::take(&mut o.out))]),
            },
        };
        let answered = answered?;
        self.stage += 1;
        self.read = 0;
        for (slug, rows) in answered {
            self.put(slug, rows);
        }
        (self.stage > 5).then(|| Answers { sessions: std::mem::take(&mut self.out) })
    }
}

/// Sessions of `share` whose server-side user is in the privileged list; each distinct name is
/// compared once (`known`, by string id: 0 not yet, 1 not privileged, 2 privileged, kept from share
/// to share), and only names some session uses.
fn privileged(ds: &Dataset, share: &[usize], s: &Settings, known: &mut [u8]) -> Vec<usize> {
    let list: Vec<&str> = s.privileged.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect();
    let mut is_privileged = |id: u32| match known.get_mut(id as usize) {
        Some(k @ 0) => {
            let name = ds.strings().get(id).trim();
            let yes = list.iter().any(|p| name.eq_ignore_ascii_case(p));
            *k = 1 + u8::from(yes);
            yes
        }
        Some(k) => *k == 2,
        None => false,
    };
    share
        .iter()
        .copied()
        .filter(|&i| {
            ds.server_user_ids().get(i).is_some_and(|u| u.iter().any(|&id| is_privileged(id)))
        })
        .collect()
}

/// The questions that read each session's own entry, in one pass over the entries (they are
/// scattered in memory; reading each once is what keeps this fast), a share at a time.
#[derive(Default)]
struct EntryQuestions {
    /// How many of the loaded sessions have been read.
    read: usize,
    files: Vec<usize>,
    friction: Vec<usize>,
    machine: Vec<usize>,
    problems: Vec<usize>,
    durations: Vec<(Option<f64>, bool, usize)>,
}

impl EntryQuestions {
    fn read_more(&mut self, ds: &Dataset, share: &[usize]) {
        self.read += share.len();
        for &i in share {
            let Some(e) = ds.sessions().get(i) else { continue };
            self.durations.push((
                e.summary.effective_duration().filter(|d| d.is_finite()),
                e.summary.active,
                i,
            ));
            let mut flags = ChannelFlags::default();
            for d in e.attached.channels.iter().filter_map(|&d| ds.docs().get(d)) {
                flags = ChannelFlags::from_bits(flags.bits() | d.channel_flags.bits());
            }
            if flags.has(ChannelFlags::FILES | ChannelFlags::TUNNEL) {
                self.files.push(i);
            }
            let v = e.summary.verdict.as_ref();
            if matches!(
                v,
                Some(
                    Verdict::Terminated
                        | Verdict::FourEyesReject
                        | Verdict::FourEyesTimeout
                        | Verdict::FourEyesError
                )
            ) || e.alert_count.unwrap_or(0) > 0
                || (v == Some(&Verdict::Accept) && flags.has(ChannelFlags::DENIED))
            {
                self.friction.push(i);
            }
            if e.summary.scripted || e.summary.score.is_some_and(|x| x >= 70.0) {
                self.machine.push(i);
            }
            if e.issues.iter().any(|x| x.severity != Severity::Info) {
                self.problems.push(i);
            }
        }
    }

    fn answers(self, s: &Settings) -> [(&'static str, Vec<usize>); 5] {
        [
            ("files-and-tunnels", self.files),
            ("policy-friction", self.friction),
            ("long", long_sessions(&self.durations, s)),
            ("machine-like", self.machine),
            ("data-problems", self.problems),
        ]
    }
}

/// Whether any part of the session lies outside the working week: it is inside only when it starts
/// and ends on the same working day, within the working hours (ending on the hour is inside).
fn off_hours(f: &Facts, local: &[Option<Wall>], i: usize, s: &Settings) -> bool {
    let Some(a) = local[i] else { return false };
    let b = match f.end[i] {
        Some(end) => match s.zone.wall(end) {
            Some(b) => b,
            None => return false,
        },
        None => a,
    };
    let working_day = s.days[a.weekday()];
    let starts_inside = a.hour() >= s.start_hour && a.hour() < s.end_hour;
    let ends_inside = b.hour() < s.end_hour || b.in_day() == i64::from(s.end_hour) * 3_600_000;
    !(working_day && a.day() == b.day() && starts_inside && ends_inside)
}

/// The failed logins in bursts, and (separately) the bursts followed by a success of the same user
/// or client, with that success; worked out in steps, for users and then for clients: the keys
/// gathered in one, sorted a pass at a time, then swept in one.
#[derive(Default)]
struct Bursts {
    /// 0 for users, 1 for clients, 2 when both are done.
    who: usize,
    /// Per user (or client): how many failed logins with a start; empty before they are counted.
    fails_of: Vec<usize>,
    /// How many of the loaded sessions have been gathered into `keys`.
    gathered: usize,
    keys: Vec<Key>,
    sort: KeySort,
    bursts: Vec<usize>,
    then_success: Vec<usize>,
}

impl Bursts {
    /// Does a step (counts who failed, gathers a share of the keys, does a pass of their sort, or
    /// sweeps them); true once users and clients are both done.
    fn step(
        &mut self,
        f: &Facts,
        loaded: &[usize],
        s: &Settings,
        share: usize,
        budget: usize,
    ) -> bool {
        let Some(who) = [&f.user, &f.client].get(self.who).copied() else { return true };
        let need = s.burst_count.max(1);
        if self.fails_of.is_empty() {
            // Only who failed often enough to burst matters: counted first in a dense array (ids are
            // small), so the sort holds their sessions alone, not every accepted one.
            self.fails_of = vec![0; who.iter().copied().max().unwrap_or(0) as usize + 1];
            for &i in loaded {
                if f.failed[i] && f.start[i].is_some() {
                    self.fails_of[who[i] as usize] += 1;
                }
            }
            return false;
        }
        if self.gathered < loaded.len() {
            // (who and whether failed, start, session): once sorted, a group's successes, then its
            // failures, in time order (faster than hashing 100,000 sessions into groups, most of
            // which hold no failure at all).
            if self.gathered == 0 {
                // Room for all at once: growing by doubling copied tens of megabytes in one step.
                self.keys.reserve(loaded.len());
            }
            let fails_of = &self.fails_of;
            self.keys.extend(
                next_share(loaded, &mut self.gathered, share)
                    .iter()
                    .filter(|&&i| {
                        who[i] != 0
                            && (f.failed[i] || f.accepted[i])
                            && fails_of[who[i] as usize] >= need
                    })
                    .filter_map(|&i| {
                        Some((
                            u64::from(who[i]) << 1 | u64::from(f.failed[i]),
                            ordered(f.start[i]?),
                            i as u64,
                        ))
                    }),
            );
        } else if !self.sort.is_done() {
            self.sort.step(&mut self.keys, budget);
        } else {
            sweep_bursts(&self.keys, s, &mut self.bursts, &mut self.then_success);
            (self.fails_of, self.gathered, self.keys, self.sort) =
                (Vec::new(), 0, Vec::new(), KeySort::default());
            self.who += 1;
        }
        // Done is said in a step of its own, where the answers are put in order.
        false
    }
}

/// The bursts among the sorted keys of [`Bursts`], and those followed by a success within the window.
fn sweep_bursts(all: &[Key], s: &Settings, bursts: &mut Vec<usize>, then_success: &mut Vec<usize>) {
    let window = s.burst_minutes.max(0) * 60_000;
    let need = s.burst_count.max(1);
    for group in all.chunk_by(|a, b| a.0 >> 1 == b.0 >> 1) {
        let split = group.partition_point(|g| g.0 & 1 == 0);
        let (wins, fails) = group.split_at(split);
        if fails.len() < need {
            continue;
        }
        let back = |g: &Key| (unordered(g.1), g.2 as usize);
        let fails: Vec<(i64, usize)> = fails.iter().map(back).collect();
        let wins: Vec<(i64, usize)> = wins.iter().map(back).collect();
        let mut in_burst = vec![false; fails.len()];
        for k in need - 1..fails.len() {
            if fails[k].0 - fails[k + 1 - need].0 <= window {
                in_burst[k + 1 - need..=k].iter_mut().for_each(|b| *b = true);
            }
        }
        let mut k = 0;
        while k < fails.len() {
            if !in_burst[k] {
                k += 1;
                continue;
            }
            let first = k;
            while k < fails.len() && in_burst[k] {
                k += 1;
            }
            let members: Vec<usize> = fails[first..k].iter().map(|&(_, i)| i).collect();
            let (from, last) = (fails[first].0, fails[k - 1].0);
            bursts.extend(&members);
            let at = wins.partition_point(|&(t, _)| t < from);
            let success: Vec<usize> = wins[at..]
                .iter()
                .take_while(|&&(t, _)| t <= last + window)
                .map(|&(_, i)| i)
                .collect();
            if !success.is_empty() {
                then_success.extend(members);
                then_success.extend(success);
            }
        }
    }
}

/// User → server pairs seen on only one day of a period of several days, and user → client pairs
/// seen in only one session (of a user who came from other clients too). Pairs are grouped by
/// sorting, which over 100,000 sessions is several times faster than hashing each one; the keys are
/// gathered in one step, each list sorted a pass at a time, and both swept in a last step.
struct Contacts {
    /// How many of the loaded sessions have been gathered.
    gathered: usize,
    /// (user and server, day, session) and (user and client, 0, session).
    servers: Vec<Key>,
    clients: Vec<Key>,
    /// The first and last day of any session (if they differ, a pair can be new on one of them).
    days: (i64, i64),
    sorts: [KeySort; 2],
    out: Vec<usize>,
}

impl Contacts {
    fn new() -> Contacts {
        let (servers, clients, sorts) = (Vec::new(), Vec::new(), Default::default());
        Contacts {
            gathered: 0,
            servers,
            clients,
            days: (i64::MAX, i64::MIN),
            sorts,
            out: Vec::new(),
        }
    }

    /// Gathers the keys of a share of the loaded sessions.
    fn gather(&mut self, f: &Facts, local: &[Option<Wall>], loaded: &[usize], share: usize) {
        if self.gathered == 0 {
            // Room for all at once: growing by doubling copied tens of megabytes in one step.
            self.servers.reserve(loaded.len());
            self.clients.reserve(loaded.len());
        }
        for &i in next_share(loaded, &mut self.gathered, share) {
            // Days as numbers (days since the epoch in the chosen zone), for sessions with a start.
            let d = local[i].map(|t| t.day());
            if let Some(d) = d {
                self.days = (self.days.0.min(d), self.days.1.max(d));
            }
            if f.user[i] == 0 {
                continue;
            }
            let pair = |other: u32| u64::from(f.user[i]) << 32 | u64::from(other);
            if f.server[i] != 0 {
                self.servers.push((pair(f.server[i]), ordered(d.unwrap_or(i64::MIN)), i as u64));
            }
            if f.client[i] != 0 {
                self.clients.push((pair(f.client[i]), 0, i as u64));
            }
        }
    }

    /// Does a step (gathers a share, does a pass of a sort, or sweeps); true once the answer is in `out`.
    fn step(
        &mut self,
        f: &Facts,
        local: &[Option<Wall>],
        loaded: &[usize],
        share: usize,
        budget: usize,
    ) -> bool {
        if self.gathered < loaded.len() {
            self.gather(f, local, loaded, share);
            return false;
        }
        // Each list sorted a pass a step, then swept in a step of its own (emptied once swept), and
        // done said in a last one, where the answer is put in order; the servers only if the
        // sessions span several days.
        let several_days = self.days.0 < self.days.1;
        if several_days && !self.sorts[0].is_done() {
            self.sorts[0].step(&mut self.servers, budget);
            return false;
        }
        if !self.sorts[1].is_done() {
            self.sorts[1].step(&mut self.clients, budget);
            return false;
        }
        if several_days && !self.servers.is_empty() {
            for group in self.servers.chunk_by(|a, b| a.0 == b.0) {
                if group.first().map(|g| g.1) == group.last().map(|g| g.1) {
                    self.out.extend(group.iter().map(|g| g.2 as usize));
                }
            }
            self.servers = Vec::new();
            return false;
        }
        if self.clients.is_empty() {
            return true;
        }
        for user in self.clients.chunk_by(|a, b| a.0 >> 32 == b.0 >> 32) {
            let pairs: Vec<&[Key]> = user.chunk_by(|a, b| a.0 == b.0).collect();
            if pairs.len() > 1 {
                self.out.extend(pairs.iter().filter(|p| p.len() == 1).map(|p| p[0].2 as usize));
            }
        }
        self.clients = Vec::new();
        false
    }
}

/// Sessions longer than the setting or than 99 % of the loaded ones, and sessions still active,
/// from each session's (duration, active, index).
fn long_sessions(durations: &[(Option<f64>, bool, usize)], s: &Settings) -> Vec<usize> {
    let all: Vec<u64> = durations.iter().filter_map(|d| d.0).map(ordered_f64).collect();
    // The 99th percentile is only telling with enough sessions to have a tail.
    let p99 = (all.len() >= 100)
        .then(|| kth_smallest(&all, all.len() * 99 / 100))
        .flatten()
        .map(unordered_f64);
    let limit = s.long_hours * 3600.0;
    durations
        .iter()
        .filter(|(d, active, _)| {
            *active || d.is_some_and(|d| d > limit || p99.is_some_and(|p| d > p && p > 0.0))
        })
        .map(|d| d.2)
        .collect()
}

/// Sessions of one user that overlap in time, from different clients, worked out in steps: the
/// sessions sorted by user and start a pass at a time, then swept a share of them at a time. Each user's
/// sessions are swept in start order with the open ones counted by client, so a user with
/// thousands of sessions at once costs their number, not its square.
struct Overlaps {
    /// The last time any session was seen (an active session without an end lasts to it).
    last: i64,
    /// How many of the loaded sessions have been gathered into `all`.
    gathered: usize,
    /// (user, start, session): each user's sessions together, in start order once sorted.
    all: Vec<Key>,
    sort: KeySort,
    end: Vec<i64>,
    /// How many of `all` are swept.
    at: usize,
    /// By client id, reused from user to user (reset through `touched`): how many of the user's
    /// sessions from it are open, and those not yet marked.
    open_from: Vec<usize>,
    unmarked: Vec<Vec<usize>>,
    touched: Vec<u32>,
    marked: Vec<bool>,
    out: Vec<usize>,
}

impl Overlaps {
    fn new(f: &Facts, loaded: &[usize]) -> Overlaps {
        let last = loaded
            .iter()
            .filter_map(|&i| f.start[i].map(|s| f.end[i].unwrap_or(s)))
            .max()
            .unwrap_or(0);
        let clients = f.client.iter().copied().max().unwrap_or(0) as usize + 1;
        Overlaps {
            last,
            gathered: 0,
            sort: KeySort::default(),
            all: Vec::with_capacity(loaded.len()),
            end: vec![0i64; f.start.len()],
            at: 0,
            open_from: vec![0; clients],
            unmarked: vec![Vec::new(); clients],
            touched: Vec::new(),
            marked: vec![false; f.start.len()],
            out: Vec::new(),
        }
    }

    /// Gathers the keys of a share of the loaded sessions. A session without an end that is still
    /// active lasts to the last time seen, which reads its entry.
    fn gather(&mut self, ds: &Dataset, f: &Facts, loaded: &[usize], share: usize) {
        for &i in next_share(loaded, &mut self.gathered, share) {
            let Some(start) = f.start[i] else { continue };
            if f.user[i] == 0 || f.client[i] == 0 {
                continue;
            }
            self.end[i] = match f.end[i] {
                Some(e) => e,
                None if ds.sessions()[i].summary.active => self.last.max(start),
                None => continue,
            };
            self.all.push((u64::from(f.user[i]), ordered(start), i as u64));
        }
    }

    /// Gathers a share of the keys, or does a pass of their sort (about `budget` keys), or once
    /// sorted sweeps whole users until `share` more sessions are swept; true (in a step of its own,
    /// where the answer is put in order) once all are.
    fn step(
        &mut self,
        ds: &Dataset,
        f: &Facts,
        loaded: &[usize],
        share: usize,
        budget: usize,
    ) -> bool {
        if self.gathered < loaded.len() {
            self.gather(ds, f, loaded, share);
            return false;
        }
        if !self.sort.is_done() {
            self.sort.step(&mut self.all, budget);
            return false;
        }
        if self.at >= self.all.len() {
            return true;
        }
        let Overlaps { all, end, at, open_from, unmarked, touched, marked, out, .. } = self;
        let stop = at.saturating_add(share);
        for user in all.get(*at..).unwrap_or_default().chunk_by(|a, b| a.0 == b.0) {
            if *at >= stop {
                break;
            }
            *at += user.len();
            if user.len() < 2 {
                continue;
            }
            // Open sessions by end (a min-heap); how many clients have one open; clients with some waiting.
            let mut open: std::collections::BinaryHeap<std::cmp::Reverse<(i64, usize)>> =
                Default::default();
            let mut open_clients = 0usize;
            let mut waiting: Vec<u32> = Vec::new();
            for &(_, _, i) in user {
                let i = i as usize;
                let (start, client) = (f.start[i].unwrap_or(0), f.client[i]);
                while let Some(&std::cmp::Reverse((e, j))) = open.peek() {
                    if e > start {
                        break;
                    }
                    open.pop();
                    let c = f.client[j] as usize;
                    open_from[c] -= 1;
                    if open_from[c] == 0 {
                        open_clients -= 1;
                    }
                }
                let others = open_clients - usize::from(open_from[client as usize] > 0);
                if others > 0 {
                    marked[i] = true;
                    // Every other client's waiting sessions are settled now, so a user with thousands of
                    // clients costs each session once. Ended ones never overlapped this one.
                    waiting.retain(|&c| {
                        if c == client {
                            return true;
                        }
                        for j in unmarked[c as usize].drain(..) {
                            if end[j] > start {
                                marked[j] = true;
                            }
                        }
                        false
                    });
                }
                let c = client as usize;
                if open_from[c] == 0 {
                    open_clients += 1;
                }
                open_from[c] += 1;
                touched.push(client);
                if !marked[i] {
                    if unmarked[c].is_empty() {
                        waiting.push(client);
                    }
                    unmarked[c].push(i);
                }
                open.push(std::cmp::Reverse((end[i], i)));
            }
            out.extend(user.iter().map(|k| k.2 as usize).filter(|&i| marked[i]));
            for c in touched.drain(..) {
                open_from[c as usize] = 0;
                unmarked[c as usize].clear();
            }
        }
        false
    }
}

/// What a card shows of one answer within the current result.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// The question.
    pub insight: &'static Insight,
    /// The sessions of the result that answer it (indices into [`Dataset::sessions`]).
    pub rows: Vec<usize>,
    /// The users, servers and clients most involved, with their counts (at most five each).
    pub users: Vec<(String, usize)>,
    /// The servers most involved.
    pub servers: Vec<(String, usize)>,
    /// The clients most involved.
    pub clients: Vec<(String, usize)>,
    /// When it happened.
    pub histogram: Option<Histogram>,
    /// For files and tunnels: the paths, commands and targets involved, most frequent first.
    pub what: Vec<(String, usize)>,
}

/// Sessions whose channels a card reads for its paths and targets, at most (each is parsed again).
const WHAT_FROM: usize = 200;

/// The paths, commands and forward targets of the channels of `rows` that move files or tunnel.
fn what_moved(ds: &Dataset, rows: &[usize]) -> Vec<(String, usize)> {
    // Few distinct paths and targets among 200 sessions: a list searched in place will do.
    let mut counts: Vec<(String, usize)> = Vec::new();
    for &i in rows.iter().take(WHAT_FROM) {
        for item in ds.items(&ds.sessions()[i].attached.channels) {
            let (_, kind) = ChannelFlags::item_kind(&item);
            if ChannelFlags::kind_flags(&kind) == 0 {
                continue;
            }
            let kind = kind.0;
            let row = crate::model::ChannelRow::from_item(&item);
            let detail = ["scp_path", "command", "subsystem_name", "device_name"]
                .iter()
                .find_map(|k| crate::path::get_present(row.body, k).map(crate::present::text))
                .or_else(|| row.connected())
                .unwrap_or_default();
            let label = if detail.is_empty() { kind } else { format!("{kind}: {detail}") };
            match counts.iter_mut().find(|(l, _)| *l == label) {
                Some((_, n)) => *n += 1,
                None => counts.push((label, 1)),
            }
        }
    }
    top_n(counts, 8, |a, b| a.cmp(b))
}

/// Counts of interned ids in a dense array: no string is touched until the top five, and only the
/// ids counted are read back and cleared, so one array serves every card however many distinct
/// values the export has (a fresh array per count was read whole 33 times).
struct Tally {
    counts: Vec<u32>,
    held: Vec<u32>,
}

impl Tally {
    fn new(ids: usize) -> Tally {
        Tally { counts: vec![0; ids], held: Vec::new() }
    }

    /// Counts `id` once (0, "no value", is not counted).
    fn add(&mut self, id: u32) {
        if let Some(c) = self.counts.get_mut(id as usize).filter(|_| id != 0) {
            if *c == 0 {
                self.held.push(id);
            }
            *c += 1;
        }
    }

    /// The five most counted, most first (ties by their text), and every count back to zero.
    fn take_top(&mut self, ds: &Dataset) -> Vec<(String, usize)> {
        let counted: Vec<(u32, usize)> = self
            .held
            .drain(..)
            .map(|id| {
                (id, self.counts.get_mut(id as usize).map_or(0, |c| std::mem::take(c) as usize))
            })
            .collect();
        top_n(counted, 5, |a, b| ds.strings().get(*a).cmp(ds.strings().get(*b)))
            .into_iter()
            .map(|(id, n)| (ds.strings().get(id).to_string(), n))
            .collect()
    }
}

/// Which sessions `rows` holds, a flag per session of `ds`.
fn in_result(ds: &Dataset, rows: &[usize]) -> Vec<bool> {
    let mut in_result = vec![false; ds.sessions().len()];
    rows.iter().for_each(|&i| {
        if let Some(x) = in_result.get_mut(i) {
            *x = true;
        }
    });
    in_result
}

/// What must be fetched before [`cards`] can name what moved (the channels of the first sessions
/// of files and tunnels within `rows`), when those are read back from their files.
pub fn cards_fetches(
    ds: &Dataset,
    answers: &Answers,
    rows: &[usize],
) -> Vec<crate::dataset::Fetch> {
    let Some(k) = INSIGHTS.iter().position(|i| i.slug == "files-and-tunnels") else {
        return vec![];
    };
    let Some(moved) = answers.sessions.get(k).filter(|s| !s.is_empty()) else { return vec![] };
    let in_result = in_result(ds, rows);
    let mine = moved
        .iter()
        .map(|&i| i as usize)
        .filter(|&i| in_result.get(i).copied().unwrap_or(false))
        .take(WHAT_FROM);
    mine.flat_map(|i| ds.sessions()[i].attached.channels.iter().filter_map(|&d| ds.doc_fetch(d)))
        .collect()
}

/// Each answer within `rows` (the current result, in any order), as a card.
pub fn cards(ds: &Dataset, answers: &Answers, rows: &[usize]) -> Vec<Card> {
    // Which sessions the result holds, once; each answer is then read off it in its own length.
    let in_result = in_result(ds, rows);
    // The users, servers and clients of each answer, counted in one pass over its sessions.
    let mut tallies: [Tally; 3] = std::array::from_fn(|_| Tally::new(ds.strings().len()));
    INSIGHTS
        .iter()
        .enumerate()
        .map(|(k, insight)| {
            let mine: Vec<usize> = answers
                .sessions
                .get(k)
                .map(|s| {
                    s.iter()
                        .map(|&i| i as usize)
                        .filter(|&i| in_result.get(i).copied().unwrap_or(false))
                        .collect()
                })
                .unwrap_or_default();
            let [users, servers, clients] = &mut tallies;
            for &i in &mine {
                let f = ds.facet_ids().get(i);
                users.add(f.map_or(0, |f| f[USER]));
                servers.add(f.map_or(0, |f| f[SERVER]));
                clients.add(ds.client_ids().get(i).copied().unwrap_or(0));
            }
            Card {
                insight,
                users: users.take_top(ds),
                servers: servers.take_top(ds),
                clients: clients.take_top(ds),
                histogram: histogram(ds, &mine, 24),
                what: if insight.slug == "files-and-tunnels" {
                    what_moved(ds, &mine)
                } else {
                    vec![]
                },
                rows: mine,
            }
        })
        .collect()
}

/// The hour (0–23) and ISO weekday (1 = Monday … 7 = Sunday) a session started, in `zone`.
pub fn local_hour_and_weekday(ds: &Dataset, i: usize, zone: Zone) -> Option<(u32, u32)> {
    let t = zone.wall(ds.start_ms().get(i).copied().filter(|&t| t != NO_TIME)?)?;
    Some((t.hour(), t.weekday() as u32 + 1))
}

/// Reads a weekday as the query takes it: `mon` … `sun`, full names, or 1–7 (Monday first).
pub fn parse_weekday(s: &str) -> Option<u32> {
    let t = s.trim().to_ascii_lowercase();
    if let Ok(n) = t.parse::<u32>() {
        return (1..=7).contains(&n).then_some(n);
    }
    const NAMES: [&str; 7] =
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    (t.len() >= 3)
        .then(|| NAMES.iter().position(|n| n.starts_with(&t)).map(|p| p as u32 + 1))
        .flatten()
}

/// A count of sessions per weekday (Monday first) and hour, in `zone`: the activity heatmap.
pub fn heatmap(ds: &Dataset, rows: &[usize], zone: Zone) -> [[usize; 24]; 7] {
    let mut out = [[0; 24]; 7];
    for &i in rows {
        if let Some((h, d)) = local_hour_and_weekday(ds, i, zone) {
            out[d as usize - 1][h as usize] += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn questions_read_a_share_a_step_answer_as_when_read_at_once() {
        let mut ds = crate::dataset::Dataset::new();
        let export = crate::gen::generate_variant(700, 6, crate::gen::Variant::FINDINGS);
        ds.add_file(
            "g.ndjson",
            export.render(crate::gen::Layout::Ndjson).as_bytes(),
            crate::dataset::Origin::Local,
        );
        let run = |share: usize| {
            let mut c = Computation::new(Settings::default());
            c.share = share;
            let mut steps = 1;
            loop {
                match c.step(&ds) {
                    Some(answers) => return (answers, steps),
                    None => steps += 1,
                }
            }
        };
        let (whole, steps) = run(usize::MAX);
        let mut last = steps;
        for share in [300, 100, 7, 1] {
            let (shared, more) = run(share);
            assert_eq!(shared, whole, "in shares of {share}");
            assert!(more > last, "smaller shares, more steps: {share} took {more}");
            last = more;
        }
        assert!(INSIGHTS
            .iter()
            .all(|q| whole.sessions.get(by_slug(q.slug).map_or(0, |(i, _)| i)).is_some()));
        assert!(["long", "machine-like", "files-and-tunnels", "overlap"]
            .iter()
            .all(|slug| !whole.sessions[by_slug(slug).map_or(0, |(i, _)| i)].is_empty()));
    }

    use super::*;

    #[test]
    fn zones_read_and_print() {
        for z in [Zone::Local, Zone::Utc, Zone::Offset(330), Zone::Offset(-480)] {
            assert_eq!(Zone::parse(&z.name()), Some(z));
        }
        assert_eq!(Zone::parse("+5:30"), Some(Zone::Offset(330)));
        assert_eq!(Zone::parse("nowhere"), None);
        assert_eq!(Zone::Offset(60).wall(0).map(Wall::hour), Some(1));
        // 1970-01-01 was a Thursday; an hour west of UTC it was still Wednesday evening.
        assert_eq!(Zone::Offset(-60).wall(0).map(|w| (w.weekday(), w.hour())), Some((2, 23)));
    }

    #[test]
    fn settings_round_trip_and_nonsense_keeps_the_defaults() {
        let s = Settings {
            zone: Zone::Offset(-300),
            days: [true, false, true, false, true, false, true],
            start_hour: 7,
            end_hour: 19,
            burst_count: 3,
            burst_minutes: 2,
            privileged: vec!["root".into()],
            long_hours: 2.5,
        };
        assert_eq!(Settings::from_json(&s.to_json()), s);
        let junk = serde_json::json!({"zone": "mars", "hours": [20, 3], "burst": [-1, "x"], "days": [1], "long_hours": -2});
        assert_eq!(Settings::from_json(&junk), Settings::default());
        assert_eq!(Settings::from_json(&serde_json::json!(null)), Settings::default());
    }

    #[test]
    fn weekdays_read_as_names_or_numbers() {
        assert_eq!(parse_weekday("sat"), Some(6));
        assert_eq!(parse_weekday("Sunday"), Some(7));
        assert_eq!(parse_weekday("1"), Some(1));
        assert_eq!(parse_weekday("8"), None);
        assert_eq!(parse_weekday("s"), None);
    }

    #[test]
    fn every_insight_has_its_own_name() {
        let mut seen = std::collections::HashSet::new();
        assert!(INSIGHTS.iter().all(|i| seen.insert(i.slug)));
        assert_eq!(by_slug("Off-Hours").map(|(k, _)| k), Some(0));
    }
}
