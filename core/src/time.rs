//! Times in every spelling SPS has used: UNIX seconds or milliseconds (numbers or numeric strings),
//! ISO 8601 with `Z` or an offset, and zone-less ISO 8601 (events and alerts). The original offset is
//! kept so the auditor can see a time as written, in UTC, or in the browser's zone.

use crate::iso::{self, Fraction};
use crate::json::{Json, Shape};
use chrono::{DateTime, Datelike, FixedOffset, Local, NaiveDateTime, TimeZone, Timelike, Utc};

/// Epoch numbers above this are milliseconds (1e11 s is the year 5138; 1e11 ms is March 1973).
const MILLIS_THRESHOLD: f64 = 1e11;

/// The point in time a timestamp names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Instant {
    /// Carries its original offset (epoch times are UTC).
    Zoned(DateTime<FixedOffset>),
    /// Written without a zone: it cannot be converted, only shown as written.
    Naive(NaiveDateTime),
}

/// How the time was written in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeSource {
    /// UNIX seconds.
    EpochSeconds,
    /// UNIX milliseconds.
    EpochMillis,
    /// ISO 8601 text.
    Iso,
}

/// A parsed time with the raw text it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Timestamp {
    /// The instant.
    pub instant: Instant,
    /// How it was written.
    pub source: TimeSource,
    /// The value as written.
    pub raw: String,
}

/// Which zone times are shown in; the user's choice, shown beside every time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeMode {
    /// As written in the document, with its own offset.
    #[default]
    Original,
    /// UTC.
    Utc,
    /// The zone of the machine the viewer runs on.
    Local,
}

impl TimeMode {
    /// Every mode, in the order the switch shows them.
    pub const ALL: [TimeMode; 3] = [TimeMode::Original, TimeMode::Utc, TimeMode::Local];

    /// Its name on the switch.
    pub fn label(self) -> &'static str {
        match self {
            TimeMode::Original => "Original",
            TimeMode::Utc => "UTC",
            TimeMode::Local => "Local",
        }
    }

    /// What it shows, for the switch's hover text.
    pub fn describe(self) -> &'static str {
        match self {
            TimeMode::Original => "each time in the offset it was written with",
            TimeMode::Utc => "every time converted to UTC",
            TimeMode::Local => "every time converted to this computer's time zone",
        }
    }
}

/// A time as it should appear: the text and the zone it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// The time.
    pub text: String,
    /// The zone it is shown in.
    pub zone: String,
}

/// Why a value is not a time; each says itself through `Display`, naming the value as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeError {
    /// Blank text.
    Empty,
    /// A number no float holds.
    UnusableNumber(String),
    /// A value of another JSON type: its type's name.
    NotATime(&'static str),
    /// A number that is infinite or not a number.
    NotFinite(String),
    /// Text that is neither ISO 8601 nor UNIX seconds.
    Unreadable(String),
    /// A number or date past the range of dates (as written; `quoted` for text).
    OutOfRange {
        /// The value as written.
        raw: String,
        /// Written as text, and so shown in quotes.
        quoted: bool,
    },
}

impl std::fmt::Display for TimeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TimeError::Empty => write!(f, "empty time"),
            TimeError::UnusableNumber(n) => write!(f, "{n} is not a usable number"),
            TimeError::NotATime(t) => write!(f, "expected a time, found {t}"),
            TimeError::NotFinite(raw) => write!(f, "{raw} is not a finite number"),
            TimeError::Unreadable(s) => {
                write!(f, "{s:?} is not a time SPS writes (ISO 8601 or UNIX seconds)")
            }
            TimeError::OutOfRange { raw, quoted: true } => {
                write!(f, "{raw:?} is outside the range of dates")
            }
            TimeError::OutOfRange { raw, quoted: false } => {
                write!(f, "{raw} is outside the range of dates")
            }
        }
    }
}

impl Timestamp {
    /// Parses a JSON value as a time, or says why it is not one.
    pub fn from_value<J: Json>(v: &J) -> Result<Timestamp, TimeError> {
        match v.shape() {
            Shape::Number(n) => {
                let f = v.as_f64().ok_or_else(|| TimeError::UnusableNumber(n.to_string()))?;
                epoch(f, n.to_string())
            }
            Shape::String(s) => Timestamp::parse(s),
            _ => Err(TimeError::NotATime(v.type_name())),
        }
    }

