//! SARIF 2.1.0, as GitHub code scanning reads it and Microsoft's SARIF
//! validator accepts it (with its GitHub rules): rules with a name, short
//! and full descriptions, help and a link to it, default levels; results
//! with levels, relative artifact URIs, regions and a partial fingerprint
//! that follows a finding while lines move.

use std::io::{self, Write};

use serde_json::json;

use crate::diagnostic::{Identity, Report, Severity};
use crate::rules::Rule;

/// The key of sop's partial fingerprint: versioned, so that a change of
/// what goes into it can be told from a new finding.
const FINGERPRINT_KEY: &str = "sopFinding/v1";

/// SARIF's `level` is the severity's own name.
fn level(severity: Severity) -> &'static str {
    severity.as_str()
}

/// The name SARIF expects beside an opaque id: `unknown-step` is
/// `UnknownStep`. The validator compares the two ignoring case, so a
/// one-word id gets a second word: `schema` is `SchemaCheck`.
fn rule_name(id: &str) -> String {
    let name: String = id
        .split('-')
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars))
                .into_iter()
                .flatten()
        })
        .collect();
    if name.eq_ignore_ascii_case(id) {
        name + "Check"
    } else {
        name
    }
}

/// What the rule finds and why it matters: the documentation up to its
/// example, headings dropped and each paragraph on one line. Longer than
/// the one-sentence short description, as the validator asks.
fn full_description(rule: Rule) -> String {
    let docs = rule.docs();
    docs.split("\n\n")
        .take_while(|block| !block.starts_with("## Example"))
        .map(|block| {
            let text = match block.strip_prefix("## ") {
                Some(headed) => headed.split_once('\n').map_or("", |(_, rest)| rest),
                None => block,
            };
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .filter(|paragraph| !paragraph.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<Rule> = Rule::all().collect();
    let descriptors: Vec<serde_json::Value> = rules
        .iter()
        .map(|&rule| {
            json!({
                "id": rule.id(),
                "name": rule_name(rule.id()),
                "shortDescription": { "text": rule.summary() },
                "fullDescription": { "text": full_description(rule) },
                "helpUri": rule.help_uri(),
                "help": { "text": rule.docs(), "markdown": rule.docs() },
                "defaultConfiguration": { "level": level(rule.default_severity()) },
            })
        })
        .collect();
    let identities = Identity::of_all(&report.diagnostics, super::uri);
    let results: Vec<serde_json::Value> = report
        .diagnostics
        .iter()
        .zip(&identities)
        .map(|(diagnostic, identity)| {
            let message = match &diagnostic.help {
                Some(help) => format!("{}\nhelp: {help}", diagnostic.message),
                None => diagnostic.message.clone(),
            };
            let mut location = json!({
                "artifactLocation": { "uri": identity.file },
            });
            location["region"] = match &diagnostic.label {
                Some(label) => json!({
                    "startLine": label.start.line,
                    "startColumn": label.start.column,
                    "endLine": label.end.line,
                    "endColumn": label.end.column,
                }),
                // Code scanning needs a start line: a finding about a whole
                // file (one that was not read) points at its first.
                None => json!({ "startLine": 1 }),
            };
            json!({
                "ruleId": diagnostic.rule,
                "ruleIndex": rules.iter().position(|rule| rule.id() == diagnostic.rule),
                "level": level(diagnostic.severity),
                "message": { "text": message },
                "locations": [{ "physicalLocation": location }],
                "partialFingerprints": { FINGERPRINT_KEY: identity.fingerprint() },
            })
        })
        .collect();
    let document = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "sop",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_HOMEPAGE"),
                    "rules": descriptors,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_pascal_case_and_differ_from_ids() {
        assert_eq!(rule_name("unknown-step"), "UnknownStep");
        assert_eq!(rule_name("schema"), "SchemaCheck");
        for rule in Rule::all() {
            assert!(!rule_name(rule.id()).eq_ignore_ascii_case(rule.id()));
        }
    }

    #[test]
    fn full_descriptions_say_more_than_the_short_ones() {
        for rule in Rule::all() {
            let full = full_description(rule);
            assert!(full.starts_with(&rule.summary()), "{}", rule.id());
            assert!(full.len() > rule.summary().len(), "{}", rule.id());
            assert!(
                !full.contains("##") && !full.contains("```"),
                "{}",
                rule.id()
            );
        }
    }
}
