//! The ids of the project's SOPs that were not given, for the rules that
//! compare SOPs: from each file's `id:` line (parsed only when the line is
//! not plain), or from the cache's table of ids when the file is the one
//! it was read from. A one-file lint looks at every other file this way,
//! so this is the part of it that grows with the project.

use std::ffi::{OsStr, OsString};
use std::path::Path;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::index::{self, IdLine, IndexEntry};
use super::overlay::Overlays;
use super::walk::{Found, Walker};
use super::{is_glossary, paths};
use crate::cache;
use crate::yaml;

/// The cache table of ids.
const KIND: &str = "ids";

/// The ids of the SOPs under the SOP folder whose real files are not in
/// `given`. The table is written back here; a cache that cannot be
/// written only costs speed, and `sop lint` says so when it writes its own
/// table.
pub(super) fn other_ids(
    walker: &Walker,
    sop_folder: &Path,
    given: &FxHashSet<&OsStr>,
    (cwd, overlays): (&Path, &Overlays),
    limit: u64,
    store: Option<&cache::Store>,
) -> Vec<IndexEntry> {
    let files = super::remembered::files(walker, sop_folder, store);
    let mut key = cache::Key::new(KIND);
    key.add(&limit.to_le_bytes());
    let table = store.map(|store| store.table(KIND, &key));
    let mut others = Vec::with_capacity(files.len());
    let mut skipped = Vec::new();
    for found in files {
        if !given.contains(found.real.as_os_str()) && !is_glossary(&found.path) {
            others.push(found);
        } else {
            skipped.push(found);
        }
    }
    // Each folder opened once, and its files stamped by name.
    let mut folders: FxHashMap<OsString, Option<cache::Folder>> = FxHashMap::default();
    if table.is_some() {
        for (folder, _) in others
            .iter()
            .filter_map(|found| paths::split_file(&found.real))
        {
            if !folders.contains_key(folder.as_os_str()) {
                folders.insert(folder.into(), cache::Folder::open(folder));
            }
        }
    }
    let stamp = |found: &Found| {
        let (folder, name) = paths::split_file(&found.real)?;
        folders.get(folder.as_os_str())?.as_ref()?.stamp(name)
    };
    let found: Vec<(Option<String>, Option<cache::Entry>, Found)> = (others.into_par_iter())
        .map(|found| {
            let (id, entry) = id(&found, stamp(&found), table.as_ref(), overlays, limit);
            (id, entry, found)
        })
        .collect();
    if let (Some(store), Some(table)) = (store, &table) {
        let updates: Vec<(Vec<u8>, cache::Entry)> = (found.iter())
            .filter_map(|(_, entry, found)| Some((key_of(found).to_vec(), entry.clone()?)))
            .collect();
        // Files no longer in the SOP folder leave the table.
        let walked: FxHashSet<&[u8]> = (found.iter().map(|(_, _, found)| found))
            .chain(&skipped)
            .map(key_of)
            .collect();
        let _ = store.save(KIND, table, updates, Some(&|key| walked.contains(key)));
    }
    found
        .into_iter()
        .filter_map(|(id, _, found)| {
            Some(IndexEntry::other(
                paths::display(&found.path, cwd),
                id?,
                found,
            ))
        })
        .collect()
}

/// A file's key in the table: its path as walked.
fn key_of(found: &Found) -> &[u8] {
    found.path.as_os_str().as_encoded_bytes()
}

/// The id of one file, through `table` when there is one and the file is
/// on disk (its stamp now is `stamp`), and the entry to record for it.
fn id(
    found: &Found,
    stamp: Option<cache::Stamp>,
    table: Option<&cache::Table>,
    overlays: &Overlays,
    limit: u64,
) -> (Option<String>, Option<cache::Entry>) {
    let read = || overlays.read_text(found, limit).ok();
    let uncached = || (read().and_then(|text| id_of(&text)), None);
    let table = table.filter(|_| !overlays.covers(found));
    let Some(table) = table else {
        return uncached();
    };
    match table.lookup(key_of(found), stamp, read) {
        cache::Lookup::Hit { value, restamped } => match cache::decode(value) {
            Some(id) => (id, restamped),
            None => uncached(),
        },
        cache::Lookup::Miss { stamp, text } => {
            let Some(text) = text.or_else(read) else {
                return (None, None);
            };
            let id = id_of(&text);
            let entry = cache::encode(&id).map(|value| cache::Entry {
                stamp,
                digest: cache::table::digest(&text),
                value,
            });
            (id, entry)
        }
        cache::Lookup::Uncached => uncached(),
    }
}

/// The id of an SOP not given, from its text.
pub(super) fn id_of(text: &str) -> Option<String> {
    match index::scan_id(text) {
        IdLine::Found(id, _) => Some(id),
        IdLine::Missing => None,
        IdLine::Unsure => match yaml::parse(text) {
            Ok(root) => Some(root?.get("id")?.as_str()?.to_string()),
            Err(_) => Some(index::recover_id(text)?.0),
        },
    }
}
