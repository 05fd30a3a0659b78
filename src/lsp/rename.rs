//! Rename of a step id ([`navigate::rename`]): prepareRename says what the
//! cursor would rename (`null` where nothing can be), rename edits the id
//! and every `goto` and `next` naming it, or fails with the reason (an id
//! that is not one, or that another step has).

use lsp_server::{ErrorCode, ResponseError};
use lsp_types::{PrepareRenameResponse, RenameParams, TextDocumentPositionParams, WorkspaceEdit};

use super::dispatch::error;
use super::server::Server;
use crate::navigate;

pub fn prepare_rename(
    server: &mut Server,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>, ResponseError> {
    let Some(asked) = server.asked(&params.text_document.uri) else {
        return Ok(None);
    };
    let target = navigate::rename_target(asked.document(), asked.offset(params.position));
    Ok(
        target.map(|span| PrepareRenameResponse::RangeWithPlaceholder {
            range: asked.text.range(span),
            placeholder: asked
                .text
                .read()
                .get(span.start..span.end)
                .unwrap_or_default()
                .to_string(),
        }),
    )
}

pub fn rename(
    server: &mut Server,
    params: RenameParams,
) -> Result<Option<WorkspaceEdit>, ResponseError> {
    let at = params.text_document_position;
    let refused = |message: String| error(ErrorCode::RequestFailed, message);
    let Some(asked) = server.asked(&at.text_document.uri) else {
        return Err(refused(
            "sop lsp renames step ids in the SOPs of a project only".into(),
        ));
    };
    let offset = asked.offset(at.position);
    let edits = navigate::rename(&asked.project, asked.document(), offset, &params.new_name)
        .map_err(|reason| refused(reason.to_string()))?;
    match asked.texts(server).workspace_edit(&edits) {
        Some(edit) => Ok(Some(edit)),
        None => Err(refused("a file to edit could not be read".into())),
    }
}
