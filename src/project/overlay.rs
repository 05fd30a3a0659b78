//! Texts that stand for files: what `sop lint -` reads from standard input
//! for `--stdin-filename PATH`, or an editor's unsaved buffer. The loader
//! reads an overlay wherever it would read the file at its path (which
//! need not exist), so the project's configuration, glossaries and other
//! SOPs apply to it as to the file on disk. The bytes go through the same
//! size cap and UTF-8 policy as a file's.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::paths;
use super::read::{self, ReadError};
use super::walk::Found;

/// The overlays of one load, by absolute path.
#[derive(Debug, Default)]
pub struct Overlays {
    by_path: HashMap<PathBuf, Vec<u8>>,
}

impl Overlays {
    /// The overlays of `given`, whose paths are relative to `cwd` or absolute.
    pub fn new(cwd: &Path, given: &HashMap<PathBuf, Vec<u8>>) -> Overlays {
        let by_path = given
            .iter()
            .map(|(path, bytes)| (paths::absolute(cwd, path), bytes.clone()))
            .collect();
        Overlays { by_path }
    }

    /// Whether the absolute `path` has an overlay.
    pub fn contains(&self, path: &Path) -> bool {
        self.by_path.contains_key(path)
    }

    /// Whether the file `found` has an overlay, by the path it was found
    /// at or the file that path is.
    pub fn covers(&self, found: &Found) -> bool {
        self.contains(&found.path) || self.contains(&found.real)
    }

    /// The text of a file found: its overlay when it has one (by the path
    /// it was found at, or the file that path is), else what is on disk.
    pub fn read_text(&self, found: &Found, limit: u64) -> Result<String, ReadError> {
        let overlay = self
            .by_path
            .get(&found.path)
            .or_else(|| self.by_path.get(&found.real));
        match overlay {
            Some(bytes) if bytes.len() as u64 > limit => Err(ReadError::TooLarge { limit }),
            Some(bytes) => read::decode(bytes.clone()),
            None => read::read_text(&found.real, limit),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(path: &str) -> Found {
        Found {
            path: PathBuf::from(path),
            real: PathBuf::from(path),
        }
    }

    #[test]
    fn an_overlay_is_read_under_the_file_policy() {
        let given = HashMap::from([
            (
                PathBuf::from("sops/a.yaml"),
                b"\xef\xbb\xbfid: CS-2600\n".to_vec(),
            ),
            (
                PathBuf::from("/elsewhere/b.yaml"),
                b"title: caf\xe9\n".to_vec(),
            ),
            (PathBuf::from("big.yaml"), vec![b'a'; 2048]),
        ]);
        let overlays = Overlays::new(Path::new("/repo"), &given);
        assert!(overlays.contains(Path::new("/repo/sops/a.yaml")));
        let text = overlays.read_text(&found("/repo/sops/a.yaml"), 1024);
        assert_eq!(text.unwrap(), "id: CS-2600\n");
        assert!(matches!(
            overlays.read_text(&found("/elsewhere/b.yaml"), 1024),
            Err(ReadError::NotUtf8 {
                valid_up_to: 10,
                ..
            })
        ));
        assert!(matches!(
            overlays.read_text(&found("/repo/big.yaml"), 1024),
            Err(ReadError::TooLarge { limit: 1024 })
        ));
    }

    #[test]
    fn a_file_without_overlay_is_read_from_disk() {
        let overlays = Overlays::default();
        let missing = found("/nonexistent-sop-overlay-test/a.yaml");
        assert!(matches!(
            overlays.read_text(&missing, 1024),
            Err(ReadError::Io(_))
        ));
    }
}
