use crate::diagnostic::Diagnostic;
use crate::model::SOP_FIELDS;
use crate::rules::Rule;
use crate::source::SourceFile;
use crate::suggest::misspells_any;
use crate::yaml::{Node, Value};

declare_rule! {
    /// Finds an SOP whose `purpose` is missing or blank.
    ///
    /// ## Why it matters
    /// A procedure that does not say why it exists is followed mechanically and
    /// dropped at the first surprise. The purpose is what lets an employee judge
    /// a case the steps do not foresee.
    ///
    /// ## Example
    /// ```yaml
    /// id: CS-030
    /// title: Returning voice mail
    /// department: Customer Service
    /// purpose: ""        # say why: "Call back every customer within one business day"
    /// ```
    pub struct MissingPurpose;
}

pub fn check(source: &SourceFile, root: &Node) -> Option<Diagnostic> {
    if !matches!(root.value, Value::Map(_)) {
        return None; // not an SOP at all: reported by `schema`
    }
    match root.entry("purpose") {
        // A misspelt `purpsoe:` is one mistake: `schema` reports the unknown field.
        None if misspells_any(root, SOP_FIELDS, &["purpose"]) => None,
        None => Some(
            Rule::MissingPurpose
                .at(source, root.first_key_span(), "the SOP has no `purpose`")
                .with_help("add `purpose:` with a sentence or two on why this procedure exists"),
        ),
        Some(entry) if is_blank(&entry.value) => Some(
            Rule::MissingPurpose
                .at(source, entry.value.span, "`purpose` is blank")
                .with_help("say why this procedure exists"),
        ),
        Some(_) => None,
    }
}

/// `purpose:` with nothing after it, or only spaces.
pub fn is_blank(node: &Node) -> bool {
    match &node.value {
        Value::Null => true,
        Value::String(text, _) => text.trim().is_empty(),
        _ => false,
    }
}
