//! From bytes to JSON documents: decoding (UTF-8, BOM, UTF-16), JSON vs NDJSON, and errors that name
//! the file, line and column. [`detect`] then says what kind of SPS document each one is.

mod detect;
mod error;
pub mod kinds;
mod parse;
mod repair;
pub(crate) mod value;

pub use detect::{
    classify, classify_array_shaped, detect, detect_array_shaped, is_session_document,
    items_are_sessions, session_key_from_href, ArrayShape, ElementFacts,
};
pub use error::{ErrorKind, LoadError};
pub use kinds::DocKind;
pub use parse::{parse, Format, GrowingEnd, Parsed, SourceDoc, Stream};
pub use repair::{Repair, RepairKind, Scan};
