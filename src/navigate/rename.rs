//! Rename of a step id: the id and every `goto` and `next` that names the
//! step, in this document (step ids are local to their SOP). A new id
//! must be an id of the format and not one of another step.

use crate::flow::step_ids;
use crate::project::{Document, Project};
use crate::yaml::ByteSpan;

use super::at::{self, Thing};
use super::edit::{inner_span, replace_scalar};
use super::{Edit, FileEdits, View};

/// Why a rename was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenameError {
    #[error(
        "only a step id can be renamed: put the cursor on a step's `id`, or on a `goto` or `next` that names a step"
    )]
    NotAStep,
    #[error("the file does not parse: fix its syntax before renaming")]
    NotParsed,
    #[error(
        "`{0}` is not a step id: an id starts with a letter or digit, followed by letters, digits, `.`, `_` or `-`"
    )]
    InvalidId(String),
    #[error("another step has the id `{0}` already")]
    Taken(String),
}

/// Whether `id` is an id of the format: the schema's `identifier`,
/// `^[A-Za-z0-9][A-Za-z0-9._-]*$`.
pub fn is_identifier(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// The step at `offset`, by index, and the span under the cursor.
fn target(view: &View, offset: usize) -> Option<(usize, ByteSpan)> {
    let occurrence = at::at(view, offset)?;
    let index = match occurrence.thing {
        Thing::Step(index) => index,
        Thing::StepRef(id) => *step_ids(view.sop).get(id)?,
        _ => return None,
    };
    Some((index, inner_span(&view.source.text, occurrence.span)))
}

/// The step id that a rename at `offset` would change (prepareRename):
/// the id or `goto`/`next` under the cursor, inside its quotes.
pub fn rename_target(document: &Document, offset: usize) -> Option<ByteSpan> {
    target(&View::of(document)?, offset).map(|(_, span)| span)
}

/// The edits that rename the step id at `offset` to `new_name`.
pub fn rename(
    project: &Project,
    document: &Document,
    offset: usize,
    new_name: &str,
) -> Result<Vec<FileEdits>, RenameError> {
    let view = View::of(document).ok_or(RenameError::NotParsed)?;
    let (index, _) = target(&view, offset).ok_or(RenameError::NotAStep)?;
    let ids = step_ids(view.sop);
    let old = view.sop.steps[index]
        .id
        .as_ref()
        .ok_or(RenameError::NotAStep)?;
    if !is_identifier(new_name) {
        return Err(RenameError::InvalidId(new_name.to_string()));
    }
    if new_name == old.value {
        return Ok(Vec::new());
    }
    if ids.contains_key(new_name) {
        return Err(RenameError::Taken(new_name.to_string()));
    }
    let text = &view.source.text;
    let mut edits = vec![replace_scalar(text, old.span, new_name)];
    // The `goto`s and `next`s lead to the first step with the id: a
    // repeated id's other steps have none.
    if ids.get(old.value.as_str()) == Some(&index) {
        edits.extend(
            at::occurrences(&view)
                .into_iter()
                .filter(|occurrence| occurrence.thing == Thing::StepRef(&old.value))
                .map(|occurrence| replace_scalar(text, occurrence.span, new_name)),
        );
    }
    edits.sort_by_key(|edit: &Edit| edit.span.start);
    Ok(vec![FileEdits {
        path: project.absolute(&document.path),
        edits,
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_the_schemas() {
        let schema: serde_json::Value =
            serde_json::from_str(crate::rules::schema::SOP_SCHEMA).unwrap();
        assert_eq!(
            schema["$defs"]["identifier"]["pattern"], "^[A-Za-z0-9][A-Za-z0-9._-]*$",
            "is_identifier follows this pattern"
        );
        for id in ["a", "escalate", "2nd-try", "A.1_b-c"] {
            assert!(is_identifier(id), "{id}");
        }
        for id in ["", "-a", ".a", "a b", "é", "a/b", "_a"] {
            assert!(!is_identifier(id), "{id}");
        }
    }
}
