//! The meaning of every documented field, per document kind, from the vendor's tables and the spec.
//! Views take labels and hover text from here; the type check takes the expected JSON types; and the
//! session detail's sections say which paths each group shows, so no field goes unshown.

use crate::json::{Json, Shape};

/// How a field's value is decoded for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text.
    Text,
    /// A number.
    Number,
    /// `true` or `false`.
    Flag,
    /// A time (ISO 8601 or UNIX seconds).
    Time,
    /// Seconds.
    Duration,
    /// A verdict.
    Verdict,
    /// The indexer's status.
    IndexStatus,
    /// How SPS received the session.
    Origin,
    /// A protocol.
    Protocol,
    /// A `{ "href": … }` link to another document.
    Link,
    /// A list of strings (or one string where versions differ).
    List,
    /// Shown as a JSON tree.
    Json,
}

/// A JSON type a field may have. `null` is accepted everywhere: SPS writes it for "none".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JType {
    /// A string.
    Str,
    /// A number.
    Num,
    /// A boolean.
    Bool,
    /// An object.
    Obj,
    /// An array.
    Arr,
}

impl JType {
    /// Whether `v` is of this type.
    pub fn matches<J: Json>(self, v: &J) -> bool {
        matches!(
            (self, v.shape()),
            (_, Shape::Null)
                | (JType::Str, Shape::String(_))
                | (JType::Num, Shape::Number(_))
                | (JType::Bool, Shape::Bool(_))
                | (JType::Obj, Shape::Object)
                | (JType::Arr, Shape::Array(_))
        )
    }
    /// The type's name in findings.
    pub fn name(self) -> &'static str {
        match self {
            JType::Str => "string",
            JType::Num => "number",
            JType::Bool => "boolean",
            JType::Obj => "object",
            JType::Arr => "array",
        }
    }
}

/// One documented field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    /// Dotted path from the document (or item) root; `*` matches any one member name.
    pub path: &'static str,
    /// Its label in the views.
    pub label: &'static str,
    /// What it means, as the spec says.
    pub meaning: &'static str,
    /// How its value is read and shown.
    pub kind: Kind,
    /// The JSON types it may have.
    pub types: &'static [JType],
}

use JType::*;
use Kind::*;

const STR: &[JType] = &[Str];
const NUM: &[JType] = &[Num];
// Power BI's connector types ports and some flags as text; both are real drifts, not errors.
const PORT: &[JType] = &[Num, Str];
const BOOL: &[JType] = &[Bool];
const BOOL_OR_STR: &[JType] = &[Bool, Str];
const TIME: &[JType] = &[Str, Num];
const LINK: &[JType] = &[Obj, Str];
// Some exports carry a session's channels, events or alerts inline, as the array of their items.
const LINK_OR_ITEMS: &[JType] = &[Obj, Str, Arr];
const OBJ: &[JType] = &[Obj];
const ARR: &[JType] = &[Arr];
const STR_OR_ARR: &[JType] = &[Str, Arr];
const STR_OR_NUM: &[JType] = &[Str, Num];
const ANY: &[JType] = &[Str, Num, Bool, Obj, Arr];

macro_rules! f {
    ($path:expr, $label:expr, $kind:expr, $types:expr, $meaning:expr) => {
        Field { path: $path, label: $label, meaning: $meaning, kind: $kind, types: $types }
    };
}

