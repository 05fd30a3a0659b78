//! `sop completions SHELL`: the shell's completion script for `sop`, from
//! the same clap definition that parses the command line, so it never
//! falls behind a new command or flag.

use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::Cli;

#[derive(clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    shell: Shell,
}

pub const EXAMPLES: &str = "\
Examples:
  sop completions bash > ~/.local/share/bash-completion/completions/sop
  sop completions zsh > ~/.zfunc/_sop      # with fpath+=~/.zfunc before compinit
  sop completions fish > ~/.config/fish/completions/sop.fish
  sop completions elvish >> ~/.config/elvish/rc.elv
  sop completions powershell >> $PROFILE";

pub fn run(args: CompletionsArgs) -> anyhow::Result<ExitCode> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "sop", &mut script);
    crate::write_stdout(&script)?;
    Ok(ExitCode::SUCCESS)
}
