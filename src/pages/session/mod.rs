//! One session: a summary header, its warnings, and tabs for connection, recording, channels,
//! analytics, alerts, events and the raw JSON. Each tab has its own URL.

mod analytics;
mod channels;
mod fields;
mod items;
mod raw;
mod timeline;

use crate::components::badges::{score_badge, severity_class, verdict_badge};
use crate::components::field_table::Shown;
use crate::components::report_head::report_head;
use crate::components::review_panel::review_panel;
use crate::components::time_text::time_text;
use crate::context::use_ctx;
use crate::data::Data;
use crate::read_back::{use_read_back, ReadBack};
use crate::route::{Link, Route, Tab};
use trailview_core::anomaly::Severity;
use trailview_core::dataset::SessionEntry;
use trailview_core::ingest::DocKind;
use trailview_core::time::human_duration;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SessionPageProps {
    pub skey: AttrValue,
    pub tab: Tab,
}

#[function_component(SessionPage)]
pub fn session_page(props: &SessionPageProps) -> Html {
    let ctx = use_ctx();
    let data = ctx.data.clone();
    // A file too large to hold keeps its documents on disk: they are read back before a tab shows them.
    let fetches = data.session(&props.skey).map(|e| data.session_fetches(e)).unwrap_or_default();
    let read_back = use_read_back(&data, fetches);
    let Some(entry) = data.session(&props.skey) else {
        if ctx.pending > 0 {
            return html! { <section class="page"><p role="status">{ format!("Loading… the session \"{}\" will show once its file is read.", props.skey) }</p></section> };
        }
        return html! {
            <section class="page">
                <nav class="crumbs"><Link to={Route::Sessions}>{ "Sessions" }</Link>{ " › " }{ props.skey.to_string() }</nav>
                <h1>{ "Session not loaded" }</h1>
                <p>{ format!("No session with the key \"{}\" is loaded. Open the file that holds it; the link will work then.", props.skey) }</p>
            </section>
        };
    };
    let shown = Shown { data: &data, mode: ctx.mode };
    let sum = &entry.summary;
    let counts = |docs: &[usize]| {
        (!docs.is_empty())
            .then(|| docs.iter().filter_map(|&d| data.docs().get(d)).map(|d| d.item_count).sum())
    };
    let tab_count = |t: Tab| -> Option<usize> {
        match t {
            Tab::Channels => entry.channel_count,
            Tab::Alerts => counts(&entry.attached.alerts),
            Tab::Events => {
                counts(&entry.attached.events).or_else(|| counts(&entry.attached.content))
            }
            _ => None,
        }
    };
    html! {
        <section class="page session-page">
            <nav class="crumbs" aria-label="Breadcrumb"><Link to={Route::Sessions}>{ "Sessions" }</Link>{ " › " }<span>{ entry.key.clone() }</span></nav>
            <header class="session-head">
                <h1>
                    <span class="proto">{ if sum.protocol.is_empty() { "Session".to_string() } else { sum.protocol.to_string() } }</span>
                    { format!(" {}", if sum.user.is_empty() { "(no user)" } else { &sum.user }) }
                    if !sum.client.is_empty() || !sum.server.is_empty() {
                        <span class="route">{ format!(" {} → {}", sum.client, sum.server) }</span>
                    }
                </h1>
                <div class="facts">
                    if !sum.verdict_raw.is_empty() { { verdict_badge(&sum.verdict_raw) } }
                    if let Some(ts) = &sum.start { <span>{ "started " }{ time_text(ts, ctx.mode, false) }</span> }
                    if let Some(d) = sum.effective_duration() { <span>{ format!("lasted {}", human_duration(d as i64)) }</span> }
                    <span>{ "risk " }{ score_badge(sum.score) }</span>
                    <span class="key">{ "key " }<code>{ entry.key.clone() }</code></span>
                    if let Some(src) = &entry.source {
                        <span class="source" title="The file this session's document was read from">
                            { format!("from {}, line {}", data.file_name(src.doc), data.docs()[src.doc].line) }
                        </span>
                    }
                </div>
            </header>
            { report_head(&ctx, &format!("session {}", entry.key), None) }
            { review_panel(&ctx, &entry.key) }
            { stub_note(entry, &data) }
            { issues_panel(entry) }
            <nav class="tabs" aria-label="Session views">
                { for Tab::ALL.into_iter().map(|t| {
                    let current = t == props.tab;
                    let label = match tab_count(t) { Some(n) => format!("{} ({n})", t.label()), None => t.label().to_string() };
                    html! {
                        <Link to={t.route(&entry.key)} classes={classes!("tab", current.then_some("current"))}>
                            <span aria-current={current.then_some("page")}>{ label }</span>
                        </Link>
                    }
                }) }
            </nav>
            <div class="tab-body" role="region" aria-label={props.tab.label()} data-tab={props.tab.slug()}>
                { match (&read_back, props.tab) {
                    (ReadBack::Reading, _) => html! {
                        <p class="muted" role="status">{ format!("Reading this session's documents from {}…", data.file_of_session(entry).map_or("its file", |f| f.name.as_str())) }</p>
                    },
                    (ReadBack::Failed(why), _) => html! {
                        <p class="notice error" role="alert">{ format!("This session's documents could not be read back from their file: {why}") }</p>
                    },
                    (ReadBack::Ready, tab) => match tab {
                    Tab::Connection | Tab::Recording => fields::fields_tab(entry, &shown, props.tab),
                    Tab::Channels => channels::channels_tab(entry, &shown),
                    Tab::Analytics => analytics::analytics_tab(entry, &shown),
                    Tab::Alerts => items::alerts_tab(entry, &shown),
                    Tab::Events => items::events_tab(entry, &shown),
                    Tab::Timeline => html! { <timeline::TimelineTab skey={entry.key.clone()} /> },
                    Tab::Raw => raw::raw_tab(entry, &data),
                    },
                } }
            </div>
        </section>
    }
}

