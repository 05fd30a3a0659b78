//! `sop diff`: what changed between two revisions of SOPs, step by step and
//! for each role: two files, two folders, or the working tree against a
//! git revision.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::ValueEnum;

use sop::diff::git::Repo;
use sop::diff::render::Format;
use sop::diff::sides::{self, Loaded};
use sop::project::{self, Project};

use crate::ProjectArgs;

/// The examples at the end of `--help`.
pub const EXAMPLES: &str = "\
Examples:
  sop diff old/CS-030.yaml sops/customer-service/CS-030-voicemail-response.yaml
  sop diff released/ sops/                  # two folders, SOPs paired by id
  sop diff --git v1.4                       # the SOP folder against a git tag
  sop diff --git main --format markdown > changes.md";

#[derive(clap::Args)]
pub struct DiffArgs {
    /// OLD and NEW: two SOP files or two folders; with --git, the SOP files
    /// and folders of the working tree to compare (default: the SOP folder).
    paths: Vec<PathBuf>,
    /// Compare the working tree with this git revision (a commit, branch or tag).
    #[arg(long, value_name = "REV")]
    git: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormatArg::Human)]
    format: DiffFormatArg,
    /// The configuration file (default: the nearest sop.toml above the paths).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Do not respect .gitignore and .ignore files (hidden files stay skipped).
    #[arg(long)]
    no_ignore: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum DiffFormatArg {
    Human,
    Markdown,
    Json,
}

impl DiffArgs {
    fn load(&self, paths: Vec<PathBuf>) -> anyhow::Result<Project> {
        ProjectArgs {
            paths,
            config: self.config.clone(),
            no_ignore: self.no_ignore,
        }
        .load()
    }
}

pub fn run(args: DiffArgs) -> anyhow::Result<ExitCode> {
    let report = match &args.git {
        Some(rev) => {
            let (old, new) = against_git(&args, rev)?;
            sides::pair(old, new)
        }
        None => {
            let [old, new] = <[PathBuf; 2]>::try_from(args.paths.clone()).map_err(|_| {
                anyhow::anyhow!("give OLD and NEW, two SOP files or folders, or --git REV")
            })?;
            let files = old.is_file() && new.is_file();
            let old = sides::from_project(&args.load(vec![old])?);
            let new = sides::from_project(&args.load(vec![new])?);
            if files {
                sides::pair_files(old, new)
            } else {
                sides::pair(old, new)
            }
        }
    };
    let format = match args.format {
        DiffFormatArg::Human => Format::Human,
        DiffFormatArg::Markdown => Format::Markdown,
        DiffFormatArg::Json => Format::Json,
    };
    match format {
        // Coloured when the terminal takes it; the renderer escapes SOP text.
        Format::Human => {
            let mut stdout = anstream::stdout().lock();
            sop::diff::write(&report, format, &mut stdout)?;
            stdout.flush()?;
        }
        // Exact bytes.
        Format::Markdown | Format::Json => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            sop::diff::write(&report, format, &mut stdout)?;
            stdout.flush()?;
        }
    }
    // A report with files left out is incomplete: never silent.
    Ok(if report.unreadable.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The working tree's SOPs under the paths, and those of `rev` under the
/// same paths (SOPs renamed since are paired by id).
fn against_git(args: &DiffArgs, rev: &str) -> anyhow::Result<(Loaded, Loaded)> {
    let project = args.load(args.paths.clone())?;
    let repo = Repo::open(&project.root)?;
    let commit = repo.commit(rev)?;
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let folders = if args.paths.is_empty() {
        vec![project::sop_folder(&project.config)]
    } else {
        args.paths.iter().map(|path| cwd.join(path)).collect()
    };
    let mut pathspecs = Vec::with_capacity(folders.len());
    for folder in &folders {
        let relative = repo.relative(folder)?;
        if relative.is_empty() {
            // The top of the repository: the whole tree.
            pathspecs.clear();
            break;
        }
        pathspecs.push(relative);
    }
    let old = repo.sops_at(rev, &commit, &pathspecs, &project.config.limits)?;
    Ok((old, sides::from_project(&project)))
}
