//! `sop.toml`: rule severities, the acronym allow list and the default SOP
//! folder, found in the current directory or the nearest parent.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::Rule;
use crate::source::SourceFile;

pub const FILE_NAME: &str = "sop.toml";

/// The project configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder the configuration applies to (holding `sop.toml`, or the current directory).
    pub root: PathBuf,
    /// The file it was read from, if any.
    pub file: Option<PathBuf>,
    /// The default SOP folder, used when no path is given.
    pub sops: PathBuf,
    /// Severity per rule; a rule missing here keeps its default.
    pub rules: BTreeMap<Rule, Level>,
    pub acronyms: Acronyms,
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
    sops: Option<PathBuf>,
    #[serde(default)]
    rules: BTreeMap<toml::Spanned<String>, toml::Spanned<String>>,
    #[serde(default)]
    acronyms: Acronyms,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: cannot read the configuration: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
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
            sops: root.join("sops"),
            rules: BTreeMap::new(),
            acronyms: Acronyms::default(),
        }
    }

    /// Finds `sop.toml` in `start` or the nearest parent and reads it.
    pub fn discover(start: &Path) -> Result<Config, Error> {
        match start
            .ancestors()
            .map(|dir| dir.join(FILE_NAME))
            .find(|path| path.is_file())
        {
            Some(path) => Config::load(&path),
            None => Ok(Config::default_at(start)),
        }
    }

    /// Reads a configuration file.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let text = fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let source = SourceFile::new(path.to_path_buf(), text);
        let invalid = |offset: usize, message: String| {
            let position = source.position(offset);
            Error::Invalid {
                path: path.to_path_buf(),
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
        config.file = Some(path.to_path_buf());
        if let Some(sops) = file.sops {
            config.sops = root.join(sops);
        }
        for (id, level) in file.rules {
            let rule = Rule::from_id(id.get_ref()).ok_or_else(|| {
                invalid(
                    id.span().start,
                    format!("unknown rule `{}`; `sop rule` lists them", id.get_ref()),
                )
            })?;
            let level = match level.get_ref().as_str() {
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
            config.rules.insert(rule, level);
        }
        config.acronyms = file.acronyms;
        Ok(config)
    }

    /// Drops findings of rules turned off and sets the configured severities.
    pub fn apply_severities(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter_map(|mut diagnostic| {
                match self.rules.get(&diagnostic.rule) {
                    Some(Level::Off) => return None,
                    Some(Level::Error) => diagnostic.severity = Severity::Error,
                    Some(Level::Warning) => diagnostic.severity = Severity::Warning,
                    None => {}
                }
                Some(diagnostic)
            })
            .collect()
    }
}
