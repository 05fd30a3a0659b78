//! Writing a folder of output, a handbook or a set of charts, whole or not
//! at all, and never over a folder `sop` did not write. The files are
//! staged in a folder beside the output, which then takes its place by
//! rename ([`Staging`]; one file, the review calendar, is written the same
//! way: [`write_file`]). On Unix, runs into one folder take turns on a lock beside it,
//! and the run holding the lock removes what killed runs left there.

use std::fs;
use std::path::{Path, PathBuf};

pub mod file;
#[cfg(unix)]
mod leftovers;
#[cfg(unix)]
pub mod lock;
mod staging;
mod target;

pub use file::write_file;
pub use staging::Staging;
use target::Target;

/// Who writes a kind of folder: the command, and the marker file it leaves
/// in the folder, by which a later run knows the folder is its to replace.
#[derive(Debug)]
pub struct Owner {
    pub command: &'static str,
    pub marker: &'static str,
}

/// The folder of `sop render`.
pub const HANDBOOK: Owner = Owner {
    command: "sop render",
    marker: ".sop-handbook",
};

/// The folder of `sop graph --out`.
pub const CHARTS: Owner = Owner {
    command: "sop graph",
    marker: ".sop-charts",
};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "{path} exists and was not written by `{}` (no {} file in it): choose another --out, or remove it",
        .owner.command,
        .owner.marker
    )]
    Foreign {
        path: PathBuf,
        owner: &'static Owner,
    },
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

/// Whether `out` may be replaced: it does not exist, is an empty folder, or
/// holds the marker of `owner`. Links are followed: the folder counts.
fn check(out: &Path, owner: &'static Owner) -> Result<(), Error> {
    let foreign = || Error::Foreign {
        path: out.to_path_buf(),
        owner,
    };
    match fs::metadata(out) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(io(out)(error)),
        Ok(metadata) if !metadata.is_dir() => Err(foreign()),
        Ok(_) if out.join(owner.marker).is_file() => Ok(()),
        Ok(_) => match fs::read_dir(out).map_err(io(out))?.next() {
            None => Ok(()),
            Some(_) => Err(foreign()),
        },
    }
}

/// Moves the staged folder into place; the old folder is removed only once
/// the new one is there.
fn swap_in(staging: &Path, target: &Target) -> Result<(), Error> {
    let out = target.path();
    if fs::symlink_metadata(&out).is_err() {
        return fs::rename(staging, &out).map_err(io(&out));
    }
    let old = target.sibling(&format!("old-{}", std::process::id()));
    fs::rename(&out, &old).map_err(io(&out))?;
    if let Err(error) = fs::rename(staging, &out) {
        let _ = fs::rename(&old, &out);
        return Err(io(&out)(error));
    }
    fs::remove_dir_all(&old).map_err(io(&old))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Writes `files` as the folder `out` through [`Staging`].
    fn write(out: &Path, files: &[(&str, &str)], owner: &'static Owner) -> Result<(), Error> {
        let staging = Staging::begin(out, owner)?;
        for (name, bytes) in files {
            staging.write(Path::new(name), bytes.as_bytes())?;
        }
        staging.finish()
    }

    pub fn scratch(name: &str) -> PathBuf {
        let folder =
            std::env::temp_dir().join(format!("sop-publish-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&folder);
        fs::create_dir_all(&folder).unwrap();
        folder
    }

    pub fn entries(folder: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(folder)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_an_earlier_folder_whole() {
        let folder = scratch("replace");
        let out = folder.join("book");
        write(&out, &[("a.html", "one")], &HANDBOOK).unwrap();
        write(&out, &[("b.html", "two")], &HANDBOOK).unwrap();
        assert_eq!(entries(&out), [".sop-handbook", "b.html"]);
        assert_eq!(fs::read(out.join("b.html")).unwrap(), b"two");
        assert_eq!(entries(&folder), ["book"], "nothing is left beside it");
        fs::remove_dir_all(folder).unwrap();
    }

    #[test]
    fn never_replaces_a_folder_it_did_not_write() {
        let folder = scratch("foreign");
        let out = folder.join("docs");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("precious.txt"), "keep").unwrap();
        assert!(matches!(
            write(&out, &[], &HANDBOOK),
            Err(Error::Foreign { .. })
        ));
        assert_eq!(
            fs::read_to_string(out.join("precious.txt")).unwrap(),
            "keep"
        );
        assert_eq!(entries(&folder), ["docs"], "not even a lock file");
        fs::remove_dir_all(folder).unwrap();
    }

    #[test]
    fn a_handbook_and_charts_do_not_replace_each_other() {
        let folder = scratch("owners");
        let out = folder.join("out");
        write(&out, &[("a.svg", "chart")], &CHARTS).unwrap();
        let refused = write(&out, &[], &HANDBOOK).unwrap_err();
        assert!(
            refused.to_string().contains("not written by `sop render`"),
            "{refused}"
        );
        assert!(out.join("a.svg").is_file());
        fs::remove_dir_all(folder).unwrap();
    }
}
