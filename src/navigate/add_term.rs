//! The edit that adds a term to an SOP's `terms`, for an
//! `undefined-acronym`: a new entry `TERM: ""` for the writer to fill in,
//! at its place among sorted terms (else last), at their indentation; a
//! new `terms:` section above `instructions` when there is none.

use crate::yaml::{ByteSpan, Value};

use super::edit::plain_or_quoted;
use super::{Edit, View};

/// The edit, or `None` when `terms` is not a block mapping to add to.
pub(crate) fn edit(view: &View, term: &str) -> Option<Edit> {
    let text = &view.source.text;
    let entry = format!("{}: \"\"\n", plain_or_quoted(term));
    let Some(terms) = view.root.entry("terms") else {
        let at = match view.root.entry("instructions") {
            Some(instructions) => line_start(text, instructions.key_span.start),
            None => text.len(),
        };
        return Some(insertion(text, at, format!("terms:\n  {entry}")));
    };
    let (at, indent) = match &terms.value.value {
        Value::Null => (
            line_end(text, terms.key_span.end),
            terms.key_span.start - line_start(text, terms.key_span.start) + 2,
        ),
        Value::Map(map) if !text[terms.value.span.start..].starts_with('{') => {
            let last = map.entries.last()?;
            let indent = last.key_span.start - line_start(text, last.key_span.start);
            let sorted = map
                .entries
                .windows(2)
                .all(|pair| pair[0].key <= pair[1].key);
            let at = match map.iter().find(|next| sorted && next.key.as_str() > term) {
                Some(next) => line_start(text, next.key_span.start),
                None => line_end(text, last.value.span.end.max(last.key_span.end)),
            };
            (at, indent)
        }
        _ => return None,
    };
    Some(insertion(
        text,
        at,
        format!("{}{entry}", " ".repeat(indent)),
    ))
}

/// Inserts whole lines at `at`, after a line break when the text ends
/// there without one.
fn insertion(text: &str, at: usize, lines: String) -> Edit {
    let newline = if at == text.len() && !text.is_empty() && !text.ends_with('\n') {
        "\n"
    } else {
        ""
    };
    Edit {
        span: ByteSpan { start: at, end: at },
        new_text: format!("{newline}{lines}"),
    }
}

/// Where the line holding `offset` starts.
fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |at| at + 1)
}

/// Where the line after the one holding the byte before `end` starts
/// (the end of the text on the last line).
fn line_end(text: &str, end: usize) -> usize {
    let from = end.saturating_sub(1);
    text[from..]
        .find('\n')
        .map_or(text.len(), |at| from + at + 1)
}
