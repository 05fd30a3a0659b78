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
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

mod key;
mod stamp;
pub mod table;

pub use key::Key;
pub use stamp::{Folder, Stamp};
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
        let path = self.path(kind, key);
        match read(&path) {
            Some((bytes, written)) => Table::of_bytes(path, bytes, written),
            None => Table::empty(path),
        }
    }

    /// Writes `table` (see [`Table::save`]), creating the folder when it
    /// is missing, and drops the oldest tables of `kind` past a few.
    pub fn save(
        &self,
        kind: &str,
        table: &Table,
        updates: Vec<(Vec<u8>, Entry)>,
        only: Option<table::Keep<'_>>,
    ) -> Result<(), Error> {
        if table.unchanged(&updates, only) {
            return Ok(());
        }
        self.create()?;
        table.save(updates, only)?;
        self.prune(kind);
        Ok(())
    }

    /// The one value of `kind` named by `key` (not a table: see
    /// [`Store::remember`]), and when it was written; `None` when there is
    /// none.
    pub fn remembered(&self, kind: &str, key: &Key) -> Option<(Vec<u8>, i128)> {
        read(&self.path(kind, key))
    }

    /// Writes one value of `kind` named by `key`, as [`Store::save`]
    /// writes a table.
    pub fn remember(&self, kind: &str, key: &Key, bytes: &[u8]) -> Result<(), Error> {
        self.create()?;
        replace(&self.path(kind, key), bytes)?;
        self.prune(kind);
        Ok(())
    }

    fn path(&self, kind: &str, key: &Key) -> PathBuf {
        self.folder.join(format!("{kind}-{}.bin", key.name()))
    }

    /// Creates the cache folder when it is missing.
    fn create(&self) -> Result<(), Error> {
        if fs::symlink_metadata(&self.folder).is_ok() {
            return Ok(());
        }
        let failed = |error| Error::Write {
            path: self.folder.clone(),
            error,
        };
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
        .map_err(failed)
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

/// The bytes of a file of the cache and its modification time; `None`
/// when it cannot be read or is too large to be one.
fn read(path: &Path) -> Option<(Vec<u8>, i128)> {
    let metadata = fs::metadata(path).ok()?;
    if metadata.len() > MOST_TABLE_BYTES {
        return None;
    }
    let written = Stamp::from(&metadata).modified;
    Some((fs::read(path).ok()?, written))
}

/// Writes `bytes` to a file in the cache folder, replacing it whole by
/// rename, so that a reader never sees half of it.
fn replace(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let folder = path.parent().unwrap_or(Path::new("."));
    let staging = folder.join(format!(".tmp-{}", std::process::id()));
    let written = (|| {
        let mut file = fs::File::create(&staging)?;
        file.write_all(bytes)?;
        drop(file);
        fs::rename(&staging, path)
    })();
    written.map_err(|error| {
        let _ = fs::remove_file(&staging);
        Error::Write {
            path: path.to_path_buf(),
            error,
        }
    })
}

/// A value as a table stores it.
pub fn encode<V: Serialize>(value: &V) -> Option<Vec<u8>> {
    postcard::to_stdvec(value).ok()
}

/// A stored value; `None` when it does not read back as a `V`.
pub fn decode<V: DeserializeOwned>(bytes: &[u8]) -> Option<V> {
    postcard::from_bytes(bytes).ok()
}
