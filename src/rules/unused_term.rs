use crate::acronym::words;
use crate::diagnostic::Diagnostic;
use crate::model::TextOwner;
use crate::rules::Context;
use crate::rules::Rule;
use crate::term_search;

declare_rule! {
    /// Finds a `terms` entry that no text of the SOP uses (the term's own
    /// definition does not count).
    ///
    /// An acronym term (`FCR`) is matched as a word, case-sensitively, also in
    /// the plural (`FCRs`) and inside hyphenated words (`FCR-based`); any other
    /// term (`Warm transfer`) is matched as whole words, ignoring case, also in
    /// the plural (`warm transfers`). All terms are searched at once, in one
    /// pass over the text.
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
    let sop = context.sop;
    if sop.terms.is_empty() {
        return;
    }
    // Split lazily: the search stops once every term is used.
    let texts = sop.texts().into_iter().map(|(owner, text)| {
        let own = match owner {
            TextOwner::TermDefinition(index) => Some(index),
            _ => None,
        };
        (own, words(&text.value))
    });
    let keys: Vec<&str> = sop.terms.iter().map(|term| term.key.as_str()).collect();
    let used = term_search::used_elsewhere(&keys, texts);
    for (term, _) in sop.terms.iter().zip(used).filter(|(_, used)| !used) {
        diagnostics.push(
            context
                .diagnostic(
                    Rule::UnusedTerm,
                    term.key_span,
                    format!("the term `{}` is not used in this SOP", term.key),
                )
                .with_help(
                    "remove it from `terms`, or move it to a glossary.yaml if other SOPs use it",
                ),
        );
    }
}
