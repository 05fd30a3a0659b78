//! The comment an editor inserts to silence one finding (a quick fix): a
//! `# sop-disable-next-line RULE -- ` placed where [`super::find`] reads it
//! as covering the finding's line.

use super::{Lines, offset_in, suppressible};
use crate::rules::Rule;
use crate::source::SourceFile;
use crate::yaml::{Layout, Node};

/// Text to insert at a byte offset of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Insertion {
    pub offset: usize,
    pub text: String,
}

/// The suppression comment that silences a finding of `rule` starting on
/// `line` (1-based; `None`: a finding about the whole file) in a file that
/// parses (`root`: its tree, when at hand). It goes above the line at its
/// indentation or, for a line inside a text of several lines, above the
/// line where that text starts (the header of a `|` or `>` block): a
/// comment inside the text would be text. The reason after `--` is left
/// for the writer. `None` for a rule that no comment silences.
pub fn insertion(
    source: &SourceFile,
    root: Option<&Node>,
    rule: Rule,
    line: Option<usize>,
) -> Option<Insertion> {
    if !suppressible(rule) {
        return None;
    }
    let Some(line) = line else {
        return Some(Insertion {
            offset: 0,
            text: format!("# sop-disable-file {} -- \n", rule.id()),
        });
    };
    let layout = match root {
        Some(root) => Layout::of_tree(&source.text, root),
        None => Layout::of(&source.text),
    };
    let lines = Lines::new(source, &layout);
    let above = above(source, &layout, line)
        .into_iter()
        .find(|&candidate| lines.holds_yaml(candidate) && lines.reach(candidate) >= line)
        .unwrap_or(line);
    let text = source.line_text(above);
    let indent = &text[..text.len() - text.trim_start_matches([' ', '\t']).len()];
    Some(Insertion {
        offset: offset_in(source, text),
        text: format!("{indent}# sop-disable-next-line {} -- \n", rule.id()),
    })
}

/// The lines above which a comment may cover `line`, best first: when
/// `line` starts inside a scalar (its first character belongs to one), the
/// line before the scalar's text (a block header) and the line its text
/// starts on; then `line` itself.
fn above(source: &SourceFile, layout: &Layout, line: usize) -> Vec<usize> {
    let text = source.line_text(line);
    let first = offset_in(source, text.trim_start_matches([' ', '\t']));
    let scalars = &layout.scalars;
    let running = scalars
        .get(scalars.partition_point(|scalar| scalar.end <= first))
        .filter(|scalar| scalar.start <= first);
    let mut candidates = Vec::new();
    if let Some(scalar) = running {
        let before = source.text[..scalar.start].trim_end();
        if !before.is_empty() {
            candidates.push(source.position(before.len() - 1).line);
        }
        candidates.push(source.position(scalar.start).line);
    }
    candidates.push(line);
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suppression::find;

    /// Inserts the comment for a finding of `rule` on `line`, and checks
    /// that the file means the same and that the comment covers the line.
    fn insert(text: &str, rule: Rule, line: usize) -> String {
        let source = SourceFile::new("a.yaml".into(), text.to_string());
        let root = crate::yaml::parse(text).unwrap().unwrap();
        let insertion = insertion(&source, Some(&root), rule, Some(line)).unwrap();
        let mut edited = text.to_string();
        edited.insert_str(insertion.offset, &insertion.text);
        let edited_root = crate::yaml::parse(&edited).unwrap().unwrap();
        assert_eq!(edited_root.to_json(), root.to_json(), "{edited}");
        let edited_source = SourceFile::new("a.yaml".into(), edited.clone());
        let found = find(&edited_source, None);
        let inserted_at = source.position(insertion.offset).line;
        let moved = if inserted_at <= line { line + 1 } else { line };
        assert!(
            found.suppressions.iter().any(|suppression| suppression
                .lines
                .as_ref()
                .is_some_and(|lines| lines.contains(&moved))
                && suppression.rules.iter().any(|listed| listed.rule == rule)),
            "{edited}"
        );
        edited
    }

    #[test]
    fn above_the_line_at_its_indentation() {
        let text = "a: 1\ninstructions:\n  - do: Log it in the CRM.\n    role: rep\n";
        assert_eq!(
            insert(text, Rule::UnknownRole, 4),
            "a: 1\ninstructions:\n  - do: Log it in the CRM.\n    # sop-disable-next-line unknown-role -- \n    role: rep\n"
        );
    }

    #[test]
    fn above_the_start_of_a_text_of_several_lines() {
        let block = "steps:\n  - do: |\n      Call back.\n      Log it in the CRM.\n";
        let edited = insert(block, Rule::UndefinedAcronym, 4);
        assert!(
            edited.starts_with(
                "steps:\n  # sop-disable-next-line undefined-acronym -- \n  - do: |\n"
            ),
            "{edited}"
        );
        let first_line = insert(block, Rule::UndefinedAcronym, 3);
        assert_eq!(first_line, edited);
        let header_comment = "a: >- # folded\n\n  Call back.\n  Log it in the CRM.\n";
        insert(header_comment, Rule::UndefinedAcronym, 4);
        let plain = "a:\n  Call back and\n  log it in the CRM.\nb: 1\n";
        let edited = insert(plain, Rule::UndefinedAcronym, 3);
        assert!(
            edited.starts_with("a:\n  # sop-disable-next-line"),
            "{edited}"
        );
        let quoted = "a: \"Call back and\n  log it in the CRM.\"\n";
        insert(quoted, Rule::UndefinedAcronym, 2);
        let flow = "a: [x,\n  \"y\n  z\"]\n";
        insert(flow, Rule::Schema, 3);
    }

    #[test]
    fn the_whole_file_and_rules_no_comment_silences() {
        let source = SourceFile::new("a.yaml".into(), "a: 1\n".into());
        let file = insertion(&source, None, Rule::Schema, None).unwrap();
        assert_eq!(file.text, "# sop-disable-file schema -- \n");
        assert_eq!(insertion(&source, None, Rule::YamlSyntax, Some(1)), None);
        assert_eq!(
            insertion(&source, None, Rule::UnusedSuppression, Some(1)),
            None
        );
    }
}
