//! A panic hook that shows an error panel instead of leaving a dead page. No document should be able
//! to cause a panic; this is the last line of defence. The panel is plain DOM with plain links, because
//! once the hook returns the wasm instance traps and no Rust callback will run again: the report text
//! is selectable, each loaded file has a download link (see [`crate::rescue`]), and Reload is a link.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Installs the hook through Yew: its renderer replaces any hook set with `std::panic::set_hook`.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let detail = info.to_string();
        gloo::console::error!(detail.clone());
        show(&detail);
    }));
}

fn show(detail: &str) {
    let doc = gloo::utils::document();
    let Some(panel) = doc.get_element_by_id("panic") else { return };
    let window = gloo::utils::window();
    let hash = window.location().hash().unwrap_or_default();
    let agent = window.navigator().user_agent().unwrap_or_default();
    let report = format!(
        "Trailview {} stopped: {detail}\nView: {}\nBrowser: {agent}",
        env!("CARGO_PKG_VERSION"),
        if hash.is_empty() { "#/" } else { &hash }
    );
    if let Some(msg) = doc.get_element_by_id("panic-message") {
        msg.set_text_content(Some(&report));
    }
    let links = crate::rescue::download_links();
    if let (Some(list), false) = (doc.get_element_by_id("panic-file-list"), links.is_empty()) {
        for (name, url) in links {
            let (Ok(li), Ok(a)) = (doc.create_element("li"), doc.create_element("a")) else {
                continue;
            };
            let _ = a.set_attribute("href", &url);
            let _ = a.set_attribute("download", &name);
            a.set_text_content(Some(&format!("Save {name}")));
            let _ = li.append_child(&a);
            let _ = list.append_child(&li);
        }
        if let Some(files) = doc
            .get_element_by_id("panic-files")
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            files.set_hidden(false);
        }
    }
    if let Ok(el) = panel.dyn_into::<web_sys::HtmlElement>() {
        el.set_hidden(false);
    }
}

/// Panics on purpose, so the browser tests can prove the panel works. Reachable only from script
/// (`window.wasmBindings`), never from a document or a URL.
#[wasm_bindgen]
pub fn trailview_selftest_panic() {
    panic!("self-test panic requested by trailview_selftest_panic()");
}
