//! Path arithmetic without touching the file system: absolute paths without
//! `.` and `..`, the common ancestor of the given paths, the path a user
//! is shown (relative to the current folder when below it, else absolute:
//! the same in every output format), and the order files are listed in.

use std::cmp::Ordering;
use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

use crate::chunk;

/// `path` made absolute against `cwd`, with `.` and `..` resolved lexically.
pub fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let mut absolute = PathBuf::new();
    for component in cwd.join(path).components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                absolute.pop();
            }
            other => absolute.push(other),
        }
    }
    absolute
}

/// The deepest folder that holds every path (each an absolute folder).
pub fn common_ancestor<'a>(mut folders: impl Iterator<Item = &'a Path>) -> Option<PathBuf> {
    let mut common = folders.next()?.to_path_buf();
    for folder in folders {
        while !folder.starts_with(&common) {
            if !common.pop() {
                break;
            }
        }
    }
    Some(common)
}

/// How a path is shown: relative to `cwd` when it lies below it, else as is.
pub fn display(path: &Path, cwd: &Path) -> PathBuf {
    if let Some(relative) = on_bytes::below(path, cwd) {
        return relative.to_path_buf();
    }
    match path.strip_prefix(cwd) {
        Ok(relative) if relative.as_os_str().is_empty() => PathBuf::from("."),
        Ok(relative) => relative.to_path_buf(),
        Err(_) => path.to_path_buf(),
    }
}

/// The folder and the name of a file: [`Path::parent`] and
/// [`Path::file_name`], found on the bytes when the path is plainly a
/// folder, a separator and a name (as walked), since those two parse every
/// part of the path (a tenth of a one-file lint of 10,000 SOPs, for 20,000
/// calls).
pub fn split_file(path: &Path) -> Option<(&Path, &OsStr)> {
    on_bytes::split_file(path).or_else(|| Some((path.parent()?, path.file_name()?)))
}

/// The cases of [`display`] and [`split_file`] that are found on a path's
/// bytes, where a path is its bytes (Unix); `None` where the parts must be
/// parsed, as [`std::path`] does.
#[cfg(unix)]
mod on_bytes {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;

    /// What [`Path::strip_prefix`] leaves of `path` below `cwd`, when
    /// `path` is plainly `cwd`, a separator and a relative path with no
    /// `.` or empty part at either end. Showing 10,000 paths part by part
    /// was a twentieth of a one-file lint.
    pub fn below<'a>(path: &'a Path, cwd: &Path) -> Option<&'a Path> {
        let (path, cwd) = (path.as_os_str().as_bytes(), cwd.as_os_str().as_bytes());
        let rest = path.strip_prefix(cwd)?.strip_prefix(b"/")?;
        let plain = !(cwd.is_empty() || cwd.ends_with(b"/"))
            && ends_in_a_name(rest)
            && !(rest.starts_with(b"/") || rest.starts_with(b"./"));
        plain.then(|| Path::new(OsStr::from_bytes(rest)))
    }

    /// The folder and name of `path`, split at its last separator, when
    /// both are what [`Path::parent`] and [`Path::file_name`] give.
    pub fn split_file(path: &Path) -> Option<(&Path, &OsStr)> {
        let bytes = path.as_os_str().as_bytes();
        let at = memchr::memrchr(b'/', bytes)?;
        let (folder, name) = (&bytes[..at], &bytes[at + 1..]);
        let plain = ends_in_a_name(folder) && ends_in_a_name(name) && name != b"..";
        plain.then(|| {
            (
                Path::new(OsStr::from_bytes(folder)),
                OsStr::from_bytes(name),
            )
        })
    }

    /// Whether the last part of `bytes` is one that [`std::path`] keeps as
    /// written: there is one, and it is not `.` (nor the empty part after a
    /// trailing separator).
    fn ends_in_a_name(bytes: &[u8]) -> bool {
        !(bytes.is_empty() || bytes == b"." || bytes.ends_with(b"/") || bytes.ends_with(b"/."))
    }
}

/// Elsewhere the parts are always parsed.
#[cfg(not(unix))]
mod on_bytes {
    use std::ffi::OsStr;
    use std::path::Path;

    pub fn below<'a>(_: &'a Path, _: &Path) -> Option<&'a Path> {
        None
    }

    pub fn split_file(_: &Path) -> Option<(&Path, &OsStr)> {
        None
    }
}

