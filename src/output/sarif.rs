//! SARIF 2.1.0, as GitHub code scanning reads it: rules with descriptions and
//! default levels, results with levels, relative artifact URIs and regions.

use std::io::{self, Write};

use serde_json::json;

use crate::diagnostic::Severity;
use crate::lint::Report;
use crate::rules::Rule;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
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
                "artifactLocation": { "uri": super::uri(&super::relative(&diagnostic.path)) },
            });
            if let Some(label) = &diagnostic.label {
                location["region"] = json!({
                    "startLine": label.start.line,
                    "startColumn": label.start.column,
                    "endLine": label.end.line,
                    "endColumn": label.end.column,
                });
            }
            json!({
                "ruleId": diagnostic.rule.id(),
                "ruleIndex": rules.iter().position(|rule| *rule == diagnostic.rule),
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
