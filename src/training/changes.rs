//! What changed for a person since the revision they acknowledged: the
//! SOP as it stood at that version in the git history, compared with the
//! file now and kept to the person's roles (`sop diff`'s report).

use std::path::Path;

use crate::diff::{self, SopEntry, Status};
use crate::limits::Limits;
use crate::model::Sop;
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

/// An SOP file at an acknowledged version and now: read once, however many
/// people acknowledged that version.
pub struct Revisions {
    old: diff::git::VersionAt,
    acknowledged: String,
    current: Sop,
}

impl Revisions {
    /// The revision of `file` (openable as it is) whose `version` is
    /// `acknowledged`, from its git history, and the file now.
    pub fn read(file: &Path, acknowledged: &str, limits: &Limits) -> Result<Revisions, Unknown> {
        let old = diff::git::version_at(file, acknowledged)?
            .ok_or_else(|| Unknown::NotInHistory(acknowledged.to_string()))?;
        let text = read::read_text(file, limits.file_size()).map_err(|_| Unknown::NotReadable)?;
        let Content::Parsed(parsed) = project::parse_sop_text(file.to_path_buf(), text, limits)
        else {
            return Err(Unknown::NotReadable);
        };
        let Model::Sop { sop, .. } = parsed.model else {
            return Err(Unknown::NotReadable);
        };
        Ok(Revisions {
            old,
            acknowledged: acknowledged.to_string(),
            current: sop,
        })
    }

    /// The changes that concern `cell`'s person (the roles that make them
    /// need the SOP), as one entry of a `sop diff` report.
    pub fn for_cell(&self, cell: &Cell) -> SopEntry {
        let roles: Vec<&str> = cell.role.split(';').collect();
        let changes = diff::compare(&self.old.sop, &self.current).for_roles(&roles);
        SopEntry {
            id: Some(cell.sop.clone()),
            title: self.current.title.as_ref().map(|title| title.value.clone()),
            old_path: Some(format!(
                "{} at {} ({})",
                self.old.path,
                &self.old.commit[..self.old.commit.len().min(12)],
                self.acknowledged
            )),
            new_path: Some(cell.file.display().to_string()),
            status: Status::Compared(changes),
        }
    }
}
