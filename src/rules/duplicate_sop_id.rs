use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::project::index::{IndexEntry, SopSet};
use crate::rules::Rule;
use crate::suggest::listing_of;

declare_rule! {
    /// Finds SOPs that share an `id`. Every SOP given with the repeated id is
    /// reported, each pointing at the others, which may be any SOP of the
    /// project.
    ///
    /// ## Why it matters
    /// Steps `call` SOPs by id and handbooks link to them by id: with two SOPs
    /// of one id, a reader may follow the wrong procedure.
    ///
    /// ## Example
    /// ```yaml
    /// # sops/complaints.yaml
    /// id: CS-010
    /// # sops/refunds.yaml
    /// id: CS-010      # give the refunds SOP an id of its own
    /// ```
    pub struct DuplicateSopId;
}

pub fn check(set: &SopSet, diagnostics: &mut Vec<Diagnostic>) {
    let mut by_id: HashMap<&str, Vec<&IndexEntry>> = HashMap::new();
    for entry in &set.ids {
        by_id.entry(&entry.id).or_default().push(entry);
    }
    for (id, entries) in by_id.into_iter().filter(|(_, entries)| entries.len() > 1) {
        for (index, entry) in entries.iter().enumerate().filter(|(_, e)| e.given) {
            let others = entries
                .iter()
                .enumerate()
                .filter(|(other, _)| *other != index)
                .map(|(_, other)| other.path.display().to_string());
            let named = listing_of(others, entries.len() - 1);
            let message = format!("the SOP id `{id}` is also used by {named}");
            diagnostics.push(
                Rule::DuplicateSopId
                    .finding(&entry.path, entry.label.clone(), message)
                    .with_help("every SOP needs an id of its own"),
            );
        }
    }
}
