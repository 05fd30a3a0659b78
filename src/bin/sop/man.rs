//! `sop man`: the manual page of `sop` in roff, from the clap definition:
//! `sop(1)` on stdout, or one page per command in a folder, as git has
//! `git-commit(1)`. Each page ends with the command's `--help` examples
//! as an EXAMPLES section, kept as written (no fill).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::CommandFactory;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, roman};

use crate::Cli;

#[derive(clap::Args)]
pub struct ManArgs {
    /// Write sop.1 and one page per command (sop-lint.1, ...) into this folder instead.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// The examples at the end of `--help`.
pub const EXAMPLES: &str = "\
Examples:
  sop man | man -l -
  sop man --out ~/.local/share/man/man1    # then: man sop-lint";

pub fn run(args: ManArgs) -> anyhow::Result<ExitCode> {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let Some(folder) = args.out else {
        let mut page = Vec::new();
        write_page(&command, &mut page)?;
        crate::write_stdout(&page)?;
        return Ok(ExitCode::SUCCESS);
    };
    let shown = folder.display();
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("cannot create the folder {shown}"))?;
    let pages = std::iter::once(&command).chain(command.get_subcommands());
    for page_of in pages.filter(|command| !command.is_hide_set()) {
        let file = folder.join(Man::new(page_of.clone()).get_filename());
        let mut page = Vec::new();
        write_page(page_of, &mut page)?;
        std::fs::write(&file, page).with_context(|| format!("cannot write {}", file.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// One page: clap_mangen's sections, then EXAMPLES from the help's examples.
fn write_page(command: &clap::Command, out: &mut dyn Write) -> std::io::Result<()> {
    let man = Man::new(command.clone());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    if command.get_arguments().any(|arg| !arg.is_hide_set()) {
        man.render_options_section(&mut page)?;
    }
    if command.has_subcommands() {
        man.render_subcommands_section(&mut page)?;
    }
    if let Some(help) = command.get_after_help() {
        let mut roff = Roff::default();
        roff.control("SH", ["EXAMPLES"]).control("nf", []);
        let examples = help.to_string();
        for line in examples.lines().skip_while(|line| *line == "Examples:") {
            roff.text([roman(line)]);
        }
        roff.control("fi", []).to_writer(&mut page)?;
    }
    if command.get_version().is_some() {
        man.render_version_section(&mut page)?;
    }
    // Each section starts with roff's preamble (how to print `'`): once is enough.
    let preamble = Roff::default().render();
    let body = String::from_utf8_lossy(&page).replace(&preamble, "");
    out.write_all(preamble.as_bytes())?;
    out.write_all(body.as_bytes())
}
