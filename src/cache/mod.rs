//! The cache of `sop lint`, as ruff keeps one: what linting a file found
//! (and the id of each SOP not given, for the rules across SOPs), so that
//! a run over unchanged files reads no YAML. It lives in `.sop-cache/` at
//! the project root, with a `.gitignore` that keeps it out of git and a
//! `CACHEDIR.TAG` that keeps it out of backups; deleting it is always
//! safe. A project found by neither `sop.toml` nor `.git` gets none: `sop
//! lint` of a stray file leaves nothing beside it.
//!
//! Values are keyed by file and verified by content ([`table`]), and each
//! table is named by everything else its values depend on ([`Key`]).

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

mod key;
mod stamp;
pub mod table;

pub use key::Key;
pub use stamp::Stamp;
pub use table::{Entry, Lookup, Table};

/// The cache folder's name, at the project root.
pub const FOLDER: &str = ".sop-cache";

/// Tables of one kind kept: those of the last few configurations, dates
/// and selections (each run reads one).
const TABLES_KEPT: usize = 8;

/// A table file larger than this is not read (a project of a million SOPs
/// makes tables of a few hundred MB).
const MOST_TABLE_BYTES: u64 = 1 << 30;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: cannot write the cache: {error}", path.display())]
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
}

/// The cache folder of one project.
#[derive(Debug)]
pub struct Store {
    folder: PathBuf,
}

impl Store {
    /// The cache of the project at `root` (found by `sop.toml` when
    /// `configured`, else by `.git`), or `None` when it gets none: no
    /// project, or a `.sop-cache` that is not a plain folder (a link could
    /// send the writes anywhere).
    pub fn open(root: &Path, configured: bool) -> Option<Store> {
        if !configured && fs::symlink_metadata(root.join(".git")).is_err() {
            return None;
        }
        let folder = root.join(FOLDER);
        match fs::symlink_metadata(&folder) {
            Ok(metadata) if !metadata.is_dir() => None,
            _ => Some(Store { folder }),
        }
    }

    /// The table of `kind` named by `key`.
    pub fn table(&self, kind: &str, key: &Key) -> Table {
        let path = self.folder.join(format!("{kind}-{}.bin", key.name()));
        Table::read(path, MOST_TABLE_BYTES)
    }

    /// Writes `table` (see [`Table::save`]), creating the folder when it
    /// is missing, and drops the oldest tables of `kind` past a few.
    pub fn save(
        &self,
        kind: &str,
        table: &Table,
        updates: Vec<(Vec<u8>, Entry)>,
        only: Option<&dyn Fn(&[u8]) -> bool>,
    ) -> Result<(), Error> {
        let failed = |error| Error::Write {
            path: self.folder.clone(),
            error,
        };
        if fs::symlink_metadata(&self.folder).is_err() {
            fs::create_dir(&self.folder).map_err(failed)?;
            fs::write(
                self.folder.join(".gitignore"),
                "# Written by `sop lint`: its cache, safe to delete.\n*\n",
            )
            .map_err(failed)?;
            fs::write(
                self.folder.join("CACHEDIR.TAG"),
                "Signature: 8a477f597d28d172789f06886806bc55\n# The cache of `sop lint`: https://bford.info/cachedir/\n",
            )
            .map_err(failed)?;
        }
        table.save(updates, only)?;
        self.prune(kind);
        Ok(())
    }

    /// Removes the tables of `kind` but the newest few; what cannot be
    /// removed stays (another run may be reading it).
    fn prune(&self, kind: &str) {
        let Ok(listing) = fs::read_dir(&self.folder) else {
            return;
        };
        let prefix = format!("{kind}-");
        let mut tables: Vec<(std::time::SystemTime, PathBuf)> = listing
            .filter_map(Result::ok)
            .filter(|entry| {
                let name = entry.file_name();
                let name = name.to_string_lossy();
                name.starts_with(&prefix) && name.ends_with(".bin")
            })
            .filter_map(|entry| Some((entry.metadata().ok()?.modified().ok()?, entry.path())))
            .collect();
        if tables.len() <= TABLES_KEPT {
            return;
        }
        tables.sort();
        for (_, path) in &tables[..tables.len() - TABLES_KEPT] {
            let _ = fs::remove_file(path);
        }
    }
}

/// A value as a table stores it.
pub fn encode<V: Serialize>(value: &V) -> Option<Vec<u8>> {
    postcard::to_stdvec(value).ok()
}

/// A stored value; `None` when it does not read back as a `V`.
pub fn decode<V: DeserializeOwned>(bytes: &[u8]) -> Option<V> {
    postcard::from_bytes(bytes).ok()
}
