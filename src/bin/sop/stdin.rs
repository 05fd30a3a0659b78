//! `-` among the paths of `sop lint`: standard input stands for the file
//! that `--stdin-filename` names (shown as `-` without it), through the
//! project's overlays, as editors and pre-commit hooks pipe a buffer.

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;

use anyhow::{Context as _, bail};

use sop::project;

use crate::ProjectArgs;

/// Replaces `-` among the paths by the name standard input stands for,
/// and reads it: the overlay to load the project with (none without `-`).
pub fn overlay(
    project: &mut ProjectArgs,
    stdin_filename: Option<PathBuf>,
) -> anyhow::Result<HashMap<PathBuf, Vec<u8>>> {
    let is_stdin = |path: &PathBuf| path.as_os_str() == "-";
    if !project.paths.iter().any(is_stdin) {
        if let Some(name) = stdin_filename {
            bail!(
                "--stdin-filename {} names standard input: give `-` among the paths to read it",
                name.display()
            );
        }
        return Ok(HashMap::new());
    }
    let name = stdin_filename.unwrap_or_else(|| PathBuf::from("-"));
    if name.is_dir() {
        bail!(
            "--stdin-filename {} is a folder: name the SOP file that standard input stands for",
            name.display()
        );
    }
    for path in project.paths.iter_mut().filter(|path| is_stdin(path)) {
        path.clone_from(&name);
    }
    // One byte past the project's file size cap: more is refused by the
    // loader as too large, as a file would be, without holding it all.
    let limit = project::config(&project.options()?)?.limits.file_size();
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .context("cannot read standard input")?;
    Ok(HashMap::from([(name, bytes)]))
}
