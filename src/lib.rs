//! Trailview's browser app: Yew components over the pure core in `trailview-core`. Components render
//! and dispatch; parsing, linking and querying happen in the core.

pub mod app;
pub mod components;
pub mod context;
pub mod data;
pub mod download;
pub mod incoming;
pub mod insight_state;
pub mod loader;
pub mod loading;
pub mod marks_store;
pub mod pages;
pub mod panic;
pub mod read_back;
pub mod rescue;
pub mod route;
pub mod state;
pub mod turns;
pub mod url_state;
pub mod worker;

/// Mounts the app on `#app` (or the body) after installing the panic panel. In a worker (which runs
/// this same module, see [`worker`]) there is nothing to mount.
pub fn start() {
    if web_sys::window().is_none() {
        return;
    }
    panic::install();
    let root = gloo::utils::document().get_element_by_id("app");
    match root {
        Some(el) => yew::Renderer::<app::App>::with_root(el).render(),
        None => yew::Renderer::<app::App>::new().render(),
    };
}
