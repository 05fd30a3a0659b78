//! Completion: the query layer's completions ([`navigate::completions`])
//! as items whose edit replaces the word at the cursor, in the query
//! layer's order (steps as the SOP has them).
//!
//! Typing `:` or a space asks for completion: after `goto:` or `goto: `,
//! `call: `, `role: ` and the like the values are listed at once (with
//! the space a value needs after its colon), and after `- ` the fields of
//! a new item. A space anywhere else (in a text, in the indentation)
//! lists nothing: the list would open at every word of a step's text; a
//! colon in a text finds nothing to list either.

use lsp_server::ResponseError;
use lsp_types::{
    CompletionContext, CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse,
    CompletionTextEdit, CompletionTriggerKind, Documentation, MarkupContent, MarkupKind, TextEdit,
};

use super::server::Server;
use crate::navigate::{self, CompletionKind};
use crate::yaml::ByteSpan;

/// The characters that ask for completion as they are typed.
pub const TRIGGERS: &[&str] = &[":", " "];

pub fn completion(
    server: &mut Server,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>, ResponseError> {
    let at = params.text_document_position;
    let Some(asked) = server.asked(&at.text_document.uri) else {
        return Ok(None);
    };
    let offset = asked.offset(at.position);
    let by_space = params.context.as_ref().is_some_and(typed_space);
    if by_space && !after_key_or_dash(asked.text.read(), offset) {
        return Ok(None);
    }
    let found = navigate::completions(&asked.project, asked.document(), offset);
    let spans: Vec<ByteSpan> = found.iter().map(|completion| completion.replace).collect();
    let ranges = asked.text.ranges(&spans);
    let items = found
        .into_iter()
        .zip(ranges)
        .enumerate()
        .map(|(index, (completion, range))| CompletionItem {
            kind: Some(kind(completion.kind)),
            detail: completion.detail,
            documentation: completion.documentation.map(|markdown| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: markdown,
                })
            }),
            // The query layer's order, not the client's alphabetical one.
            sort_text: Some(format!("{index:06}")),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                range,
                completion.insert,
            ))),
            label: completion.label,
            ..CompletionItem::default()
        })
        .collect();
    Ok(Some(CompletionResponse::Array(items)))
}

/// Whether the client asks because a space was typed.
fn typed_space(context: &CompletionContext) -> bool {
    context.trigger_kind == CompletionTriggerKind::TRIGGER_CHARACTER
        && context.trigger_character.as_deref() == Some(" ")
}

/// Whether the text before `offset` ends with `: ` or `- `.
fn after_key_or_dash(text: &str, offset: usize) -> bool {
    let before = text.get(..offset).unwrap_or_default();
    before.ends_with(": ") || before.ends_with("- ")
}

fn kind(kind: CompletionKind) -> CompletionItemKind {
    match kind {
        CompletionKind::Step => CompletionItemKind::FUNCTION,
        CompletionKind::Sop => CompletionItemKind::MODULE,
        CompletionKind::Role => CompletionItemKind::VARIABLE,
        CompletionKind::Term => CompletionItemKind::CONSTANT,
        CompletionKind::Field => CompletionItemKind::FIELD,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_space_asks_after_a_key_or_a_dash_only() {
        let text = "    goto: \n  - \n    do: Greet the \n";
        let after = |needle: &str| text.find(needle).unwrap() + needle.len();
        assert!(after_key_or_dash(text, after("goto: ")));
        assert!(after_key_or_dash(text, after("  - ")));
        assert!(!after_key_or_dash(text, after("Greet ")));
        assert!(!after_key_or_dash(text, 2));
        assert!(!after_key_or_dash(text, 999));
    }
}
