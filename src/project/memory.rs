//! The ids of a project's SOP files as they are on disk, and the summaries
//! of those read whole (the SOPs a file calls, and those these call),
//! remembered between loads by a caller that runs long and is told when
//! files change: the language server, whose client watches the files for
//! it. Linting one open file then costs no walk of the SOP folder and no
//! read of its other 10,000 files. The caller forgets everything on any change it is told of
//! (a file saved, created, changed or deleted; an ignore file or `sop.toml`
//! edited), so what is remembered is never older than the last change.
//!
//! Open buffers are never memory: each load reads the ids of its
//! overlaid files from their overlays, as [`super::load`] would.

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::index::{IndexEntry, Summary};
use super::others::id_of;
use super::overlay::Overlays;
use super::walk::{Found, Walked, Walker};
use super::{is_glossary, paths};

/// Every SOP file of one SOP folder, with the id its text on disk has.
type FolderIds = Vec<(Found, Option<String>)>;

/// What a long-running caller remembers of the files on disk.
#[derive(Debug, Default)]
pub struct Memory {
    /// The SOP folders walked, by absolute folder and file size cap.
    folders: Mutex<HashMap<(PathBuf, u64), Arc<FolderIds>>>,
    /// The SOP files read whole, by the absolute path they were found at
    /// (as bytes: a `Path` hashes component by component).
    summaries: Mutex<FxHashMap<OsString, Summary>>,
}

impl Memory {
    /// Forgets everything: files changed on disk.
    pub fn forget(&self) {
        lock(&self.folders).clear();
        lock(&self.summaries).clear();
    }

    /// The summary of the file `found` (not overlaid), remembered or made
    /// now by `read`.
    pub(super) fn summary(&self, found: &Found, read: impl FnOnce() -> Summary) -> Summary {
        if let Some(summary) = lock(&self.summaries).get(found.path.as_os_str()) {
            return summary.clone();
        }
        let summary = read();
        lock(&self.summaries).insert(found.path.clone().into_os_string(), summary.clone());
        summary
    }

    /// The ids of the SOPs of `sop_folder` other than those `given` (real
    /// paths), as [`super::other_ids`] finds them: walked and read once,
    /// then remembered; an overlaid file's id is read from its overlay.
    pub(super) fn others(
        &self,
        walker: &Walker,
        sop_folder: &Path,
        given: &FxHashSet<&OsStr>,
        (cwd, overlays): (&Path, &Overlays),
        limit: u64,
    ) -> Vec<IndexEntry> {
        let folder = self.folder(walker, sop_folder, limit);
        folder
            .iter()
            .filter(|(found, _)| !given.contains(found.real.as_os_str()))
            .filter_map(|(found, on_disk)| {
                let id = if overlays.covers(found) {
                    overlays
                        .read_text(found, limit)
                        .ok()
                        .and_then(|text| id_of(&text))
                } else {
                    on_disk.clone()
                };
                let shown = paths::display(&found.path, cwd);
                Some(IndexEntry::other(shown, id?, found.clone()))
            })
            .collect()
    }

    /// The folder's files and ids, remembered or read now.
    fn folder(&self, walker: &Walker, sop_folder: &Path, limit: u64) -> Arc<FolderIds> {
        let key = (sop_folder.to_path_buf(), limit);
        if let Some(folder) = lock(&self.folders).get(&key) {
            return Arc::clone(folder);
        }
        let mut walked = Walked::default();
        walker.walk(sop_folder, &mut walked);
        let disk = Overlays::default();
        let folder: Arc<FolderIds> = Arc::new(
            walked
                .files
                .into_par_iter()
                .filter(|found| !is_glossary(&found.path))
                .map(|found| {
                    let id = disk.read_text(&found, limit).ok().and_then(|t| id_of(&t));
                    (found, id)
                })
                .collect(),
        );
        lock(&self.folders).insert(key, Arc::clone(&folder));
        folder
    }
}

/// A lock that a panic elsewhere left held is still good: every value is
/// inserted whole.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{Options, load};
    use std::fs;

    #[test]
    fn ids_are_remembered_until_forgotten_and_overlays_always_count() {
        let scratch = std::env::temp_dir().join(format!("sop-memory-{}", std::process::id()));
        let _ = fs::remove_dir_all(&scratch);
        fs::create_dir_all(scratch.join("sops")).unwrap();
        let root = fs::canonicalize(&scratch).unwrap();
        let sops = root.join("sops");
        fs::write(root.join("sop.toml"), "").unwrap();
        let (a, b) = (sops.join("a.yaml"), sops.join("b.yaml"));
        fs::write(&a, "id: CS-0001\n").unwrap();
        fs::write(&b, "id: CS-0002\n").unwrap();
        fs::write(sops.join("glossary.yaml"), "terms: {}\n").unwrap();
        let memory = Arc::new(Memory::default());
        let others = |buffers: HashMap<PathBuf, Vec<u8>>| {
            let options = Options {
                overlays: buffers,
                memory: Some(Arc::clone(&memory)),
                ..Options::new(&root, vec![a.clone()])
            };
            let project = load(&options).unwrap();
            let ids: Vec<String> = project.others.into_iter().map(|entry| entry.id).collect();
            ids
        };
        assert_eq!(others(HashMap::new()), ["CS-0002"]);
        // A change on disk is not seen until the caller forgets...
        fs::write(&b, "id: CS-0003\n").unwrap();
        fs::write(sops.join("c.yaml"), "id: CS-0004\n").unwrap();
        assert_eq!(others(HashMap::new()), ["CS-0002"]);
        // ...but an overlay is, at once.
        let buffers = HashMap::from([(b.clone(), b"id: CS-0005\n".to_vec())]);
        assert_eq!(others(buffers), ["CS-0005"]);
        memory.forget();
        assert_eq!(others(HashMap::new()), ["CS-0003", "CS-0004"]);
        fs::remove_dir_all(&scratch).unwrap();
    }
}
