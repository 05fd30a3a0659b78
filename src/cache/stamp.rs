//! What a file's metadata says about its content without reading it: the
//! fast path of the cache. A stamp only ever says "maybe unchanged": see
//! [`super::table`] for when the content is hashed anyway.

use std::fs::Metadata;
use std::path::Path;

/// How long before a cache file was written a file's times must be for
/// its stamp alone to be trusted: coarser than any file system's clock
/// (FAT's is 2 seconds).
const SLACK_NANOS: i128 = 3_000_000_000;

/// The size, times and identity of a file (or folder).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    pub len: u64,
    /// Modification time, nanoseconds since the epoch (negative before).
    pub modified: i128,
    /// Status change time: also moves when a tool sets the modification
    /// time back after an edit. Zero where the system has none.
    pub changed: i128,
    pub device: u64,
    pub inode: u64,
}

impl Stamp {
    /// The stamp of the file at `path`, following links; `None` when it
    /// cannot be read, which the caller treats as "not cached".
    pub fn of(path: &Path) -> Option<Stamp> {
        std::fs::metadata(path)
            .ok()
            .map(|metadata| Stamp::from(&metadata))
    }

    /// Whether the file was last touched well before `written` (when a
    /// cache file was written, in nanoseconds since the epoch): a change in
    /// the same clock tick as the write would leave the same stamp.
    pub fn settled(&self, written: i128) -> bool {
        self.modified.max(self.changed) < written - SLACK_NANOS
    }
}

#[cfg(unix)]
impl From<&Metadata> for Stamp {
    fn from(metadata: &Metadata) -> Stamp {
        use std::os::unix::fs::MetadataExt;
        let nanos =
            |seconds: i64, nanos: i64| i128::from(seconds) * 1_000_000_000 + i128::from(nanos);
        Stamp {
            len: metadata.len(),
            modified: nanos(metadata.mtime(), metadata.mtime_nsec()),
            changed: nanos(metadata.ctime(), metadata.ctime_nsec()),
            device: metadata.dev(),
            inode: metadata.ino(),
        }
    }
}

#[cfg(not(unix))]
impl From<&Metadata> for Stamp {
    fn from(metadata: &Metadata) -> Stamp {
        let modified = metadata
            .modified()
            .ok()
            .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |since| since.as_nanos() as i128);
        Stamp {
            len: metadata.len(),
            modified,
            ..Stamp::default()
        }
    }
}