/// Fields of a session document (`{key, body, meta}`), paths from the document root.
pub static SESSION: &[Field] = &[
    f!("key", "Key", Text, STR, "Top-level element: the key of the connection. An opaque string whose format changed between versions."),
    f!("body.active", "Active", Flag, BOOL, "If true, the connection is ongoing."),
    f!("body.protocol", "Protocol", Protocol, STR, "The protocol of the connection (SSH, RDP, ICA, VNC, TELNET, HTTP, MSSQL)."),
    f!("body.verdict", "Session verdict", Verdict, STR, "What SPS decided about the session. A session verdict can originate from log events or other external events."),
    f!("body.origin", "Origin", Origin, STR, "How the session was received: PSM for sessions based on an audit trail recorded by SPS, LOG for sessions built from log data. Real data uses RECORDING for SPS-recorded sessions."),
    f!("body.hidden", "Hidden", Flag, BOOL, "True if this session has not been displayed on the SPS GUI yet (due to fragmented data about the session)."),
    f!("body.phantom", "Phantom", Flag, BOOL, "In the vendor's sample but not its field table; meaning not documented."),
    f!("body.node_id", "Node ID", Text, STR, "The node ID of the SPS machine where this session has been recorded."),
    f!("body.revision", "Revision", Number, NUM, "The revision number of the document. A newer document has a larger revision number than an older one."),
    f!("body.creation_time", "Document created", Time, TIME, "The time this document was created. Usually near the session's start_time, but it can be later."),
    f!("body.start_time", "Start time", Time, TIME, "The timestamp of the start of the connection. ISO 8601 since SPS 5 LTS; a UNIX timestamp in earlier versions."),
    f!("body.end_time", "End time", Time, TIME, "The timestamp of the end of the connection; null for an ongoing connection. ISO 8601 since SPS 5 LTS; a UNIX timestamp in earlier versions."),
    f!("body.duration", "Duration", Duration, NUM, "The duration of the session in seconds. Computed value."),
    f!("body.user", "User", Json, OBJ, "The details of the user authenticating on the remote server."),
    f!("body.user.id", "User ID", Text, STR, "The ID of the user."),
    f!("body.user.name", "Gateway username", Text, STR, "The username used for authenticating against the gateway (SPS)."),
    f!("body.user.server_username", "Server username", List, STR_OR_ARR, "The username used for authenticating on the remote server. A string in the documentation, a list of strings in 7.x data."),
    f!("body.user.gateway_username", "Gateway username (7.x)", Text, STR, "The gateway username, as 7.x documents also spell it."),
    f!("body.user.gateway_username_domain", "Gateway user domain", Text, STR, "The domain of the gateway username (7.x)."),
    f!("body.user.name_domain", "Username domain", Text, STR, "The domain of the username (7.x)."),
    f!("body.user.server_username_domain", "Server user domain", Text, STR, "The domain of the server username (7.x)."),
    f!("body.client", "Client", Json, OBJ, "The IP address and port number of the client."),
    f!("body.client.ip", "Client IP", Text, STR, "The IP address of the client."),
    f!("body.client.name", "Client name", Text, STR, "The host name of the client. If this information is not available, the value is the IP address instead."),
    f!("body.client.port", "Client port", Number, PORT, "The port number of the client."),
    f!("body.server", "Server", Json, OBJ, "The IP address and port number of the remote server."),
    f!("body.server.ip", "Server IP", Text, STR, "The IP address of the remote server."),
    f!("body.server.name", "Server name", Text, STR, "The host name of the remote server. If this information is not available, the value is the IP address instead."),
    f!("body.server.port", "Server port", Number, PORT, "The port number of the remote server."),
    f!("body.server.id", "Server ID", Text, STR_OR_NUM, "The ID of the remote server (7.x)."),
    f!("body.server.address", "Server address", Text, STR, "The address of the remote server (7.x)."),
    f!("body.recording", "Recording", Json, OBJ, "The properties of the connection and its audit trail."),
    f!("body.recording.target", "Target", Json, OBJ, "The IP address and port number the client targeted for connection. It can differ from the server actually connected."),
    f!("body.recording.target.ip", "Target IP", Text, STR, "The IP address the client targeted for connection."),
    f!("body.recording.target.name", "Target name", Text, STR, "The host name the client targeted for connection. If this information is not available, the value is the IP address instead."),
    f!("body.recording.target.port", "Target port", Number, PORT, "The port number the client targeted for connection."),
    f!("body.recording.server_local", "SPS address", Json, OBJ, "The IP address and port number of SPS on the server side."),
    f!("body.recording.server_local.ip", "SPS IP", Text, STR, "The IP address of SPS."),
    f!("body.recording.server_local.name", "SPS name", Text, STR, "The host name of SPS. If this information is not available, the value is the IP address instead."),
    f!("body.recording.server_local.port", "SPS port", Number, PORT, "The port number of SPS."),
    f!("body.recording.verdict", "Connection verdict", Verdict, STR, "The connection verdict: accept, accept-terminated (a content policy was violated and SPS terminated the connection), auth-fail, deny, fail, gw-auth-fail, key-error (host key mismatch) or user-mapping-fail."),
    f!("body.recording.deny_reason", "Deny reason", Text, STR, "Why the connection was denied (7.x; free text)."),
    f!("body.recording.has_accepted_channel", "Has accepted channel", Flag, BOOL, "True if the connection was built successfully, the authentication was successful, and there was actual traffic."),
    f!("body.recording.auth_method", "Authentication method", Text, STR, "The authentication method used in the connection, for example password."),
    f!("body.recording.connection_policy", "Connection policy", Text, STR, "The name of the Connection Policy that handled the session, as shown on Control > Connections in SPS."),
    f!("body.recording.connection_policy_id", "Connection policy ID", Text, STR, "The key of the Connection Policy that handled the session."),
    f!("body.recording.channel_policy", "Channel policy", Text, STR, "The name of the channel policy."),
    f!("body.recording.session_id", "Session ID", Text, STR, "The identifier of the session (for example svc/<key>/<policy>:<n>)."),
    f!("body.recording.content_reference_id", "Content reference ID", Number, STR_OR_NUM, "The unique ID of the TCP connection."),
    f!("body.recording.network_id", "Network ID", Text, STR, "The ID of the Linux network namespace where the session originated from."),
    f!("body.recording.index_status", "Index status", IndexStatus, STR_OR_NUM, "Whether the trail has been indexed: CHANNEL_OPEN (0), NOT_INDEXED (1), INDEXING_IN_PROGRESS (2), INDEXED (3), INDEXING_NOT_REQUIRED (4), INDEXING_FAILED (5), NO_TRAIL (6)."),
    f!("body.recording.command_extracted", "Commands extracted", Flag, BOOL_OR_STR, "If commands have been extracted from this terminal session, true. The extracted commands are in the events document."),
    f!("body.recording.window_title_extracted", "Window titles extracted", Flag, BOOL_OR_STR, "If window titles have been extracted from this graphical session, true. The extracted titles are in the events document."),
    f!("body.recording.archived", "Archived", Flag, BOOL, "If the audit trail has been archived, true; otherwise false."),
    f!("body.recording.audit_trail", "Audit trail", Json, OBJ, "The audit trail on SPS. Absent if the session has no audit trail."),
    f!("body.recording.audit_trail.archive", "Archive", Json, OBJ, "Whether the audit trail has been archived: null if not archived yet."),
    f!("body.recording.audit_trail.archive.date", "Archived at", Time, TIME, "The date when the audit trail was archived."),
    f!("body.recording.audit_trail.archive.server", "Archive server", Text, STR, "The address of the remote server where the audit trail was archived."),
    f!("body.recording.audit_trail.archive.path", "Archive path", Text, STR, "The path on the remote server where the audit trail was archived."),
    f!("body.recording.audit_trail.archive.policy", "Archive policy", Text, STR, "The ID of the archiving policy that was used to archive the audit trail."),
    f!("body.recording.audit_trail.download", "Trail download", Link, LINK, "The link that downloads the audit trail (.zat) from SPS."),
    f!("body.recording.audit_trail.download.href", "Trail download", Link, STR, "The link that downloads the audit trail (.zat) from SPS."),
    f!("body.recording.archive", "Archive (7.x)", Json, OBJ, "The archive of the audit trail, as 7.x writes it directly under recording."),
    f!("body.recording.archive.date", "Archived at", Time, TIME, "The date when the audit trail was archived."),
    f!("body.recording.archive.server", "Archive server", Text, STR, "The address of the remote server where the audit trail was archived."),
    f!("body.recording.archive.path", "Archive path", Text, STR, "The path on the remote server where the audit trail was archived."),
    f!("body.recording.archive.policy", "Archive policy", Text, STR, "The ID of the archiving policy that was used to archive the audit trail."),
    f!("body.trail_download_link", "Trail download link", Text, STR, "The audit trail download link (7.x, flattened); null when there is no trail."),
    f!("body.alerts", "Alerts", Link, LINK_OR_ITEMS, "A link to the alerts of the session (or, in some exports, the alerts themselves, inline). An event is stored as an alert only if the content policy has Store in Connection Database enabled."),
    f!("body.alerts.href", "Alerts", Link, STR, "A link to the alerts of the session."),
    f!("body.channels", "Channels", Link, LINK_OR_ITEMS, "A link to the channels of the session (or, in some exports, the channels themselves, inline: the vendor's only channels example is such an array)."),
    f!("body.channels.href", "Channels", Link, STR, "A link to the channels of the session."),
    f!("body.events", "Events", Link, LINK_OR_ITEMS, "A link to the events (extracted commands, window titles) of the session (or, in some exports, the events themselves, inline)."),
    f!("body.events.href", "Events", Link, STR, "A link to the events (extracted commands, window titles) of the session."),
    f!("body.indexing", "Indexing", Link, LINK, "A link to the indexing details of the session (spelled indexing in samples, indexer in the field table)."),
    f!("body.indexing.href", "Indexing", Link, STR, "A link to the indexing details of the session."),
    f!("body.indexer", "Indexer", Link, LINK, "A link to the indexing details of the session (the field table's spelling)."),
    f!("body.indexer.href", "Indexer", Link, STR, "A link to the indexing details of the session."),
    f!("body.trail_downloads", "Trail downloads", Link, LINK, "A link to the list of downloads of this session's audit trail."),
    f!("body.trail_downloads.href", "Trail downloads", Link, STR, "A link to the list of downloads of this session's audit trail."),
    f!("body.analytics", "Analytics", Json, OBJ, "Analytics details of the connection from Safeguard for Privileged Analytics (SPA)."),
    f!("body.analytics.interesting_events", "Interesting events", List, STR_OR_ARR, "Commands and window titles from the session that could be interesting from a security point of view."),
    f!("body.analytics.interesing_events", "Interesting events (misspelt)", List, STR_OR_ARR, "The older Power BI schema's misspelling of interesting_events."),
    f!("body.analytics.score", "Score", Json, OBJ, "The risk score of the session and its per-algorithm details. Missing when SPA is off."),
    f!("body.analytics.score.aggregated", "Risk score", Number, NUM, "The risk score that SPA assigned to the session, from 0 to 100; 100 is the highest risk."),
    f!("body.analytics.score.details", "Score details", Json, OBJ, "Keys are algorithm names (command, fis, hostlogin, logintime, keystroke, mouse, windowtitle); values are algorithm-specific details about the score result."),
    f!("body.analytics.score.details.*", "Algorithm detail", Json, OBJ, "Algorithm-specific details about the score result."),
    f!("body.analytics.score.details.*.score", "Algorithm score", Number, NUM, "The score this algorithm gave the session (0–100)."),
    f!("body.analytics.scripted", "Scripted", Flag, BOOL, "True if SPA marked the session as scripted because of non-human activity."),
    f!("body.analytics.scripted_results", "Scripted results", Json, OBJ, "Per algorithm (clockmaster, gapminder): the reason behind the decision, or an error message if no result is available (for example, the baseline has not been built yet)."),
    f!("body.analytics.scripted_results.*", "Scripted-detection result", Json, ANY, "The reason behind the decision of this algorithm, or the error that kept it from deciding."),
    f!("body.analytics.similar_sessions", "Similar sessions", Json, ARR, "Collection of similar sessions from different sources."),
    f!("body.analytics.tags", "Tags", List, STR_OR_ARR, "The analytics tags shown in Search > Details in SPS."),
    f!("body.analytics.bucketed_duration", "Duration bucket", Text, STR, "The session's duration class, as SPA groups it (7.x)."),
    f!("body.analytics.bucketed_starting_hour", "Starting-hour bucket", Text, STR, "The session's starting-hour class, as SPA groups it (7.x)."),
    f!("body.analytics.bucketed_duration_starting_hour", "Starting-hour bucket (old spelling)", Text, STR, "The older connector schema's spelling of bucketed_starting_hour."),
    f!("body.log", "Log", Json, OBJ, "Data of a session built from syslog (7.x)."),
    f!("body.log.adapter_name", "Log adapter", Text, STR, "The log adapter that built the session from syslog."),
    f!("body.log.auth_method", "Log auth method", Text, STR, "The authentication method written in the log."),
    f!("body.log.syslog_time", "Syslog time", Time, TIME, "The time of the syslog message."),
    f!("body.vault", "Vault", Json, OBJ, "Data of a session that came from Safeguard for Privileged Passwords (SPP)."),
    f!("body.vault.*", "Vault field", Json, ANY, "A Safeguard for Privileged Passwords access-request detail (not in the vendor's tables)."),
    f!("meta", "Meta", Json, OBJ, "The document's meta object: links to itself and its container."),
    f!("meta.href", "Document link", Text, STR, "The path of this resource in the SPS REST API."),
    f!("meta.parent", "Parent link", Text, STR, "The path of the container of this resource."),
    f!("meta.remaining_seconds", "Remaining seconds", Number, NUM, "Seconds left before the REST login session that exported this document expired."),
];

