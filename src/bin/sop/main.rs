//! The `sop` command line: parses arguments, picks the output format, and
//! maps outcomes to exit codes (0 clean, 1 findings, 2 could not run).

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};

use sop::date::{Date, Period};
use sop::output;
use sop::project::{self, Project};

mod ack;
mod approve;
mod calendar;
mod completions;
mod diff;
mod fingerprint;
mod graph;
#[cfg(test)]
mod help_tests;
mod init;
mod lint;
mod list;
mod lsp;
mod man;
mod new;
mod out_file;
mod render;
mod rule;
mod stdin;
mod training;

#[derive(Parser)]
#[command(
    name = "sop",
    version,
    about = "Standard Operating Procedures as code: lint, chart and render SOPs written in YAML.",
    after_help = EXAMPLES
)]
struct Cli {
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, global = true)]
    color: ColorWhen,
    #[command(subcommand)]
    command: Command,
}

const EXAMPLES: &str = "\
Examples:
  sop lint                                  # the project's SOP folder
  sop render --out handbook                 # the HTML handbook
  sop graph sops/CS-010.yaml -o CS-010.svg  # one flowchart
  sop help lint                             # the options and examples of a command";

/// Every command's `--help` ends with examples (`EXAMPLES` in its file, or
/// here for those without one); a test parses each of them.
#[derive(Subcommand)]
enum Command {
    /// Check SOPs against the format and the lint rules.
    #[command(after_help = lint::EXAMPLES)]
    Lint(lint::LintArgs),
    /// Show the documentation of a rule, or list every rule.
    #[command(after_help = "\
Examples:
  sop rule                          # every rule, its level and summary (also `--list`)
  sop rule --list --format json     # the same with each rule's documentation, for tools
  sop rule undefined-acronym        # what it finds, why it matters, an example")]
    Rule(rule::RuleArgs),
    /// Render the handbook of SOPs: a static HTML site, or one Markdown file.
    #[command(after_help = render::EXAMPLES)]
    Render(render::RenderArgs),
    /// Export the flowchart of SOPs: Graphviz DOT, Mermaid, SVG or JSON.
    #[command(after_help = graph::EXAMPLES)]
    Graph(graph::GraphArgs),
    /// Print the JSON Schema of the SOP format (its `$id` is its URL for this release).
    #[command(after_help = "\
Examples:
  sop schema > schemas/sop.schema.json")]
    Schema,
    /// Start an SOP project: sop.toml, an example SOP, a glossary, the schema and a CI workflow.
    #[command(after_help = init::EXAMPLES)]
    Init(init::InitArgs),
    /// Write a new SOP from a template into the project's SOP folder.
    #[command(after_help = new::EXAMPLES)]
    New(new::NewArgs),
    /// Print each SOP's content fingerprint, `sha256:<hex>  FILE`.
    #[command(after_help = "\
Examples:
  sop fingerprint        # every SOP of the SOP folder
  sop fingerprint sops/customer-service/CS-010-complaint-handling.yaml")]
    Fingerprint(ProjectArgs),
    /// List the SOPs as a document register: owner, status, version, approval, review date.
    #[command(after_help = list::EXAMPLES)]
    List(list::ListArgs),
    /// Write the review dates of the SOPs as an iCalendar (.ics) file.
    #[command(after_help = calendar::EXAMPLES)]
    Calendar(calendar::CalendarArgs),
    /// Record an approval in SOP files: status, approver, date and fingerprint.
    #[command(after_help = approve::EXAMPLES)]
    Approve(approve::ApproveArgs),
    /// What changed between two revisions of SOPs, step by step and for each role.
    #[command(after_help = diff::EXAMPLES)]
    Diff(diff::DiffArgs),
    /// Show the training matrix: who must know which SOP, and whether they have read its current revision.
    #[command(after_help = training::EXAMPLES)]
    Training(training::TrainingArgs),
    /// Record that a person has read the current revision of the SOPs they must know.
    #[command(after_help = ack::EXAMPLES)]
    Ack(ack::AckArgs),
    /// Print the shell completion script for bash, zsh, fish, elvish or powershell.
    #[command(after_help = completions::EXAMPLES)]
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff), or write one page per command into a folder.
    #[command(after_help = man::EXAMPLES)]
    Man(man::ManArgs),
    /// Run the language server for editors: the findings of `sop lint` as you type, navigation, completion and fixes.
    #[command(after_help = lsp::EXAMPLES)]
    Lsp(lsp::LspArgs),
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
        self.load_with(HashMap::new(), false)
    }

    /// Loads with texts that stand for files (see `project::Options::overlays`),
    /// and with the project's cache when `cache` (`sop lint`).
    fn load_with(
        self,
        overlays: HashMap<PathBuf, Vec<u8>>,
        cache: bool,
    ) -> anyhow::Result<Project> {
        let options = project::Options {
            overlays,
            cache,
            ..self.options()?
        };
        let project = project::load(&options)?;
        warn_if_no_files(&project, &self.paths)?;
        Ok(project)
    }

    /// Whether the paths are a few files (no folder, not the whole SOP
    /// folder): few trees will be freed.
    fn names_few_files(&self) -> bool {
        const FEW: usize = 100;
        (1..=FEW).contains(&self.paths.len()) && self.paths.iter().all(|path| !path.is_dir())
    }

    fn options(&self) -> anyhow::Result<project::Options> {
        let cwd = std::env::current_dir().context("cannot read the current folder")?;
        Ok(project::Options {
            config: self.config.clone(),
            respect_ignore_files: !self.no_ignore,
            ..project::Options::new(&cwd, self.paths.clone())
        })
    }
}

