//! The Alerts and Events tabs: tables of the flat records SPS lists, with members Trailview does not
//! decode shown in an "Other" column rather than dropped.

use super::{inline_note, not_loaded};
use crate::components::field_table::{value_view, Shown};
use crate::components::time_text::time_text;
use trailview_core::catalogue::{self, Field};
use trailview_core::dataset::SessionEntry;
use trailview_core::ingest::DocKind;
use trailview_core::model::items::{ALERT_KEYS, EVENT_KEYS};
use trailview_core::model::{AlertRow, EventRow};
use trailview_core::time::{TimeMode, Timestamp};
use trailview_core::Value;
use yew::prelude::*;

fn head(table: &'static [Field], cols: &[(&str, &str)]) -> Html {
    html! {
        <thead><tr>
            { for cols.iter().map(|(path, label)| {
                let meaning = catalogue::lookup(table, path).map(|f| f.meaning).unwrap_or("");
                html! { <th scope="col" title={meaning}>{ *label }</th> }
            }) }
        </tr></thead>
    }
}

fn time_cell(t: &Option<Timestamp>, raw: &Option<String>, mode: TimeMode) -> Html {
    match (t, raw) {
        (Some(ts), _) => time_text(ts, mode, false),
        (None, Some(r)) => {
            html! { <span class="warn-text" title="not a readable time">{ r.clone() }</span> }
        }
        (None, None) => html! {},
    }
}

fn cell(s: &Option<String>) -> Html {
    html! { <span class="text">{ s.clone().unwrap_or_default() }</span> }
}

fn others(item: &Value, known: &[&str], data: &Shown) -> Html {
    let Some(o) = item.as_object() else { return value_view(None, item, data) };
    html! {
        { for o.iter().filter(|(k, _)| !known.contains(&k.as_str())).map(|(k, v)| html! {
            <div><span class="label" title="Not decoded by Trailview; shown as found">{ format!("{k}: ") }</span>{ value_view(None, v, data) }</div>
        }) }
    }
}

pub fn events_tab(entry: &SessionEntry, data: &Shown) -> Html {
    let hits: Vec<Value> = data.items(&entry.attached.content);
    let content = (!hits.is_empty()).then(|| {
        html! {
            <section class="group">
                <h2>{ "Content-search hits" }</h2>
                { event_table(&hits, data) }
            </section>
        }
    });
    if entry.attached.events.is_empty() {
        return html! { <>{ not_loaded("events", entry, data, DocKind::Events { legacy: false }) }{ for content }</> };
    }
    let items: Vec<Value> = data.items(&entry.attached.events);
    html! {
        <>
            { inline_note(&entry.attached.events, data, "events") }
            if items.is_empty() { <p class="muted">{ "The events document lists no events." }</p> } else { { event_table(&items, data) } }
            { for content }
        </>
    }
}

fn event_table(items: &[Value], data: &Shown) -> Html {
    html! {
        <table class="grid events">
            { head(catalogue::EVENT, &[("time", "Time"), ("channels_id", "Channel"), ("type", "Type"), ("action", "Action"), ("content", "Content"), ("record_id", "Record"), ("", "Other")]) }
            <tbody>
                { for items.iter().enumerate().map(|(row, item)| {
                    let e = EventRow::from_item(item);
                    html! {
                        <tr id={format!("events-row-{row}")}>
                            <td>{ time_cell(&e.time, &e.time_raw, data.mode) }</td><td>{ cell(&e.channel) }</td><td>{ cell(&e.kind) }</td>
                            <td>{ cell(&e.action) }</td><td class="mono">{ cell(&e.content) }</td><td>{ cell(&e.record_id) }</td>
                            <td>{ others(item, &EVENT_KEYS, data) }</td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

pub fn alerts_tab(entry: &SessionEntry, data: &Shown) -> Html {
    if entry.attached.alerts.is_empty() {
        return not_loaded("alerts", entry, data, DocKind::Alerts);
    }
    let items: Vec<Value> = data.items(&entry.attached.alerts);
    if items.is_empty() {
        return html! { <p class="muted">{ "No alerts: no content-policy rule fired (or none was stored)." }</p> };
    }
    html! {
        <>
        { inline_note(&entry.attached.alerts, data, "alerts") }
        <table class="grid alerts">
            { head(catalogue::ALERT, &[("time", "Time"), ("rule_name", "Rule"), ("alert_type", "Type"), ("matched_action", "Matched action"),
                                        ("matched_content", "Matched content"), ("matched_regexp", "Pattern"), ("channel_id", "Channel"), ("record_id", "Record"), ("", "Other")]) }
            <tbody>
                { for items.iter().enumerate().map(|(row, item)| {
                    let a = AlertRow::from_item(item);
                    html! {
                        <tr id={format!("alerts-row-{row}")}>
                            <td>{ time_cell(&a.time, &a.time_raw, data.mode) }</td><td>{ cell(&a.rule_name) }</td><td>{ cell(&a.alert_type) }</td>
                            <td>{ cell(&a.matched_action) }</td><td class="mono">{ cell(&a.matched_content) }</td><td class="mono">{ cell(&a.matched_regexp) }</td>
                            <td>{ cell(&a.channel) }</td><td>{ cell(&a.record_id) }</td><td>{ others(item, &ALERT_KEYS, data) }</td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
        </>
    }
}
