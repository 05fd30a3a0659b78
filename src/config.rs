//! `sop.toml`: the project's SOP folder, excluded paths, rule levels, the
//! acronym allow list, the limits and the review interval. Its folder is the project root (see [`crate::project`]).
//!
//! This module only reads the file; the rule ids it names are checked by
//! [`crate::lint`], which knows the rules.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use serde::Deserialize;

use crate::date::{Period, PeriodError};
use crate::limits::Limits;
use crate::project::paths;
use crate::source::SourceFile;

pub const FILE_NAME: &str = "sop.toml";

/// The project configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The project root: the folder of `sop.toml`, or the one found without it.
    pub root: PathBuf,
    /// The file it was read from, as shown to the user, if any.
    pub file: Option<PathBuf>,
    /// The SOP folder set by `sops = "..."`, absolute and inside the root.
    pub sops: Option<PathBuf>,
    /// `exclude` globs (gitignore syntax, relative to the root).
    pub exclude: Gitignore,
    /// The same globs as written: what a remembered walk depends on.
    pub exclude_globs: Vec<String>,
    /// Rule levels as written, checked against the rules by the linter.
    pub rules: Vec<RuleLevel>,
    pub acronyms: Acronyms,
    /// `[limits]`: how much of a file `sop` reads, checks and draws.
    pub limits: Limits,
    /// `[review] interval`: the longest time from an SOP's effective (or
    /// approval) date to its next review (rule `review-missing`).
    pub review_interval: Period,
    /// `[training]`: where the roster and the acknowledgements are.
    pub training: Training,
}

/// The training record files of `[training]`, absolute and inside the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Training {
    pub roster: TrainingFile,
    pub acknowledgements: TrainingFile,
}

/// One training record file: where it is, and whether `sop.toml` names it
/// (a file named there must exist; a default one may be missing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingFile {
    pub path: PathBuf,
    pub configured: bool,
}

/// Where the roster is when `sop.toml` does not say.
pub const DEFAULT_ROSTER: &str = "training/roster.csv";
/// Where the acknowledgements are when `sop.toml` does not say.
pub const DEFAULT_ACKNOWLEDGEMENTS: &str = "training/acknowledgements.csv";

impl Training {
    fn default_at(root: &Path) -> Training {
        let file = |name: &str| TrainingFile {
            path: root.join(name),
            configured: false,
        };
        Training {
            roster: file(DEFAULT_ROSTER),
            acknowledgements: file(DEFAULT_ACKNOWLEDGEMENTS),
        }
    }
}

/// The review interval when `sop.toml` sets none: ISO 9001 asks for
/// periodic review without a period; two years is the usual GMP practice.
pub const DEFAULT_REVIEW_INTERVAL: Period = Period::Months(24);

/// One line of `[rules]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleLevel {
    pub id: String,
    pub level: Level,
    /// 1-based line and column of the id, for errors.
    pub line: usize,
    pub column: usize,
}

/// A configured rule level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Off,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acronyms {
    /// Words that are never reported as undefined acronyms.
    #[serde(default)]
    pub allow: Vec<String>,
}

/// The file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    sops: Option<toml::Spanned<PathBuf>>,
    #[serde(default)]
    exclude: Vec<toml::Spanned<String>>,
    #[serde(default)]
    rules: BTreeMap<toml::Spanned<String>, toml::Spanned<String>>,
    #[serde(default)]
    acronyms: Acronyms,
    #[serde(default)]
    limits: BTreeMap<toml::Spanned<String>, toml::Spanned<i64>>,
    #[serde(default)]
    review: ReviewFile,
    #[serde(default)]
    training: TrainingSection,
}

/// `[training]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrainingSection {
    roster: Option<toml::Spanned<PathBuf>>,
    acknowledgements: Option<toml::Spanned<PathBuf>>,
}

/// `[review]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewFile {
    interval: Option<toml::Spanned<String>>,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}:{line}:{column}: {message}", path.display())]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

