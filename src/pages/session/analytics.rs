//! The Analytics tab: the aggregated risk score as a gauge, each algorithm's detail, the scripted
//! decision and its reasons, interesting events, tags and similar sessions, then every analytics field.

use crate::components::badges::{score_band, score_gauge};
use crate::components::field_table::{field_rows, value_view, Row, Shown};
use crate::route::{Link, Route};
use trailview_core::catalogue::{self, under};
use trailview_core::dataset::SessionEntry;
use trailview_core::path::{get, get_present, leaves};
use trailview_core::present::{fmt_number, number, text};
use trailview_core::Value;
use yew::prelude::*;

pub fn analytics_tab(entry: &SessionEntry, data: &Shown) -> Html {
    let Some(doc) = data.session_doc(entry) else {
        return html! { <div class="empty-tab"><p>{ "The session document is not loaded." }</p></div> };
    };
    let doc = &doc;
    let Some(a) = get_present(doc, "body.analytics") else {
        return html! { <div class="empty-tab"><p>{ "This session has no analytics (Safeguard for Privileged Analytics was not used)." }</p></div> };
    };
    let details = get(a, "score.details").and_then(Value::as_object);
    let scripted = get(a, "scripted").and_then(Value::as_bool);
    let results = get(a, "scripted_results").and_then(Value::as_object);
    let all: Vec<Row> = leaves(doc)
        .into_iter()
        .filter(|l| under(&l.path, "body.analytics"))
        .map(|l| Row::new(catalogue::SESSION, l.path, l.value))
        .collect();
    html! {
        <>
            <section class="group">
                <h2 title={field_meaning("body.analytics.score.aggregated")}>{ "Risk score" }</h2>
                { score_gauge(number(get_present(a, "score.aggregated"))) }
                if let Some(d) = details {
                    <table class="grid">
                        <thead><tr><th scope="col">{ "Algorithm" }</th><th scope="col">{ "Score" }</th><th scope="col">{ "Other details" }</th></tr></thead>
                        <tbody>
                            { for d.iter().map(|(algo, v)| {
                                let s = number(v.get("score"));
                                let rest: Vec<(&String, &Value)> = v.as_object().map(|o| o.iter().filter(|(k, _)| k.as_str() != "score").collect()).unwrap_or_default();
                                html! {
                                    <tr>
                                        <th scope="row" title={algorithm_meaning(algo)}>{ algo.clone() }</th>
                                        <td>{ match s { Some(s) => html! { <span class={classes!("score", score_band(s))}>{ fmt_number(s) }</span> }, None => value_view(None, v, data) } }</td>
                                        <td>{ for rest.iter().map(|(k, v)| html! { <div><span class="label">{ format!("{k}: ") }</span>{ value_view(None, v, data) }</div> }) }</td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                }
            </section>
            <section class="group">
                <h2 title={field_meaning("body.analytics.scripted")}>{ "Scripted-session detection" }</h2>
                <p>{ match scripted {
                    Some(true) => html! { <strong class="warn-text">{ "Scripted: SPA judged this session non-human (automated)." }</strong> },
                    Some(false) => html! { <span>{ "Not scripted: SPA judged this session human." }</span> },
                    None => html! { <span class="muted">{ "No scripted decision in the document." }</span> },
                } }</p>
                if let Some(r) = results.filter(|r| !r.is_empty()) {
                    <table class="grid">
                        <thead><tr><th scope="col">{ "Algorithm" }</th><th scope="col">{ "Result or reason" }</th></tr></thead>
                        <tbody>{ for r.iter().map(|(k, v)| html! { <tr><th scope="row">{ k.clone() }</th><td>{ value_view(None, v, data) }</td></tr> }) }</tbody>
                    </table>
                }
            </section>
            <section class="group">
                <h2 title={field_meaning("body.analytics.interesting_events")}>{ "Interesting events" }</h2>
                { chips(get_present(a, "interesting_events").or_else(|| get_present(a, "interesing_events")), "None.") }
                <h2 title={field_meaning("body.analytics.tags")}>{ "Tags" }</h2>
                { chips(get_present(a, "tags"), "No tags.") }
                <h2 title={field_meaning("body.analytics.similar_sessions")}>{ "Similar sessions" }</h2>
                { similar(get_present(a, "similar_sessions"), data) }
            </section>
            <section class="group">
                <h2>{ "All analytics fields" }</h2>
                { field_rows(&all, data, "body.") }
            </section>
        </>
    }
}

fn field_meaning(path: &str) -> String {
    catalogue::lookup(catalogue::SESSION, path).map(|f| f.meaning.to_string()).unwrap_or_default()
}

fn algorithm_meaning(algo: &str) -> &'static str {
    match algo {
        "command" => "Unusual commands for this user",
        "fis" => "Frequent item sets: unusual combinations of session attributes",
        "hostlogin" => "Unusual host for this user to log in to",
        "logintime" => "Unusual login time for this user",
        "keystroke" => "Typing biometrics differ from the user's usual rhythm",
        "mouse" => "Mouse biometrics differ from the user's usual movement",
        "windowtitle" => "Unusual window titles for this user",
        _ => "An analytics algorithm (details not documented)",
    }
}

fn chips(v: Option<&Value>, empty: &str) -> Html {
    match v {
        Some(Value::Array(a)) if !a.is_empty() => {
            html! { <ul class="chips">{ for a.iter().map(|x| html! { <li>{ text(x) }</li> }) }</ul> }
        }
        Some(Value::String(s)) if !s.is_empty() => {
            html! { <ul class="chips"><li>{ s.clone() }</li></ul> }
        }
        _ => html! { <p class="muted">{ empty.to_string() }</p> },
    }
}

/// Similar sessions link to the loaded session when the entry names one (a key, or an object with
/// `key` or `href`); otherwise they are shown as written.
fn similar(v: Option<&Value>, data: &Shown) -> Html {
    let Some(Value::Array(a)) = v.filter(|v| v.as_array().is_some_and(|a| !a.is_empty())) else {
        return html! { <p class="muted">{ "None." }</p> };
    };
    html! {
        <ul class="similar">
            { for a.iter().map(|item| {
                let key = match item {
                    Value::String(s) => Some(s.clone()),
                    Value::Object(o) => o.get("key").map(text).or_else(|| o.get("href").and_then(Value::as_str).and_then(|h| data.resolve_href(h)).map(|(k, _)| k)),
                    _ => None,
                };
                match key.filter(|k| data.session(k).is_some_and(|s| s.source.is_some())) {
                    Some(k) => html! { <li><Link to={Route::Session { key: k.clone() }}>{ k }</Link></li> },
                    None => html! { <li>{ value_view(None, item, data) }<span class="raw">{ "not loaded" }</span></li> },
                }
            }) }
        </ul>
    }
}
