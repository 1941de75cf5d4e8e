//! The session list: search, sort, warnings about the loaded files, and the virtual table.

use crate::components::badges::severity_class;
use crate::components::session_table::SessionTable;
use crate::route::Route;
use crate::state::{use_ctx, Action};
use std::rc::Rc;
use trailview_core::query::{filter, sort};
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

#[function_component(SessionsPage)]
pub fn sessions_page() -> Html {
    let ctx = use_ctx();
    let rows = use_memo((ctx.data.clone(), ctx.query.clone(), ctx.sort), |(data, q, order)| {
        let mut rows = filter(data, q);
        sort(data, &mut rows, *order);
        rows
    });
    let oninput = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let el: HtmlInputElement = e.target_unchecked_into();
            dispatch.dispatch(Action::Search(el.value()));
        })
    };
    let onsort = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |k| dispatch.dispatch(Action::SortBy(k)))
    };
    let total = ctx.data.sessions.len();
    // Recomputed when the data changes, not on every keystroke in the search box.
    let issues = use_memo(ctx.data.clone(), |data| data.dataset_issues());
    if ctx.data.is_empty() {
        return html! { <EmptyState /> };
    }
    let rows: Rc<Vec<usize>> = Rc::new((*rows).clone());
    html! {
        <section class="page list-page">
            <div class="list-head">
                <h1>{ "Sessions" }</h1>
                <input type="search" class="search" aria-label="Search sessions" value={ctx.query.clone()} {oninput}
                    placeholder="Search every field: user, host, IP, command, verdict… (\"quoted phrase\")" />
                <span class="count" role="status">{ format!("{} of {} session{}", rows.len(), total, if total == 1 { "" } else { "s" }) }</span>
            </div>
            if !issues.is_empty() {
                <details class="issues" open={issues.len() <= 4}>
                    <summary>{ format!("{} thing(s) to know about the loaded files", issues.len()) }</summary>
                    <ul>
                        { for issues.iter().map(|i| html! {
                            <li class={severity_class(i.severity)}>{ i.to_string() }</li>
                        }) }
                    </ul>
                </details>
            }
            if rows.is_empty() && total > 0 {
                <p class="muted">{ "No session matches the search." }</p>
            }
            <SessionTable rows={rows} sort={ctx.sort} onsort={onsort} />
        </section>
    }
}

#[function_component(EmptyState)]
fn empty_state() -> Html {
    html! {
        <section class="page empty">
            <h1>{ "Open an SPS audit export" }</h1>
            <p>{ "Trailview shows the session documents that One Identity Safeguard for Privileged Sessions exports from /api/audit/sessions, with their channels, events, alerts and analytics. Everything is read in this browser; nothing is uploaded." }</p>
            <ul>
                <li>{ "Drop one or more .json or .ndjson files anywhere on this page," }</li>
                <li>{ "or use " }<strong>{ "Open files" }</strong>{ " or " }<strong>{ "Paste JSON" }</strong>{ " above," }</li>
                <li>{ "or open this page with " }<code>{ "?src=path/to/export.json" }</code>{ " (repeatable)." }</li>
            </ul>
            <p><Link<Route> to={Route::Files}>{ "See loaded files" }</Link<Route>></p>
        </section>
    }
}
