//! Writing one output file whole or not at all: the bytes go to a new file
//! beside it, which then takes its place by rename, so a reader (a calendar
//! application polling the file) never sees half of it.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::Error;
use super::target::Target;

/// Writes `bytes` as the file `out`. When `out` is a symbolic link, the
/// link stays and the file it points to is replaced.
pub fn write_file(out: &Path, bytes: &[u8]) -> Result<(), Error> {
    let path = Target::resolve(out)?.path();
    replace(&path, bytes).map_err(|error| Error::Io { path, error })
}

/// Writes `bytes` as the file at `path` (not a link) whole or not at all:
/// into a new hidden file beside it (so that a walk of the folder does not
/// take it for an SOP), given the old file's permissions, flushed to disk,
/// then renamed over it. A failed write leaves the old file as it was.
pub fn replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let permissions = fs::metadata(path)
        .ok()
        .map(|metadata| metadata.permissions());
    let (staging, mut file) = create_staging(path)?;
    let written = (|| {
        file.write_all(bytes)?;
        if let Some(permissions) = permissions {
            fs::set_permissions(&staging, permissions)?;
        }
        file.sync_all()?;
        fs::rename(&staging, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&staging);
    }
    written?;
    // The rename is durable once the folder is flushed; a system that
    // cannot flush a folder has still renamed the file.
    if let Some(folder) = path.parent()
        && let Ok(folder) = File::open(folder)
    {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// A new file `.NAME.tmp-PID-N` beside `path`.
fn create_staging(path: &Path) -> io::Result<(PathBuf, File)> {
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut attempt = 0;
    loop {
        let staging = folder.join(format!(".{name}.tmp-{}-{attempt}", std::process::id()));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&staging)
        {
            Ok(file) => return Ok((staging, file)),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(error) => return Err(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_nothing_beside_it() {
        let folder = std::env::temp_dir().join(format!("sop-publish-file-{}", std::process::id()));
        let _ = fs::remove_dir_all(&folder);
        fs::create_dir_all(&folder).unwrap();
        let out = folder.join("reviews.ics");
        write_file(&out, b"one").unwrap();
        write_file(&out, b"two").unwrap();
        assert_eq!(fs::read(&out).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(&folder).unwrap().collect();
        assert_eq!(names.len(), 1, "no staging file is left");
        fs::remove_dir_all(folder).unwrap();
    }

    #[test]
    fn a_folder_in_the_way_is_an_error_and_stays() {
        let folder = std::env::temp_dir().join(format!("sop-publish-dir-{}", std::process::id()));
        let _ = fs::remove_dir_all(&folder);
        fs::create_dir_all(folder.join("reviews.ics")).unwrap();
        let error = write_file(&folder.join("reviews.ics"), b"x").unwrap_err();
        assert!(error.to_string().contains("reviews.ics"), "{error}");
        assert!(folder.join("reviews.ics").is_dir());
        assert_eq!(fs::read_dir(&folder).unwrap().count(), 1);
        fs::remove_dir_all(folder).unwrap();
    }
}