    /// Parses a time string: ISO 8601 in its common shapes, or a numeric epoch.
    pub fn parse(s: &str) -> Result<Timestamp, TimeError> {
        let t = s.trim();
        if t.is_empty() {
            return Err(TimeError::Empty);
        }
        if let Some(f) = crate::number::parse_f64(t) {
            return epoch(f, s.to_string());
        }
        let read = crate::iso::read(t).ok_or_else(|| TimeError::Unreadable(s.to_string()))?;
        let instant = match read.offset {
            Some(off) => Instant::Zoned(
                read.local
                    .and_local_timezone(off)
                    .single()
                    .ok_or_else(|| TimeError::OutOfRange { raw: s.to_string(), quoted: true })?,
            ),
            None => Instant::Naive(read.local),
        };
        Ok(Timestamp { instant, source: TimeSource::Iso, raw: s.to_string() })
    }

    /// Seconds since the epoch, for ordering and arithmetic. Zone-less times count as UTC: an
    /// approximation, but the only consistent one.
    pub fn epoch_millis(&self) -> i64 {
        match self.instant {
            Instant::Zoned(dt) => dt.timestamp_millis(),
            Instant::Naive(n) => n.and_utc().timestamp_millis(),
        }
    }

    /// The instant `ms` written as `like` is (its offset, and ISO or epoch), so it shows in every
    /// [`TimeMode`] as a time of that document would: the ticks of a session's timeline.
    pub fn at_millis(ms: i64, like: Option<&Timestamp>) -> Option<Timestamp> {
        let utc = Utc.timestamp_millis_opt(ms).single()?;
        let (instant, source) = match like {
            Some(Timestamp { instant: Instant::Zoned(dt), source, .. }) => {
                (Instant::Zoned(utc.with_timezone(dt.offset())), *source)
            }
            // A document without zones: its times are read as UTC (see `epoch_millis`), and shown so.
            Some(Timestamp { instant: Instant::Naive(_), .. }) => {
                (Instant::Naive(utc.naive_utc()), TimeSource::Iso)
            }
            None => (Instant::Zoned(utc.fixed_offset()), TimeSource::EpochMillis),
        };
        let mut ts = Timestamp { instant, source, raw: String::new() };
        ts.raw = ts.machine();
        Some(ts)
    }

    /// True when the time names no zone.
    pub fn is_naive(&self) -> bool {
        matches!(self.instant, Instant::Naive(_))
    }

    /// The time as text in the chosen mode, with the zone it is shown in.
    pub fn show(&self, mode: TimeMode) -> Shown {
        match self.instant {
            Instant::Naive(n) => Shown { text: fmt_naive(&n), zone: "zone unknown".into() },
            Instant::Zoned(dt) => match mode {
                TimeMode::Original if self.source == TimeSource::Iso => {
                    Shown { text: fmt_naive(&dt.naive_local()), zone: zone_name(dt.offset()) }
                }
                // Epoch times have no original offset; UTC is what they mean.
                TimeMode::Original | TimeMode::Utc => {
                    Shown { text: fmt_naive(&dt.naive_utc()), zone: "UTC".into() }
                }
                TimeMode::Local => {
                    let local = dt.with_timezone(&Local);
                    Shown {
                        text: fmt_naive(&local.naive_local()),
                        zone: format!("local {}", zone_name(local.offset())),
                    }
                }
            },
        }
    }

    /// ISO 8601 for the `datetime` attribute of `<time>`.
    pub fn machine(&self) -> String {
        match self.instant {
            Instant::Zoned(dt) => dt.to_rfc3339(),
            Instant::Naive(n) => iso::text(&n, 'T', Fraction::Auto),
        }
    }
}

fn epoch(f: f64, raw: String) -> Result<Timestamp, TimeError> {
    if !f.is_finite() {
        return Err(TimeError::NotFinite(raw));
    }
    let (millis, source) = if f.abs() > MILLIS_THRESHOLD {
        (f, TimeSource::EpochMillis)
    } else {
        (f * 1000.0, TimeSource::EpochSeconds)
    };
    // Out-of-range values (years beyond ±262 000) are reported, not clamped.
    let ms = millis.round();
    let Some(dt) = Utc.timestamp_millis_opt(ms as i64).single().filter(|_| ms.abs() <= 8.0e15)
    else {
        return Err(TimeError::OutOfRange { raw, quoted: false });
    };
    Ok(Timestamp { instant: Instant::Zoned(dt.fixed_offset()), source, raw })
}

