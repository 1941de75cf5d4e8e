//! The session list: the query box, presets, facets, timeline, exports, warnings about the loaded
//! files, and the virtual table with a keyboard cursor.

use crate::components::badges::severity_class;
use crate::components::export_menu::ExportMenu;
use crate::components::facet_panel::FacetPanel;
use crate::components::query_box::QueryBox;
use crate::components::report_head::report_head;
use crate::components::session_table::SessionTable;
use crate::components::shortcuts::typing;
use crate::components::sps_fetch::sps_fetch;
use crate::components::timeline::Timeline;
use crate::context::use_ctx;
use crate::data::Data;
use crate::read_back::{ahead_note, use_answers_ahead, Ahead};
use crate::route::{Link, Route};
use crate::state::Action;
use std::rc::Rc;
use trailview_core::columns::{printed, Col, PRINT};
use trailview_core::facets::REVIEW_FIRST;
use trailview_core::insights::Settings;
use trailview_core::query::list::ListView;
use trailview_core::query::Sort;
use trailview_core::review::Marks;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

/// An `Rc` compared by identity: what the result was made with is the same only if it is the
/// same value, not an equal one (and comparing values would cost the bundle more).
struct Same<T>(Rc<T>);

impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[function_component(SessionsPage)]
pub fn sessions_page() -> Html {
    let ctx = use_ctx();
    // The result, then its order (the view model in the core keeps each, and refines the last
    // result when a query lengthens it).
    let view = use_mut_ref(ListView::<(Same<Marks>, Same<Settings>, Ahead)>::new);
    // Terms of document paths over a file read back from disk are answered ahead, as it is read.
    let ahead = use_answers_ahead(&ctx.documents, &ctx.data, &ctx.applied);
    let selected = use_memo(
        (
            ctx.data.clone(),
            ctx.applied.clone(),
            ctx.marks.clone(),
            ctx.insight_settings.clone(),
            ahead.clone(),
        ),
        |(data, q, marks, settings, ahead)| {
            // Nothing to show until the documents are read: answering from the few fetched so far
            // would parse them on every tick of the progress.
            if matches!(ahead, Ahead::Reading(..)) {
                return Rc::new(Vec::new());
            }
            let answers = ctx.answers_for(q);
            let qctx = ctx.query_context(&answers, ahead.documents());
            let key = (Same(marks.clone()), Same(settings.clone()), ahead.clone());
            view.borrow_mut().result(&data.0, q, &qctx, key)
        },
    );
    let selected: Rc<Vec<usize>> = (*selected).clone();
    let sorted_all = view.borrow_mut().sorted(&ctx.data.0, ctx.sort);
    let rows = view.borrow_mut().rows(&selected, &sorted_all);
    // Held outside Yew's state so that keys pressed faster than the page renders each see the
    // previous key's move, not the position of the last render.
    let cursor = use_mut_ref(|| None::<usize>);
    let redraw = use_force_update();
    // The paper copy of the list is built only when the browser is about to print.
    let printing = use_state(|| false);
    {
        let printing = printing.clone();
        use_effect_with((), move |_| {
            let window = gloo::utils::window();
            let (on, off) = (printing.clone(), printing);
            let before =
                gloo::events::EventListener::new(&window, "beforeprint", move |_| on.set(true));
            let after =
                gloo::events::EventListener::new(&window, "afterprint", move |_| off.set(false));
            move || drop((before, after))
        });
    }
    {
        // j/k or arrows move the cursor, Enter opens the session under it; a new result puts the
        // cursor back before its first row. The listener reads the data it names sessions from
        // through a cell that each render points at the newest: one holding the data of its own
        // render kept an older dataset alive while the rows stayed the same, to be dropped (30 ms
        // at 100,000 sessions) on the next keystroke.
        let data = use_mut_ref(Data::default);
        *data.borrow_mut() = ctx.data.clone();
        let (cursor, rows, redraw) = (cursor.clone(), rows.clone(), redraw.clone());
        use_effect_with(rows.clone(), move |_| {
            if cursor.replace(None).is_some() {
                redraw.force_update();
            }
            // Not passive: the keys it handles must not also scroll the page or type into the box.
            let opts = gloo::events::EventListenerOptions::enable_prevent_default();
            let listener = gloo::events::EventListener::new_with_options(
                &gloo::utils::document(),
                "keydown",
                opts,
                move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else { return };
                    if typing(e) || e.ctrl_key() || e.meta_key() || e.alt_key() || rows.is_empty() {
                        return;
                    }
                    let last = rows.len() - 1;
                    let at = *cursor.borrow();
                    match e.key().as_str() {
                        "j" | "ArrowDown" => {
                            e.prevent_default();
                            *cursor.borrow_mut() = Some(at.map_or(0, |c| (c + 1).min(last)));
                            redraw.force_update();
                        }
                        "k" | "ArrowUp" => {
                            e.prevent_default();
                            *cursor.borrow_mut() = Some(at.map_or(0, |c| c.saturating_sub(1)));
                            redraw.force_update();
                        }
                        "Enter" => {
                            let key = at.and_then(|c| rows.get(c)).and_then(|&i| {
                                data.borrow().sessions().get(i).map(|e| e.key.clone())
                            });
                            if let Some(key) = key {
                                crate::route::push(&Route::Session { key });
                            }
                        }
                        _ => {}
                    }
                },
            );
            move || drop(listener)
        });
    }
    let onquery = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |q: String| dispatch.dispatch(Action::Search(q)))
    };
    let onsort = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |k| dispatch.dispatch(Action::SortBy(k)))
    };
    let onreview = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |_| {
            dispatch.dispatch(Action::Search(REVIEW_FIRST.to_string()));
            dispatch.dispatch(Action::SetSort(Sort { key: Col::Score, descending: true }));
        })
    };
    let onall = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::Search(String::new())))
    };
    let total = ctx.data.sessions().len();
    // Recomputed when the data changes, not on every keystroke in the search box.
    let issues = use_memo(ctx.data.clone(), |data| data.dataset_issues());
    if ctx.data.is_empty() {
        return empty_state();
    }
    let reviewing = ctx.query == REVIEW_FIRST;
    // While a query's documents are read, how many it selects is not known yet.
    let shown = if matches!(ahead, Ahead::Reading(..)) {
        "…".to_string()
    } else {
        rows.len().to_string()
    };
    html! {
        <section class="page list-page">
            <div class="list-head">
                <h1>{ "Sessions" }</h1>
                <QueryBox value={ctx.query.clone()} applied={ctx.applied.clone()} onchange={onquery} />
                <div class="presets" role="group" aria-label="Presets">
                    <button type="button" aria-pressed={reviewing.to_string()} onclick={onreview}
                        title="High risk (score ≥ 70), failed or terminated, with alerts or warnings, or scripted — riskiest first">{ "Review first" }</button>
                    if !ctx.query.is_empty() {
                        <button type="button" class="quiet" onclick={onall}>{ "Show all" }</button>
                    }
                </div>
                <span class="count" role="status">
                    { format!("{shown} of {} session{}", total, if total == 1 { "" } else { "s" }) }
                    if ctx.query != ctx.applied {
                        <span class="kept-badge" title="The query in the box does not parse yet; this is the result of the last one that did">{ " · last valid query" }</span>
                    }
                </span>
                <ExportMenu rows={rows.clone()} />
                { sps_fetch(&ctx) }
                <button type="button" onclick={Callback::from(|_| { let _ = gloo::utils::window().print(); })}
                    title="A print-ready report of this result (up to 2,000 rows), with the files and their SHA-256">{ "Print" }</button>
            </div>
            { ahead_note(&ahead, ctx.data.reads_back()) }
            if !issues.is_empty() {
                <details class="issues" open={issues.len() <= 4}>
                    <summary>{ format!("{} about the loaded files", trailview_core::present::count(issues.len(), "thing to know", "things to know")) }</summary>
                    <ul>
                        { for issues.iter().map(|i| html! {
                            <li class={severity_class(i.severity)}>{ i.to_string() }</li>
                        }) }
                    </ul>
                </details>
            }
            { report_head(&ctx, &format!("{} of {}", rows.len(), trailview_core::present::count(total, "session", "sessions")), Some(&ctx.applied)) }
            <Timeline rows={selected.clone()} />
            <div class="list-body">
                <FacetPanel rows={selected.clone()} />
                <div class="list-main">
                    if rows.is_empty() && total > 0 && !matches!(ahead, Ahead::Reading(..)) {
                        <p class="muted">{ "No session matches the search." }</p>
                    }
                    <SessionTable rows={rows.clone()} sort={ctx.sort} onsort={onsort} cursor={*cursor.borrow()} />
                    if *printing { { print_table(&ctx, &rows) } }
                </div>
            </div>
        </section>
    }
}

