//! Pages: one per route. They select what to show from the dataset and compose components.

pub mod document;
pub mod files;
pub mod insights;
pub mod session;
pub mod sessions;

use crate::route::{use_route, Link, Route, Tab};
use yew::prelude::*;

/// The page of the current route.
#[function_component(Routed)]
pub fn routed() -> Html {
    switch(use_route())
}

/// Route → page. Pure: the URL alone decides what is shown.
fn switch(route: Route) -> Html {
    match route {
        Route::Home | Route::Sessions => html! { <sessions::SessionsPage /> },
        Route::Session { key } => {
            html! { <session::SessionPage skey={key} tab={Tab::Connection} /> }
        }
        Route::SessionTab { key, tab } => match Tab::from_slug(&tab) {
            Some(t) => html! { <session::SessionPage skey={key} tab={t} /> },
            None => not_found(&format!("There is no tab called \"{tab}\".")),
        },
        Route::Files => html! { <files::FilesPage /> },
        Route::Insights => html! { <insights::InsightsPage /> },
        Route::Document { doc } => html! { <document::DocumentPage {doc} /> },
        Route::NotFound => not_found("This address does not name a view of Trailview."),
    }
}

fn not_found(why: &str) -> Html {
    html! {
        <section class="page">
            <h1>{ "Not found" }</h1>
            <p>{ why.to_string() }</p>
            <p><Link to={Route::Sessions}>{ "Go to the session list" }</Link></p>
        </section>
    }
}
