//! Which other open documents to lint again when one file changes. An SOP's
//! findings depend on other files only through the rules across SOPs, which
//! see each SOP as its [`Summary`] (id, status, calls, references), and
//! through the glossaries of its folder and those above: so an edit of an
//! SOP that keeps its links touches no other file, a changed link touches
//! the open SOPs of its project, and a glossary the open SOPs below it.

use std::path::Path;

use lsp_types::Uri;

use super::documents::Documents;
use crate::project::{self, index::Summary};

/// What the rules across SOPs see of one SOP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    id: Option<String>,
    status: Option<String>,
    calls: Vec<String>,
    references: Vec<String>,
}

impl Links {
    pub fn of(summary: &Summary) -> Links {
        let ids = |named: &[(String, crate::source::Label)]| {
            named.iter().map(|(id, _)| id.clone()).collect()
        };
        Links {
            id: summary.id.as_ref().map(|(id, _)| id.clone()),
            status: summary.status.clone(),
            calls: ids(&summary.calls),
            references: ids(&summary.references),
        }
    }
}

/// What changed, for [`documents_to_lint`].
#[derive(Debug, Clone, Copy)]
pub enum Change<'a> {
    /// An SOP of the project at `root`; of the projects whose root holds
    /// it, when that is not known (a file not open).
    Sop {
        path: &'a Path,
        root: Option<&'a Path>,
    },
    /// A glossary: the SOPs below its folder.
    Glossary { path: &'a Path },
    /// A `sop.toml`, or a file whose kind is not known: every open
    /// document below `folder`.
    Everything { folder: &'a Path },
}

impl<'a> Change<'a> {
    /// The change of a file on disk, as a client's file watcher reports it.
    pub fn on_disk(path: &'a Path) -> Change<'a> {
        if project::is_glossary(path) {
            return Change::Glossary { path };
        }
        let folder = path.parent().unwrap_or(path);
        if path
            .file_name()
            .is_some_and(|name| name == crate::config::FILE_NAME)
        {
            return Change::Everything { folder };
        }
        Change::Sop { path, root: None }
    }
}

/// The open documents other than the changed file whose findings `change`
/// can change, in a stable order.
pub fn documents_to_lint(documents: &Documents, change: Change) -> Vec<Uri> {
    let mut uris: Vec<Uri> = documents
        .iter()
        .filter(|(_, document)| {
            let Some(path) = document.path.as_deref() else {
                return false;
            };
            let root = document.linted.as_ref().map(|linted| linted.root.as_path());
            let is_sop = !project::is_glossary(path);
            match change {
                Change::Sop {
                    path: changed,
                    root: changed_root,
                } => {
                    path != changed
                        && is_sop
                        && root.is_some_and(|root| match changed_root {
                            Some(changed_root) => root == changed_root,
                            None => changed.starts_with(root),
                        })
                }
                Change::Glossary { path: glossary } => {
                    is_sop
                        && glossary
                            .parent()
                            .is_some_and(|folder| path.starts_with(folder))
                }
                Change::Everything { folder } => path.starts_with(folder),
            }
        })
        .map(|(uri, _)| uri.clone())
        .collect();
    uris.sort();
    uris
}
