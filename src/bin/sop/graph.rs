//! `sop graph`: the flowchart of one SOP, or one chart per SOP into a folder.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::ValueEnum;

use sop::chart;
use sop::diagnostic::Report;
use sop::lint;
use sop::output::{self, Format};
use sop::project::{Content, Document, Project};
use sop::rules::Rule;

use crate::{ERROR_STYLE, ProjectArgs};

#[derive(clap::Args)]
pub struct GraphArgs {
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
pub enum ChartFormatArg {
    Dot,
    Mermaid,
    Svg,
    Json,
}

pub fn run(args: GraphArgs) -> anyhow::Result<ExitCode> {
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
        ..Report::default()
    }
}
