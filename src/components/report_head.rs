//! The heading of a printed report (hidden on screen): what was printed, from which files with their
//! SHA-256, with which query, and in which time zone, so the paper can be checked against the evidence.

use crate::context::Ctx;
use trailview_core::dataset::Origin;
use trailview_core::time::{local_zone, TimeMode};
use yew::prelude::*;

/// `title` names what was printed; `query`, when the report is of a list, the query that made it.
/// (A function of the page's context, not a component: it holds no state of its own.)
pub fn report_head(ctx: &Ctx, title: &str, query: Option<&str>) -> Html {
    let zone = match ctx.mode {
        TimeMode::Original => "each time in the offset it was written with".to_string(),
        TimeMode::Utc => "UTC".to_string(),
        TimeMode::Local => format!("this computer's zone ({})", local_zone()),
    };
    let now = chrono_now();
    html! {
        <div class="print-only report-head">
            <h1>{ format!("Trailview report — {title}") }</h1>
            <p>{ format!("Printed {now}. Times: {zone}.") }</p>
            if let Some(q) = query {
                <p>{ "Query: " }<code>{ if q.is_empty() { "(none: every session)".to_string() } else { q.to_string() } }</code></p>
            }
            <table class="report-files">
                <thead><tr><th>{ "File" }</th><th>{ "Bytes" }</th><th>{ "SHA-256" }</th></tr></thead>
                <tbody>
                    { for ctx.data.files().iter().map(|f| html! {
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
