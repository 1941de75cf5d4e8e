//! The session list as a virtual table: a fixed row height, and only the rows in view (plus a few
//! either side) are in the DOM, so thousands of sessions scroll smoothly.

use crate::components::badges::{score_badge, verdict_badge};
use crate::components::time_text::time_text;
use crate::context::use_ctx;
use crate::data::Data;
use crate::route::{Link, Route};
use std::rc::Rc;
use trailview_core::anomaly::Severity;
use trailview_core::columns::{route_text, user_text, Col, LIST};
use trailview_core::dataset::SessionEntry;
use trailview_core::number::shortest;
use trailview_core::query::Sort;
use trailview_core::review::Marks;
use trailview_core::time::{human_duration, TimeMode};
use trailview_core::window::visible_rows;
use web_sys::HtmlElement;
use yew::prelude::*;

/// Row height in CSS pixels; must match `.srow` in app.css.
pub const ROW_HEIGHT: f64 = 38.0;
const OVERSCAN: usize = 8;

#[derive(Properties, PartialEq)]
pub struct SessionTableProps {
    pub rows: Rc<Vec<usize>>,
    pub sort: Sort,
    pub onsort: Callback<Col>,
    /// The keyboard cursor: a position in `rows`.
    #[prop_or_default]
    pub cursor: Option<usize>,
}

