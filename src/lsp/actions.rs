//! Code actions: the quick fixes of the diagnostics the client names in
//! the request's context ([`navigate::fixes`] of the findings behind them,
//! see [`super::findings`]): the did-you-mean of a misspelt name
//! (preferred), a new term, a suppression comment.

use lsp_server::ResponseError;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    Diagnostic as LspDiagnostic,
};

use super::server::Server;
use crate::diagnostic::Diagnostic;
use crate::navigate;

pub fn code_actions(
    server: &mut Server,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>, ResponseError> {
    // `only` names kinds and their parents: `quickfix`, or none.
    let wants_quick_fixes = params.context.only.as_ref().is_none_or(|only| {
        only.iter()
            .any(|kind| kind.as_str().is_empty() || *kind == CodeActionKind::QUICKFIX)
    });
    let uri = &params.text_document.uri;
    let Some(open) = server.documents.get(uri) else {
        return Ok(None);
    };
    let fixed: Vec<(&LspDiagnostic, &Diagnostic)> = params
        .context
        .diagnostics
        .iter()
        .filter_map(|shown| Some((shown, open.published.finding_of(shown)?)))
        .collect();
    if !wants_quick_fixes || fixed.is_empty() {
        return Ok(None);
    }
    let Some(asked) = server.asked(uri) else {
        return Ok(None);
    };
    let mut texts = asked.texts(server);
    let mut actions = Vec::new();
    for (shown, finding) in fixed {
        for fix in navigate::fixes(&asked.project, asked.document(), finding) {
            let Some(edit) = texts.workspace_edit(&fix.edits) else {
                continue;
            };
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![shown.clone()]),
                edit: Some(edit),
                is_preferred: Some(fix.preferred),
                ..CodeAction::default()
            }));
        }
    }
    Ok(Some(actions))
}