fn fmt_naive(n: &NaiveDateTime) -> String {
    let nano = n.nanosecond() % 1_000_000_000;
    let fraction = if nano == 0 {
        Fraction::Whole
    } else if nano.is_multiple_of(1_000_000) {
        Fraction::Millis
    } else {
        Fraction::Micros
    };
    iso::text(n, ' ', fraction)
}

fn zone_name(off: &FixedOffset) -> String {
    let secs = off.local_minus_utc();
    if secs == 0 {
        return "UTC".into();
    }
    format!("UTC{}", iso::offset(*off))
}

/// A duration in seconds as `1 h 02 min 03 s` style text.
pub fn human_duration(secs: i64) -> String {
    let sign = if secs < 0 { "−" } else { "" };
    let s = secs.unsigned_abs();
    let (d, h, m, s) = (s / 86_400, (s % 86_400) / 3600, (s % 3600) / 60, s % 60);
    if d > 0 {
        format!("{sign}{d} d {h} h {m:02} min")
    } else if h > 0 {
        format!("{sign}{h} h {m:02} min {s:02} s")
    } else if m > 0 {
        format!("{sign}{m} min {s:02} s")
    } else {
        format!("{sign}{s} s")
    }
}

/// This computer's UTC offset now, as `UTC+01:00` (for headers that must name the zone).
pub fn local_zone() -> String {
    format!("UTC{}", iso::offset(*chrono::Local::now().offset()))
}

/// Now, as a compact local stamp for file names: `20261125-164501`.
pub fn local_stamp() -> String {
    let t = chrono::Local::now().naive_local();
    format!(
        "{:04}{:02}{:02}-{:02}{:02}{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn iso_with_offset_keeps_its_offset() {
        let t = Timestamp::parse("2018-09-15T15:53:00+05:00").unwrap();
        assert_eq!(
            t.show(TimeMode::Original),
            Shown { text: "2018-09-15 15:53:00".into(), zone: "UTC+05:00".into() }
        );
        assert_eq!(
            t.show(TimeMode::Utc),
            Shown { text: "2018-09-15 10:53:00".into(), zone: "UTC".into() }
        );
    }

    #[test]
    fn iso_with_z_and_fraction() {
        let t = Timestamp::parse("2018-11-14T12:26:59.244Z").unwrap();
        assert_eq!(t.show(TimeMode::Original).text, "2018-11-14 12:26:59.244");
        assert_eq!(t.epoch_millis(), 1_542_198_419_244);
    }

    #[test]
    fn offset_without_colon_parses() {
        let t = Timestamp::parse("2018-10-11T09:23:38.000+0200").unwrap();
        assert_eq!(t.show(TimeMode::Utc).text, "2018-10-11 07:23:38");
    }

    #[test]
    fn epoch_seconds_and_millis() {
        let s = Timestamp::from_value(&json!(1451901988)).unwrap();
        assert_eq!(s.source, TimeSource::EpochSeconds);
        assert_eq!(s.show(TimeMode::Original).text, "2016-01-04 10:06:28");
        let ms = Timestamp::from_value(&json!(1542116524143_i64)).unwrap();
        assert_eq!(ms.source, TimeSource::EpochMillis);
        assert_eq!(ms.show(TimeMode::Utc).text, "2018-11-13 13:42:04.143");
        let text = Timestamp::from_value(&json!("1451901988")).unwrap();
        assert_eq!(text.epoch_millis(), 1_451_901_988_000);
    }

    #[test]
    fn zoneless_times_stay_as_written_in_every_mode() {
        let t = Timestamp::parse("2017-04-25T13:26:39.144356").unwrap();
        assert!(t.is_naive());
        for mode in TimeMode::ALL {
            assert_eq!(
                t.show(mode),
                Shown { text: "2017-04-25 13:26:39.144356".into(), zone: "zone unknown".into() }
            );
        }
        assert!(Timestamp::parse("2017-01-25T10:00").unwrap().is_naive());
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(Timestamp::parse("yesterday").is_err());
        assert!(Timestamp::from_value(&json!(true)).is_err());
        assert!(Timestamp::from_value(&json!(1e300)).is_err());
        assert!(Timestamp::parse("").is_err());
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_duration(57), "57 s");
        assert_eq!(human_duration(1667), "27 min 47 s");
        assert_eq!(human_duration(3723), "1 h 02 min 03 s");
        assert_eq!(human_duration(-5460), "−1 h 31 min 00 s");
    }
}