/// The order of [`Path`]s (part by part: `a/b` before `a-b`), computed on
/// the bytes, for paths without `.` parts, doubled or trailing separators
/// (those walked, joined or made [`absolute`]): a separator counts as
/// lower than any other byte, the way an ended part is shorter than a
/// longer one. Sorting 10,000 paths by their parts was a tenth of a
/// one-file lint.
pub fn order(a: &Path, b: &Path) -> Ordering {
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    let same = chunk::common_prefix(a, b);
    let rank = |bytes: &[u8]| {
        let byte = *bytes.get(same)?;
        Some(if std::path::is_separator(char::from(byte)) {
            0
        } else {
            u16::from(byte) + 1
        })
    };
    rank(a).cmp(&rank(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_resolves_dots_lexically() {
        let cwd = Path::new("/repo/sops/team");
        assert_eq!(
            absolute(cwd, Path::new("../a.yaml")),
            Path::new("/repo/sops/a.yaml")
        );
        assert_eq!(
            absolute(cwd, Path::new("./b/./c")),
            Path::new("/repo/sops/team/b/c")
        );
        assert_eq!(absolute(cwd, Path::new("/x/../y")), Path::new("/y"));
    }

    #[test]
    fn common_ancestor_of_folders() {
        let folders = [Path::new("/repo/sops/a"), Path::new("/repo/sops/b/c")];
        assert_eq!(
            common_ancestor(folders.into_iter()),
            Some(PathBuf::from("/repo/sops"))
        );
        assert_eq!(
            common_ancestor([Path::new("/repo"), Path::new("/other")].into_iter()),
            Some(PathBuf::from("/"))
        );
    }

    #[test]
    fn display_is_relative_below_the_current_folder() {
        let cwd = Path::new("/repo");
        assert_eq!(
            display(Path::new("/repo/sops/a.yaml"), cwd),
            Path::new("sops/a.yaml")
        );
        assert_eq!(display(Path::new("/repo"), cwd), Path::new("."));
        assert_eq!(
            display(Path::new("/elsewhere/a.yaml"), cwd),
            Path::new("/elsewhere/a.yaml")
        );
    }

    #[test]
    fn display_on_the_bytes_is_display_by_parts() {
        let cwds = [
            "/repo",
            "/repo/",
            "/",
            "",
            "/repo/.",
            "/re/../po",
            "repo",
            "/r//e",
        ];
        let paths = [
            "/repo/a.yaml",
            "/repo/sops/a.yaml",
            "/repo",
            "/repo/",
            "/repo/.",
            "/repo/./a",
            "/repo//a",
            "/repo/a/",
            "/repo/a/.",
            "/repo/a/./b",
            "/repo/a//b",
            "/repo/../a",
            "/repository/a",
            "/re/../po/a",
            "repo/a",
            "/r//e/a",
            "/r/e/a",
            "/elsewhere/a",
        ];
        for cwd in cwds.map(Path::new) {
            for path in paths.map(Path::new) {
                let by_parts = match path.strip_prefix(cwd) {
                    Ok(relative) if relative.as_os_str().is_empty() => PathBuf::from("."),
                    Ok(relative) => relative.to_path_buf(),
                    Err(_) => path.to_path_buf(),
                };
                // As written, not only part by part (how `Path`s compare).
                assert_eq!(
                    display(path, cwd).as_os_str(),
                    by_parts.as_os_str(),
                    "{path:?} from {cwd:?}"
                );
            }
        }
    }

    #[test]
    fn split_file_is_parent_and_file_name() {
        let paths = [
            "",
            "/",
            "a",
            "/a",
            "a/b",
            "/a/b.yaml",
            "a/b/c",
            "a//b",
            "a/b/",
            "a/b/.",
            "a/.",
            "./a",
            "../a",
            "a/..",
            "a/./b",
            "/a/../b",
            "//a",
            "a/b//",
            ".",
            "..",
            "é/ü.yaml",
        ];
        // As written, not only part by part (how `Path`s compare).
        fn written<'a>(split: Option<(&'a Path, &'a OsStr)>) -> Option<(&'a OsStr, &'a OsStr)> {
            split.map(|(folder, name)| (folder.as_os_str(), name))
        }
        for path in paths.map(Path::new) {
            let expected = path.parent().zip(path.file_name());
            assert_eq!(written(split_file(path)), written(expected), "{path:?}");
        }
    }

    #[test]
    fn order_is_the_order_of_paths() {
        let paths = [
            "",
            "/",
            "/a",
            "a",
            "a-b",
            "a/b",
            "a.b",
            "a/b/c",
            "a/b-c",
            "a/b.c",
            "ab",
            "a b",
            "b",
            "sops/x.yaml",
            "sops-x.yaml",
            "sops/x/y.yaml",
            "/sops/x",
            "é/a",
            "e/a",
        ];
        for a in paths.map(Path::new) {
            for b in paths.map(Path::new) {
                assert_eq!(order(a, b), a.cmp(b), "{a:?} {b:?}");
            }
        }
    }
}
