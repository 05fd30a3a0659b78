//! A line indented to a column that lines up with nothing above it, such
//! as a list item one space off its siblings: the parser reports that it
//! found no `-` or no key where it expected one.

use super::line::{KeyLine, Line};
use crate::yaml::SyntaxError;

/// The parser's messages for a line that continues no list or mapping.
const LINES_UP_WITH_NOTHING: &[&str] = &[
    "while parsing a block collection, did not find expected '-' indicator",
    "while parsing a block mapping, did not find expected key",
];

/// Explains a line at `offset`, its first character, whose column differs
/// from those of the line above it (its dash and its key).
pub(super) fn unaligned(source: &str, offset: usize, info: &str) -> Option<SyntaxError> {
    if !LINES_UP_WITH_NOTHING.contains(&info) {
        return None;
    }
    let line = Line::at(source, offset);
    let indent = line.indent();
    let after_dash = line.text[indent..].starts_with("- ") && line.start + indent + 2 == offset;
    if line.start + indent != offset && !after_dash {
        return None;
    }
    // A comment line between ends plain text: not a matter of columns.
    let above = line
        .above(source)
        .find(|l| !l.text.trim().is_empty())
        .filter(|l| !l.is_blank())?;
    let key = KeyLine::read(above.text)?;
    let dash = above.indent();
    let has_dash = key.key_at > dash;
    let number = above.number(source);
    if after_dash {
        // An item in the column of a key whose value is on its line.
        let has_value = key.value_at < above.text.len();
        return (indent == key.key_at && has_dash && has_value).then(|| {
            let message = format!(
                "this item is indented like `{}` on line {number}, which has its value already",
                key.key
            );
            let help = format!(
                "start it in column {} for another item of the list",
                dash + 1
            );
            SyntaxError::new(line.start + indent, message).with_help(help)
        });
    }
    // Below a key with no value on its line (or only an anchor or a tag),
    // a deeper line may be that value.
    let value = &above.text[key.value_at..];
    let opens_block = value.is_empty() || value.starts_with(['&', '!', '#']);
    if opens_block && indent > key.key_at {
        return None;
    }
    let columns = columns_above(source, above, number);
    if columns.iter().any(|column| column.at == indent) {
        return None;
    }
    let before = columns
        .iter()
        .filter(|c| c.at < indent)
        .max_by_key(|c| c.at);
    let beyond = columns
        .iter()
        .filter(|c| c.at > indent)
        .min_by_key(|c| c.at);
    let choices: Vec<String> = [before, beyond]
        .into_iter()
        .flatten()
        .map(Column::choice)
        .collect();
    let message = format!(
        "this line starts in column {}, which lines up with no list or mapping above it",
        indent + 1
    );
    let help = format!("start it {}", choices.join(", or "));
    Some(SyntaxError::new(offset, message).with_help(help))
}

/// A column in use above a line: where the items of a list or the keys of
/// a mapping start.
struct Column<'a> {
    /// 0-based.
    at: usize,
    /// The key there; none for a list item.
    key: Option<&'a str>,
    line: usize,
}

impl Column<'_> {
    fn choice(&self) -> String {
        match self.key {
            Some(key) => format!(
                "in column {} for another field beside `{key}` on line {}",
                self.at + 1,
                self.line
            ),
            None => format!(
                "in column {} for another item of the list on line {}",
                self.at + 1,
                self.line
            ),
        }
    }
}

/// The columns of `above` (line `number`) and of each line above it that
/// is less indented than those below it, up to column 1: the lists and
/// mappings a line below could continue. One walk up, the line numbers
/// counted down on the way.
fn columns_above<'a>(source: &'a str, above: Line<'a>, number: usize) -> Vec<Column<'a>> {
    let mut columns = Vec::new();
    let mut limit = usize::MAX;
    let lines = std::iter::once(above).chain(above.above(source));
    for (line, number) in lines.zip((1..=number).rev()) {
        let indent = line.indent();
        if line.is_blank() || indent >= limit {
            continue;
        }
        limit = indent;
        let key = KeyLine::read(line.text);
        if line.text[indent..].starts_with('-') {
            columns.push(Column {
                at: indent,
                key: None,
                line: number,
            });
        }
        if let Some(key) = key {
            columns.push(Column {
                at: key.key_at,
                key: Some(key.key),
                line: number,
            });
        }
        if indent == 0 {
            break;
        }
    }
    columns
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_one_space_off_its_sibling_gets_both_columns() {
        let source = "steps:\n  - do: A\n   - do: B\n";
        let at = source.find("- do: B").unwrap();
        let error = unaligned(source, at, LINES_UP_WITH_NOTHING[0]).unwrap();
        assert_eq!(error.offset, at);
        assert_eq!(
            error.message,
            "this line starts in column 4, which lines up with no list or mapping above it"
        );
        assert_eq!(
            error.help.unwrap(),
            "start it in column 3 for another item of the list on line 2, or in column 5 for another field beside `do` on line 2"
        );
    }

    #[test]
    fn the_columns_of_the_lines_around_a_nested_block_count_too() {
        let source =
            "steps:\n  - ask: A\n    branches:\n      - when: x\n        goto: b\n   - do: B\n";
        let at = source.find("- do: B").unwrap();
        let error = unaligned(source, at, LINES_UP_WITH_NOTHING[0]).unwrap();
        assert_eq!(
            error.help.unwrap(),
            "start it in column 3 for another item of the list on line 2, or in column 5 for another field beside `branches` on line 3"
        );
    }

    #[test]
    fn an_item_in_the_column_of_a_field_with_a_value_is_named() {
        let source = "steps:\n  - do: A\n    - do: B\n";
        let at = source.find("- do: B").unwrap();
        let error = unaligned(source, at + 2, LINES_UP_WITH_NOTHING[1]).unwrap();
        assert_eq!(error.offset, at);
        assert_eq!(
            error.message,
            "this item is indented like `do` on line 2, which has its value already"
        );
        assert!(unaligned(source, at + 3, LINES_UP_WITH_NOTHING[1]).is_none());
        // A comment line ends plain text; below an anchor comes a value.
        let commented = "key: word1\n#  xxx\n  word2\n";
        let at = commented.find("word2").unwrap();
        assert!(unaligned(commented, at, LINES_UP_WITH_NOTHING[1]).is_none());
        let anchored = "top: &node\n  &v val\n";
        let at = anchored.find("&v").unwrap();
        assert!(unaligned(anchored, at, LINES_UP_WITH_NOTHING[1]).is_none());
        let lined_up = "steps:\n  - do: A\n  x\n";
        let at = lined_up.find('x').unwrap();
        assert!(unaligned(lined_up, at, LINES_UP_WITH_NOTHING[1]).is_none());
    }
}
