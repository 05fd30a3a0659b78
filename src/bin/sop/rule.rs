//! `sop rule`: the list of the rules (`--list`, also without an id), or
//! the documentation of one, for people or (`--format json`) for tools.

use std::io::Write;
use std::process::ExitCode;

use clap::ValueEnum;
use serde::Serialize;

use sop::rules::Rule;

#[derive(clap::Args)]
pub struct RuleArgs {
    /// A rule id, e.g. `undefined-acronym`: prints its documentation.
    #[arg(conflicts_with = "list")]
    id: Option<String>,
    /// List every rule: id, default severity and summary, one line each
    /// (what `sop rule` without an id prints too).
    #[arg(long)]
    list: bool,
    /// Output format: text for people, or JSON with each rule's full documentation.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Human,
    Json,
}

/// A rule as `--format json` shows it.
#[derive(Serialize)]
struct Described {
    id: &'static str,
    default_severity: &'static str,
    summary: String,
    help_uri: String,
    docs: String,
}

impl Described {
    fn of(rule: Rule) -> Described {
        Described {
            id: rule.id(),
            default_severity: rule.default_severity().as_str(),
            summary: rule.summary(),
            help_uri: rule.help_uri(),
            docs: rule.docs(),
        }
    }
}

pub fn run(args: RuleArgs) -> anyhow::Result<ExitCode> {
    let one: Option<Rule> = args.id.as_deref().map(str::parse).transpose()?;
    let mut stdout = anstream::stdout().lock();
    match (args.format, one) {
        (FormatArg::Json, Some(rule)) => write_json(&mut stdout, &Described::of(rule))?,
        (FormatArg::Json, None) => {
            let rules: Vec<Described> = Rule::all().map(Described::of).collect();
            write_json(&mut stdout, &rules)?;
        }
        (FormatArg::Human, Some(rule)) => {
            writeln!(
                stdout,
                "# {} ({})\n",
                rule.id(),
                rule.default_severity().as_str()
            )?;
            writeln!(stdout, "{}", rule.docs())?;
        }
        (FormatArg::Human, None) => {
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

/// Written whole, so that a reader that stops early is an I/O error
/// (`sop rule --list --format json | head` is not an error).
fn write_json(out: &mut impl Write, value: &impl Serialize) -> anyhow::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    writeln!(out, "{text}")?;
    Ok(())
}
