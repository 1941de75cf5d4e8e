//! Giving the page its turn between slices of long work (loading, hashing, the audit questions).
//!
//! Measured in Chromium, 60 slices of 20 ms: `setTimeout(0)` costs 4 ms a turn once five timers are
//! nested (a timer set from a timer's own task), 20 % of a load; `scheduler.yield()` costs nothing
//! but its continuation outranks painting, so a frame came every 100 ms; a task posted with
//! `scheduler.postTask` (or a message to oneself) costs 0.5 ms and lets a frame paint after every slice.
//! Where `postTask` is missing, the timer it is.

use wasm_bindgen::JsCast;

pub async fn yield_now() {
    if let Some(promise) = post_task() {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    } else {
        gloo_timers::future::TimeoutFuture::new(0).await;
    }
}

/// `scheduler.postTask(Boolean)`: a task at the default (user-visible) priority, whose promise
/// settles once it has run. Its callback can be any function; `Boolean` is one the page already
/// has, where a closure of our own would need glue, and `new Function` is refused by the page's
/// policy.
fn post_task() -> Option<js_sys::Promise> {
    let global = js_sys::global();
    let scheduler =
        js_sys::Reflect::get(&global, &"scheduler".into()).ok().filter(|s| s.is_object())?;
    let post = js_sys::Reflect::get(&scheduler, &"postTask".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let noop = js_sys::Reflect::get(&global, &"Boolean".into()).ok()?;
    post.call1(&scheduler, &noop).ok()?.dyn_into::<js_sys::Promise>().ok()
}
