//! `sop approve`: records an approval in each SOP file given, or says why
//! not. Files are independent: the clean ones are approved, and the exit
//! status is 1 when any was refused.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use sop::control::approve::{self, Approval, Approved, Approver};
use sop::control::write;
use sop::date::Date;
use sop::diagnostic::{Diagnostic, Report, Severity};
use sop::lint;
use sop::model::Sop;
use sop::output::{self, Format};
use sop::project::{Content, Document, Model};

use crate::{ProjectArgs, parse_date};

/// The examples at the end of `--help`.
pub const EXAMPLES: &str = "\
Examples:
  sop approve sops/customer-service/CS-030-voicemail-response.yaml --by \"Dana Reyes, Head of Customer Service\"
  sop approve sops/branch/*.yaml --by \"Sam Okafor, Branch Manager\" --on 2026-11-20";

#[derive(clap::Args)]
pub struct ApproveArgs {
    /// The SOP files to approve.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Who approves: name and function, e.g. "Dana Reyes, Head of Customer Service".
    #[arg(long, value_name = "NAME, FUNCTION", value_parser = parse_approver)]
    by: Approver,
    /// The date of the approval, YYYY-MM-DD (default: today).
    #[arg(long, value_parser = parse_date)]
    on: Option<Date>,
    /// The date taken as today, YYYY-MM-DD, as for `sop lint` (default: today).
    #[arg(long, value_parser = parse_date)]
    today: Option<Date>,
    /// The configuration file (default: the nearest sop.toml above the files).
    #[arg(long)]
    config: Option<PathBuf>,
}

fn parse_approver(text: &str) -> Result<Approver, String> {
    text.parse()
        .map_err(|error: approve::ApproverError| error.to_string())
}

pub fn run(args: ApproveArgs) -> anyhow::Result<ExitCode> {
    let today = args.today.unwrap_or_else(Date::today);
    let approval = Approval::new(args.by, args.on.unwrap_or(today), today).context("--on")?;
    for file in &args.files {
        if file.is_dir() {
            anyhow::bail!(
                "{}: a folder: give the SOP files to approve, one by one or with a glob such as sops/*.yaml",
                file.display()
            );
        }
    }
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let project = ProjectArgs {
        paths: args.files,
        config: args.config,
        no_ignore: false,
    }
    .load()?;
    let (report, documents) = lint::check_keeping(&project, today, Some)?;
    let mut stderr = anstream::stderr().lock();
    let mut refused = 0;
    for document in &documents {
        let blocking = blocking_errors(&report, document);
        let outcome = if blocking.is_empty() {
            approve_document(document, &approval, &cwd)
        } else {
            let count = blocking.len();
            show_findings(blocking, &mut stderr)?;
            Outcome::Refused(format!(
                "{count} lint error{} (above): fix {} and approve again",
                if count == 1 { "" } else { "s" },
                if count == 1 { "it" } else { "them" }
            ))
        };
        refused += usize::from(matches!(outcome, Outcome::Refused(_)));
        outcome.tell(&document.path, &approval, &mut stderr)?;
    }
    for glossary in project.given_glossaries() {
        refused += 1;
        let outcome =
            Outcome::Refused("a glossary, not an SOP: there is nothing to approve".into());
        outcome.tell(&glossary.path, &approval, &mut stderr)?;
    }
    // Paths not read (a link out of the project, a special file): their
    // message says why, without a finding that would say it again.
    for problem in &project.problems {
        refused += 1;
        Outcome::Refused(problem.message.clone()).tell(&problem.path, &approval, &mut stderr)?;
    }
    Ok(if refused == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The errors of `document` that stop its approval: all but those that
/// approving settles.
fn blocking_errors(report: &Report, document: &Document) -> Vec<Diagnostic> {
    let settled = |finding: &Diagnostic| match &document.content {
        Content::Parsed(parsed) => approve::settles(finding, &parsed.source, &parsed.root),
        Content::Failed(_) => false,
    };
    report
        .diagnostics
        .iter()
        .filter(|d| d.path == document.path && d.severity == Severity::Error)
        .filter(|d| !settled(d))
        .cloned()
        .collect()
}

fn show_findings(diagnostics: Vec<Diagnostic>, out: &mut dyn Write) -> std::io::Result<()> {
    let report = Report {
        diagnostics,
        files: 1,
        ..Report::default()
    };
    output::render(Format::Human, &report, out)
}

/// What became of one file.
enum Outcome<'a> {
    Approved(&'a Sop, Approved),
    Unchanged(&'a Sop, Approved),
    Refused(String),
}

/// Approves one document with no blocking findings, and writes it.
fn approve_document<'a>(document: &'a Document, approval: &Approval, cwd: &Path) -> Outcome<'a> {
    let parsed = match &document.content {
        Content::Parsed(parsed) => parsed,
        // Its finding was not an error (its rule is turned down in sop.toml).
        Content::Failed(failure) => return Outcome::Refused(failure.message.clone()),
    };
    let Model::Sop { sop, .. } = &parsed.model else {
        return Outcome::Refused(approve::Refusal::NotAnSop.to_string());
    };
    let text = &parsed.source.text;
    match approve::approve(text, &parsed.root, approval) {
        Err(refusal) => Outcome::Refused(refusal.to_string()),
        Ok(approved) => match &approved.text {
            None => Outcome::Unchanged(sop, approved),
            Some(new) => match write::replace_text(&cwd.join(&document.path), text, new) {
                Ok(()) => Outcome::Approved(sop, approved),
                Err(error) => Outcome::Refused(error.to_string()),
            },
        },
    }
}

impl Outcome<'_> {
    /// One line on what became of the file at `path`.
    fn tell(&self, path: &Path, approval: &Approval, out: &mut dyn Write) -> std::io::Result<()> {
        let path = path.display();
        let line = match self {
            Outcome::Approved(sop, approved) => format!(
                "approved {} ({path}){}",
                id(sop),
                record(sop, approved, approval)
            ),
            Outcome::Unchanged(sop, approved) => format!(
                "unchanged: {} ({path}) is already approved{}",
                id(sop),
                record(sop, approved, approval)
            ),
            Outcome::Refused(reason) => format!("refused {path}: {reason}"),
        };
        // SOP text (a version, a path) may hold what a terminal acts on.
        writeln!(out, "{}", output::terminal_safe(&line))
    }
}

fn id(sop: &Sop) -> &str {
    sop.id.as_ref().map_or("the SOP", |id| id.value.as_str())
}

/// `version 1.2: sha256:<short> by NAME, FUNCTION on DATE`.
fn record(sop: &Sop, approved: &Approved, approval: &Approval) -> String {
    let version = sop
        .version
        .as_ref()
        .map_or_else(String::new, |version| format!(" version {}", version.value));
    format!(
        "{version}: sha256:{} by {} on {}",
        approved.fingerprint.short(),
        approval.by,
        approval.on
    )
}
