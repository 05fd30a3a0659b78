use rustc_hash::{FxHashMap, FxHashSet};

use crate::acronym;
use crate::diagnostic::Diagnostic;
use crate::rules::Context;
use crate::rules::Rule;
use crate::yaml::ByteSpan;

declare_rule! {
    /// Finds an acronym used in the SOP's text but defined nowhere: not in
    /// `terms`, not in a `glossary.yaml` of the SOP's folder or a folder above,
    /// and not written out once as `Expanded Words (ABBR)`. Reported once per
    /// acronym, at its first use.
    ///
    /// An acronym is a word of capital letters and digits with at least two
    /// capitals (`CSAT`, `B2B`, `Q&A`; `SOPs` counts as `SOP`). Roman numerals,
    /// RFC 2119 words (`MUST`, `SHOULD`...), `OK`, `AM`, `PM`, `ID` and the
    /// `[acronyms] allow` list of `sop.toml` are not acronyms. Text in URLs and
    /// in `inline code` is not searched.
    ///
    /// ## Why it matters
    /// New employees read SOPs to learn the job. Jargon they cannot look up
    /// turns a procedure into a guessing game.
    ///
    /// ## Example
    /// ```yaml
    /// purpose: Keep CSAT above 4.5.          # CSAT is not defined
    /// terms:
    ///   CSAT: Customer satisfaction score    # defines it
    /// ```
    pub struct UndefinedAcronym;
}

pub fn check(context: &Context, diagnostics: &mut Vec<Diagnostic>) {
    let allowed = |word: &str| context.is_allowed_acronym(word);
    let terms: FxHashSet<&str> = context
        .sop
        .terms
        .iter()
        .map(|term| term.key.as_str())
        .collect();
    // Defined inline, as `Expanded Words (ABBR)`. The glossaries are looked
    // up, not copied: thousands of SOPs share one of thousands of terms.
    let mut inline: FxHashSet<String> = FxHashSet::default();
    // First use of each acronym, in document order.
    let mut first_use: FxHashMap<String, ByteSpan> = FxHashMap::default();
    let mut order = Vec::new();
    for (_, text) in context.sop.texts() {
        let raw = &context.source.text[text.span.start..text.span.end];
        if !acronym::may_hold_acronym(raw) {
            continue;
        }
        let searchable = acronym::searchable(raw, text.style);
        let tokens = acronym::tokens(&searchable, text.span.start);
        inline.extend(
            acronym::inline_definitions(&tokens)
                .into_iter()
                .map(String::from),
        );
        for token in &tokens {
            let Some(word) = acronym::acronym(token.text, &allowed) else {
                continue;
            };
            if !first_use.contains_key(word) {
                let span = ByteSpan {
                    start: token.offset,
                    end: token.offset + token.text.len(),
                };
                first_use.insert(word.to_string(), span);
                order.push(word.to_string());
            }
        }
    }
    for word in order {
        if terms.contains(word.as_str())
            || inline.contains(&word)
            || context.glossary.contains(&word)
        {
            continue;
        }
        diagnostics.push(
            context
                .diagnostic(Rule::UndefinedAcronym, first_use[&word], format!("the acronym `{word}` is not defined"))
                .with_help(format!(
                    "add `{word}` to `terms` or to a glossary.yaml, or write it out once as `Expanded Words ({word})`"
                )),
        );
    }
}