#[function_component(SessionTable)]
pub fn session_table(props: &SessionTableProps) -> Html {
    let ctx = use_ctx();
    let body = use_node_ref();
    // (scroll top, height); a height of 0 is "not measured yet".
    let view = use_state_eq(|| (0.0f64, 0.0f64));
    {
        // The list's place and height are read from the page until it has a height, and again only
        // when fewer rows put the end above the place scrolled to (the browser pulls the scroll
        // back): reading them after every change of rows made the browser lay out the page at once,
        // a few milliseconds of every keystroke. A scroll reports them otherwise.
        let body = body.clone();
        let view = view.clone();
        let read =
            view.1 == 0.0 || view.0 > (props.rows.len() as f64 * ROW_HEIGHT - view.1).max(0.0);
        use_effect_with(props.rows.len(), move |_| {
            if read {
                if let Some(el) = body.cast::<HtmlElement>() {
                    view.set((el.scroll_top() as f64, el.client_height() as f64));
                }
            }
        });
    }
    let onscroll = {
        let view = view.clone();
        Callback::from(move |e: Event| {
            let el: HtmlElement = e.target_unchecked_into();
            view.set((el.scroll_top() as f64, el.client_height() as f64));
        })
    };
    {
        // Keep the cursor's row in view.
        let body = body.clone();
        use_effect_with(props.cursor, move |cursor| {
            if let (Some(c), Some(el)) = (*cursor, body.cast::<HtmlElement>()) {
                let top = c as f64 * ROW_HEIGHT;
                let (scroll, height) = (el.scroll_top() as f64, el.client_height() as f64);
                if top < scroll {
                    el.set_scroll_top(top as i32);
                } else if top + ROW_HEIGHT > scroll + height {
                    el.set_scroll_top((top + ROW_HEIGHT - height) as i32);
                }
            }
        });
    }
    let range = visible_rows(view.0, view.1, ROW_HEIGHT, props.rows.len(), OVERSCAN);
    let header = LIST.into_iter().map(|k| {
        let active = props.sort.key == k;
        let aria = if !active { "none" } else if props.sort.descending { "descending" } else { "ascending" };
        let arrow = if !active { "" } else if props.sort.descending { " ▼" } else { " ▲" };
        let onsort = props.onsort.clone();
        html! {
            <div role="columnheader" aria-sort={aria} class={classes!("cell", format!("c-{}", k.slug()))}>
                <button type="button" class="sort" onclick={Callback::from(move |_| onsort.emit(k))} title={format!("Sort by {}", k.title())}>
                    { k.title() }{ arrow }
                </button>
            </div>
        }
    });
    let first = range.start;
    html! {
        <div class="stable" role="table" aria-label="Sessions" aria-rowcount={(props.rows.len() + 1).to_string()}>
            <div class="srow shead" role="row">
                { for header }
                <div role="columnheader" class="cell c-flags"><span class="visually-hidden">{ "Warnings" }</span></div>
            </div>
            <div class="sbody" ref={body} {onscroll}>
                <div class="sspacer" style={format!("height: {}px", shortest(props.rows.len() as f64 * ROW_HEIGHT))}>
                    <div class="swindow" style={format!("transform: translateY({}px)", shortest(first as f64 * ROW_HEIGHT))}>
                        { for props.rows[range].iter().enumerate().map(|(i, &idx)| {
                            let current = props.cursor == Some(first + i);
                            // Keyed by place, not by session: a keystroke that changes the result
                            // patches the rows in view rather than building them anew, and a scroll
                            // by a row still adds one row and drops one.
                            html! { <SessionRow key={first + i} data={ctx.data.clone()} mode={ctx.mode} marks={ctx.marks.clone()}
                                index={idx} position={first + i + 2} {current} /> }
                        }) }
                    </div>
                </div>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    // What a row shows comes as props, not from the context: a row re-renders only when it shows
    // another session or the session changed, not at every keystroke.
    data: Data,
    mode: TimeMode,
    marks: Rc<Marks>,
    index: usize,
    /// 1-based row position for assistive technology (the header is row 1).
    position: usize,
    /// Under the keyboard cursor.
    current: bool,
}

#[function_component(SessionRow)]
fn session_row(props: &RowProps) -> Html {
    let s: &SessionEntry = &props.data.sessions()[props.index];
    let sum = &s.summary;
    let route = Route::Session { key: s.key.clone() };
    let onclick = {
        let route = route.clone();
        Callback::from(move |e: MouseEvent| {
            // The link in the first cell handles its own clicks; the rest of the row follows it.
            let on_link = e
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                .is_some_and(|el| el.closest("a").ok().flatten().is_some());
            if !on_link {
                crate::route::push(&route);
            }
        })
    };
    let loaded = s.source.is_some();
    let warnings: Vec<String> = s
        .issues
        .iter()
        .filter(|i| i.severity != Severity::Info)
        .map(|i| i.message.clone())
        .collect();
    // The list's cells, by column ([`LIST`] orders them, as it orders the header).
    let cell_title = |col: Col| match col {
        Col::User => user_text(sum),
        Col::Route => route_text(sum),
        Col::Channels if s.channel_count.is_none() => "Channels document not loaded".into(),
        _ => String::new(),
    };
    let cell = |col: Col| -> Html {
        match col {
            Col::Start => html! {
                <Link to={route.clone()}>
                    { match (&sum.start, loaded) {
                        (Some(ts), _) => time_text(ts, props.mode, false),
                        (None, true) => html! { <span>{ format!("(no start) {}", s.key) }</span> },
                        (None, false) => html! { <span>{ format!("{} — not loaded", s.key) }</span> },
                    } }
                </Link>
            },
            Col::User => html! { user_text(sum) },
            Col::Route => html! { route_text(sum) },
            Col::Protocol => html! { sum.protocol.clone() },
            Col::Verdict => html! {
                if !sum.verdict_raw.is_empty() { { verdict_badge(&sum.verdict_raw) } }
            },
            Col::Duration => html! { <>
                { sum.effective_duration().map(|d| human_duration(d as i64)).unwrap_or_default() }
                if sum.active { <span class="badge warn" title="The session was still in progress when exported">{ "active" }</span> }
            </> },
            Col::Score => html! { <>
                if loaded { { score_badge(sum.score) } }
                if sum.scripted { <span class="badge warn" title="SPA marked the session as scripted (non-human activity)">{ "scripted" }</span> }
            </> },
            Col::Channels => {
                html! { s.channel_count.map(|c| c.to_string()).unwrap_or_else(|| "—".into()) }
            }
            _ => html! {},
        }
    };
    html! {
        <div class={classes!("srow", (!loaded).then_some("stub"), props.current.then_some("cursor"))} role="row"
            aria-rowindex={props.position.to_string()} aria-current={props.current.then_some("true")} {onclick}>
            { for LIST.iter().map(|&col| html! {
                <div role="cell" class={classes!("cell", format!("c-{}", col.slug()))} title={Some(cell_title(col)).filter(|t| !t.is_empty())}>
                    { cell(col) }
                </div>
            }) }
            <div role="cell" class="cell c-flags">
                if let Some(m) = props.marks.get(&s.key) {
                    if m.flagged { <span class="mark flagged" title="Flagged for a closer look" aria-label="flagged">{ "⚑" }</span> }
                    if m.reviewed { <span class="mark reviewed" title="Reviewed" aria-label="reviewed">{ "✓" }</span> }
                    if !m.note.trim().is_empty() { <span class="mark noted" title={m.note.clone()} aria-label={format!("note: {}", m.note)}>{ "✎" }</span> }
                }
                if !warnings.is_empty() {
                    <span class="flag" title={warnings.join("\n")} aria-label={format!("{}: {}", trailview_core::present::count(warnings.len(), "warning", "warnings"), warnings.join("; "))}>{ format!("⚠ {}", warnings.len()) }</span>
                }
                if s.alert_count.unwrap_or(0) > 0 {
                    <span class="badge bad" title="Content-policy alerts in this session">{ trailview_core::present::count(s.alert_count.unwrap_or(0), "alert", "alerts") }</span>
                }
            </div>
        </div>
    }
}
