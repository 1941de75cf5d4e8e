//! The root component: owns the state, provides the context, loads `?src=` URLs or the demo on
//! start, and lays out the header, messages, drop zone and the routed page.

use crate::components::{drop_zone::DropZone, header::Header, notices::Notices};
use crate::loader;
use crate::pages::switch;
use crate::route::Route;
use crate::state::{Action, AppState, Ctx};
use trailview_core::dataset::Origin;
use yew::prelude::*;
use yew_router::prelude::*;

/// The demo export, built into the app so it also opens from `file://` and offline.
const DEMO: &[u8] = include_bytes!("../static/demo/demo-export.ndjson");
pub const DEMO_NAME: &str = "demo-export.ndjson";

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);
    let dispatch = state.dispatcher();
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let srcs = loader::src_params();
            if srcs.is_empty() {
                dispatch.dispatch(Action::Started(1));
                dispatch.dispatch(Action::Load { name: DEMO_NAME.into(), bytes: DEMO.to_vec(), origin: Origin::Demo });
            } else {
                dispatch.dispatch(Action::Started(srcs.len()));
                for src in srcs {
                    load_url(dispatch.clone(), src);
                }
            }
        });
    }
    let ctx =
        Ctx { data: state.data.clone(), mode: state.time_mode, dispatch: dispatch.clone(), query: state.query.clone(), sort: state.sort };
    html! {
        <ContextProvider<Ctx> context={ctx}>
            <HashRouter>
                <DropZone>
                    <Header demo={state.demo} pending={state.pending} />
                    <Notices notices={state.notices.clone()} />
                    <main id="main">
                        <Switch<Route> render={switch} />
                    </main>
                </DropZone>
            </HashRouter>
        </ContextProvider<Ctx>>
    }
}

/// Fetches one `?src=` URL and dispatches its bytes or the reason it failed.
pub fn load_url(dispatch: UseReducerDispatcher<AppState>, src: String) {
    wasm_bindgen_futures::spawn_local(async move {
        let url = match loader::resolve(&src) {
            Ok(u) => u,
            Err(message) => return dispatch.dispatch(Action::Failed { name: src, message }),
        };
        let name = loader::name_of(&url);
        match loader::fetch(&url).await {
            Ok(bytes) => dispatch.dispatch(Action::Load { name, bytes, origin: Origin::Url(url) }),
            Err(message) => dispatch.dispatch(Action::Failed { name: url, message }),
        }
    });
}

/// Reads local files and dispatches each one's bytes.
pub fn load_files(dispatch: UseReducerDispatcher<AppState>, files: Vec<web_sys::File>) {
    if files.is_empty() {
        return;
    }
    dispatch.dispatch(Action::Started(files.len()));
    for file in files {
        let dispatch = dispatch.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match loader::read_file(file).await {
                (name, Ok(bytes)) => dispatch.dispatch(Action::Load { name, bytes, origin: Origin::Local }),
                (name, Err(message)) => dispatch.dispatch(Action::Failed { name, message }),
            }
        });
    }
}
