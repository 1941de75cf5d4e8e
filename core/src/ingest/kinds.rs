//! The document kinds, one row each: what a kind is called, which catalogue table checks its
//! items, which of a session's attachments they join, which API sub-resource names and which member
//! of a session's body carry it, and which tab of the session page shows it.
//!
//! Adding a kind is a variant of [`DocKind`], its row here, and its rule in [`super::detect`].

use crate::catalogue::{self, Field};

/// The kinds of document Trailview understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// `{key, body, meta}` of one session.
    Session,
    /// `GET /api/audit/sessions`: link stubs, or full bodies with `fields=*`.
    SessionList,
    /// A bare JSON array of session documents.
    SessionArray,
    /// A bare JSON array of documents of any kind; each element is loaded on its own.
    DocumentArray,
    /// `…/channels`: the channels of one session.
    Channels,
    /// `…/channels/<n>`: one channel.
    Channel,
    /// `…/events`; `legacy` for the 5.x `psm.events.*` keys.
    Events {
        /// The 5.x keys (`psm.events.*`).
        legacy: bool,
    },
    /// `…/alerts`: content-policy alerts.
    Alerts,
    /// `…/trail_downloads`: who downloaded the audit trail.
    TrailDownloads,
    /// `…/indexing`: the indexer's jobs.
    Indexer,
    /// `…/content?q=`: content-search hits (shape not pinned down by the vendor).
    ContentHits,
    /// An API error response (`{"error": …}`).
    ApiError,
    /// Not an SPS document Trailview knows; kept and shown raw ([`super::classify`] says what was
    /// found instead).
    Unknown,
}

/// Which of a session's attachments a collection's items join.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attach {
    /// Its channels.
    Channels,
    /// Its events.
    Events,
    /// Its content-policy alerts.
    Alerts,
    /// Who downloaded its audit trail.
    TrailDownloads,
    /// Its indexer jobs.
    Indexer,
}

/// One document kind.
pub struct Kind {
    /// Which kind.
    pub kind: DocKind,
    /// One document of it, for messages and the files page ("session list").
    pub label: &'static str,
    /// Several ("3 session lists").
    pub plural: &'static str,
    /// The catalogue table its items are checked against.
    pub table: Option<&'static [Field]>,
    /// The attachment of its session its items join.
    pub attach: Option<Attach>,
    /// The API sub-resource names it is read from (`/api/audit/sessions/<key>/<name>`), the link's
    /// name in a session's body first; a trailing `*` takes any name that begins so.
    pub names: &'static [&'static str],
    /// The member of a session's body that may carry its items inline.
    pub inline: Option<&'static str>,
    /// The slug of the session page's tab that shows it.
    pub tab: &'static str,
}

/// Every kind.
pub static KINDS: &[Kind] = &[
    Kind {
        kind: DocKind::Session,
        label: "session",
        plural: "sessions",
        table: None,
        attach: None,
        names: &[],
        inline: None,
        tab: "connection",
    },
    Kind {
        kind: DocKind::SessionList,
        label: "session list",
        plural: "session lists",
        table: None,
        attach: None,
        names: &[],
        inline: None,
        tab: "connection",
    },
    Kind {
        kind: DocKind::SessionArray,
        label: "array of sessions",
        plural: "arrays of sessions",
        table: None,
        attach: None,
        names: &[],
        inline: None,
        tab: "connection",
    },
    Kind {
        kind: DocKind::DocumentArray,
        label: "array of documents",
        plural: "arrays of documents",
        table: None,
        attach: None,
        names: &[],
        inline: None,
        tab: "connection",
    },
    Kind {
        kind: DocKind::Channels,
        label: "channels",
        plural: "channels documents",
        table: Some(catalogue::CHANNEL),
        attach: Some(Attach::Channels),
        names: &["channels"],
        inline: Some("channels"),
        tab: "channels",
    },
    Kind {
        kind: DocKind::Channel,
        label: "channel",
        plural: "single channels",
        table: Some(catalogue::CHANNEL),
        attach: Some(Attach::Channels),
        names: &[],
        inline: None,
        tab: "channels",
    },
    Kind {
        kind: DocKind::Events { legacy: false },
        label: "events",
        plural: "events documents",
        table: Some(catalogue::EVENT),
        attach: Some(Attach::Events),
        names: &["events"],
        inline: Some("events"),
        tab: "events",
    },
    Kind {
        kind: DocKind::Events { legacy: true },
        label: "events (5.x keys)",
        plural: "events documents (5.x keys)",
        table: Some(catalogue::EVENT),
        attach: Some(Attach::Events),
        names: &[],
        inline: None,
        tab: "events",
    },
    Kind {
        kind: DocKind::Alerts,
        label: "alerts",
        plural: "alerts documents",
        table: Some(catalogue::ALERT),
        attach: Some(Attach::Alerts),
        names: &["alerts"],
        inline: Some("alerts"),
        tab: "alerts",
    },
    Kind {
        kind: DocKind::TrailDownloads,
        label: "trail downloads",
        plural: "trail downloads documents",
        table: Some(catalogue::TRAIL_DOWNLOAD),
        attach: Some(Attach::TrailDownloads),
        names: &["trail_downloads"],
        inline: None,
        tab: "recording",
    },
    Kind {
        kind: DocKind::Indexer,
        label: "indexer details",
        plural: "indexer details documents",
        table: Some(catalogue::INDEXER),
        attach: Some(Attach::Indexer),
        // The sample links `indexing`, the field table `indexer`; some exports say `indexers`.
        names: &["indexing", "indexer", "indexers"],
        inline: None,
        tab: "recording",
    },
    Kind {
        kind: DocKind::ContentHits,
        label: "content-search hits",
        plural: "content-search hits documents",
        table: None,
        attach: None,
        names: &["content*"],
        inline: None,
        tab: "events",
    },
    Kind {
        kind: DocKind::ApiError,
        label: "API error response",
        plural: "API error responses",
        table: None,
        attach: None,
        names: &[],
        inline: None,
        tab: "connection",
    },
    Kind {
        kind: DocKind::Unknown,
        label: "unrecognised document",
        plural: "unrecognised documents",
        table: None,
        attach: None,
        names: &[],
        inline: None,
        tab: "connection",
    },
];

