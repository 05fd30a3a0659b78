use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use jsonschema::Validator;
use jsonschema::error::{TypeKind, ValidationErrorKind};

use crate::diagnostic::Diagnostic;
use crate::model::STEP_FIELDS;
use crate::rules::Rule;
use crate::rules::missing_purpose;
use crate::source::SourceFile;
use crate::suggest::{Suggestions, closest, misspells_any};
use crate::yaml::{ByteSpan, Entry, Node, Value};

mod hints;
mod instance;

use hints::OutdentedStepFields;
use instance::Yaml;

declare_rule! {
    /// Finds fields that break the document format: a field of the wrong type,
    /// an unknown field, a missing required field (other than `purpose`, which
    /// has its own rule), a step with both `do` and `ask` or neither, `next`
    /// together with `end`, a bad date or status.
    ///
    /// Validation uses `schemas/sop.schema.json`, the same JSON Schema that
    /// editors use for completion; every mistake is reported, not just the
    /// first, at the line of the field it is about. A key that is a list or
    /// a mapping (`? [a, b]`) is valid YAML but names no field: it is
    /// reported here, and the rest of the file is still checked.
    ///
    /// ## Why it matters
    /// A typo such as `purpsoe` or `stauts` would otherwise pass silently and
    /// the field would be lost from the handbook. An unquoted `version: 1.10`
    /// is read by YAML as the number 1.1.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1.10          # quote it: "1.10"
    /// status: aproved        # draft, in-review, approved or retired
    /// review_by: 2027-02-30  # not a date
    /// ```
    pub struct Schema;
}

/// The JSON Schema of an SOP, as shipped in `schemas/`.
pub const SOP_SCHEMA: &str = include_str!("../../schemas/sop.schema.json");

static VALIDATOR: LazyLock<Validator<Yaml>> = LazyLock::new(|| {
    let schema: serde_json::Value =
        serde_json::from_str(SOP_SCHEMA).expect("the embedded schema is valid JSON (tested)");
    jsonschema::options_for::<Yaml>()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the embedded schema compiles (tested)")
});

/// Validates a document against the schema: one finding per mistake.
pub fn check(source: &SourceFile, root: &Node) -> Vec<Diagnostic> {
    let mut keys = KeyIndex::default();
    let mut diagnostics = complex_keys(source, root);
    // Most files are valid: the yes-or-no check stops at nothing and makes
    // no error, where listing the errors of a valid file walks it all the same.
    if diagnostics.is_empty() && VALIDATOR.is_valid(root) {
        return diagnostics;
    }
    let outdented = OutdentedStepFields::of(root);
    for error in VALIDATOR.iter_errors(root) {
        let pointer = error.instance_path().as_str().to_string();
        let schema_path = error.schema_path().as_str().to_string();
        let Some(node) = keys.pointer(root, &pointer) else {
            continue;
        };
        if pointer == "/purpose" && missing_purpose::is_blank(node) {
            continue; // reported by missing-purpose
        }
        diagnostics.extend(describe(
            source,
            node,
            &mut keys,
            &outdented,
            &pointer,
            &schema_path,
            error.kind(),
        ));
    }
    // Several schema errors may describe one mistake (one per dependent field).
    diagnostics.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then(a.message.cmp(&b.message))
    });
    diagnostics.dedup();
    diagnostics
}

/// Keys that are lists or mappings, which the JSON instance leaves out: one
/// finding each, though an alias repeats those of its anchor.
fn complex_keys(source: &SourceFile, root: &Node) -> Vec<Diagnostic> {
    let mut spans = BTreeSet::new();
    let mut pending = vec![root];
    while let Some(node) = pending.pop() {
        match &node.value {
            Value::Seq(items) => pending.extend(items),
            Value::Map(map) => {
                spans.extend(map.complex_keys.iter().copied());
                pending.extend(map.iter().map(|entry| &entry.value));
            }
            _ => {}
        }
    }
    spans
        .into_iter()
        .map(|span| {
            Rule::Schema
                .at(
                    source,
                    span,
                    "a key must be plain text, not a list or a mapping",
                )
                .with_help("name the field with text, such as `title:`")
        })
        .collect()
}

