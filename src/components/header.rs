//! The top bar: open files, paste, time zone, clear, and navigation between the list and files.

use crate::components::paste_panel::PastePanel;
use crate::context::{use_ctx, Ctx};
use crate::incoming::Incoming;
use crate::loader;
use crate::loading::{load_files, DEMO_NAME};
use crate::route::{Link, Route};
use crate::state::Action;
use trailview_core::number::fixed;
use trailview_core::time::TimeMode;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub demo: bool,
    /// A long load under way. A prop, not part of the context, so that its ticks re-render the
    /// header alone and not every view.
    pub progress: Option<crate::incoming::Progress>,
}

#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let ctx = use_ctx();
    let input = use_node_ref();
    let paste_open = use_state(|| false);
    let onopen = {
        let input = input.clone();
        Callback::from(move |_| {
            if let Some(el) = input.cast::<HtmlInputElement>() {
                el.click();
            }
        })
    };
    let onchange = {
        let loads = ctx.loads.clone();
        Callback::from(move |e: Event| {
            let el: HtmlInputElement = e.target_unchecked_into();
            load_files(&loads, loader::files(el.files()));
            // Choosing the same file again must fire change again.
            el.set_value("");
        })
    };
    let ontogglepaste = {
        let paste_open = paste_open.clone();
        Callback::from(move |_| paste_open.set(!*paste_open))
    };
    let onpasted = {
        let loads = ctx.loads.clone();
        let paste_open = paste_open.clone();
        Callback::from(move |text: String| {
            // Nothing pasted is a slip, not a file: say so and keep the box open.
            let empty = text.trim().is_empty();
            let bytes = if empty {
                Err("the paste box is empty: paste JSON into it, then press Load".to_string())
            } else {
                Ok(text.into_bytes())
            };
            paste_open.set(empty);
            let loads = loads.clone();
            loads.started(1);
            wasm_bindgen_futures::spawn_local(async move {
                loads.load(vec![Incoming::bytes(
                    "pasted text",
                    trailview_core::dataset::Origin::Pasted,
                    bytes,
                )]);
            });
        })
    };
    let onclear = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::Clear))
    };
    let files = ctx.data.files().len();
    html! {
        <header class="topbar">
            <div class="bar">
                <Link to={Route::Sessions} classes="brand">
                    <span class="logo" aria-hidden="true">{ "▤" }</span>{ "Trailview" }
                </Link>
                <nav class="nav" aria-label="Views">
                    <Link to={Route::Sessions}>{ format!("Sessions ({})", ctx.data.sessions().len()) }</Link>
                    <Link to={Route::Insights}>{ "Insights" }</Link>
                    <Link to={Route::Files}>{ format!("Files ({files})") }</Link>
                </nav>
                <div class="actions">
                    <button type="button" class="primary" onclick={onopen}>{ "Open files" }</button>
                    <input ref={input} id="open-files" type="file" multiple=true accept=".json,.ndjson,.jsonl,application/json,text/plain"
                        class="visually-hidden" aria-label="Open files" tabindex="-1" {onchange} />
                    <button type="button" aria-expanded={(*paste_open).to_string()} onclick={ontogglepaste}>{ "Paste JSON" }</button>
                    { time_toggle(&ctx) }
                    { theme_button(&ctx) }
                    if files > 0 {
                        <button type="button" class="quiet" onclick={onclear.clone()} title="Remove every loaded file from the viewer">{ "Clear all" }</button>
                    }
                    if ctx.pending > 0 {
                        <span class="busy" role="status">{ format!("Loading {}…", ctx.pending) }</span>
                    }
                </div>
            </div>
            if let Some(p) = &props.progress {
                { load_progress(p, { let l = ctx.loads.clone(); Callback::from(move |_| l.cancel()) }) }
            }
            if props.demo {
                <div class="demo-banner" role="note">
                    <strong>{ "Demo data" }</strong>
                    { format!(" — you are looking at {DEMO_NAME}, a generated export of made-up sessions. Open, drop or paste your own export to replace it. ") }
                    <button type="button" class="link" onclick={onclear}>{ "Clear demo" }</button>
                </div>
            }
            if *paste_open {
                <PastePanel onload={onpasted} />
            }
        </header>
    }
}

// The two below are plain functions of the header's context, not components: each component type
// costs about 600 bytes of the gzipped bundle in Yew's lifecycle code.

/// Original offset / UTC / browser zone, as a labelled group of toggle buttons.
fn time_toggle(ctx: &Ctx) -> Html {
    html! {
        <div class="segmented" role="group" aria-label="Show times in">
            <span class="seg-label">{ "Times:" }</span>
            { for TimeMode::ALL.into_iter().map(|m| {
                let dispatch = ctx.dispatch.clone();
                let onclick = Callback::from(move |_| dispatch.dispatch(Action::SetTimeMode(m)));
                html! {
                    <button type="button" aria-pressed={(ctx.mode == m).to_string()} title={m.describe()} {onclick}>{ m.label() }</button>
                }
            }) }
        </div>
    }
}

/// Cycles the colour scheme: the system's, light, dark.
fn theme_button(ctx: &Ctx) -> Html {
    let next = ctx.theme.next();
    let onclick = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::SetTheme(next)))
    };
    let label = match ctx.theme {
        crate::state::Theme::System => "Theme: system",
        crate::state::Theme::Light => "Theme: light",
        crate::state::Theme::Dark => "Theme: dark",
    };
    html! { <button type="button" class="quiet" title={format!("Switch to {}", next.slug())} {onclick}>{ label }</button> }
}

/// The bar of a long load: bytes and sessions read, and Cancel (what was read stays loaded). A
/// function: the header, whose prop the progress is, is all a tick redraws anyway.
fn load_progress(p: &crate::incoming::Progress, oncancel: Callback<()>) -> Html {
    let mb = |b: usize| format!("{} MB", fixed(b as f64 / 1_000_000.0, 1));
    let pct =
        if p.bytes_total == 0 { 0.0 } else { 100.0 * p.bytes_done as f64 / p.bytes_total as f64 };
    let of = if p.files > 1 { format!(" (file {} of {})", p.file, p.files) } else { String::new() };
    let oncancel = oncancel.reform(|_: MouseEvent| ());
    html! {
        <div class="load-progress" role="status">
            <span class="lp-text">{ format!("Reading {}{of}: {} of {}, {} so far", p.name, mb(p.bytes_done), mb(p.bytes_total), trailview_core::present::count(p.sessions, "session", "sessions")) }</span>
            <progress max="100" value={fixed(pct, 1)} aria-label={format!("Reading {}", p.name)}></progress>
            <button type="button" onclick={oncancel} title="Stop reading; what was read so far stays loaded, and the file says where it stopped">{ "Cancel" }</button>
        </div>
    }
}
