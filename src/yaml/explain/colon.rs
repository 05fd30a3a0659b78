//! "mapping values are not allowed in this context": a colon where YAML
//! did not expect a key. Writers meet it in two ways: a colon followed by
//! a space inside plain text (`do: Note: call back`), and a line indented
//! more than the key above it, which YAML reads as more of that key's text.

use super::line::{KeyLine, Line, colon_indicator};
use super::quoted;
use super::start::split_comment;
use crate::yaml::SyntaxError;

/// The parser's message for a colon where no key may start.
pub(super) const MAPPING_VALUE: &str = "mapping values are not allowed in this context";

/// A colon followed by a space inside the plain text of a key's value.
pub(super) fn in_text(source: &str, offset: usize, info: &str) -> Option<SyntaxError> {
    if info != MAPPING_VALUE || !source[offset..].starts_with(':') {
        return None;
    }
    let line = Line::at(source, offset);
    let entry = KeyLine::read(line.text)?;
    let colon = offset - line.start;
    if colon <= entry.value_at || !entry.has_plain_value(line.text) {
        return None;
    }
    let lead = line.text[..entry.value_at].trim_start();
    let (value, comment) = split_comment(&line.text[entry.value_at..]);
    let help = match text_lines_below(source, line, entry.key_at) {
        None => format!(
            "put the text in quotes: `{lead}{}{comment}`",
            quoted(value.trim_end())
        ),
        Some((last, number)) => {
            let text = &source[line.start + entry.value_at..last.start + last.text.len()];
            let quote = &quoted(text)[..1];
            let doubled = if quote == "'" && text.contains('\'') {
                " (and write each ' inside it as '')"
            } else {
                ""
            };
            format!(
                "put the text in quotes: begin it with {quote} (`{lead}{quote}{}`) and end it with {quote} at the end of line {number}, where the text ends{doubled}",
                value.trim_end()
            )
        }
    };
    let after = if line.text[colon + 1..].is_empty() {
        "a colon at its end"
    } else {
        "a colon followed by a space"
    };
    let message = format!(
        "the text of `{}` has {after}, which YAML reads as the start of a new key",
        entry.key
    );
    Some(SyntaxError::new(offset, message).with_help(help))
}

/// The last line, and its number, of the plain text that goes on below
/// `line`: the lines indented more than its key (`key_at`), blank lines
/// between them included. `None` when the text ends on `line`.
fn text_lines_below<'a>(
    source: &'a str,
    line: Line<'a>,
    key_at: usize,
) -> Option<(Line<'a>, usize)> {
    let mut last = None;
    for below in line.and_below(source).skip(1) {
        let content = below.text.trim_start_matches([' ', '\t']);
        if content.is_empty() {
            continue;
        }
        if content.starts_with('#') || below.indent() <= key_at {
            break;
        }
        last = Some(below);
    }
    last.map(|last| (last, last.number(source)))
}

/// A line indented more than the key above it, whose value is plain text:
/// YAML reads the line as more of that text, until its colon.
pub(super) fn continued_text(source: &str, offset: usize, info: &str) -> Option<SyntaxError> {
    if info != MAPPING_VALUE {
        return None;
    }
    let line = Line::at(source, offset);
    let indent = line.indent();
    let content = &line.text[indent..];
    colon_indicator(content).filter(|&at| line.start + indent + at == offset)?;
    let above = line
        .above(source)
        .find(|l| !l.is_blank() && l.indent() < indent)?;
    let key = KeyLine::read(above.text).filter(|key| key.has_plain_value(above.text))?;
    let name = key.key;
    let message = format!(
        "this line is indented more than `{name}` on line {}, so YAML reads it as more of the text of `{name}`",
        above.number(source),
    );
    let column = key.key_at + 1;
    let help = match outdented_below(source, above) {
        Some((neighbour, number)) => format!(
            "`{name}` is less indented than `{}` on line {number} above it: if it belongs with it, indent `{name}` to column {}; otherwise start this line in column {column}",
            neighbour.key,
            neighbour.key_at + 1
        ),
        None => format!(
            "start it in column {column}, as `{name}`; or, if `{name}` is the line out of place, indent it like the lines around it"
        ),
    };
    Some(SyntaxError::new(line.start + indent, message).with_help(help))
}

