//! What changed for a person since the revision they acknowledged: the
//! SOP as it stood at that version in the git history, compared with the
//! file now and kept to the person's roles (`sop diff`'s report).

use std::path::Path;

use crate::diff::{self, SopEntry, Status};
use crate::limits::Limits;
use crate::project::{self, Content, Model, read};
use crate::training::matrix::Cell;

/// Why the changes since an acknowledgement cannot be shown.
#[derive(Debug, thiserror::Error)]
pub enum Unknown {
    #[error("no revision {0} of the file in its git history")]
    NotInHistory(String),
    #[error("{0}")]
    Git(#[from] diff::git::GitError),
    #[error("the file cannot be read as an SOP now")]
    NotReadable,
}

/// The changes that concern `cell`'s person (their roles that make them
/// need the SOP) from the acknowledged version to the file now, as one
/// entry of a `sop diff` report. `file` is the SOP file as it can be opened.
pub fn since_acknowledged(cell: &Cell, file: &Path, limits: &Limits) -> Result<SopEntry, Unknown> {
    let acknowledged = cell.acknowledged_version.clone().unwrap_or_default();
    let old = diff::git::version_at(file, &acknowledged)?
        .ok_or_else(|| Unknown::NotInHistory(acknowledged.clone()))?;
    let text = read::read_text(file, limits.file_size()).map_err(|_| Unknown::NotReadable)?;
    let current = project::parse_sop_text(cell.file.clone(), text, limits);
    let Content::Parsed(parsed) = current else {
        return Err(Unknown::NotReadable);
    };
    let Model::Sop { sop, .. } = &parsed.model else {
        return Err(Unknown::NotReadable);
    };
    let roles: Vec<&str> = cell.role.split(';').collect();
    let changes = diff::compare(&old.sop, sop).for_roles(&roles);
    Ok(SopEntry {
        id: Some(cell.sop.clone()),
        title: sop.title.as_ref().map(|title| title.value.clone()),
        old_path: Some(format!(
            "{} at {} ({})",
            old.path,
            &old.commit[..old.commit.len().min(12)],
            acknowledged
        )),
        new_path: Some(cell.file.display().to_string()),
        status: Status::Compared(changes),
    })
}
