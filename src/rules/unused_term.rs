use crate::acronym;
use crate::diagnostic::Diagnostic;
use crate::lint::Context;
use crate::model::TextOwner;
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

/// The words of a text, hyphenated words also split into their parts.
fn words(text: &str) -> Vec<&str> {
    acronym::tokens(text, 0)
        .into_iter()
        .flat_map(|token| token.text.split('-'))
        .filter(|word| word.chars().next().is_some_and(char::is_alphanumeric))
        .collect()
}

/// Whether `pattern` appears as consecutive words (the last one maybe plural).
fn mentions(words: &[&str], pattern: &[&str], case_sensitive: bool) -> bool {
    let same = |word: &str, wanted: &str| {
        if case_sensitive {
            word == wanted
        } else {
            word.eq_ignore_ascii_case(wanted)
                || (!word.is_ascii() && word.to_lowercase() == wanted.to_lowercase())
        }
    };
    words.windows(pattern.len().max(1)).any(|window| {
        window
            .iter()
            .zip(pattern)
            .enumerate()
            .all(|(at, (word, wanted))| {
                let last = at + 1 == pattern.len();
                same(word, wanted)
                    || (last
                        && word
                            .strip_suffix('s')
                            .is_some_and(|stem| same(stem, wanted)))
            })
    })
}
