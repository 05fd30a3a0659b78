//! Finding the YAML files under a folder, safely: ignore files and hidden
//! files are respected (the `ignore` crate, as ripgrep and ruff use it), and
//! a symbolic link is followed only when its target lies inside the project.
//! Nothing is opened here; special files and unsafe links become
//! [`Problem`]s that the caller reports, and the walk goes on.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ignore::gitignore::Gitignore;
use ignore::{Match, WalkBuilder};

use crate::cache::Key;
use crate::config::Config;

/// A file to read: the path as walked (absolute, below the project root)
/// and the file it really is, to notice one file reached twice.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Found {
    pub path: PathBuf,
    pub real: PathBuf,
}

/// A path that was not read, and why (never anything read from it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub message: String,
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walked {
    pub files: Vec<Found>,
    pub problems: Vec<Problem>,
    /// Every folder walked, as walked (for a walk to be remembered, see
    /// [`super::remembered`]).
    pub folders: Vec<PathBuf>,
    /// Whether a symbolic link was met.
    pub linked: bool,
}

/// How to walk the folders of one project.
pub struct Walker {
    /// The project root, absolute, as paths are walked.
    root: PathBuf,
    /// The same folder with every link resolved, to tell inside from outside.
    real_root: PathBuf,
    respect_ignore_files: bool,
    /// `exclude` globs of `sop.toml`, relative to the root.
    exclude: Arc<Gitignore>,
    /// The same globs as written.
    exclude_globs: Vec<String>,
}

impl Walker {
    /// The walker of the project of `config`, whose root is really `real_root`.
    pub fn new(config: &Config, real_root: &Path, respect_ignore_files: bool) -> Self {
        Walker {
            root: config.root.clone(),
            real_root: real_root.to_path_buf(),
            respect_ignore_files,
            exclude: Arc::new(config.exclude.clone()),
            exclude_globs: config.exclude_globs.clone(),
        }
    }

    /// Adds to `key` everything a walk depends on besides the folders and
    /// ignore files it reads.
    pub fn describe(&self, key: &mut Key) {
        key.add(self.root.as_os_str().as_encoded_bytes());
        key.add(self.real_root.as_os_str().as_encoded_bytes());
        key.add(&[u8::from(self.respect_ignore_files)]);
        for glob in &self.exclude_globs {
            key.add(glob.as_bytes());
        }
    }

    /// The real file behind `path` when it may be read: a symbolic link must
    /// resolve inside the project. `Err` says why it may not.
    pub fn resolve(&self, path: &Path) -> Result<PathBuf, String> {
        match fs::canonicalize(path) {
            Ok(real) if real.starts_with(&self.real_root) => Ok(real),
            Ok(_) => {
                Err("a symbolic link that points outside the project; it was not read".to_string())
            }
            Err(error) if is_loop(&error) => {
                Err("a symbolic link loop; it was not followed".to_string())
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                Err("a symbolic link to nothing; there is no file to read".to_string())
            }
            Err(error) => Err(format!("cannot resolve the path: {error}")),
        }
    }

    /// Walks `folder` (absolute, below the root) into `out`.
    pub fn walk(&self, folder: &Path, out: &mut Walked) {
        let Ok(real) = fs::canonicalize(folder) else {
            out.problems.push(Problem {
                path: folder.to_path_buf(),
                message: "cannot resolve the folder".into(),
            });
            return;
        };
        let mut walking = vec![real];
        let mut walked = HashSet::new();
        self.walk_folder(folder, &mut walking, &mut walked, out);
        // Each path is walked once: no two files are equal.
        out.files
            .sort_unstable_by(|a, b| super::paths::order(&a.path, &b.path));
        out.problems
            .sort_by(|a, b| super::paths::order(&a.path, &b.path));
    }

    /// Walks one folder; `walking` holds the real folders being walked (to
    /// find link loops), `walked` those done (to walk each once).
    fn walk_folder(
        &self,
        folder: &Path,
        walking: &mut Vec<PathBuf>,
        walked: &mut HashSet<PathBuf>,
        out: &mut Walked,
    ) {
        let real_folder = walking.last().cloned().unwrap_or_default();
        let parent_ignores = self.parent_ignore_files(folder);
        let mut builder = WalkBuilder::new(folder);
        builder
            .standard_filters(self.respect_ignore_files)
            .hidden(true)
            .parents(false)
            .git_global(false)
            .require_git(false)
            .follow_links(false);
        let exclude = Arc::clone(&self.exclude);
        builder.filter_entry(move |entry| {
            if entry.depth() == 0 {
                return true;
            }
            let is_dir = entry.file_type().is_some_and(|kind| kind.is_dir());
            if is_dir && entry.file_name() == "target" {
                return false;
            }
            let path = entry.path();
            !exclude.matched(path, is_dir).is_ignore()
                && !parent_ignores
                    .iter()
                    .rev()
                    .map(|ignore| ignore.matched(path, is_dir))
                    .find(|found| !found.is_none())
                    .is_some_and(|found| matches!(found, Match::Ignore(_)))
        });
        // In parallel (the order is made by the sort in `walk`): a folder of
        // 10,000 SOPs is walked in the time a one-file lint can afford.
        let moved = (folder != real_folder).then_some(real_folder.as_path());
        let found = std::sync::Mutex::new((Walked::default(), Vec::new()));
        builder.build_parallel().run(|| {
            Box::new(|entry| {
                let mut found = found
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let (out, links) = &mut *found;
                take(entry, folder, moved, out, links);
                ignore::WalkState::Continue
            })
        });
        let (found, mut links) = found
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        out.files.extend(found.files);
        out.problems.extend(found.problems);
        out.folders.push(folder.to_path_buf());
        out.folders.extend(found.folders);
        out.linked |= !links.is_empty();
        links.sort();
        walked.insert(real_folder);
        for link in links {
            self.follow(&link, walking, walked, out);
        }
    }

