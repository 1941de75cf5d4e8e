//! The Insights page: the audit questions answered over the current result (the list's query still
//! applies), a card each, and when the result's sessions started, as a weekday × hour heatmap. Every
//! card and every cell opens the list with a query that selects exactly its sessions, so what an
//! auditor finds here is a link and a CSV away.

use crate::context::use_ctx;
use crate::read_back::{ahead_note, use_answers_ahead, use_read_back, Ahead, ReadBack};
use crate::route::Route;
use crate::state::Action;
use std::rc::Rc;
use trailview_core::insights::{self, Card, Settings, Zone};
use trailview_core::number::{fixed, shortest};
use trailview_core::present::count;
use trailview_core::query::{and_term, select};
use trailview_core::timeline::iso;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

const DAYS: [&str; 7] =
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

#[function_component(InsightsPage)]
pub fn insights_page() -> Html {
    let ctx = use_ctx();
    // Terms of document paths over a file read back from disk are answered ahead, as on the list.
    let ahead = use_answers_ahead(&ctx.documents, &ctx.data, &ctx.applied);
    let rows = use_memo(
        (
            ctx.data.clone(),
            ctx.applied.clone(),
            ctx.marks.clone(),
            ctx.answers.clone(),
            ahead.clone(),
        ),
        |(data, q, _, _, ahead)| {
            if matches!(ahead, Ahead::Reading(..)) {
                return Rc::new(Vec::new());
            }
            let answers = ctx.answers_for(q);
            let qctx = ctx.query_context(&answers, ahead.documents());
            Rc::new(select(data, q, &qctx))
        },
    );
    // One callback for the page's life, so the settings panel's props stay equal between renders.
    let onsettings = use_callback(ctx.dispatch.clone(), |s: Settings, d| {
        d.dispatch(Action::SetInsightSettings(s))
    });
    // The answers are worked out between frames (see LazyAnswers::start); the page says so until then.
    let redraw = use_force_update();
    use_effect_with(ctx.answers.clone(), move |lazy| {
        lazy.start(Callback::from(move |_| redraw.force_update()))
    });
    let ready = ctx.answers.ready();
    // The channels a card names what moved from, read back first when their file is kept on disk.
    let fetches = use_memo((ctx.data.clone(), rows.clone(), ready.is_some()), |(data, rows, _)| {
        ready
            .as_ref()
            .map(|answers| insights::cards_fetches(data, answers, rows))
            .unwrap_or_default()
    });
    let read_back = use_read_back(&ctx.data, (*fetches).clone());
    let cards = use_memo(
        (
            ctx.data.clone(),
            rows.clone(),
            ctx.answers.clone(),
            ready.is_some(),
            read_back != ReadBack::Reading,
        ),
        |(data, rows, ..)| ready.map(|answers| insights::cards(data, &answers, rows)),
    );
    let zone = ctx.insight_settings.zone;
    let heat = use_memo((ctx.data.clone(), rows.clone(), zone), |(data, rows, zone)| {
        insights::heatmap(data, rows, *zone)
    });
    // Opens the list narrowed by a term (an insight, a weekday and hour).
    let open = {
        let (dispatch, applied) = (ctx.dispatch.clone(), ctx.applied.clone());
        Callback::from(move |term: String| {
            dispatch.dispatch(Action::Search(and_term(&applied, &term)));
            crate::route::push(&Route::Sessions);
        })
    };
    if ctx.data.sessions().is_empty() {
        return html! {
            <section class="page insights">
                <h1>{ "Insights" }</h1>
                <p class="muted">{ if ctx.pending > 0 { "Loading…" } else { "Load an export to see the audit questions answered." } }</p>
            </section>
        };
    }
    let scope = if ctx.applied.trim().is_empty() {
        format!("Over all {}.", count(rows.len(), "loaded session", "loaded sessions"))
    } else {
        format!(
            "Over the {} the query {:?} selects.",
            count(rows.len(), "session", "sessions"),
            ctx.applied
        )
    };
    let onall = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::Search(String::new())))
    };
    html! {
        <section class="page insights">
            <h1>{ "Insights" }</h1>
            <p class="muted">{ scope }{ format!(" Local times are read in {}.", zone_label(zone)) }
                if !ctx.applied.trim().is_empty() {
                    { " " }<button type="button" class="link" onclick={onall}>{ "Ask over every session" }</button>
                }
            </p>
            { ahead_note(&ahead, ctx.data.reads_back()) }
            <SettingsPanel settings={ctx.insight_settings.clone()} onchange={onsettings} />
            if let Some(cards) = &*cards {
                <div class="insight-cards">
                    { for cards.iter().map(|c| insight_card(c, &open)) }
                </div>
            } else {
                <p class="muted insight-working" role="status">{ "Working out the answers…" }</p>
            }
            { heatmap(&heat, zone, &open) }
        </section>
    }
}

fn zone_label(z: Zone) -> String {
    match z {
        Zone::Local => "this computer's time zone".into(),
        Zone::Utc => "UTC".into(),
        Zone::Offset(_) => format!("UTC{}", z.name()),
    }
}

