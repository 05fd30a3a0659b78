//! Setting top-level text fields of a YAML file by editing only their lines.
//!
//! The reader's spans say where each key is, but not exactly where each
//! value ends (a double-quoted scalar's span runs on over a comment after
//! it, a block scalar's starts below its `|`), so the value is scanned here
//! from the `:` after its key. Whatever is not a value that is set stays
//! byte for byte: comments, blank lines, line endings, the other fields. The
//! caller parses the result again (see `approve`), so a file this scan
//! misreads is refused, never written wrong.

use crate::yaml::{ByteSpan, Entry, Node, Value};

/// Why a field could not be set by editing its line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error(
        "the fields are written in flow style `{{...}}`: write them one per line (`key: value`) to approve the file"
    )]
    FlowStyle,
    #[error("`{field}` is {what}: write it as one line of text, `{field}: ...`, or remove it")]
    NotText { field: String, what: &'static str },
    #[error(
        "`{field}` has an anchor, an alias or a tag (`&name`, `*name`, `!tag`): write its value itself, `{field}: ...`"
    )]
    Property { field: String },
    #[error("`{field}` is not written as `{field}: value` at the start of its line: write it so")]
    Layout { field: String },
    #[error(
        "the file has no field written as text (such as `id` or `title`) to add `{field}` after: add `{field}: ...` by hand"
    )]
    NoPlace { field: String },
}

/// A field to set: its key and its value as YAML text (one line).
#[derive(Debug, Clone)]
pub struct Field<'a> {
    pub key: &'a str,
    pub yaml: String,
}

/// `text` with each of `fields` set: a field present has its value
/// replaced in place (its key, a comment after the value and the line
/// ending kept); the missing ones are added, in the order given, on lines of
/// their own after the last of `after` present (the first group with one
/// present wins), at the indentation of the top-level keys.
pub fn set_fields(
    text: &str,
    root: &Node,
    fields: &[Field],
    after: &[&[&str]],
) -> Result<String, EditError> {
    let Value::Map(map) = &root.value else {
        return Err(EditError::FlowStyle);
    };
    if text[root.span.start..].starts_with('{') {
        return Err(EditError::FlowStyle);
    }
    let entries = &map.entries;
    let mut splices: Vec<(ByteSpan, String)> = Vec::new();
    let mut missing = Vec::new();
    for field in fields {
        let Some(index) = entries.iter().position(|entry| entry.key == field.key) else {
            missing.push(field);
            continue;
        };
        let entry = &entries[index];
        if let Some(what) = not_text(&entry.value) {
            return Err(EditError::NotText {
                field: field.key.to_string(),
                what,
            });
        }
        let value = locate(text, root, index, field.key)?;
        if value.property {
            return Err(EditError::Property {
                field: field.key.to_string(),
            });
        }
        let replacement = if value.span.start == value.span.end {
            format!(" {}", field.yaml)
        } else {
            field.yaml.clone()
        };
        splices.push((value.span, replacement));
    }
    if let Some(first) = missing.first() {
        let (at, lines) =
            insertion(text, root, after, &missing).ok_or_else(|| EditError::NoPlace {
                field: first.key.to_string(),
            })??;
        splices.push((ByteSpan { start: at, end: at }, lines));
    }
    splices.sort_by_key(|(span, _)| span.start);
    let mut edited = String::with_capacity(text.len() + 256);
    let mut done = 0;
    for (span, replacement) in splices {
        edited.push_str(&text[done..span.start]);
        edited.push_str(&replacement);
        done = span.end;
    }
    edited.push_str(&text[done..]);
    Ok(edited)
}

/// What a value is when it is not a scalar, for the message.
fn not_text(value: &Node) -> Option<&'static str> {
    match value.value {
        Value::Seq(_) => Some("a list"),
        Value::Map(_) => Some("a mapping"),
        _ => None,
    }
}

