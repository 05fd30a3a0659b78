use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::project::index::{IndexEntry, SopSet};
use crate::rules::Rule;
use crate::suggest::listing_of;

declare_rule! {
    /// Finds SOPs that share an `id`. Every SOP given with the repeated id is
    /// reported, each pointing at the others, which may be any SOP of the
    /// project. Ids that differ only in case (`CS-010`, `cs-010`) count as
    /// shared, and the message says so.
    ///
    /// ## Why it matters
    /// Steps `call` SOPs by id and handbooks link to them by id: with two SOPs
    /// of one id, a reader may follow the wrong procedure. Ids that differ
    /// only in case are read as one, and their handbook pages and charts
    /// would be one file on Windows and macOS, which ignore case in file
    /// names (`sop` keeps them apart with a suffix on one of the names).
    ///
    /// ## Example
    /// ```yaml
    /// # sops/complaints.yaml
    /// id: CS-010
    /// # sops/refunds.yaml
    /// id: CS-010      # give the refunds SOP an id of its own
    /// # sops/returns.yaml
    /// id: cs-010      # one id to a reader, and one file name to Windows
    /// ```
    pub struct DuplicateSopId;
}

pub fn check(set: &SopSet, diagnostics: &mut Vec<Diagnostic>) {
    let mut by_id: BTreeMap<String, Vec<&IndexEntry>> = BTreeMap::new();
    for entry in &set.ids {
        by_id
            .entry(entry.id.to_lowercase())
            .or_default()
            .push(entry);
    }
    for entries in by_id.values().filter(|entries| entries.len() > 1) {
        for (index, entry) in entries.iter().enumerate().filter(|(_, e)| e.given) {
            let (same, cased): (Vec<&IndexEntry>, Vec<&IndexEntry>) = entries
                .iter()
                .enumerate()
                .filter(|(other, _)| *other != index)
                .map(|(_, other)| *other)
                .partition(|other| other.id == entry.id);
            let mut parts = Vec::new();
            if !same.is_empty() {
                let named = same.iter().map(|other| other.path.display().to_string());
                parts.push(format!("is also used by {}", listing_of(named, same.len())));
            }
            if !cased.is_empty() {
                let named = cased
                    .iter()
                    .map(|other| format!("`{}` of {}", other.id, other.path.display()));
                parts.push(format!(
                    "differs only in case from {}",
                    listing_of(named, cased.len())
                ));
            }
            let message = format!("the SOP id `{}` {}", entry.id, parts.join(", and "));
            let help = if cased.is_empty() {
                "every SOP needs an id of its own"
            } else {
                "every SOP needs an id of its own, even ignoring case"
            };
            diagnostics.push(
                Rule::DuplicateSopId
                    .finding(&entry.path, entry.label.clone(), message)
                    .with_help(help),
            );
        }
    }
}
