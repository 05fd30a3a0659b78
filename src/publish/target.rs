//! Where an output folder really is, and the names of what goes beside it.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use super::{Error, io};

/// An output folder, as the folder it lives in and its name there.
pub struct Target {
    pub parent: PathBuf,
    pub name: OsString,
}

/// More links in a row than this are a loop (Linux stops at 40 too).
const MAX_LINKS: usize = 40;

impl Target {
    /// The folder `out` names: `.` and `..` by their real path, a symbolic
    /// link by the folder it points to (which may not exist yet). What is
    /// staged must go beside the real folder, as a rename cannot leave its
    /// file system, and swapping the real folder leaves the link as it was.
    pub fn resolve(out: &Path) -> Result<Target, Error> {
        let mut path = out.to_path_buf();
        for _ in 0..MAX_LINKS {
            if path.file_name().is_none() {
                path = fs::canonicalize(&path).map_err(io(&path))?;
            }
            match fs::symlink_metadata(&path) {
                Ok(metadata) if metadata.file_type().is_symlink() => {
                    let link = fs::read_link(&path).map_err(io(&path))?;
                    path = path.parent().unwrap_or(Path::new("")).join(link);
                }
                _ => return Target::at(path),
            }
        }
        Err(io(out)(std::io::Error::other("too many symbolic links")))
    }

    fn at(path: PathBuf) -> Result<Target, Error> {
        let Some(name) = path.file_name() else {
            return Err(io(&path)(std::io::Error::other(
                "a root folder cannot be replaced",
            )));
        };
        let parent = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Ok(Target {
            name: name.to_os_string(),
            parent,
        })
    }

    /// The folder itself.
    pub fn path(&self) -> PathBuf {
        self.parent.join(&self.name)
    }

    /// `.NAME.`: what everything beside the folder is named with, hidden.
    pub fn prefix(&self) -> OsString {
        let mut prefix = OsString::from(".");
        prefix.push(&self.name);
        prefix.push(".");
        prefix
    }

    /// `.NAME.KIND` beside the folder (`KIND` is `lock`, `tmp-PID`, `old-PID`).
    pub fn sibling(&self, kind: &str) -> PathBuf {
        let mut name = self.prefix();
        name.push(kind);
        self.parent.join(name)
    }
}
