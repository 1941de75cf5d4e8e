//! Decimal text to `f64` and back, for every number this project reads (JSON numbers kept as
//! written, numeric strings, query terms) and every figure it prints.
//!
//! The standard library's `str::parse::<f64>` brings the Eisel-Lemire table of 128-bit powers of
//! five: 10 KB of random-looking bytes that gzip cannot shrink, a fortieth of the bundle budget.
//! `minimal-lexical` (the parser inside `nom`) converts just as exactly, correctly rounded, and its
//! `compact` build keeps a table of under 1 KB; this module checks the grammar and hands it the digits.
//!
//! The other way, std's `Display` for `f64` (Grisu with a Dragon fallback and their tables) is about
//! 10 KB of the wasm; `ryu` with its small table finds the same shortest digits, and [`shortest`]
//! lays them out as std does; [`fixed`] prints a figure to a number of places with integers alone.

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

/// The text `format!("{x}")` gives: the shortest digits that read back as `x`, written out in full
/// with no exponent (`1e21` is twenty-two digits, `1e-7` is `0.0000001`), `-0`, `NaN`, `inf`.
pub fn shortest(x: f64) -> String {
    if let Some(text) = not_finite(x) {
        return text.to_string();
    }
    let mut buffer = ryu::Buffer::new();
    let text = buffer.format_finite(x.abs());
    // ryu writes `d.ddd`, `ddd.0` or `d.ddde±x`: the digits and where the point goes are all it says.
    let (mantissa, exponent) = match text.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all = format!("{int}{frac}");
    let lead = all.bytes().take_while(|&b| b == b'0').count();
    let mut digits = all[lead..].trim_end_matches('0').to_string();
    let point = int.len() as i32 + exponent - lead as i32;
    // Where x lies exactly halfway between two shortest candidates, ryu takes the even one and std
    // the one further from zero. The even one's last digit is below 9, so one more carries nowhere.
    if digits.ends_with(['0', '2', '4', '6', '8']) && halfway_above(x.abs(), &digits, point) {
        if let Some(last) = digits.pop() {
            digits.push(char::from(last as u8 + 1));
        }
    }
    let digits = digits.as_str();
    let mut out = String::with_capacity(digits.len() + 8);
    if x.is_sign_negative() {
        out.push('-');
    }
    if digits.is_empty() {
        out.push('0');
    } else if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', point.unsigned_abs() as usize));
        out.push_str(digits);
    } else if point as usize >= digits.len() {
        out.push_str(digits);
        out.extend(std::iter::repeat_n('0', point as usize - digits.len()));
    } else {
        out.push_str(&digits[..point as usize]);
        out.push('.');
        out.push_str(&digits[point as usize..]);
    }
    out
}

/// `x` to `places` decimal places, as `format!("{x:.places$}")` gives for the figures this project
/// prints (sizes, percentages, drawing coordinates). Rounds half away from zero on the scaled
/// double, where std rounds the exact binary value half to even: the two differ only when `x`
/// lies within a rounding error of a half in the last place shown. Beyond 10^38 it saturates.
pub fn fixed(x: f64, places: usize) -> String {
    if let Some(text) = not_finite(x) {
        return text.to_string();
    }
    let scale = (0..places).fold(1.0f64, |s, _| s * 10.0);
    let digits = ((x.abs() * scale).round() as u128).to_string();
    let digits = format!("{}{digits}", "0".repeat((places + 1).saturating_sub(digits.len())));
    let point = digits.len() - places;
    let mut out = String::with_capacity(digits.len() + 2);
    if x.is_sign_negative() {
        out.push('-');
    }
    out.push_str(&digits[..point]);
    if places > 0 {
        out.push('.');
        out.push_str(&digits[point..]);
    }
    out
}

