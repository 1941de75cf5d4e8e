//! Lower case for searching: every character Unicode gives a one-character lower case, mapped as
//! the standard library maps it, from 185 runs of characters that move by the same step (about
//! 1.5 KB) rather than the standard library's table of every character and its case (about 8 KB
//! of the bundle, gzipped). Two differences, both for matching: `ς` folds to `σ`, so a word typed
//! with either sigma finds the other (where `str::to_lowercase` writes a final sigma by context),
//! and `İ` lowers to `i` followed by a combining dot, as the standard library writes it.

use std::borrow::Cow;

/// Each run: its first character (bits 0–20), how far it reaches (bits 21–30), whether it covers
/// every other character from the first rather than each (bit 31, pairs of upper and lower case
/// side by side), and the step to the lower case (bits 32–63, signed). Made from the standard
/// library's own `char::to_lowercase` (the test below checks every character against it).
const RUNS: [u64; 185] = [
    0x0000002002c000c0,
    0x0000002000c000d8,
    0x0000000185c00100,
    0x0000000180800132,
    0x0000000181c00139,
    0x000000018580014a,
    0xffffff8700000178,
    0x0000000180800179,
    0x000000d200000181,
    0x0000000180400182,
    0x000000ce00000186,
    0x0000000100000187,
    0x000000cd00200189,
    0x000000010000018b,
    0x0000004f0000018e,
    0x000000ca0000018f,
    0x000000cb00000190,
    0x0000000100000191,
    0x000000cd00000193,
    0x000000cf00000194,
    0x000000d300000196,
    0x000000d100000197,
    0x0000000100000198,
    0x000000d30000019c,
    0x000000d50000019d,
    0x000000d60000019f,
    0x00000001808001a0,
    0x000000da000001a6,
    0x00000001000001a7,
    0x000000da000001a9,
    0x00000001000001ac,
    0x000000da000001ae,
    0x00000001000001af,
    0x000000d9002001b1,
    0x00000001804001b3,
    0x000000db000001b7,
    0x00000001000001b8,
    0x00000001000001bc,
    0x00000002000001c4,
    0x00000001000001c5,
    0x00000002000001c7,
    0x00000001000001c8,
    0x00000002000001ca,
    0x00000001820001cb,
    0x00000001820001de,
    0x00000002000001f1,
    0x00000001804001f2,
    0xffffff9f000001f6,
    0xffffffc8000001f7,
    0x0000000184c001f8,
    0xffffff7e00000220,
    0x0000000182000222,
    0x00002a2b0000023a,
    0x000000010000023b,
    0xffffff5d0000023d,
    0x00002a280000023e,
    0x0000000100000241,
    0xffffff3d00000243,
    0x0000004500000244,
    0x0000004700000245,
    0x0000000181000246,
    0x0000000180400370,
    0x0000000100000376,
    0x000000740000037f,
    0x0000002600000386,
    0x0000002500400388,
    0x000000400000038c,
    0x0000003f0020038e,
    0x0000002002000391,
    0x00000020010003a3,
    0x00000001000003c2,
    0x00000008000003cf,
    0x0000000182c003d8,
    0xffffffc4000003f4,
    0x00000001000003f7,
    0xfffffff9000003f9,
    0x00000001000003fa,
    0xffffff7e004003fd,
    0x0000005001e00400,
    0x0000002003e00410,
    0x0000000184000460,
    0x000000018680048a,
    0x0000000f000004c0,
    0x00000001818004c1,
    0x000000018bc004d0,
    0x0000003004a00531,
    0x00001c6004a010a0,
    0x00001c60000010c7,
    0x00001c60000010cd,
    0x000097d009e013a0,
    0x0000000800a013f0,
    0x0000000100001c89,
    0xfffff44005401c90,
    0xfffff44000401cbd,
    0x0000000192801e00,
    0xffffe24100001e9e,
    0x000000018bc01ea0,
    0xfffffff800e01f08,
    0xfffffff800a01f18,
    0xfffffff800e01f28,
    0xfffffff800e01f38,
    0xfffffff800a01f48,
    0xfffffff880c01f59,
    0xfffffff800e01f68,
    0xfffffff800e01f88,
    0xfffffff800e01f98,
    0xfffffff800e01fa8,
    0xfffffff800201fb8,
    0xffffffb600201fba,
    0xfffffff700001fbc,
    0xffffffaa00601fc8,
    0xfffffff700001fcc,
    0xfffffff800201fd8,
    0xffffff9c00201fda,
    0xfffffff800201fe8,
    0xffffff9000201fea,
    0xfffffff900001fec,
    0xffffff8000201ff8,
    0xffffff8200201ffa,
    0xfffffff700001ffc,
    0xffffe2a300002126,
    0xffffdf410000212a,
    0xffffdfba0000212b,
    0x0000001c00002132,
    0x0000001001e02160,
    0x0000000100002183,
    0x0000001a032024b6,
    0x0000003005e02c00,
    0x0000000100002c60,
    0xffffd60900002c62,
    0xfffff11a00002c63,
    0xffffd61900002c64,
    0x0000000180802c67,
    0xffffd5e400002c6d,
    0xffffd60300002c6e,
    0xffffd5e100002c6f,
    0xffffd5e200002c70,
    0x0000000100002c72,
    0x0000000100002c75,
    0xffffd5c100202c7e,
    0x000000018c402c80,
    0x0000000180402ceb,
    0x0000000100002cf2,
    0x000000018580a640,
    0x000000018340a680,
    0x000000018180a722,
    0x000000018780a732,
    0x000000018040a779,
    0xffff75fc0000a77d,
    0x000000018100a77e,
    0x000000010000a78b,
    0xffff5ad80000a78d,
    0x000000018040a790,
    0x000000018240a796,
    0xffff5abc0000a7aa,
    0xffff5ab10000a7ab,
    0xffff5ab50000a7ac,
    0xffff5abf0000a7ad,
    0xffff5abc0000a7ae,
    0xffff5aee0000a7b0,
    0xffff5ad60000a7b1,
    0xffff5aeb0000a7b2,
    0x000003a00000a7b3,
    0x0000000181c0a7b4,
    0xffffffd00000a7c4,
    0xffff5abd0000a7c5,
    0xffff75c80000a7c6,
    0x000000018040a7c7,
    0xffff5a990000a7cb,
    0x0000000181c0a7cc,
    0xffff59bf0000a7dc,
    0x000000010000a7f5,
    0x000000200320ff21,
    0x0000002804e10400,
    0x00000028046104b0,
    0x0000002701410570,
    0x0000002701c1057c,
    0x0000002700c1058c,
    0x0000002700210594,
    0x0000004006410c80,
    0x0000002002a10d50,
    0x0000002003e118a0,
    0x0000002003e16e40,
    0x0000001b03016ea0,
    0x000000220421e900,
];

