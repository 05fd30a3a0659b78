use crate::acronym::{self, mentions, words};
use crate::diagnostic::Diagnostic;
use crate::model::TextOwner;
use crate::rules::Context;
use crate::rules::Rule;

declare_rule! {
    /// Finds a `terms` entry that no text of the SOP uses (the term's own
    /// definition does not count).
    ///
    /// An acronym term (`FCR`) is matched as a word, case-sensitively, also in
    /// the plural (`FCRs`) and inside hyphenated words (`FCR-based`); any other
    /// term (`Warm transfer`) is matched as whole words, ignoring case.
    ///
    /// ## Why it matters
    /// Terms left behind after an edit make the glossary of the handbook longer
    /// and suggest the SOP covers something it no longer does. A term shared by
    /// many SOPs belongs in a `glossary.yaml`.
    ///
    /// ## Example
    /// ```yaml
    /// terms:
    ///   IVR: Interactive voice response   # no step mentions IVR
    /// ```
    pub struct UnusedTerm;
}

pub fn check(context: &Context, diagnostics: &mut Vec<Diagnostic>) {
    if context.sop.terms.is_empty() {
        return;
    }
    let texts: Vec<(TextOwner, Vec<&str>)> = context
        .sop
        .texts()
        .into_iter()
        .map(|(owner, text)| (owner, words(&text.value)))
        .collect();
    for (index, term) in context.sop.terms.iter().enumerate() {
        let pattern = words(&term.key);
        let case_sensitive = acronym::is_acronym_shape(&term.key);
        let used = texts
            .iter()
            .filter(|(owner, _)| *owner != TextOwner::TermDefinition(index))
            .any(|(_, words)| mentions(words, &pattern, case_sensitive));
        if !used && !pattern.is_empty() {
            diagnostics.push(
                context
                    .diagnostic(Rule::UnusedTerm, term.key_span, format!("the term `{}` is not used in this SOP", term.key))
                    .with_help("remove it from `terms`, or move it to a glossary.yaml if other SOPs use it"),
            );
        }
    }
}
