//! Label / value rows for document fields. Labels come from the catalogue and explain themselves on
//! hover; values are decoded by the field's kind (times, verdicts, index status, links …).

use crate::components::badges::verdict_badge;
use crate::components::json_tree::{JsonViewer, TreeSource};
use crate::components::time_text::time_text;
use crate::data::Data;
use crate::route::{Link, Route, Tab};
use std::rc::Rc;
use trailview_core::catalogue::{self, Field, Kind};
use trailview_core::enums::{origin_meaning, IndexStatus};
use trailview_core::present;
use trailview_core::time::{human_duration, TimeMode, Timestamp};
use trailview_core::Value;
use yew::prelude::*;

/// Meaning shown for a field no catalogue documents.
pub const UNDOCUMENTED: &str = "Not described in the SPS documentation; shown as found.";

/// What a view of document values reads: the loaded data, and the zone times are shown in.
#[derive(Clone, Copy)]
pub struct Shown<'a> {
    pub data: &'a Data,
    pub mode: TimeMode,
}

impl std::ops::Deref for Shown<'_> {
    type Target = Data;
    fn deref(&self) -> &Data {
        self.data
    }
}

/// One row: the field's path, its catalogue entry (if any) and its value.
pub struct Row<'a> {
    pub path: String,
    pub field: Option<&'static Field>,
    pub value: &'a Value,
}

impl<'a> Row<'a> {
    pub fn new(table: &'static [Field], path: String, value: &'a Value) -> Row<'a> {
        Row { field: catalogue::lookup(table, &path), path, value }
    }
}

/// A definition table of rows. `strip` is removed from the front of paths shown as labels' hints.
pub fn field_rows(rows: &[Row], data: &Shown, strip: &str) -> Html {
    html! {
        <dl class="fields">
            { for rows.iter().map(|r| field_row(r, data, strip)) }
        </dl>
    }
}

fn field_row(r: &Row, data: &Shown, strip: &str) -> Html {
    let shown_path = r.path.strip_prefix(strip).unwrap_or(&r.path).to_string();
    let (label, meaning) = match r.field {
        Some(f) => (f.label.to_string(), f.meaning),
        None => (shown_path.clone(), UNDOCUMENTED),
    };
    let title = format!("{shown_path}: {meaning}");
    html! {
        <div class="field" data-path={r.path.clone()}>
            <dt title={title.clone()}>
                <span class="label">{ label }</span>
                <span class="path">{ shown_path }</span>
            </dt>
            <dd>{ value_view(r.field.map(|f| f.kind), r.value, data) }</dd>
        </div>
    }
}

/// A value decoded by kind; anything that does not fit its kind is shown as written.
pub fn value_view(kind: Option<Kind>, v: &Value, data: &Shown) -> Html {
    if v.is_null() {
        return html! { <span class="null" title="null: no value">{ "null" }</span> };
    }
    match (kind, v) {
        (Some(Kind::Time), _) => match Timestamp::from_value(v) {
            Ok(ts) => time_text(&ts, data.mode, true),
            Err(why) => {
                html! { <span><span class="text">{ present::text(v) }</span><span class="raw warn-text">{ format!(" {why}") }</span></span> }
            }
        },
        // A number a double cannot hold (`1e400`) falls through to be shown as written.
        (Some(Kind::Duration), Value::Number(n))
            if trailview_core::number::of_json(n).is_some() =>
        {
            let secs = trailview_core::number::of_json(n).unwrap_or_default();
            // The seconds as written: a 30-digit integer is not rounded.
            html! { <span>{ human_duration(secs as i64) }<span class="raw">{ format!("{} s", present::text(v)) }</span></span> }
        }
        (Some(Kind::Verdict), Value::String(s)) => verdict_badge(s),
        (Some(Kind::IndexStatus), Value::String(_) | Value::Number(_)) => {
            let st = IndexStatus::from_value(v);
            let raw = present::text(v);
            html! {
                <span>
                    <span class={classes!("text", matches!(st, IndexStatus::Unknown(_)).then_some("warn-text"))}>{ st.describe() }</span>
                    if raw != st.name() { <span class="raw">{ format!("written {raw}") }</span> }
                </span>
            }
        }
        (Some(Kind::Origin), Value::String(s)) => match origin_meaning(s) {
            Some(m) => {
                html! { <span><span class="text">{ s.clone() }</span><span class="raw">{ format!("— {m}") }</span></span> }
            }
            None => {
                html! { <span><span class="text">{ s.clone() }</span><span class="raw warn-text">{ " undocumented value" }</span></span> }
            }
        },
        (Some(Kind::Link), Value::Object(o)) => match o.get("href").and_then(Value::as_str) {
            Some(h) => href_view(h, data),
            None => tree(v),
        },
        (Some(Kind::Link), Value::String(h)) => href_view(h, data),
        (Some(Kind::List), Value::Array(a))
            if a.iter().all(|x| !x.is_object() && !x.is_array()) =>
        {
            if a.is_empty() {
                html! { <span class="muted">{ "none (empty list)" }</span> }
            } else {
                html! { <ul class="chips">{ for a.iter().map(|x| html! { <li>{ present::text(x) }</li> }) }</ul> }
            }
        }
        (_, Value::String(s)) => html! { <span class="text">{ s.clone() }</span> },
        (_, Value::Number(_) | Value::Bool(_)) => {
            html! { <span class="text">{ present::text(v) }</span> }
        }
        (_, Value::Array(a)) if a.is_empty() => {
            html! { <span class="muted">{ "none (empty list)" }</span> }
        }
        (_, Value::Object(o)) if o.is_empty() => {
            html! { <span class="muted">{ "none (empty object)" }</span> }
        }
        _ => tree(v),
    }
}

fn tree(v: &Value) -> Html {
    html! { <JsonViewer source={TreeSource::Value(Rc::new(v.clone()))} compact=true /> }
}

/// A link from a document: an in-app link when its target is loaded, otherwise the path as text
/// with "not loaded". Document hrefs never become live links off the page.
pub fn href_view(href: &str, data: &Data) -> Html {
    match data.resolve_href(href) {
        Some((key, sub)) => {
            let route = match sub.as_deref() {
                None => Route::Session { key },
                Some(s) => Tab::for_sub_resource(s).route(&key),
            };
            html! { <span class="href"><Link to={route}>{ "open" }</Link><code>{ href.to_string() }</code></span> }
        }
        None => html! {
            <span class="href"><code>{ href.to_string() }</code><span class="raw" title="This API path points into SPS; load the document it names to follow it here">{ "not loaded" }</span></span>
        },
    }
}
