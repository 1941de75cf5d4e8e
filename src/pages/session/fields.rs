//! The Connection and Recording tabs: every field of the session document, grouped as the
//! catalogue's sections say, with fields no section claims under "Other fields".

use super::not_loaded;
use crate::components::field_table::{field_rows, Row, Shown};
use crate::route::Tab;
use trailview_core::catalogue::{self, section_of, Tab as CTab, SECTIONS};
use trailview_core::dataset::SessionEntry;
use trailview_core::ingest::DocKind;
use trailview_core::path::leaves;
use yew::prelude::*;

pub fn fields_tab(entry: &SessionEntry, data: &Shown, tab: Tab) -> Html {
    let Some(doc) = data.session_doc(entry) else {
        return html! { <div class="empty-tab"><p>{ "The session document is not loaded, so its fields cannot be shown." }</p></div> };
    };
    let doc = &doc;
    let want = if tab == Tab::Connection { CTab::Connection } else { CTab::Recording };
    let all = leaves(doc);
    let sections = SECTIONS.iter().filter(|s| s.tab == want).filter_map(|sec| {
        let rows: Vec<Row> = all
            .iter()
            .filter(|l| section_of(&l.path).is_some_and(|s| std::ptr::eq(s, sec)))
            .map(|l| Row::new(catalogue::SESSION, l.path.clone(), l.value))
            .collect();
        (!rows.is_empty()).then(|| {
            html! {
                <section class="group">
                    <h2>{ sec.title }</h2>
                    { field_rows(&rows, data, "body.") }
                </section>
            }
        })
    });
    let other: Vec<Row> = if want == CTab::Connection {
        all.iter()
            .filter(|l| section_of(&l.path).is_none())
            .map(|l| Row::new(catalogue::SESSION, l.path.clone(), l.value))
            .collect()
    } else {
        vec![]
    };
    html! {
        <>
            { for sections }
            if !other.is_empty() {
                <section class="group other">
                    <h2>{ "Other fields (not in the SPS documentation)" }</h2>
                    { field_rows(&other, data, "body.") }
                </section>
            }
            if tab == Tab::Recording { { recording_extras(entry, data) } }
        </>
    }
}

/// Trail downloads and indexer jobs belong with the recording.
fn recording_extras(entry: &SessionEntry, data: &Shown) -> Html {
    let downloads: Vec<_> = data.items(&entry.attached.trail_downloads);
    let jobs: Vec<_> = data.items(&entry.attached.indexer);
    html! {
        <>
            <section class="group">
                <h2>{ "Audit-trail downloads" }</h2>
                if entry.attached.trail_downloads.is_empty() {
                    { not_loaded("trail downloads", entry, data, DocKind::TrailDownloads) }
                } else if downloads.is_empty() {
                    <p class="muted">{ "Nobody downloaded the audit trail." }</p>
                } else {
                    { for downloads.iter().enumerate().map(|(i, d)| {
                        let rows: Vec<Row> = leaves(d).into_iter().map(|l| Row::new(catalogue::TRAIL_DOWNLOAD, l.path, l.value)).collect();
                        html! { <div class="item"><h3>{ format!("Download {}", i + 1) }</h3>{ field_rows(&rows, data, "") }</div> }
                    }) }
                }
            </section>
            <section class="group">
                <h2>{ "Indexer jobs" }</h2>
                if entry.attached.indexer.is_empty() {
                    { not_loaded("indexer", entry, data, DocKind::Indexer) }
                } else {
                    { for jobs.iter().enumerate().map(|(i, d)| {
                        let rows: Vec<Row> = leaves(d).into_iter().map(|l| Row::new(catalogue::INDEXER, l.path, l.value)).collect();
                        html! { <div class="item"><h3>{ format!("Job {}", i + 1) }</h3>{ field_rows(&rows, data, "") }</div> }
                    }) }
                }
            </section>
        </>
    }
}
