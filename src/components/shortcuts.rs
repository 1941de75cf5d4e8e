//! Keyboard shortcuts for the whole app: `/` search, `?` this list, Esc back (or close), plus the
//! list's own j/k/arrows/Enter. Keys typed into a field are left alone.

use crate::route::{push, use_route, Route};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

#[function_component(Shortcuts)]
pub fn shortcuts() -> Html {
    let open = use_state(|| false);
    let route = use_route();
    {
        let open = open.clone();
        use_effect_with((route.clone(), *open), move |(route, is_open)| {
            let (route, is_open) = (route.clone(), *is_open);
            // Not passive: the keys it handles must not also scroll the page or type into the box.
            let opts = gloo::events::EventListenerOptions::enable_prevent_default();
            let listener = gloo::events::EventListener::new_with_options(
                &gloo::utils::document(),
                "keydown",
                opts,
                move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else { return };
                    if e.ctrl_key() || e.meta_key() || e.alt_key() {
                        return;
                    }
                    let key = e.key();
                    if key == "Escape" {
                        if is_open {
                            open.set(false);
                        } else if !typing(e)
                            && matches!(
                                route,
                                Route::Session { .. }
                                    | Route::SessionTab { .. }
                                    | Route::Document { .. }
                            )
                        {
                            push(&if matches!(route, Route::Document { .. }) {
                                Route::Files
                            } else {
                                Route::Sessions
                            });
                        }
                        return;
                    }
                    if typing(e) {
                        return;
                    }
                    match key.as_str() {
                        "/" => {
                            e.prevent_default();
                            if matches!(route, Route::Sessions | Route::Home) {
                                focus_search();
                            } else {
                                push(&Route::Sessions);
                                // The box exists once the list has rendered.
                                gloo::timers::callback::Timeout::new(0, focus_search).forget();
                            }
                        }
                        "?" => open.set(!is_open),
                        _ => {}
                    }
                },
            );
            move || drop(listener)
        });
    }
    if !*open {
        return html! {};
    }
    let close = {
        let open = open.clone();
        Callback::from(move |_| open.set(false))
    };
    html! {
        <div class="shortcuts" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title">
            <div>
                <h2 id="shortcuts-title">{ "Keyboard shortcuts" }</h2>
                <dl>
                    <dt><kbd>{ "/" }</kbd></dt><dd>{ "search" }</dd>
                    <dt><kbd>{ "j" }</kbd>{ " " }<kbd>{ "↓" }</kbd></dt><dd>{ "next session in the list" }</dd>
                    <dt><kbd>{ "k" }</kbd>{ " " }<kbd>{ "↑" }</kbd></dt><dd>{ "previous session" }</dd>
                    <dt><kbd>{ "Enter" }</kbd></dt><dd>{ "open it" }</dd>
                    <dt><kbd>{ "Esc" }</kbd></dt><dd>{ "back to the list; close this" }</dd>
                    <dt><kbd>{ "?" }</kbd></dt><dd>{ "this list" }</dd>
                </dl>
                <button type="button" onclick={close} autofocus=true>{ "Close" }</button>
            </div>
        </div>
    }
}

fn focus_search() {
    if let Some(el) = gloo::utils::document()
        .get_element_by_id("search")
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// True when a key press is typing into a field, which shortcuts must leave alone.
pub fn typing(e: &KeyboardEvent) -> bool {
    e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
        matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            || el.has_attribute("contenteditable")
    })
}
