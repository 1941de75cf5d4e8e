//! Matching a parsed query against one session. Field names are paths under the session's `body`
//! (`user.name`, `recording.verdict`, `analytics.score.aggregated`), `channel.`/`event.`/`alert.` paths
//! into its attached items, or the short names in [`fields`]. Verdicts compare normalised (`auth-fail`
//! finds `AUTH_FAIL`), times compare as instants (`start_time:>2024-03-01`), numbers as numbers.

use super::lang::{Expr, Op, Value as Q};
use crate::columns::{Col, Find, COLUMNS};
use crate::dataset::{Dataset, SessionEntry};
use crate::enums::Verdict;
use crate::fold::Lower;
use crate::insights::{self, Answers, Zone};
use crate::present;
use crate::review::{Mark, Marks};
use crate::text_index::{Answer, Probe};
use crate::time::Timestamp;
use chrono::Datelike;
use memchr::memmem;
use serde_json::Value;
use std::cmp::Ordering;

/// The query's own terms, which read more than one column of the session (or none).
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Own {
    /// `at:`: sessions whose span covers an instant.
    At,
    /// `insight:`: the sessions an audit question selects.
    Insight,
    /// `hour:`: the hour a session started, in the Insights zone.
    Hour,
    /// `weekday:`: the day a session started, in the Insights zone.
    Weekday,
}

/// The terms of [`Own`], by name, with their meaning (after the columns' in the help).
const OWN: &[(&[&str], &str, Own)] = &[
    (&["at"], "sessions whose span covers an instant: at:2024-03-01T10:00:00Z", Own::At),
    (
        &["insight", "insights"],
        "the sessions an audit question selects, e.g. insight:off-hours (the Insights page lists them)",
        Own::Insight,
    ),
    (
        &["hour"],
        "the hour the session started, 0–23, in the Insights time zone: hour:[22 TO 6] wraps past midnight",
        Own::Hour,
    ),
    (
        &["weekday", "day"],
        "the day the session started, mon … sun or 1–7, in the Insights time zone: weekday:sat OR weekday:sun",
        Own::Weekday,
    ),
];

/// The paths into a session's attached items, for the help.
const ITEM_PATHS: &[(&str, &str)] = &[
    ("channel.<path>", "a field of any of its channels, e.g. channel.channel_type:exec"),
    ("event.<path>", "a field of any of its events"),
    ("alert.<path>", "a field of any of its alerts"),
];

/// The short field names, with their meaning (the search box's help lists them): the columns'
/// ([`crate::columns`]), the query's own, and the paths into attached items.
pub fn fields() -> impl Iterator<Item = (&'static str, &'static str)> {
    let columns = COLUMNS.iter().filter_map(|c| Some((*c.names.first()?, c.help)));
    let own = OWN.iter().filter_map(|(names, help, _)| Some((*names.first()?, *help)));
    columns.chain(own).chain(ITEM_PATHS.iter().copied())
}

/// What a short (lower-case) field name reads: a column, or one of the query's own terms.
#[derive(Clone, Copy)]
pub enum Short {
    /// A column, as its row says a term reads it.
    Column(Find),
    /// A term of the query's own.
    Own(Own),
}

fn short(lname: &str) -> Option<Short> {
    let find = Col::by_name(lname).and_then(|c| c.column().find);
    find.map(Short::Column).or_else(|| {
        OWN.iter().find(|(names, _, _)| names.contains(&lname)).map(|o| Short::Own(o.2))
    })
}

/// What a query is matched with besides the sessions: the auditor's review marks, the answers to the
/// audit questions (for `insight:`), and the zone `hour:` and `weekday:` read local times in.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// The auditor's review marks, for `review:`.
    pub marks: &'a Marks,
    /// The audit questions' answers, for `insight:`.
    pub answers: Option<&'a Answers>,
    /// The zone `hour:` and `weekday:` read times in.
    pub zone: Zone,
    /// The answers of terms that read documents, read ahead when the documents are not in memory
    /// ([`super::documents`]); without them such terms read the documents as they go.
    pub documents: Option<&'a dyn KnownAnswers>,
}

