//! Text that starts with a character YAML gives a meaning (`*Always*`,
//! `@team`, `[Optional]`, `- first`), or that goes on after a closing
//! quote (`'It's'`): the writer meant plain text, and quotes make it so.

use super::line::{KeyLine, Line, after_dashes};
use super::quoted;
use crate::yaml::SyntaxError;

/// What YAML makes of a text that starts with the character at the error,
/// as the end of a sentence.
fn reading(info: &str, first: char) -> Option<&'static str> {
    Some(match (info, first) {
        ("while parsing node, found unknown anchor", '*') => {
            "which YAML reads as an alias (a reference to an `&anchor`)"
        }
        ("block sequence entries are not allowed in this context", '-') => {
            "which YAML reads as a list item"
        }
        (_, '@' | '`') if info.starts_with("unexpected character") => {
            "which YAML reserves: plain text cannot start with it"
        }
        (_, '%') if info.starts_with("unexpected character") => {
            "which YAML reads as the start of a directive"
        }
        _ => return None,
    })
}

/// Explains a text that starts with an indicator, or goes on after the
/// list, mapping or quote it starts with.
pub(super) fn explain(source: &str, offset: usize, info: &str) -> Option<SyntaxError> {
    let line = Line::at(source, offset);
    let (text_at, subject) = match KeyLine::read(line.text) {
        Some(entry) => (entry.value_at, format!("the text of `{}`", entry.key)),
        None => (item_text_at(line.text)?, "the list item's text".to_string()),
    };
    let value_at = line.start + text_at;
    let (text, comment) = split_comment(&line.text[text_at..]);
    let text = text.trim_end();
    let lead = line.text[..text_at].trim_start();
    let first = text.chars().next()?;
    if offset == value_at {
        let reading = reading(info, first)?;
        let first = if first == '`' {
            "a backquote".to_string()
        } else {
            format!("`{first}`")
        };
        let message = format!("{subject} starts with {first}, {reading}");
        let help = format!("put the text in quotes: `{lead}{}{comment}`", quoted(text));
        return Some(SyntaxError::new(offset, message).with_help(help));
    }
    if offset <= value_at || offset - line.start >= text_at + text.len() {
        return None;
    }
    let (at, message, help) = match first {
        '[' | '{' if info == "while parsing a block mapping, did not find expected key" => {
            let (what, close) = if first == '[' {
                ("a list", ']')
            } else {
                ("a mapping", '}')
            };
            (
                value_at,
                format!(
                    "{subject} starts with `{first}`, which YAML reads as {what}, and goes on after its `{close}`"
                ),
                format!("put the text in quotes: `{lead}{}{comment}`", quoted(text)),
            )
        }
        '"' | '\'' if info == "invalid trailing content after double-quoted scalar" => {
            let quote = first;
            let inner = text
                .strip_prefix(quote)
                .and_then(|rest| rest.strip_suffix(quote))
                .unwrap_or(text);
            let doubled = if quote == '\'' {
                " (inside single quotes, write ' as '')"
            } else {
                ""
            };
            // The quote that closed the text, before the error.
            let closing = line.text[..offset - line.start].rfind(quote)? + line.start;
            (
                closing,
                format!("this {quote} closes {subject}, but the line goes on after it"),
                format!(
                    "quote the whole text: `{lead}{}{comment}`{doubled}",
                    quoted(inner)
                ),
            )
        }
        _ => return None,
    };
    Some(SyntaxError::new(at, message).with_help(help))
}

/// Where the text of a list item starts on its line (`  - - text`).
fn item_text_at(line: &str) -> Option<usize> {
    let at = after_dashes(line);
    (line.trim_start().starts_with("- ") && at < line.len()).then_some(at)
}

/// Text and the comment after it (` #` starts a comment).
pub(super) fn split_comment(value: &str) -> (&str, &str) {
    let comment = value
        .match_indices('#')
        .map(|(at, _)| at)
        .find(|&at| at > 0 && value[..at].ends_with([' ', '\t']));
    match comment {
        Some(at) => {
            let kept = value[..at].trim_end();
            (kept, &value[kept.len()..])
        }
        None => (value, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explained(source: &str, at: &str, info: &str) -> (usize, String, String) {
        let offset = source.find(at).unwrap();
        let error = explain(source, offset, info).unwrap();
        super::super::parts(error)
    }

    #[test]
    fn an_indicator_at_the_start_of_a_text_says_what_yaml_reads() {
        let source = "a:\n  - do: *Always* call back  # note\n";
        let (offset, message, help) =
            explained(source, "*", "while parsing node, found unknown anchor");
        assert_eq!(offset, source.find('*').unwrap());
        assert_eq!(
            message,
            "the text of `do` starts with `*`, which YAML reads as an alias (a reference to an `&anchor`)"
        );
        assert_eq!(
            help,
            "put the text in quotes: `- do: \"*Always* call back\"  # note`"
        );
        let (_, message, _) = explained("do: @team\n", "@", "unexpected character: `@'");
        assert_eq!(
            message,
            "the text of `do` starts with `@`, which YAML reserves: plain text cannot start with it"
        );
        assert!(explain("do: @team\n", 4, "another message").is_none());
        let item = "details:\n  - *Never* repeat it\n";
        let (offset, message, help) =
            explained(item, "*", "while parsing node, found unknown anchor");
        assert_eq!(offset, 13);
        assert!(
            message.starts_with("the list item's text starts with `*`"),
            "{message}"
        );
        assert_eq!(help, "put the text in quotes: `- \"*Never* repeat it\"`");
    }

    #[test]
    fn text_after_a_closing_quote_or_a_bracket_is_quoted_whole() {
        let info = "invalid trailing content after double-quoted scalar";
        let (offset, message, help) = explained("do: 'It's broken'\n", "s broken", info);
        assert_eq!(offset, 7);
        assert_eq!(
            message,
            "this ' closes the text of `do`, but the line goes on after it"
        );
        assert_eq!(
            help,
            "quote the whole text: `do: \"It's broken\"` (inside single quotes, write ' as '')"
        );
        let (_, _, help) = explained("do: \"Call\" them\n", " them", info);
        assert_eq!(help, "quote the whole text: `do: '\"Call\" them'`");
        let info = "while parsing a block mapping, did not find expected key";
        let (_, message, help) = explained("do: [Optional] call\n", "call", info);
        assert!(
            message.contains("reads as a list, and goes on"),
            "{message}"
        );
        assert_eq!(help, "put the text in quotes: `do: \"[Optional] call\"`");
    }
}
