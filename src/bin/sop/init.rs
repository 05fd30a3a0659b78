//! `sop init`: a new SOP project, ready to lint, in a folder.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sop::scaffold::init;

pub const EXAMPLES: &str = "\
Examples:
  sop init desk          # a new project in the folder desk
  sop init --force       # write the files again, e.g. the schema copy after an upgrade";

#[derive(clap::Args)]
pub struct InitArgs {
    /// The project folder, created if needed.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Overwrite files that are already there (e.g. to refresh the schema copy after an upgrade).
    #[arg(long)]
    force: bool,
}

pub fn run(args: InitArgs) -> anyhow::Result<ExitCode> {
    let written = init::init(&args.dir, args.force)?;
    let mut stdout = anstream::stdout().lock();
    writeln!(stdout, "Wrote a new SOP project in {}:", args.dir.display())?;
    for path in &written {
        writeln!(stdout, "  {}", path.display())?;
    }
    writeln!(stdout, "Next:")?;
    if args.dir != Path::new(".") {
        writeln!(stdout, "  cd {}", args.dir.display())?;
    }
    writeln!(
        stdout,
        "  sop lint                    # check the SOPs (the example lints clean)"
    )?;
    writeln!(
        stdout,
        "  sop new --id CS-2402 --title \"Your procedure\" --department \"Your department\""
    )?;
    writeln!(
        stdout,
        "  sop render --out handbook   # the handbook: open handbook/index.html"
    )?;
    Ok(ExitCode::SUCCESS)
}
