//! One loaded document as raw JSON, whatever its kind, with what is known about it.

use crate::components::json_tree::{JsonViewer, TreeSource};
use crate::route::{Link, Route};
use crate::state::use_ctx;
use trailview_core::ingest::DocKind;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DocumentPageProps {
    pub doc: usize,
}

#[function_component(DocumentPage)]
pub fn document_page(props: &DocumentPageProps) -> Html {
    let ctx = use_ctx();
    let data = ctx.data.clone();
    let Some(doc) = data.docs.get(props.doc) else {
        return html! { <section class="page"><h1>{ "Document not loaded" }</h1><p>{ "Open the file that holds it first." }</p></section> };
    };
    let file = data.file_of(props.doc).map(|f| f.name.clone()).unwrap_or_default();
    html! {
        <section class="page">
            <nav class="crumbs"><Link to={Route::Files}>{ "Files" }</Link>{ format!(" › {file}, line {}", doc.line) }</nav>
            <h1>{ doc.kind.label().to_string() }</h1>
            if let DocKind::Unknown(why) = &doc.kind {
                <div class="notice warning" role="note"><div class="notice-text"><strong>{ "Not recognised: " }</strong>{ why.clone() }</div></div>
            }
            if let Some(k) = &doc.session {
                <p>{ "Belongs to session " }<Link to={Route::Session { key: k.clone() }}>{ k.clone() }</Link></p>
            }
            if !doc.issues.is_empty() {
                <ul class="errors">{ for doc.issues.iter().map(|i| html! { <li>{ i.to_string() }</li> }) }</ul>
            }
            <div class="json-tree"><JsonViewer source={TreeSource::Doc(data.clone(), props.doc)} /></div>
        </section>
    }
}
