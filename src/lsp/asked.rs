//! The file a request is about, read as the query layer ([`crate::navigate`])
//! reads it: its project loaded as for its diagnostics, the SOP or
//! glossary read, and its text as the editor has it, to turn positions
//! into byte offsets and the answer's spans back.

use std::path::PathBuf;

use lsp_types::{Position, Uri};

use super::diagnostics::is_linted;
use super::locate::{Text, Texts};
use super::server::Server;
use super::uri;
use crate::project::{Document, Project};

/// A request's file.
pub struct Asked {
    pub project: Project,
    read: Read,
    pub path: PathBuf,
    pub uri: Uri,
    pub text: Text,
}

/// The file read: an SOP is read on demand, a glossary with its project.
enum Read {
    Sop(Document),
    /// The index in [`Project::glossaries`].
    Glossary(usize),
}

impl Server {
    /// The file at `uri`; `None` when it is no file, its project cannot be
    /// loaded, `sop lint` would not lint it (a CI workflow), or it cannot
    /// be read (it vanished, and is not open).
    pub fn asked(&self, uri: &Uri) -> Option<Asked> {
        let path = uri::to_path(uri)?;
        let project = self.project_of(&path).ok()?;
        if !is_linted(&project, &path) {
            return None;
        }
        let is_it = |shown: &std::path::Path| project.absolute(shown) == path;
        let read = match project.files.iter().find(|file| is_it(&file.path)) {
            Some(file) => Read::Sop(project.read(file)),
            None => Read::Glossary(
                project
                    .glossaries
                    .iter()
                    .position(|glossary| glossary.given && is_it(&glossary.path))?,
            ),
        };
        let text = Text::new(self.text_at(&path, project.config.limits.file_size())?);
        Some(Asked {
            project,
            read,
            path,
            uri: uri.clone(),
            text,
        })
    }
}

impl Asked {
    pub fn document(&self) -> &Document {
        match &self.read {
            Read::Sop(document) => document,
            Read::Glossary(index) => &self.project.glossaries[*index],
        }
    }

    /// The byte offset of an editor's position in the file.
    pub fn offset(&self, at: Position) -> usize {
        self.text.offset(at)
    }

    /// The texts to place an answer in, this file's first.
    pub fn texts<'a>(&'a self, server: &'a Server) -> Texts<'a> {
        let limit = self.project.config.limits.file_size();
        Texts::new(server, (&self.path, &self.uri, &self.text), limit)
    }
}
