//! The heading of a printed report (hidden on screen): what was printed, from which files with their
//! SHA-256, with which query, and in which time zone, so the paper can be checked against the evidence.

use crate::state::use_ctx;
use trailview_core::dataset::Origin;
use trailview_core::time::{local_zone, TimeMode};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReportHeadProps {
    pub title: AttrValue,
    #[prop_or_default]
    pub query: Option<AttrValue>,
}

#[function_component(ReportHead)]
pub fn report_head(props: &ReportHeadProps) -> Html {
    let ctx = use_ctx();
    let zone = match ctx.mode {
        TimeMode::Original => "each time in the offset it was written with".to_string(),
        TimeMode::Utc => "UTC".to_string(),
        TimeMode::Local => format!("this computer's zone ({})", local_zone()),
    };
    let now = chrono_now();
    html! {
        <div class="print-only report-head">
            <h1>{ format!("Trailview report — {}", props.title) }</h1>
            <p>{ format!("Printed {now}. Times: {zone}.") }</p>
            if let Some(q) = &props.query {
                <p>{ "Query: " }<code>{ if q.is_empty() { "(none: every session)".to_string() } else { q.to_string() } }</code></p>
            }
            <table class="report-files">
                <thead><tr><th>{ "File" }</th><th>{ "Bytes" }</th><th>{ "SHA-256" }</th></tr></thead>
                <tbody>
                    { for ctx.data.files.iter().map(|f| html! {
                        <tr>
                            <td>{ f.name.clone() }</td>
                            <td>{ f.bytes }</td>
                            <td><code>{ match (&f.origin, &f.sha256) {
                                (Origin::Demo, _) => "built-in demo data".to_string(),
                                (_, Some(h)) => h.clone(),
                                (_, None) => "not computed yet".to_string(),
                            } }</code></td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

fn chrono_now() -> String {
    let d = js_sys::Date::new_0();
    d.to_iso_string().as_string().unwrap_or_default()
}