/// Fields of one channel (the `body` of a channel item, or the item itself when flat).
pub static CHANNEL: &[Field] = &[
    f!("key", "Key", Text, STR, "The ID of the channel."),
    f!(
        "type",
        "Type",
        Text,
        STR,
        "The type of the channel (session shell, session exec, local forward, dynamic virtual, disk redirect …)."
    ),
    f!(
        "verdict",
        "Verdict",
        Verdict,
        STR,
        "The channel's verdict: accept, deny, four-eyes-deferred, four-eyes-error, four-eyes-reject or four-eyes-timeout."
    ),
    f!("active", "Active", Flag, BOOL, "If true, the session has not ended yet and the channel is active."),
    f!("audit_stream_id", "Audit stream", Text, STR_OR_NUM, "The identifier of the channel's audit stream; unused without an audit trail."),
    f!("channel_id", "Channel ID", Number, STR_OR_NUM, "The unique ID of the channel."),
    f!(
        "client_x509_subject",
        "Client certificate",
        Text,
        STR,
        "The client's certificate in Telnet or VNC sessions, when peer certificate validation is enabled."
    ),
    f!("duration", "Duration", Duration, NUM, "The duration of the channel in seconds. Computed value."),
    f!("start_time", "Start time", Time, TIME, "The start of the channel (ISO 8601 in the table, UNIX seconds in examples)."),
    f!("end_time", "End time", Time, TIME, "The end of the channel; null for an active channel."),
    f!("rule_num", "Policy rule", Text, STR_OR_NUM, "The number of the line in the channel policy applied to the channel."),
    f!("command", "Command", Text, STR, "SSH session exec channels: the executed command."),
    f!("scp_path", "SCP path", Text, STR, "SSH session exec scp channels: the folder used for Secure Copy."),
    f!("subsystem_name", "Subsystem", Text, STR, "SSH session subsystem channels: the name of the subsystem (for example sftp)."),
    f!("originator", "Originator", Json, OBJ, "SSH forwards: the source of the forwarded traffic."),
    f!("originator.ip", "Originator IP", Text, STR, "SSH forwards: the source address of the forwarded traffic."),
    f!(
        "originator.name",
        "Originator name",
        Text,
        STR,
        "The source host name of the forwarded traffic; the IP address if no name is known."
    ),
    f!("originator.port", "Originator port", Number, PORT, "SSH forwards: the source port of the forwarded traffic."),
    f!("originator.address", "Originator address", Text, STR, "SSH forwards: the source address, as the vendor's example spells it."),
    f!("connected", "Connected", Json, OBJ, "SSH forwards: the target of the forwarded traffic."),
    f!("connected.ip", "Connected IP", Text, STR, "SSH forwards: the target address of the forwarded traffic."),
    f!("connected.name", "Connected name", Text, STR, "The target host name of the forwarded traffic; the IP address if no name is known."),
    f!("connected.port", "Connected port", Number, PORT, "SSH forwards: the target port of the forwarded traffic."),
    f!("connected.address", "Connected address", Text, STR, "SSH forwards: the target address, as the vendor's example spells it."),
    f!("dynamic_channel", "Dynamic channel", Text, STR, "RDP dynamic virtual channels: the name of the dynamic channel."),
    f!("device_name", "Device", Text, STR, "RDP serial, parallel, printer, disk and smart-card redirects: the name of the device."),
    f!("application", "Application", Text, STR, "Citrix ICA: the application accessed in a seamless connection."),
    f!(
        "four_eyes_authorizer",
        "Four-eyes authorizer",
        Text,
        STR,
        "The user who authorized the session, when four-eyes authorization is required."
    ),
    f!(
        "four_eyes_description",
        "Four-eyes description",
        Text,
        STR,
        "The description the authorizer submitted, when four-eyes authorization is required."
    ),
];

