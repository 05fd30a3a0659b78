//! What `sop init` and `sop new` write: the files of a new project, and a
//! new SOP from a template. The texts are files under `templates/scaffold/`,
//! compiled in with `include_str!`. Both commands write new files only:
//! nothing the writer already has is replaced unless they ask for it.

use std::path::{Path, PathBuf};

use crate::publish;
use crate::rules::schema::SOP_SCHEMA;

pub mod init;
pub mod new;

/// Where a project keeps its copy of the JSON Schema, from its root: what
/// the `# yaml-language-server: $schema=` line of its SOPs points at, so
/// editors work offline.
pub const SCHEMA_FILE: &str = "schemas/sop.schema.json";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("already there: {}; nothing was written{}", listing(.files), .hint)]
    Exists {
        files: Vec<PathBuf>,
        /// What to do instead, from the command's point of view.
        hint: &'static str,
    },
    #[error("{path}: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error(transparent)]
    Write(#[from] publish::Error),
    #[error("{0}")]
    Invalid(String),
    #[error("{path}: the template cannot be used: {message}")]
    Template { path: String, message: String },
}

fn listing(files: &[PathBuf]) -> String {
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    names.join(", ")
}

/// The schema's `$id`: the URL of the schema of this release, for SOPs of
/// a project without its own copy.
pub fn schema_url() -> String {
    serde_json::from_str::<serde_json::Value>(SOP_SCHEMA)
        .ok()
        .and_then(|schema| schema["$id"].as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Writes each `(path, text)` with its folders, unless one of the files
/// exists and `overwrite` is false: then nothing is written, and the error
/// names every file in the way (as `shown`, the path a user reads).
fn write_new(
    files: &[(PathBuf, String)],
    overwrite: bool,
    shown: impl Fn(&Path) -> PathBuf,
    hint: &'static str,
) -> Result<(), Error> {
    let existing: Vec<PathBuf> = files
        .iter()
        .filter(|(path, _)| std::fs::symlink_metadata(path).is_ok())
        .map(|(path, _)| shown(path))
        .collect();
    if !existing.is_empty() && !overwrite {
        return Err(Error::Exists {
            files: existing,
            hint,
        });
    }
    for (path, text) in files {
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|error| Error::Io {
                path: shown(folder),
                error,
            })?;
        }
        publish::write_file(path, text.as_bytes())?;
    }
    Ok(())
}
