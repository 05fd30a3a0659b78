//! `sop lsp`: a Language Server Protocol server over stdio, so editors show
//! the findings of `sop lint` as the writer types. Each open file is linted
//! exactly as `sop lint FILE` lints it (its project, `sop.toml`, glossaries
//! and suppressions), with the open buffers standing for their files (the
//! project's overlays); the server only converts positions and messages.
//!
//! The pieces: [`transport`] reads and writes the framed JSON-RPC messages
//! (tolerating garbage), [`server`] keeps the protocol's lifecycle and
//! batches the work, [`dispatch`] routes each method to its handler,
//! [`documents`] keeps the open buffers in sync, [`publish`] lints and sends
//! diagnostics, [`affected`] picks the other open files an edit can change.
//! The navigation requests ask the query layer ([`crate::navigate`]) about
//! a file read by [`asked`], and [`locate`] places its answers:
//! [`navigation`] (definition, references, hover, outline), [`completion`],
//! [`actions`] (quick fixes of the findings [`findings`] keeps), [`rename`].

use std::path::PathBuf;

use crate::date::Date;

pub mod actions;
pub mod affected;
pub mod asked;
pub mod capabilities;
pub mod completion;
pub mod diagnostics;
pub mod dispatch;
pub mod documents;
pub mod findings;
pub mod locate;
pub mod navigation;
pub mod position;
pub mod project;
pub mod publish;
pub mod rename;
pub mod server;
pub mod sync;
pub mod transport;
pub mod uri;
pub mod watched;

pub use server::{Exit, serve};

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The date `review-overdue` compares with (default: today, at each lint).
    pub today: Option<Date>,
    /// The folder paths in messages are shown relative to, when the client
    /// names no workspace folder.
    pub cwd: PathBuf,
}

/// Serves one client on standard input and output until it says `exit` or
/// closes standard input.
pub fn serve_stdio(options: Options) -> std::io::Result<Exit> {
    let (connection, threads) = transport::stdio();
    let exit = serve(connection, options);
    threads.finish()?;
    Ok(exit)
}
