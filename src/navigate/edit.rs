//! Writing a value in place of another: inside the quotes of a quoted
//! scalar, and quoted when plain YAML would read it as something else
//! than the text (`123` as a number, `true` as a boolean); and from a
//! finding's line and column back to the bytes of the text.

use crate::source::{Position, SourceFile};
use crate::yaml::{self, ByteSpan, Style, Value};

use super::Edit;

/// The edit that writes `value` in place of the scalar at `span` of `text`.
pub(crate) fn replace_scalar(text: &str, span: ByteSpan, value: &str) -> Edit {
    let written = &text[span.start..span.end];
    let quote = written
        .chars()
        .next()
        .filter(|&c| (c == '"' || c == '\'') && written.len() >= 2 && written.ends_with(c));
    let (span, new_text) = match quote {
        Some(quote) => {
            let inner = ByteSpan {
                start: span.start + 1,
                end: span.end - 1,
            };
            let escaped = if quote == '"' {
                value.replace('\\', "\\\\").replace('"', "\\\"")
            } else {
                value.replace('\'', "''")
            };
            (inner, escaped)
        }
        None => (span, plain_or_quoted(value)),
    };
    Edit { span, new_text }
}

/// `value` as plain YAML when it reads back as that text, else quoted.
pub(crate) fn plain_or_quoted(value: &str) -> String {
    let reads_back = matches!(
        yaml::parse(value),
        Ok(Some(node)) if node.value == Value::String(value.to_string(), Style::Plain)
    );
    if reads_back {
        value.to_string()
    } else {
        // A JSON string is a YAML double-quoted scalar.
        serde_json::Value::String(value.to_string()).to_string()
    }
}

/// The unquoted part of a scalar's span (its span when it is plain).
pub(crate) fn inner_span(text: &str, span: ByteSpan) -> ByteSpan {
    replace_scalar(text, span, "").span
}

/// The byte offset of a 1-based line and column (in characters), as a
/// finding's label gives them; past the end of its line, the line's end.
pub(crate) fn offset_of(source: &SourceFile, position: Position) -> usize {
    let last = source.position(source.text.len()).line;
    let line = source.line_text(position.line.clamp(1, last));
    let start = line.as_ptr() as usize - source.text.as_ptr() as usize;
    let column = line
        .char_indices()
        .nth(position.column.saturating_sub(1))
        .map_or(line.len(), |(at, _)| at);
    start + column
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replaced(text: &str, old: &str, value: &str) -> String {
        let start = text.find(old).unwrap();
        let span = ByteSpan {
            start,
            end: start + old.len(),
        };
        let edit = replace_scalar(text, span, value);
        let mut edited = text.to_string();
        edited.replace_range(edit.span.start..edit.span.end, &edit.new_text);
        edited
    }

    #[test]
    fn values_keep_their_quotes_and_plain_ones_read_back() {
        assert_eq!(
            replaced("next: esc\n", "esc", "escalate"),
            "next: escalate\n"
        );
        assert_eq!(
            replaced("next: \"esc\"\n", "\"esc\"", "a\"b"),
            "next: \"a\\\"b\"\n"
        );
        assert_eq!(
            replaced("next: 'esc'\n", "'esc'", "it's"),
            "next: 'it''s'\n"
        );
        assert_eq!(replaced("next: esc\n", "esc", "123"), "next: \"123\"\n");
        assert_eq!(replaced("next: esc\n", "esc", "true"), "next: \"true\"\n");
        assert_eq!(
            inner_span("a: 'x'", ByteSpan { start: 3, end: 6 }),
            ByteSpan { start: 4, end: 5 }
        );
    }

    #[test]
    fn positions_become_offsets_on_char_boundaries() {
        let source = SourceFile::new("a.yaml".into(), "é: 1\ndo: Grüße CRM\n".into());
        let crm = source.text.find("CRM").unwrap();
        assert_eq!(offset_of(&source, source.position(crm)), crm);
        let far = Position {
            line: 2,
            column: 99,
        };
        assert_eq!(offset_of(&source, far), source.text.len() - 1);
        assert_eq!(
            offset_of(&source, Position { line: 9, column: 1 }),
            source.text.len()
        );
    }
}
