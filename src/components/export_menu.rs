//! Exports of the current result: CSV with chosen columns (times in the chosen zone, named in the
//! header), the session documents as JSON, and the review marks (export and import).

use crate::context::use_ctx;
use crate::download;
use crate::state::Action;
use std::rc::Rc;
use trailview_core::columns::{csv_columns, csv_defaults, Col};
use trailview_core::export::{csv, documents, documents_into, DOCUMENTS_END, DOCUMENTS_START};
use trailview_core::review;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExportMenuProps {
    pub rows: Rc<Vec<usize>>,
}

#[function_component(ExportMenu)]
pub fn export_menu(props: &ExportMenuProps) -> Html {
    let ctx = use_ctx();
    let columns = use_state(csv_defaults);
    let n = props.rows.len();
    let stamp = trailview_core::time::local_stamp();
    let oncsv = {
        let (ctx, rows, columns, stamp) =
            (ctx.clone(), props.rows.clone(), columns.clone(), stamp.clone());
        Callback::from(move |_| {
            let zone = trailview_core::time::local_zone();
            let ordered: Vec<Col> = csv_columns().filter(|c| columns.contains(c)).collect();
            let text = csv(&ctx.data, &rows, &ordered, ctx.mode, &zone, &ctx.marks);
            download::save(
                &format!("trailview-sessions-{stamp}.csv"),
                "text/csv;charset=utf-8",
                &text,
            );
        })
    };
    let onjson = {
        let (ctx, rows, stamp) = (ctx.clone(), props.rows.clone(), stamp.clone());
        Callback::from(move |_| {
            let name = format!("trailview-sessions-{stamp}.json");
            if !ctx.data.reads_back() {
                return download::save(&name, "application/json", &documents(&ctx.data, &rows));
            }
            // Documents kept on disk are read back a share at a time, each share written as it is read.
            let (data, rows, dispatch) = (ctx.data.clone(), rows.clone(), ctx.dispatch.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let parts = js_sys::Array::of1(&DOCUMENTS_START.into());
                let mut first = true;
                for share in rows.chunks(2_000) {
                    let fetches = share
                        .iter()
                        .filter_map(|&r| data.sessions().get(r))
                        .filter_map(|e| data.source_fetch(e))
                        .collect();
                    if let Err(why) = crate::read_back::fetch(&data, fetches).await {
                        return dispatch.dispatch(Action::Problem(format!(
                            "The JSON export stopped: its documents could not be read back ({why})"
                        )));
                    }
                    let mut out = String::new();
                    documents_into(&data, share, &mut out, &mut first);
                    parts.push(&out.into());
                }
                parts.push(&DOCUMENTS_END.into());
                download::save_parts(&name, "application/json", &parts);
            });
        })
    };
    let onmarks = {
        let (ctx, stamp) = (ctx.clone(), stamp.clone());
        Callback::from(move |_| {
            let text =
                serde_json::to_string_pretty(&review::to_json(&ctx.marks)).unwrap_or_default();
            download::save(
                &format!("trailview-review-marks-{stamp}.json"),
                "application/json",
                &text,
            );
        })
    };
    let onimport = {
        let (dispatch, loads) = (ctx.dispatch.clone(), ctx.loads.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|l| l.get(0)) else { return };
            input.set_value("");
            let (dispatch, loads) = (dispatch.clone(), loads.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let (name, bytes) = crate::loader::read_file(file).await;
                let parsed = bytes
                    .and_then(|b| {
                        serde_json::from_slice::<serde_json::Value>(&b)
                            .map_err(|e| format!("{name}: not JSON ({e})"))
                    })
                    .and_then(|v| review::from_json(&v).map_err(|e| format!("{name}: {e}")));
                match parsed {
                    Ok(marks) => dispatch.dispatch(Action::ImportMarks(marks)),
                    Err(message) => {
                        // Through the loader, so the refusal reads like any other file's.
                        loads.started(1);
                        loads.load(vec![crate::incoming::Incoming::bytes(
                            name,
                            trailview_core::dataset::Origin::Local,
                            Err(message),
                        )])
                    }
                }
            });
        })
    };
    html! {
        <details class="export">
            <summary>{ "Export" }</summary>
            <div class="export-body">
                <fieldset>
                    <legend>{ "CSV columns" }</legend>
                    { for csv_columns().map(|c| {
                        let checked = columns.contains(&c);
                        let columns = columns.clone();
                        let onchange = Callback::from(move |_| {
                            let mut next = (*columns).clone();
                            if let Some(i) = next.iter().position(|x| *x == c) { next.remove(i); } else { next.push(c); }
                            columns.set(next);
                        });
                        html! { <label class="check"><input type="checkbox" {checked} {onchange} />{ c.label() }</label> }
                    }) }
                </fieldset>
                <div class="export-actions">
                    <button type="button" onclick={oncsv} disabled={n == 0 || columns.is_empty()}>{ format!("CSV of {}", trailview_core::present::count(n, "session", "sessions")) }</button>
                    <button type="button" onclick={onjson} disabled={n == 0}>{ format!("JSON of {}", trailview_core::present::count(n, "document", "documents")) }</button>
                    <button type="button" onclick={onmarks}>{ format!("Review marks ({})", ctx.marks.len()) }</button>
                    <label class="button">{ "Import marks…" }
                        <input type="file" accept=".json,application/json" class="visually-hidden" onchange={onimport} aria-label="Import review marks" />
                    </label>
                </div>
                <p class="muted">{ format!("Times in the CSV are in the zone chosen under Times ({}); the header names it.", ctx.mode.label()) }</p>
            </div>
        </details>
    }
}
