//! `sop new`: a new SOP from a template, in the project's SOP folder.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use sop::project::{self, paths};
use sop::scaffold::new::{self, NewSop, Role};

pub const EXAMPLES: &str = "\
Examples:
  sop new --id CS-2400 --title \"Refunding a duplicate card payment\" --department \"Customer Service\"
  sop new --id CS-2401 --title \"Card disputes\" --department Billing --role \"rep=Card services representative\" --role lead
  sop new --id CS-2402 --title \"Chargebacks\" --department Billing --dir sops/billing --template templates/new.yaml";

#[derive(clap::Args)]
pub struct NewArgs {
    /// The SOP id, unique in the project, e.g. CS-2400.
    #[arg(long)]
    id: String,
    /// The title, as in an index.
    #[arg(long, allow_hyphen_values = true)]
    title: String,
    /// The department the SOP belongs to.
    #[arg(long, allow_hyphen_values = true)]
    department: String,
    /// A role that performs steps: KEY or KEY=DESCRIPTION (repeatable; the first gets the first step).
    #[arg(
        long = "role",
        value_name = "KEY[=DESCRIPTION]",
        allow_hyphen_values = true
    )]
    roles: Vec<Role>,
    /// The folder to write into, inside the SOP folder (created if needed; default: the SOP folder).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// A template of one's own instead of the built-in one (tera; see the README).
    #[arg(long)]
    template: Option<PathBuf>,
    /// The configuration file (default: the nearest sop.toml above the folder).
    #[arg(long)]
    config: Option<PathBuf>,
}

pub fn run(args: NewArgs) -> anyhow::Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let dir = args.dir.as_deref().map(|dir| paths::absolute(&cwd, dir));
    // The project is found from the folder's nearest part that exists.
    let start: Vec<PathBuf> = dir
        .iter()
        .filter_map(|dir| dir.ancestors().find(|folder| folder.is_dir()))
        .map(Path::to_path_buf)
        .collect();
    let options = project::Options {
        config: args.config,
        ..project::Options::new(&cwd, start)
    };
    let project = project::load(&options)?;
    let template = match &args.template {
        Some(path) => Some((
            path.as_path(),
            std::fs::read_to_string(path)
                .with_context(|| format!("{}: cannot read the template", path.display()))?,
        )),
        None => None,
    };
    let sop = NewSop {
        id: args.id,
        title: args.title,
        department: args.department,
        roles: args.roles,
    };
    let template = template.as_ref().map(|(path, text)| (*path, text.as_str()));
    let planned = new::plan(&project, dir.as_deref(), &sop, template)?;
    new::write(&project, &planned)?;
    let shown = project.shown(&planned.path);
    let mut stdout = anstream::stdout().lock();
    writeln!(stdout, "Wrote {}.", shown.display())?;
    writeln!(
        stdout,
        "Next: write its purpose and steps; `sop lint {}` lists what is left.",
        shown.display()
    )?;
    Ok(ExitCode::SUCCESS)
}
