//! The app's URLs: hash routes, so links work on any static host and from `file://`. Each view
//! (session list, one session and its tabs, files, one raw document) has a shareable address.

use gloo::events::EventListener;
use trailview_core::percent;
use yew::prelude::*;

/// A view of the app, as its address names it.
#[derive(Clone, Debug, PartialEq)]
pub enum Route {
    Home,
    Sessions,
    Session { key: String },
    SessionTab { key: String, tab: String },
    Insights,
    Files,
    Document { doc: usize },
    NotFound,
}

impl Route {
    /// The path after the `#`; a key is percent-encoded, so one holding `/`, `?` or `#` survives.
    pub fn to_path(&self) -> String {
        match self {
            Route::Home => "/".into(),
            Route::Sessions => "/sessions".into(),
            Route::Session { key } => format!("/sessions/{}", percent::encode(key)),
            Route::SessionTab { key, tab } => {
                format!("/sessions/{}/{}", percent::encode(key), percent::encode(tab))
            }
            Route::Insights => "/insights".into(),
            Route::Files => "/files".into(),
            Route::Document { doc } => format!("/files/{doc}"),
            Route::NotFound => "/not-found".into(),
        }
    }

    /// The `href` of a link to the route.
    pub fn href(&self) -> String {
        format!("#{}", self.to_path())
    }

    /// The route a path names; anything else is [`Route::NotFound`], which says so rather than
    /// guessing. A trailing slash is forgiven, as people type one.
    pub fn recognize(path: &str) -> Route {
        let path = path.strip_suffix('/').filter(|p| !p.is_empty()).unwrap_or(path);
        let Some(rest) = path.strip_prefix('/') else {
            return if path.is_empty() { Route::Home } else { Route::NotFound };
        };
        let segments: Vec<&str> = rest.split('/').collect();
        let named = |s: &str| (!s.is_empty()).then(|| percent::decode(s));
        match segments[..] {
            [""] => Route::Home,
            ["sessions"] => Route::Sessions,
            ["sessions", key] => named(key).map_or(Route::NotFound, |key| Route::Session { key }),
            ["sessions", key, tab] => match (named(key), named(tab)) {
                (Some(key), Some(tab)) => Route::SessionTab { key, tab },
                _ => Route::NotFound,
            },
            ["insights"] => Route::Insights,
            ["files"] => Route::Files,
            ["files", doc] => doc.parse().map_or(Route::NotFound, |doc| Route::Document { doc }),
            _ => Route::NotFound,
        }
    }

    /// The route of a location's hash (`#/sessions/k/raw?q=…`): the view's parameters after `?`
    /// are [`crate::url_state`]'s.
    pub fn from_hash(hash: &str) -> Route {
        Route::recognize(hash_path(hash))
    }
}

/// The path part of a location's hash, as typed.
pub fn hash_path(hash: &str) -> &str {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    hash.split_once('?').map_or(hash, |(path, _)| path)
}

fn current() -> Route {
    Route::from_hash(&gloo::utils::window().location().hash().unwrap_or_default())
}

/// Goes to a route as a link would: a new history entry, so Back returns.
pub fn push(route: &Route) {
    let window = gloo::utils::window();
    if let Ok(history) = window.history() {
        let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&route.href()));
    }
    // `pushState` fires no event of its own. The one a link's click fires tells the router at once,
    // so whatever the caller does next (focusing the search box) finds the new view rendered.
    if let Ok(e) = web_sys::Event::new("hashchange") {
        let _ = window.dispatch_event(&e);
    }
}

#[derive(Properties, PartialEq)]
pub struct RouterProps {
    pub children: Html,
}

/// Provides the current [`Route`] to everything under it, following the hash as links, Back and
/// Forward and typed addresses change it. Links are plain anchors (`#/…`), so opening one in a new
/// tab, copying it or middle-clicking works as on any page.
#[function_component(Router)]
pub fn router(props: &RouterProps) -> Html {
    let route = use_state_eq(current);
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let window = gloo::utils::window();
            let follow = move |_: &web_sys::Event| route.set(current());
            let listeners = [
                EventListener::new(&window, "hashchange", follow.clone()),
                EventListener::new(&window, "popstate", follow),
            ];
            move || drop(listeners)
        });
    }
    html! { <ContextProvider<Route> context={(*route).clone()}>{ props.children.clone() }</ContextProvider<Route>> }
}

