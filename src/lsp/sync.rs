//! The notifications that keep the open documents in sync: each queues the
//! lints it makes necessary (see [`super::publish`]).

use lsp_types::notification::PublishDiagnostics;
use lsp_types::{
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, PublishDiagnosticsParams,
};

use super::publish::Spread;
use super::server::Server;

impl Server {
    pub fn did_open(&mut self, params: DidOpenTextDocumentParams) {
        let document = params.text_document;
        let uri = document.uri;
        self.documents
            .open(uri.clone(), document.text, document.version);
        // A buffer that is not the file on disk (restored unsaved work)
        // changes what the other files see.
        let unsaved = self.documents.get(&uri).is_some_and(|d| d.unsaved);
        let spread = if unsaved {
            Spread::Always
        } else {
            Spread::Never
        };
        self.queue.edited(uri, spread);
    }

    pub fn did_change(&mut self, params: DidChangeTextDocumentParams) {
        let document = params.text_document;
        let changed =
            self.documents
                .change(&document.uri, document.version, params.content_changes);
        if changed {
            self.queue.edited(document.uri, Spread::IfLinksChanged);
        } else {
            self.log(&format!(
                "ignored a change of {}, which is not open",
                document.uri.as_str()
            ));
        }
    }

    /// The file is now what the buffer is: nothing to lint, but what was
    /// remembered of the file on disk is old.
    pub fn did_save(&mut self, params: DidSaveTextDocumentParams) {
        self.memory.forget();
        self.documents.saved(&params.text_document.uri);
    }

    /// The file on disk counts again: when it was not the buffer, the
    /// other files' findings may change. Its own are cleared.
    pub fn did_close(&mut self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let Some(document) = self.documents.close(&uri) else {
            return;
        };
        self.queue.forget(&uri);
        if let (true, Some(path)) = (document.unsaved, &document.path) {
            let root = document.linted.as_ref().map(|linted| linted.root.clone());
            self.queue
                .spread_from(&self.documents, path, root.as_deref());
        }
        self.notify::<PublishDiagnostics>(PublishDiagnosticsParams {
            uri,
            diagnostics: Vec::new(),
            version: None,
        });
    }
}
