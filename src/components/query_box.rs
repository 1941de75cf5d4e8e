//! The search box: the query language of `trailview_core::query::lang`, its syntax error shown under
//! the box at its column with what was expected, and a help popover listing the fields and their
//! meanings.

use trailview_core::query::eval::fields;
use trailview_core::query::lang::parse;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct QueryBoxProps {
    pub value: String,
    /// The last query that parses, whose result the list keeps showing while `value` does not.
    pub applied: String,
    pub onchange: Callback<String>,
}

#[function_component(QueryBox)]
pub fn query_box(props: &QueryBoxProps) -> Html {
    let help = use_state(|| false);
    let error = parse(&props.value).err();
    let oninput = {
        let onchange = props.onchange.clone();
        Callback::from(move |e: InputEvent| {
            let el: HtmlInputElement = e.target_unchecked_into();
            onchange.emit(el.value());
        })
    };
    let ontoggle = {
        let help = help.clone();
        Callback::from(move |_| help.set(!*help))
    };
    let onkeydown = {
        let help = help.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" && *help {
                help.set(false);
            }
        })
    };
    html! {
        <div class="query" {onkeydown}>
            <div class="query-row">
                <input id="search" type="search" class={classes!("search", error.is_some().then_some("invalid"))}
                    aria-label="Search sessions" aria-invalid={error.is_some().then_some("true")}
                    aria-describedby={error.is_some().then_some("query-error")}
                    value={props.value.clone()} {oninput} autocomplete="off" spellcheck="false"
                    placeholder="user.name:alice protocol:SSH score:[70 TO 100] \"rm -rf\" — press / to search, ? for help" />
                <button type="button" class="help-toggle" aria-expanded={help.to_string()} aria-controls="query-help"
                    title="Search syntax and fields" onclick={ontoggle}>{ "Syntax" }</button>
            </div>
            if let Some(err) = &error {
                <p id="query-error" class="query-error" role="alert">
                    <code class="query-echo" aria-hidden="true">
                        { props.value.chars().take(err.column - 1).collect::<String>() }
                        <span class="caret">{ props.value.chars().nth(err.column - 1).map(String::from).unwrap_or_else(|| "␣".into()) }</span>
                        { props.value.chars().skip(err.column).collect::<String>() }
                    </code>
                    { format!("Column {}: {}. ", err.column, err.kind) }
                    <span class="kept-result">
                        if props.applied.trim().is_empty() {
                            { "Until it is fixed, the list shows every session." }
                        } else {
                            { "Until it is fixed, the list keeps the result of the last valid query, " }<code>{ props.applied.clone() }</code>{ "." }
                        }
                    </span>
                </p>
            }
            if *help {
                <div id="query-help" class="query-help" role="dialog" aria-label="Search syntax" tabindex="0">
                    <h2>{ "Search syntax" }</h2>
                    <ul class="syntax">
                        <li><code>{ "alice" }</code>{ " any value of the session, its channels, events and alerts contains it" }</li>
                        <li><code>{ "\"rm -rf\"" }</code>{ " a phrase" }</li>
                        <li><code>{ "user.name:alice" }</code>{ " a field (any path under body) equals it; " }<code>{ "adm*" }</code>{ " wildcards" }</li>
                        <li><code>{ "score:[70 TO 100]" }</code>{ " a range (" }<code>{ "{ }" }</code>{ " excludes the ends, " }<code>{ "*" }</code>{ " is open)" }</li>
                        <li><code>{ "start_time:>2024-03-01" }</code>{ " compare; times as instants (UTC when no zone), verdicts normalised" }</li>
                        <li><code>{ "a OR b" }</code>{ ", " }<code>{ "a AND b" }</code>{ " (or just " }<code>{ "a b" }</code>{ "), " }<code>{ "NOT a" }</code>{ " or " }<code>{ "-a" }</code>{ ", " }<code>{ "( )" }</code></li>
                    </ul>
                    <h2>{ "Fields" }</h2>
                    <dl class="fields">
                        { for fields().map(|(f, meaning)| html! { <><dt><code>{ f }</code></dt><dd>{ meaning }</dd></> }) }
                    </dl>
                    <p class="muted">{ "Any documented field works by its path under body, e.g. recording.verdict, client.ip, analytics.scripted." }</p>
                </div>
            }
        </div>
    }
}
