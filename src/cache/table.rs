//! One table of the cache: a value per file, keyed by the file's path and
//! verified by its content. A value is served when the file's [`Stamp`]
//! is the one recorded and the file was not touched near the time the
//! table was written; otherwise the file is read and its text hashed, and
//! the value is served only when the hash is the one recorded. So a file
//! edited in the same clock tick as the table was written (the "racy git"
//! case), or edited and given its old modification time back, is still
//! read again: a value is never stale.
//!
//! The file is a short header and length-prefixed entries, sorted by path.
//! Anything that does not read back exactly (another format, a cut file,
//! garbage) is an empty table: the cache only ever costs a lint run.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{Error, Stamp};

/// The first bytes of a table file, with its format's version.
const MAGIC: &[u8; 12] = b"sop-cache\x00\x00\x01";

/// How long before the table was written a file's times must be for its
/// stamp alone to be trusted: coarser than any file system's clock
/// (FAT's is 2 seconds).
const SLACK_NANOS: i128 = 3_000_000_000;

/// The hash of a file's text, as read for linting.
pub type Digest32 = [u8; 32];

/// The hash of `text`.
pub fn digest(text: &str) -> Digest32 {
    Sha256::digest(text.as_bytes()).into()
}

/// One file's value, with what it was computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub stamp: Stamp,
    pub digest: Digest32,
    pub value: Vec<u8>,
}

/// What the table knows of a file now.
pub enum Lookup<'t> {
    /// The file is the one the value was computed from. `restamped` is the
    /// entry to record when only its stamp moved (the content was hashed).
    Hit {
        value: &'t [u8],
        restamped: Option<Entry>,
    },
    /// Not known, or changed: compute the value and record it with this
    /// stamp. `text` is the file's text when it was read to compare
    /// hashes, so that the caller need not read it again.
    Miss { stamp: Stamp, text: Option<String> },
    /// The file's metadata cannot be read: compute the value, record nothing.
    Uncached,
}

/// A table read from its file (or empty), and the entries of this run.
#[derive(Debug)]
pub struct Table {
    path: PathBuf,
    entries: HashMap<String, Entry>,
    /// The table file's modification time when it was read.
    written: Option<i128>,
}

impl Table {
    /// The table in the file at `path`; empty when there is none or it
    /// does not read back.
    pub fn read(path: PathBuf, most_bytes: u64) -> Table {
        let (entries, written) = match fs::metadata(&path) {
            Ok(metadata) if metadata.len() <= most_bytes => {
                let written = Stamp::from(&metadata).modified;
                match fs::read(&path).ok().and_then(|bytes| decode(&bytes)) {
                    Some(entries) => (entries, Some(written)),
                    None => (HashMap::new(), None),
                }
            }
            _ => (HashMap::new(), None),
        };
        Table {
            path,
            entries,
            written,
        }
    }

    /// What the table knows of the file `real`, recorded under `key`;
    /// `read` reads its text as linting reads it, when the stamp is not enough.
    pub fn lookup(
        &self,
        key: &str,
        real: &Path,
        read: impl FnOnce() -> Option<String>,
    ) -> Lookup<'_> {
        let Some(stamp) = Stamp::of(real) else {
            return Lookup::Uncached;
        };
        let Some(entry) = self.entries.get(key) else {
            return Lookup::Miss { stamp, text: None };
        };
        let settled = self
            .written
            .is_some_and(|written| entry.stamp.latest() < written - SLACK_NANOS);
        if settled && entry.stamp == stamp {
            return Lookup::Hit {
                value: &entry.value,
                restamped: None,
            };
        }
        match read() {
            Some(text) if digest(&text) == entry.digest => Lookup::Hit {
                value: &entry.value,
                restamped: (entry.stamp != stamp).then(|| Entry {
                    stamp,
                    ..entry.clone()
                }),
            },
            text => Lookup::Miss { stamp, text },
        }
    }

    /// Writes the table with `updates` over its entries; with `only`, the
    /// entries of other keys are dropped (a run that saw every file). The
    /// file is replaced whole by rename, so a reader never sees half of it.
    pub fn save(
        &self,
        updates: Vec<(String, Entry)>,
        only: Option<&dyn Fn(&str) -> bool>,
    ) -> Result<(), Error> {
        let mut entries: Vec<(&str, &Entry)> = self
            .entries
            .iter()
            .filter(|(key, _)| only.is_none_or(|keep| keep(key)))
            .map(|(key, entry)| (key.as_str(), entry))
            .collect();
        let updated: HashMap<&str, &Entry> = updates
            .iter()
            .map(|(key, entry)| (key.as_str(), entry))
            .collect();
        if updated.is_empty() && entries.len() == self.entries.len() && self.written.is_some() {
            return Ok(());
        }
        entries.retain(|(key, _)| !updated.contains_key(key));
        entries.extend(updated);
        entries.sort_by(|a, b| a.0.cmp(b.0));
        let bytes = encode(&entries);
        let folder = self.path.parent().unwrap_or(Path::new("."));
        let staging = folder.join(format!(".tmp-{}", std::process::id()));
        let written = (|| {
            let mut file = fs::File::create(&staging)?;
            file.write_all(&bytes)?;
            drop(file);
            fs::rename(&staging, &self.path)
        })();
        written.map_err(|error| {
            let _ = fs::remove_file(&staging);
            Error::Write {
                path: self.path.clone(),
                error,
            }
        })
    }
}

