//! Replacing an SOP file that was read with its edited text, atomically: a
//! reader (a CI job, an editor, `sop lint`) sees the old file or the new
//! one, never half of one, and a failed write leaves the old one.

use std::fs;
use std::io;
use std::path::Path;

use crate::publish;

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
/// link is written through: its target is replaced, the link stays (see
/// [`publish::file::replace`] for how).
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
    let bytes = [bom.as_bytes(), new.as_bytes()].concat();
    publish::file::replace(&target, &bytes).map_err(io("write the new file"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

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
