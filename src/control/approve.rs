//! What `sop approve` makes of one SOP file: its text with `status:
//! approved`, `approved_by`, `approved_on` and `fingerprint` set, and
//! nothing else changed. Pure: the command reads, lints and writes.
//!
//! The edited text is parsed again before it is handed back: it must read
//! back the new values, the same fingerprint and every other field as it
//! was, or the approval is refused. A file is never written that does not
//! say what was approved.

use std::fmt;
use std::str::FromStr;

use crate::control::Fingerprint;
use crate::control::edit::{self, EditError, Field};
use crate::control::scalar;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::model::{Sop, Text};
use crate::rules::Rule;
use crate::source::SourceFile;
use crate::yaml::{self, Node};

/// The rules whose errors do not stop an approval: `approval-incomplete`
/// and `changed-after-approval` are what approving fixes, and `date-order`
/// is about the `approved_on` it replaces; [`approve`] checks the order of
/// the new date with `effective` and `review_by` itself.
pub const APPROVAL_RULES: &[Rule] = &[
    Rule::ApprovalIncomplete,
    Rule::ChangedAfterApproval,
    Rule::DateOrder,
];

/// Whether approving settles `finding` of the SOP read from `source` and
/// `root`: a finding of [`APPROVAL_RULES`], or a `schema` finding about the
/// value of a field the approval sets (an empty `approved_by:`, a
/// `fingerprint: TODO`), which is replaced (and the result checked).
pub fn settles(finding: &Diagnostic, source: &SourceFile, root: &Node) -> bool {
    if APPROVAL_RULES.iter().any(|rule| rule.id() == finding.rule) {
        return true;
    }
    let Some(label) = &finding.label else {
        return false;
    };
    if finding.rule != Rule::Schema.id() {
        return false;
    }
    let at = (label.start.line, label.start.column);
    root.as_map()
        .iter()
        .filter(|entry| SET.contains(&entry.key.as_str()))
        .any(|entry| {
            let start = source.position(entry.key_span.start);
            let end = source.position(entry.value.span.end.max(entry.key_span.end));
            (start.line, start.column) <= at && at <= (end.line, end.column)
        })
}

/// The fields an approval sets, in the order they are added.
const SET: [&str; 4] = ["status", "approved_by", "approved_on", "fingerprint"];

/// Where missing fields go: after the last control field present, else
/// after the last of the fields an SOP's header usually has.
const AFTER: &[&[&str]] = &[
    &[
        "status",
        "owner",
        "approved_by",
        "approved_on",
        "fingerprint",
    ],
    &["version", "department", "title", "id"],
];

/// Who approves: a printed name and a function, `Name, Function` (21 CFR
/// 11.50 asks for both, the function being what the signature means).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approver(String);

/// Why an approver was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApproverError {
    #[error("the approver is blank: {EXAMPLE}")]
    Blank,
    #[error("`{0}` is not a name and a function: {EXAMPLE}")]
    NotNameAndFunction(String),
    #[error("the approver must be one line of text, without control characters: {EXAMPLE}")]
    ControlCharacter,
}

const EXAMPLE: &str = "write the name, a comma and the function of who approves, e.g. \"Dana Reyes, Head of Customer Service\"";

impl FromStr for Approver {
    type Err = ApproverError;

    fn from_str(text: &str) -> Result<Approver, ApproverError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(ApproverError::Blank);
        }
        if text.chars().any(char::is_control) {
            return Err(ApproverError::ControlCharacter);
        }
        match text.split_once(',') {
            Some((name, function)) if !name.trim().is_empty() && !function.trim().is_empty() => {
                Ok(Approver(text.to_string()))
            }
            _ => Err(ApproverError::NotNameAndFunction(text.to_string())),
        }
    }
}

impl fmt::Display for Approver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An approval: who, and on which day.
#[derive(Debug, Clone)]
pub struct Approval {
    pub by: Approver,
    pub on: Date,
}

