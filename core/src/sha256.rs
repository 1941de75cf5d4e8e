//! SHA-256, fed a slice at a time: the hash that names each loaded file in every report and keys the
//! review marks. The arithmetic is the RustCrypto `sha2` crate's (vetted, constant across targets);
//! this module only keeps the slice-at-a-time interface the loader uses and spells the digest in hex.
//! The browser's SubtleCrypto is not used: it cannot hash in slices, and copies its whole input on the
//! page's thread first (half a second for 400 MB). Checked against the FIPS 180-4 vectors below and
//! against Node's crypto in the browser tests.

use sha2::Digest;

/// A running SHA-256.
#[derive(Clone, Default)]
pub struct Sha256(sha2::Sha256);

impl Sha256 {
    /// An empty hash, ready for the file's first slice.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the next slice of the input.
    pub fn update(&mut self, data: &[u8]) {
        self.0.update(data);
    }

    /// The digest of everything given, in lower-case hex.
    pub fn hex(self) -> String {
        self.0.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(parts: &[&[u8]]) -> String {
        let mut h = Sha256::new();
        parts.iter().for_each(|p| h.update(p));
        h.hex()
    }

    #[test]
    fn the_standard_test_vectors() {
        assert_eq!(
            hash(&[b""]),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hash(&[b"abc"]),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let two_blocks = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        assert_eq!(
            hash(&[two_blocks]),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        let million = vec![b'a'; 1_000_000];
        assert_eq!(
            hash(&[&million]),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }

    #[test]
    fn any_split_of_the_input_gives_the_same_digest() {
        let text: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
        let whole = hash(&[&text]);
        for cut in [0, 1, 55, 56, 63, 64, 65, 127, 500, 999] {
            assert_eq!(hash(&[&text[..cut], &text[cut..]]), whole, "cut at {cut}");
        }
    }
}
