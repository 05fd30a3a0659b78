//! What a file's metadata says about its content without reading it: the
//! fast path of the cache. A stamp only ever says "maybe unchanged": see
//! [`super::table`] for when the content is hashed anyway.

use std::ffi::OsStr;
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

/// An open folder whose files are stamped by name: its path is resolved
/// once, not once for each of its files (the kernel walking the same
/// folders' paths again was a third of a one-file lint of 10,000 SOPs).
#[cfg(target_os = "linux")]
pub struct Folder(rustix::fd::OwnedFd);

#[cfg(target_os = "linux")]
impl Folder {
    /// The folder at `path`; `None` when it cannot be opened.
    pub fn open(path: &Path) -> Option<Folder> {
        use rustix::fs::{Mode, OFlags};
        let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
        rustix::fs::open(path, flags, Mode::empty())
            .ok()
            .map(Folder)
    }

    /// The stamp of the file `name` in the folder, following links, as
    /// [`Stamp::of`] gives it.
    pub fn stamp(&self, name: &OsStr) -> Option<Stamp> {
        use rustix::fs::{AtFlags, StatxFlags, StatxTimestamp};
        let stat =
            rustix::fs::statx(&self.0, name, AtFlags::empty(), StatxFlags::BASIC_STATS).ok()?;
        let nanos = |time: StatxTimestamp| {
            i128::from(time.tv_sec) * 1_000_000_000 + i128::from(time.tv_nsec)
        };
        Some(Stamp {
            len: stat.stx_size,
            modified: nanos(stat.stx_mtime),
            changed: nanos(stat.stx_ctime),
            device: libc::makedev(stat.stx_dev_major, stat.stx_dev_minor),
            inode: stat.stx_ino,
        })
    }
}

/// A folder whose files are stamped by name (by path, on this system).
#[cfg(not(target_os = "linux"))]
pub struct Folder(std::path::PathBuf);

#[cfg(not(target_os = "linux"))]
impl Folder {
    /// The folder at `path`.
    pub fn open(path: &Path) -> Option<Folder> {
        Some(Folder(path.to_path_buf()))
    }

    /// The stamp of the file `name` in the folder, following links.
    pub fn stamp(&self, name: &OsStr) -> Option<Stamp> {
        Stamp::of(&self.0.join(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_stamped_in_its_open_folder_is_stamped_as_by_path() {
        let file = std::env::current_exe().unwrap();
        let folder = Folder::open(file.parent().unwrap()).unwrap();
        let name = file.file_name().unwrap();
        assert_eq!(folder.stamp(name), Stamp::of(&file));
        assert!(Stamp::of(&file).is_some());
        assert_eq!(folder.stamp(OsStr::new("no such file")), None);
    }
}