/// An approval dated after today.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the approval date {on} is after today ({today}): an approval cannot be dated in the future"
)]
pub struct FutureApproval {
    pub on: Date,
    pub today: Date,
}

impl Approval {
    /// An approval by `by` on `on`, which may not be after `today`.
    pub fn new(by: Approver, on: Date, today: Date) -> Result<Approval, FutureApproval> {
        if on > today {
            return Err(FutureApproval { on, today });
        }
        Ok(Approval { by, on })
    }
}

/// An SOP approved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approved {
    /// The fingerprint recorded: the content's, before and after.
    pub fingerprint: Fingerprint,
    /// The new text; `None` when the file already records this approval.
    pub text: Option<String>,
}

/// Why an SOP file was not approved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("not an SOP: the file holds no mapping of fields")]
    NotAnSop,
    #[error(
        "the SOP is retired: an obsolete revision is not approved again; to bring it back, set `status: in-review`, then approve it"
    )]
    Retired,
    #[error(
        "`effective` ({effective}) is before the approval date {on}: an SOP takes effect once approved; set `effective` to {on} or later"
    )]
    EffectiveBeforeApproval { effective: String, on: Date },
    #[error(
        "`review_by` ({review_by}) is before `effective` ({effective}): set `review_by` to `effective` or later"
    )]
    ReviewBeforeEffective {
        review_by: String,
        effective: String,
    },
    #[error(transparent)]
    Edit(#[from] EditError),
    #[error(
        "sop could not edit this file safely ({0}), so nothing was written: set `status`, `approved_by`, `approved_on` and `fingerprint` by hand (`sop fingerprint` prints it), and please report the file as a bug"
    )]
    ReadBack(String),
}

/// Approves the SOP whose text is `text` and parsed tree `root`.
pub fn approve(text: &str, root: &Node, approval: &Approval) -> Result<Approved, Refusal> {
    let sop = Sop::from_node(root).ok_or(Refusal::NotAnSop)?;
    if sop.status() == "retired" {
        return Err(Refusal::Retired);
    }
    check_dates(&sop, approval.on)?;
    let fingerprint = Fingerprint::of(root);
    let on = approval.on.to_string();
    let by = approval.by.to_string();
    let values = [
        ("status", "approved"),
        ("approved_by", by.as_str()),
        ("approved_on", on.as_str()),
        ("fingerprint", fingerprint.as_str()),
    ];
    let recorded = |key: &str| root.get(key).and_then(Node::as_str);
    if values
        .iter()
        .all(|(key, value)| recorded(key) == Some(value))
    {
        return Ok(Approved {
            fingerprint,
            text: None,
        });
    }
    let fields: Vec<Field> = values
        .iter()
        .map(|(key, value)| Field {
            key,
            yaml: scalar::to_yaml(value),
        })
        .collect();
    let edited = edit::set_fields(text, root, &fields, AFTER)?;
    read_back(&edited, root, &values, &fingerprint)?;
    Ok(Approved {
        fingerprint,
        text: Some(edited),
    })
}

/// The order of the approval date, `effective` and `review_by` (dates that
/// do not parse are the `schema` rule's to report).
fn check_dates(sop: &Sop, on: Date) -> Result<(), Refusal> {
    let date = |field: &Option<Text>| {
        field
            .as_ref()
            .and_then(|text| Some((text.value.clone(), text.value.parse::<Date>().ok()?)))
    };
    let effective = date(&sop.effective);
    if let Some((text, effective)) = &effective
        && *effective < on
    {
        return Err(Refusal::EffectiveBeforeApproval {
            effective: text.clone(),
            on,
        });
    }
    if let (Some((review_text, review_by)), Some((effective_text, effective))) =
        (date(&sop.review_by), effective)
        && review_by < effective
    {
        return Err(Refusal::ReviewBeforeEffective {
            review_by: review_text,
            effective: effective_text,
        });
    }
    Ok(())
}