/// Answers to terms that read documents, found before the query is matched (the page reads a file
/// too large to hold a window at a time; see [`super::documents::DocumentAnswers`]).
pub trait KnownAnswers {
    /// Whether session `i` matches the term of (lower-case) field `lname` and value `q`, when that
    /// term was answered for it.
    fn get(&self, lname: &str, q: &Q, i: usize) -> Option<bool>;
}

impl<'a> Context<'a> {
    /// Marks only: `insight:` then selects nothing, and local times are this computer's.
    pub fn new(marks: &'a Marks) -> Context<'a> {
        Context { marks, answers: None, zone: Zone::Local, documents: None }
    }
}

/// Whether `expr` matches session `i`. To test many sessions, [`Plan`] the query once.
pub fn matches(ds: &Dataset, i: usize, ctx: &Context, expr: &Expr) -> bool {
    Plan::new(expr).matches(ds, i, ctx)
}

/// A query made ready to test many sessions: free text lower-cased once, with a substring searcher
/// built per term (SIMD where the target has it), and field names lower-cased once.
pub enum Plan<'q> {
    /// Every session.
    All,
    /// The sessions the inner plan does not match.
    Not(Box<Plan<'q>>),
    /// The sessions every plan matches.
    And(Vec<Plan<'q>>),
    /// The sessions any plan matches.
    Or(Vec<Plan<'q>>),
    /// Free text: the literal parts, in order (one for a word or phrase; several around wildcards),
    /// and their grams, which rule sessions out before their text is read.
    Text(Vec<memmem::Finder<'static>>, Probe),
    /// No session.
    Never,
    /// A term of a field.
    Field {
        /// The field's name as typed.
        name: &'q str,
        /// The name in lower case.
        lower: String,
        /// What the name reads, looked up once: a column or a term of the query's own (none: a
        /// path into the documents).
        short: Option<Short>,
        /// What the term compares with.
        value: &'q Q,
    },
}

impl<'q> Plan<'q> {
    /// The plan of a parsed query.
    pub fn new(expr: &'q Expr) -> Plan<'q> {
        match expr {
            Expr::All => Plan::All,
            Expr::Not(x) => Plan::Not(Box::new(Plan::new(x))),
            Expr::And(xs) => {
                // Terms the filters can rule out go first, so the text of a session they rule out is
                // never read for the others (`sudo r`: `r` is answered by its row, `sudo` mostly so).
                let (mut plans, rest): (Vec<Plan>, Vec<Plan>) = xs
                    .iter()
                    .map(Plan::new)
                    .partition(|p| matches!(p, Plan::Text(_, probe) if !probe.is_empty()));
                plans.extend(rest);
                Plan::And(plans)
            }
            Expr::Or(xs) => Plan::Or(xs.iter().map(Plan::new).collect()),
            Expr::Term { field: None, value } => match value {
                Q::Word { text, wild: false } | Q::Phrase(text) => {
                    text_plan(vec![memmem::Finder::new(text.folded().as_bytes()).into_owned()])
                }
                Q::Word { text, wild: true } => text_plan(
                    text.folded()
                        .split(['*', '?'])
                        .filter(|p| !p.is_empty())
                        .map(|p| memmem::Finder::new(p.as_bytes()).into_owned())
                        .collect(),
                ),
                Q::Range { .. } | Q::Compare { .. } => Plan::Never,
            },
            Expr::Term { field: Some(f), value } => {
                let lower = f.to_ascii_lowercase();
                Plan::Field { name: f, short: short(&lower), lower, value }
            }
        }
    }

    /// Whether session `i` of `ds` matches.
    pub fn matches(&self, ds: &Dataset, i: usize, ctx: &Context) -> bool {
        match self {
            Plan::All => true,
            Plan::Never => false,
            Plan::Not(x) => !x.matches(ds, i, ctx),
            Plan::And(xs) => xs.iter().all(|x| x.matches(ds, i, ctx)),
            Plan::Or(xs) => xs.iter().any(|x| x.matches(ds, i, ctx)),
            Plan::Text(parts, probe) => match ds.text_answer(i, probe) {
                Answer::No => false,
                Answer::Yes => true,
                Answer::Maybe => free_text(ds.search_bytes(i), parts),
            },
            Plan::Field { name, lower, short, value } => ds
                .sessions()
                .get(i)
                .is_some_and(|e| field(ds, i, e, ctx, *short, (name, lower), value)),
        }
    }
}

fn text_plan<'q>(parts: Vec<memmem::Finder<'static>>) -> Plan<'q> {
    let probe = Probe::new(parts.iter().map(|p| p.needle()));
    Plan::Text(parts, probe)
}

/// Whether the parts appear in order in the session's text (its own, then its attachments').
fn free_text(text: &[u8], parts: &[memmem::Finder<'static>]) -> bool {
    let mut at = 0;
    parts.iter().all(|part| match text.get(at..).and_then(|rest| part.find(rest)) {
        Some(i) => {
            at += i + part.needle().len();
            true
        }
        None => false,
    })
}

/// Whether a term of this (lower-case) field name reads the session's documents.
pub(super) fn reads_document(lname: &str) -> bool {
    short(lname).is_none()
}

/// Whether session `i` (entry `e`) matches a term of field `name` (lower case: `lname`).
fn field(
    ds: &Dataset,
    i: usize,
    e: &SessionEntry,
    ctx: &Context,
    short: Option<Short>,
    (name, lname): (&str, &str),
    q: &Q,
) -> bool {
    let s = &e.summary;
    let find = match short {
        Some(Short::Column(find)) => Some(find),
        Some(Short::Own(own)) => return own_term(ds, i, e, ctx, own, q),
        None => None,
    };
    match find {
        Some(Find::Texts(texts)) => texts(e, &mut |t| text_match(t, q)),
        Some(Find::Verdict) => s.verdict.as_ref().is_some_and(|v| verdict_match(v.name(), q)),
        Some(Find::Number(n)) => n(e).is_some_and(|n| number_match(n, q)),
        Some(Find::Time(t)) => t(e).is_some_and(|t| time_match(t, q)),
        Some(Find::Flag(f)) => text_match(if f(e) { "true" } else { "false" }, q),
        Some(Find::Review) => review_match(ctx.marks.get(&e.key), q),
        None => match ctx.documents.and_then(|d| d.get(lname, q, i)) {
            Some(answer) => answer,
            None => document_term(ds, e, &std::cell::OnceCell::new(), name, lname, q),
        },
    }
}

/// Whether session `i` matches a term of the query's own.
fn own_term(ds: &Dataset, i: usize, e: &SessionEntry, ctx: &Context, own: Own, q: &Q) -> bool {
    let s = &e.summary;
    match own {
        Own::At => match (&s.start, q) {
            (Some(start), Q::Word { text, wild: false } | Q::Phrase(text)) => span(text)
                .is_some_and(|(a, _)| {
                    let end = s.end.as_ref().map(|t| t.epoch_millis()).or_else(|| {
                        s.effective_duration().map(|d| start.epoch_millis() + (d * 1000.0) as i64)
                    });
                    start.epoch_millis() <= a
                        && end.is_none_or(|end| a < end)
                        && (end.is_some() || s.active)
                }),
            _ => false,
        },
        Own::Insight => insight_match(ctx.answers, i, q),
        Own::Hour => insights::local_hour_and_weekday(ds, i, ctx.zone)
            .is_some_and(|(h, _)| cyclic_match(h, q, |s| s.trim().parse().ok())),
        Own::Weekday => insights::local_hour_and_weekday(ds, i, ctx.zone)
            .is_some_and(|(_, d)| cyclic_match(d, q, insights::parse_weekday)),
    }
}

/// A term of a path into the session's documents, read from them; `doc` is the session's document,
/// parsed by the first term that reads it.
pub(super) fn document_term(
    ds: &Dataset,
    e: &SessionEntry,
    doc: &std::cell::OnceCell<Option<Value>>,
    name: &str,
    lname: &str,
    q: &Q,
) -> bool {
    let at = |p: &str| {
        doc.get_or_init(|| ds.session_doc(e))
            .as_ref()
            .and_then(|d| d.get("body"))
            .map(|b| values_at(b, p))
            .unwrap_or_default()
    };
    let path = lname.strip_prefix("body.").unwrap_or(name);
    // Channel items wrap their fields in `body` ({key, body, meta}); events and alerts do not.
    let items = |docs: &[usize], rest: &str| {
        ds.items(docs).iter().any(|item| {
            let inner = item.get("body").filter(|b| b.is_object()).unwrap_or(item);
            values_at(inner, rest).iter().any(|v| value_match(v, q, is_verdict(rest)))
        })
    };
    if let Some(rest) = path.strip_prefix("channel.").or_else(|| path.strip_prefix("channels.")) {
        return items(&e.attached.channels, rest);
    }
    if let Some(rest) = path.strip_prefix("event.").or_else(|| path.strip_prefix("events.")) {
        return items(&e.attached.events, rest);
    }
    if let Some(rest) = path.strip_prefix("alert.").or_else(|| path.strip_prefix("alerts.")) {
        return items(&e.attached.alerts, rest);
    }
    if is_time(path) {
        return at(path).iter().any(|v| {
            Timestamp::from_value(*v).is_ok_and(|t| time_match(&t, q)) || value_match(v, q, false)
        });
    }
    at(path).iter().any(|v| value_match(v, q, is_verdict(path)))
}

/// Times are read whatever their spelling (UNIX seconds in 5.x, ISO 8601 later).
fn is_time(path: &str) -> bool {
    let last = path.rsplit('.').next().unwrap_or(path);
    last == "time" || last.ends_with("_time") || last == "timestamp"
}

fn is_verdict(path: &str) -> bool {
    path == "verdict" || path.ends_with(".verdict")
}

/// Every value at a dotted path; arrays on the way are entered, so `tags:x` matches any tag.
fn values_at<'a>(v: &'a Value, path: &str) -> Vec<&'a Value> {
    let mut out = Vec::new();
    collect(v, path, &mut out);
    out
}

fn collect<'a>(v: &'a Value, path: &str, out: &mut Vec<&'a Value>) {
    match v {
        Value::Array(items) => items.iter().for_each(|i| collect(i, path, out)),
        _ if path.is_empty() => out.push(v),
        Value::Object(o) => {
            if let Some(x) = o.get(path) {
                collect(x, "", out);
            }
            // "a.b.c" may be o["a"]["b.c"] or o["a.b"]["c"]: try each split, as path::get does.
            for (i, _) in path.match_indices('.') {
                if let Some(x) = o.get(&path[..i]) {
                    collect(x, &path[i + 1..], out);
                }
            }
        }
        _ => {}
    }
}

fn value_match(v: &Value, q: &Q, verdict: bool) -> bool {
    match v {
        Value::Array(items) => items.iter().any(|i| value_match(i, q, verdict)),
        Value::Number(n) => {
            crate::number::of_json(n).is_some_and(|f| number_match(f, q))
                || text_match(n.as_str(), q)
        }
        Value::String(s) if verdict => verdict_match(Verdict::parse(s).name(), q),
        Value::String(s) => {
            let as_time = || {
                Timestamp::parse(s)
                    .ok()
                    .filter(|_| !s.trim().chars().all(|c| c.is_ascii_digit() || c == '.'))
            };
            match q {
                Q::Range { .. } | Q::Compare { .. } => {
                    match (crate::number::parse_f64(s.trim()), as_time()) {
                        (Some(n), _) => number_match(n, q),
                        (_, Some(t)) => time_match(&t, q),
                        _ => text_match(s, q),
                    }
                }
                Q::Word { text, wild: false } if is_date(text) => {
                    as_time().is_some_and(|t| time_match(&t, q))
                }
                _ => text_match(s, q),
            }
        }
        Value::Bool(b) => text_match(if *b { "true" } else { "false" }, q),
        Value::Null => text_match("null", q),
        Value::Object(_) => text_match(&present::text(v), q),
    }
}

fn text_match(s: &str, q: &Q) -> bool {
    // The common case, ASCII equality, without lower-casing copies (this runs per session).
    if let Q::Word { text, wild: false } | Q::Phrase(text) = q {
        if s.is_ascii() && text.is_ascii() {
            return s.eq_ignore_ascii_case(text);
        }
    }
    let lower = s.folded();
    match q {
        Q::Word { text, wild: false } | Q::Phrase(text) => lower == text.folded(),
        Q::Word { text, wild: true } => glob(&text.folded(), &lower),
        Q::Range { lo, hi, lo_inclusive, hi_inclusive } => {
            let lo_ok = lo
                .as_ref()
                .is_none_or(|l| cmp_ok(lower.as_str().cmp(&l.folded()), *lo_inclusive, true));
            let hi_ok = hi
                .as_ref()
                .is_none_or(|h| cmp_ok(lower.as_str().cmp(&h.folded()), *hi_inclusive, false));
            lo_ok && hi_ok
        }
        Q::Compare { op, value } => op_ok(*op, lower.as_str().cmp(&value.folded())),
    }
}

fn verdict_match(name: &str, q: &Q) -> bool {
    match q {
        Q::Word { text, wild: false } | Q::Phrase(text) => Verdict::parse(text).name() == name,
        _ => text_match(name, q),
    }
}

fn number_match(n: f64, q: &Q) -> bool {
    let num = |s: &str| crate::number::parse_f64(s.trim());
    match q {
        Q::Word { text, wild: false } | Q::Phrase(text) => {
            num(text) == Some(n) || text_match(&present::fmt_number(n), q)
        }
        Q::Word { .. } => text_match(&present::fmt_number(n), q),
        Q::Range { lo, hi, lo_inclusive, hi_inclusive } => {
            let lo_ok = lo.as_deref().is_none_or(|l| {
                num(l).is_some_and(|l| cmp_ok(n.total_cmp(&l), *lo_inclusive, true))
            });
            let hi_ok = hi.as_deref().is_none_or(|h| {
                num(h).is_some_and(|h| cmp_ok(n.total_cmp(&h), *hi_inclusive, false))
            });
            lo_ok && hi_ok
        }
        Q::Compare { op, value } => num(value).is_some_and(|v| op_ok(*op, n.total_cmp(&v))),
    }
}

/// Times compare as instants. A query time without a zone is read as UTC; a date alone is its whole
/// day (so `start:2024-03-01` is that day, and `start:>2024-03-01` is after it).
fn time_match(t: &Timestamp, q: &Q) -> bool {
    let at = t.epoch_millis();
    match q {
        Q::Word { text, wild: false } | Q::Phrase(text) => {
            span(text).is_some_and(|(a, b)| at >= a && at < b)
        }
        Q::Word { text, .. } => glob(&text.folded(), &t.raw.folded()),
        Q::Range { lo, hi, lo_inclusive, hi_inclusive } => {
            let lo_ok = lo.as_deref().is_none_or(|l| {
                span(l).is_some_and(|(a, b)| if *lo_inclusive { at >= a } else { at >= b })
            });
            let hi_ok = hi.as_deref().is_none_or(|h| {
                span(h).is_some_and(|(a, b)| if *hi_inclusive { at < b } else { at < a })
            });
            lo_ok && hi_ok
        }
        Q::Compare { op, value } => span(value).is_some_and(|(a, b)| match op {
            Op::Gt => at >= b,
            Op::Ge => at >= a,
            Op::Lt => at < a,
            Op::Le => at < b,
        }),
    }
}

fn is_date(s: &str) -> bool {
    span(s).is_some() && s.contains('-')
}

/// The instants a query time covers, as [start, end) in epoch milliseconds.
pub fn span(s: &str) -> Option<(i64, i64)> {
    // The same few query times are asked for once per session: remember them.
    type Remembered = Vec<(String, Option<(i64, i64)>)>;
    thread_local! {
        static SPANS: std::cell::RefCell<Remembered> = const { std::cell::RefCell::new(Vec::new()) };
    }
    SPANS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some((_, v)) = cache.iter().find(|(k, _)| k == s) {
            return *v;
        }
        let v = parse_span(s);
        if cache.len() >= 16 {
            cache.remove(0);
        }
        cache.push((s.to_string(), v));
        v
    })
}

