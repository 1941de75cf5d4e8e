//! Typed views over the JSON documents: just what lists, sorting and linking need. The JSON itself stays
//! the source of truth, so unknown members are never lost; these views only read it.

pub mod items;
pub mod session;

pub use items::{AlertRow, ChannelRow, EventRow};
pub use session::SessionSummary;