/// Fields of one event item; 5.x spells them `psm.*`, 6.x+ without the prefix.
pub static EVENT: &[Field] = &[
    f!("time", "Time", Time, TIME, "When the event happened (ISO 8601 without a time zone, millisecond precision)."),
    f!("psm.events.time", "Time", Time, TIME, "When the event happened (5.x key; no time zone)."),
    f!("channels_id", "Channel", Text, STR_OR_NUM, "The channel the event belongs to."),
    f!("psm.channels.id", "Channel", Text, STR_OR_NUM, "The channel the event belongs to (5.x key)."),
    f!("type", "Type", Text, STR, "The kind of event: command in 6.x, adp.event.command in 5.x; other kinds (window titles …) exist."),
    f!("psm.events.type", "Type", Text, STR, "The kind of event (5.x key)."),
    f!("action", "Action", Text, STR, "The command itself (6.x+)."),
    f!("content", "Content", Text, STR, "The raw line or title, for example the prompt and the command."),
    f!("psm.events.content", "Content", Text, STR, "The raw line or title (5.x key)."),
    f!("record_id", "Record", Number, STR_OR_NUM, "The position of the event in the audit trail (to seek the player)."),
    f!("psm.events.record_id", "Record", Number, STR_OR_NUM, "The position of the event in the audit trail (5.x key)."),
];

