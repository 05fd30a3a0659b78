//! Replacing an SOP file that was read with its edited text, atomically: a
//! reader (a CI job, an editor, `sop lint`) sees the old file or the new
//! one, never half of one, and a failed write leaves the old one.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The UTF-8 byte-order mark, which the reader drops and a write keeps.
const BOM: &str = "\u{feff}";

/// Why a file was not replaced.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("the file changed since it was read: nothing was written; run the command again")]
    Changed,
    #[error("the file is read-only: make it writable to approve it")]
    ReadOnly,
    #[error("cannot {action}: {source}")]
    Io {
        action: &'static str,
        source: io::Error,
    },
}

fn io(action: &'static str) -> impl FnOnce(io::Error) -> WriteError {
    move |source| WriteError::Io { action, source }
}

/// Replaces the file at `path` with `new` if it still holds `old` (which
/// was read without its byte-order mark: one there is kept). A symbolic
/// link is written through: its target is replaced, the link stays. The new
/// file is written next to the old one, given its permissions, flushed to
/// disk, then renamed over it.
pub fn replace_text(path: &Path, old: &str, new: &str) -> Result<(), WriteError> {
    let target = fs::canonicalize(path).map_err(io("find the file"))?;
    let metadata = fs::metadata(&target).map_err(io("read the file's permissions"))?;
    if !metadata.is_file() {
        return Err(WriteError::Changed);
    }
    if metadata.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    let bytes = fs::read(&target).map_err(io("read the file again"))?;
    let bom = if bytes == old.as_bytes() {
        ""
    } else if bytes.strip_prefix(BOM.as_bytes()) == Some(old.as_bytes()) {
        BOM
    } else {
        return Err(WriteError::Changed);
    };
    let (temp, mut file) = create_temp(&target)?;
    let written = (|| {
        file.write_all(bom.as_bytes())
            .and_then(|()| file.write_all(new.as_bytes()))
            .map_err(io("write the new file"))?;
        fs::set_permissions(&temp, metadata.permissions())
            .map_err(io("give the new file the permissions of the old"))?;
        file.sync_all().map_err(io("flush the new file to disk"))?;
        fs::rename(&temp, &target).map_err(io("put the new file in place"))
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written?;
    // The rename is durable once the folder is flushed; a system that
    // cannot flush a folder has still renamed the file.
    if let Some(folder) = target.parent()
        && let Ok(folder) = File::open(folder)
    {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// A new file next to `target`, named after it and hidden (so that a walk
/// of the folder does not take it for an SOP).
fn create_temp(target: &Path) -> Result<(PathBuf, File), WriteError> {
    let folder = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut attempt = 0;
    loop {
        let temp = folder.join(format!(".{name}.sop-{}-{attempt}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(error) => return Err(io("create a new file in the file's folder")(error)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder of its own under the system's temporary folder.
    fn folder(name: &str) -> PathBuf {
        let folder = std::env::temp_dir().join(format!("sop-write-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&folder);
        fs::create_dir_all(&folder).unwrap();
        folder
    }

    #[test]
    fn the_file_is_replaced_keeping_its_mark_and_nothing_else_is_left() {
        let folder = folder("bom");
        let path = folder.join("a.yaml");
        fs::write(&path, "\u{feff}id: A\n").unwrap();
        replace_text(&path, "id: A\n", "id: B\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "\u{feff}id: B\n");
        let names: Vec<_> = fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.yaml"]);
        assert!(matches!(
            replace_text(&path, "id: A\n", "id: C\n"),
            Err(WriteError::Changed)
        ));
        assert_eq!(fs::read_to_string(&path).unwrap(), "\u{feff}id: B\n");
        fs::remove_dir_all(&folder).unwrap();
    }
}