/// Where the missing fields go, and their lines: after the value of the
/// last entry of the first group of `after` that has one; `None` when no
/// group has one.
fn insertion(
    text: &str,
    root: &Node,
    after: &[&[&str]],
    missing: &[&Field],
) -> Option<Result<(usize, String), EditError>> {
    let entries = root.as_map();
    let index = after.iter().find_map(|group| {
        entries
            .iter()
            .enumerate()
            .filter(|(_, entry)| group.contains(&entry.key.as_str()))
            .filter(|(_, entry)| not_text(&entry.value).is_none())
            .map(|(index, _)| index)
            .max_by_key(|&index| entries[index].key_span.start)
    })?;
    let entry = &entries[index];
    Some(locate(text, root, index, &entry.key).map(|value| {
        let line = line_of(text, entry.key_span.start);
        let indent = &text[line..entry.key_span.start];
        let at = line_end(text, value.span.end);
        // The line break of that line; at the end of a file without a
        // final one, the file's own.
        let crlf = if text[at..].starts_with('\n') {
            false
        } else {
            text[at..].starts_with("\r\n") || text.contains("\r\n")
        };
        let newline = if crlf { "\r\n" } else { "\n" };
        let lines = missing
            .iter()
            .map(|field| format!("{newline}{indent}{}: {}", field.key, field.yaml))
            .collect();
        (at, lines)
    }))
}

/// The text of a value: where it is, and whether an anchor, alias or tag
/// comes with it.
struct Located {
    /// Empty, just after the `:`, when the value is empty.
    span: ByteSpan,
    property: bool,
}

/// Finds the value of the top-level entry `index` in `text`.
fn locate(text: &str, root: &Node, index: usize, field: &str) -> Result<Located, EditError> {
    let entries = root.as_map();
    let entry = &entries[index];
    let layout = || EditError::Layout {
        field: field.to_string(),
    };
    let line = line_of(text, entry.key_span.start);
    let prefix = &text[line..entry.key_span.start];
    if prefix.contains('{') {
        return Err(EditError::FlowStyle);
    }
    if !prefix.bytes().all(|b| b == b' ') {
        return Err(layout());
    }
    let indent = prefix.len();
    let colon = after_key(text, entry).ok_or_else(layout)?;
    let limit = entries
        .get(index + 1)
        .map_or(root.span.end, |next| line_of(text, next.key_span.start));
    scan_value(text, colon, limit.max(colon), indent).ok_or_else(layout)
}

/// The offset just after the `:` that follows the key of `entry`, when the
/// key is written `key:` (plain or quoted) rather than as `? key`, an alias
/// or with a tag.
fn after_key(text: &str, entry: &Entry) -> Option<usize> {
    let start = entry.key_span.start;
    let bytes = text.as_bytes();
    let end = match bytes.get(start)? {
        b'"' => double_quoted_end(text, start)?,
        b'\'' => single_quoted_end(text, start)?,
        b'?' | b'&' | b'*' | b'!' | b'[' | b'{' => return None,
        _ => entry.key_span.end,
    };
    let colon = end + skip_blanks(&text[end..]);
    (bytes.get(colon) == Some(&b':')).then_some(colon + 1)
}

/// Finds the scalar that starts after `from` (the `:` of its key) and
/// before `limit` (the line of the next key): over blanks, comments and line
/// breaks to its first character, then to its last. `indent` is the column
/// of its key: the lines of the value are indented further.
fn scan_value(text: &str, from: usize, limit: usize, indent: usize) -> Option<Located> {
    let mut at = skip_to_token(text, from, limit);
    let mut property = false;
    while at < limit && matches!(text.as_bytes()[at], b'&' | b'!') {
        property = true;
        at = skip_to_token(text, token_end(text, at), limit);
    }
    if at >= limit {
        let span = ByteSpan {
            start: from,
            end: from,
        };
        return Some(Located { span, property });
    }
    let end = match text.as_bytes()[at] {
        b'*' => {
            property = true;
            token_end(text, at)
        }
        b'"' => double_quoted_end(text, at)?,
        b'\'' => single_quoted_end(text, at)?,
        b'|' | b'>' => block_end(text, at, limit, indent),
        _ => plain_end(text, at, limit, indent),
    };
    let span = ByteSpan { start: at, end };
    Some(Located { span, property })
}

