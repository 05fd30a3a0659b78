//! `sop lint`: runs the rules of the registry on a loaded project, in
//! parallel per SOP, then the rules across SOPs, applies the suppression
//! comments of each file and the levels of `sop.toml`. A rule turned `off`
//! is not run.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

mod cached;

pub use cached::{CachedRun, check_cached};

use crate::config::{self, Config, Level};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Report, Severity};
use crate::limits::Limits;
use crate::project::index::{SopSet, Summary};
use crate::project::{Cause, Content, Document, Kind, Model, Project};
use crate::rules::limit_exceeded;
use crate::rules::{Context, Rule, Run, Settings};
use crate::suggest;
use crate::suppression::{self, FileSuppressions};
use crate::training;

/// The severity of each rule after `sop.toml`; a rule missing is off.
#[derive(Debug, Clone)]
pub struct Levels {
    /// Looked up for every rule of every file: hashed fast (the keys are
    /// the registry's, not the files').
    severities: FxHashMap<Rule, Severity>,
}

impl Levels {
    /// The defaults with the `[rules]` of `config`; an unknown rule id is an error.
    pub fn new(config: &Config) -> Result<Levels, config::Error> {
        let mut severities: FxHashMap<Rule, Severity> = Rule::all()
            .map(|rule| (rule, rule.default_severity()))
            .collect();
        for line in &config.rules {
            let rule: Rule = line
                .id
                .parse()
                .map_err(|unknown: UnknownRule| config.invalid_rule(line, unknown.to_string()))?;
            match line.level {
                Level::Off => severities.remove(&rule),
                Level::Error => severities.insert(rule, Severity::Error),
                Level::Warning => severities.insert(rule, Severity::Warning),
            };
        }
        Ok(Levels { severities })
    }

    /// These levels for one run of the command line: with `select`, only
    /// its rules are on, at their `sop.toml` severity, or at their default
    /// one when `sop.toml` turns them off (the command line wins); the
    /// rules of `ignore` are off, selected or not.
    pub fn narrowed(mut self, selection: &Selection) -> Levels {
        if !selection.select.is_empty() {
            self.severities = selection
                .select
                .iter()
                .map(|&rule| {
                    let severity = self.severities.get(&rule).copied();
                    (rule, severity.unwrap_or_else(|| rule.default_severity()))
                })
                .collect();
        }
        for rule in &selection.ignore {
            self.severities.remove(rule);
        }
        self
    }

    /// The rules that run and their severities, in registry order: one
    /// line, for the cache's key.
    fn describe(&self) -> String {
        Rule::all()
            .filter_map(|rule| {
                Some(format!(
                    "{}={} ",
                    rule.id(),
                    self.severities.get(&rule)?.as_str()
                ))
            })
            .collect()
    }

    /// Whether the rule runs.
    pub fn is_on(&self, rule: Rule) -> bool {
        self.severities.contains_key(&rule)
    }

    /// The finding at its configured severity, or `None` when its rule is off.
    fn apply(&self, mut diagnostic: Diagnostic) -> Option<Diagnostic> {
        let rule = Rule::from_id(diagnostic.rule)?;
        diagnostic.severity = *self.severities.get(&rule)?;
        Some(diagnostic)
    }
}

/// The rules of one run named on the command line (`--select`, `--ignore`),
/// over the levels of `sop.toml`: see [`Levels::narrowed`].
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub select: Vec<Rule>,
    pub ignore: Vec<Rule>,
}

/// A rule id that names no rule, with the closest one for "did you mean".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown rule `{id}`{}; `sop rule` lists them", suggest::did_you_mean(*.closest))]
pub struct UnknownRule {
    pub id: String,
    pub closest: Option<&'static str>,
}

/// Rule ids as users write them, in `sop.toml` and on the command line.
impl std::str::FromStr for Rule {
    type Err = UnknownRule;

    fn from_str(id: &str) -> Result<Rule, UnknownRule> {
        Rule::from_id(id).ok_or_else(|| {
            let ids: Vec<&'static str> = Rule::all().map(Rule::id).collect();
            UnknownRule {
                id: id.to_string(),
                closest: suggest::closest(id, &ids),
            }
        })
    }
}

