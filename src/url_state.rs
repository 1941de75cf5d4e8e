//! The view in the URL, never the data: the query, the sort and the time zone ride in the hash after
//! the route (`#/sessions?q=protocol%3ASSH&sort=score-desc&tz=utc`), so a link re-opens the same view
//! once the same files are loaded. Pure functions here; [`UrlSync`] applies them.

use crate::context::use_ctx;
use crate::route::{hash_path, use_route};
use crate::state::Action;
use trailview_core::columns::Col;
use trailview_core::percent;
use trailview_core::query::Sort;
use trailview_core::time::TimeMode;
use yew::prelude::*;

/// The view's parameters.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct View {
    pub query: Option<String>,
    pub sort: Option<Sort>,
    pub mode: Option<TimeMode>,
}

fn mode_slug(m: TimeMode) -> &'static str {
    match m {
        TimeMode::Original => "original",
        TimeMode::Utc => "utc",
        TimeMode::Local => "local",
    }
}

/// The query string for a view; defaults are left out so plain links stay plain.
pub fn encode(query: &str, sort: Sort, mode: TimeMode) -> String {
    let mut parts = vec![];
    if !query.is_empty() {
        parts.push(format!("q={}", percent::encode(query)));
    }
    if sort != Sort::default() {
        parts.push(format!(
            "sort={}-{}",
            sort.key.slug(),
            if sort.descending { "desc" } else { "asc" }
        ));
    }
    if mode != TimeMode::default() {
        parts.push(format!("tz={}", mode_slug(mode)));
    }
    parts.join("&")
}

/// Reads a query string (without `?`); unknown or malformed parameters are ignored.
pub fn decode(qs: &str) -> View {
    let mut v = View::default();
    for pair in qs.split('&').filter(|p| !p.is_empty()) {
        let (k, val) = pair.split_once('=').unwrap_or((pair, ""));
        // Form encoding, as people and other tools write it: `+` is a space.
        let val = percent::decode(&val.replace('+', " "));
        match k {
            "q" => v.query = Some(val),
            "sort" => {
                let (key, dir) = val.rsplit_once('-').unwrap_or((val.as_str(), "desc"));
                v.sort = Col::by_slug(key).map(|key| Sort { key, descending: dir != "asc" });
            }
            "tz" => v.mode = TimeMode::ALL.into_iter().find(|m| mode_slug(*m) == val),
            _ => {}
        }
    }
    v
}

/// Keeps the hash's parameters and the app state in step: reads them once at start, then rewrites
/// them (with `replaceState`, so Back still walks the routes) whenever the view or the route changes.
#[function_component(UrlSync)]
pub fn url_sync() -> Html {
    let ctx = use_ctx();
    let route = use_route();
    {
        let dispatch = ctx.dispatch.clone();
        use_effect_with((), move |_| {
            let hash = gloo::utils::window().location().hash().unwrap_or_default();
            let view = decode(hash.split_once('?').map_or("", |(_, q)| q));
            if let Some(q) = view.query {
                dispatch.dispatch(Action::Search(q));
            }
            if let Some(s) = view.sort {
                dispatch.dispatch(Action::SetSort(s));
            }
            if let Some(m) = view.mode {
                dispatch.dispatch(Action::SetTimeMode(m));
            }
        });
    }
    let started = use_state(|| false);
    use_effect_with(
        (route, ctx.applied.clone(), ctx.sort, ctx.mode),
        move |(_, query, sort, mode)| {
            // The first run must not overwrite the parameters before they were read.
            if !*started {
                started.set(true);
                return;
            }
            let window = gloo::utils::window();
            let hash = window.location().hash().unwrap_or_default();
            // The path as typed: an address that names no view keeps its text, to be corrected.
            let path = Some(hash_path(&hash)).filter(|p| !p.is_empty()).unwrap_or("/");
            let qs = encode(query, *sort, *mode);
            let want = if qs.is_empty() { format!("#{path}") } else { format!("#{path}?{qs}") };
            if hash != want {
                if let Ok(history) = window.history() {
                    let state = history.state().unwrap_or(wasm_bindgen::JsValue::NULL);
                    let _ = history.replace_state_with_url(&state, "", Some(&want));
                }
            }
        },
    );
    html! {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_round_trip_and_defaults_stay_out() {
        let q = r#"user.name:"a b" score:[70 TO 100] -x&y=z %"#;
        let s = Sort { key: Col::Score, descending: true };
        let enc = encode(q, s, TimeMode::Utc);
        assert!(!enc.contains(' ') && !enc.contains('"'), "{enc}");
        assert_eq!(
            decode(&enc),
            View { query: Some(q.to_string()), sort: Some(s), mode: Some(TimeMode::Utc) }
        );
        assert_eq!(encode("", Sort::default(), TimeMode::default()), "");
        assert_eq!(
            decode("sort=nonsense&tz=mars&q=%ZZ"),
            View { query: Some("%ZZ".into()), ..View::default() }
        );
    }
}