fn parse_span(s: &str) -> Option<(i64, i64)> {
    use chrono::NaiveDate;
    let s = s.trim();
    let day = |d: NaiveDate| {
        let a = d.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis();
        Some((a, a + 86_400_000))
    };
    if let Some(d) = crate::iso::read_date(s) {
        return day(d);
    }
    if let Some(d) = crate::iso::read_date(&format!("{s}-01")) {
        let a = d.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis();
        let next = if d.month0() == 11 {
            NaiveDate::from_ymd_opt(d.year_ce().1 as i32 + 1, 1, 1)?
        } else {
            d.with_month0(d.month0() + 1)?
        };
        return Some((a, next.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis()));
    }
    if s.len() == 4 && s.chars().all(|c| c.is_ascii_digit()) {
        let y: i32 = s.parse().ok()?;
        let a =
            NaiveDate::from_ymd_opt(y, 1, 1)?.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis();
        let b = NaiveDate::from_ymd_opt(y + 1, 1, 1)?
            .and_hms_opt(0, 0, 0)?
            .and_utc()
            .timestamp_millis();
        return Some((a, b));
    }
    let t = Timestamp::parse(s).ok()?;
    let a = t.epoch_millis();
    Some((a, a + 1000))
}

fn cmp_ok(o: Ordering, inclusive: bool, lower: bool) -> bool {
    match (o, lower) {
        (Ordering::Equal, _) => inclusive,
        (Ordering::Greater, true) | (Ordering::Less, false) => true,
        _ => false,
    }
}