/// Fields of one alert item.
pub static ALERT: &[Field] = &[
    f!(
        "time",
        "Time",
        Time,
        TIME,
        "When the alert fired (ISO 8601 without a time zone, microsecond precision)."
    ),
    f!(
        "alert_type",
        "Alert type",
        Text,
        STR,
        "The kind of content that matched (adp.event.command for commands)."
    ),
    f!("channel_id", "Channel", Text, STR_OR_NUM, "The channel the alert belongs to."),
    f!(
        "matched_action",
        "Matched action",
        Text,
        STR,
        "The command that matched the content policy."
    ),
    f!("matched_content", "Matched content", Text, STR, "The full line that matched."),
    f!("matched_regexp", "Matched pattern", Text, STR, "The content-policy pattern that hit."),
    f!("record_id", "Record", Number, STR_OR_NUM, "The position in the audit trail."),
    f!(
        "rule_name",
        "Rule",
        Text,
        STR,
        "The content-policy rule that fired, for example PatternMatcherRule."
    ),
];

/// Fields of one audit-trail download item.
pub static TRAIL_DOWNLOAD: &[Field] = &[
    f!("time", "Time", Time, TIME, "When the audit trail was downloaded."),
    f!("username", "User", Text, STR, "The SPS user who downloaded the audit trail."),
    f!("ip_address", "IP address", Text, STR, "The address the trail was downloaded from."),
    f!(
        "from_api",
        "Through the REST API",
        Flag,
        BOOL,
        "True when the download went through the REST API."
    ),
];

