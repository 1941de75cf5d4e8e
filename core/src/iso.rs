//! ISO 8601 in the shapes SPS writes, read and written by hand over chrono's calendar.
//!
//! chrono's `parse_from_str` and `format` interpret a format string at run time: a general
//! strftime engine of about 10 KB gzipped in the bundle, for the handful of fixed shapes this
//! project reads and writes. This module is that handful, spelled out; chrono still does the
//! calendar (days per month, leap years, offsets), which is where the correctness lives.

use chrono::{Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use std::fmt::Write;

/// A date and time read from text, with its offset when the text names one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Read {
    /// The date and time as written.
    pub local: NaiveDateTime,
    /// The offset written with it, if any.
    pub offset: Option<FixedOffset>,
}

/// Reads `YYYY-MM-DD[T| ]HH:MM[:SS[.fraction]][Z|±HH[:]MM|±HH]`, the spellings of every SPS
/// version (RFC 3339, the offset without its colon, zone-less event times, minutes only); ISO 8601's
/// comma before the fraction is read too, and spaces before the zone. The whole text must be the time; digits of a fraction past nanoseconds are read and dropped, and a
/// leap second (`:60`) is kept as chrono keeps it.
pub fn read(text: &str) -> Option<Read> {
    let mut c = Cursor { s: text.as_bytes(), at: 0 };
    let date = c.date()?;
    if !matches!(c.next(), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let hour = c.digits(2, 2)?;
    c.expect(b':')?;
    let minute = c.digits(2, 2)?;
    let (mut second, mut nano) = (0, 0);
    if c.peek() == Some(b':') {
        c.at += 1;
        second = c.digits(2, 2)?;
        if c.peek() == Some(b'.') || c.peek() == Some(b',') {
            c.at += 1;
            nano = c.fraction()?;
        }
    }
    if second == 60 {
        second = 59;
        nano += 1_000_000_000;
    }
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nano)?;
    while c.peek() == Some(b' ') {
        c.at += 1;
    }
    let offset = match c.next() {
        None => None,
        Some(b'Z' | b'z') => Some(FixedOffset::east_opt(0)?),
        Some(sign @ (b'+' | b'-')) => {
            let h = c.digits(2, 2)?;
            if c.peek() == Some(b':') {
                c.at += 1;
            }
            let m = if c.peek().is_some() { c.digits(2, 2)? } else { 0 };
            let secs = (h * 3600 + m * 60) as i32;
            Some(FixedOffset::east_opt(if sign == b'-' { -secs } else { secs })?)
        }
        Some(_) => return None,
    };
    c.end()?;
    Some(Read { local: date.and_time(time), offset })
}

/// Reads a whole `YYYY-MM-DD` (month and day of one or two digits).
pub fn read_date(text: &str) -> Option<NaiveDate> {
    let mut c = Cursor { s: text.as_bytes(), at: 0 };
    let d = c.date()?;
    c.end()?;
    Some(d)
}

/// How many digits of the second's fraction to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fraction {
    /// None.
    Whole,
    /// Milliseconds, always.
    Millis,
    /// Microseconds, always (nanoseconds past them are cut, not rounded).
    Micros,
    /// As many as the time needs: none, 3, 6 or 9.
    Auto,
}

