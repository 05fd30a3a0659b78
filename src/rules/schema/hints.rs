//! The writer's mistakes behind some schema errors, said the way the writer
//! made them: a step field that lost its indentation, `end: yes`, a colon
//! or a dash without the space YAML needs after it, a colon inside the text
//! of a list item.

use crate::model::{SOP_FIELDS, STEP_FIELDS};
use crate::source::SourceFile;
use crate::yaml::{Entry, Node, Style, Value, quoted};

/// A step field outdented to column 1 below the last step, where YAML
/// reads it as a field of the SOP.
pub(super) struct OutdentedStepFields<'a> {
    /// The top-level entries right after `instructions` that are step
    /// fields and not SOP fields.
    entries: Vec<&'a Entry>,
    /// The last step, which they seem to belong to, and its number.
    step: Option<(&'a Node, usize)>,
}

impl<'a> OutdentedStepFields<'a> {
    /// Reads them from the root, in one pass over its entries.
    pub fn of(root: &'a Node) -> Self {
        let fields = root.as_map();
        let after = fields
            .iter()
            .position(|entry| entry.key == "instructions")
            .map_or(fields.len(), |at| at + 1);
        let entries = fields[after..]
            .iter()
            .take_while(|entry| is_step_field_only(&entry.key))
            .collect();
        let step = match root.get("instructions").map(|node| &node.value) {
            Some(Value::Seq(steps)) => steps
                .last()
                .filter(|step| matches!(step.value, Value::Map(_)))
                .map(|step| (step, steps.len())),
            _ => None,
        };
        OutdentedStepFields { entries, step }
    }

    /// Whether `step` is the step they seem to belong to and one of them is
    /// its `do` or `ask`: the step's own finding would repeat theirs.
    pub fn hold_do_or_ask_of(&self, step: &Node) -> bool {
        self.step.is_some_and(|(last, _)| std::ptr::eq(last, step))
            && self
                .entries
                .iter()
                .any(|entry| entry.key == "do" || entry.key == "ask")
    }

    /// The message and help for `entry`, when it is one of them.
    pub fn explain(&self, source: &SourceFile, entry: &Entry) -> Option<(String, String)> {
        if !self
            .entries
            .iter()
            .any(|outdented| std::ptr::eq(*outdented, entry))
        {
            return None;
        }
        let (step, number) = self.step?;
        let first = step.as_map().first()?;
        let at = source.position(first.key_span.start);
        let name = match step.get("id").and_then(Node::as_str) {
            Some(id) => format!("step {number} (`{id}`, line {})", at.line),
            None => format!("step {number} (line {})", at.line),
        };
        let key = &entry.key;
        Some((
            format!(
                "`{key}` is a field of a step, but it stands in column 1, among the fields of the SOP"
            ),
            format!(
                "it seems to belong to {name} above it: indent it to column {}, as `{}`",
                at.column, first.key
            ),
        ))
    }
}

/// A key of a step that the SOP itself does not have.
fn is_step_field_only(key: &str) -> bool {
    STEP_FIELDS.contains(&key) && !SOP_FIELDS.contains(&key)
}

/// How to write a boolean `field` that was written as the text `node`.
pub(super) fn boolean(field: &str, node: &Node) -> Option<String> {
    let Value::String(text, style) = &node.value else {
        return None;
    };
    let truth = match text.to_lowercase().as_str() {
        "yes" | "y" | "on" | "true" => "true",
        "no" | "n" | "off" | "false" => "false",
        _ => return Some(format!("write `{field}: true` or `{field}: false`")),
    };
    Some(if *style == Style::Plain {
        format!("YAML 1.2 reads `{text}` as text: write `{field}: {truth}`")
    } else {
        format!("quotes make it text: write `{field}: {truth}`, without quotes")
    })
}

/// The help for a text where a mapping or a list was expected, when the
/// text lacks the space YAML needs after a key's colon (`do:Call`) or after
/// a list item's dash (`-Call`).
pub(super) fn missing_space(node: &Node, expected: &str, keys: &[&str]) -> Option<String> {
    let Value::String(text, Style::Plain) = &node.value else {
        return None;
    };
    match expected {
        "a mapping" => {
            let (key, value) = text.split_once(':')?;
            (keys.contains(&key) && !value.is_empty())
                .then(|| format!("a key needs a space after its colon: write `{key}: {value}`"))
        }
        "a list" => {
            let item = text.strip_prefix('-').filter(|item| !item.is_empty())?;
            Some(format!(
                "a list item needs a space after its dash: write `- {item}`"
            ))
        }
        _ => None,
    }
}

/// The help for a mapping where a text was expected, when it is one line of
/// plain text that YAML cut at a colon followed by a space
/// (`- Tip: ask for the postcode`). The fixed text keeps the dashes of a
/// list item before it.
pub(super) fn colon_in_text(source: &SourceFile, node: &Node) -> Option<String> {
    let [entry] = node.as_map() else {
        return None;
    };
    if !matches!(entry.value.value, Value::String(_, Style::Plain)) {
        return None;
    }
    let start = entry.key_span.start;
    let text = &source.text[start..entry.value.span.end];
    if text.contains('\n') || text.starts_with(['"', '\'']) {
        return None;
    }
    let line_start = source.text[..start].rfind('\n').map_or(0, |at| at + 1);
    let before = source.text[line_start..start].trim_start();
    let lead = if before.chars().all(|c| c == '-' || c == ' ') {
        before
    } else {
        ""
    };
    Some(format!(
        "the text has a colon followed by a space, which YAML reads as a key and its value: put it in quotes: `{lead}{}`",
        quoted(text)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn source_and_root(text: &str) -> (SourceFile, Node) {
        let root = yaml::parse(text).unwrap().unwrap();
        (SourceFile::new("a.yaml".into(), text.into()), root)
    }

    #[test]
    fn a_cut_item_keeps_its_dash_in_a_block_list_only() {
        let (source, root) = source_and_root("a:\n  - - Tip: ask\nb: [Tip: ask, c]\n");
        let block = root.pointer("/a/0/0").unwrap();
        assert!(
            colon_in_text(&source, block)
                .unwrap()
                .ends_with("`- - \"Tip: ask\"`")
        );
        let flow = root.pointer("/b/0").unwrap();
        assert!(
            colon_in_text(&source, flow)
                .unwrap()
                .ends_with("quotes: `\"Tip: ask\"`")
        );
    }

    #[test]
    fn booleans_written_as_text_say_which_to_write() {
        let (_, root) = source_and_root("a: Yes\nb: N\nc: 'false'\nd: done\ne: 1\n");
        let help = |key: &str| boolean("end", root.get(key).unwrap());
        assert_eq!(
            help("a").unwrap(),
            "YAML 1.2 reads `Yes` as text: write `end: true`"
        );
        assert!(help("b").unwrap().ends_with("write `end: false`"));
        assert!(help("c").unwrap().starts_with("quotes make it text"));
        assert_eq!(help("d").unwrap(), "write `end: true` or `end: false`");
        assert_eq!(help("e"), None);
    }

    #[test]
    fn a_missing_space_is_named_only_after_a_known_key_or_a_dash() {
        let (_, root) = source_and_root("a: do:Call\nb: note:Call\nc: -Call\nd: '-Call'\n");
        let help =
            |key: &str, expected| missing_space(root.get(key).unwrap(), expected, STEP_FIELDS);
        assert!(help("a", "a mapping").unwrap().ends_with("`do: Call`"));
        assert_eq!(help("b", "a mapping"), None);
        assert!(help("c", "a list").unwrap().ends_with("`- Call`"));
        assert_eq!(help("d", "a list"), None);
    }
}
