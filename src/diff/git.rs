//! Earlier revisions of SOPs from git: `sop diff --git REV` and "the
//! revision that was acknowledged". The `git` program is run directly (no
//! shell), with literal pathspecs, and a revision is first resolved to a
//! commit, so neither a revision nor a path can be read as an option.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::sides::Loaded;
use crate::limits::Limits;
use crate::model::Sop;
use crate::project::is_glossary;
use crate::project::walk::has_yaml_extension;
use crate::yaml;

/// How many revisions of a file [`version_at`] reads at most, newest first.
pub const VERSION_SEARCH_DEPTH: usize = 200;

/// Why git could not give what was asked.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("cannot run git ({0}): is it installed and on PATH?")]
    NotInstalled(String),
    #[error("{}: not in a git repository", .0.display())]
    NotARepository(PathBuf),
    #[error("`{0}` is not a commit of the repository")]
    UnknownRevision(String),
    #[error("{}: not inside the git repository {}", path.display(), root.display())]
    Outside { path: PathBuf, root: PathBuf },
    #[error("`git {command}` failed: {message}")]
    Failed { command: String, message: String },
}

/// A git working tree.
#[derive(Debug, Clone)]
pub struct Repo {
    /// Its top folder, canonical.
    pub root: PathBuf,
}

/// A file of a commit: its path from the top of the repository and its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeFile {
    pub path: String,
    pub size: u64,
}

impl Repo {
    /// The repository that `folder` is in.
    pub fn open(folder: &Path) -> Result<Repo, GitError> {
        let output = git(folder, ["rev-parse", "--show-toplevel"])?;
        if !output.status.success() {
            return Err(GitError::NotARepository(folder.to_path_buf()));
        }
        let top = String::from_utf8_lossy(&output.stdout)
            .trim_end()
            .to_string();
        let root = PathBuf::from(top);
        Ok(Repo {
            root: root.canonicalize().unwrap_or(root),
        })
    }

    /// The commit that `rev` names (a branch, a tag, `HEAD~2`, a hash).
    pub fn commit(&self, rev: &str) -> Result<String, GitError> {
        let spec = format!("{rev}^{{commit}}");
        let output = git(
            &self.root,
            [
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &spec,
            ],
        )?;
        if !output.status.success() {
            return Err(GitError::UnknownRevision(rev.to_string()));
        }
        Ok(String::from_utf8_lossy(&output.stdout)
            .trim_end()
            .to_string())
    }

    /// `path` (absolute, or from the current folder) from the top of the
    /// repository, with `/` separators.
    pub fn relative(&self, path: &Path) -> Result<String, GitError> {
        let outside = || GitError::Outside {
            path: path.to_path_buf(),
            root: self.root.clone(),
        };
        let real = path.canonicalize().map_err(|_| outside())?;
        let relative = real.strip_prefix(&self.root).map_err(|_| outside())?;
        let parts: Vec<_> = relative
            .components()
            .map(|part| part.as_os_str().to_string_lossy())
            .collect();
        Ok(parts.join("/"))
    }

    /// The files of `commit` under `paths` (from the top of the repository;
    /// an empty one is the whole tree).
    pub fn files(&self, commit: &str, paths: &[String]) -> Result<Vec<TreeFile>, GitError> {
        let mut args = vec!["ls-tree", "-r", "-l", "-z", "--full-tree", commit, "--"];
        args.extend(paths.iter().map(String::as_str));
        let stdout = self.run(&args)?;
        let mut files = Vec::new();
        for record in stdout.split(|&byte| byte == 0).filter(|r| !r.is_empty()) {
            let record = String::from_utf8_lossy(record);
            // `<mode> <type> <object> <size>\t<path>`
            let Some((meta, path)) = record.split_once('\t') else {
                continue;
            };
            let fields: Vec<&str> = meta.split_whitespace().collect();
            if let [_, "blob", _, size] = fields[..] {
                files.push(TreeFile {
                    path: path.to_string(),
                    size: size.parse().unwrap_or(u64::MAX),
                });
            }
        }
        Ok(files)
    }

