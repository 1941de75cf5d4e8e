//! Leaf components: they take data and `on<verb>` callbacks, render, and dispatch.

pub mod badges;
pub mod drop_zone;
pub mod export_menu;
pub mod facet_panel;
pub mod field_table;
pub mod header;
pub mod json_tree;
pub mod notices;
pub mod paste_panel;
pub mod query_box;
pub mod report_head;
pub mod review_panel;
pub mod session_table;
pub mod shortcuts;
pub mod time_text;
pub mod timeline;
