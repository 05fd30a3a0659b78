use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::lint::SopSummary;
use crate::rules::Rule;

declare_rule! {
    /// Finds SOPs that share an `id`. Every SOP with the repeated id is
    /// reported, each pointing at the others.
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

pub fn check(summaries: &[SopSummary], diagnostics: &mut Vec<Diagnostic>) {
    let mut by_id: HashMap<&str, Vec<&SopSummary>> = HashMap::new();
    for summary in summaries {
        if let Some((id, _)) = &summary.id {
            by_id.entry(id).or_default().push(summary);
        }
    }
    for (id, sops) in by_id.into_iter().filter(|(_, sops)| sops.len() > 1) {
        // Each file is linted once, so the others are other files.
        for (index, sop) in sops.iter().enumerate() {
            let others: Vec<String> = sops
                .iter()
                .enumerate()
                .filter(|(other, _)| *other != index)
                .map(|(_, other)| other.path.display().to_string())
                .collect();
            let label = sop.id.as_ref().map(|(_, label)| label.clone());
            let message = format!("the SOP id `{id}` is also used by {}", others.join(", "));
            diagnostics.push(
                Diagnostic::new(Rule::DuplicateSopId, &sop.path, label, message)
                    .with_help("every SOP needs an id of its own"),
            );
        }
    }
}