/// Checks that `edited` reads back `values`, the same fingerprint and every
/// other top-level field as `root` holds it.
fn read_back(
    edited: &str,
    root: &Node,
    values: &[(&str, &str)],
    fingerprint: &Fingerprint,
) -> Result<(), Refusal> {
    let new = match yaml::parse(edited) {
        Ok(Some(new)) => new,
        Ok(None) => return Err(Refusal::ReadBack("the edited file would be empty".into())),
        Err(error) => {
            let reason = format!("the edited file would not be valid YAML: {}", error.message);
            return Err(Refusal::ReadBack(reason));
        }
    };
    for (key, value) in values {
        if new.get(key).and_then(Node::as_str) != Some(value) {
            return Err(Refusal::ReadBack(format!(
                "`{key}` would not read back as `{value}`"
            )));
        }
    }
    if Fingerprint::of(&new) != *fingerprint {
        return Err(Refusal::ReadBack(
            "the content fingerprint would change".into(),
        ));
    }
    let others = |node: &Node| -> Vec<(String, serde_json::Value)> {
        node.as_map()
            .iter()
            .filter(|entry| !SET.contains(&entry.key.as_str()))
            .map(|entry| (entry.key.clone(), entry.value.to_json()))
            .collect()
    };
    if others(&new) != others(root) {
        return Err(Refusal::ReadBack(
            "another field would read differently".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::control::CONTROL_FIELDS;

    #[test]
    fn the_fields_an_approval_sets_are_control_fields() {
        // So the fingerprint recorded is the content's before and after.
        assert!(SET.iter().all(|field| CONTROL_FIELDS.contains(field)));
    }

    #[test]
    fn an_approver_is_a_name_and_a_function() {
        let approver = |text: &str| text.parse::<Approver>().map(|a| a.to_string());
        assert_eq!(
            approver("  Dana Reyes, Head of: CS #1 "),
            Ok("Dana Reyes, Head of: CS #1".into())
        );
        assert_eq!(approver(" \t"), Err(ApproverError::Blank));
        for text in ["Dana Reyes", "Dana Reyes,", ", Head of CS", " , "] {
            assert!(
                matches!(approver(text), Err(ApproverError::NotNameAndFunction(_))),
                "{text:?}"
            );
        }
        assert_eq!(
            approver("Dana\nReyes, Head"),
            Err(ApproverError::ControlCharacter)
        );
    }

    #[test]
    fn an_approval_is_not_dated_after_today() {
        let by: Approver = "D, H".parse().unwrap();
        let today: Date = "2026-11-22".parse().unwrap();
        assert!(Approval::new(by.clone(), today, today).is_ok());
        let tomorrow = "2026-11-23".parse().unwrap();
        assert_eq!(
            Approval::new(by, tomorrow, today).unwrap_err().to_string(),
            "the approval date 2026-11-23 is after today (2026-11-22): an approval cannot be dated in the future"
        );
    }

    #[test]
    fn an_edit_that_does_not_read_back_what_was_meant_is_refused() {
        let text = "id: A\nowner: O\nstatus: draft\n";
        let root = yaml::parse(text).unwrap().unwrap();
        let fingerprint = Fingerprint::of(&root);
        let values = [("status", "approved")];
        let refused = |edited: &str| match read_back(edited, &root, &values, &fingerprint) {
            Err(Refusal::ReadBack(reason)) => reason,
            other => panic!("{edited:?}: {other:?}"),
        };
        assert!(refused("id: A\nowner: O\nstatus: [approved\n").contains("not be valid YAML"));
        assert_eq!(refused("# nothing\n"), "the edited file would be empty");
        assert_eq!(
            refused("id: A\nowner: O\nstatus: \"approved \"\n"),
            "`status` would not read back as `approved`"
        );
        assert_eq!(
            refused("id: B\nowner: O\nstatus: approved\n"),
            "the content fingerprint would change"
        );
        assert_eq!(
            refused("id: A\nowner: P\nstatus: approved\n"),
            "another field would read differently"
        );
        assert!(
            read_back(
                "id: A\nowner: O\nstatus: approved\n",
                &root,
                &values,
                &fingerprint
            )
            .is_ok()
        );
    }
}
