//! Which handler serves each method: one table of requests, one of
//! notifications. A new request is one row and one function taking its
//! typed params; the table deserializes them (`InvalidParams` when they do
//! not fit), serializes the result, and answers `MethodNotFound` for a
//! method it does not list.

use std::panic::{AssertUnwindSafe, catch_unwind};

use lsp_server::{ErrorCode, Notification, Request, ResponseError};
use lsp_types::notification::{self as notify, Notification as _};
use lsp_types::request::{self as ask, Request as _};
use serde_json::Value;

use super::server::Server;
use super::{actions, completion, navigation, rename, watched};

/// Serves one request: its params as JSON, its result as JSON.
type RequestHandler = fn(&mut Server, Value) -> Result<Value, ResponseError>;

/// Serves one notification.
type NotificationHandler = fn(&mut Server, Value) -> Result<(), ResponseError>;

/// Every request served after `initialize` (which the lifecycle answers).
const REQUESTS: &[(&str, RequestHandler)] = &[
    (ask::Shutdown::METHOD, |server, params| {
        typed_request::<ask::Shutdown>(server, params, Server::shut_down)
    }),
    (ask::GotoDefinition::METHOD, |server, params| {
        typed_request::<ask::GotoDefinition>(server, params, navigation::definition)
    }),
    (ask::References::METHOD, |server, params| {
        typed_request::<ask::References>(server, params, navigation::references)
    }),
    (ask::HoverRequest::METHOD, |server, params| {
        typed_request::<ask::HoverRequest>(server, params, navigation::hover)
    }),
    (ask::DocumentSymbolRequest::METHOD, |server, params| {
        typed_request::<ask::DocumentSymbolRequest>(server, params, navigation::document_symbols)
    }),
    (ask::Completion::METHOD, |server, params| {
        typed_request::<ask::Completion>(server, params, completion::completion)
    }),
    (ask::CodeActionRequest::METHOD, |server, params| {
        typed_request::<ask::CodeActionRequest>(server, params, actions::code_actions)
    }),
    (ask::PrepareRenameRequest::METHOD, |server, params| {
        typed_request::<ask::PrepareRenameRequest>(server, params, rename::prepare_rename)
    }),
    (ask::Rename::METHOD, |server, params| {
        typed_request::<ask::Rename>(server, params, rename::rename)
    }),
];

/// Every notification heeded after `initialize`; others are ignored.
const NOTIFICATIONS: &[(&str, NotificationHandler)] = &[
    (notify::Initialized::METHOD, |server, params| {
        typed_notification::<notify::Initialized>(server, params, Server::initialized)
    }),
    (notify::DidOpenTextDocument::METHOD, |server, params| {
        typed_notification::<notify::DidOpenTextDocument>(server, params, Server::did_open)
    }),
    (notify::DidChangeTextDocument::METHOD, |server, params| {
        typed_notification::<notify::DidChangeTextDocument>(server, params, Server::did_change)
    }),
    (notify::DidSaveTextDocument::METHOD, |server, params| {
        typed_notification::<notify::DidSaveTextDocument>(server, params, Server::did_save)
    }),
    (notify::DidCloseTextDocument::METHOD, |server, params| {
        typed_notification::<notify::DidCloseTextDocument>(server, params, Server::did_close)
    }),
    (notify::DidChangeWatchedFiles::METHOD, |server, params| {
        typed_notification::<notify::DidChangeWatchedFiles>(server, params, watched::did_change)
    }),
];

/// The answer to a request: its handler's, `MethodNotFound` without one,
/// `InternalError` if the handler panicked (the server goes on).
pub fn request(server: &mut Server, request: Request) -> Result<Value, ResponseError> {
    let Some((_, handler)) = REQUESTS
        .iter()
        .find(|(method, _)| *method == request.method)
    else {
        return Err(error(
            ErrorCode::MethodNotFound,
            format!("sop lsp does not serve `{}`", request.method),
        ));
    };
    guarded(|| handler(server, request.params))
}

/// Heeds a notification; the error says why it could not be (the server
/// logs it: a notification has no answer).
pub fn notification(server: &mut Server, notification: Notification) -> Result<(), ResponseError> {
    let handler = NOTIFICATIONS
        .iter()
        .find(|(method, _)| *method == notification.method);
    match handler {
        Some((_, handler)) => guarded(|| handler(server, notification.params)),
        None => Ok(()),
    }
}

/// Runs a handler; a panic (a bug, on some text no test had) becomes an
/// `InternalError` instead of ending the server.
fn guarded<T>(run: impl FnOnce() -> Result<T, ResponseError>) -> Result<T, ResponseError> {
    catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|_| {
        Err(error(
            ErrorCode::InternalError,
            "sop lsp failed on this message (a bug: please report it)".into(),
        ))
    })
}

fn typed_request<R: ask::Request>(
    server: &mut Server,
    params: Value,
    handler: fn(&mut Server, R::Params) -> Result<R::Result, ResponseError>,
) -> Result<Value, ResponseError> {
    let result = handler(server, params_of::<R::Params>(R::METHOD, params)?)?;
    serde_json::to_value(result).map_err(|e| error(ErrorCode::InternalError, e.to_string()))
}

fn typed_notification<N: notify::Notification>(
    server: &mut Server,
    params: Value,
    handler: fn(&mut Server, N::Params),
) -> Result<(), ResponseError> {
    handler(server, params_of::<N::Params>(N::METHOD, params)?);
    Ok(())
}

/// The typed params of a method, or `InvalidParams` saying what is wrong.
pub fn params_of<P: serde::de::DeserializeOwned>(
    method: &str,
    params: Value,
) -> Result<P, ResponseError> {
    serde_json::from_value(params).map_err(|reason| {
        error(
            ErrorCode::InvalidParams,
            format!("invalid params of `{method}`: {reason}"),
        )
    })
}

pub fn error(code: ErrorCode, message: String) -> ResponseError {
    ResponseError {
        code: code as i32,
        message,
        data: None,
    }
}
