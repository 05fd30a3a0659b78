//! An exclusive `flock` on a file beside the output folder, held from
//! staging to swap, so that runs into one folder take turns. The kernel
//! drops the lock when a run dies, even by SIGKILL.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;

/// Held until dropped; the lock file goes with it.
pub struct Lock {
    path: PathBuf,
    _file: File,
}

impl Lock {
    /// Waits for the lock on the file `path`, creating the file.
    pub fn acquire(path: PathBuf) -> io::Result<Lock> {
        loop {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)?;
            file.lock()?;
            // The run before removes the file when done: a run that waited
            // on it then holds the lock of a file no other run can find.
            let held = file.metadata()?;
            match fs::metadata(&path) {
                Ok(now) if (now.dev(), now.ino()) == (held.dev(), held.ino()) => {
                    return Ok(Lock { path, _file: file });
                }
                Ok(_) => continue,
                Err(error) if error.kind() == io::ErrorKind::NotFound => continue,
                Err(error) => return Err(error),
            }
        }
    }
}

impl Drop for Lock {
    /// Removes the file while it is still locked (the file closes after
    /// this), so no run can lock it and miss the lock of the next one.
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}