    /// A symbolic link met in a walk: a file to read, a folder to walk, or a problem.
    fn follow(
        &self,
        link: &Path,
        walking: &mut Vec<PathBuf>,
        walked: &mut HashSet<PathBuf>,
        out: &mut Walked,
    ) {
        let is_dir = fs::metadata(link).is_ok_and(|metadata| metadata.is_dir());
        if !is_dir && !has_yaml_extension(link) {
            return;
        }
        let real = match self.resolve(link) {
            Ok(real) => real,
            Err(message) => {
                out.problems.push(Problem {
                    path: link.to_path_buf(),
                    message,
                });
                return;
            }
        };
        if !is_dir {
            out.files.push(Found {
                path: link.to_path_buf(),
                real,
            });
        } else if walking.iter().any(|folder| folder.starts_with(&real)) {
            out.problems.push(Problem {
                path: link.to_path_buf(),
                message: "a symbolic link loop (it points to a folder that holds it); it was not followed"
                    .into(),
            });
        } else if !walked.contains(&real) {
            walking.push(real);
            self.walk_folder(link, walking, walked, out);
            walking.pop();
        }
    }

    /// The folders above `folder` up to the root, nearest first.
    pub fn parents<'a>(&self, folder: &'a Path) -> impl Iterator<Item = &'a Path> {
        let root = self.root.clone();
        folder
            .ancestors()
            .skip(1)
            .take_while(move |ancestor| ancestor.starts_with(&root))
    }

    /// `.gitignore` and `.ignore` files of the folders from the root down to
    /// `folder`'s parent, shallowest first: they apply below, as in git.
    fn parent_ignore_files(&self, folder: &Path) -> Vec<Gitignore> {
        if !self.respect_ignore_files || !folder.starts_with(&self.root) {
            return Vec::new();
        }
        let mut folders: Vec<&Path> = self.parents(folder).collect();
        folders.reverse();
        folders
            .into_iter()
            .flat_map(|ancestor| [ancestor.join(".gitignore"), ancestor.join(".ignore")])
            .filter(|file| file.is_file())
            .map(|file| Gitignore::new(file).0)
            .collect()
    }
}

/// One entry of a walk of `folder` (whose real path is `real_folder` when
/// it is not the folder itself, reached through a link): a YAML file to
/// read, a link to follow later, or a problem.
fn take(
    entry: Result<ignore::DirEntry, ignore::Error>,
    folder: &Path,
    real_folder: Option<&Path>,
    out: &mut Walked,
    links: &mut Vec<PathBuf>,
) {
    let entry = match entry {
        Ok(entry) => entry,
        Err(error) => {
            out.problems.push(Problem {
                path: error_path(&error).unwrap_or(folder).to_path_buf(),
                message: format!("cannot read the folder: {}", plain_error(&error)),
            });
            return;
        }
    };
    if entry.depth() == 0 {
        return;
    }
    let Some(file_type) = entry.file_type() else {
        return;
    };
    let path = entry.path();
    if file_type.is_symlink() {
        links.push(path.to_path_buf());
    } else if file_type.is_dir() {
        out.folders.push(path.to_path_buf());
    } else if file_type.is_file() {
        if has_yaml_extension(path) {
            let real = match real_folder {
                Some(real_folder) => real_folder.join(path.strip_prefix(folder).unwrap_or(path)),
                None => path.to_path_buf(),
            };
            out.files.push(Found {
                path: path.to_path_buf(),
                real,
            });
        }
    } else if has_yaml_extension(path) {
        out.problems.push(Problem {
            path: path.to_path_buf(),
            message: format!(
                "it is {}, not a regular file; it was not read",
                super::read::kind_of(&file_type)
            ),
        });
    }
}

fn is_loop(error: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        error.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = error;
        false
    }
}

pub fn has_yaml_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension == "yaml" || extension == "yml")
}

fn error_path(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

/// The error without the path that [`error_path`] already gives.
fn plain_error(error: &ignore::Error) -> String {
    match error {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => {
            plain_error(err)
        }
        // walkdir's errors repeat the (possibly very long) path: keep the cause.
        ignore::Error::Io(err) => err
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<walkdir::Error>())
            .and_then(walkdir::Error::io_error)
            .map_or_else(|| err.to_string(), ToString::to_string),
        other => other.to_string(),
    }
}
