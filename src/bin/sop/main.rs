//! The `sop` command line: parses arguments, picks the output format, and
//! maps outcomes to exit codes (0 clean, 1 findings, 2 could not run).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};

use sop::date::{Date, Period};
use sop::project::{self, Project};

mod ack;
mod approve;
mod calendar;
mod diff;
mod fingerprint;
mod graph;
mod lint;
mod list;
mod render;
mod rule;
mod training;

#[derive(Parser)]
#[command(
    name = "sop",
    version,
    about = "Standard Operating Procedures as code: lint, chart and render SOPs written in YAML."
)]
struct Cli {
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, global = true)]
    color: ColorWhen,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check SOPs against the format and the lint rules.
    Lint(lint::LintArgs),
    /// Show the documentation of a rule, or list every rule.
    Rule(rule::RuleArgs),
    /// Render the handbook of SOPs: a static HTML site, or one Markdown file.
    Render(render::RenderArgs),
    /// Export the flowchart of SOPs: Graphviz DOT, Mermaid, SVG or JSON.
    Graph(graph::GraphArgs),
    /// Print the JSON Schema of the SOP format.
    Schema,
    /// Print each SOP's content fingerprint, `sha256:<hex>  FILE`.
    Fingerprint(ProjectArgs),
    /// List the SOPs as a document register: owner, status, version, approval, review date.
    List(list::ListArgs),
    /// Write the review dates of the SOPs as an iCalendar (.ics) file.
    Calendar(calendar::CalendarArgs),
    /// Record an approval in SOP files: status, approver, date and fingerprint.
    Approve(approve::ApproveArgs),
    /// What changed between two revisions of SOPs, step by step and for each role.
    Diff(diff::DiffArgs),
    /// Show the training matrix: who must know which SOP, and whether they have read its current revision.
    Training(training::TrainingArgs),
    /// Record that a person has read the current revision of the SOPs they must know.
    Ack(ack::AckArgs),
}

/// Which files make the project: the same for every command.
#[derive(clap::Args)]
struct ProjectArgs {
    /// SOP files and folders (default: the project's SOP folder, `sops`).
    paths: Vec<PathBuf>,
    /// The configuration file (default: the nearest sop.toml above the paths).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Do not respect .gitignore and .ignore files (hidden files stay skipped).
    #[arg(long)]
    no_ignore: bool,
}

impl ProjectArgs {
    fn load(self) -> anyhow::Result<Project> {
        let cwd = std::env::current_dir().context("cannot read the current folder")?;
        let options = project::Options {
            config: self.config,
            respect_ignore_files: !self.no_ignore,
            ..project::Options::new(&cwd, self.paths)
        };
        Ok(project::load(&options)?)
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

fn parse_date(text: &str) -> Result<Date, String> {
    text.parse()
        .map_err(|error: sop::date::DateError| error.to_string())
}

fn parse_period(text: &str) -> Result<Period, String> {
    text.parse()
        .map_err(|error: sop::date::PeriodError| error.to_string())
}

/// Names on stderr the files that could not be read as SOPs and so are not
/// in the output (`sop lint` says why).
fn report_skipped(skipped: &[PathBuf]) -> std::io::Result<()> {
    let mut stderr = anstream::stderr();
    for path in skipped {
        writeln!(
            stderr,
            "skipped {}: not a readable SOP (see `sop lint`)",
            path.display()
        )?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.color {
        ColorWhen::Auto => {}
        ColorWhen::Always => anstream::ColorChoice::Always.write_global(),
        ColorWhen::Never => anstream::ColorChoice::Never.write_global(),
    }
    match run(cli.command) {
        Ok(code) => code,
        // A reader that stopped early (`sop lint | head`) is not an error.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            let mut stderr = anstream::stderr();
            let _ = writeln!(
                stderr,
                "{}error:{} {error:#}",
                ERROR_STYLE.render(),
                ERROR_STYLE.render_reset()
            );
            ExitCode::from(2)
        }
    }
}

const ERROR_STYLE: anstyle::Style = anstyle::AnsiColor::Red.on_default().bold();

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Lint(args) => lint::run(args),
        Command::Rule(args) => rule::run(args),
        Command::Graph(args) => graph::run(args),
        Command::Render(args) => render::run(args),
        Command::Fingerprint(args) => fingerprint::run(args),
        Command::List(args) => list::run(args),
        Command::Calendar(args) => calendar::run(args),
        Command::Approve(args) => approve::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Training(args) => training::run(args),
        Command::Ack(args) => ack::run(args),
        Command::Schema => {
            anstream::stdout().write_all(sop::rules::schema::SOP_SCHEMA.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The SOP tree, its JSON copy and the model make many small allocations,
/// read on two threads: mimalloc makes `sop lint` about a fifth faster
/// than the system allocator (see the README's numbers).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
