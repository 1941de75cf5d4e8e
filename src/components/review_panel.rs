//! The auditor's marks on one session: flag, reviewed, and a note, saved as they change in this
//! browser's local storage (keyed by the file's SHA-256 and the session key).

use crate::context::Ctx;
use crate::state::Action;
use trailview_core::review::Mark;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// The marks of the session `key`. (A function of the page's context, not a component: it holds no
/// state of its own.)
pub fn review_panel(ctx: &Ctx, key: &str) -> Html {
    let mark = ctx.marks.get(key).cloned().unwrap_or_default();
    let set = {
        let (dispatch, key) = (ctx.dispatch.clone(), key.to_string());
        move |m: Mark| dispatch.dispatch(Action::Mark(key.clone(), m))
    };
    let onflag = {
        let (set, m) = (set.clone(), mark.clone());
        Callback::from(move |_| set(Mark { flagged: !m.flagged, ..m.clone() }))
    };
    let onreviewed = {
        let (set, m) = (set.clone(), mark.clone());
        Callback::from(move |_| set(Mark { reviewed: !m.reviewed, ..m.clone() }))
    };
    let onnote = {
        let (set, m) = (set.clone(), mark.clone());
        Callback::from(move |e: Event| {
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            set(Mark { note: el.value(), ..m.clone() })
        })
    };
    let onprint = Callback::from(|_| {
        let _ = gloo::utils::window().print();
    });
    html! {
        <section class="review" aria-label="Your review">
            <button type="button" aria-pressed={mark.flagged.to_string()} onclick={onflag} title="Flag for a closer look (filter with review:flagged)">
                { if mark.flagged { "⚑ Flagged" } else { "⚑ Flag" } }
            </button>
            <button type="button" aria-pressed={mark.reviewed.to_string()} onclick={onreviewed} title="Mark as reviewed (filter with review:reviewed)">
                { if mark.reviewed { "✓ Reviewed" } else { "✓ Mark reviewed" } }
            </button>
            <label class="visually-hidden" for="review-note">{ "Note" }</label>
            // Not a controlled box: Yew puts a `value` back into the box on every redraw, so a note being
            // typed was lost when anything redrew the page before it was saved (a file's hash arriving).
            // The saved note is the box's default, and the box is made anew when it changes.
            <textarea key={format!("{key}\u{1f}{}", mark.note)} id="review-note" rows="1"
                placeholder="Note (kept in this browser only; saved when you leave the box)"
                defaultvalue={mark.note.clone()} onchange={onnote} />
            <button type="button" onclick={onprint} title="A print-ready report of this session, with its files and their SHA-256">{ "Print report" }</button>
        </section>
    }
}
