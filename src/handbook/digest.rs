//! Pass 1 of a render: what the handbook keeps of each SOP while `sop lint`
//! reads it, small enough to keep for every SOP of a large project (the
//! YAML tree and the text are not kept: pass 2 reads each SOP again).

use std::path::{Path, PathBuf};

use crate::model::Sop;
use crate::project::index::Summary;
use crate::project::{Content, Document, Model, Project};

use super::control::Control;
use super::{Filters, SopLink, github_anchor, value};

/// One file given to the handbook, after its first read.
pub struct Digest {
    pub(super) path: PathBuf,
    /// Its id and status, for the retired SOPs a handbook names.
    pub(super) summary: Summary,
    pub(super) kept: Kept,
}

/// What becomes of a file.
pub(super) enum Kept {
    /// Not an SOP with an id (`sop lint` says why).
    Skipped,
    /// Left out by the filters.
    Filtered,
    Sop(Box<Entry>),
}

/// An SOP of the handbook, as the pages across SOPs need it.
pub(super) struct Entry {
    /// Its names (`anchor`, `href`, `file`) are set once all are known.
    pub link: SopLink,
    pub department: String,
    pub control: Control,
    /// The glossary files that apply to it.
    pub glossaries: Vec<PathBuf>,
    /// The terms its own `terms` define: (term, definition).
    pub terms: Vec<(String, String)>,
}

impl Digest {
    /// What the handbook keeps of `document`, with `filters` applied.
    pub fn of(project: &Project, document: &Document, filters: &Filters) -> Digest {
        let kept = match &document.content {
            Content::Parsed(parsed) => match &parsed.model {
                Model::Sop { sop, .. } if sop.id.is_some() => {
                    if filters.keep(sop) {
                        Kept::Sop(Box::new(Entry {
                            link: sop_link(sop),
                            department: value(&sop.department).unwrap_or_default(),
                            control: Control::of(sop, parsed.fingerprint()),
                            glossaries: glossaries(project, document),
                            terms: sop
                                .terms
                                .iter()
                                .filter_map(|term| {
                                    Some((term.key.clone(), term.text.as_ref()?.value.clone()))
                                })
                                .collect(),
                        }))
                    } else {
                        Kept::Filtered
                    }
                }
                _ => Kept::Skipped,
            },
            Content::Failed(_) => Kept::Skipped,
        };
        Digest {
            path: document.path.clone(),
            summary: document.summary(),
            kept,
        }
    }
}

fn glossaries(project: &Project, document: &Document) -> Vec<PathBuf> {
    project
        .glossary_for(document)
        .layers
        .into_iter()
        .map(|(path, _)| Path::to_path_buf(path))
        .collect()
}

/// The link of an SOP; `anchor`, `href` and `file` are set once names are unique.
fn sop_link(sop: &Sop) -> SopLink {
    let id = value(&sop.id).unwrap_or_default();
    let title = value(&sop.title).unwrap_or_default();
    SopLink {
        anchor: String::new(),
        href: String::new(),
        file: String::new(),
        md_anchor: github_anchor(&format!("{id} — {title}")),
        status: sop.status().to_string(),
        version: value(&sop.version),
        id,
        title,
    }
}