/// Fields of one indexer job item.
pub static INDEXER: &[Field] = &[
    f!("status", "Status", Text, STR, "The state of the indexing job, for example COMPLETED."),
    f!(
        "config.command.enabled",
        "Command extraction",
        Flag,
        BOOL,
        "Commands are extracted from the trail."
    ),
    f!(
        "config.keyboard.enabled",
        "Keystroke extraction",
        Flag,
        BOOL,
        "Keystroke (typing biometrics) extraction is on."
    ),
    f!(
        "config.keyboard.buffer_interval",
        "Keystroke buffer",
        Number,
        NUM,
        "Keystroke buffer interval (seconds)."
    ),
    f!(
        "config.mouse.enabled",
        "Mouse extraction",
        Flag,
        BOOL,
        "Mouse biometrics extraction is on."
    ),
    f!(
        "config.mouse.buffer_interval",
        "Mouse buffer",
        Number,
        NUM,
        "Mouse buffer interval (seconds)."
    ),
    f!("config.near_realtime", "Near real-time", Flag, BOOL, "Near real-time indexing."),
    f!(
        "config.ocr_languages",
        "OCR languages",
        List,
        ARR,
        "OCR languages (empty means the default)."
    ),
    f!("config.screen.enabled", "Screen OCR", Flag, BOOL, "Screen-content OCR is on."),
    f!(
        "config.screen.omnipage_trade_off",
        "OCR trade-off",
        Text,
        STR,
        "The OCR engine's accuracy/speed trade-off, for example TO_ACCURATE."
    ),
    f!("config.title.enabled", "Window titles", Flag, BOOL, "Window-title extraction is on."),
    f!("statistics.cpu_time", "CPU time", Number, NUM, "CPU time the job used (probably seconds)."),
    f!(
        "statistics.duration",
        "Job duration",
        Number,
        NUM,
        "How long the job ran (probably seconds)."
    ),
    f!(
        "statistics.start_time",
        "Job start",
        Time,
        TIME,
        "When the job started (epoch milliseconds)."
    ),
    f!("version.adp", "ADP version", Text, STR, "Version of the indexer's ADP component."),
    f!("version.worker", "Worker version", Text, STR, "Version of the indexer worker."),
];

/// Members of a collection's `meta` object.
pub static META: &[Field] = &[
    f!("href", "Link", Text, STR, "The path of this resource."),
    f!("parent", "Parent", Text, STR, "The path of the container."),
    f!("first", "First page", Text, STR, "The URL of the first page."),
    f!("last", "Last page", Text, STR, "The URL of the last page."),
    f!("next", "Next page", Text, STR, "The URL of the next page; null when there is none."),
    f!(
        "previous",
        "Previous page",
        Text,
        STR,
        "The URL of the previous page; null when there is none."
    ),
    f!("limit", "Page size", Number, NUM, "The page size."),
    f!("offset", "Offset", Number, NUM, "The start index of this page."),
    f!(
        "match_count",
        "Matches",
        Number,
        NUM,
        "The total number of hits of the search (all pages)."
    ),
    f!(
        "fields",
        "Fields requested",
        List,
        ARR,
        "The fields request parameter: [] by default, [\"*\"] for full bodies."
    ),
    f!(
        "remaining_seconds",
        "Remaining seconds",
        Number,
        NUM,
        "Seconds left before the REST login session expired."
    ),
    f!("search_after", "Search after", Json, ANY, "Snapshot-mode cursor (undocumented)."),
    f!(
        "transaction",
        "Transaction",
        Text,
        STR,
        "The transaction endpoint (configuration documents)."
    ),
];

