//! Every file given to the viewer: where it came from, what it held, what went wrong, and a link
//! to each document's raw JSON, recognised or not.

use crate::context::use_ctx;
use crate::route::{Link, Route};
use trailview_core::dataset::Origin;
use trailview_core::ingest::{DocKind, Format};
use trailview_core::number::fixed;
use yew::prelude::*;

fn size(bytes: usize) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{} KB", fixed(b as f64 / 1024.0, 1)),
        b => format!("{} MB", fixed(b as f64 / 1024.0 / 1024.0, 1)),
    }
}

/// Documents listed per file: a million-session NDJSON file is a million documents, more rows than a
/// page can draw; each session's page links to its own document.
const LISTED: usize = 500;

#[function_component(FilesPage)]
pub fn files_page() -> Html {
    let ctx = use_ctx();
    let data = &ctx.data;
    html! {
        <section class="page">
            <h1>{ "Loaded files" }</h1>
            if data.files().is_empty() { <p class="muted">{ "No file is loaded." }</p> }
            { for data.files().iter().enumerate().map(|(fi, f)| {
                let origin = match &f.origin {
                    Origin::Demo => "built-in demo data".to_string(),
                    Origin::Local => "opened from this computer".to_string(),
                    Origin::Pasted => "pasted".to_string(),
                    Origin::Url(u) => format!("fetched from {u}"),
                };
                let format = match f.format { Some(Format::Json) => "JSON", Some(Format::Ndjson) => "NDJSON", None => "unreadable" };
                html! {
                    <article class="file" key={fi}>
                        <h2>{ f.name.clone() }</h2>
                        <p class="muted">{ format!("{origin} · {} · {format} · {}", size(f.bytes), trailview_core::present::count(f.docs.len(), "document", "documents")) }</p>
                        if f.text.released() {
                            <p class="muted">{ "Read in parts, as it is large: its documents stay in the file on disk, and are read again from it when opened, exported or queried by path (keep the file where it is while it is open here)." }</p>
                        }
                        if !f.errors.is_empty() {
                            <ul class="errors">{ for f.errors.iter().map(|e| html! { <li class="error">{ e.to_string() }</li> }) }</ul>
                        }
                        if !f.docs.is_empty() {
                            <table class="grid">
                                <thead><tr><th scope="col">{ "Line" }</th><th scope="col">{ "Document" }</th><th scope="col">{ "Session" }</th><th scope="col">{ "Notes" }</th><th scope="col">{ "Raw" }</th></tr></thead>
                                <tbody>
                                    { for f.docs.iter().take(LISTED).map(|&d| {
                                        let doc = &data.docs()[d];
                                        let note = match &doc.found { Some(why) => why.clone(), None => doc.issues.iter().map(|i| i.message.clone()).collect::<Vec<_>>().join("; ") };
                                        html! {
                                            <tr>
                                                <td>{ doc.line }</td>
                                                <td>{ doc.kind.label().to_string() }</td>
                                                <td>{ match &doc.session { Some(k) => html! { <Link to={Route::Session { key: k.clone() }}>{ k.clone() }</Link> }, None => html! {} } }</td>
                                                <td class={if doc.kind == DocKind::Unknown { "warn-text" } else { "" }}>{ note }</td>
                                                <td><Link to={Route::Document { doc: d }}>{ "view" }</Link></td>
                                            </tr>
                                        }
                                    }) }
                                </tbody>
                            </table>
                            if f.docs.len() > LISTED {
                                <p class="muted">{ format!("The first {LISTED} are listed; {} more are not (a session's Raw tab shows its documents).", f.docs.len() - LISTED) }</p>
                            }
                        }
                    </article>
                }
            }) }
        </section>
    }
}
