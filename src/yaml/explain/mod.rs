//! The parser's errors in the words of the writer who made the mistake, at
//! the place to fix: "mapping values are not allowed in this context" on
//! `do: Note: call back` says to put the text in quotes, and an error about
//! a tab points at the tab. Each explanation reads the lines around the
//! error once (never the file again per line), and an error it does not
//! recognise keeps the parser's words.

mod colon;
mod indent;
mod line;
mod quote;
mod tab;

use super::SyntaxError;

/// The error the parser reported as `info` at byte `offset` of `source`,
/// explained.
pub(super) fn explain(source: &str, offset: usize, info: &str) -> SyntaxError {
    tab::explain(source, offset, info)
        .or_else(|| colon::in_text(source, offset, info))
        .or_else(|| colon::continued_text(source, offset, info))
        .or_else(|| indent::unaligned(source, offset, info))
        .or_else(|| quote::unclosed(source, offset, info))
        .unwrap_or_else(|| SyntaxError::new(offset, info))
}

/// `text` as a quoted YAML string that reads back as `text`: in double
/// quotes, or in single quotes when it holds `"` or `\` (which double
/// quotes would make escapes of).
pub fn quoted(text: &str) -> String {
    if text.contains(['"', '\\']) {
        format!("'{}'", text.replace('\'', "''"))
    } else {
        format!("\"{text}\"")
    }
}