/// One question's card. Plain functions rather than components here: each component type costs the
/// gzipped bundle about 600 bytes of Yew's machinery, and these hold no state.
fn insight_card(c: &Card, onopen: &Callback<String>) -> Html {
    let slug = c.insight.slug;
    let n = c.rows.len();
    let onclick = {
        let onopen = onopen.clone();
        Callback::from(move |_| onopen.emit(format!("insight:{slug}")))
    };
    let tops = |title: &str, list: &[(String, usize)]| {
        if list.is_empty() {
            return html! {};
        }
        html! {
            <>
                <dt>{ title.to_string() }</dt>
                <dd>{ for list.iter().map(|(v, k)| html! { <span class="top">{ v.clone() }<span class="muted">{ format!(" {k}") }</span></span> }) }</dd>
            </>
        }
    };
    html! {
        <article class={classes!("insight-card", (n > 0).then_some("found"))} id={format!("insight-{slug}")} data-insight={slug}>
            <h2>{ c.insight.question }</h2>
            <p class="rule muted">{ c.insight.rule }</p>
            <p class="insight-count"><strong>{ n }</strong>{ if n == 1 { " session" } else { " sessions" } }</p>
            if n > 0 {
                <dl class="tops">
                    { tops("Users", &c.users) }
                    { tops("Servers", &c.servers) }
                    { tops("Clients", &c.clients) }
                    { tops("What", &c.what) }
                </dl>
                if let Some(h) = &c.histogram {
                    { mini_chart(&h.counts, h.from_ms, h.to_ms()) }
                }
                <button type="button" class="primary" {onclick}>{ format!("Show {}", count(n, "session", "sessions")) }</button>
            }
        </article>
    }
}

/// When a card's sessions started, as small bars.
fn mini_chart(counts: &[usize], from: i64, to: i64) -> Html {
    let n = counts.len().max(1) as f64;
    let max = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let bars = counts.iter().enumerate().filter(|(_, c)| **c > 0).map(|(i, &c)| {
        let h = (c as f64 / max * 28.0).max(1.5);
        html! { <rect x={fixed(i as f64 * 240.0 / n, 2)} y={fixed(30.0 - h, 2)} width={fixed(240.0 / n * 0.8, 2)} height={fixed(h, 2)} /> }
    });
    html! {
        <figure class="mini-chart">
            <svg viewBox="0 0 240 30" preserveAspectRatio="none" role="img"
                aria-label={format!("When: from {} to {}", iso(from), iso(to))}>
                { for bars }
            </svg>
            <figcaption class="muted"><span>{ iso(from) }</span><span>{ iso(to) }</span></figcaption>
        </figure>
    }
}

