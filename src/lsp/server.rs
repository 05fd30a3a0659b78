//! The server loop and the protocol's lifecycle: `initialize` first, then
//! any request or notification, `shutdown`, then `exit` (code 0; 1 for an
//! `exit` or an end of input without `shutdown`).
//!
//! Work is batched without timers: the notifications the client has
//! already sent are all taken in before any file is linted, so a burst of
//! keystrokes costs one lint, and the queued lints run before a request
//! is answered, so answers and diagnostics follow the order of the client.

use std::path::PathBuf;
use std::sync::Arc;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::LogMessage;
use lsp_types::request::{RegisterCapability, Request as _};
use lsp_types::{
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, InitializeParams,
    InitializeResult, InitializedParams, LogMessageParams, MessageType, Registration,
    RegistrationParams, ServerInfo, WatchKind,
};

use super::capabilities;
use super::dispatch::{self, error};
use super::documents::Documents;
use super::publish::Queue;
use super::{Options, uri};
use crate::date::Date;
use crate::project::memory::Memory;

/// The id of the server's request that the client watch files for it.
const REGISTER_WATCHERS: &str = "sop-register-watchers";

/// The most messages taken in before the files they changed are linted.
const MAX_BATCH: usize = 100;

/// How the server ended: the exit code `sop lsp` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// `exit` after `shutdown`: code 0.
    AfterShutdown,
    /// `exit`, or the end of input, without `shutdown`: code 1.
    WithoutShutdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lifecycle {
    Uninitialized,
    Running,
    ShutDown,
}

/// The state of one session with a client.
pub struct Server {
    connection: Connection,
    pub documents: Documents,
    /// The files to lint once the client's queued messages are taken in.
    pub queue: Queue,
    /// Paths in messages are shown relative to it: the workspace folder.
    pub cwd: PathBuf,
    today: Option<Date>,
    lifecycle: Lifecycle,
    /// Whether the client can watch files for the server.
    watches_files: bool,
    /// Whether it agreed to: from then on it says when files change, so
    /// the ids of the files on disk are remembered between lints.
    pub watching: bool,
    pub memory: Arc<Memory>,
}

/// Serves the client at the other end of `connection` until `exit` or the
/// end of its messages.
pub fn serve(connection: Connection, options: Options) -> Exit {
    let mut server = Server {
        connection,
        documents: Documents::default(),
        queue: Queue::default(),
        cwd: options.cwd,
        today: options.today,
        lifecycle: Lifecycle::Uninitialized,
        watches_files: false,
        watching: false,
        memory: Arc::default(),
    };
    let mut taken_in = 0;
    while let Ok(message) = server.connection.receiver.recv() {
        if let Some(exit) = server.handle(message) {
            return exit;
        }
        taken_in += 1;
        // A client that never pauses still gets its diagnostics.
        if server.connection.receiver.is_empty() || taken_in == MAX_BATCH {
            server.lint_queued();
            taken_in = 0;
        }
    }
    server.exit()
}

impl Server {
    /// Handles one message; `Some` once the server is to exit.
    fn handle(&mut self, message: Message) -> Option<Exit> {
        match message {
            Message::Request(request) => self.handle_request(request),
            Message::Notification(notification) if notification.method == "exit" => {
                return Some(self.exit());
            }
            // Before `initialize`, notifications are dropped (the spec).
            Message::Notification(notification) if self.lifecycle == Lifecycle::Running => {
                let method = notification.method.clone();
                if let Err(error) = dispatch::notification(self, notification) {
                    self.log(&format!("ignored `{method}`: {}", error.message));
                }
            }
            Message::Response(response)
                if response.id == RequestId::from(REGISTER_WATCHERS.to_string()) =>
            {
                self.watching = response.response_result.is_ok();
            }
            Message::Notification(_) | Message::Response(_) => {}
        }
        None
    }

