//! The app's URLs: hash routes, so links work on any static host and from `file://`. Each view
//! (session list, one session and its tabs, files, one raw document) has a shareable address.

use yew_router::prelude::*;

#[derive(Clone, Debug, PartialEq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/sessions")]
    Sessions,
    #[at("/sessions/:key")]
    Session { key: String },
    #[at("/sessions/:key/:tab")]
    SessionTab { key: String, tab: String },
    #[at("/files")]
    Files,
    #[at("/files/:doc")]
    Document { doc: usize },
    #[not_found]
    #[at("/not-found")]
    NotFound,
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
    pub const ALL: [Tab; 8] =
        [Tab::Connection, Tab::Recording, Tab::Channels, Tab::Analytics, Tab::Alerts, Tab::Events, Tab::Timeline, Tab::Raw];

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
        match sub.split('/').next().unwrap_or(sub) {
            "channels" => Tab::Channels,
            "events" | "content" => Tab::Events,
            "alerts" => Tab::Alerts,
            "trail_downloads" | "indexing" | "indexer" | "indexers" => Tab::Recording,
            _ => Tab::Connection,
        }
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
            assert_eq!(Route::recognize(&path), Some(route), "{path}");
        }
    }

    #[test]
    fn tab_slugs_round_trip() {
        for t in Tab::ALL {
            assert_eq!(Tab::from_slug(t.slug()), Some(t));
        }
        assert_eq!(Tab::for_sub_resource("channels/2"), Tab::Channels);
    }
}