/// The key of the line above `line` and its line number, when that line is
/// indented more than `line`: `line` may be the one that lost its indentation.
fn outdented_below<'a>(source: &'a str, line: Line<'a>) -> Option<(KeyLine<'a>, usize)> {
    let above = line
        .above(source)
        .find(|l| !l.is_blank())
        .filter(|above| above.indent() > line.indent())?;
    KeyLine::read(above.text).map(|key| (key, above.number(source)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explained(source: &str, info: &str) -> Option<(usize, String, String)> {
        let offset = source.rfind(':').unwrap();
        let error =
            in_text(source, offset, info).or_else(|| continued_text(source, offset, info))?;
        Some(super::super::parts(error))
    }

    #[test]
    fn a_colon_in_text_is_shown_with_the_line_quoted() {
        let source = "steps:\n  - do: Note: call back the customer  # today\n";
        let (offset, message, help) = explained_at(source, "Note:");
        assert_eq!(offset, source.find("Note:").unwrap() + 4);
        assert_eq!(
            message,
            "the text of `do` has a colon followed by a space, which YAML reads as the start of a new key"
        );
        assert_eq!(
            help,
            "put the text in quotes: `- do: \"Note: call back the customer\"  # today`"
        );
    }

    fn explained_at(source: &str, before: &str) -> (usize, String, String) {
        let offset = source.find(before).unwrap() + before.len() - 1;
        let error = in_text(source, offset, MAPPING_VALUE).unwrap();
        super::super::parts(error)
    }

    #[test]
    fn text_that_goes_on_below_is_quoted_from_its_start_to_its_end() {
        let source = "steps:\n  - do: Note: call back\n\n      the \"customer\"\n    role: rep\n";
        let (_, _, help) = explained_at(source, "Note:");
        assert_eq!(
            help,
            "put the text in quotes: begin it with ' (`- do: 'Note: call back`) and end it with ' at the end of line 4, where the text ends"
        );
    }

    #[test]
    fn the_quotes_keep_the_text_as_written() {
        assert_eq!(quoted("Say: \"hello\""), "'Say: \"hello\"'");
        assert_eq!(quoted("it's C:\\ here"), "'it''s C:\\ here'");
        assert_eq!(quoted("it's: fine"), "\"it's: fine\"");
        let (_, _, help) = explained_at("title: Refunds: the \"full\" process\n", "Refunds:");
        assert_eq!(
            help,
            "put the text in quotes: `title: 'Refunds: the \"full\" process'`"
        );
    }

    #[test]
    fn a_line_indented_under_plain_text_is_named_with_the_key_above() {
        let source = "id: CS-1\ntitle: Answering\n  department: Sales\n";
        let (offset, message, help) = explained(source, MAPPING_VALUE).unwrap();
        assert_eq!(offset, source.find("department").unwrap());
        assert_eq!(
            message,
            "this line is indented more than `title` on line 2, so YAML reads it as more of the text of `title`"
        );
        assert!(
            help.starts_with("start it in column 1, as `title`"),
            "{help}"
        );
    }

    #[test]
    fn a_key_less_indented_than_the_line_above_it_is_named_as_the_one_to_indent() {
        let source = "steps:\n  - id: greet\n    do: Greet.\nrole: rep\n  - do: Close.\n";
        let (offset, message, help) = explained(source, MAPPING_VALUE).unwrap();
        assert_eq!(offset, source.find("- do: Close").unwrap());
        assert!(message.contains("than `role` on line 4"), "{message}");
        assert_eq!(
            help,
            "`role` is less indented than `do` on line 3 above it: if it belongs with it, indent `role` to column 5; otherwise start this line in column 1"
        );
    }

    #[test]
    fn other_colons_are_left_to_the_parser() {
        assert_eq!(explained("a: \"b\": c\n", MAPPING_VALUE), None);
        assert_eq!(explained("a: b: c\n", "another message"), None);
    }
}