/// Finds the entries of wide mappings by key without a search: a mapping with
/// many unknown keys gets an error for each, and [`Node::entry`] is linear.
#[derive(Default)]
struct KeyIndex<'a> {
    /// The entries of each indexed mapping by key, the mapping named by its address.
    maps: HashMap<*const Node, HashMap<&'a str, &'a Entry>>,
}

impl<'a> KeyIndex<'a> {
    /// Mappings smaller than this are searched, as [`Node::entry`] does.
    const MIN_ENTRIES: usize = 16;

    /// The entry of `key` when `node` is a mapping, as [`Node::entry`].
    fn entry(&mut self, node: &'a Node, key: &str) -> Option<&'a Entry> {
        let entries = node.as_map();
        if entries.len() < Self::MIN_ENTRIES {
            return node.entry(key);
        }
        let index = self.maps.entry(node as *const Node).or_insert_with(|| {
            let mut index = HashMap::with_capacity(entries.len());
            for entry in entries {
                index.entry(entry.key.as_str()).or_insert(entry); // the first, as `find`
            }
            index
        });
        index.get(key).copied()
    }

    /// The node a JSON pointer designates, as [`Node::pointer`].
    fn pointer(&mut self, root: &'a Node, pointer: &str) -> Option<&'a Node> {
        let mut node = root;
        for token in pointer.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            node = match &node.value {
                Value::Map(_) => &self.entry(node, &token)?.value,
                Value::Seq(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }
}

/// Turns one schema error into findings with a message a writer understands.
fn describe<'a>(
    source: &SourceFile,
    node: &'a Node,
    keys: &mut KeyIndex<'a>,
    outdented: &OutdentedStepFields<'_>,
    pointer: &str,
    schema_path: &str,
    kind: &ValidationErrorKind,
) -> Vec<Diagnostic> {
    let field = field_name(pointer);
    let at = |span, message: String| Rule::Schema.at(source, span, message);
    let one = |diagnostic| vec![diagnostic];
    match kind {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let known = known_fields(pointer);
            let fields_here = format!("the fields here are {}", list(known));
            let mut suggestions = Suggestions::new(known.to_vec());
            unexpected
                .iter()
                .filter_map(|key| keys.entry(node, key))
                .map(|entry| {
                    if let Some((message, help)) = outdented.explain(source, entry) {
                        return at(entry.key_span, message).with_help(help);
                    }
                    let diagnostic = at(entry.key_span, format!("unknown field `{}`", entry.key));
                    match suggestions.closest(&entry.key) {
                        Some(suggestion) => {
                            diagnostic.with_help(format!("did you mean `{suggestion}`?"))
                        }
                        None => diagnostic.with_help(fields_here.clone()),
                    }
                })
                .collect()
        }
        ValidationErrorKind::Required { property } => {
            let property = property.as_str().unwrap_or_default();
            if pointer.is_empty() && property == "purpose" {
                return Vec::new(); // reported by missing-purpose
            }
            if misspells_any(node, known_fields(pointer), &[property]) {
                return Vec::new(); // the misspelt key is reported as an unknown field
            }
            let span = node.first_key_span();
            if schema_path.ends_with("/dependentRequired") {
                // `branches` needs `ask`; `call`, `next` and `end` need `do`.
                let dependents: &[&str] = if property == "ask" {
                    &["branches"]
                } else {
                    &["call", "next", "end"]
                };
                return node
                    .as_map()
                    .iter()
                    .filter(|entry| dependents.contains(&entry.key.as_str()))
                    .map(|entry| dependent_rule(source, entry.key_span, &entry.key))
                    .collect();
            }
            let message = if pointer.is_empty() {
                format!("the SOP has no `{property}`")
            } else {
                format!("{} has no `{property}`", describe_item(pointer))
            };
            one(at(span, message))
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(json_type) => article(&json_type.to_string()),
                TypeKind::Multiple(_) => "another type".to_string(),
            };
            if pointer.is_empty() {
                return one(at(
                    node.span,
                    format!(
                        "an SOP is a mapping of fields, but this file holds {}",
                        node.type_name()
                    ),
                )
                .with_help(
                    "start with `id:`, `title:`, `department:`, `purpose:` and `instructions:`",
                ));
            }
            let diagnostic = at(
                node.span,
                format!("`{field}` must be {expected}, not {}", node.type_name()),
            );
            let raw = &source.text[node.span.start..node.span.end];
            let help = match &node.value {
                Value::Int(_) | Value::Float(_) | Value::Bool(_) if expected == "a string" => {
                    Some(format!("quote it: \"{raw}\""))
                }
                Value::Map(_) if expected == "a string" => hints::colon_in_text(source, node),
                _ if expected == "a boolean" => hints::boolean(&field, node),
                _ => hints::missing_space(node, &expected, known_fields(pointer)),
            };
            one(match help {
                Some(help) => diagnostic.with_help(help),
                None => diagnostic,
            })
        }
        ValidationErrorKind::Enum { options } => {
            let options: Vec<String> = options
                .as_array()
                .map(|values| {
                    values
                        .iter()
                        .filter_map(|v| v.as_str())
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default();
            let found = node.as_str().unwrap_or_else(|| node.type_name());
            let diagnostic = at(node.span, format!("`{field}` cannot be `{found}`"));
            let known: Vec<&str> = options.iter().map(String::as_str).collect();
            let help = format!("use one of {}", list(&known));
            one(match closest(found, &known) {
                Some(suggestion) => {
                    diagnostic.with_help(format!("did you mean `{suggestion}`? ({help})"))
                }
                None => diagnostic.with_help(help),
            })
        }
        ValidationErrorKind::Pattern { pattern } if pattern == "\\S" => {
            one(at(node.span, format!("`{field}` is blank")))
        }
        ValidationErrorKind::Pattern { .. } if field == "fingerprint" => one(at(
            node.span,
            format!(
                "`{}` is not a fingerprint",
                node.as_str().unwrap_or_default()
            ),
        )
        .with_help(
            "a fingerprint is `sha256:` and 64 lowercase hex digits, as `sop approve` writes it; `sop fingerprint FILE` prints the SOP's",
        )),
        ValidationErrorKind::Pattern { .. } => one(at(
            node.span,
            format!("`{}` is not a valid id", node.as_str().unwrap_or_default()),
        )
        .with_help(
            "an id starts with a letter or digit, followed by letters, digits, `.`, `_` or `-`",
        )),
        ValidationErrorKind::Format { .. } => one(at(
            node.span,
            format!("`{}` is not a date", node.as_str().unwrap_or_default()),
        )
        .with_help("write a real calendar date as YYYY-MM-DD, e.g. 2027-06-30")),
        ValidationErrorKind::MinItems { .. } => {
            one(at(node.span, format!("`{field}` is empty")).with_help("add at least one step"))
        }
        ValidationErrorKind::OneOfNotValid { .. }
            if misspells_any(node, STEP_FIELDS, &["do", "ask"]) =>
        {
            Vec::new() // the misspelt key is reported as an unknown field
        }
        ValidationErrorKind::OneOfNotValid { .. } if outdented.hold_do_or_ask_of(node) => {
            Vec::new() // the outdented `do` or `ask` is reported where it stands
        }
        ValidationErrorKind::OneOfNotValid { .. } => one(at(
            node.first_key_span(),
            format!("{} has neither `do` nor `ask`", describe_item(pointer)),
        )
        .with_help("give it `do:` (an action) or `ask:` (a decision with `branches`)")),
        // A step that is not a mapping passes the step's `oneOf` and `not`
        // vacuously: its type error says all there is to say.
        ValidationErrorKind::OneOfMultipleValid { .. } | ValidationErrorKind::Not { .. }
            if !matches!(node.value, Value::Map(_)) =>
        {
            Vec::new()
        }
        ValidationErrorKind::OneOfMultipleValid { .. } => one(at(
            node.first_key_span(),
            format!("{} has both `do` and `ask`", describe_item(pointer)),
        )
        .with_help("split it into an action step and a decision step")),
        ValidationErrorKind::Not { .. } => {
            let span = node.entry("next").map_or(node.span, |entry| entry.key_span);
            one(at(
                span,
                format!("{} has both `next` and `end: true`", describe_item(pointer)),
            )
            .with_help("keep `next` to continue elsewhere, or `end: true` to end the flow here"))
        }
        other => one(at(
            node.span,
            format!("`{field}` is not valid here ({})", other.keyword()),
        )),
    }
}

/// `branches`, `call`, `next` or `end` on the wrong kind of step.
fn dependent_rule(source: &SourceFile, span: ByteSpan, field: &str) -> Diagnostic {
    let (message, help) = if field == "branches" {
        (
            "`branches` belongs to a decision, but this step has no `ask`",
            "write the question as `ask:`, or remove `branches`",
        )
    } else {
        (
            "this field belongs to an action step, but this step has no `do`",
            "a decision continues only through its branches",
        )
    };
    Rule::Schema
        .at(
            source,
            span,
            message.replace("this field", &format!("`{field}`")),
        )
        .with_help(help)
}

/// `/instructions/2/branches/0` is "step 3, branch 1".
fn describe_item(pointer: &str) -> String {
    let segments: Vec<&str> = pointer.split('/').skip(1).collect();
    let mut words = Vec::new();
    let mut index = 0;
    while index < segments.len() {
        let name = segments[index];
        let position = segments
            .get(index + 1)
            .and_then(|segment| segment.parse::<usize>().ok());
        match position {
            Some(position) => {
                let item = match name {
                    "instructions" => "step",
                    "branches" => "branch",
                    "metrics" => "metric",
                    "revisions" => "revision",
                    other => other,
                };
                words.push(format!("{item} {}", position + 1));
                index += 2;
            }
            None => {
                words.push(format!("`{name}`"));
                index += 1;
            }
        }
    }
    if words.is_empty() {
        "the SOP".to_string()
    } else {
        words.join(", ")
    }
}

/// The last field name of a pointer, with the item number of a list element.
fn field_name(pointer: &str) -> String {
    let mut segments = pointer.rsplit('/');
    match segments.next() {
        Some(last) if last.parse::<usize>().is_ok() => {
            let list = segments.next().unwrap_or_default();
            format!("{list}[{last}]")
        }
        Some(last) => last.replace("~1", "/").replace("~0", "~"),
        None => String::new(),
    }
}

/// The fields allowed at an object, for suggestions.
fn known_fields(pointer: &str) -> &'static [&'static str] {
    use crate::model::*;
    let segments: Vec<&str> = pointer.split('/').skip(1).collect();
    match segments.as_slice() {
        [] => SOP_FIELDS,
        ["instructions", _] => STEP_FIELDS,
        ["instructions", _, "branches", _] => BRANCH_FIELDS,
        ["metrics", _] => METRIC_FIELDS,
        ["revisions", _] => REVISION_FIELDS,
        _ => &[],
    }
}

fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn article(json_type: &str) -> String {
    match json_type {
        "object" => "a mapping".into(),
        "array" => "a list".into(),
        "integer" => "a whole number".into(),
        "null" => "empty".into(),
        other => format!("a {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_schema_compiles() {
        LazyLock::force(&VALIDATOR);
    }

    #[test]
    fn items_are_described_by_position() {
        assert_eq!(
            describe_item("/instructions/2/branches/0"),
            "step 3, branch 1"
        );
        assert_eq!(field_name("/tags/1"), "tags[1]");
        assert_eq!(field_name("/instructions/0/next"), "next");
    }
}