/// Lints the files given to the project with its configuration, on `today`.
pub fn check(project: &Project, today: Date) -> Result<Report, config::Error> {
    Ok(check_with(project, today, &Levels::new(&project.config)?))
}

/// Lints like [`check`] at `levels`: those of `sop.toml` narrowed for one
/// run by [`Levels::narrowed`].
pub fn check_with(project: &Project, today: Date, levels: &Levels) -> Report {
    lint(project, &settings(project, today), levels, |_| None::<()>).0
}

/// Lints like [`check`], and keeps what `keep` makes of each SOP document
/// once it is checked: `sop render` lints and renders from one read.
pub fn check_keeping<T: Send>(
    project: &Project,
    today: Date,
    keep: impl Fn(Document) -> Option<T> + Sync,
) -> Result<(Report, Vec<T>), config::Error> {
    let levels = Levels::new(&project.config)?;
    Ok(lint(project, &settings(project, today), &levels, keep))
}

/// What the rules read from the configuration, and the date.
fn settings(project: &Project, today: Date) -> Settings {
    Settings {
        today,
        allowed_acronyms: project.config.acronyms.allow.clone(),
        limits: project.config.limits,
        review_interval: project.config.review_interval,
    }
}

/// Lints the files given to the project, keeping what `keep` makes of each SOP.
pub fn lint<T: Send>(
    project: &Project,
    settings: &Settings,
    levels: &Levels,
    keep: impl Fn(Document) -> Option<T> + Sync,
) -> (Report, Vec<T>) {
    let training = Training::of(project, levels);
    let checked = project.read_all(|document| {
        let checked = training.check_file(project, &document, settings, levels);
        (checked, keep(document))
    });
    // Each file's findings are moved once, into the run's tables, not
    // first into a vector of their own: on the one thread, after the rest.
    let mut kept = Vec::new();
    let files = checked.into_iter().map(|(file, keep)| {
        kept.extend(keep);
        file
    });
    let report = across_files(project, settings, levels, &training, files);
    (report, kept)
}

/// The training records of a run, when it checks them.
struct Training {
    records: Option<training::Records>,
    /// The roles the roster knows, which [`training::Known`] looks for.
    roster_roles: BTreeSet<String>,
}

impl Training {
    fn of(project: &Project, levels: &Levels) -> Training {
        // The training records are about every SOP: checked when all are given.
        let records = (levels.is_on(Rule::TrainingRecord) && project.whole_sop_folder)
            .then(|| training::Records::load(project));
        let roster_roles = records
            .as_ref()
            .and_then(|records| records.roster.as_ref())
            .map(training::Roster::roles)
            .unwrap_or_default();
        Training {
            records,
            roster_roles,
        }
    }

    /// What one SOP file gives the run: the same for the same text, under
    /// the same configuration, glossaries, date and rules (which is what
    /// the cache relies on).
    fn check_file(
        &self,
        project: &Project,
        document: &Document,
        settings: &Settings,
        levels: &Levels,
    ) -> FileFindings {
        FileFindings {
            findings: check_document(project, document, settings, levels),
            suppressions: suppressions_of(document),
            summary: document.summary(),
            known: self
                .records
                .as_ref()
                .and_then(|_| training::Known::of_document(document, &self.roster_roles)),
        }
    }
}

/// What linting one SOP file gives the rest of the run.
#[derive(serde::Serialize, serde::Deserialize)]
struct FileFindings {
    findings: Vec<Diagnostic>,
    suppressions: Option<FileSuppressions>,
    summary: Summary,
    known: Option<training::Known>,
}

