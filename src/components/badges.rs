//! Small visual encodings: verdict badges (normalised, raw kept visible), risk score badge and gauge.

use trailview_core::anomaly::Severity;
use trailview_core::enums::Verdict;
use yew::prelude::*;

// These are plain functions, not components: they hold no state, and each component type costs
// about 600 bytes of the gzipped bundle in Yew's lifecycle code.

/// The normalised verdict; the spelling in the document is shown beside it when it differs.
pub fn verdict_badge(raw: &str) -> Html {
    let v = Verdict::parse(raw);
    let differs = v.name() != raw;
    let title = format!("{} — {} (written \"{}\")", v.name(), v.meaning(), raw);
    html! {
        <span class="verdict">
            <span class={classes!("badge", v.tone().class())} title={title}>{ v.name().to_string() }</span>
            if differs && !v.is_unknown() {
                <span class="raw">{ format!("written {raw}") }</span>
            }
            if v.is_unknown() {
                <span class="raw warn-text">{ "undocumented value" }</span>
            }
        </span>
    }
}

/// The CSS class of a finding's severity.
pub fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// Risk bands used for colour: SPA scores run 0–100.
pub fn score_band(score: f64) -> &'static str {
    if score >= 70.0 {
        "bad"
    } else if score >= 40.0 {
        "warn"
    } else {
        "good"
    }
}

/// The risk score as a coloured number.
pub fn score_badge(score: Option<f64>) -> Html {
    match score {
        Some(s) => {
            html! { <span class={classes!("score", score_band(s))} title="Risk score from Safeguard for Privileged Analytics (0–100)">{ trailview_core::present::fmt_number(s) }</span> }
        }
        None => {
            html! { <span class="muted" title="No risk score in this document (analytics off or not computed)">{ "—" }</span> }
        }
    }
}

/// The aggregated risk score as a 0–100 gauge.
pub fn score_gauge(score: Option<f64>) -> Html {
    let Some(s) = score else {
        return html! { <p class="muted">{ "No aggregated risk score: the document has no analytics.score (SPA was off or had not scored the session)." }</p> };
    };
    let pct = trailview_core::number::shortest(s.clamp(0.0, 100.0));
    html! {
        <div class="gauge" role="meter" aria-label="Aggregated risk score" aria-valuemin="0" aria-valuemax="100" aria-valuenow={pct.clone()}>
            <div class="gauge-track"><div class={classes!("gauge-fill", score_band(s))} style={format!("width: {pct}%")}></div></div>
            <div class="gauge-label"><strong>{ trailview_core::present::fmt_number(s) }</strong>{ " / 100" }</div>
        </div>
    }
}
