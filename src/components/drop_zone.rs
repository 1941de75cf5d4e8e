//! Drop files anywhere on the page: a hint covers the page while files are dragged over it.

use crate::context::use_ctx;
use crate::loader;
use crate::loading::load_files;
use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::DragEvent;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DropZoneProps {
    pub children: Html,
}

fn has_files(e: &DragEvent) -> bool {
    e.data_transfer()
        .is_some_and(|dt| dt.types().iter().any(|t| t.as_string().as_deref() == Some("Files")))
}

#[function_component(DropZone)]
pub fn drop_zone(props: &DropZoneProps) -> Html {
    let ctx = use_ctx();
    let dragging = use_state(|| false);
    {
        let dragging = dragging.clone();
        let loads = ctx.loads.clone();
        use_effect_with((), move |_| {
            let win = gloo::utils::window();
            let opts = EventListenerOptions::enable_prevent_default();
            // dragenter/dragleave fire for every child element; a depth counter tells page entry from exit.
            let depth = std::rc::Rc::new(std::cell::Cell::new(0i32));
            let (d1, d2, d3) = (dragging.clone(), dragging.clone(), dragging);
            let (c1, c2, c3) = (depth.clone(), depth.clone(), depth);
            let enter = EventListener::new_with_options(&win, "dragenter", opts, move |e| {
                if let Some(e) = e.dyn_ref::<DragEvent>().filter(|e| has_files(e)) {
                    e.prevent_default();
                    c1.set(c1.get() + 1);
                    d1.set(true);
                }
            });
            let over = EventListener::new_with_options(&win, "dragover", opts, move |e| {
                if let Some(e) = e.dyn_ref::<DragEvent>().filter(|e| has_files(e)) {
                    e.prevent_default();
                    if let Some(dt) = e.data_transfer() {
                        dt.set_drop_effect("copy");
                    }
                }
            });
            let leave = EventListener::new(&win, "dragleave", move |_| {
                c2.set((c2.get() - 1).max(0));
                if c2.get() == 0 {
                    d2.set(false);
                }
            });
            let drop = EventListener::new_with_options(&win, "drop", opts, move |e| {
                let Some(e) = e.dyn_ref::<DragEvent>() else { return };
                e.prevent_default();
                c3.set(0);
                d3.set(false);
                let files = loader::files(e.data_transfer().and_then(|dt| dt.files()));
                load_files(&loads, files);
            });
            move || drop_all([enter, over, leave, drop])
        });
    }
    html! {
        <>
            { props.children.clone() }
            if *dragging {
                <div class="drop-hint" role="status" aria-live="polite">
                    <div class="drop-hint-box">
                        <strong>{ "Drop JSON or NDJSON files to open them" }</strong>
                        <span>{ "They are read here, in your browser; nothing is uploaded." }</span>
                    </div>
                </div>
            }
        </>
    }
}

fn drop_all<const N: usize>(listeners: [EventListener; N]) {
    drop(listeners);
}
