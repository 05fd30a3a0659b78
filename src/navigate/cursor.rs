//! Where the cursor stands, read from the text: the line being typed
//! often does not parse (`    br` before its colon), and a value not yet
//! typed (`goto: `) is no node of the tree. The line says whether the
//! cursor is on a value (`key: |`) or on a key, and the lines above say
//! in which mapping: their indentation, as YAML's block style reads it.

use crate::yaml::ByteSpan;

/// The cursor's place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cursor<'t> {
    /// The cursor, on a character boundary of the text.
    pub offset: usize,
    /// The word at the cursor (what a completion replaces).
    pub word: ByteSpan,
    pub slot: Slot<'t>,
}

/// What the word at the cursor is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Slot<'t> {
    /// The value of this key, on the key's line: `goto: |`, `{do: x, next: |}`.
    Value(&'t str),
    /// A key of the mapping at `path` (keys from the root, `None` for a
    /// list item), which holds the keys `present` besides it already.
    Key {
        path: Vec<Option<&'t str>>,
        present: Vec<&'t str>,
        /// Whether the line starts a new list item (`- |`).
        new_item: bool,
    },
    /// Anything else: a comment, a continued text.
    Other,
}

/// Whether a character belongs to a word: ids, field names, terms.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '&')
}

/// The cursor at `offset` of `text` (moved back to a character boundary).
pub(crate) fn at(text: &str, offset: usize) -> Cursor<'_> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    let line_end = text[offset..]
        .find('\n')
        .map_or(text.len(), |at| offset + at);
    let before = &text[line_start..offset];
    let start = line_start + before.trim_end_matches(is_word).len();
    let after = &text[offset..line_end];
    let end = offset + (after.len() - after.trim_start_matches(is_word).len());
    let word = ByteSpan { start, end };
    Cursor {
        offset,
        word,
        slot: slot(text, line_start, line_end, start),
    }
}

fn slot(text: &str, line_start: usize, line_end: usize, word_start: usize) -> Slot<'_> {
    let line = &text[line_start..line_end];
    let head = &text[line_start..word_start];
    if head.contains(" #") || head.trim_start().starts_with('#') {
        return Slot::Other;
    }
    let Some(shape) = Shape::of(line) else {
        // A blank line: a key of the mapping at the cursor's column.
        let column = word_start - line_start;
        return key_slot(text, line_start, line_end, column, None);
    };
    if let Some(key) = shape.key
        && word_start >= line_start + shape.value_column
    {
        return Slot::Value(key);
    }
    if let Some(key) = flow_key(head) {
        return Slot::Value(key);
    }
    if word_start == line_start + shape.content_column {
        let dash = shape.dash.then_some(shape.indent);
        return key_slot(text, line_start, line_end, shape.content_column, dash);
    }
    Slot::Other
}

/// The key of a flow mapping's value being typed: `{do: x, next: ` ends with `next:`.
fn flow_key(head: &str) -> Option<&str> {
    let head = head.trim_end_matches(' ');
    let head = head.strip_suffix(['"', '\'']).unwrap_or(head).trim_end();
    let before = head.strip_suffix(':')?;
    let key = &before[before.trim_end_matches(|c: char| is_word(c)).len()..];
    let lead = before[..before.len() - key.len()].chars().next_back();
    (!key.is_empty() && lead.is_none_or(|c| matches!(c, ' ' | '{' | ','))).then_some(key)
}

/// A key at `column` of the line at `line_start`, which starts a list
/// item when `dash` (the dash's column) is given.
fn key_slot(
    text: &str,
    line_start: usize,
    line_end: usize,
    column: usize,
    dash: Option<usize>,
) -> Slot<'_> {
    let above = &text[..line_start];
    let (path, mut present) = match dash {
        Some(dash) => match container(above, Want::Sequence(dash)) {
            Some((mut path, _)) => {
                path.push(None);
                (path, Vec::new())
            }
            None => return Slot::Other,
        },
        None => match container(above, Want::Mapping(column)) {
            Some(found) => found,
            None => return Slot::Other,
        },
    };
    present.extend(keys_below(&text[line_end..], column));
    Slot::Key {
        path,
        present,
        new_item: dash.is_some(),
    }
}

