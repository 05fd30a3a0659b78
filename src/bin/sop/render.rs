//! `sop render`: lint, then write the handbook.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use sop::date::Date;
use sop::diagnostic::{Report, Severity};
use sop::handbook;
use sop::lint;
use sop::output::{self, Format};

use crate::{ProjectArgs, parse_date, report_skipped};

/// The examples at the end of `--help`.
pub const EXAMPLES: &str = "\
Examples:
  sop render --out handbook                 # HTML: handbook/index.html
  sop render --format markdown --out handbook-md
  sop render --role rep --out rep-handbook  # one job's SOPs and sign-off sheet
  sop render --department \"Customer Service\" --status approved --strict";

#[derive(clap::Args)]
pub struct RenderArgs {
    #[command(flatten)]
    project: ProjectArgs,
    /// Handbook format.
    #[arg(long, value_enum, default_value_t = HandbookFormatArg::Html)]
    format: HandbookFormatArg,
    /// The output folder; replaced whole on each render.
    #[arg(long, default_value = "handbook")]
    out: PathBuf,
    /// A folder of templates that replace the built-in ones file by file.
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Do not render when `sop lint` finds an error.
    #[arg(long)]
    strict: bool,
    /// Only the SOPs of this department.
    #[arg(long)]
    department: Option<String>,
    /// Only the SOPs in which this role has a step: the handbook for one job.
    #[arg(long)]
    role: Option<String>,
    /// Only the SOPs with this status (`retired` shows the retired ones).
    #[arg(long, value_parser = ["draft", "in-review", "approved", "retired"])]
    status: Option<String>,
    /// Retired SOPs too, marked as retired (they are left out by default).
    #[arg(long)]
    include_retired: bool,
    /// The handbook's title.
    #[arg(long, default_value = "SOP handbook")]
    title: String,
    /// The date `review-overdue` compares with and the handbook shows, YYYY-MM-DD (default: today).
    #[arg(long, value_parser = parse_date)]
    today: Option<Date>,
    /// Lint errors only: no summary line, no closing "Rendered N SOPs" line.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum HandbookFormatArg {
    Html,
    Markdown,
}

pub fn run(args: RenderArgs) -> anyhow::Result<ExitCode> {
    // Templates first: a broken override should fail before any work.
    let templates = handbook::templates::Templates::load(args.templates.as_deref())?;
    let today = args.today.unwrap_or_else(Date::today);
    let settings = handbook::Settings {
        format: match args.format {
            HandbookFormatArg::Html => handbook::Format::Html,
            HandbookFormatArg::Markdown => handbook::Format::Markdown,
        },
        filters: handbook::Filters {
            department: args.department,
            role: args.role,
            status: args.status,
            include_retired: args.include_retired,
        },
        title: args.title,
        generated: today.to_string(),
    };
    let project = args.project.load()?;
    // Linted, keeping a digest of each SOP: the handbook reads them again.
    let (report, digests) = lint::check_keeping(&project, today, |document| {
        Some(handbook::Digest::of(&project, &document, &settings.filters))
    })?;
    let mut stderr = anstream::stderr();
    let errors = report.count(Severity::Error);
    if errors > 0 {
        let mut lint_errors = Report {
            diagnostics: report
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .cloned()
                .collect(),
            files: report.files,
            ..Report::default()
        };
        lint_errors.diagnostics.truncate(50);
        output::render(Format::Human, &lint_errors, &mut stderr)?;
        if !args.quiet {
            writeln!(stderr, "{}", output::summary(&report))?;
        }
        if args.strict {
            writeln!(stderr, "Not rendered: --strict stops on lint errors.")?;
            return Ok(ExitCode::from(1));
        }
    }
    let rendered = handbook::publish(&project, digests, &settings, &templates, &args.out)?;
    report_skipped(&rendered.skipped)?;
    if !args.quiet {
        writeln!(
            stderr,
            "Rendered {} SOPs into {}.",
            rendered.sops,
            args.out.display()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
