//! The Raw tab: the session's document exactly as loaded, and every document attached to it.

use crate::components::json_tree::{JsonViewer, TreeSource};
use crate::data::Data;
use crate::route::{Link, Route};
use trailview_core::dataset::SessionEntry;
use yew::prelude::*;

pub fn raw_tab(entry: &SessionEntry, data: &Data) -> Html {
    let origin = |doc: usize| {
        let d = &data.docs()[doc];
        format!("{} — {}, line {}", d.kind.label(), data.file_name(doc), d.line)
    };
    let attached: Vec<usize> = entry.attached.all().collect();
    html! {
        <>
            if let Some(src) = &entry.source {
                <section class="group">
                    <h2>{ format!("Session document ({})", origin(src.doc)) }</h2>
                    <div class="json-tree"><JsonViewer source={TreeSource::At(data.clone(), src.clone())} /></div>
                </section>
            }
            { for attached.iter().map(|&d| html! {
                <section class="group">
                    <details>
                        <summary>{ origin(d) }</summary>
                        <div class="json-tree"><JsonViewer source={TreeSource::Doc(data.clone(), d)} /></div>
                    </details>
                </section>
            }) }
            { for entry.copies.iter().map(|c| html! {
                <section class="group">
                    <details>
                        <summary>{ format!("Other copy: {}", origin(c.doc)) }</summary>
                        <div class="json-tree"><JsonViewer source={TreeSource::At(data.clone(), c.clone())} /></div>
                    </details>
                </section>
            }) }
            { for entry.stubs.iter().map(|(d, href)| html! {
                <p class="muted">{ format!("Listed as {href} in ") }<Link to={Route::Document { doc: *d }}>{ origin(*d) }</Link></p>
            }) }
        </>
    }
}