/// Whether `x` (finite, not negative) is exactly the decimal `0.digits5 × 10^point`: halfway between
/// `digits` and the candidate one unit above it. Both sides are split into an odd part and a power
/// of two and compared whole; a side that does not fit 128 bits cannot equal the other.
fn halfway_above(x: f64, digits: &str, point: i32) -> bool {
    let Ok(n) = format!("{digits}5").parse::<u64>() else { return false };
    // x = m × 2^e, with m odd.
    let bits = x.to_bits();
    let (raw_exp, fraction) = ((bits >> 52) as i32 & 0x7ff, bits & ((1 << 52) - 1));
    let (m, e) =
        if raw_exp == 0 { (fraction, -1074) } else { (fraction | 1 << 52, raw_exp - 1075) };
    if m == 0 {
        return false;
    }
    let (m, e) = (m >> m.trailing_zeros(), e + m.trailing_zeros() as i32);
    // The decimal = n × 10^q = (n_odd × 5^q) × 2^(t + q), n = n_odd × 2^t.
    let q = point - (digits.len() as i32 + 1);
    let (n_odd, t) = (n >> n.trailing_zeros(), n.trailing_zeros() as i32);
    let five = |k: u32| 5u128.checked_pow(k);
    if q >= 0 {
        // m = n_odd × 5^q and e = t + q.
        five(q as u32).and_then(|p| p.checked_mul(u128::from(n_odd))) == Some(u128::from(m))
            && e == t + q
    } else {
        // x × 10^k = n (k = -q), so m × 5^k × 2^(e + k) = n_odd × 2^t.
        let k = -q;
        five(k as u32).and_then(|p| p.checked_mul(u128::from(m))) == Some(u128::from(n_odd))
            && e + k == t
    }
}

fn not_finite(x: f64) -> Option<&'static str> {
    if x.is_nan() {
        Some("NaN")
    } else if x.is_infinite() {
        Some(if x > 0.0 { "inf" } else { "-inf" })
    } else {
        None
    }
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
    fn shortest_writes_what_std_writes() {
        for x in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            57.0,
            72.5,
            0.1,
            0.3,
            1e-7,
            1.5e-7,
            123456.789,
            1e15,
            1e16,
            1e17,
            1e21,
            1.25e22,
            1e300,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            1542116524143.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            9007199254740993.0,
            2.0f64.powi(70),
        ] {
            assert_eq!(shortest(x), format!("{x}"), "{x:e}");
        }
    }

    #[test]
    fn fixed_writes_what_std_writes() {
        for (x, places) in [
            (0.0, 1),
            (-0.0, 1),
            (-0.04, 1),
            (1.0, 0),
            (12.34, 1),
            (99.96, 1),
            (0.05, 3),
            (1234.5678, 2),
            (33.333333, 3),
            (0.999, 2),
            (1e20, 2),
            (7.0, 0),
            (2.5e-5, 3),
            (f64::NAN, 2),
            (f64::INFINITY, 1),
            (f64::NEG_INFINITY, 0),
        ] {
            assert_eq!(fixed(x, places), format!("{x:.places$}"), "{x} to {places}");
        }
    }

    proptest::proptest! {
        #[test]
        fn shortest_is_std_for_any_double(bits in proptest::prelude::any::<u64>()) {
            let x = f64::from_bits(bits);
            proptest::prop_assert_eq!(shortest(x), format!("{x}"));
        }

        #[test]
        fn shortest_is_std_for_doubles_with_short_exact_values(m in 0u64..1 << 53, k in -60i32..60) {
            // Integers and quarters near 2^53 and their scalings: the values whose exact decimal
            // is short enough to lie halfway between two shortest candidates.
            let x = m as f64 * 2f64.powi(k);
            proptest::prop_assert_eq!(shortest(x), format!("{x}"));
            proptest::prop_assert_eq!(shortest(-x), format!("{}", -x));
        }

        #[test]
        fn fixed_is_std_away_from_halves(x in -1e12f64..1e12, places in 0usize..4) {
            let scaled = x.abs() * 10f64.powi(places as i32);
            if (scaled.fract() - 0.5).abs() > 1e-6 {
                proptest::prop_assert_eq!(fixed(x, places), format!("{x:.places$}"));
            }
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
