//! The Channels tab: one row per channel with its type-specific facts, and every field on demand.

use super::{inline_note, not_loaded};
use crate::components::badges::verdict_badge;
use crate::components::field_table::{field_rows, Row, Shown};
use crate::components::time_text::time_text;
use trailview_core::catalogue::{self, CHANNEL};
use trailview_core::dataset::SessionEntry;
use trailview_core::ingest::DocKind;
use trailview_core::model::ChannelRow;
use trailview_core::path::{get_present, leaves};
use trailview_core::present::{fmt_number, number, text};
use trailview_core::time::human_duration;
use yew::prelude::*;

/// Type-specific members shown in the Details column, in this order.
const DETAIL_FIELDS: [&str; 9] = [
    "command",
    "scp_path",
    "subsystem_name",
    "dynamic_channel",
    "device_name",
    "application",
    "client_x509_subject",
    "four_eyes_authorizer",
    "four_eyes_description",
];

pub fn channels_tab(entry: &SessionEntry, data: &Shown) -> Html {
    if entry.attached.channels.is_empty() {
        return not_loaded("channels", entry, data, DocKind::Channels);
    }
    let items: Vec<_> = data.items(&entry.attached.channels);
    if items.is_empty() {
        return html! { <p class="muted">{ "The channels document lists no channels." }</p> };
    }
    html! {
        <>
        { inline_note(&entry.attached.channels, data, "channels") }
        <table class="grid channels">
            <thead><tr>
                <th scope="col">{ "#" }</th><th scope="col">{ "Type" }</th><th scope="col">{ "Verdict" }</th>
                <th scope="col">{ "Start" }</th><th scope="col">{ "End" }</th><th scope="col">{ "Duration" }</th><th scope="col">{ "Details" }</th>
            </tr></thead>
            <tbody>
                { for items.iter().enumerate().map(|(row, item)| {
                    let ch = ChannelRow::from_item(item);
                    let details = DETAIL_FIELDS.iter().filter_map(|k| get_present(ch.body, k).map(|v| (*k, text(v))));
                    let forward = match (ch.originator(), ch.connected()) {
                        (None, None) => None,
                        (o, c) => Some(format!("{} → {}", o.unwrap_or_else(|| "?".into()), c.unwrap_or_else(|| "?".into()))),
                    };
                    let rows: Vec<Row> = leaves(ch.body).into_iter().map(|l| Row::new(CHANNEL, l.path, l.value)).collect();
                    html! {
                        <tr id={format!("channels-row-{row}")}>
                            <td>{ ch.key.clone().unwrap_or_default() }</td>
                            <td><span class="text">{ ch.kind.clone() }</span></td>
                            <td>{ match get_present(ch.body, "verdict") { Some(v) => verdict_badge(&text(v)), None => html! {} } }</td>
                            <td>{ for ch.start.as_ref().map(|ts| time_text(ts, data.mode, false)) }</td>
                            <td>{ for ch.end.as_ref().map(|ts| time_text(ts, data.mode, false)) }</td>
                            <td>{ number(get_present(ch.body, "duration")).map(|d| format!("{} ({} s)", human_duration(d as i64), fmt_number(d))).unwrap_or_default() }</td>
                            <td>
                                <ul class="details">
                                    if let Some(f) = forward {
                                        <li><span class="label" title="SSH forwards: the source and target of the forwarded traffic">{ "forward: " }</span><span class="text">{ f }</span></li>
                                    }
                                    { for details.map(|(k, v)| {
                                        let f = catalogue::lookup(CHANNEL, k);
                                        html! { <li><span class="label" title={f.map(|f| f.meaning).unwrap_or("")}>{ format!("{}: ", f.map_or(k, |f| f.label)) }</span><span class="text">{ v }</span></li> }
                                    }) }
                                </ul>
                                <details class="all-fields"><summary>{ "All fields" }</summary>{ field_rows(&rows, data, "") }</details>
                            </td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
        </>
    }
}