    /// The bytes of `path` in `commit`.
    pub fn show(&self, commit: &str, path: &str) -> Result<Vec<u8>, GitError> {
        self.run(&["show", &format!("{commit}:{path}")])
    }

    /// The SOP files of `commit` under `paths`, each shown as `REV:path`
    /// with `rev` as the user wrote it. Files larger than the file size
    /// limit or not UTF-8 are unreadable, as on disk.
    pub fn sops_at(
        &self,
        rev: &str,
        commit: &str,
        paths: &[String],
        limits: &Limits,
    ) -> Result<Loaded, GitError> {
        let mut loaded = Loaded::default();
        for file in self.files(commit, paths)? {
            let name = Path::new(&file.path);
            if !has_yaml_extension(name) || is_glossary(name) {
                continue;
            }
            let shown = format!("{rev}:{}", file.path);
            if file.size > limits.file_size() {
                let message = format!(
                    "the file is larger than the limit of {} MiB",
                    limits.file_size_mib
                );
                loaded.unreadable.push((shown, message));
                continue;
            }
            match String::from_utf8(self.show(commit, &file.path)?) {
                Ok(text) => loaded.add_text(shown, text, limits),
                Err(_) => loaded
                    .unreadable
                    .push((shown, "the file is not UTF-8 text".into())),
            }
        }
        Ok(loaded)
    }

    fn run(&self, args: &[&str]) -> Result<Vec<u8>, GitError> {
        let output = git(&self.root, args)?;
        if !output.status.success() {
            return Err(GitError::Failed {
                command: args.join(" "),
                message: String::from_utf8_lossy(&output.stderr).trim().to_string(),
            });
        }
        Ok(output.stdout)
    }
}

fn git<I, S>(folder: &Path, args: I) -> Result<std::process::Output, GitError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    Command::new("git")
        .arg("-C")
        .arg(folder)
        .arg("--literal-pathspecs")
        .args(args)
        .output()
        .map_err(|error| GitError::NotInstalled(error.to_string()))
}

/// A revision of an SOP file found in its history.
#[derive(Debug, Clone)]
pub struct VersionAt {
    /// The commit, in full.
    pub commit: String,
    /// The file's path in that commit, from the top of the repository (it
    /// may have been renamed since).
    pub path: String,
    /// The file's text in that commit.
    pub text: String,
    /// Its model.
    pub sop: Sop,
}

/// The most recent committed revision of the SOP `file` whose `version` is
/// `version`: the changes since the acknowledged version are
/// `compare(&found.sop, &current)`. Follows renames (`git log --follow`),
/// reads at most [`VERSION_SEARCH_DEPTH`] revisions, newest first, and
/// skips those that do not parse. `None` when no revision read has it.
pub fn version_at(file: &Path, version: &str) -> Result<Option<VersionAt>, GitError> {
    let folder = file
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty());
    let repo = Repo::open(folder.unwrap_or(Path::new(".")))?;
    let relative = repo.relative(file)?;
    let depth = format!("--max-count={VERSION_SEARCH_DEPTH}");
    let log = repo.run(&[
        "log",
        "--follow",
        &depth,
        "--format=commit %H",
        "--name-only",
        "-z",
        "--",
        &relative,
    ])?;
    // `commit <hash>` NUL, then `\n<path>` NUL: the path in that commit.
    let log = String::from_utf8_lossy(&log);
    let mut commit: Option<&str> = None;
    for record in log.split('\0') {
        if let Some(hash) = record.strip_prefix("commit ") {
            commit = Some(hash);
            continue;
        }
        let (Some(hash), path) = (commit.take(), record.trim_start_matches('\n')) else {
            continue;
        };
        if path.is_empty() {
            continue;
        }
        let Ok(bytes) = repo.show(hash, path) else {
            continue;
        };
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let Some(sop) = yaml::parse(&text)
            .ok()
            .flatten()
            .and_then(|root| Sop::from_node(&root))
        else {
            continue;
        };
        if sop.version.as_ref().is_some_and(|own| own.value == version) {
            return Ok(Some(VersionAt {
                commit: hash.to_string(),
                path: path.to_string(),
                text,
                sop,
            }));
        }
    }
    Ok(None)
}
