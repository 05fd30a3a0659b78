//! One table of the cache: a value per file, keyed by the file's path and
//! verified by its content. A value is served when the file's [`Stamp`]
//! is the one recorded and the file was not touched near the time the
//! table was written; otherwise the file is read and its text hashed, and
//! the value is served only when the hash is the one recorded. So a file
//! edited in the same clock tick as the table was written (the "racy git"
//! case), or edited and given its old modification time back, is still
//! read again: a value is never stale.
//!
//! The file is a short header and length-prefixed entries, sorted by key.
//! Anything that does not read back exactly (another format, a cut file,
//! garbage, keys out of order) is an empty table: the cache only ever
//! costs a lint run. The file's bytes are kept as read, and an entry is
//! decoded only when it is looked up: a run that lints one file of 10,000
//! decodes one entry of the lint table, not 10,000 into owned copies.

use std::ops::Range;
use std::path::PathBuf;

use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};

use super::{Error, Stamp};

/// The first bytes of a table file, with its format's version.
const MAGIC: &[u8; 12] = b"sop-cache\x00\x00\x01";

/// The bytes of an entry between its key and its value's length: the
/// stamp (8 + 16 + 16 + 8 + 8) and the digest (32).
const FIXED: usize = 88;

/// The hash of a file's text, as read for linting.
pub type Digest32 = [u8; 32];

/// The hash of `text`.
pub fn digest(text: &str) -> Digest32 {
    Sha256::digest(text.as_bytes()).into()
}

/// Which keys a save keeps, of those not updated.
pub type Keep<'a> = &'a dyn Fn(&[u8]) -> bool;

/// One file's value, with what it was computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub stamp: Stamp,
    pub digest: Digest32,
    pub value: Vec<u8>,
}

/// An entry as it stands in a table's bytes (or an [`Entry`] lent to be written).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stored<'t> {
    stamp: Stamp,
    digest: Digest32,
    value: &'t [u8],
}

impl Entry {
    fn stored(&self) -> Stored<'_> {
        Stored {
            stamp: self.stamp,
            digest: self.digest,
            value: &self.value,
        }
    }
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
    /// The table file as read.
    bytes: Vec<u8>,
    /// Where each entry's key lies in `bytes`, in key order; its stamp,
    /// digest and value follow the key.
    keys: Vec<Range<usize>>,
    /// The table file's modification time when it was read.
    written: Option<i128>,
}

impl Table {
    /// A table with no entries, to be written at `path`.
    pub fn empty(path: PathBuf) -> Table {
        Table {
            path,
            bytes: Vec::new(),
            keys: Vec::new(),
            written: None,
        }
    }

    /// The table at `path`, whose file holds `bytes`, written at
    /// `written`; empty when the bytes do not read back.
    pub fn of_bytes(path: PathBuf, bytes: Vec<u8>, written: i128) -> Table {
        match index(&bytes) {
            Some(keys) => Table {
                path,
                bytes,
                keys,
                written: Some(written),
            },
            None => Table::empty(path),
        }
    }

