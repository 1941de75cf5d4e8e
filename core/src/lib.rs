//! Trailview's pure core: everything that turns SPS audit-session JSON into facts an auditor can read,
//! without knowing anything about the browser. The app crate renders what this crate computes.
//!
//! Data flows one way: bytes → [`ingest`] (parse, detect the document kind) → [`dataset`] (documents by
//! key, linked) → [`query`] (filter and sort) → the views. [`catalogue`] holds the meaning of every
//! documented field; [`present`] turns values into display text; [`anomaly`] lists what looks wrong.

#![warn(missing_docs)]

pub mod anomaly;
pub mod catalogue;
pub mod channel_flags;
pub mod columns;
pub mod dataset;
pub mod enums;
pub mod export;
pub mod facets;
pub mod file_text;
pub mod find;
pub mod fold;
pub mod gen;
pub mod ingest;
pub mod insights;
pub mod intern;
pub mod iso;
pub mod json;
pub mod locate;
pub mod model;
pub mod number;
pub mod path;
pub mod percent;
pub mod present;
pub mod query;
pub mod review;
pub mod session_picture;
pub mod sha256;
pub mod sort;
pub mod sps_fetch;
pub mod text_index;
pub mod time;
pub mod timeline;
pub mod window;

pub use serde_json::Value;