/// Looks up the field at `path` (exact or wildcard match) in a catalogue: the entry whose path is
/// `path` itself, else the first pattern in the table that matches it.
pub fn lookup(table: &'static [Field], path: &str) -> Option<&'static Field> {
    match path_tree(table) {
        Some(tree) => tree.find(path),
        None => PathTree::of(table).find(path),
    }
}

/// A table's paths as a tree of member names, so a walk over a document follows it member by member:
/// a member no path goes through is passed over with everything under it, and a member that is named
/// costs one comparison of its name at each level, not a search for its whole dotted path.
#[derive(Debug, Default)]
pub struct PathTree {
    /// The field whose path ends here, with its place in the table (the first one, should a path be
    /// written twice).
    field: Option<(usize, &'static Field)>,
    children: Vec<(&'static str, PathTree)>,
    /// Where a `*` leads.
    any: Option<Box<PathTree>>,
}

impl PathTree {
    /// The tree of `table`'s paths.
    pub fn of(table: &'static [Field]) -> PathTree {
        let mut root = PathTree::default();
        for (i, f) in table.iter().enumerate() {
            let mut node = &mut root;
            for seg in f.path.split('.') {
                node = if seg == "*" {
                    node.any.get_or_insert_default()
                } else {
                    match node.children.iter().position(|(name, _)| *name == seg) {
                        Some(at) => &mut node.children[at].1,
                        None => {
                            node.children.push((seg, PathTree::default()));
                            &mut node.children.last_mut().expect("just pushed").1
                        }
                    }
                };
            }
            node.field.get_or_insert((i, f));
        }
        root
    }

    /// The places `places` lead to by the member `name`: by its own name, and through a `*` (which
    /// is not by names alone). Empty when no field lies at or under that member.
    pub fn step<'t>(
        places: &[(&'t PathTree, bool)],
        name: &str,
        next: &mut Vec<(&'t PathTree, bool)>,
    ) {
        next.clear();
        for &(t, by_name) in places {
            next.extend(t.children.iter().find(|(n, _)| *n == name).map(|(_, c)| (c, by_name)));
            next.extend(t.any.as_deref().map(|a| (a, false)));
        }
    }

    /// The field of the places a path reached: the one reached by names alone, else the first pattern
    /// in the table.
    pub fn field_of(places: &[(&PathTree, bool)]) -> Option<&'static Field> {
        let by_name = places.iter().find(|(_, by_name)| *by_name).and_then(|(t, _)| t.field);
        let pattern = || {
            places
                .iter()
                .filter(|(_, by_name)| !by_name)
                .filter_map(|(t, _)| t.field)
                .min_by_key(|(i, _)| *i)
        };
        by_name.or_else(pattern).map(|(_, f)| f)
    }

    /// The field at the dotted `path`.
    pub fn find(&self, path: &str) -> Option<&'static Field> {
        let mut places = vec![(self, true)];
        let mut next = vec![];
        for name in path.split('.') {
            PathTree::step(&places, name, &mut next);
            std::mem::swap(&mut places, &mut next);
        }
        PathTree::field_of(&places)
    }
}

/// The tree of a known table's paths (see [`PathTree`]); `None` for a table of fields made elsewhere.
pub fn path_tree(table: &'static [Field]) -> Option<&'static PathTree> {
    index().iter().find(|i| std::ptr::eq(i.table, table)).map(|i| &i.tree)
}

struct Index {
    table: &'static [Field],
    tree: PathTree,
}

fn index() -> &'static [Index] {
    static INDEX: std::sync::OnceLock<Vec<Index>> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        [SESSION, CHANNEL, EVENT, ALERT, TRAIL_DOWNLOAD, INDEXER, META]
            .into_iter()
            .map(|table| Index { table, tree: PathTree::of(table) })
            .collect()
    })
}

/// Which detail tab a group of session fields is shown on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// The Connection tab.
    Connection,
    /// The Recording tab.
    Recording,
    /// The Analytics tab.
    Analytics,
}

/// A titled group of session fields: every leaf whose path equals or lies under a prefix.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Section {
    /// The tab it is on.
    pub tab: Tab,
    /// Its heading.
    pub title: &'static str,
    /// The paths of the fields it holds.
    pub prefixes: &'static [&'static str],
}

