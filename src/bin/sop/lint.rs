//! `sop lint`: the findings in the chosen format, and the exit status.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use sop::baseline::Scope;
use sop::date::Date;
use sop::diagnostic::Severity;
use sop::lint::{self, Levels, Selection};
use sop::output::{self, Format};
use sop::rules::Rule;

use crate::{ProjectArgs, parse_date, stdin};

/// The examples at the end of `--help`.
pub const EXAMPLES: &str = "\
Examples:
  sop lint                                  # the project's SOP folder
  sop lint sops/customer-service --format json
  sop lint --format github --deny-warnings  # annotations in GitHub Actions
  sop lint --quiet                          # findings only, no summary line
  sop lint --baseline sop-baseline.json     # only the findings the baseline does not record
  sop lint --select unknown-step,no-exit    # only these rules, for this run
  sop lint - --stdin-filename sops/CS-010.yaml < draft.yaml   # an editor's buffer";

mod baseline;

#[derive(clap::Args)]
pub struct LintArgs {
    #[command(flatten)]
    project: ProjectArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,
    /// Exit with 1 on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// The date `review-overdue` compares with, YYYY-MM-DD (default: today).
    #[arg(long, value_parser = parse_date)]
    today: Option<Date>,
    /// Findings only: no summary line.
    #[arg(short, long)]
    quiet: bool,
    /// The SOP file that standard input (`-` among the paths) stands for: shown in findings, and where its project is found.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Run only these rules, even those sop.toml turns off (ids, comma-separated, repeatable).
    #[arg(long, value_name = "RULE", value_delimiter = ',', value_parser = parse_rule)]
    select: Vec<Rule>,
    /// Do not run these rules (ids, comma-separated, repeatable).
    #[arg(long, value_name = "RULE", value_delimiter = ',', value_parser = parse_rule)]
    ignore: Vec<Rule>,
    #[command(flatten)]
    baseline: baseline::BaselineArgs,
    /// Do not read or write the cache (.sop-cache/ at the project root): every file is read.
    #[arg(long, env = "SOP_NO_CACHE", value_parser = clap::builder::FalseyValueParser::new())]
    no_cache: bool,
}

fn parse_rule(id: &str) -> Result<Rule, String> {
    id.parse()
        .map_err(|unknown: lint::UnknownRule| unknown.to_string())
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Human,
    Json,
    Sarif,
    Github,
    Junit,
    Gitlab,
}

pub fn run(mut args: LintArgs) -> anyhow::Result<ExitCode> {
    let overlays = stdin::overlay(&mut args.project, args.stdin_filename)?;
    // Before the load: its walk starts the threads, which keep the setting.
    if !args.project.names_few_files() {
        crate::return_freed_memory_at_once();
    }
    let project = args.project.load_with(overlays, !args.no_cache)?;
    let selection = Selection {
        select: args.select,
        ignore: args.ignore,
    };
    let levels = Levels::new(&project.config)?.narrowed(&selection);
    let run = lint::check_cached(&project, args.today.unwrap_or_else(Date::today), &levels);
    let mut report = run.report;
    if let Some(error) = run.unsaved.filter(|_| !args.quiet) {
        crate::warn(&format!(
            "{error} (the next run reads every file again; --no-cache skips the cache)"
        ))?;
    }
    if let Some(file) = args.baseline.recording() {
        baseline::record(&project, &Scope::of(&project, &levels), &report, file)?;
        return Ok(ExitCode::SUCCESS);
    }
    let left_out = args.baseline.leave_out(&project, &levels, &mut report)?;
    let failing = report.count(Severity::Error) > 0
        || (args.deny_warnings && report.count(Severity::Warning) > 0);
    let code = if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    let format = match args.format {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Sarif => Format::Sarif,
        FormatArg::Github => Format::Github,
        FormatArg::Junit => Format::Junit,
        FormatArg::Gitlab => Format::Gitlab,
    };
    let written = (|| -> std::io::Result<()> {
        let mut stdout = anstream::stdout().lock();
        output::render(format, &report, &mut stdout)?;
        stdout.flush()?;
        if format == Format::Human && !args.quiet {
            writeln!(anstream::stderr(), "{}{left_out}", output::summary(&report))?;
        }
        Ok(())
    })();
    match written {
        // The findings decide the status even when the reader stopped early.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(code),
        Err(error) => Err(error.into()),
        Ok(()) => Ok(code),
    }
}
