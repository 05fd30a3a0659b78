//! Finding the files to check: SOPs and glossaries under the given paths.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}: no such file or folder")]
    NotFound(PathBuf),
    #[error("{path}: cannot read the folder: {source}")]
    Walk {
        path: PathBuf,
        #[source]
        source: walkdir::Error,
    },
}

/// The files of a run, sorted and without repeats.
#[derive(Debug, Default)]
pub struct Inputs {
    pub sops: Vec<PathBuf>,
    pub glossaries: Vec<PathBuf>,
}

/// Walks files and folders. Folders are searched recursively for `.yaml` and
/// `.yml` files, skipping hidden folders and `target/`; a file given by name
/// is taken whatever its extension.
pub fn collect(paths: &[PathBuf]) -> Result<Inputs, Error> {
    let mut inputs = Inputs::default();
    for path in paths {
        if !path.exists() {
            return Err(Error::NotFound(path.clone()));
        }
        if path.is_file() {
            inputs.add(path.clone());
            continue;
        }
        let walker = WalkDir::new(path)
            .follow_links(true)
            .into_iter()
            .filter_entry(|entry| entry.depth() == 0 || !is_skipped_folder(entry));
        for entry in walker {
            let entry = entry.map_err(|source| Error::Walk {
                path: path.clone(),
                source,
            })?;
            if entry.file_type().is_file() && has_yaml_extension(entry.path()) {
                inputs.add(entry.into_path());
            }
        }
    }
    // One walk never yields a file twice; only overlapping paths can.
    if paths.len() > 1 {
        inputs.sops = without_repeats(inputs.sops);
        inputs.glossaries = without_repeats(inputs.glossaries);
    } else {
        inputs.sops.sort();
        inputs.glossaries.sort();
    }
    Ok(inputs)
}

impl Inputs {
    fn add(&mut self, path: PathBuf) {
        if is_glossary(&path) {
            self.glossaries.push(path);
        } else {
            self.sops.push(path);
        }
    }
}

/// Sorted, each file once even when named twice (`sops` and `./sops/a.yaml`).
fn without_repeats(mut paths: Vec<PathBuf>) -> Vec<PathBuf> {
    paths.sort();
    let mut seen = std::collections::HashSet::new();
    paths.retain(|path| seen.insert(path.canonicalize().unwrap_or_else(|_| path.clone())));
    paths
}

/// The glossary file of a folder, if it has one.
pub fn glossary_in(folder: &Path) -> Option<PathBuf> {
    ["glossary.yaml", "glossary.yml"]
        .into_iter()
        .map(|name| folder.join(name))
        .find(|path| path.is_file())
}

pub fn is_glossary(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name == "glossary.yaml" || name == "glossary.yml")
}

fn has_yaml_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension == "yaml" || extension == "yml")
}

fn is_skipped_folder(entry: &walkdir::DirEntry) -> bool {
    entry.file_type().is_dir()
        && entry
            .file_name()
            .to_str()
            .is_some_and(|name| name.starts_with('.') || name == "target")
}
