//! Tabs. YAML indents with spaces only; the parser notices a tab once it is
//! reading the node before it, so its error often points at the line above
//! the tab. The explanation points at the tab itself.

use super::line::{KeyLine, Line};
use crate::yaml::SyntaxError;

/// The parser's message when a tab follows a key's colon.
const TAB_AFTER_COLON: &str = "':' must be followed by a valid YAML whitespace";

/// Explains an error about a tab, at the tab.
pub(super) fn explain(source: &str, offset: usize, info: &str) -> Option<SyntaxError> {
    if info == TAB_AFTER_COLON && source[..offset].ends_with(":\t") {
        return Some(
            SyntaxError::new(offset - 1, "a tab follows this colon")
                .with_help("write a space after the colon instead of the tab"),
        );
    }
    if !info.contains("tab") {
        return None;
    }
    let from = Line::at(source, offset);
    let indenting = from.and_below(source).find_map(|line| {
        let indentation = line.text.len() - line.text.trim_start_matches([' ', '\t']).len();
        let tab = line.text[..indentation].find('\t')?;
        Some((line, tab))
    });
    let Some((line, tab)) = indenting else {
        let tab = source[from.start..].find('\t')? + from.start;
        return Some(
            SyntaxError::new(tab, "a tab where YAML does not allow one")
                .with_help("use spaces instead of the tab"),
        );
    };
    let error = SyntaxError::new(
        line.start + tab,
        "a tab indents this line, and YAML does not allow tabs for indentation",
    );
    Some(error.with_help(spaces(source, line)))
}

/// How to indent `line` with spaces: as its neighbour above, when the line
/// is clearly one of its kind (a key beside a key, an item below an item).
fn spaces(source: &str, line: Line<'_>) -> String {
    const ANYHOW: &str = "indent it with spaces only";
    let content = line.text.trim_start_matches([' ', '\t']);
    let Some(above) = line.above(source).find(|l| !l.is_blank()) else {
        return ANYHOW.into();
    };
    let number = above.number(source);
    if content == "-" || content.starts_with("- ") {
        let column = above.indent();
        return if above.text[column..].starts_with('-') {
            format!(
                "indent it with {column} spaces and no tab, to line this item up with the one on line {number}"
            )
        } else {
            ANYHOW.into()
        };
    }
    match (KeyLine::read(content), KeyLine::read(above.text)) {
        // A key below a key that has a value on its line: the two are siblings.
        (Some(key), Some(beside)) if beside.value_at < above.text.len() => {
            let (key, spaces, beside) = (key.key, beside.key_at, beside.key);
            match spaces {
                0 => format!(
                    "remove the tab: `{key}` starts in column 1, as `{beside}` on line {number}"
                ),
                _ => format!(
                    "indent it with {spaces} spaces and no tab, to line `{key}` up with `{beside}` on line {number}"
                ),
            }
        }
        _ => ANYHOW.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explained(source: &str, offset: usize, info: &str) -> (usize, String, String) {
        let error = explain(source, offset, info).unwrap();
        super::super::parts(error)
    }

    #[test]
    fn a_tab_below_a_step_field_is_shown_where_it_is() {
        let source = "steps:\n  - do: Check.\n\trole: rep\n";
        let (offset, message, help) =
            explained(source, 15, "while scanning a plain scalar, found a tab");
        assert_eq!(offset, source.find('\t').unwrap());
        assert!(message.contains("does not allow tabs"));
        assert_eq!(
            help,
            "indent it with 4 spaces and no tab, to line `role` up with `do` on line 2"
        );
    }

    #[test]
    fn an_item_lines_up_with_the_item_above_and_a_first_child_has_no_count() {
        let source = "a:\n  - x: 1\n  \t- y\n";
        let (offset, _, help) = explained(source, 16, "tabs disallowed in this context");
        assert_eq!(offset, 14);
        assert!(help.contains("2 spaces"), "{help}");
        let source = "roles:\n\trep: R\n";
        let (offset, _, help) = explained(source, 8, "tabs disallowed within this context");
        assert_eq!((offset, help.as_str()), (7, "indent it with spaces only"));
        let (_, _, help) = explained("id: A\n\ttitle: T\n", 4, "found a tab");
        assert_eq!(
            help,
            "remove the tab: `title` starts in column 1, as `id` on line 1"
        );
    }

    #[test]
    fn a_tab_after_a_colon_is_named() {
        let source = "a:\tb\n";
        let (offset, message, _) = explained(source, 3, TAB_AFTER_COLON);
        assert_eq!((offset, message.as_str()), (2, "a tab follows this colon"));
        assert!(explain("a:b", 2, TAB_AFTER_COLON).is_none());
        assert!(explain("a: b", 2, "mapping values are not allowed").is_none());
    }
}
