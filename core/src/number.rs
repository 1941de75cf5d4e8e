//! Decimal text to `f64`, for every number this project reads (JSON numbers kept as written, numeric
//! strings, query terms).
//!
//! The standard library's `str::parse::<f64>` brings the Eisel-Lemire table of 128-bit powers of
//! five: 10 KB of random-looking bytes that gzip cannot shrink, a fortieth of the bundle budget.
//! `minimal-lexical` (the parser inside `nom`) converts just as exactly, correctly rounded, and its
//! `compact` build keeps a table of under 1 KB; this module checks the grammar and hands it the digits.

/// Reads the number Rust's `str::parse::<f64>` reads, with the same result: an optional sign, then
/// digits with an optional fraction (`1`, `1.`, `.5`, `1.5`) and exponent (`1e5`, `2E-3`), or
/// `inf`, `infinity` or `nan` in any case. Anything else, surrounding spaces included, is `None`.
pub fn parse_f64(text: &str) -> Option<f64> {
    let s = text.as_bytes();
    let (negative, rest) = match s.first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let magnitude = if rest.first().is_some_and(|b| b.is_ascii_alphabetic()) {
        special(rest)?
    } else {
        decimal(rest)?
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// [`parse_f64`], when the number is finite: what a JSON number kept as written means as a double
/// (`1e400` has none), as `serde_json::Number::as_f64` answers.
pub fn finite(text: &str) -> Option<f64> {
    parse_f64(text).filter(|f| f.is_finite())
}

/// [`finite`] of a `serde_json::Number`.
pub fn of_json(n: &serde_json::Number) -> Option<f64> {
    finite(n.as_str())
}

fn special(s: &[u8]) -> Option<f64> {
    if s.eq_ignore_ascii_case(b"inf") || s.eq_ignore_ascii_case(b"infinity") {
        Some(f64::INFINITY)
    } else if s.eq_ignore_ascii_case(b"nan") {
        Some(f64::NAN)
    } else {
        None
    }
}

fn decimal(s: &[u8]) -> Option<f64> {
    let digits = |from: usize| from + s[from..].iter().take_while(|b| b.is_ascii_digit()).count();
    let int_end = digits(0);
    let (frac_start, frac_end) = if s.get(int_end) == Some(&b'.') {
        (int_end + 1, digits(int_end + 1))
    } else {
        (int_end, int_end)
    };
    if int_end == 0 && frac_end == frac_start {
        return None;
    }
    let mut at = frac_end;
    let mut exponent: i32 = 0;
    if matches!(s.get(at), Some(b'e' | b'E')) {
        at += 1;
        let negative = match s.get(at) {
            Some(b'-') => {
                at += 1;
                true
            }
            Some(b'+') => {
                at += 1;
                false
            }
            _ => false,
        };
        let start = at;
        at = digits(at);
        if at == start {
            return None;
        }
        // Past a billion the value is zero or infinite whatever the digits; saturating keeps the
        // parser's own exponent arithmetic far from overflow.
        for &b in &s[start..at] {
            exponent =
                exponent.saturating_mul(10).saturating_add(i32::from(b - b'0')).min(1_000_000_000);
        }
        if negative {
            exponent = -exponent;
        }
    }
    if at != s.len() {
        return None;
    }
    // The parser's contract: no leading zeros in the integer, no trailing zeros in the fraction.
    let int = &s[s[..int_end].iter().take_while(|&&b| b == b'0').count()..int_end];
    let frac = &s[frac_start
        ..frac_end - s[frac_start..frac_end].iter().rev().take_while(|&&b| b == b'0').count()];
    Some(minimal_lexical::parse_float::<f64, _, _>(int.iter(), frac.iter(), exponent))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(text: &str) {
        let std = text.parse::<f64>().ok();
        let ours = parse_f64(text);
        match (std, ours) {
            (Some(a), Some(b)) if a.is_nan() => assert!(b.is_nan(), "{text:?}"),
            (a, b) => assert_eq!(
                a.map(f64::to_bits),
                b.map(f64::to_bits),
                "{text:?}: std {a:?}, ours {b:?}"
            ),
        }
    }

    #[test]
    fn reads_what_std_reads() {
        for t in [
            "0",
            "-0",
            "+1",
            "1.",
            ".5",
            "1.5",
            "1e5",
            "1E+5",
            "2e-3",
            "72.5",
            "1542116524143",
            "1451901988.25",
            "inf",
            "-Infinity",
            "NaN",
            "1e400",
            "-1e400",
            "1e-400",
            "4.9406564584124654e-324",
            "2.2250738585072011e-308",
            "1.7976931348623157e308",
            "1.7976931348623159e308",
            "9007199254740993",
            "123456789012345678901234567890",
            "0.1000000000000000055511151231257827",
            "1e1000000000000",
            "1e-1000000000000",
            "7.e2",
            "",
            "-",
            "+",
            ".",
            "e5",
            "1e",
            "1e+",
            "1.2.3",
            " 1",
            "1 ",
            "0x10",
            "1_000",
            "infinite",
            "--1",
            "1e5x",
        ] {
            same(t);
        }
        let long = format!("0.{}1e400", "0".repeat(500));
        same(&long);
        same(&"9".repeat(800));
    }

    proptest::proptest! {
        #[test]
        fn any_double_written_any_way_reads_back(bits: u64, digits in 1usize..25) {
            let f = f64::from_bits(bits);
            for text in [format!("{f}"), format!("{f:e}"), format!("{f:.digits$e}"), format!("{f:.digits$}")] {
                same(&text);
            }
        }

        #[test]
        fn any_digit_string_reads_as_std_reads_it(int in "[0-9]{0,30}", frac in "[0-9]{0,30}", exp in proptest::option::of(-400i32..400)) {
            let mut text = int.clone();
            if !frac.is_empty() || int.is_empty() {
                text.push('.');
                text.push_str(&frac);
            }
            if let Some(e) = exp {
                text.push_str(&format!("e{e}"));
            }
            same(&text);
        }
    }
}
