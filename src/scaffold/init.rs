//! `sop init`: the files of a new project. A configuration that explains
//! every setting, an SOP folder with an example SOP (a draft: a new
//! project has approved nothing yet) and a glossary, the project's copy of
//! the JSON Schema for editors, and a GitHub workflow that lints the SOPs
//! with the `sop` action.

use std::path::{Path, PathBuf};

use super::{Error, SCHEMA_FILE, write_new};
use crate::rules::schema::SOP_SCHEMA;

/// The example SOP's path in a new project.
pub const EXAMPLE: &str = "sops/CS-2401-answering-a-customer-email.yaml";

/// The workflow's path in a new project.
pub const WORKFLOW: &str = ".github/workflows/sop.yml";

/// The files of a new project: (path from its root, text).
pub fn files() -> Vec<(&'static str, String)> {
    let workflow = include_str!("../../templates/scaffold/workflow.yml")
        .replace("SOP_ACTION", action())
        .replace("SOP_VERSION", env!("CARGO_PKG_VERSION"));
    vec![
        (
            crate::config::FILE_NAME,
            include_str!("../../templates/scaffold/sop.toml").to_string(),
        ),
        (
            EXAMPLE,
            include_str!("../../templates/scaffold/example.yaml").to_string(),
        ),
        (
            "sops/glossary.yaml",
            include_str!("../../templates/scaffold/glossary.yaml").to_string(),
        ),
        (SCHEMA_FILE, SOP_SCHEMA.to_string()),
        (WORKFLOW, workflow),
    ]
}

/// The action's `owner/name` on GitHub: the crate's repository.
fn action() -> &'static str {
    let repository = env!("CARGO_PKG_REPOSITORY");
    repository
        .strip_prefix("https://github.com/")
        .unwrap_or(repository)
}

/// Writes the files of a new project into `dir` (created if needed) and
/// returns their paths from it. A file that is already there stops it
/// before anything is written, unless `overwrite`.
pub fn init(dir: &Path, overwrite: bool) -> Result<Vec<PathBuf>, Error> {
    let paths: Vec<(PathBuf, String)> = files()
        .into_iter()
        .map(|(path, text)| (within(dir, path), text))
        .collect();
    write_new(
        &paths,
        overwrite,
        Path::to_path_buf,
        " (--force overwrites them)",
    )?;
    Ok(files()
        .into_iter()
        .map(|(path, _)| PathBuf::from(path))
        .collect())
}

/// `path` in `dir`, shown without a leading `./` for the current folder.
fn within(dir: &Path, path: &str) -> PathBuf {
    if dir == Path::new(".") {
        PathBuf::from(path)
    } else {
        dir.join(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(wanted: &str) -> String {
        let (_, text) = files()
            .into_iter()
            .find(|(path, _)| *path == wanted)
            .unwrap();
        text
    }

    #[test]
    fn the_workflow_names_this_release_of_the_action() {
        let workflow = text_of(WORKFLOW);
        let expected = format!(
            "uses: {}@v{}\n",
            env!("CARGO_PKG_REPOSITORY").replace("https://github.com/", ""),
            env!("CARGO_PKG_VERSION")
        );
        assert!(workflow.contains(&expected), "{workflow}");
        assert!(!workflow.contains("SOP_VERSION"));
    }

    #[test]
    fn the_example_points_at_the_schema_copy() {
        let example = text_of(EXAMPLE);
        assert!(
            example.starts_with("# yaml-language-server: $schema=../schemas/sop.schema.json\n")
        );
    }
}
