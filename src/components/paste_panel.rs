//! A text box to paste JSON into, loaded with a button labelled "Load".

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PastePanelProps {
    pub onload: Callback<String>,
}

#[function_component(PastePanel)]
pub fn paste_panel(props: &PastePanelProps) -> Html {
    let area = use_node_ref();
    let onclick = {
        let area = area.clone();
        let onload = props.onload.clone();
        Callback::from(move |_| {
            if let Some(el) = area.cast::<HtmlTextAreaElement>() {
                onload.emit(el.value());
            }
        })
    };
    html! {
        <section class="paste" aria-label="Paste JSON">
            <label for="paste-box">{ "Paste a session document, a list, channels, events, alerts … (JSON or NDJSON)" }</label>
            <textarea id="paste-box" ref={area} rows="8" spellcheck="false" placeholder="{ \"key\": …, \"body\": { … }, \"meta\": { … } }" />
            <div><button type="button" class="primary" {onclick}>{ "Load" }</button></div>
        </section>
    }
}
