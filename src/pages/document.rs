//! One loaded document as raw JSON, whatever its kind, with what is known about it.

use crate::components::json_tree::{JsonViewer, TreeSource};
use crate::context::use_ctx;
use crate::read_back::{use_read_back, ReadBack};
use crate::route::{Link, Route};
use trailview_core::number::fixed;
use yew::prelude::*;

/// Bytes of one document read back from its file to be shown whole, at most.
const READ_BACK_AT_MOST: usize = 64 << 20;

#[derive(Properties, PartialEq)]
pub struct DocumentPageProps {
    pub doc: usize,
}

#[function_component(DocumentPage)]
pub fn document_page(props: &DocumentPageProps) -> Html {
    let ctx = use_ctx();
    let data = ctx.data.clone();
    let fetch = data.doc_fetch(props.doc);
    // A whole list of a million sessions is not read back to be shown as one tree.
    let too_large = fetch.as_ref().is_some_and(|f| f.range.len() > READ_BACK_AT_MOST);
    let read_back = use_read_back(&data, fetch.filter(|_| !too_large).into_iter().collect());
    let Some(doc) = data.docs().get(props.doc) else {
        return html! { <section class="page"><h1>{ "Document not loaded" }</h1><p>{ "Open the file that holds it first." }</p></section> };
    };
    let file = data.file_of(props.doc).map(|f| f.name.clone()).unwrap_or_default();
    html! {
        <section class="page">
            <nav class="crumbs"><Link to={Route::Files}>{ "Files" }</Link>{ format!(" › {file}, line {}", doc.line) }</nav>
            <h1>{ doc.kind.label().to_string() }</h1>
            if let Some(why) = &doc.found {
                <div class="notice warning" role="note"><div class="notice-text"><strong>{ "Not recognised: " }</strong>{ why.clone() }</div></div>
            }
            if let Some(k) = &doc.session {
                <p>{ "Belongs to session " }<Link to={Route::Session { key: k.clone() }}>{ k.clone() }</Link></p>
            }
            if !doc.issues.is_empty() {
                <ul class="errors">{ for doc.issues.iter().map(|i| html! { <li>{ i.to_string() }</li> }) }</ul>
            }
            { match read_back {
                _ if too_large => html! {
                    <p class="muted">{ format!("This document is {} MB, kept on disk in its file; its sessions open one by one from the list.", fixed(doc.range.len() as f64 / 1e6, 0)) }</p>
                },
                ReadBack::Reading => html! { <p class="muted" role="status">{ format!("Reading this document from {file}…") }</p> },
                ReadBack::Failed(why) => html! { <p class="notice error" role="alert">{ format!("This document could not be read back from its file: {why}") }</p> },
                ReadBack::Ready => html! { <div class="json-tree"><JsonViewer source={TreeSource::Doc(data.clone(), props.doc)} /></div> },
            } }
        </section>
    }
}
