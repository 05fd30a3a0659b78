//! Linting the open documents and publishing their diagnostics: the queue
//! of what to lint once the client's pending messages are taken in, and
//! which other documents each lint makes stale (see [`super::affected`]).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use lsp_types::notification::PublishDiagnostics;
use lsp_types::{PublishDiagnosticsParams, Uri};

use super::affected::{self, Change};
use super::diagnostics;
use super::documents::{Documents, Linted};
use super::findings::Published;
use super::server::Server;
use crate::project;

/// When an edited document's lint makes the other open documents stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Spread {
    /// Opened as it is on disk: the others saw it already.
    Never,
    /// Edited: when its links changed, or always for a glossary.
    IfLinksChanged,
    /// Opened with unsaved text.
    Always,
}

/// What to lint next.
#[derive(Debug, Default)]
pub struct Queue {
    /// Documents whose text changed, in the order of their first change.
    edited: Vec<(Uri, Spread)>,
    /// Other documents whose findings may have changed.
    stale: Vec<Uri>,
}

impl Queue {
    pub fn edited(&mut self, uri: Uri, spread: Spread) {
        match self.edited.iter_mut().find(|(queued, _)| *queued == uri) {
            Some((_, queued)) => *queued = (*queued).max(spread),
            None => self.edited.push((uri, spread)),
        }
    }

    pub fn stale(&mut self, uris: impl IntoIterator<Item = Uri>) {
        for uri in uris {
            if !self.stale.contains(&uri) {
                self.stale.push(uri);
            }
        }
    }

    /// Queues the documents that a change of the file at `path` (of the
    /// project at `root`, when known) makes stale.
    pub fn spread_from(&mut self, documents: &Documents, path: &Path, root: Option<&Path>) {
        let change = if project::is_glossary(path) {
            Change::Glossary { path }
        } else {
            Change::Sop { path, root }
        };
        self.stale(affected::documents_to_lint(documents, change));
    }

    /// A document closed: nothing of it is left to lint.
    pub fn forget(&mut self, uri: &Uri) {
        self.edited.retain(|(queued, _)| queued != uri);
        self.stale.retain(|queued| queued != uri);
    }
}

impl Server {
    /// Lints the edited documents, then the others they make stale, each once.
    pub fn lint_queued(&mut self) {
        // A few documents: a list, where a set would hash URIs.
        let mut linted: Vec<Uri> = Vec::new();
        for (uri, spread) in std::mem::take(&mut self.queue.edited) {
            let before = self.documents.get(&uri).and_then(|d| d.linted.clone());
            let Some(after) = self.lint(&uri) else {
                continue;
            };
            linted.push(uri.clone());
            let Some(path) = self.documents.get(&uri).and_then(|d| d.path.clone()) else {
                continue;
            };
            let spreads = match spread {
                Spread::Never => false,
                Spread::IfLinksChanged => project::is_glossary(&path) || before != after,
                Spread::Always => true,
            };
            if spreads {
                let root = after.or(before).map(|linted| linted.root);
                self.queue
                    .spread_from(&self.documents, &path, root.as_deref());
            }
        }
        for uri in std::mem::take(&mut self.queue.stale) {
            if !linted.contains(&uri) {
                self.lint(&uri);
                linted.push(uri);
            }
        }
    }

    /// Lints one open document and publishes its diagnostics; what the
    /// lint found of its project, or `None` when it is not open.
    fn lint(&mut self, uri: &Uri) -> Option<Option<Linted>> {
        let document = self.documents.get(uri)?;
        let version = document.version;
        let outcome = document.path.as_deref().and_then(|path| {
            let today = self.today();
            let lint = || diagnostics::lint(self.project_of(path), path, &document.text, today);
            let outcome = catch_unwind(AssertUnwindSafe(lint));
            if outcome.is_err() {
                self.log(&format!(
                    "linting {} failed (a bug: please report it)",
                    path.display()
                ));
            }
            outcome.ok()
        });
        let (found, findings, linted) = match outcome {
            Some(outcome) => (outcome.diagnostics, outcome.findings, outcome.linted),
            None => (Vec::new(), Vec::new(), None),
        };
        if let Some(document) = self.documents.get_mut(uri) {
            document.linted.clone_from(&linted);
            document.published = Published::new(found.clone(), findings);
        }
        self.notify::<PublishDiagnostics>(PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics: found,
            version: Some(version),
        });
        Some(linted)
    }
}
