//! SARIF 2.1.0, as GitHub code scanning reads it: rules with descriptions and
//! default levels, results with levels, relative artifact URIs and regions.

use std::io::{self, Write};

use serde_json::json;

use crate::diagnostic::Report;
use crate::diagnostic::Severity;
use crate::rules::Rule;

/// SARIF's `level` is the severity's own name.
fn level(severity: Severity) -> &'static str {
    severity.as_str()
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<Rule> = Rule::all().collect();
    let descriptors: Vec<serde_json::Value> = rules
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id(),
                "name": rule.id(),
                "shortDescription": { "text": rule.summary() },
                "fullDescription": { "text": rule.summary() },
                "help": { "text": rule.docs(), "markdown": rule.docs() },
                "defaultConfiguration": { "level": level(rule.default_severity()) },
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = report
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let message = match &diagnostic.help {
                Some(help) => format!("{}\nhelp: {help}", diagnostic.message),
                None => diagnostic.message.clone(),
            };
            let mut location = json!({
                "artifactLocation": { "uri": super::uri(&diagnostic.path) },
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
