//! Writing a handbook so that a failed render never leaves half of one: the
//! files go to a temporary folder beside the output, which then replaces it
//! in one rename.

use std::path::{Path, PathBuf};

/// Marks a folder as written by `sop render`, so a later render may replace it.
pub const MARKER: &str = ".sop-handbook";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "{0} exists and was not written by `sop render` (no {MARKER} file in it): choose another --out, or remove it"
    )]
    Foreign(PathBuf),
    #[error("{path}: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |error| Error::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// Writes `files` (relative paths) as the folder `out`, replacing an earlier
/// handbook there. An existing folder that is not empty and holds no
/// [`MARKER`] is left alone: it may be anything.
pub fn write(out: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<(), Error> {
    if out.exists() {
        let is_handbook = out.join(MARKER).is_file();
        let is_empty = out.is_dir() && std::fs::read_dir(out).map_err(io(out))?.next().is_none();
        if !is_handbook && !is_empty {
            return Err(Error::Foreign(out.to_path_buf()));
        }
    }
    let parent = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let name = out.file_name().map_or_else(
        || "handbook".into(),
        |name| name.to_string_lossy().into_owned(),
    );
    let staging = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = write_all(&staging, files).and_then(|()| swap_in(&staging, out, &parent, &name));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

fn write_all(staging: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<(), Error> {
    if staging.exists() {
        std::fs::remove_dir_all(staging).map_err(io(staging))?;
    }
    std::fs::create_dir_all(staging).map_err(io(staging))?;
    for (relative, bytes) in files {
        let path = staging.join(relative);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(io(folder))?;
        }
        std::fs::write(&path, bytes).map_err(io(&path))?;
    }
    let marker = staging.join(MARKER);
    std::fs::write(
        &marker,
        "This folder is written by `sop render`, which replaces it whole.\n",
    )
    .map_err(io(&marker))
}

/// Moves the staged folder into place; the old handbook is removed only once
/// the new one is there.
fn swap_in(staging: &Path, out: &Path, parent: &Path, name: &str) -> Result<(), Error> {
    if out.exists() {
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        std::fs::rename(out, &old).map_err(io(out))?;
        if let Err(error) = std::fs::rename(staging, out) {
            let _ = std::fs::rename(&old, out);
            return Err(io(out)(error));
        }
        std::fs::remove_dir_all(&old).map_err(io(&old))?;
    } else {
        std::fs::rename(staging, out).map_err(io(out))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let folder = std::env::temp_dir().join(format!("sop-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).unwrap();
        folder
    }

    #[test]
    fn replaces_an_earlier_handbook_whole() {
        let folder = scratch("replace");
        let out = folder.join("book");
        write(&out, &[("a.html".into(), b"one".to_vec())]).unwrap();
        write(&out, &[("b.html".into(), b"two".to_vec())]).unwrap();
        assert!(!out.join("a.html").exists());
        assert_eq!(std::fs::read(out.join("b.html")).unwrap(), b"two");
        let leftovers = std::fs::read_dir(&folder).unwrap().count();
        assert_eq!(leftovers, 1, "no staging folder is left behind");
        std::fs::remove_dir_all(folder).unwrap();
    }

    #[test]
    fn never_replaces_a_folder_it_did_not_write() {
        let folder = scratch("foreign");
        let out = folder.join("docs");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("precious.txt"), "keep").unwrap();
        assert!(matches!(write(&out, &[]), Err(Error::Foreign(_))));
        assert_eq!(
            std::fs::read_to_string(out.join("precious.txt")).unwrap(),
            "keep"
        );
        std::fs::remove_dir_all(folder).unwrap();
    }
}