/// What the scan of the lines above looks for.
#[derive(Clone, Copy)]
enum Want {
    /// The start of the mapping whose keys stand at this column.
    Mapping(usize),
    /// The key of the list whose dashes stand at this column.
    Sequence(usize),
}

/// The path from the root to the mapping or list that the scan of
/// `above` (the text before the line) looks for, and the keys of the
/// mapping found on the lines above. `None` when the lines above do not
/// read as block mappings and lists.
fn container(above: &str, want: Want) -> Option<(Vec<Option<&str>>, Vec<&str>)> {
    let mut want = want;
    let mut reversed: Vec<Option<&str>> = Vec::new();
    let mut present = Vec::new();
    let in_first = |reversed: &Vec<Option<&str>>| reversed.is_empty();
    for line in above.lines().rev() {
        let Some(shape) = Shape::of(line) else {
            continue;
        };
        match want {
            Want::Mapping(column) => {
                if shape.content_column == column && shape.dash {
                    // A list item whose mapping is the one looked for.
                    if in_first(&reversed) {
                        present.extend(shape.key);
                    }
                    reversed.push(None);
                    want = Want::Sequence(shape.indent);
                } else if shape.content_column == column {
                    if in_first(&reversed) {
                        present.extend(shape.key);
                    }
                } else if shape.content_column < column {
                    // The key whose value is the mapping looked for.
                    want = parent(&shape, &mut reversed)?;
                }
            }
            Want::Sequence(dash) => {
                if shape.dash && shape.indent == dash {
                    continue; // another item of the list
                }
                if shape.content_column <= dash {
                    want = parent(&shape, &mut reversed)?;
                }
            }
        }
        if matches!(want, Want::Mapping(0)) && !in_first(&reversed) {
            break;
        }
    }
    match want {
        Want::Mapping(0) => {
            reversed.reverse();
            Some((reversed, present))
        }
        _ => None,
    }
}

/// Steps up to the key on `shape`'s line, whose block value holds what was
/// scanned so far: records it, and says what to look for above it (the
/// list its dash is an item of, or the mapping it is a key of). `None` when
/// the line opens no block.
fn parent<'a>(shape: &Shape<'a>, reversed: &mut Vec<Option<&'a str>>) -> Option<Want> {
    let key = shape.key.filter(|_| shape.opens_block)?;
    reversed.push(Some(key));
    if shape.dash {
        reversed.push(None);
        Some(Want::Sequence(shape.indent))
    } else {
        Some(Want::Mapping(shape.content_column))
    }
}

/// The keys at `column` on the lines of `below`, up to the first line
/// indented less (the end of the mapping).
fn keys_below(below: &str, column: usize) -> Vec<&str> {
    let mut keys = Vec::new();
    for line in below.lines() {
        let Some(shape) = Shape::of(line) else {
            continue;
        };
        if shape.indent < column || (shape.dash && shape.indent == column && column > 0) {
            break;
        }
        if shape.content_column == column && !shape.dash {
            keys.extend(shape.key);
        }
    }
    keys
}

/// How a line of block YAML looks.
#[derive(Debug, Clone, Copy)]
struct Shape<'t> {
    /// Spaces before the content (or the dash).
    indent: usize,
    /// Whether the line starts a list item.
    dash: bool,
    /// Where the content after the dash (or the indentation) starts.
    content_column: usize,
    /// The key the content starts with, if it is `key:`.
    key: Option<&'t str>,
    /// Where the key's value starts (after `: `), when there is a key.
    value_column: usize,
    /// Whether the key's value is on the lines below (nothing after the colon).
    opens_block: bool,
}

