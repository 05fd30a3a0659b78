use crate::diagnostic::Diagnostic;
use crate::rules::Rule;
use crate::suggest::{Suggestions, did_you_mean, listing, shortened};
use crate::training::table::label;
use crate::training::{Catalog, Fault, Problem, Records, fault};

declare_rule! {
    /// Finds malformed rows in the training records: the roster and the
    /// acknowledgements. These are `training/roster.csv` (`person,role`)
    /// and `training/acknowledgements.csv`
    /// (`date,person,sop,version,fingerprint`), or the files `[training]`
    /// of sop.toml names.
    ///
    /// A file that is not UTF-8 text, a header row without a column, a row
    /// with another number of fields than the header, a field with broken
    /// quoting, an empty `person`, `role` or `sop`, a date that is not
    /// `YYYY-MM-DD`, a fingerprint that is not `sha256:` and 64 lowercase hex
    /// digits, a person not in the roster, a role no SOP uses (as the `role`
    /// of a step or a key of `roles`), an SOP id no SOP has, and a version
    /// the SOP never had (by its `version` and `revisions`). Each finding
    /// points at the field; the row does not count, the other rows still do.
    ///
    /// The records are checked when the whole SOP folder is linted (`sop
    /// lint` with no path, or a path that contains the SOP folder): they are
    /// about every SOP, not about one file.
    ///
    /// ## Why it matters
    /// ISO 9001 clause 7.2 asks for documented evidence that the people
    /// doing the work are competent, and 7.3 that they are aware of the
    /// procedures that concern them. A misspelt name or SOP id is a
    /// signature that proves nothing: the training matrix would show the
    /// person as never trained, or worse, the auditor would find it first.
    ///
    /// ## Example
    /// ```csv
    /// date,person,sop,version,fingerprint
    /// 2026-02-30,Ana Lima,CS-010,2.0,        # no 30 February
    /// 2026-03-02,Ana Lmia,CS-010,2.0,        # not in the roster: `Ana Lima`?
    /// 2026-03-02,Ana Lima,CS-010,2.1,        # CS-010 never had version 2.1
    /// ```
    pub struct TrainingRecord;
}

/// The findings of the records against the SOPs of the project.
pub fn check(records: &Records, catalog: &Catalog, diagnostics: &mut Vec<Diagnostic>) {
    let finding = |problem: &Problem| {
        let diagnostic =
            Rule::TrainingRecord.finding(&problem.path, problem.label.clone(), &problem.message);
        match &problem.help {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
        }
    };
    diagnostics.extend(records.missing.iter().chain(&records.problems).map(finding));
    let roster = records.roster.as_ref();
    if let Some(roster) = roster {
        for assignment in &roster.assignments {
            let role = &assignment.role;
            if !catalog.uses_role(&role.value) {
                diagnostics.push(Rule::TrainingRecord.finding(
                    &roster.source.path,
                    Some(label(&roster.source, role.offset)),
                    format!(
                        "no SOP uses the role `{}`: no step has it as its `role` and no `roles` has it as a key",
                        shortened(&role.value)
                    ),
                ));
            }
        }
    }
    let Some(file) = &records.acknowledgements else {
        return;
    };
    let mut people = Suggestions::new(roster.map(|r| r.people()).unwrap_or_default());
    let mut ids = Suggestions::new(catalog.sops.iter().map(|k| k.id.as_str()).collect());
    for row in &file.rows {
        let (cell, message) = match fault(row, roster, catalog) {
            None => continue,
            Some(Fault::UnknownPerson) => (
                &row.person,
                format!(
                    "`{}` is not in the roster{}",
                    shortened(&row.person.value),
                    did_you_mean(people.closest(&row.person.value))
                ),
            ),
            Some(Fault::UnknownSop) => (
                &row.sop,
                format!(
                    "no SOP has the id `{}`{}",
                    shortened(&row.sop.value),
                    did_you_mean(ids.closest(&row.sop.value))
                ),
            ),
            Some(Fault::UnknownVersion) => {
                let Some(known) = catalog.get(&row.sop.value) else {
                    continue;
                };
                let had: Vec<&str> = known.versions.iter().map(String::as_str).collect();
                (
                    &row.version,
                    format!(
                        "{} never had the version `{}`; it has had {}",
                        shortened(&known.id),
                        shortened(&row.version.value),
                        listing(&had)
                    ),
                )
            }
        };
        diagnostics.push(Rule::TrainingRecord.finding(
            &file.source.path,
            Some(label(&file.source, cell.offset)),
            message,
        ));
    }
}
