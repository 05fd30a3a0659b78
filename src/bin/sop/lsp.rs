//! `sop lsp`: the language server, on standard input and output, for
//! editors to start; it ends when the editor says `exit`.

use std::process::ExitCode;

use anyhow::Context as _;

use sop::date::Date;

use crate::parse_date;

/// The examples at the end of `--help`.
pub const EXAMPLES: &str = "\
Examples:
  sop lsp                      # what an editor runs: LSP messages on stdin and stdout
  sop lsp --today 2026-11-22   # review dates compared with a fixed day (for tests)";

#[derive(clap::Args)]
pub struct LspArgs {
    /// The date `review-overdue` compares with, YYYY-MM-DD (default: today).
    #[arg(long, value_parser = parse_date)]
    today: Option<Date>,
}

pub fn run(args: LspArgs) -> anyhow::Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let options = sop::lsp::Options {
        today: args.today,
        cwd,
    };
    let exit = sop::lsp::serve_stdio(options).context("cannot write to the editor")?;
    Ok(match exit {
        sop::lsp::Exit::AfterShutdown => ExitCode::SUCCESS,
        sop::lsp::Exit::WithoutShutdown => ExitCode::from(1),
    })
}
