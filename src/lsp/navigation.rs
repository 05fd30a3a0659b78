//! Go to definition, find references, hover and the outline: the query
//! layer's answers ([`crate::navigate`]) placed in the editor's files.
//! A file the server cannot read answers nothing (`null`), never an error.

use lsp_server::ResponseError;
use lsp_types::{
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, GotoDefinitionParams,
    GotoDefinitionResponse, Hover, HoverContents, HoverParams, Location, MarkupContent, MarkupKind,
    Range, ReferenceParams, SymbolKind,
};

use super::server::Server;
use crate::navigate::{self, Symbol};
use crate::yaml::ByteSpan;

pub fn definition(
    server: &mut Server,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>, ResponseError> {
    let at = params.text_document_position_params;
    let Some(asked) = server.asked(&at.text_document.uri) else {
        return Ok(None);
    };
    let found = navigate::definition(&asked.project, asked.document(), asked.offset(at.position));
    let locations = asked.texts(server).locations(&found);
    Ok((!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations)))
}

/// The references; without the declaration, what `definition` answers at
/// the same place is left out (the query layer lists it first).
pub fn references(
    server: &mut Server,
    params: ReferenceParams,
) -> Result<Option<Vec<Location>>, ResponseError> {
    let at = params.text_document_position;
    let Some(asked) = server.asked(&at.text_document.uri) else {
        return Ok(None);
    };
    let (project, document) = (&asked.project, asked.document());
    let offset = asked.offset(at.position);
    let mut found = navigate::references(project, document, offset);
    if !params.context.include_declaration {
        let declared = navigate::definition(project, document, offset);
        found.retain(|location| !declared.contains(location));
    }
    Ok(Some(asked.texts(server).locations(&found)))
}

pub fn hover(server: &mut Server, params: HoverParams) -> Result<Option<Hover>, ResponseError> {
    let at = params.text_document_position_params;
    let Some(asked) = server.asked(&at.text_document.uri) else {
        return Ok(None);
    };
    let found = navigate::hover(&asked.project, asked.document(), asked.offset(at.position));
    Ok(found.map(|hover| Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: hover.markdown,
        }),
        range: Some(asked.text.range(hover.span)),
    }))
}

/// The outline, nested: sections, steps, decisions and their branches.
pub fn document_symbols(
    server: &mut Server,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>, ResponseError> {
    let Some(asked) = server.asked(&params.text_document.uri) else {
        return Ok(None);
    };
    let symbols = navigate::outline(asked.document());
    // Every range in one pass over the text: an outline can have
    // thousands of steps.
    let mut spans = Vec::new();
    spans_of(&symbols, &mut spans);
    let mut ranges = asked.text.ranges(&spans).into_iter();
    Ok(Some(DocumentSymbolResponse::Nested(nested(
        &symbols,
        &mut ranges,
    ))))
}

/// The spans and selections of `symbols` and their children, in the
/// order [`nested`] takes their ranges.
fn spans_of(symbols: &[Symbol], spans: &mut Vec<ByteSpan>) {
    for symbol in symbols {
        spans.extend([symbol.span, symbol.selection]);
        spans_of(&symbol.children, spans);
    }
}

fn nested(symbols: &[Symbol], ranges: &mut impl Iterator<Item = Range>) -> Vec<DocumentSymbol> {
    symbols
        .iter()
        .map(|symbol| {
            let range = ranges.next().unwrap_or_default();
            let selection_range = ranges.next().unwrap_or_default();
            let children = nested(&symbol.children, ranges);
            #[allow(deprecated)] // `deprecated`: a field the type still has
            DocumentSymbol {
                // Clients refuse an empty name.
                name: match symbol.name.trim() {
                    "" => "(unnamed)".to_string(),
                    _ => symbol.name.clone(),
                },
                detail: symbol.detail.clone(),
                kind: kind(symbol.kind),
                tags: None,
                deprecated: None,
                range,
                selection_range,
                children: (!children.is_empty()).then_some(children),
            }
        })
        .collect()
}

fn kind(kind: navigate::SymbolKind) -> SymbolKind {
    match kind {
        navigate::SymbolKind::Section => SymbolKind::KEY,
        navigate::SymbolKind::Step => SymbolKind::FUNCTION,
        navigate::SymbolKind::Decision => SymbolKind::ENUM,
        navigate::SymbolKind::Branch => SymbolKind::ENUM_MEMBER,
    }
}