fn op_ok(op: Op, o: Ordering) -> bool {
    match op {
        Op::Gt => o == Ordering::Greater,
        Op::Ge => o != Ordering::Less,
        Op::Lt => o == Ordering::Less,
        Op::Le => o != Ordering::Greater,
    }
}

fn insight_match(answers: Option<&Answers>, i: usize, q: &Q) -> bool {
    let (Some(answers), Q::Word { text, .. } | Q::Phrase(text)) = (answers, q) else {
        return false;
    };
    insights::by_slug(text).is_some_and(|(k, _)| answers.contains(k, i))
}

/// An hour or weekday against a value, a comparison, or a range that wraps past its end
/// (`hour:[22 TO 6]` is the night, `weekday:[sat TO mon]` the long weekend).
fn cyclic_match(n: u32, q: &Q, read: impl Fn(&str) -> Option<u32>) -> bool {
    match q {
        Q::Word { text, .. } | Q::Phrase(text) => read(text) == Some(n),
        Q::Range { lo, hi, lo_inclusive, hi_inclusive } => {
            let lo = match lo.as_deref() {
                Some(l) => match read(l) {
                    Some(l) => Some(if *lo_inclusive { l } else { l + 1 }),
                    None => return false,
                },
                None => None,
            };
            let hi = match hi.as_deref() {
                Some(h) => match read(h) {
                    Some(h) if *hi_inclusive => Some(h),
                    Some(0) => return lo.is_some_and(|l| n >= l),
                    Some(h) => Some(h - 1),
                    None => return false,
                },
                None => None,
            };
            match (lo, hi) {
                (Some(l), Some(h)) if l > h => n >= l || n <= h,
                (l, h) => l.is_none_or(|l| n >= l) && h.is_none_or(|h| n <= h),
            }
        }
        Q::Compare { op, value } => read(value).is_some_and(|v| op_ok(*op, n.cmp(&v))),
    }
}