/// The lower case of `c` (itself when it has none of one character).
pub fn lower_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let n = c as u32;
    let at = RUNS.partition_point(|&r| (r & 0x1f_ffff) as u32 <= n);
    let Some(&run) = at.checked_sub(1).and_then(|i| RUNS.get(i)) else { return c };
    let (start, len, pairs, step) = (
        (run & 0x1f_ffff) as u32,
        ((run >> 21) & 0x3ff) as u32,
        run & (1 << 31) != 0,
        (run >> 32) as u32 as i32,
    );
    let off = n - start;
    if off > len || (pairs && off % 2 == 1) {
        return c;
    }
    char::from_u32(n.wrapping_add_signed(step)).unwrap_or(c)
}

/// `s` in lower case, for searching (see the module's notes); borrowed when it has no upper case.
pub fn lower(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        return match s.bytes().any(|b| b.is_ascii_uppercase()) {
            true => Cow::Owned(s.to_ascii_lowercase()),
            false => Cow::Borrowed(s),
        };
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'İ' => out.push_str("i\u{307}"),
            c => out.push(lower_char(c)),
        }
    }
    Cow::Owned(out)
}

/// [`lower`] as a method of any text, owned.
pub trait Lower {
    /// The text in lower case as search compares it (see [`lower`]).
    fn folded(&self) -> String;
}

impl Lower for str {
    fn folded(&self) -> String {
        lower(self).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character lowers as the standard library lowers it, but for the two on purpose.
    #[test]
    fn every_character_lowers_as_the_standard_library_lowers_it() {
        for n in 0..=0x10ffff {
            let Some(c) = char::from_u32(n) else { continue };
            let theirs: String = c.to_lowercase().collect();
            let ours = lower(c.encode_utf8(&mut [0; 4])).into_owned();
            match c {
                'ς' => assert_eq!(ours, "σ"),
                _ => assert_eq!(ours, theirs, "U+{n:04X}"),
            }
        }
    }

    #[test]
    fn words_fold_for_matching() {
        assert_eq!(lower("Root"), "root");
        assert_eq!(lower("ÉVA Kovács"), "éva kovács");
        assert_eq!(lower("ΟΔΟΣ"), lower("οδος"));
        assert_eq!(lower("ПРИВЕТ Ｗｏｒｌｄ"), "привет ｗｏｒｌｄ");
        assert!(matches!(lower("already lower"), Cow::Borrowed(_)));
    }
}