impl DocKind {
    /// The kind's row of [`KINDS`].
    pub fn info(self) -> &'static Kind {
        // Every kind has a row (tested); the last, the unrecognised one, stands in.
        KINDS.iter().find(|k| k.kind == self).unwrap_or(&KINDS[KINDS.len() - 1])
    }

    /// A short name for messages and the files page.
    pub fn label(self) -> &'static str {
        self.info().label
    }

    /// What several documents of this kind are called ("3 session lists").
    pub fn plural(self) -> &'static str {
        self.info().plural
    }
}

impl Kind {
    /// The kind an API sub-resource name is read as (`channels`, `indexing`, `content?q=…`; only
    /// the first segment of `channels/3` counts).
    pub fn by_name(sub: &str) -> Option<&'static Kind> {
        let sub = sub.split('/').next().unwrap_or(sub);
        KINDS.iter().find(|k| {
            k.names.iter().any(|n| match n.strip_suffix('*') {
                Some(prefix) => sub.starts_with(prefix),
                None => sub == *n,
            })
        })
    }

    /// The kind whose items a session's body carries inline under `member`.
    pub fn by_inline(member: &str) -> Option<&'static Kind> {
        KINDS.iter().find(|k| k.inline == Some(member))
    }

    /// The members of a session's body that may carry items inline, in the table's order.
    pub fn inline_members() -> impl Iterator<Item = &'static str> {
        KINDS.iter().filter_map(|k| k.inline)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_one_row_and_each_name_one_kind() {
        let all = [
            DocKind::Session,
            DocKind::SessionList,
            DocKind::SessionArray,
            DocKind::DocumentArray,
            DocKind::Channels,
            DocKind::Channel,
            DocKind::Events { legacy: false },
            DocKind::Events { legacy: true },
            DocKind::Alerts,
            DocKind::TrailDownloads,
            DocKind::Indexer,
            DocKind::ContentHits,
            DocKind::ApiError,
            DocKind::Unknown,
        ];
        assert_eq!(KINDS.len(), all.len());
        for kind in all {
            assert_eq!(KINDS.iter().filter(|k| k.kind == kind).count(), 1, "{kind:?}");
            assert_eq!(kind.info().kind, kind);
        }
        for k in KINDS {
            for n in k.names {
                assert_eq!(Kind::by_name(n.trim_end_matches('*')).map(|k| k.kind), Some(k.kind));
            }
            // A kind whose items join a session is checked against a table, and the other way.
            assert_eq!(k.attach.is_some(), k.table.is_some(), "{:?}", k.kind);
        }
        assert_eq!(Kind::by_name("indexers/2").map(|k| k.kind), Some(DocKind::Indexer));
        assert_eq!(Kind::by_name("content?q=sudo").map(|k| k.kind), Some(DocKind::ContentHits));
        assert_eq!(Kind::by_name("channels/3").map(|k| k.kind), Some(DocKind::Channels));
        assert!(Kind::by_name("nothing").is_none());
        assert_eq!(Kind::inline_members().collect::<Vec<_>>(), ["channels", "events", "alerts"]);
    }
}