impl Config {
    /// The configuration with no file: defaults, rooted at `root`.
    pub fn default_at(root: &Path) -> Config {
        Config {
            root: root.to_path_buf(),
            file: None,
            sops: None,
            exclude: Gitignore::empty(),
            exclude_globs: Vec::new(),
            rules: Vec::new(),
            acronyms: Acronyms::default(),
            limits: Limits::default(),
            review_interval: DEFAULT_REVIEW_INTERVAL,
            training: Training::default_at(root),
        }
    }

    /// Reads the text of `path`, an absolute `sop.toml` shown as `shown`.
    pub fn parse(path: &Path, shown: &Path, text: String) -> Result<Config, Error> {
        let source = SourceFile::new(shown.to_path_buf(), text);
        let invalid = |offset: usize, message: String| {
            let position = source.position(offset);
            Error::Invalid {
                path: shown.to_path_buf(),
                line: position.line,
                column: position.column,
                message,
            }
        };
        let file: ConfigFile = toml::from_str(&source.text).map_err(|error| {
            let offset = error.span().map_or(0, |span| span.start);
            invalid(offset, error.message().trim().to_string())
        })?;
        let root = path.parent().map_or_else(PathBuf::new, Path::to_path_buf);
        let mut config = Config::default_at(&root);
        config.file = Some(shown.to_path_buf());
        let outside = |key: &str, what: &str, path: &toml::Spanned<PathBuf>| {
            invalid(
                path.span().start,
                format!(
                    "`{key}` must name a {what} inside the project ({}), not {}",
                    root.display(),
                    path.get_ref().display()
                ),
            )
        };
        if let Some(sops) = file.sops {
            let folder = paths::absolute(&root, sops.get_ref());
            if !folder.starts_with(&root) {
                return Err(outside("sops", "folder", &sops));
            }
            config.sops = Some(folder);
        }
        let training_file = |key: &str, path: Option<toml::Spanned<PathBuf>>| match path {
            None => Ok(None),
            Some(path) => {
                let absolute = paths::absolute(&root, path.get_ref());
                if absolute.starts_with(&root) && absolute != root {
                    Ok(Some(TrainingFile {
                        path: absolute,
                        configured: true,
                    }))
                } else {
                    Err(outside(key, "file", &path))
                }
            }
        };
        if let Some(roster) = training_file("roster", file.training.roster)? {
            config.training.roster = roster;
        }
        if let Some(acknowledgements) =
            training_file("acknowledgements", file.training.acknowledgements)?
        {
            config.training.acknowledgements = acknowledgements;
        }
        let mut exclude = GitignoreBuilder::new(&root);
        for glob in &file.exclude {
            exclude.add_line(None, glob.get_ref()).map_err(|error| {
                invalid(glob.span().start, format!("not a valid glob: {error}"))
            })?;
        }
        config.exclude = exclude
            .build()
            .map_err(|error| invalid(0, format!("not a valid `exclude` glob: {error}")))?;
        config.exclude_globs = file
            .exclude
            .iter()
            .map(|glob| glob.get_ref().clone())
            .collect();
        for (id, level) in file.rules {
            let level_value = match level.get_ref().as_str() {
                "error" => Level::Error,
                "warning" => Level::Warning,
                "off" => Level::Off,
                other => {
                    return Err(invalid(
                        level.span().start,
                        format!("`{other}` is not a level: use \"error\", \"warning\" or \"off\""),
                    ));
                }
            };
            let position = source.position(id.span().start);
            config.rules.push(RuleLevel {
                id: id.into_inner(),
                level: level_value,
                line: position.line,
                column: position.column,
            });
        }
        config.acronyms = file.acronyms;
        for (name, value) in file.limits {
            config
                .limits
                .set(name.get_ref(), *value.get_ref())
                .map_err(|message| invalid(name.span().start, message))?;
        }
        if let Some(interval) = file.review.interval {
            config.review_interval = interval
                .get_ref()
                .parse()
                .map_err(|error: PeriodError| invalid(interval.span().start, error.to_string()))?;
        }
        Ok(config)
    }

    /// The error for a `[rules]` line, pointing at its id.
    pub fn invalid_rule(&self, rule: &RuleLevel, message: String) -> Error {
        Error::Invalid {
            path: self
                .file
                .clone()
                .unwrap_or_else(|| self.root.join(FILE_NAME)),
            line: rule.line,
            column: rule.column,
            message,
        }
    }
}
