//! The timeline: sessions of the current result over time, as bars. Drag across it to keep the
//! sessions that started in that span; click a point to keep those active at that instant. Both
//! edit the query, so the selection is visible, editable and shareable.

use crate::context::use_ctx;
use crate::state::Action;
use std::rc::Rc;
use trailview_core::number::fixed;
use trailview_core::query::and_term;
use trailview_core::timeline::{histogram, iso, start_range};
use web_sys::Element;
use yew::prelude::*;

const BINS: usize = 60;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub rows: Rc<Vec<usize>>,
}

/// A drag across an SVG drawing, as fractions of its width: where it started and where the pointer
/// is. Both timelines (the list's and a session's) select a span this way; what a finished drag does
/// is each one's own.
#[derive(Clone)]
pub struct SpanDrag {
    pub svg: NodeRef,
    state: UseStateHandle<Option<(f64, f64)>>,
    pub onmousedown: Callback<MouseEvent>,
    pub onmousemove: Callback<MouseEvent>,
    pub onmouseleave: Callback<MouseEvent>,
}

impl SpanDrag {
    /// The span dragged so far, low end first.
    pub fn span(&self) -> Option<(f64, f64)> {
        (*self.state).map(|(a, b)| if a <= b { (a, b) } else { (b, a) })
    }

    /// Ends the drag and gives its span.
    pub fn finish(&self) -> Option<(f64, f64)> {
        let span = self.span();
        self.state.set(None);
        span
    }
}

#[hook]
pub fn use_span_drag() -> SpanDrag {
    let state = use_state(|| None::<(f64, f64)>);
    let svg = use_node_ref();
    // Fraction of the width under the pointer.
    let frac = {
        let svg = svg.clone();
        move |e: &MouseEvent| {
            svg.cast::<Element>().map_or(0.0, |el| {
                let r = el.get_bounding_client_rect();
                ((e.client_x() as f64 - r.left()) / r.width().max(1.0)).clamp(0.0, 1.0)
            })
        }
    };
    let onmousedown = {
        let (state, frac) = (state.clone(), frac.clone());
        Callback::from(move |e: MouseEvent| {
            // No text selection while dragging.
            e.prevent_default();
            let f = frac(&e);
            state.set(Some((f, f)));
        })
    };
    let onmousemove = {
        let state = state.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some((a, _)) = *state {
                state.set(Some((a, frac(&e))));
            }
        })
    };
    let onmouseleave = {
        let state = state.clone();
        Callback::from(move |_| state.set(None))
    };
    SpanDrag { svg, state, onmousedown, onmousemove, onmouseleave }
}

#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let ctx = use_ctx();
    let hist = use_memo((ctx.data.clone(), props.rows.clone()), |(data, rows)| {
        histogram(data, rows, BINS)
    });
    let drag = use_span_drag();
    let Some(h) = (*hist).clone() else { return html! {} };
    let n = h.counts.len() as f64;
    let max = h.max().max(1) as f64;
    let at_ms = {
        let h = h.clone();
        move |f: f64| h.from_ms + ((h.to_ms() - h.from_ms) as f64 * f) as i64
    };
    let onmouseup = {
        let (drag, ctx, at_ms, h) = (drag.clone(), ctx.clone(), at_ms.clone(), h.clone());
        Callback::from(move |_: MouseEvent| {
            let Some((lo, hi)) = drag.finish() else { return };
            let term = if (hi - lo) * (h.counts.len() as f64) < 0.5 {
                format!("at:{}", iso(at_ms(lo)))
            } else {
                // Snap to whole bins, so the selection is what the bars showed.
                let snap = |f: f64, up: bool| {
                    let i = f * h.counts.len() as f64;
                    let i = if up { i.ceil() } else { i.floor() } as i64;
                    h.from_ms + i * h.bin_ms
                };
                start_range(snap(lo, false), snap(hi, true))
            };
            ctx.dispatch.dispatch(Action::Search(and_term(&ctx.applied, &term)));
        })
    };
    let bars = h.counts.iter().enumerate().filter(|(_, &c)| c > 0).map(|(i, &c)| {
        let height = 100.0 * c as f64 / max;
        let title = format!(
            "{} – {}: {}",
            iso(h.from_ms + i as i64 * h.bin_ms),
            iso(h.from_ms + (i as i64 + 1) * h.bin_ms),
            trailview_core::present::count(c, "session", "sessions")
        );
        html! {
            <rect class="bar" x={fixed(i as f64 / n * 1000.0, 3)} y={fixed(100.0 - height, 2)}
                width={fixed((1000.0 / n - 1.0).max(0.5), 3)} height={fixed(height, 2)}><title>{ title }</title></rect>
        }
    });
    let selection = drag.span().map(|(lo, hi)| {
        html! { <rect class="selection" x={fixed(lo * 1000.0, 2)} y="0" width={fixed(((hi - lo) * 1000.0).max(1.0), 2)} height="100" /> }
    });
    html! {
        <figure class="timeline" aria-label="Sessions over time">
            <svg ref={drag.svg.clone()} viewBox="0 0 1000 100" preserveAspectRatio="none" role="img"
                aria-label={format!("Histogram of {} from {} to {}", trailview_core::present::count(h.counts.iter().sum::<usize>(), "session start", "session starts"), iso(h.from_ms), iso(h.to_ms()))}
                onmousedown={drag.onmousedown.clone()} onmousemove={drag.onmousemove.clone()} {onmouseup} onmouseleave={drag.onmouseleave.clone()}>
                { for bars }
                { for selection }
            </svg>
            <figcaption>
                <span>{ iso(h.from_ms) }</span>
                <span class="muted">{ "Drag to keep sessions that started in a span; click to keep those active at an instant (UTC)" }
                    if h.undated > 0 { { format!(" · {} without a start time", h.undated) } }
                </span>
                <span>{ iso(h.to_ms()) }</span>
            </figcaption>
        </figure>
    }
}