fn stub_note(entry: &SessionEntry, data: &Data) -> Html {
    if entry.source.is_some() {
        return html! {};
    }
    let from: Vec<String> = entry
        .stubs
        .iter()
        .map(|(doc, href)| format!("{href} (listed in {})", data.file_name(*doc)))
        .collect();
    html! {
        <div class="notice warning" role="note">
            <div class="notice-text">
                <strong>{ "Only links to this session are loaded, not its document." }</strong>
                if from.is_empty() {
                    <p>{ "Documents that belong to it (channels, events, alerts …) are loaded; the session itself is not." }</p>
                } else {
                    <p>{ "Export the session document from SPS and open it here to see its fields: " }{ for from.iter().map(|f| html! { <code>{ f.clone() }</code> }) }</p>
                }
            </div>
        </div>
    }
}

fn issues_panel(entry: &SessionEntry) -> Html {
    if entry.issues.is_empty() {
        return html! {};
    }
    let warn = entry.issues.iter().filter(|i| i.severity != Severity::Info).count();
    html! {
        <details class="issues" open={warn > 0}>
            <summary>{ format!("{} about this session{}", trailview_core::present::count(warn, "warning", "warnings"), if entry.issues.len() > warn { format!(", {}", trailview_core::present::count(entry.issues.len() - warn, "note", "notes")) } else { String::new() }) }</summary>
            <ul>
                { for entry.issues.iter().map(|i| html! {
                    <li class={severity_class(i.severity)}>{ i.to_string() }</li>
                }) }
            </ul>
        </details>
    }
}

/// Shown in a tab whose document is not loaded: the link it would come from.
/// A quiet line under a tab whose items came inside the session's document (`body.<member>` as an
/// array) rather than as a linked document of their own.
fn inline_note(docs: &[usize], data: &Data, member: &str) -> Html {
    if !docs.iter().any(|&d| data.docs().get(d).is_some_and(|d| d.inline)) {
        return html! {};
    }
    html! {
        <p class="muted inline-note">
            { "These came inline, in the session document's " }<code>{ format!("body.{member}") }</code>
            { " array, where the API usually writes a link to a separate document." }
        </p>
    }
}

/// What a tab says when the document of `kind` it shows is not loaded, with the session's link
/// to it (under any of the names the kind is linked by).
fn not_loaded(what: &str, entry: &SessionEntry, data: &Data, kind: DocKind) -> Html {
    let href = data.session_doc(entry).and_then(|d| {
        kind.info().names.iter().find_map(|l| {
            trailview_core::path::get_str(&d, &format!("body.{l}.href")).map(str::to_string)
        })
    });
    html! {
        <div class="empty-tab">
            <p>{ format!("No {what} document is loaded for this session.") }</p>
            if let Some(h) = href {
                <p>{ "The session links to it at " }<code>{ h }</code>{ ": export that from SPS and open it here (any order works)." }</p>
            }
        </div>
    }
}
