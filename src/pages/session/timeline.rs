//! The Timeline tab: the session as a picture. Its span on top, a bar per channel (coloured by its
//! verdict; command, path or target on hover), events and alerts as marks, and the quiet stretches
//! between. Drag across it to zoom; a bar or mark opens its row in the Channels, Events or Alerts tab.
//! Ticks follow the time-zone toggle.

use crate::components::time_text::time_text;
use crate::components::timeline::use_span_drag;
use crate::context::use_ctx;
use crate::route::Tab;
use trailview_core::number::{fixed, shortest};
use trailview_core::session_picture::picture;
use trailview_core::time::{human_duration, Timestamp};
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub skey: String,
}

/// Width of the drawing in SVG units; lanes are `LANE` high.
const W: f64 = 1000.0;
const LANE: f64 = 18.0;

#[function_component(TimelineTab)]
pub fn timeline_tab(props: &TimelineProps) -> Html {
    let ctx = use_ctx();
    let data = ctx.data.clone();
    let pic = use_memo((data.clone(), props.skey.clone()), |(data, key)| {
        data.session(key).map(|e| picture(data, e))
    });
    // The part of the span shown, as fractions of it; a drag sets it.
    let view = use_state(|| (0.0_f64, 1.0_f64));
    let drag = use_span_drag();
    let Some(p) = (*pic).clone() else { return html! {} };
    let Some(entry) = data.session(&props.skey) else { return html! {} };
    if !p.has_items() {
        let why = if entry.attached.channels.is_empty()
            && entry.attached.events.is_empty()
            && entry.attached.alerts.is_empty()
        {
            "No channels, events or alerts are loaded for this session, so there is nothing to draw inside its span. Open its channels, events or alerts documents to see them here."
        } else {
            "Its channels, events and alerts state no times, so they cannot be placed on a timeline."
        };
        return html! { <p class="muted timeline-empty">{ why }</p> };
    }
    let (lo, hi) = *view;
    let span = (p.to_ms - p.from_ms).max(1) as f64;
    let shown_from = p.from_ms as f64 + span * lo;
    let shown_span = (span * (hi - lo)).max(1.0);
    let x = |ms: i64| (ms as f64 - shown_from) / shown_span * W;
    let onmouseup = {
        let (drag, view) = (drag.clone(), view.clone());
        Callback::from(move |_: MouseEvent| {
            // A click is not a zoom; a drag over less than 1 % of the width is taken as one.
            if let Some((a, b)) = drag.finish().filter(|(a, b)| b - a > 0.01) {
                let (lo, hi) = *view;
                view.set((lo + (hi - lo) * a, lo + (hi - lo) * b));
            }
        })
    };
    let onreset = {
        let view = view.clone();
        Callback::from(move |_| view.set((0.0, 1.0)))
    };
    // Every shape as one kind of element, so the drawing costs one template: (class, x, y, width,
    // height, hover text, the tab and row it opens).
    let lanes = p.bars.len() + 2;
    let height = lanes as f64 * LANE + 4.0;
    let clip = |a: f64, b: f64| (a.max(-2.0), b.min(W + 2.0));
    type Shape = (String, f64, f64, f64, f64, String, Option<(Tab, usize)>);
    let mut shapes: Vec<Shape> = Vec::new();
    for &(s, e) in &p.gaps {
        let (a, b) = clip(x(s), x(e));
        shapes.push((
            "gap".into(),
            a,
            0.0,
            (b - a).max(0.5),
            height,
            format!("Nothing recorded for {}", human_duration((e - s) / 1000)),
            None,
        ));
    }
    if let Some((s, e)) = p.session {
        let (a, b) = clip(x(s), x(e.unwrap_or(p.to_ms)));
        shapes.push((
            "session-span".into(),
            a,
            2.0,
            (b - a).max(1.0),
            LANE - 6.0,
            "The session".into(),
            None,
        ));
    }
    for (i, b) in p.bars.iter().enumerate() {
        let (a, z) = clip(x(b.start_ms), x(b.end_ms.unwrap_or(p.to_ms)));
        let tone = b.verdict.as_ref().map_or("unknown", |v| v.tone().class());
        let verdict = b.verdict.as_ref().map_or("no verdict", |v| v.name());
        let detail = if b.detail.is_empty() { String::new() } else { format!(" — {}", b.detail) };
        let title = format!("Channel {}: {} ({verdict}){detail}", b.row, b.kind);
        shapes.push((
            format!("bar {tone}"),
            a,
            (i + 1) as f64 * LANE + 2.0,
            (z - a).max(2.0),
            LANE - 6.0,
            title,
            Some((Tab::Channels, b.row)),
        ));
    }
    let marks_y = (p.bars.len() + 1) as f64 * LANE + 2.0;
    for (kind, tab, list) in [("event", Tab::Events, &p.events), ("alert", Tab::Alerts, &p.alerts)]
    {
        for m in list {
            let title = format!(
                "{} {}: {}",
                if kind == "event" { "Event" } else { "Alert" },
                m.row,
                m.label
            );
            shapes.push((
                format!("mark {kind}"),
                x(m.at_ms) - 2.0,
                marks_y,
                4.0,
                LANE - 6.0,
                title,
                Some((tab, m.row)),
            ));
        }
    }
    // One handler for the drawing: the shape chosen (by pointer, or Enter on the focused one) opens
    // its row in its tab.
    let activate = {
        let key = props.skey.clone();
        move |target: Option<web_sys::EventTarget>| {
            let Some(el) = target.and_then(|t| t.dyn_into::<Element>().ok()) else { return false };
            let (Some(tab), Some(row)) = (
                el.get_attribute("data-tab").and_then(|t| Tab::from_slug(&t)),
                el.get_attribute("data-row"),
            ) else {
                return false;
            };
            crate::route::push(&tab.route(&key));
            focus_row(format!("{}-row-{row}", tab.slug()));
            true
        }
    };
    let onclick = {
        let activate = activate.clone();
        Callback::from(move |e: MouseEvent| {
            activate(e.target());
        })
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if (e.key() == "Enter" || e.key() == " ") && activate(e.target()) {
            e.prevent_default();
        }
    });
    let drawn = shapes.into_iter().map(|(class, x, y, w, h, title, target)| {
        let (tab, row) = target.map_or((None, None), |(t, r)| (Some(t.slug()), Some(r.to_string())));
        let link = tab.is_some();
        html! {
            <rect class={class} x={fmt(x)} y={fmt(y)} width={fmt(w)} height={fmt(h)}
                data-tab={tab} data-row={row} role={link.then_some("link")} tabindex={link.then_some("0")} aria-label={link.then(|| title.clone())}>
                <title>{ title }</title>
            </rect>
        }
    });
    // Drawn only once the pointer has moved, so a plain click still lands on the bar under it.
    let selection = drag.span().filter(|(a, b)| a != b).map(|(a, b)| {
        html! { <rect class="selection" x={fmt(a * W)} y="0" width={fmt(((b - a) * W).max(1.0))} height={fmt(height)} /> }
    });
    let like = entry.summary.start.as_ref();
    let tick =
        |ms: f64| Timestamp::at_millis(ms as i64, like).map(|ts| time_text(&ts, ctx.mode, false));
    let zoomed = (lo, hi) != (0.0, 1.0);
    html! {
        <div class="session-timeline">
            <p class="muted">
                { format!("{}, {}, {}.", count(p.bars.len(), "channel", "channels"), count(p.events.len(), "event", "events"), count(p.alerts.len(), "alert", "alerts")) }
                if p.undated > 0 { { format!(" {} state no time and are not drawn.", count(p.undated, "item", "items")) } }
                if p.outside > 0 { <span class="warn-text">{ format!(" {} lie outside the session's span and are not drawn.", count(p.outside, "item", "items")) }</span> }
                if !p.gaps.is_empty() { { format!(" Hatched: {} in which nothing was recorded.", count(p.gaps.len(), "stretch", "stretches")) } }
                { " Drag across the chart to zoom; choose a bar or mark to open its row." }
                if zoomed { { " " }<button type="button" class="link" onclick={onreset}>{ "Show the whole session" }</button> }
            </p>
            <svg ref={drag.svg.clone()} class="picture" viewBox={format!("0 0 {} {}", shortest(W), fmt(height))} preserveAspectRatio="none" height={fmt(height * 1.4)}
                role="group" aria-label="Channels, events and alerts over the session's span"
                onmousedown={drag.onmousedown.clone()} onmousemove={drag.onmousemove.clone()} {onmouseup} {onclick} {onkeydown}
                onmouseleave={drag.onmouseleave.clone()}>
                { for drawn }
                { for selection }
            </svg>
            <div class="ticks">
                <span>{ for tick(shown_from) }</span>
                <span>{ for tick(shown_from + shown_span / 2.0) }</span>
                <span>{ for tick(shown_from + shown_span) }</span>
            </div>
            { legend() }
        </div>
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    trailview_core::present::count(n, one, many)
}

fn fmt(v: f64) -> String {
    fixed(v, 2)
}

fn legend() -> Html {
    html! {
        <ul class="legend muted">
            <li><span class="swatch session-span" />{ "session" }</li>
            <li><span class="swatch good" />{ "channel accepted" }</li>
            <li><span class="swatch bad" />{ "channel denied or failed" }</li>
            <li><span class="swatch event" />{ "event" }</li>
            <li><span class="swatch alert" />{ "alert" }</li>
            <li><span class="swatch gap" />{ "nothing recorded" }</li>
        </ul>
    }
}

/// Scrolls to a row of the tab just opened, and marks it, once the tab has drawn it.
fn focus_row(id: String) {
    fn attempt(id: String, left: u32) {
        gloo::timers::callback::Timeout::new(30, move || {
            match gloo::utils::document().get_element_by_id(&id) {
                Some(el) => {
                    el.scroll_into_view();
                    let _ = el.set_attribute("data-focused", "true");
                }
                None if left > 0 => attempt(id, left - 1),
                None => {}
            }
        })
        .forget();
    }
    attempt(id, 30);
}