    fn handle_request(&mut self, request: Request) {
        let id = request.id.clone();
        let answer = match (self.lifecycle, request.method.as_str()) {
            (Lifecycle::Uninitialized, "initialize") => self.initialize(request.params),
            (Lifecycle::Uninitialized, _) => Err(error(
                ErrorCode::ServerNotInitialized,
                "the first request must be `initialize`".into(),
            )),
            (Lifecycle::Running, "initialize") => Err(error(
                ErrorCode::InvalidRequest,
                "the server is already initialized".into(),
            )),
            (Lifecycle::ShutDown, _) => Err(error(
                ErrorCode::InvalidRequest,
                "the server is shut down: only `exit` is left".into(),
            )),
            (Lifecycle::Running, _) => {
                self.lint_queued();
                dispatch::request(self, request)
            }
        };
        let response = Response {
            id,
            response_result: answer,
        };
        self.send(response.into());
    }

    fn initialize(
        &mut self,
        params: serde_json::Value,
    ) -> Result<serde_json::Value, lsp_server::ResponseError> {
        let params: InitializeParams = dispatch::params_of("initialize", params)?;
        #[allow(deprecated)] // `root_uri`: for clients without workspace folders
        let folder = params
            .workspace_folders
            .iter()
            .flatten()
            .map(|folder| &folder.uri)
            .chain(params.root_uri.as_ref())
            .find_map(uri::to_path);
        if let Some(folder) = folder {
            self.cwd = folder;
        }
        self.watches_files = params
            .capabilities
            .workspace
            .and_then(|workspace| workspace.did_change_watched_files)
            .and_then(|watched| watched.dynamic_registration)
            .unwrap_or(false);
        self.lifecycle = Lifecycle::Running;
        let result = InitializeResult {
            capabilities: capabilities::server(),
            server_info: Some(ServerInfo {
                name: "sop".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        };
        serde_json::to_value(result).map_err(|e| error(ErrorCode::InternalError, e.to_string()))
    }

    /// `initialized`: asks the client to report changes of the files that
    /// change findings (SOPs, glossaries, `sop.toml`, and the ignore files
    /// that decide which files are SOPs), where it can.
    pub fn initialized(&mut self, _: InitializedParams) {
        if !self.watches_files {
            return;
        }
        let every_change = [
            "**/*.{yaml,yml}",
            "**/sop.toml",
            "**/.gitignore",
            "**/.ignore",
        ]
        .map(|glob| (glob, None));
        // Folders created, moved or deleted: their files get no events of
        // their own in some clients.
        let folders = ("**/*", Some(WatchKind::Create | WatchKind::Delete));
        let watchers = every_change
            .into_iter()
            .chain([folders])
            .map(|(glob, kind)| FileSystemWatcher {
                glob_pattern: GlobPattern::String(glob.into()),
                kind,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "sop-watched-files".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        let id = RequestId::from(REGISTER_WATCHERS.to_string());
        self.send(Request::new(id, RegisterCapability::METHOD.into(), params).into());
    }

    pub fn shut_down(&mut self, _: ()) -> Result<(), lsp_server::ResponseError> {
        self.lifecycle = Lifecycle::ShutDown;
        Ok(())
    }

    fn exit(&self) -> Exit {
        match self.lifecycle {
            Lifecycle::ShutDown => Exit::AfterShutdown,
            Lifecycle::Uninitialized | Lifecycle::Running => Exit::WithoutShutdown,
        }
    }

    /// The date the findings are of: the one given, else today (asked at
    /// each lint: a server can run past midnight).
    pub fn today(&self) -> Date {
        self.today.unwrap_or_else(Date::today)
    }

    /// Sends a message; a client gone is noticed when its input ends.
    pub fn send(&self, message: Message) {
        let _ = self.connection.sender.send(message);
    }

    pub fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.into(), params).into());
    }

    /// A line in the client's log.
    pub fn log(&self, text: &str) {
        self.notify::<LogMessage>(LogMessageParams {
            typ: MessageType::WARNING,
            message: format!("sop lsp: {text}"),
        });
    }
}