fn review_match(m: Option<&Mark>, q: &Q) -> bool {
    let want = match q {
        Q::Word { text, .. } | Q::Phrase(text) => text.folded(),
        _ => return false,
    };
    match want.as_str() {
        "flagged" => m.is_some_and(|m| m.flagged),
        "reviewed" => m.is_some_and(|m| m.reviewed),
        "noted" => m.is_some_and(|m| !m.note.trim().is_empty()),
        "unreviewed" => !m.is_some_and(|m| m.reviewed),
        _ => false,
    }
}

/// `*` any run of characters, `?` one character.
fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_matches_whole_values() {
        assert!(glob("adm*", "admin"));
        assert!(glob("*min", "admin"));
        assert!(glob("a?m*n", "admin"));
        assert!(!glob("adm", "admin"));
        assert!(glob("*", ""));
    }

    #[test]
    fn query_dates_cover_their_span() {
        let (a, b) = span("2024-03-01").unwrap();
        assert_eq!(b - a, 86_400_000);
        let (a, b) = span("2024-12").unwrap();
        assert_eq!((b - a) / 86_400_000, 31);
        assert!(span("2024").is_some());
        assert_eq!(span("2024-03-01T10:00:00Z").map(|(a, b)| b - a), Some(1000));
        assert!(span("yesterday").is_none());
    }
}
