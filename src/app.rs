//! The root component: owns the state, provides the context, loads `?src=` URLs or the demo on
//! start, and lays out the header, messages, drop zone and the routed page.

use crate::components::{
    drop_zone::DropZone, header::Header, notices::notices, shortcuts::Shortcuts,
};
use crate::context::Ctx;
use crate::incoming::Incoming;
use crate::loader;
use crate::loading::{Loads, DEMO_NAME};
use crate::pages::Routed;
use crate::route::Router;
use crate::state::AppState;
use crate::url_state::UrlSync;
use std::rc::Rc;
use trailview_core::dataset::Origin;
use yew::prelude::*;

/// The demo export: a static file beside the app (`demo/`), or a data block inside the single file.
/// Kept out of the wasm, which it would grow by a tenth.

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::new);
    let dispatch = state.dispatcher();
    let loads = (*use_memo((), |_| Rc::new(Loads::new(dispatch.clone())))).clone();
    {
        // The loader builds on the newest data, and a Clear (a new epoch) stops the load under way.
        let l = loads.clone();
        use_effect_with((state.data.clone(), state.demo), move |(data, demo)| {
            l.publish(data, *demo)
        });
        let l = loads.clone();
        use_effect_with(state.epoch, move |epoch| {
            l.set_epoch(*epoch);
            // The files held for the error panel are let go with what they loaded.
            crate::rescue::clear();
        });
    }
    {
        // The review marks the reducer changed, kept in local storage (not at the start, when they
        // were just read from it). Keyed by the map's place: a change makes a new map while the
        // last is still held, so its place differs (comparing maps would cost the bundle more).
        let stored = state.stored.clone();
        let first = use_mut_ref(|| true);
        use_effect_with(Rc::as_ptr(&state.stored) as usize, move |_| {
            if !first.replace(false) {
                crate::marks_store::save(&stored);
            }
        });
    }
    {
        let loads = loads.clone();
        use_effect_with((), move |_| {
            let srcs = loader::src_params();
            if srcs.is_empty() {
                // Counted like any load, so the "Loading…" count stays true when loads overlap.
                loads.started(1);
                wasm_bindgen_futures::spawn_local(async move {
                    let bytes = loader::demo().await;
                    loads.load(vec![Incoming::bytes(DEMO_NAME, Origin::Demo, bytes)]);
                });
            } else {
                load_urls(&loads, srcs);
            }
        });
    }
    {
        // The chosen theme rides on <html data-theme>; "system" removes it so the media query decides.
        // It is kept in local storage too.
        use_effect_with(state.theme, |theme| {
            if let Some(st) = gloo::utils::window().local_storage().ok().flatten() {
                let _ = st.set_item(crate::state::THEME_KEY, theme.slug());
            }
            if let Some(root) = gloo::utils::document().document_element() {
                let _ = match theme {
                    crate::state::Theme::System => root.remove_attribute("data-theme"),
                    t => root.set_attribute("data-theme", t.slug()),
                };
            }
        });
    }
    {
        use_effect_with(state.insight_settings.clone(), |s| crate::insight_state::save(s));
    }
    // A file's hash arriving after a load changes the dataset but no answer: the answers (or their
    // computation under way) are kept, not worked out anew (1.2 s of steps at a million sessions,
    // which the first keystrokes after a load waited on).
    let kept = use_mut_ref(|| None::<std::rc::Rc<crate::insight_state::LazyAnswers>>);
    let answers =
        use_memo((state.data.clone(), state.insight_settings.clone()), |(data, settings)| {
            let mut kept = kept.borrow_mut();
            match kept.as_ref().filter(|a| a.answers_alike(data, settings)) {
                Some(a) => a.clone(),
                None => kept
                    .insert(std::rc::Rc::new(crate::insight_state::LazyAnswers::new(
                        data.clone(),
                        settings.clone(),
                    )))
                    .clone(),
            }
        });
    {
        // Once loading ends, the answers are worked out between frames, ready for the Insights page.
        let idle = state.pending == 0 && !state.data.sessions().is_empty();
        use_effect_with(((*answers).clone(), idle), |(answers, idle)| {
            if *idle {
                answers.start(Callback::noop());
            }
        });
    }
    let documents = use_memo((), |_| std::rc::Rc::new(crate::read_back::KeptAnswers::default()));
    let ctx = Ctx {
        data: state.data.clone(),
        mode: state.time_mode,
        dispatch: dispatch.clone(),
        query: state.query.clone(),
        applied: state.applied.clone(),
        sort: state.sort,
        pending: state.pending,
        marks: state.marks.clone(),
        theme: state.theme,
        insight_settings: state.insight_settings.clone(),
        answers: (*answers).clone(),
        loads: loads.clone(),
        documents: (*documents).clone(),
    };
    html! {
        <ContextProvider<Ctx> context={ctx}>
            <Router>
                <UrlSync />
                <Shortcuts />
                <DropZone>
                    <Header demo={state.demo} progress={state.progress.clone()} />
                    { notices(&state.notices, &dispatch) }
                    <main id="main">
                        <Routed />
                    </main>
                </DropZone>
            </Router>
        </ContextProvider<Ctx>>
    }
}

/// Fetches the `?src=` URLs one after another, then loads them together in the order given.
pub fn load_urls(loads: &Rc<Loads>, srcs: Vec<String>) {
    loads.started(srcs.len());
    let loads = loads.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let mut files = Vec::with_capacity(srcs.len());
        for src in srcs {
            files.push(match loader::resolve(&src) {
                Ok(url) => {
                    let body = loader::fetch_blob(&url).await;
                    let name = if body.is_ok() { loader::name_of(&url) } else { url.clone() };
                    Incoming::url(name, url, body)
                }
                Err(message) => Incoming::url(src.clone(), src, Err(message)),
            });
        }
        loads.load(files);
    });
}