/// Sessions by weekday and hour they started; a cell keeps its sessions.
fn heatmap(counts: &[[usize; 24]; 7], zone: Zone, onopen: &Callback<String>) -> Html {
    let max = counts.iter().flatten().copied().max().unwrap_or(0);
    let level = |c: usize| if c == 0 || max == 0 { 0 } else { 1 + (c * 4).saturating_sub(1) / max };
    html! {
        <section class="heatmap" aria-labelledby="heatmap-title">
            <h2 id="heatmap-title">{ "When did the sessions start?" }</h2>
            <p class="muted">{ format!("By weekday and hour, in {}. Choose a cell to list its sessions.", zone_label(zone)) }</p>
            <table>
                <thead>
                    <tr>
                        <th scope="col"><span class="visually-hidden">{ "Day" }</span></th>
                        { for (0..24).map(|h| html! { <th scope="col">{ format!("{h:02}") }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { for DAYS.iter().enumerate().map(|(d, day)| html! {
                        <tr>
                            <th scope="row">{ &day[..3] }</th>
                            { for (0..24).map(|h| {
                                let c = counts[d][h];
                                let onopen = onopen.clone();
                                let term = format!("weekday:{} hour:{h}", &day[..3].to_ascii_lowercase());
                                let onclick = Callback::from(move |_| onopen.emit(term.clone()));
                                html! {
                                    <td>
                                        <button type="button" class={format!("heat l{}", level(c))} disabled={c == 0}
                                            aria-label={format!("{day} {h:02}:00–{:02}:00: {}", (h + 1) % 24, count(c, "session", "sessions"))}
                                            title={format!("{day} {h:02}:00: {c}")} {onclick}>
                                            { if c > 0 { c.to_string() } else { String::new() } }
                                        </button>
                                    </td>
                                }
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}

/// The settings the questions are asked with, kept in this browser.
#[derive(Properties, PartialEq)]
struct SettingsProps {
    settings: Rc<Settings>,
    onchange: Callback<Settings>,
}

/// A component of its own, not a function of the page: its inputs commit on `change`, so a render
/// of the page while one is being typed in (the answers arriving between frames) would put the
/// setting's old value back into the box. As a component it renders only when the settings change.
#[function_component(SettingsPanel)]
fn settings_panel(props: &SettingsProps) -> Html {
    let s: Settings = (*props.settings).clone();
    let set = {
        let (settings, onchange) = (props.settings.clone(), props.onchange.clone());
        move |f: Box<dyn Fn(&mut Settings)>| {
            let mut s = (*settings).clone();
            f(&mut s);
            onchange.emit(s);
        }
    };
    let set = Rc::new(set);
    let number = |apply: fn(&mut Settings, f64)| {
        let set = set.clone();
        Callback::from(move |e: Event| {
            let Some(v) = e
                .target_dyn_into::<HtmlInputElement>()
                .and_then(|i| trailview_core::number::parse_f64(i.value().trim()))
            else {
                return;
            };
            if v.is_finite() && v >= 0.0 {
                set(Box::new(move |s| apply(s, v)));
            }
        })
    };
    let onzone = {
        let set = set.clone();
        Callback::from(move |e: Event| {
            let Some(v) = e.target_dyn_into::<HtmlSelectElement>().map(|i| i.value()) else {
                return;
            };
            let zone = match v.as_str() {
                "utc" => Zone::Utc,
                "offset" => Zone::Offset(0),
                _ => Zone::Local,
            };
            set(Box::new(move |s| s.zone = zone));
        })
    };
    let onoffset = {
        let set = set.clone();
        Callback::from(move |e: Event| {
            if let Some(Zone::Offset(m)) = e
                .target_dyn_into::<HtmlInputElement>()
                .and_then(|i| Zone::parse(&i.value()))
                .filter(|z| matches!(z, Zone::Offset(_)))
            {
                set(Box::new(move |s| s.zone = Zone::Offset(m)));
            }
        })
    };
    let onprivileged = {
        let set = set.clone();
        Callback::from(move |e: Event| {
            let Some(v) = e.target_dyn_into::<HtmlTextAreaElement>().map(|i| i.value()) else {
                return;
            };
            let list: Vec<String> = v
                .split([',', '\n'])
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect();
            set(Box::new(move |s| s.privileged = list.clone()));
        })
    };
    let onreset = props.onchange.reform(|_: MouseEvent| Settings::default());
    let zone_kind = match s.zone {
        Zone::Local => "local",
        Zone::Utc => "utc",
        Zone::Offset(_) => "offset",
    };
    html! {
        <details class="insight-settings">
            <summary>{ "Settings: working week, bursts, privileged accounts" }</summary>
            <div class="settings-grid">
                <span>
                    <label for="insight-zone">{ "Time zone" }</label>{ " " }
                    <select id="insight-zone" onchange={onzone}>
                        <option value="local" selected={zone_kind == "local"}>{ "This computer's" }</option>
                        <option value="utc" selected={zone_kind == "utc"}>{ "UTC" }</option>
                        <option value="offset" selected={zone_kind == "offset"}>{ "Fixed offset" }</option>
                    </select>
                </span>
                if let Zone::Offset(_) = s.zone {
                    <span>
                        <label for="insight-offset">{ "Offset" }</label>{ " " }
                        <input id="insight-offset" type="text" value={s.zone.name()} onchange={onoffset} size="6" placeholder="+05:30" />
                    </span>
                }
                <fieldset>
                    <legend>{ "Working days" }</legend>
                    { for DAYS.iter().enumerate().map(|(d, day)| {
                        let set = set.clone();
                        let onchange = Callback::from(move |e: Event| {
                            let on = e.target_dyn_into::<HtmlInputElement>().is_some_and(|i| i.checked());
                            set(Box::new(move |s| s.days[d] = on));
                        });
                        html! { <label class="day"><input type="checkbox" checked={s.days[d]} {onchange} />{ &day[..3] }</label> }
                    }) }
                </fieldset>
                <label>{ "Working hours from " }
                    <input type="number" min="0" max="23" value={s.start_hour.to_string()}
                        onchange={number(|s, v| if (v as u32) < s.end_hour { s.start_hour = v as u32 })} />
                </label>
                <label>{ " to " }
                    <input type="number" min="1" max="24" value={s.end_hour.to_string()}
                        onchange={number(|s, v| if v as u32 > s.start_hour && v <= 24.0 { s.end_hour = v as u32 })} />
                </label>
                <label>{ "Burst: at least " }
                    <input type="number" min="1" value={s.burst_count.to_string()}
                        onchange={number(|s, v| s.burst_count = (v as usize).max(1))} />
                </label>
                <label>{ " failed logins within minutes: " }
                    <input type="number" min="1" value={s.burst_minutes.to_string()}
                        onchange={number(|s, v| s.burst_minutes = (v as i64).max(1))} />
                </label>
                <label>{ "Long sessions: over hours " }
                    <input type="number" min="0.1" step="0.5" value={shortest(s.long_hours)}
                        onchange={number(|s, v| if v > 0.0 { s.long_hours = v })} />
                </label>
                <label class="wide">{ "Privileged server-side accounts (comma or line separated)" }
                    <textarea rows="2" value={s.privileged.join(", ")} onchange={onprivileged} />
                </label>
                <button type="button" class="quiet" onclick={onreset}>{ "Reset to defaults" }</button>
            </div>
        </details>
    }
}
