//! `sop lint`: runs the rules of the registry on a loaded project, in
//! parallel per SOP, then the rules across SOPs, and applies the levels of
//! `sop.toml`. A rule turned `off` is not run.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::config::{self, Config, Level};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Report, Severity};
use crate::project::{Cause, Content, Document, Model, Project};
use crate::rules::{Context, Rule, Run, Settings};
use crate::suggest;

/// The severity of each rule after `sop.toml`; a rule missing is off.
#[derive(Debug, Clone)]
pub struct Levels {
    severities: HashMap<Rule, Severity>,
}

impl Levels {
    /// The defaults with the `[rules]` of `config`; an unknown rule id is an error.
    pub fn new(config: &Config) -> Result<Levels, config::Error> {
        let mut severities: HashMap<Rule, Severity> = Rule::all()
            .map(|rule| (rule, rule.default_severity()))
            .collect();
        for line in &config.rules {
            let Some(rule) = Rule::from_id(&line.id) else {
                let ids: Vec<&str> = Rule::all().map(Rule::id).collect();
                let hint = suggest::closest(&line.id, &ids)
                    .map_or_else(String::new, |id| format!(" (did you mean `{id}`?)"));
                return Err(config.invalid_rule(
                    line,
                    format!("unknown rule `{}`{hint}; `sop rule` lists them", line.id),
                ));
            };
            match line.level {
                Level::Off => severities.remove(&rule),
                Level::Error => severities.insert(rule, Severity::Error),
                Level::Warning => severities.insert(rule, Severity::Warning),
            };
        }
        Ok(Levels { severities })
    }

    fn is_on(&self, rule: Rule) -> bool {
        self.severities.contains_key(&rule)
    }

    /// The finding at its configured severity, or `None` when its rule is off.
    fn apply(&self, mut diagnostic: Diagnostic) -> Option<Diagnostic> {
        let rule = Rule::from_id(diagnostic.rule)?;
        diagnostic.severity = *self.severities.get(&rule)?;
        Some(diagnostic)
    }
}

/// Lints the files given to the project with its configuration, on `today`.
pub fn check(project: &Project, today: Date) -> Result<Report, config::Error> {
    let levels = Levels::new(&project.config)?;
    let settings = Settings {
        today,
        allowed_acronyms: project.config.acronyms.allow.clone(),
    };
    Ok(lint(project, &settings, &levels))
}

/// Lints the files given to the project.
pub fn lint(project: &Project, settings: &Settings, levels: &Levels) -> Report {
    let given: Vec<&Document> = project.given().collect();
    let mut diagnostics: Vec<Diagnostic> = given
        .par_iter()
        .flat_map_iter(|document| check_document(project, document, settings, levels))
        .collect();
    for problem in &project.problems {
        diagnostics.push(Rule::UnreadableFile.finding(&problem.path, None, &problem.message));
    }
    for rule in Rule::all().filter(|rule| levels.is_on(*rule)) {
        if let Run::Project(check) = rule.run() {
            check(project, &mut diagnostics);
        }
    }
    let mut diagnostics: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter_map(|diagnostic| levels.apply(diagnostic))
        .collect();
    // Files that could not be read or parsed first: one mistake there may
    // explain findings elsewhere.
    diagnostics.sort_by(|a, b| {
        (!is_load_failure(a), a.sort_key()).cmp(&(!is_load_failure(b), b.sort_key()))
    });
    Report {
        diagnostics,
        files: given.len() + project.problems.len(),
    }
}

fn is_load_failure(diagnostic: &Diagnostic) -> bool {
    Rule::from_id(diagnostic.rule).is_some_and(|rule| matches!(rule.run(), Run::Load))
}

/// What loading found wrong with one document, as findings.
pub fn load_findings(document: &Document) -> Vec<Diagnostic> {
    match &document.content {
        Content::Failed(failure) => {
            let rule = match failure.cause {
                Cause::NotRead => Rule::UnreadableFile,
                Cause::NotText | Cause::Syntax => Rule::YamlSyntax,
                Cause::Empty => Rule::Schema,
            };
            let diagnostic = rule.finding(&document.path, failure.label.clone(), &failure.message);
            vec![match &failure.help {
                Some(help) => diagnostic.with_help(help),
                None => diagnostic,
            }]
        }
        Content::Parsed(parsed) => match &parsed.model {
            Model::Glossary(terms) => terms
                .problems
                .iter()
                .map(|(label, message)| {
                    Rule::Schema.finding(&document.path, Some(label.clone()), message)
                })
                .collect(),
            Model::Sop { .. } | Model::NotAMapping => Vec::new(),
        },
    }
}

/// The findings of one document: from loading, then of each rule that is on.
fn check_document(
    project: &Project,
    document: &Document,
    settings: &Settings,
    levels: &Levels,
) -> Vec<Diagnostic> {
    let mut diagnostics = load_findings(document);
    let Content::Parsed(parsed) = &document.content else {
        return diagnostics;
    };
    if matches!(parsed.model, Model::Glossary(_)) {
        return diagnostics;
    }
    let glossary = project.glossary_for(document);
    let context = match &parsed.model {
        Model::Sop { sop, flow } => Some(Context {
            source: &parsed.source,
            sop,
            flow,
            glossary: &glossary,
            settings,
        }),
        Model::Glossary(_) | Model::NotAMapping => None,
    };
    for rule in Rule::all().filter(|rule| levels.is_on(*rule)) {
        match (rule.run(), &context) {
            (Run::File(check), _) => check(&parsed.source, &parsed.root, &mut diagnostics),
            (Run::Sop(check), Some(context)) => check(context, &mut diagnostics),
            _ => {}
        }
    }
    diagnostics
}
