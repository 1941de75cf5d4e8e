//! A time in the chosen zone, with that zone beside it and the value as written on hover.
//! A plain function rather than a component: it reads no context (the caller passes the mode), and
//! a component's lifecycle code costs about 600 bytes of the bundle.

use trailview_core::time::{TimeMode, Timestamp};
use yew::prelude::*;

/// `show_raw` also prints the value as written (detail views).
pub fn time_text(ts: &Timestamp, mode: TimeMode, show_raw: bool) -> Html {
    let shown = ts.show(mode);
    let title = format!("As written in the document: {}", ts.raw);
    html! {
        <span class="time">
            <time datetime={ts.machine()} title={title}>{ shown.text }</time>
            <span class={classes!("tz", ts.is_naive().then_some("tz-unknown"))}>{ shown.zone }</span>
            if show_raw {
                <span class="raw">{ format!("written {}", ts.raw) }</span>
            }
        </span>
    }
}