/// The report from what each file gave: the glossaries' and unreadable
/// paths' findings, the rules across SOPs and the training records, then
/// suppressions, levels, order and the cap per file.
fn across_files(
    project: &Project,
    settings: &Settings,
    levels: &Levels,
    training: &Training,
    checked: impl ExactSizeIterator<Item = FileFindings>,
) -> Report {
    let mut diagnostics = Vec::new();
    let mut suppressions = Vec::new();
    let mut summaries = Vec::with_capacity(checked.len());
    let mut known = Vec::with_capacity(if training.records.is_some() {
        checked.len()
    } else {
        0
    });
    for file in checked {
        diagnostics.extend(file.findings);
        suppressions.extend(file.suppressions);
        summaries.push(file.summary);
        known.extend(file.known);
    }
    for glossary in project.given_glossaries() {
        diagnostics.extend(load_findings(glossary));
        suppressions.extend(suppressions_of(glossary));
    }
    for problem in &project.problems {
        diagnostics.push(Rule::UnreadableFile.finding(&problem.path, None, &problem.message));
    }
    let linked = project.linked(&summaries);
    let set = SopSet::new(summaries, linked, &project.others);
    let catalog = training::Catalog::new(known);
    for rule in Rule::all().filter(|rule| levels.is_on(*rule)) {
        match (rule.run(), &training.records) {
            (Run::Project(check), _) => check(&set, &mut diagnostics),
            (Run::Training(check), Some(records)) => check(records, &catalog, &mut diagnostics),
            _ => {}
        }
    }
    // Before the cap, so a file's suppressed findings do not hide others.
    let diagnostics = suppression::apply(diagnostics, suppressions, |rule| levels.is_on(rule));
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
        diagnostics: cap_per_file(diagnostics, settings.limits.findings_per_file),
        files: project.file_count(),
        checked: project.given_paths().map(Path::to_path_buf).collect(),
    }
}

/// Keeps the first `limit` findings of each file (in report order) and sums
/// up the rest in one `limit-exceeded` finding at the file's place, as severe
/// as the worst finding it stands for, so the exit status does not change.
fn cap_per_file(diagnostics: Vec<Diagnostic>, limit: usize) -> Vec<Diagnostic> {
    let mut counts: HashMap<&Path, usize> = HashMap::new();
    for diagnostic in &diagnostics {
        *counts.entry(diagnostic.path.as_path()).or_default() += 1;
    }
    if counts.values().all(|&count| count <= limit) {
        return diagnostics;
    }
    let over: HashMap<PathBuf, usize> = counts
        .into_iter()
        .filter(|&(_, count)| count > limit)
        .map(|(path, count)| (path.to_path_buf(), count))
        .collect();
    let mut kept = Vec::with_capacity(diagnostics.len());
    let mut seen: HashMap<PathBuf, (usize, Omitted)> = HashMap::new();
    for diagnostic in diagnostics {
        let Some(&total) = over.get(&diagnostic.path) else {
            kept.push(diagnostic);
            continue;
        };
        let (shown, omitted) = seen.entry(diagnostic.path.clone()).or_default();
        *shown += 1;
        if *shown <= limit {
            kept.push(diagnostic);
        } else {
            omitted.add(diagnostic.severity);
            if *shown == total {
                kept.push(omitted.finding(&diagnostic.path, limit));
            }
        }
    }
    kept
}

/// The findings of one file left out of a report.
#[derive(Default)]
struct Omitted {
    errors: usize,
    warnings: usize,
}

impl Omitted {
    fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
    }

    fn finding(&self, path: &Path, limit: usize) -> Diagnostic {
        let severity = if self.errors > 0 {
            Severity::Error
        } else {
            Severity::Warning
        };
        Diagnostic::new(
            Rule::LimitExceeded.id(),
            severity,
            path,
            None,
            format!(
                "and {} more findings in this file ({} errors, {} warnings), not shown: at most {limit} are shown per file",
                self.errors + self.warnings,
                self.errors,
                self.warnings
            ),
        )
        .with_help("fix the findings above first, or raise `findings-per-file` under `[limits]` in sop.toml")
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
            Model::Glossary(terms) => {
                let schema = terms.problems.iter().map(|(label, message)| {
                    Rule::Schema.finding(&document.path, Some(label.clone()), message)
                });
                let limit = terms.past_limit.iter().map(|(label, message)| {
                    Rule::LimitExceeded
                        .finding(&document.path, Some(label.clone()), message)
                        .with_help("move terms to the glossaries of the folders that use them, or raise `glossary-terms` under `[limits]` in sop.toml")
                });
                schema.chain(limit).collect()
            }
            Model::Sop { .. } | Model::NotAMapping => Vec::new(),
        },
    }
}