/// Writes `YYYY-MM-DD<sep>HH:MM:SS[.fraction]` (years outside 0–9999 with their sign, as ISO 8601's
/// expanded years are).
pub fn write(out: &mut String, t: &NaiveDateTime, sep: char, fraction: Fraction) {
    let y = t.year();
    if (0..=9999).contains(&y) {
        let _ = write!(out, "{y:04}");
    } else {
        let _ = write!(out, "{}{:04}", if y < 0 { '-' } else { '+' }, y.unsigned_abs());
    }
    let _ = write!(
        out,
        "-{:02}-{:02}{sep}{:02}:{:02}:{:02}",
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    // A leap second is the 59th second with more than a second of nanoseconds: shown as :59.
    let nano = t.nanosecond() % 1_000_000_000;
    let digits = match fraction {
        Fraction::Whole => 0,
        Fraction::Millis => 3,
        Fraction::Micros => 6,
        Fraction::Auto if nano == 0 => 0,
        Fraction::Auto if nano.is_multiple_of(1_000_000) => 3,
        Fraction::Auto if nano.is_multiple_of(1_000) => 6,
        Fraction::Auto => 9,
    };
    if digits > 0 {
        let _ = write!(out, ".{:0width$}", nano / 10u32.pow(9 - digits as u32), width = digits);
    }
}

/// [`write`] into a new string.
pub fn text(t: &NaiveDateTime, sep: char, fraction: Fraction) -> String {
    let mut out = String::with_capacity(32);
    write(&mut out, t, sep, fraction);
    out
}

/// An offset as `±HH:MM`.
pub fn offset(off: FixedOffset) -> String {
    let secs = off.local_minus_utc();
    let a = secs.unsigned_abs();
    format!("{}{:02}:{:02}", if secs < 0 { '-' } else { '+' }, a / 3600, (a % 3600) / 60)
}

struct Cursor<'a> {
    s: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    #[inline]
    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    #[inline]
    fn expect(&mut self, b: u8) -> Option<()> {
        (self.next()? == b).then_some(())
    }

    #[inline]
    fn end(&self) -> Option<()> {
        (self.at == self.s.len()).then_some(())
    }

    /// Between `min` and `max` ASCII digits as a number.
    #[inline]
    fn digits(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.at;
        let mut n: u32 = 0;
        while self.at - start < max {
            match self.peek() {
                Some(b @ b'0'..=b'9') => {
                    n = n * 10 + u32::from(b - b'0');
                    self.at += 1;
                }
                _ => break,
            }
        }
        (self.at - start >= min).then_some(n)
    }

    /// `[±]YYYY-M[M]-D[D]`: a year of four to six digits, as chrono's calendar allows.
    fn date(&mut self) -> Option<NaiveDate> {
        let negative = match self.peek() {
            Some(b'-') => {
                self.at += 1;
                true
            }
            Some(b'+') => {
                self.at += 1;
                false
            }
            _ => false,
        };
        let y = self.digits(4, 6)? as i32;
        self.expect(b'-')?;
        let m = self.digits(1, 2)?;
        self.expect(b'-')?;
        let d = self.digits(1, 2)?;
        NaiveDate::from_ymd_opt(if negative { -y } else { y }, m, d)
    }

    /// The digits of a fraction as nanoseconds; digits past the ninth are read and dropped.
    fn fraction(&mut self) -> Option<u32> {
        let start = self.at;
        let mut nano: u32 = 0;
        while let Some(b @ b'0'..=b'9') = self.peek() {
            if self.at - start < 9 {
                nano = nano * 10 + u32::from(b - b'0');
            }
            self.at += 1;
        }
        let n = self.at - start;
        if n == 0 {
            return None;
        }
        Some(if n < 9 { nano * 10u32.pow((9 - n) as u32) } else { nano })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc_ms(s: &str) -> Option<i64> {
        let r = read(s)?;
        let off = r.offset.map_or(0, |o| o.local_minus_utc()) as i64;
        Some(r.local.and_utc().timestamp_millis() - off * 1000)
    }

    #[test]
    fn every_spelling_sps_wrote_reads() {
        let want = 1_542_198_419_244;
        for s in [
            "2018-11-14T12:26:59.244Z",
            "2018-11-14t12:26:59.244z",
            "2018-11-14 12:26:59.244Z",
            "2018-11-14T14:26:59.244+02:00",
            "2018-11-14T14:26:59.244+0200",
            "2018-11-14T14:26:59.244 +02:00",
            "2018-11-14T09:56:59.244-02:30",
            "2018-11-14T12:26:59.244000Z",
            "2018-11-14T12:26:59.244000000123Z",
        ] {
            assert_eq!(utc_ms(s), Some(want), "{s}");
        }
        assert_eq!(utc_ms("2018-11-14T14:26+02"), Some(1_542_198_360_000));
        let naive = read("2017-04-25T13:26:39.144356").unwrap();
        assert_eq!(naive.offset, None);
        assert_eq!(naive.local.nanosecond(), 144_356_000);
        assert!(read("2017-01-25T10:00").is_some_and(|r| r.offset.is_none()));
        assert!(read("2016-12-31T23:59:60Z").is_some());
    }

    #[test]
    fn anything_else_is_refused() {
        for s in [
            "",
            "2018-11-14",
            "2018-11-14T",
            "2018-11-14T12",
            "2018-11-14T12:26:59.Z",
            "2018-11-14T12:26:59Zjunk",
            "2018-02-30T12:00:00Z",
            "2018-11-14T24:00:00Z",
            "2018-11-14T12:26:59+25:00",
            "2018-11-14T12:26:59+02:0",
            "18-11-14T12:26:59Z",
            "yesterday",
            "2018-11-14X12:26:59Z",
        ] {
            assert_eq!(read(s), None, "{s:?}");
        }
    }

    #[test]
    fn written_as_read() {
        for (s, sep, f, want) in [
            ("2018-11-14T12:26:59Z", ' ', Fraction::Whole, "2018-11-14 12:26:59"),
            ("2018-11-14T12:26:59.244Z", ' ', Fraction::Millis, "2018-11-14 12:26:59.244"),
            ("2018-11-14T12:26:59.1443569Z", ' ', Fraction::Micros, "2018-11-14 12:26:59.144356"),
            ("2018-11-14T12:26:59.1443569Z", 'T', Fraction::Auto, "2018-11-14T12:26:59.144356900"),
            ("2018-11-14T12:26:59.140Z", 'T', Fraction::Auto, "2018-11-14T12:26:59.140"),
            ("2018-11-14T12:26:59Z", 'T', Fraction::Auto, "2018-11-14T12:26:59"),
            ("2016-12-31T23:59:60.5Z", 'T', Fraction::Auto, "2016-12-31T23:59:59.500"),
            ("0099-01-02T03:04:05Z", 'T', Fraction::Whole, "0099-01-02T03:04:05"),
            ("+12345-01-02T03:04:05Z", 'T', Fraction::Whole, "+12345-01-02T03:04:05"),
            ("-0044-03-15T12:00:00Z", 'T', Fraction::Whole, "-0044-03-15T12:00:00"),
        ] {
            assert_eq!(text(&read(s).unwrap().local, sep, f), want, "{s}");
        }
        assert_eq!(offset(FixedOffset::east_opt(-(5 * 3600 + 30 * 60)).unwrap()), "-05:30");
    }

    #[test]
    fn dates_alone() {
        assert_eq!(read_date("2024-3-1"), NaiveDate::from_ymd_opt(2024, 3, 1));
        assert_eq!(read_date("2024-02-30"), None);
        assert_eq!(read_date("2024-02-01x"), None);
    }

    // The engine this module replaces is the oracle: every shape it was asked to read, generated
    // from arbitrary instants, reads to the same instant here.
    proptest::proptest! {
        #[test]
        fn reads_what_chrono_read(secs in -62_135_596_800i64..253_402_300_799, nano in 0u32..1_000_000_000, off_min in -1439i32..1439, shape in 0usize..6) {
            use chrono::{DateTime, TimeZone};
            let off = FixedOffset::east_opt(off_min * 60).unwrap();
            let t = off.timestamp_opt(secs, nano).unwrap();
            let (spelled, fmt) = [
                (t.to_rfc3339(), None),
                (t.format("%Y-%m-%dT%H:%M:%S%.f%z").to_string(), Some("%Y-%m-%dT%H:%M:%S%.f%z")),
                (t.format("%Y-%m-%d %H:%M:%S%.f%:z").to_string(), Some("%Y-%m-%d %H:%M:%S%.f%:z")),
                (t.format("%Y-%m-%dT%H:%M%:z").to_string(), Some("%Y-%m-%dT%H:%M%:z")),
                (t.format("%Y-%m-%dT%H:%M:%S%.f").to_string(), Some("%Y-%m-%dT%H:%M:%S%.f")),
                (t.format("%Y-%m-%d %H:%M:%S%.3f").to_string(), Some("%Y-%m-%d %H:%M:%S%.f")),
            ][shape].clone();
            let ours = read(&spelled).unwrap();
            match fmt {
                None => proptest::prop_assert_eq!(Some(ours.local.and_local_timezone(ours.offset.unwrap()).unwrap()), DateTime::parse_from_rfc3339(&spelled).ok()),
                Some(f) if ours.offset.is_some() => proptest::prop_assert_eq!(Some(ours.local.and_local_timezone(ours.offset.unwrap()).unwrap()), DateTime::parse_from_str(&spelled, f).ok()),
                Some(f) => proptest::prop_assert_eq!(Some(ours.local), NaiveDateTime::parse_from_str(&spelled, f).ok()),
            }
            proptest::prop_assert_eq!(text(&t.naive_local(), 'T', Fraction::Auto), t.naive_local().format("%Y-%m-%dT%H:%M:%S%.f").to_string());
        }
    }
}