/// The session detail's groups, in display order. The first section claiming a path shows it.
pub static SECTIONS: &[Section] = &[
    Section {
        tab: Tab::Connection,
        title: "Session",
        prefixes: &[
            "key",
            "body.protocol",
            "body.verdict",
            "body.origin",
            "body.active",
            "body.hidden",
            "body.phantom",
            "body.node_id",
            "body.revision",
            "body.creation_time",
        ],
    },
    Section {
        tab: Tab::Connection,
        title: "Time",
        prefixes: &["body.start_time", "body.end_time", "body.duration"],
    },
    Section { tab: Tab::Connection, title: "User", prefixes: &["body.user"] },
    Section { tab: Tab::Connection, title: "Client", prefixes: &["body.client"] },
    Section {
        tab: Tab::Connection,
        title: "Target (the address the client asked for)",
        prefixes: &["body.recording.target"],
    },
    Section { tab: Tab::Connection, title: "Server", prefixes: &["body.server"] },
    Section {
        tab: Tab::Connection,
        title: "SPS, server side",
        prefixes: &["body.recording.server_local"],
    },
    Section { tab: Tab::Connection, title: "Log source (7.x)", prefixes: &["body.log"] },
    Section {
        tab: Tab::Connection,
        title: "Vault (Safeguard for Privileged Passwords)",
        prefixes: &["body.vault"],
    },
    Section {
        tab: Tab::Recording,
        title: "Policies and authentication",
        prefixes: &[
            "body.recording.verdict",
            "body.recording.deny_reason",
            "body.recording.has_accepted_channel",
            "body.recording.auth_method",
            "body.recording.connection_policy",
            "body.recording.connection_policy_id",
            "body.recording.channel_policy",
            "body.recording.session_id",
            "body.recording.content_reference_id",
            "body.recording.network_id",
        ],
    },
    Section {
        tab: Tab::Recording,
        title: "Extraction and indexing",
        prefixes: &[
            "body.recording.index_status",
            "body.recording.command_extracted",
            "body.recording.window_title_extracted",
        ],
    },
    Section {
        tab: Tab::Recording,
        title: "Audit trail and archive",
        prefixes: &[
            "body.recording.archived",
            "body.recording.audit_trail",
            "body.recording.archive",
            "body.trail_download_link",
        ],
    },
    Section {
        tab: Tab::Recording,
        title: "Linked documents",
        prefixes: &[
            "body.channels",
            "body.events",
            "body.alerts",
            "body.indexing",
            "body.indexer",
            "body.trail_downloads",
        ],
    },
    Section { tab: Tab::Recording, title: "Document", prefixes: &["meta"] },
    Section { tab: Tab::Analytics, title: "Analytics", prefixes: &["body.analytics"] },
];

/// The section that shows a path, if any; paths no section claims go to "Other fields".
pub fn section_of(path: &str) -> Option<&'static Section> {
    SECTIONS.iter().find(|s| s.prefixes.iter().any(|p| under(path, p)))
}

/// True when `path` is `prefix` or lies below it.
pub fn under(path: &str, prefix: &str) -> bool {
    path == prefix
        || (path.len() > prefix.len()
            && path.starts_with(prefix)
            && path.as_bytes()[prefix.len()] == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_one_member() {
        assert_eq!(
            lookup(SESSION, "body.analytics.score.details.fis.score").map(|f| f.label),
            Some("Algorithm score")
        );
        assert_eq!(
            lookup(SESSION, "body.analytics.scripted_results.gapminder").map(|f| f.label),
            Some("Scripted-detection result")
        );
        assert!(lookup(SESSION, "body.analytics.score.details.fis.other.deep").is_none());
    }

    #[test]
    fn prefixes_respect_member_boundaries() {
        assert!(under("body.user.id", "body.user"));
        assert!(!under("body.username", "body.user"));
        assert_eq!(
            section_of("body.recording.target.ip").map(|s| s.title),
            Some("Target (the address the client asked for)")
        );
        assert_eq!(section_of("body.recording.verdict").map(|s| s.tab), Some(Tab::Recording));
        assert!(section_of("body.surprise").is_none());
    }

    #[test]
    fn every_catalogue_path_is_unique() {
        for table in [SESSION, CHANNEL, EVENT, ALERT, TRAIL_DOWNLOAD, INDEXER, META] {
            let mut seen = std::collections::HashSet::new();
            for f in table {
                assert!(seen.insert(f.path), "duplicate {}", f.path);
            }
        }
    }
}
