//! A panic hook that shows an error panel instead of leaving a dead page. No document should be able
//! to cause a panic; this is the last line of defence, and it says so plainly.

use wasm_bindgen::JsCast;

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let detail = info.to_string();
        web_sys_console_error(&detail);
        let doc = gloo::utils::document();
        if let Some(panel) = doc.get_element_by_id("panic") {
            let text = format!(
                "Trailview stopped because of an internal error. Nothing was sent anywhere: your files stay on this machine. \
                 Reload the page to start again, and please report this message:\n\n{detail}"
            );
            if let Some(msg) = doc.get_element_by_id("panic-message") {
                msg.set_text_content(Some(&text));
            }
            if let Ok(el) = panel.dyn_into::<web_sys::HtmlElement>() {
                el.set_hidden(false);
            }
        }
    }));
}

fn web_sys_console_error(s: &str) {
    gloo::console::error!(s.to_string());
}
