//! The walk of the SOP folder remembered in the cache (`walk-*.bin`), so
//! that linting one file of 10,000 does not list the 10,000 again. A file
//! created, deleted or renamed changes its folder's stamp, and an ignore
//! file edited in place changes its own: the walk is served only when
//! every folder it walked and every ignore file that could apply (in and
//! above them, there or not) has the stamp recorded, settled before the
//! walk began (the racy-clock rule of [`crate::cache::table`]). What else
//! a walk depends on (the root, `exclude`, the options) names the file.
//! A walk that met a symbolic link or a problem is not remembered: where
//! a link leads can change with none of those stamps.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use super::walk::{Found, Walked, Walker};
use crate::cache::{self, Key, Stamp, Store};

/// The kind of the cache's walk files.
const KIND: &str = "walk";

/// The ignore files a folder may hold, as the walk reads them.
const IGNORE_FILES: [&str; 3] = [".gitignore", ".ignore", ".git/info/exclude"];

/// A walk as remembered: how long it took (nanoseconds), the stamp of
/// each folder walked and ignore file that could apply (`None`: not
/// there), and the files found.
type Remembered = (u64, Vec<(PathBuf, Option<Stamp>)>, Vec<Found>);

/// The files under `folder`, as [`Walker::walk`] finds them, or as
/// `store` remembers them when nothing they depend on changed.
pub fn files(walker: &Walker, folder: &Path, store: Option<&Store>) -> Vec<Found> {
    let mut walked = Walked::default();
    let Some(store) = store else {
        walker.walk(folder, &mut walked);
        return walked.files;
    };
    let mut key = Key::new(KIND);
    walker.describe(&mut key);
    key.add(folder.as_os_str().as_encoded_bytes());
    let remembered = store.remembered(KIND, &key);
    if let Some(files) = remembered.and_then(|(bytes, written)| served(&bytes, written)) {
        return files;
    }
    let began = Instant::now();
    walker.walk(folder, &mut walked);
    if walked.linked || !walked.problems.is_empty() {
        return walked.files;
    }
    // Stamped after the walk: a change made meanwhile is dated after it
    // began, which `served` allows for.
    let stamps = stamps(walker, folder, &walked.folders);
    let took = u64::try_from(began.elapsed().as_nanos()).unwrap_or(u64::MAX);
    if let Some(bytes) = cache::encode(&(took, stamps, &walked.files)) {
        // A walk not remembered only costs the next run a walk.
        let _ = store.remember(KIND, &key, &bytes);
    }
    walked.files
}

/// The files of a remembered walk written at `written`, when every stamp
/// it recorded is still the one there and settled before the walk began.
fn served(bytes: &[u8], written: i128) -> Option<Vec<Found>> {
    let (took, stamps, files): Remembered = cache::decode(bytes)?;
    let began = written - i128::from(took);
    let unchanged = stamps.par_iter().all(|(path, stamp)| {
        Stamp::of(path) == *stamp && stamp.is_none_or(|stamp| stamp.settled(began))
    });
    unchanged.then_some(files)
}

/// The stamps of the folders walked and of the ignore files in them and
/// in the folders above `folder` within the root.
fn stamps(walker: &Walker, folder: &Path, folders: &[PathBuf]) -> Vec<(PathBuf, Option<Stamp>)> {
    let ignore_files = |folder: &Path| IGNORE_FILES.map(|name| folder.join(name));
    let above = walker.parents(folder).flat_map(ignore_files);
    let walked = folders
        .iter()
        .flat_map(|folder| std::iter::once(folder.clone()).chain(ignore_files(folder)));
    let paths: Vec<PathBuf> = above.chain(walked).collect();
    paths
        .into_par_iter()
        .map(|path| {
            let stamp = Stamp::of(&path);
            (path, stamp)
        })
        .collect()
}
