//! Messages about loading: errors name the file, line and column; each can be dismissed.

use crate::state::{Action, Level, Notice};
use yew::prelude::*;

/// (A function, not a component: it holds no state of its own.)
pub fn notices(
    notices: &[Notice],
    dispatch: &UseReducerDispatcher<crate::state::AppState>,
) -> Html {
    if notices.is_empty() {
        return html! {};
    }
    html! {
        <div class="notices">
            { for notices.iter().rev().map(|n| {
                let (class, role) = match n.level {
                    Level::Error => ("notice error", "alert"),
                    Level::Warning => ("notice warning", "alert"),
                    Level::Info => ("notice info", "status"),
                };
                let id = n.id;
                let dispatch = dispatch.clone();
                let ondismiss = Callback::from(move |_| dispatch.dispatch(Action::Dismiss(id)));
                html! {
                    <div class={class} role={role} key={n.id}>
                        <div class="notice-text">
                            <strong>{ &n.title }</strong>
                            if !n.details.is_empty() {
                                <ul>{ for n.details.iter().take(20).map(|d| html! { <li>{ d }</li> }) }</ul>
                            }
                            if n.details.len() > 20 {
                                <p>{ format!("… and {} more (see Files)", n.details.len() - 20) }</p>
                            }
                        </div>
                        <button type="button" class="dismiss" aria-label="Dismiss message" onclick={ondismiss}>{ "×" }</button>
                    </div>
                }
            }) }
        </div>
    }
}