/// The current route (re-renders the caller when it changes).
#[hook]
pub fn use_route() -> Route {
    use_context::<Route>().unwrap_or(Route::Home)
}

#[derive(Properties, PartialEq)]
pub struct LinkProps {
    pub to: Route,
    #[prop_or_default]
    pub classes: Classes,
    #[prop_or_default]
    pub children: Html,
}

/// A link to a view of the app.
#[function_component(Link)]
pub fn link(props: &LinkProps) -> Html {
    html! { <a href={props.to.href()} class={props.classes.clone()}>{ props.children.clone() }</a> }
}

/// The tabs of the session detail, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Connection,
    Recording,
    Channels,
    Analytics,
    Alerts,
    Events,
    Timeline,
    Raw,
}

impl Tab {
    pub const ALL: [Tab; 8] = [
        Tab::Connection,
        Tab::Recording,
        Tab::Channels,
        Tab::Analytics,
        Tab::Alerts,
        Tab::Events,
        Tab::Timeline,
        Tab::Raw,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Tab::Connection => "connection",
            Tab::Recording => "recording",
            Tab::Channels => "channels",
            Tab::Analytics => "analytics",
            Tab::Alerts => "alerts",
            Tab::Events => "events",
            Tab::Timeline => "timeline",
            Tab::Raw => "raw",
        }
    }

    pub fn from_slug(s: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.slug() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Tab::Connection => "Connection",
            Tab::Recording => "Recording",
            Tab::Channels => "Channels",
            Tab::Analytics => "Analytics",
            Tab::Alerts => "Alerts",
            Tab::Events => "Events",
            Tab::Timeline => "Timeline",
            Tab::Raw => "Raw JSON",
        }
    }

    /// The tab an API sub-resource is shown on (`channels`, `events` …).
    pub fn for_sub_resource(sub: &str) -> Tab {
        let kind = trailview_core::ingest::kinds::Kind::by_name(sub);
        kind.and_then(|k| Tab::from_slug(k.tab)).unwrap_or(Tab::Connection)
    }

    pub fn route(self, key: &str) -> Route {
        Route::SessionTab { key: key.to_string(), tab: self.slug().to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_with_reserved_characters_round_trip() {
        for key in ["rUhhQZ3jYsY1NDWYp9DEpq", "svc/a b?c#d", "(no key: x.json /items/3)"] {
            let route = Tab::Raw.route(key);
            let path = route.to_path();
            assert_eq!(Route::recognize(&path), route, "{path}");
            assert_eq!(Route::from_hash(&format!("{}?q=x%2Fy", route.href())), route);
        }
    }

    #[test]
    fn every_route_round_trips_and_strays_are_not_found() {
        let key = "k".to_string();
        for route in [
            Route::Home,
            Route::Sessions,
            Route::Session { key: key.clone() },
            Route::SessionTab { key, tab: "raw".into() },
            Route::Insights,
            Route::Files,
            Route::Document { doc: 12 },
            Route::NotFound,
        ] {
            assert_eq!(Route::recognize(&route.to_path()), route);
        }
        assert_eq!(Route::from_hash(""), Route::Home);
        assert_eq!(Route::from_hash("#"), Route::Home);
        assert_eq!(Route::from_hash("#?q=root"), Route::Home);
        assert_eq!(Route::from_hash("#/sessions/"), Route::Sessions);
        assert_eq!(Route::from_hash("#/sessions/a%20b"), Route::Session { key: "a b".into() });
        for stray in [
            "#/bogus",
            "#/files/x",
            "#/files/-1",
            "#/sessions//raw",
            "#/sessions/k/raw/more",
            "#sessions",
        ] {
            assert_eq!(Route::from_hash(stray), Route::NotFound, "{stray}");
        }
        assert_eq!(hash_path("#/sessions/k?q=a"), "/sessions/k");
    }

    #[test]
    fn tab_slugs_round_trip() {
        for t in Tab::ALL {
            assert_eq!(Tab::from_slug(t.slug()), Some(t));
        }
        assert_eq!(Tab::for_sub_resource("channels/2"), Tab::Channels);
    }
}
