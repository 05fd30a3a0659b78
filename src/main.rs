//! The `sop` command line: parses arguments, picks the output format, and
//! maps outcomes to exit codes (0 clean, 1 findings, 2 could not run).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand, ValueEnum};

use sop::chart;
use sop::date::Date;
use sop::diagnostic::{Report, Severity};
use sop::handbook;
use sop::lint;
use sop::output::{self, Format};
use sop::project::{self, Content, Document, Project};
use sop::rules::Rule;

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
    Lint(LintArgs),
    /// Show the documentation of a rule, or list every rule.
    Rule {
        /// A rule id, e.g. `undefined-acronym`.
        id: Option<String>,
    },
    /// Render the handbook of SOPs: a static HTML site, or one Markdown file.
    Render(RenderArgs),
    /// Export the flowchart of SOPs: Graphviz DOT, Mermaid, SVG or JSON.
    Graph(GraphArgs),
    /// Print the JSON Schema of the SOP format.
    Schema,
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

#[derive(clap::Args)]
struct RenderArgs {
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
    /// Only the SOPs with this status.
    #[arg(long, value_parser = ["draft", "in-review", "approved", "retired"])]
    status: Option<String>,
    /// The handbook's title.
    #[arg(long, default_value = "SOP handbook")]
    title: String,
    /// The date `review-overdue` compares with and the handbook shows, YYYY-MM-DD (default: today).
    #[arg(long, value_parser = parse_date)]
    today: Option<Date>,
}

#[derive(Clone, Copy, ValueEnum)]
enum HandbookFormatArg {
    Html,
    Markdown,
}

