//! What the channels of a session include, as the audit questions ask: files moved, tunnels
//! opened, channels the gateway refused. Noted per session as it loads, so the questions need not
//! read the channels again.

use crate::enums::Verdict;
use crate::json::Json;

/// What a set of channels includes, as the audit questions ask: files moved, tunnels opened, and
/// channels the gateway refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChannelFlags(u8);

impl ChannelFlags {
    /// SCP or SFTP, disk, drive or printer redirection, clipboard.
    pub const FILES: u8 = 1;
    /// Local or remote port forwards, X11 and agent forwarding.
    pub const TUNNEL: u8 = 2;
    /// A channel whose verdict is not an acceptance.
    pub const DENIED: u8 = 4;

    /// The flags as one byte, and back (for the bytes a worker sends, see `dataset::wire`).
    pub fn bits(self) -> u8 {
        self.0
    }

    /// The flags of [`ChannelFlags::bits`].
    pub fn from_bits(bits: u8) -> ChannelFlags {
        ChannelFlags(bits)
    }

    /// Whether a flag is set.
    pub fn has(self, flag: u8) -> bool {
        self.0 & flag != 0
    }

    /// The flags of channel items (`{key, body, meta}` or flat).
    pub fn of<J: Json>(items: &[&J]) -> ChannelFlags {
        let mut out = 0;
        for item in items {
            let (body, kind) = ChannelFlags::item_kind(*item);
            out |= ChannelFlags::kind_flags(&kind);
            if let Some(v) = body.get("verdict").and_then(Json::as_str) {
                if !matches!(Verdict::parse(v), Verdict::Accept) {
                    out |= ChannelFlags::DENIED;
                }
            }
        }
        ChannelFlags(out)
    }

    /// A channel item's own fields (its `body`, or the item itself) and its type and SSH subsystem,
    /// lower-cased, as [`ChannelFlags::kind_flags`] reads them.
    pub(crate) fn item_kind<J: Json>(item: &J) -> (&J, (String, String)) {
        let body = item.get("body").filter(|b| b.is_object()).unwrap_or(item);
        let text =
            |k: &str| body.get(k).and_then(Json::as_str).unwrap_or_default().to_ascii_lowercase();
        (body, (text("type"), text("subsystem_name")))
    }

    /// What a channel type (and SSH subsystem) says it carries.
    pub fn kind_flags((kind, subsystem): &(String, String)) -> u8 {
        const FILES: [&str; 8] =
            ["scp", "sftp", "disk", "drive", "printer", "clipboard", "cliprdr", "rdpdr"];
        const TUNNELS: [&str; 3] = ["forward", "x11", "agent"];
        let mut out = 0;
        if FILES.iter().any(|f| kind.contains(f)) || subsystem.contains("sftp") {
            out |= ChannelFlags::FILES;
        }
        if TUNNELS.iter().any(|t| kind.contains(t)) {
            out |= ChannelFlags::TUNNEL;
        }
        out
    }
}
