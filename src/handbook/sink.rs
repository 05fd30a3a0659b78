//! Where the rendered files go as they are made: into the staging folder
//! of [`crate::publish::Staging`], or into memory (for tests and callers
//! that want the bytes).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::Error;
use crate::publish::Staging;

/// Takes rendered files, from many threads at once.
pub(super) trait Sink: Sync {
    fn put(&self, relative: &Path, bytes: &[u8]) -> Result<(), Error>;
}

impl Sink for Staging {
    fn put(&self, relative: &Path, bytes: &[u8]) -> Result<(), Error> {
        Ok(self.write(relative, bytes)?)
    }
}

/// The files in memory, in the order they were made.
#[derive(Default)]
pub(super) struct Memory(pub Mutex<Vec<(PathBuf, Vec<u8>)>>);

impl Sink for Memory {
    fn put(&self, relative: &Path, bytes: &[u8]) -> Result<(), Error> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push((relative.to_path_buf(), bytes.to_vec()));
        Ok(())
    }
}