impl<'t> Shape<'t> {
    /// `None` for a blank line or a comment.
    fn of(line: &'t str) -> Option<Shape<'t>> {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if rest.trim().is_empty() || rest.starts_with('#') {
            return None;
        }
        let dash = rest == "-" || rest.starts_with("- ");
        let content = if dash {
            rest[1..].trim_start_matches(' ')
        } else {
            rest
        };
        let content_column = line.len() - content.len();
        let colon = content
            .match_indices(':')
            .map(|(at, _)| at)
            .find(|&at| content[at + 1..].is_empty() || content[at + 1..].starts_with([' ', '\t']));
        let key = colon
            .map(|at| &content[..at])
            .filter(|key| !key.is_empty() && !key.starts_with(['"', '\'', '{', '[', '#', '?']));
        let after = colon.map_or("", |at| &content[at + 1..]);
        let value = after.trim_start_matches([' ', '\t']);
        Some(Shape {
            indent,
            dash,
            content_column,
            key,
            value_column: content_column
                + colon.map_or(content.len(), |at| at + 1 + after.len() - value.len()),
            opens_block: key.is_some() && (value.is_empty() || value.starts_with('#')),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of `marked` without its `^`, and the cursor at the `^`.
    fn cursor(marked: &str) -> (String, Cursor<'static>) {
        let offset = marked.find('^').unwrap();
        let text: &'static str = Box::leak(marked.replacen('^', "", 1).into_boxed_str());
        (text.to_string(), at(text, offset))
    }

    fn key(
        path: &[Option<&'static str>],
        present: &[&'static str],
        new_item: bool,
    ) -> Slot<'static> {
        Slot::Key {
            path: path.to_vec(),
            present: present.to_vec(),
            new_item,
        }
    }

    #[test]
    fn values_on_the_line_of_their_key() {
        assert_eq!(
            cursor("instructions:\n  - do: x\n    next: ^").1.slot,
            Slot::Value("next")
        );
        assert_eq!(
            cursor("  - when: a\n    goto: esc^alate\n").1.slot,
            Slot::Value("goto")
        );
        assert_eq!(cursor("- {do: x, next: ^}\n").1.slot, Slot::Value("next"));
        assert_eq!(cursor("- {do: x, call: \"CS^").1.slot, Slot::Value("call"));
        assert_eq!(
            cursor("purpose: Keep CS^AT high\n").1.slot,
            Slot::Value("purpose")
        );
        let (text, found) = cursor("    goto: esc^alate\n");
        assert_eq!(&text[found.word.start..found.word.end], "escalate");
        assert_eq!(cursor("a: 1 # goto: ^\n").1.slot, Slot::Other);
    }

    #[test]
    fn keys_of_the_mapping_the_indentation_says() {
        let step =
            "id: CS-2350\ninstructions:\n  - id: a\n    do: x\n    ^\n    role: rep\n  - do: y\n";
        assert_eq!(
            cursor(step).1.slot,
            key(&[Some("instructions"), None], &["do", "id", "role"], false)
        );
        let top = "id: CS-2350\ntitle: t\n^\ninstructions:\n  - do: x\n";
        assert_eq!(
            cursor(top).1.slot,
            key(&[], &["title", "id", "instructions"], false)
        );
        let branch = "instructions:\n  - ask: q\n    branches:\n      - when: a\n        go^\n";
        assert_eq!(
            cursor(branch).1.slot,
            key(
                &[Some("instructions"), None, Some("branches"), None],
                &["when"],
                false
            )
        );
        let new_item = "instructions:\n- do: x\n- ^";
        assert_eq!(
            cursor(new_item).1.slot,
            key(&[Some("instructions"), None], &[], true)
        );
        let first_key = "instructions:\n  - branches:\n      - ^";
        assert_eq!(
            cursor(first_key).1.slot,
            key(
                &[Some("instructions"), None, Some("branches"), None],
                &[],
                true
            )
        );
        let reference = "references:\n  - CS-2351\n  - CS^\n";
        assert_eq!(
            cursor(reference).1.slot,
            key(&[Some("references"), None], &[], true)
        );
    }

    #[test]
    fn what_is_no_key_of_a_mapping() {
        assert_eq!(
            cursor("a: |\n  some text\n  more^ text\n").1.slot,
            Slot::Other
        );
        assert_eq!(cursor("  indented: x\n  ^").1.slot, Slot::Other);
        assert_eq!(cursor("# a comment ^").1.slot, Slot::Other);
    }

    #[test]
    fn offsets_inside_a_character_move_back() {
        let text = "do: Grüße\n";
        let inside = text.find('ü').unwrap() + 1;
        let found = at(text, inside);
        assert_eq!(&text[found.word.start..found.word.end], "Grüße");
        assert_eq!(at(text, 999).word.end, text.len());
    }
}
