//! The facet side panel: value counts over the current result. Click a value to keep only it,
//! Alt-click (or the ⊘ button) to exclude it; both edit the query, which shows what was done.

use crate::context::use_ctx;
use crate::data::Data;
use crate::state::Action;
use std::rc::Rc;
use trailview_core::facets::{refine, Counts};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FacetPanelProps {
    pub rows: Rc<Vec<usize>>,
}

#[function_component(FacetPanel)]
pub fn facet_panel(props: &FacetPanelProps) -> Html {
    let ctx = use_ctx();
    // The last result's counts, from which the next result's are moved (a keystroke changes a
    // result by fewer sessions than it holds, most often).
    let last = use_mut_ref(|| None::<(Data, Rc<Vec<usize>>, Counts)>);
    let all = use_memo((ctx.data.clone(), props.rows.clone()), |(data, rows)| {
        let mut last = last.borrow_mut();
        let counts = match last.take() {
            Some((d, old, counts)) if d == *data => counts.moved(data, &old, rows),
            _ => Counts::of(data, rows),
        };
        let top = counts.top(data, 8);
        *last = Some((data.clone(), rows.clone(), counts));
        top
    });
    let apply = |field: &'static str, value: String, exclude: bool| {
        let dispatch = ctx.dispatch.clone();
        let query = ctx.applied.clone();
        move || dispatch.dispatch(Action::Search(refine(&query, field, &value, exclude)))
    };
    html! {
        <aside class="facets" aria-label="Facets">
            { for all.iter().filter(|f| !f.values.is_empty()).map(|f| html! {
                <section class="facet">
                    <h2>{ f.label }</h2>
                    <ul>
                        { for f.values.iter().map(|(value, n)| {
                            let keep = apply(f.field, value.clone(), false);
                            let alt = apply(f.field, value.clone(), true);
                            let onclick = Callback::from(move |e: MouseEvent| if e.alt_key() { alt() } else { keep() });
                            let drop = apply(f.field, value.clone(), true);
                            let onexclude = Callback::from(move |_| drop());
                            html! {
                                <li>
                                    <button type="button" class="facet-value" title={format!("Only {} {value} (Alt-click to exclude)", f.label)} {onclick}>
                                        <span class="fv">{ value.clone() }</span><span class="fc">{ n }</span>
                                    </button>
                                    <button type="button" class="facet-exclude" aria-label={format!("Exclude {} {value}", f.label)} title="Exclude" onclick={onexclude}>{ "⊘" }</button>
                                </li>
                            }
                        }) }
                    </ul>
                    if f.more > 0 { <p class="muted">{ format!("and {} more", f.more) }</p> }
                </section>
            }) }
        </aside>
    }
}
