//! "Fetch from SPS": the current query as the SPS REST calls that produce the same export on the
//! server, for a result larger than one tab holds. Trailview writes the URL and a script; it sends
//! nothing itself (its policy forbids it any address but its own).

use crate::context::Ctx;
use trailview_core::sps_fetch::{list_path, script, translate};
use yew::prelude::*;

/// A function, not a component: it holds no state, and a component type costs the bundle kilobytes.
pub fn sps_fetch(ctx: &Ctx) -> Html {
    let query = ctx.applied.clone();
    let Ok(t) = translate(&query) else { return html! {} };
    let text = script(&t, &query);
    let ondownload = {
        let text = text.clone();
        Callback::from(move |_| {
            crate::download::save("fetch-sessions.sh", "text/x-shellscript", &text)
        })
    };
    let oncopy = {
        let text = text.clone();
        Callback::from(move |_| {
            let clipboard = gloo::utils::window().navigator().clipboard();
            let _ = clipboard.write_text(&text);
        })
    };
    html! {
        <details class="sps-fetch">
            <summary>{ "Fetch from SPS" }</summary>
            <div class="sps-body">
                <p>{ "For more sessions than this tab holds, let SPS make the export: the script below logs in, takes a snapshot of this query's result, pages through it and writes NDJSON that Trailview opens. Trailview sends nothing." }</p>
                <dl class="sps-q">
                    <dt>{ "Query for SPS" }</dt>
                    <dd><code>{ t.q.clone().unwrap_or_else(|| "(every session)".into()) }</code></dd>
                    <dt>{ "List request" }</dt>
                    <dd><code class="wrap">{ list_path(t.q.as_deref()) }</code></dd>
                    if !t.left_out.is_empty() {
                        <dt>{ "Left to Trailview" }</dt>
                        <dd>
                            <ul>{ for t.left_out.iter().map(|l| html! { <li>{ l.clone() }</li> }) }</ul>
                            <span class="muted">{ "SPS cannot be asked these; the export holds more, and this query narrows it again once loaded." }</span>
                        </dd>
                    }
                </dl>
                <pre class="script" aria-label="fetch-sessions.sh">{ text }</pre>
                <div class="sps-actions">
                    <button type="button" onclick={ondownload}>{ "Download fetch-sessions.sh" }</button>
                    <button type="button" onclick={oncopy}>{ "Copy script" }</button>
                </div>
            </div>
        </details>
    }
}