/// The first offset from `at` that is not a blank, a comment or a line break.
fn skip_to_token(text: &str, mut at: usize, limit: usize) -> usize {
    let bytes = text.as_bytes();
    while at < limit {
        match bytes[at] {
            b' ' | b'\t' | b'\r' | b'\n' => at += 1,
            b'#' => at = line_end(text, at),
            _ => break,
        }
    }
    at
}

/// The end of a token of non-blank characters (an anchor, a tag, an alias).
fn token_end(text: &str, at: usize) -> usize {
    text[at..]
        .find([' ', '\t', '\r', '\n'])
        .map_or(text.len(), |length| at + length)
}

/// The offset after the closing quote of the double-quoted scalar at `at`.
fn double_quoted_end(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The offset after the closing quote of the single-quoted scalar at `at`.
fn single_quoted_end(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = at + 1;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

/// The end of the last line of text of the block scalar whose `|` or `>`
/// is at `at`: its lines are those indented further than its key (by its
/// indentation indicator, if it has one), blank lines between them
/// included; with `+` (keep) the blank lines after them too, as they are
/// part of its value.
fn block_end(text: &str, at: usize, limit: usize, indent: usize) -> usize {
    let header_end = line_end(text, at);
    let header = text[at..header_end].split('#').next().unwrap_or_default();
    let keep = header.contains('+');
    let explicit = header
        .bytes()
        .find(u8::is_ascii_digit)
        .map(|digit| indent + usize::from(digit - b'0'));
    let mut content_indent = explicit;
    let mut end = header_end;
    for (start, line) in lines_after(text, header_end, limit) {
        let spaces = line.len() - line.trim_start_matches(' ').len();
        if line.trim().is_empty() {
            if keep {
                end = start + line.len();
            }
            continue;
        }
        let needed = *content_indent.get_or_insert(spaces);
        if spaces < needed || spaces <= indent {
            break;
        }
        end = start + line.len();
    }
    end
}

/// The end of the plain scalar that starts at `at`: to a comment or the end
/// of its line, then over the following lines indented further than its key
/// (blank lines between them included).
fn plain_end(text: &str, at: usize, limit: usize, indent: usize) -> usize {
    let (mut end, commented) = plain_line_end(text, at);
    if commented {
        return end;
    }
    for (start, line) in lines_after(text, end, limit) {
        let content = line.trim_start_matches(' ');
        if content.trim().is_empty() {
            continue;
        }
        if line.len() - content.len() <= indent || content.starts_with('#') {
            break;
        }
        let (line_end, commented) = plain_line_end(text, start + line.len() - content.len());
        end = line_end;
        if commented {
            break;
        }
    }
    end
}

/// The end of the plain text of one line from `at`, before a comment and
/// trailing blanks, and whether a comment follows it.
fn plain_line_end(text: &str, at: usize) -> (usize, bool) {
    let line = &text[at..line_end(text, at)];
    let comment = line
        .match_indices('#')
        .find(|&(i, _)| line[..i].ends_with([' ', '\t']))
        .map(|(i, _)| i);
    let body = &line[..comment.unwrap_or(line.len())];
    (
        at + body.trim_end_matches([' ', '\t']).len(),
        comment.is_some(),
    )
}

/// The lines that start after the line break at or after `from` and before
/// `limit`, each with its offset, without their line breaks.
fn lines_after(text: &str, from: usize, limit: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut start = next_line(text, from);
    std::iter::from_fn(move || {
        if start >= limit || start >= text.len() {
            return None;
        }
        let end = line_end(text, start);
        let line = (start, &text[start..end]);
        start = next_line(text, end);
        Some(line)
    })
}

/// The start of the line holding `at`.
fn line_of(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The end of the line holding `at`, before its `\n` or `\r\n`.
fn line_end(text: &str, at: usize) -> usize {
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    if end > at && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

/// The start of the line after the one holding `at` (the end of the text
/// on the last line).
fn next_line(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// How many spaces and tabs `text` starts with.
fn skip_blanks(text: &str) -> usize {
    text.len() - text.trim_start_matches([' ', '\t']).len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    const AFTER: &[&[&str]] = &[&["status", "owner"], &["title", "id"]];

    fn set(text: &str, fields: &[(&str, &str)]) -> Result<String, EditError> {
        let root = yaml::parse(text).unwrap().unwrap();
        let fields: Vec<Field> = fields
            .iter()
            .map(|(key, yaml)| Field {
                key,
                yaml: yaml.to_string(),
            })
            .collect();
        set_fields(text, &root, &fields, AFTER)
    }

    #[test]
    fn a_value_is_replaced_in_place_with_its_comment_and_line_ending() {
        let cases = [
            (
                "id: A\nstatus: draft  # was\n",
                "id: A\nstatus: approved  # was\n",
            ),
            (
                "id: A\nstatus: 'draft'\r\nx: 1\r\n",
                "id: A\nstatus: approved\r\nx: 1\r\n",
            ),
            (
                "status: \"dr\\\"aft\" # c\nx: 1",
                "status: approved # c\nx: 1",
            ),
            ("status:\n  draft\nx: 1\n", "status:\n  approved\nx: 1\n"),
            ("status:\nx: 1\n", "status: approved\nx: 1\n"),
            (
                "status: # none yet\nx: 1\n",
                "status: approved # none yet\nx: 1\n",
            ),
            ("status: ~\n", "status: approved\n"),
            (
                "status: a\n  b\n\n  c # c\n# d\nx: 1\n",
                "status: approved # c\n# d\nx: 1\n",
            ),
            (
                "status: >\n  a\n\n  b\n\n# c\nx: 1\n",
                "status: approved\n\n# c\nx: 1\n",
            ),
            (
                "status: |2-\n    a\n  b\nx: 1\n",
                "status: approved\nx: 1\n",
            ),
            ("status: 'it''s'\n", "status: approved\n"),
            ("\"status\" : draft\n", "\"status\" : approved\n"),
            (
                "  id: A\n  status: draft\n",
                "  id: A\n  status: approved\n",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(
                set(text, &[("status", "approved")]).unwrap(),
                expected,
                "{text:?}"
            );
        }
    }

    #[test]
    fn missing_fields_follow_the_last_field_of_the_first_group_present() {
        let both = [("status", "approved"), ("approved_by", "D, H")];
        assert_eq!(
            set("id: A\nowner: O # who\ntitle: T\n", &both).unwrap(),
            "id: A\nowner: O # who\nstatus: approved\napproved_by: D, H\ntitle: T\n"
        );
        assert_eq!(
            set("title: T\r\nid: A\r\nx: 1\r\n", &both).unwrap(),
            "title: T\r\nid: A\r\nstatus: approved\r\napproved_by: D, H\r\nx: 1\r\n"
        );
        assert_eq!(
            set("x: 1\r\nid: A", &both).unwrap(),
            "x: 1\r\nid: A\r\nstatus: approved\r\napproved_by: D, H"
        );
        assert_eq!(
            set("  id: A\n  owner: |+\n    O\n\n  x: 1\n", &both).unwrap(),
            "  id: A\n  owner: |+\n    O\n\n  status: approved\n  approved_by: D, H\n  x: 1\n"
        );
        assert_eq!(
            set("x: 1\n", &both),
            Err(EditError::NoPlace {
                field: "status".into()
            })
        );
    }

    #[test]
    fn what_cannot_be_edited_safely_is_refused() {
        let refused = |text: &str| set(text, &[("status", "approved")]).unwrap_err();
        assert_eq!(refused("{id: A, status: draft}\n"), EditError::FlowStyle);
        assert_eq!(refused("{id: A}\n"), EditError::FlowStyle);
        assert!(matches!(
            refused("status: [draft]\n"),
            EditError::NotText { what: "a list", .. }
        ));
        assert!(matches!(
            refused("status:\n  a: b\n"),
            EditError::NotText {
                what: "a mapping",
                ..
            }
        ));
        for text in [
            "status: &s draft\nx: *s\n",
            "x: &s draft\nstatus: *s\n",
            "status: !!str draft\n",
        ] {
            assert!(
                matches!(refused(text), EditError::Property { .. }),
                "{text:?}"
            );
        }
        assert!(matches!(
            refused("? status\n: draft\n"),
            EditError::Layout { .. }
        ));
        assert!(matches!(
            refused("!!str status: draft\n"),
            EditError::Layout { .. }
        ));
    }
}
