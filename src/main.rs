//! The `sop` command line: parses arguments, picks the output format, and
//! maps outcomes to exit codes (0 clean, 1 findings, 2 could not run).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand, ValueEnum};

use sop::config::Config;
use sop::date::Date;
use sop::diagnostic::Severity;
use sop::lint::{self, Settings};
use sop::render::{self, Format};
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
    /// Print the JSON Schema of the SOP format.
    Schema,
}

#[derive(clap::Args)]
struct LintArgs {
    /// SOP files and folders (default: the `sops` folder of sop.toml, or ./sops).
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,
    /// Exit with 1 on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// The date `review-overdue` compares with, YYYY-MM-DD (default: today).
    #[arg(long, value_parser = parse_date)]
    today: Option<Date>,
    /// The configuration file (default: sop.toml in this folder or the nearest parent).
    #[arg(long)]
    config: Option<PathBuf>,
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

fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Lint(args) => lint_command(args),
        Command::Rule { id } => rule_command(id.as_deref()),
        Command::Schema => {
            anstream::stdout().write_all(sop::rules::schema::SOP_SCHEMA.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn lint_command(args: LintArgs) -> anyhow::Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let config = match &args.config {
        Some(path) => Config::load(path)?,
        None => Config::discover(&cwd)?,
    };
    let paths = if args.paths.is_empty() {
        let default = relative_to(&config.sops, &cwd);
        if !default.exists() {
            bail!(
                "no path given and there is no `{}` folder: run `sop lint PATH`, or set `sops = \"...\"` in sop.toml",
                default.display()
            );
        }
        vec![default]
    } else {
        args.paths
    };
    let settings = Settings {
        config,
        today: args.today.unwrap_or_else(Date::today),
    };
    let report = lint::lint(&paths, &settings)?;

    let format = match args.format {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Sarif => Format::Sarif,
        FormatArg::Github => Format::Github,
    };
    let mut stdout = anstream::stdout().lock();
    render::render(format, &report, &mut stdout)?;
    stdout.flush()?;
    if format == Format::Human {
        writeln!(anstream::stderr(), "{}", render::summary(&report))?;
    }
    let failing = report.count(Severity::Error) > 0
        || (args.deny_warnings && report.count(Severity::Warning) > 0);
    Ok(if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Shows `path` relative to `cwd` when it lies below it.
fn relative_to(path: &std::path::Path, cwd: &std::path::Path) -> PathBuf {
    match path.strip_prefix(cwd) {
        Ok(relative) if relative.as_os_str().is_empty() => PathBuf::from("."),
        Ok(relative) => relative.to_path_buf(),
        Err(_) => path.to_path_buf(),
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
