//! Where pass 2 finds each SOP of the handbook again: among documents
//! already in memory, or by reading its file again through the project
//! (with the same overlays, so `sop render -` still sees standard input).

use std::collections::HashMap;
use std::ops::Deref;
use std::path::{Path, PathBuf};

use crate::project::{Content, Document, Model, Project, SopFile};

use super::{Error, Loaded};

pub(super) enum Source<'a> {
    Given(HashMap<&'a Path, &'a Document>),
    Files {
        project: &'a Project,
        files: HashMap<&'a Path, &'a SopFile>,
    },
}

/// A document of the handbook, borrowed or read again.
pub(super) enum Read<'a> {
    Given(&'a Document),
    Again(Document),
}

impl Deref for Read<'_> {
    type Target = Document;

    fn deref(&self) -> &Document {
        match self {
            Read::Given(document) => document,
            Read::Again(document) => document,
        }
    }
}

impl<'a> Source<'a> {
    pub fn given(documents: &'a [Document]) -> Source<'a> {
        Source::Given(
            documents
                .iter()
                .map(|document| (document.path.as_path(), document))
                .collect(),
        )
    }

    pub fn files(project: &'a Project) -> Source<'a> {
        Source::Files {
            project,
            files: project
                .files
                .iter()
                .map(|file| (file.path.as_path(), file))
                .collect(),
        }
    }

    /// The document at `path`, which pass 1 read as an SOP.
    pub fn read(&self, path: &Path) -> Result<Read<'a>, Error> {
        let changed = || Error::Changed(PathBuf::from(path));
        match self {
            Source::Given(documents) => documents.get(path).map(|document| Read::Given(document)),
            Source::Files { project, files } => {
                files.get(path).map(|file| Read::Again(project.read(file)))
            }
        }
        .ok_or_else(changed)
    }
}

impl<'a> Loaded<'a> {
    /// The SOP of `document`, or an error when it is no longer one (its
    /// file changed since pass 1).
    pub fn of(document: &'a Document) -> Result<Loaded<'a>, Error> {
        match &document.content {
            Content::Parsed(parsed) => match &parsed.model {
                Model::Sop { sop, flow } if sop.id.is_some() => Ok(Loaded {
                    source: &parsed.source,
                    sop,
                    flow,
                }),
                _ => Err(Error::Changed(document.path.clone())),
            },
            Content::Failed(_) => Err(Error::Changed(document.path.clone())),
        }
    }
}