/// The result as a plain table for paper (the screen's list renders only the rows in view).
fn print_table(ctx: &crate::context::Ctx, rows: &[usize]) -> Html {
    const MAX: usize = 2_000;
    let cards = trailview_core::insights::cards(&ctx.data, &ctx.answers.get(), rows);
    html! {
        <div class="print-only">
            <section class="print-insights">
                <h2>{ "Audit questions over this result" }</h2>
                <table class="print-list">
                    <thead><tr><th>{ "Question" }</th><th>{ "Sessions" }</th><th>{ "Users most involved" }</th><th>{ "Query" }</th></tr></thead>
                    <tbody>
                        { for cards.iter().map(|c| html! { <tr>
                            <td>{ c.insight.question }</td>
                            <td>{ c.rows.len() }</td>
                            <td>{ c.users.iter().map(|(u, n)| format!("{u} ({n})")).collect::<Vec<_>>().join(", ") }</td>
                            <td>{ format!("insight:{}", c.insight.slug) }</td>
                        </tr> }) }
                    </tbody>
                </table>
            </section>
            <table class="print-list">
                <thead><tr>{ for PRINT.iter().map(|c| html! { <th>{ c.title() }</th> }) }</tr></thead>
                <tbody>
                    { for rows.iter().take(MAX).filter_map(|&i| ctx.data.sessions().get(i)).map(|e| html! {
                        <tr>{ for PRINT.iter().map(|&c| html! { <td>{ printed(c, e, ctx.mode) }</td> }) }</tr>
                    }) }
                </tbody>
            </table>
            if rows.len() > MAX { <p>{ format!("… and {} more; export CSV for the whole result.", rows.len() - MAX) }</p> }
        </div>
    }
}

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
            <p><Link to={Route::Files}>{ "See loaded files" }</Link></p>
        </section>
    }
}
