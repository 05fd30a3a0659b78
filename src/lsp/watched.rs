//! `workspace/didChangeWatchedFiles`: files changed, created or deleted on
//! disk (a `git checkout`, another editor). The ids remembered of the files
//! on disk are forgotten. A file that is open changes no findings: its
//! buffer stands for it.

use lsp_types::DidChangeWatchedFilesParams;

use super::affected::{self, Change};
use super::server::Server;
use super::uri;

pub fn did_change(server: &mut Server, params: DidChangeWatchedFilesParams) {
    server.memory.forget();
    for event in params.changes {
        let Some(path) = uri::to_path(&event.uri) else {
            continue;
        };
        if server.documents.is_open(&path) {
            continue;
        }
        let stale = affected::documents_to_lint(&server.documents, Change::on_disk(&path));
        server.queue.stale(stale);
    }
}
