//! A quote that is never closed. The parser reads on to the next lines and
//! reports the indentation of one of them, or the end of the file; the
//! writer needs to see the quote that opened the text.

use super::line::Line;
use crate::yaml::SyntaxError;

/// The parser's messages for a quoted text that runs on.
const RUNS_ON: &[&str] = &[
    "invalid indentation in quoted scalar",
    "while scanning a quoted scalar, found unexpected end of stream",
    "while scanning a quoted scalar, found unexpected document indicator",
];

/// Explains a quoted text that runs on, at its opening quote, when the quote
/// is not closed on its own line.
pub(super) fn unclosed(source: &str, offset: usize, info: &str) -> Option<SyntaxError> {
    if !RUNS_ON.contains(&info) {
        return None;
    }
    let quote = source[offset..]
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\''))?;
    let line = Line::at(source, offset);
    let rest = &line.text[offset - line.start + 1..];
    if closes(rest, quote) {
        return None;
    }
    let message = format!("the {quote} that opens this text is not closed on its line");
    let help = format!(
        "end the text with {quote}; a quoted text that goes on to the next line must indent that line more than its key"
    );
    Some(SyntaxError::new(offset, message).with_help(help))
}

/// Whether `text` (after an opening quote) holds the closing one.
fn closes(text: &str, quote: char) -> bool {
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            ('"', '\\') => {
                chars.next();
            }
            ('"', '"') => return true,
            ('\'', '\'') => {
                if !chars.as_str().starts_with('\'') {
                    return true;
                }
                chars.next();
            }
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_quote_is_shown_where_it_opens() {
        let source = "a:\n  - do: \"Call the customer\n  - do: Close.\n";
        let at = source.find('"').unwrap();
        let error = unclosed(source, at, RUNS_ON[0]).unwrap();
        assert_eq!(error.offset, at);
        assert_eq!(
            error.message,
            "the \" that opens this text is not closed on its line"
        );
    }

    #[test]
    fn escaped_and_doubled_quotes_do_not_close() {
        assert!(!closes(r#"say \" it"#, '"'));
        assert!(closes(r#"say \\" it"#, '"'));
        assert!(!closes("it''s", '\''));
        assert!(closes("it''s'", '\''));
        let source = "a: \"b\"\n  c\"\n";
        assert!(unclosed(source, 3, RUNS_ON[0]).is_none());
    }
}