    /// The entry recorded under `key`.
    fn get(&self, key: &[u8]) -> Option<Stored<'_>> {
        let at = (self.keys)
            .binary_search_by(|range| self.bytes[range.clone()].cmp(key))
            .ok()?;
        self.stored(&self.keys[at])
    }

    /// The entry whose key lies at `key` in the bytes.
    fn stored(&self, key: &Range<usize>) -> Option<Stored<'_>> {
        let mut reader = Reader {
            bytes: &self.bytes,
            at: key.end,
        };
        reader.stored()
    }

    /// What the table knows of the file recorded under `key`, whose stamp
    /// now is `stamp` (`None` when it cannot be read); `read` reads its
    /// text as linting reads it, when the stamp is not enough.
    pub fn lookup(
        &self,
        key: &[u8],
        stamp: Option<Stamp>,
        read: impl FnOnce() -> Option<String>,
    ) -> Lookup<'_> {
        let Some(stamp) = stamp else {
            return Lookup::Uncached;
        };
        let Some(entry) = self.get(key) else {
            return Lookup::Miss { stamp, text: None };
        };
        let settled = self
            .written
            .is_some_and(|written| entry.stamp.settled(written));
        if settled && entry.stamp == stamp {
            return Lookup::Hit {
                value: entry.value,
                restamped: None,
            };
        }
        match read() {
            Some(text) if digest(&text) == entry.digest => Lookup::Hit {
                value: entry.value,
                restamped: (entry.stamp != stamp).then(|| Entry {
                    stamp,
                    digest: entry.digest,
                    value: entry.value.to_vec(),
                }),
            },
            text => Lookup::Miss { stamp, text },
        }
    }

    /// Whether saving `updates` with `only` would write the table as it is
    /// on disk (which [`super::Store::save`] then skips): no updates, and every
    /// key kept. Found on the keys, without reading a value.
    pub(super) fn unchanged(&self, updates: &[(Vec<u8>, Entry)], only: Option<Keep<'_>>) -> bool {
        updates.is_empty()
            && self.written.is_some()
            && only.is_none_or(|keep| (self.keys.iter()).all(|key| keep(&self.bytes[key.clone()])))
    }

    /// Writes the table with `updates` over its entries; with `only`, the
    /// entries of other keys are dropped (a run that saw every file). The
    /// file is replaced whole by rename, so a reader never sees half of it.
    pub fn save(
        &self,
        updates: Vec<(Vec<u8>, Entry)>,
        only: Option<Keep<'_>>,
    ) -> Result<(), Error> {
        let mut entries: Vec<(&[u8], Stored)> = (self.keys.iter())
            .map(|key| (&self.bytes[key.clone()], key))
            .filter(|(key, _)| only.is_none_or(|keep| keep(key)))
            .filter_map(|(key, range)| Some((key, self.stored(range)?)))
            .collect();
        let updated: FxHashMap<&[u8], Stored> = (updates.iter())
            .map(|(key, entry)| (key.as_slice(), entry.stored()))
            .collect();
        entries.retain(|(key, _)| !updated.contains_key(key));
        entries.extend(updated);
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        super::replace(&self.path, &encode(&entries))
    }
}

/// `entries`, sorted by key, as a table file.
fn encode(entries: &[(&[u8], Stored)]) -> Vec<u8> {
    let size: usize = entries
        .iter()
        .map(|(key, entry)| key.len() + entry.value.len() + 16 + FIXED)
        .sum();
    let mut bytes = Vec::with_capacity(MAGIC.len() + 8 + size);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&(entries.len() as u64).to_le_bytes());
    for (key, entry) in entries {
        let stamp = &entry.stamp;
        bytes.extend_from_slice(&(key.len() as u64).to_le_bytes());
        bytes.extend_from_slice(key);
        bytes.extend_from_slice(&stamp.len.to_le_bytes());
        bytes.extend_from_slice(&stamp.modified.to_le_bytes());
        bytes.extend_from_slice(&stamp.changed.to_le_bytes());
        bytes.extend_from_slice(&stamp.device.to_le_bytes());
        bytes.extend_from_slice(&stamp.inode.to_le_bytes());
        bytes.extend_from_slice(&entry.digest);
        bytes.extend_from_slice(&(entry.value.len() as u64).to_le_bytes());
        bytes.extend_from_slice(entry.value);
    }
    bytes
}

/// Where the key of each entry lies in a table file, checking that every
/// entry reads back and that the keys are in strictly increasing order.
fn index(bytes: &[u8]) -> Option<Vec<Range<usize>>> {
    if !bytes.starts_with(MAGIC) {
        return None;
    }
    let mut reader = Reader {
        bytes,
        at: MAGIC.len(),
    };
    let count = reader.u64()?;
    // Each entry takes at least 104 bytes: a count larger than the file is garbage.
    if count > (bytes.len() / (16 + FIXED)) as u64 {
        return None;
    }
    let mut keys: Vec<Range<usize>> = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let key = reader.sized()?;
        let range = reader.at - key.len()..reader.at;
        if keys.last().is_some_and(|last| &bytes[last.clone()] >= key) {
            return None;
        }
        reader.stored()?;
        keys.push(range);
    }
    (reader.at == bytes.len()).then_some(keys)
}

