use std::collections::BTreeMap;
use std::hash::Hasher;

use rustc_hash::{FxHashSet, FxHasher};

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
    // Only the ids of SOPs given are grouped: linting one file of 10,000
    // hashes 10,000 ids but lowercases and groups the few that match it.
    let given: FxHashSet<u64> = (set.ids.iter())
        .filter(|entry| entry.given)
        .map(|entry| folded(&entry.id))
        .collect();
    let mut by_id: BTreeMap<String, Vec<&IndexEntry>> = BTreeMap::new();
    for entry in (set.ids.iter()).filter(|entry| given.contains(&folded(&entry.id))) {
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

/// The hash of `id` lowercased (as [`str::to_lowercase`] does), built
/// without the lowercased string when the id is ASCII, as ids mostly are.
fn folded(id: &str) -> u64 {
    let mut hasher = FxHasher::default();
    if id.is_ascii() {
        id.bytes()
            .for_each(|byte| hasher.write_u8(byte.to_ascii_lowercase()));
    } else {
        id.to_lowercase()
            .bytes()
            .for_each(|byte| hasher.write_u8(byte));
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_lowercase_alike_fold_alike() {
        let alike = [
            ("CS-010", "cs-010"),
            ("Cs-010", "cS-010"),
            ("ÉTÉ-1", "été-1"),
            ("ΟΔΟΣ", "οδος"),
            ("ΟΔΟΣ", "ΟΔΟΣ"),
        ];
        for (a, b) in alike {
            assert_eq!(a.to_lowercase(), b.to_lowercase(), "{a} {b}");
            assert_eq!(folded(a), folded(b), "{a} {b}");
        }
        assert_ne!(folded("CS-010"), folded("CS-011"));
        assert_eq!(folded("CS-010"), folded(&"CS-010".to_lowercase()));
    }
}