fn encode(entries: &[(&str, &Entry)]) -> Vec<u8> {
    let size: usize = entries
        .iter()
        .map(|(key, entry)| key.len() + entry.value.len() + 96)
        .sum();
    let mut bytes = Vec::with_capacity(MAGIC.len() + 8 + size);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&(entries.len() as u64).to_le_bytes());
    for (key, entry) in entries {
        let stamp = &entry.stamp;
        bytes.extend_from_slice(&(key.len() as u64).to_le_bytes());
        bytes.extend_from_slice(key.as_bytes());
        bytes.extend_from_slice(&stamp.len.to_le_bytes());
        bytes.extend_from_slice(&stamp.modified.to_le_bytes());
        bytes.extend_from_slice(&stamp.changed.to_le_bytes());
        bytes.extend_from_slice(&stamp.device.to_le_bytes());
        bytes.extend_from_slice(&stamp.inode.to_le_bytes());
        bytes.extend_from_slice(&entry.digest);
        bytes.extend_from_slice(&(entry.value.len() as u64).to_le_bytes());
        bytes.extend_from_slice(&entry.value);
    }
    bytes
}

fn decode(bytes: &[u8]) -> Option<HashMap<String, Entry>> {
    let mut reader = Reader(bytes.strip_prefix(MAGIC)?);
    let count = reader.u64()?;
    // Each entry takes at least 96 bytes: a count larger than the file is garbage.
    if count > (bytes.len() / 96) as u64 {
        return None;
    }
    let mut entries = HashMap::with_capacity(count as usize);
    for _ in 0..count {
        let key = String::from_utf8(reader.sized()?.to_vec()).ok()?;
        let stamp = Stamp {
            len: reader.u64()?,
            modified: i128::from_le_bytes(reader.take(16)?.try_into().ok()?),
            changed: i128::from_le_bytes(reader.take(16)?.try_into().ok()?),
            device: reader.u64()?,
            inode: reader.u64()?,
        };
        let digest = reader.take(32)?.try_into().ok()?;
        let value = reader.sized()?.to_vec();
        entries.insert(
            key,
            Entry {
                stamp,
                digest,
                value,
            },
        );
    }
    reader.0.is_empty().then_some(entries)
}

/// Bounds-checked reads from a byte slice.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, count: usize) -> Option<&'a [u8]> {
        if count > self.0.len() {
            return None;
        }
        let (taken, rest) = self.0.split_at(count);
        self.0 = rest;
        Some(taken)
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    /// A length-prefixed run of bytes.
    fn sized(&mut self) -> Option<&'a [u8]> {
        let count = usize::try_from(self.u64()?).ok()?;
        self.take(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(value: &[u8]) -> Entry {
        Entry {
            stamp: Stamp {
                len: 3,
                modified: -5,
                changed: 1 << 100,
                device: 7,
                inode: u64::MAX,
            },
            digest: digest("abc"),
            value: value.to_vec(),
        }
    }

    #[test]
    fn entries_read_back_exactly() {
        let (a, b) = (entry(b"one"), entry(b""));
        let bytes = encode(&[("a.yaml", &a), ("sops/b.yaml", &b)]);
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.len(), 2);
        assert_eq!(decoded["a.yaml"], a);
        assert_eq!(decoded["sops/b.yaml"], b);
    }

    #[test]
    fn anything_else_is_no_table() {
        let bytes = encode(&[("a.yaml", &entry(b"one"))]);
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_none());
        let mut other_format = bytes.clone();
        other_format[MAGIC.len() - 1] = 2;
        assert!(decode(&other_format).is_none());
        let mut huge_count = bytes;
        huge_count[MAGIC.len()..MAGIC.len() + 8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(decode(&huge_count).is_none());
    }
}