/// Bounds-checked reads from a byte slice, from `at` on.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, count: usize) -> Option<&'a [u8]> {
        let taken = self.bytes.get(self.at..self.at.checked_add(count)?)?;
        self.at += count;
        Some(taken)
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn i128(&mut self) -> Option<i128> {
        Some(i128::from_le_bytes(self.take(16)?.try_into().ok()?))
    }

    /// A length-prefixed run of bytes.
    fn sized(&mut self) -> Option<&'a [u8]> {
        let count = usize::try_from(self.u64()?).ok()?;
        self.take(count)
    }

    /// What follows an entry's key.
    fn stored(&mut self) -> Option<Stored<'a>> {
        Some(Stored {
            stamp: Stamp {
                len: self.u64()?,
                modified: self.i128()?,
                changed: self.i128()?,
                device: self.u64()?,
                inode: self.u64()?,
            },
            digest: self.take(32)?.try_into().ok()?,
            value: self.sized()?,
        })
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

    fn table(bytes: Vec<u8>) -> Table {
        Table::of_bytes(PathBuf::from("test.bin"), bytes, 0)
    }

    #[test]
    fn entries_read_back_exactly() {
        let (a, b) = (entry(b"one"), entry(b""));
        let bytes = encode(&[(b"a.yaml", a.stored()), (b"sops/b.yaml", b.stored())]);
        let table = table(bytes);
        assert_eq!(table.keys.len(), 2);
        assert_eq!(table.get(b"a.yaml"), Some(a.stored()));
        assert_eq!(table.get(b"sops/b.yaml"), Some(b.stored()));
        assert_eq!(table.get(b"sops/c.yaml"), None);
        assert_eq!(table.get(b""), None);
    }

    #[test]
    fn a_save_is_skipped_only_when_it_would_write_the_same_table() {
        let bytes = encode(&[
            (b"a.yaml", entry(b"one").stored()),
            (b"b.yaml", entry(b"").stored()),
        ]);
        let read = table(bytes);
        let keep_all: Keep<'_> = &|_| true;
        let keep_a: Keep<'_> = &|key| key == b"a.yaml";
        assert!(read.unchanged(&[], None));
        assert!(read.unchanged(&[], Some(keep_all)));
        assert!(
            !read.unchanged(&[], Some(keep_a)),
            "b.yaml leaves the table"
        );
        let update = (b"c.yaml".to_vec(), entry(b"two"));
        assert!(!read.unchanged(&[update], None));
        let never_written = Table::empty(PathBuf::from("test.bin"));
        assert!(
            !never_written.unchanged(&[], None),
            "an empty table is written once"
        );
    }

    #[test]
    fn anything_else_is_no_table() {
        let one = entry(b"one");
        let bytes = encode(&[(b"a.yaml", one.stored())]);
        for cut in 0..bytes.len() {
            assert!(index(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(index(&longer).is_none());
        let mut other_format = bytes.clone();
        other_format[MAGIC.len() - 1] = 2;
        assert!(index(&other_format).is_none());
        let mut huge_count = bytes;
        huge_count[MAGIC.len()..MAGIC.len() + 8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(index(&huge_count).is_none());
        // Keys out of order, or twice, cannot be searched.
        let unsorted = encode(&[(b"b.yaml", one.stored()), (b"a.yaml", one.stored())]);
        assert!(index(&unsorted).is_none());
        let twice = encode(&[(b"a.yaml", one.stored()), (b"a.yaml", one.stored())]);
        assert!(index(&twice).is_none());
        assert!(table(twice).written.is_none());
    }
}
