use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::model::{Revision, Text};
use crate::rules::{Context, Rule};

declare_rule! {
    /// Finds a change history that does not match the document: `version`
    /// is set but no `revisions` entry has that version, or the `revisions`
    /// are not in date order.
    ///
    /// Revisions are listed oldest first, as a history is read; entries with
    /// equal dates are in order. The finding is at the first date that is
    /// earlier than one above it. Versions are compared as written, ignoring
    /// spaces around them; dates that are not real dates are the `schema`
    /// rule's.
    ///
    /// ## Why it matters
    /// ISO 9001 clause 7.5.3.2 asks for control of changes ("e.g. version
    /// control"), and 21 CFR 11.10(k)(2) for change control that keeps a
    /// time-sequenced record of how a document was developed and modified. A
    /// version with no entry is a change nobody recorded; a history out of
    /// order hides which revision is the latest.
    ///
    /// ## Example
    /// ```yaml
    /// version: "2.1"           # no revision 2.1 below
    /// revisions:
    ///   - version: "2.0"
    ///     date: 2026-01-12
    ///     summary: Callbacks within one hour.
    /// ```
    pub struct RevisionMissing;
}

pub fn check(context: &Context, diagnostics: &mut Vec<Diagnostic>) {
    let sop = context.sop;
    if let Some(version) = sop.version.as_ref().filter(|v| !v.value.trim().is_empty()) {
        let recorded = sop.revisions.iter().any(|revision| {
            revision
                .version
                .as_ref()
                .is_some_and(|entry| entry.value.trim() == version.value.trim())
        });
        if !recorded {
            diagnostics.push(
                context
                    .diagnostic(
                        Rule::RevisionMissing,
                        version.span,
                        format!("version {} has no entry in `revisions`", version.value.trim()),
                    )
                    .with_help(format!(
                        "add one under `revisions`: `- version: \"{}\"` with its `date` and a `summary` of the change",
                        version.value.trim()
                    )),
            );
        }
    }
    if let Some(break_) = first_out_of_order(&sop.revisions) {
        diagnostics.push(
            context
                .diagnostic(
                    Rule::RevisionMissing,
                    break_.text.span,
                    format!(
                        "{} is dated {}, before {} above it ({})",
                        name(break_.revision),
                        break_.date,
                        name(break_.latest),
                        break_.latest_date
                    ),
                )
                .with_help("list `revisions` oldest first, the current version last"),
        );
    }
}

/// A revision dated before one listed above it.
struct OutOfOrder<'a> {
    revision: &'a Revision,
    text: &'a Text,
    date: Date,
    /// The latest revision above it.
    latest: &'a Revision,
    latest_date: Date,
}

/// The first revision dated before one listed above it.
fn first_out_of_order(revisions: &[Revision]) -> Option<OutOfOrder<'_>> {
    let mut latest: Option<(&Revision, Date)> = None;
    for revision in revisions {
        let Some((text, date)) = revision.date.as_ref().and_then(|t| Some((t, t.date()?))) else {
            continue;
        };
        match latest {
            Some((above, latest_date)) if date < latest_date => {
                return Some(OutOfOrder {
                    revision,
                    text,
                    date,
                    latest: above,
                    latest_date,
                });
            }
            _ => latest = Some((revision, date)),
        }
    }
    None
}

/// "revision 1.2", or "a revision" when it has no version.
fn name(revision: &Revision) -> String {
    match &revision.version {
        Some(version) => format!("revision {}", version.value.trim()),
        None => "a revision".to_string(),
    }
}