#[derive(clap::Args)]
struct GraphArgs {
    /// An SOP file (chart to stdout or -o FILE), or several files and folders (with --out DIR).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The configuration file (default: the nearest sop.toml above the paths).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Do not respect .gitignore and .ignore files (hidden files stay skipped).
    #[arg(long)]
    no_ignore: bool,
    /// Chart format.
    #[arg(long, value_enum, default_value_t = ChartFormatArg::Svg)]
    format: ChartFormatArg,
    /// Write the chart of one SOP to this file instead of stdout.
    #[arg(short = 'o', long = "output", conflicts_with = "out")]
    output: Option<PathBuf>,
    /// Write one chart per SOP, as <id>.<ext>, into this folder; replaced whole on each run.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Group steps into one swimlane per role.
    #[arg(long)]
    lanes: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum ChartFormatArg {
    Dot,
    Mermaid,
    Svg,
    Json,
}

#[derive(clap::Args)]
struct LintArgs {
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
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Human,
    Json,
    Sarif,
    Github,
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
        Command::Lint(args) => lint_command(args),
        Command::Rule { id } => rule_command(id.as_deref()),
        Command::Graph(args) => graph_command(args),
        Command::Render(args) => render_command(args),
        Command::Schema => {
            anstream::stdout().write_all(sop::rules::schema::SOP_SCHEMA.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn lint_command(args: LintArgs) -> anyhow::Result<ExitCode> {
    let project = args.project.load()?;
    let report = lint::check(&project, args.today.unwrap_or_else(Date::today))?;
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
    };
    let written = (|| -> std::io::Result<()> {
        let mut stdout = anstream::stdout().lock();
        output::render(format, &report, &mut stdout)?;
        stdout.flush()?;
        if format == Format::Human {
            writeln!(anstream::stderr(), "{}", output::summary(&report))?;
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

fn render_command(args: RenderArgs) -> anyhow::Result<ExitCode> {
    // Templates first: a broken override should fail before any work.
    let templates = handbook::templates::Templates::load(args.templates.as_deref())?;
    let today = args.today.unwrap_or_else(Date::today);
    let project = args.project.load()?;
    // One read of every SOP: linted, then kept for the handbook.
    let (report, documents) = lint::check_keeping(&project, today, Some)?;
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
        };
        lint_errors.diagnostics.truncate(50);
        output::render(Format::Human, &lint_errors, &mut stderr)?;
        writeln!(stderr, "{}", output::summary(&report))?;
        if args.strict {
            writeln!(stderr, "Not rendered: --strict stops on lint errors.")?;
            return Ok(ExitCode::from(1));
        }
    }
    let settings = handbook::Settings {
        format: match args.format {
            HandbookFormatArg::Html => handbook::Format::Html,
            HandbookFormatArg::Markdown => handbook::Format::Markdown,
        },
        filters: handbook::Filters {
            department: args.department,
            role: args.role,
            status: args.status,
        },
        title: args.title,
        generated: today.to_string(),
    };
    let rendered = handbook::render(&project, &documents, &settings, &templates)?;
    sop::publish::write(&args.out, &rendered.files, &sop::publish::HANDBOOK)?;
    for skipped in &rendered.skipped {
        writeln!(
            stderr,
            "skipped {}: not a readable SOP (see `sop lint`)",
            skipped.display()
        )?;
    }
    writeln!(
        stderr,
        "Rendered {} SOPs into {}.",
        rendered.sops,
        args.out.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

fn graph_command(args: GraphArgs) -> anyhow::Result<ExitCode> {
    let format = match args.format {
        ChartFormatArg::Dot => chart::Format::Dot,
        ChartFormatArg::Mermaid => chart::Format::Mermaid,
        ChartFormatArg::Svg => chart::Format::Svg,
        ChartFormatArg::Json => chart::Format::Json,
    };
    let options = chart::Options {
        lanes: args.lanes,
        ..chart::Options::default()
    };
    if args.out.is_none() {
        let [path] = args.paths.as_slice() else {
            bail!("several paths need --out DIR, to write one chart per SOP");
        };
        if path.is_dir() {
            bail!(
                "{} is a folder: use --out DIR to write one chart per SOP",
                path.display()
            );
        }
    }
    let project = ProjectArgs {
        paths: args.paths,
        config: args.config,
        no_ignore: args.no_ignore,
    }
    .load()?;
    let read = project.read_all(|document| document);
    // What could not be read or parsed, and the SOPs past a limit of charts
    // (left out), exactly as `sop lint` reports them.
    let mut not_drawn = read_failures(&project, &read);
    let mut documents = Vec::with_capacity(read.len());
    for document in read {
        let too_large = lint::chart_findings(&document, &project.config.limits);
        if too_large.is_empty() {
            documents.push(document);
        }
        not_drawn.diagnostics.extend(too_large);
    }
    if !not_drawn.diagnostics.is_empty() {
        output::render(Format::Human, &not_drawn, &mut anstream::stderr())?;
    }
    let Some(out_dir) = args.out else {
        let Some(document) = documents.first() else {
            if let Some(glossary) = project.given_glossaries().next() {
                return Err(chart::NotAnSop(glossary.path.clone()).into());
            }
            return Ok(ExitCode::from(1));
        };
        if matches!(document.content, Content::Failed(_)) {
            return Ok(ExitCode::from(1));
        }
        let text = chart::render(&chart::of(document)?, format, &options);
        match args.output {
            Some(output) => std::fs::write(&output, text)
                .with_context(|| format!("cannot write {}", output.display()))?,
            None => anstream::stdout().lock().write_all(text.as_bytes())?,
        }
        return Ok(ExitCode::SUCCESS);
    };

    let written = chart::write_charts(&documents, format, &options, &out_dir)?;
    let mut stderr = anstream::stderr();
    for problem in &written.problems {
        writeln!(
            stderr,
            "{}error:{} {problem}",
            ERROR_STYLE.render(),
            ERROR_STYLE.render_reset()
        )?;
    }
    writeln!(
        stderr,
        "Wrote {} charts to {}.",
        written.files.len(),
        out_dir.display()
    )?;
    Ok(
        if written.problems.is_empty() && not_drawn.diagnostics.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        },
    )
}

/// The findings of the files given that could not be read or parsed.
fn read_failures(project: &Project, documents: &[Document]) -> Report {
    let mut diagnostics: Vec<_> = documents
        .iter()
        .chain(project.given_glossaries())
        .filter(|document| matches!(document.content, Content::Failed(_)))
        .flat_map(lint::load_findings)
        .collect();
    diagnostics.extend(
        project
            .problems
            .iter()
            .map(|problem| Rule::UnreadableFile.finding(&problem.path, None, &problem.message)),
    );
    Report {
        files: project.file_count(),
        diagnostics,
    }
}

fn rule_command(id: Option<&str>) -> anyhow::Result<ExitCode> {
    let mut stdout = anstream::stdout().lock();
    match id {
        Some(id) => {
            let Some(rule) = Rule::from_id(id) else {
                bail!("there is no rule `{id}`; `sop rule` lists them");
            };
            writeln!(
                stdout,
                "# {} ({})\n",
                rule.id(),
                rule.default_severity().as_str()
            )?;
            writeln!(stdout, "{}", rule.docs())?;
        }
        None => {
            for rule in Rule::all() {
                writeln!(
                    stdout,
                    "{:<22} {:<8} {}",
                    rule.id(),
                    rule.default_severity().as_str(),
                    rule.summary()
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The SOP tree, its JSON copy and the model make many small allocations,
/// read on two threads: mimalloc makes `sop lint` about a fifth faster
/// than the system allocator (see the README's numbers).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
