//! Where a loaded file's text is. A file small enough is held whole; a larger one is read in windows,
//! each dropped once its documents are in, and a document is read again from the file when it is
//! shown (from a [`Backing`] the page provides), so memory holds what the list needs, not the file.

use std::any::Any;
use std::borrow::Cow;
use std::ops::Range;
use std::rc::Rc;

/// Reads bytes of a file's text that are no longer held (the file itself, in the browser).
pub trait Backing: Any {
    /// The bytes at `range` of the file as given (not of its decoded text; see [`FileText::get`]),
    /// or `None` when they cannot be read now.
    fn read(&self, range: Range<usize>) -> Option<Vec<u8>>;

    /// Whether [`Backing::read`] can give `range` at once. The browser reads a `File` only
    /// asynchronously, so its backing answers for what it has fetched, and a view fetches what it
    /// needs before it reads (see [`crate::dataset::Dataset::session_fetches`]).
    fn ready(&self, _range: Range<usize>) -> bool {
        true
    }
}

/// A file's decoded text, as far as it is held: windows of it (each starting at a byte offset of the
/// text), and where to read what no window holds.
#[derive(Clone, Default)]
pub struct FileText {
    windows: Vec<(usize, Rc<Vec<u8>>)>,
    /// Bytes before the text in the file (a byte-order mark): text offset + `skip` = file offset.
    skip: usize,
    backing: Option<Rc<dyn Backing>>,
}

/// Part of a file's text: a window of it, from `start`.
#[derive(Debug, Clone, Copy)]
pub struct Window<'a> {
    /// The offset of `bytes` in the file's text.
    pub start: usize,
    /// The bytes held.
    pub bytes: &'a [u8],
}

impl<'a> Window<'a> {
    /// The bytes at `range` (offsets of the whole text), when this window holds them all.
    pub fn get(&self, range: Range<usize>) -> Option<&'a [u8]> {
        self.bytes.get(range.start.checked_sub(self.start)?..range.end.checked_sub(self.start)?)
    }

    /// Offset of the text just past this window.
    pub fn end(&self) -> usize {
        self.start + self.bytes.len()
    }
}

impl FileText {
    /// A text held whole.
    pub fn whole(text: Rc<Vec<u8>>) -> FileText {
        FileText { windows: vec![(0, text)], skip: 0, backing: None }
    }

    /// Holds `text` from offset `start` too (the newest window is looked in first).
    pub fn hold(&mut self, start: usize, text: Rc<Vec<u8>>) {
        self.windows.push((start, text));
    }

    /// Stops holding `text` (a window about to be replaced).
    pub fn unhold(&mut self, text: &Rc<Vec<u8>>) {
        self.windows.retain(|(_, w)| !Rc::ptr_eq(w, text));
    }

    /// Bytes held in memory.
    pub fn held(&self) -> usize {
        self.windows.iter().map(|(_, w)| w.len()).sum()
    }

    /// Whether text let go of can be read again.
    pub fn has_backing(&self) -> bool {
        self.backing.is_some()
    }

    /// Lets go of every window but the newest: what they held is read from the backing from now on.
    pub fn release_older(&mut self) {
        let n = self.windows.len();
        self.windows.drain(..n.saturating_sub(1));
    }

    /// Replaces every window with the whole text.
    pub fn set_whole(&mut self, text: Rc<Vec<u8>>) {
        self.windows = vec![(0, text)];
    }

    /// Where bytes no window holds are read, and how many bytes precede the text in the file.
    pub fn set_backing(&mut self, backing: Rc<dyn Backing>, skip: usize) {
        self.backing = Some(backing);
        self.skip = skip;
    }

    /// The bytes at `range` of the text when a window holds them all (the newest is looked in first).
    fn in_windows(&self, range: &Range<usize>) -> Option<&[u8]> {
        self.windows
            .iter()
            .rev()
            .find_map(|(start, w)| Window { start: *start, bytes: w }.get(range.clone()))
    }

    /// Where what is not held is read from.
    pub fn backing(&self) -> Option<&Rc<dyn Backing>> {
        self.backing.as_ref()
    }

    /// The bytes of the file (offsets of the file as given) to fetch from the backing before
    /// `range` of the text can be read; `None` when a window holds it or the backing is ready.
    pub fn to_fetch(&self, range: Range<usize>) -> Option<Range<usize>> {
        if self.in_windows(&range).is_some() {
            return None;
        }
        let file = range.start + self.skip..range.end + self.skip;
        self.backing.as_ref().filter(|b| !b.ready(file.clone())).map(|_| file)
    }

    /// Whether some of the text is read from the backing rather than held.
    pub fn released(&self) -> bool {
        self.windows.first().is_some_and(|(start, _)| *start > 0)
    }

    /// The bytes at `range` of the text: borrowed from the window that holds them, else read.
    pub fn get(&self, range: Range<usize>) -> Option<Cow<'_, [u8]>> {
        if let Some(b) = self.in_windows(&range) {
            return Some(Cow::Borrowed(b));
        }
        let b = self.backing.as_ref()?;
        b.read(range.start + self.skip..range.end + self.skip).map(Cow::Owned)
    }
}

impl std::fmt::Debug for FileText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{} bytes held in {} windows>", self.held(), self.windows.len())
    }
}

/// Two files' texts are equal when they read the same wherever both hold them: a file read in windows
/// and the same file held whole are one dataset (the tests that load both ways compare documents'
/// bytes one by one).
impl PartialEq for FileText {
    fn eq(&self, other: &Self) -> bool {
        self.windows.iter().all(|(s, w)| {
            other.windows.iter().all(|(t, v)| {
                let (a, b) = (Window { start: *s, bytes: w }, Window { start: *t, bytes: v });
                let (lo, hi) = (a.start.max(b.start), a.end().min(b.end()));
                lo >= hi || Rc::ptr_eq(w, v) || a.get(lo..hi) == b.get(lo..hi)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Whole(Vec<u8>);
    impl Backing for Whole {
        fn read(&self, range: Range<usize>) -> Option<Vec<u8>> {
            self.0.get(range).map(<[u8]>::to_vec)
        }
    }

    #[test]
    fn released_windows_are_read_from_the_backing_past_the_mark() {
        let file = b"\xEF\xBB\xBFabcdefghij".to_vec();
        let mut t = FileText::whole(Rc::new(b"abcdef".to_vec()));
        t.set_backing(Rc::new(Whole(file)), 3);
        t.hold(4, Rc::new(b"efghij".to_vec()));
        assert!(matches!(t.get(5..8), Some(Cow::Borrowed(b"fgh"))));
        assert!(matches!(t.get(1..3), Some(Cow::Borrowed(b"bc"))));
        t.release_older();
        assert!(t.released());
        assert_eq!(t.get(1..3).as_deref(), Some(&b"bc"[..]));
        assert!(matches!(t.get(1..3), Some(Cow::Owned(_))));
        assert_eq!(t.get(9..12), None);
    }
}
