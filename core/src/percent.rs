//! Percent-encoding of URL parts (RFC 3986): the app's routes and view parameters ride in the URL's
//! hash, and SPS queries in a request's query string. One encoder for all of them, so a link written
//! by one part is read back by another.

/// Every byte but RFC 3986's unreserved characters as `%XX`: safe in a path segment, a query value
/// and a fragment alike.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// `%XX` back to its byte; a `%` not followed by two hex digits stays as it is, and bytes that are
/// not UTF-8 become U+FFFD, since a URL is typed and pasted by people. (`+` is left alone: in a
/// form-encoded query it means a space, which is the caller's to say.)
pub fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = (b[i] == b'%')
            .then(|| s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok()))
            .flatten();
        match hex {
            Some(x) => {
                out.push(x);
                i += 3;
            }
            None => {
                out.push(b[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_keeps_unreserved() {
        for s in ["", "abc-_.~XYZ09", "a b/c?d#e&f=g%h+i", "ü → 東", "\u{0}\u{7f}"] {
            let e = encode(s);
            assert!(e.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)), "{e}");
            assert_eq!(decode(&e), s);
        }
        assert_eq!(encode("a b"), "a%20b");
    }

    #[test]
    fn tolerates_what_people_type() {
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz%4"), "%zz%4");
        assert_eq!(decode("a+b"), "a+b");
        assert_eq!(decode("%FF"), "\u{FFFD}");
        // `%` followed by a multi-byte character must not split it.
        assert_eq!(decode("%é"), "%é");
    }
}
