//! A time in the chosen zone, with that zone beside it and the value as written on hover.

use crate::state::use_ctx;
use trailview_core::time::Timestamp;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TimeTextProps {
    pub ts: Timestamp,
    /// Also print the value as written (detail views).
    #[prop_or(false)]
    pub show_raw: bool,
}

#[function_component(TimeText)]
pub fn time_text(props: &TimeTextProps) -> Html {
    let mode = use_ctx().mode;
    let shown = props.ts.show(mode);
    let title = format!("As written in the document: {}", props.ts.raw);
    html! {
        <span class="time">
            <time datetime={props.ts.machine()} title={title}>{ shown.text }</time>
            <span class={classes!("tz", props.ts.is_naive().then_some("tz-unknown"))}>{ shown.zone }</span>
            if props.show_raw {
                <span class="raw">{ format!("written {}", props.ts.raw) }</span>
            }
        </span>
    }
}