/// The suppression comments of a parsed file. A file that does not parse
/// has none: which of its `#` start comments is not known.
fn suppressions_of(document: &Document) -> Option<FileSuppressions> {
    let Content::Parsed(parsed) = &document.content else {
        return None;
    };
    // A glossary keeps no tree (see `Parsed::root`): its text is parsed again.
    let root = (document.kind == Kind::Sop).then_some(&parsed.root);
    FileSuppressions::of(&parsed.source, root)
}

/// Why the flowchart of a document is not drawn (its SOP is past a limit
/// of charts), as the `limit-exceeded` findings of `sop lint`.
pub fn chart_findings(document: &Document, limits: &Limits) -> Vec<Diagnostic> {
    match &document.content {
        Content::Parsed(parsed) => match &parsed.model {
            Model::Sop { sop, flow } => {
                limit_exceeded::chart_findings(&parsed.source, sop, flow, limits)
            }
            Model::Glossary(_) | Model::NotAMapping => Vec::new(),
        },
        Content::Failed(_) => Vec::new(),
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
    let glossary = project.glossary_for(document);
    let context = match &parsed.model {
        Model::Sop { sop, flow } => Some(Context {
            source: &parsed.source,
            root: &parsed.root,
            parsed,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn levels(toml: &str) -> Levels {
        let path = Path::new("/project/sop.toml");
        let config = Config::parse(path, Path::new("sop.toml"), toml.to_string()).unwrap();
        Levels::new(&config).unwrap()
    }

    fn selection(select: &[Rule], ignore: &[Rule]) -> Selection {
        Selection {
            select: select.to_vec(),
            ignore: ignore.to_vec(),
        }
    }

    #[test]
    fn select_keeps_only_its_rules_at_their_configured_severity() {
        let narrowed = levels("[rules]\nunused-term = \"error\"\n")
            .narrowed(&selection(&[Rule::UnusedTerm, Rule::UnknownStep], &[]));
        assert_eq!(narrowed.severities.len(), 2);
        assert_eq!(narrowed.severities[&Rule::UnusedTerm], Severity::Error);
        assert_eq!(narrowed.severities[&Rule::UnknownStep], Severity::Error);
        assert!(!narrowed.is_on(Rule::Schema));
    }

    #[test]
    fn select_turns_on_a_rule_that_sop_toml_turns_off_at_its_default() {
        let configured = levels("[rules]\nunused-term = \"off\"\n");
        assert!(!configured.is_on(Rule::UnusedTerm));
        let narrowed = configured.narrowed(&selection(&[Rule::UnusedTerm], &[]));
        assert_eq!(narrowed.severities[&Rule::UnusedTerm], Severity::Warning);
    }

    #[test]
    fn ignore_turns_rules_off_even_selected_ones() {
        let narrowed = levels("").narrowed(&selection(&[], &[Rule::YamlSyntax, Rule::Schema]));
        assert!(!narrowed.is_on(Rule::YamlSyntax) && !narrowed.is_on(Rule::Schema));
        assert_eq!(narrowed.severities.len(), Rule::all().count() - 2);
        let both = levels("").narrowed(&selection(&[Rule::Schema], &[Rule::Schema]));
        assert!(both.severities.is_empty());
    }

    #[test]
    fn an_empty_selection_changes_nothing() {
        let configured = levels("[rules]\nreview-overdue = \"error\"\nunused-term = \"off\"\n");
        let narrowed = configured.clone().narrowed(&Selection::default());
        assert_eq!(narrowed.severities, configured.severities);
    }

    #[test]
    fn unknown_rule_ids_get_a_did_you_mean() {
        let unknown = "unused-terms".parse::<Rule>().unwrap_err();
        assert_eq!(
            unknown.to_string(),
            "unknown rule `unused-terms` (did you mean `unused-term`?); `sop rule` lists them"
        );
        let far = "spelling".parse::<Rule>().unwrap_err();
        assert_eq!(far.closest, None);
        assert_eq!("no-exit".parse::<Rule>(), Ok(Rule::NoExit));
    }
}