/// As ruff does: a run that found no file to read says so on stderr (a
/// mistyped path in CI would otherwise pass quietly); it is not a failure.
fn warn_if_no_files(project: &Project, paths: &[PathBuf]) -> std::io::Result<()> {
    if project.file_count() > 0 {
        return Ok(());
    }
    let searched: Vec<String> = if paths.is_empty() {
        let folder = project.shown(&project::sop_folder(&project.config));
        vec![folder.display().to_string()]
    } else {
        paths
            .iter()
            .map(|path| path.display().to_string())
            .collect()
    };
    warn(&format!(
        "no SOP files found in {}",
        output::terminal_safe(&searched.join(", "))
    ))
}

/// A `warning:` line on stderr.
fn warn(message: &str) -> std::io::Result<()> {
    writeln!(
        anstream::stderr(),
        "{}warning:{} {message}",
        WARNING_STYLE.render(),
        WARNING_STYLE.render_reset(),
    )
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
    // `sop lint` decides once it knows how many files it reads. The
    // language server, which runs long and lints one file at a time, and
    // `sop render`, which frees a page of text after each page it writes,
    // keep mimalloc's default.
    if !matches!(
        cli.command,
        Command::Lint(_) | Command::Lsp(_) | Command::Render(_)
    ) {
        return_freed_memory_at_once();
    }
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
const WARNING_STYLE: anstyle::Style = anstyle::AnsiColor::Yellow.on_default().bold();

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
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
        Command::Lsp(args) => lsp::run(args),
        Command::Init(args) => init::run(args),
        Command::New(args) => new::run(args),
        Command::Schema => {
            write_stdout(sop::rules::schema::SOP_SCHEMA.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Writes generated text (a schema, a script, a page) to stdout as it is.
fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes)?;
    stdout.flush()
}

/// The SOP tree, its JSON copy and the model make many small allocations,
/// read on two threads: mimalloc makes `sop lint` about a fifth faster
/// than the system allocator (see the README's numbers).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `purge_delay` option (`mi_option_purge_delay` in both the v2
/// and v3 headers it is built from; the crate names no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Gives freed pages back at once instead of 10 ms later: each SOP's tree
/// is freed as soon as it is checked, so this keeps `sop lint` of 10,000
/// SOPs at about 55 MiB instead of 75, for no measurable time. A run that
/// reads few files gains nothing by it and pays a system call and other
/// cores' TLB flushes for each page freed (a quarter of the CPU time of a
/// one-file lint of 10,000 SOPs). `sop render` of 10,000 SOPs paid for it
/// with half its time in the kernel (faults on pages given back and
/// taken again, other cores' TLB flushes) and takes 190 MiB without it.
pub fn return_freed_memory_at_once() {
    // SAFETY: sets one option; mimalloc reads options at any time.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) }
}
