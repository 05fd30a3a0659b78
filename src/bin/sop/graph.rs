//! `sop graph`: the flowchart of one SOP, one chart per SOP into a folder,
//! or (`--map`) the process map of a whole set.

use std::io::{IsTerminal as _, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::ValueEnum;
use rayon::prelude::*;

use sop::chart;
use sop::chart::map::{self, Map};
use sop::diagnostic::{Diagnostic, Report};
use sop::lint;
use sop::output::{self, Format};
use sop::project::{Content, Document, Model, Project};
use sop::rules::Rule;

use crate::{ERROR_STYLE, ProjectArgs, out_file};

/// The examples at the end of `--help`.
pub const EXAMPLES: &str = "\
Examples:
  sop graph sops/customer-service/CS-010-complaint-handling.yaml -o CS-010.svg
  sop graph sops/customer-service/CS-010-complaint-handling.yaml -o CS-010.png  # for slides
  sop graph sops/customer-service/CS-010-complaint-handling.yaml -o CS-010.pdf --lanes --direction LR
  sop graph sops/customer-service/CS-010-complaint-handling.yaml -o CS-010.mmd --lanes
  sop graph sops/customer-service/CS-010-complaint-handling.yaml --format dot > CS-010.dot
  sop graph sops --out charts --format svg  # one chart per SOP: charts/CS-010.svg
  sop graph --map -o charts/map.svg  # every SOP of the project, linking to charts/<id>.svg
  sop graph --map sops/customer-service --format mermaid > map.mmd";

#[derive(clap::Args)]
pub struct GraphArgs {
    /// An SOP file (chart to stdout or -o FILE), or several files and folders (with --out DIR, or --map: default the project's SOP folder).
    #[arg(required_unless_present = "map")]
    paths: Vec<PathBuf>,
    /// The configuration file (default: the nearest sop.toml above the paths).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Do not respect .gitignore and .ignore files (hidden files stay skipped).
    #[arg(long)]
    no_ignore: bool,
    /// Chart format (default: the one -o FILE's extension names, else svg).
    #[arg(long, value_enum)]
    format: Option<ChartFormatArg>,
    /// Write the chart of one SOP to this file instead of stdout (.svg, .png, .pdf, .dot or .gv, .mmd, .json).
    #[arg(short = 'o', long = "output", conflicts_with = "out")]
    output: Option<PathBuf>,
    /// Write one chart per SOP, as <id>.<ext>, into this folder; replaced whole on each run.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Group steps into one swimlane per role.
    #[arg(long)]
    lanes: bool,
    /// Draw the process map of all the SOPs given instead: one node per SOP, grouped by department, an arrow for each `call` and `references`.
    #[arg(long, conflicts_with_all = ["out", "lanes", "direction"])]
    map: bool,
    /// Which way the flow runs: TB, top to bottom, or LR, left to right (for slides).
    #[arg(long, value_enum, ignore_case = true, default_value = "TB")]
    direction: DirectionArg,
    /// No closing "Wrote N charts" line.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DirectionArg {
    #[value(name = "TB")]
    TopDown,
    #[value(name = "LR")]
    LeftRight,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChartFormatArg {
    /// Graphviz DOT, for `dot -Tpng` and other tools.
    Dot,
    /// A Mermaid flowchart, for Markdown pages.
    Mermaid,
    /// SVG laid out by sop, in the reader's sans-serif font.
    Svg,
    /// The chart's nodes and edges, for other tools.
    Json,
    /// A PNG picture at twice the SVG's size, in a bundled font.
    Png,
    /// A vector PDF page, in a bundled font, its text searchable.
    Pdf,
}

impl ChartFormatArg {
    /// The format a file name's extension says.
    fn of_extension(extension: &str) -> Option<ChartFormatArg> {
        match extension {
            "dot" | "gv" => Some(ChartFormatArg::Dot),
            "mmd" | "mermaid" => Some(ChartFormatArg::Mermaid),
            "svg" => Some(ChartFormatArg::Svg),
            "json" => Some(ChartFormatArg::Json),
            "png" => Some(ChartFormatArg::Png),
            "pdf" => Some(ChartFormatArg::Pdf),
            _ => None,
        }
    }

    fn name(self) -> String {
        self.to_possible_value()
            .map_or_else(String::new, |value| value.get_name().to_string())
    }
}

/// The format of the chart: `--format`, else what the extension of
/// `-o FILE` says, else SVG; never one the extension contradicts, nor a
/// file whose extension `sop` cannot write.
fn chart_format(
    format: Option<ChartFormatArg>,
    output: Option<&Path>,
) -> anyhow::Result<ChartFormatArg> {
    let Some(file) = output else {
        return Ok(format.unwrap_or(ChartFormatArg::Svg));
    };
    let shown = file.display();
    let extension = out_file::extension(file).unwrap_or_default();
    if out_file::not_yet(&extension) {
        bail!(
            "{shown}: sop graph cannot write .{extension} files yet: write .svg, .png or .pdf, or DOT for Graphviz (`sop graph SOP --format dot | dot -T{extension} -o {shown}`)"
        );
    }
    match (format, ChartFormatArg::of_extension(&extension)) {
        (Some(given), Some(named)) if given != named => bail!(
            "{shown}: its extension .{extension} says {}, but --format is {}: make them agree",
            named.name(),
            given.name()
        ),
        (Some(given), _) => Ok(given),
        (None, Some(named)) => Ok(named),
        (None, None) => bail!(
            "{shown}: cannot tell the chart format from the file name: end it in .svg, .png, .pdf, .dot, .gv, .mmd or .json, or give --format"
        ),
    }
}

pub fn run(args: GraphArgs) -> anyhow::Result<ExitCode> {
    let format = match chart_format(args.format, args.output.as_deref())? {
        ChartFormatArg::Dot => chart::Format::Dot,
        ChartFormatArg::Mermaid => chart::Format::Mermaid,
        ChartFormatArg::Svg => chart::Format::Svg,
        ChartFormatArg::Json => chart::Format::Json,
        ChartFormatArg::Png => chart::Format::Png,
        ChartFormatArg::Pdf => chart::Format::Pdf,
    };
    let binary = matches!(format, chart::Format::Png | chart::Format::Pdf);
    if binary && args.output.is_none() && args.out.is_none() && std::io::stdout().is_terminal() {
        bail!(
            "a {} chart is binary: give -o FILE, or redirect stdout to a file",
            format.extension().to_uppercase()
        );
    }
    let options = chart::Options {
        lanes: args.lanes,
        direction: match args.direction {
            DirectionArg::TopDown => chart::Direction::TopDown,
            DirectionArg::LeftRight => chart::Direction::LeftRight,
        },
        ..chart::Options::default()
    };
    if args.map {
        return draw_map(args, format);
    }
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
    // What could not be read or parsed, and the SOPs past a limit of charts
    // (left out), exactly as `sop lint` reports them. With --out, only what
    // names each chart is kept: it is drawn from a second read.
    let limits = &project.config.limits;
    let read: Vec<(Vec<Diagnostic>, Vec<Diagnostic>, Option<Kept>)> = project
        .files
        .par_iter()
        .enumerate()
        .map(|(index, file)| {
            let document = project.read(file);
            let failed = match document.content {
                Content::Failed(_) => lint::load_findings(&document),
                Content::Parsed(_) => Vec::new(),
            };
            let too_large = lint::chart_findings(&document, limits);
            let kept = too_large.is_empty().then(|| match args.out {
                None => Kept::Document(document),
                Some(_) => Kept::Planned(chart::Planned::of(index, &document)),
            });
            (failed, too_large, kept)
        })
        .collect();
    let mut failed = Vec::new();
    let mut too_large = Vec::new();
    let mut kept = Vec::new();
    for (document_failed, document_too_large, document_kept) in read {
        failed.extend(document_failed);
        too_large.extend(document_too_large);
        kept.extend(document_kept);
    }
    let mut not_drawn = read_failures(&project, failed);
    not_drawn.diagnostics.extend(too_large);
    if !not_drawn.diagnostics.is_empty() {
        output::render(Format::Human, &not_drawn, &mut anstream::stderr())?;
    }
    let Some(out_dir) = args.out else {
        let Some(Kept::Document(document)) = kept.first() else {
            if let Some(glossary) = project.given_glossaries().next() {
                return Err(chart::NotAnSop(glossary.path.clone()).into());
            }
            return Ok(ExitCode::from(1));
        };
        if matches!(document.content, Content::Failed(_)) {
            return Ok(ExitCode::from(1));
        }
        let bytes = chart::render(&chart::of(document)?, format, &options)?;
        match args.output {
            Some(output) => std::fs::write(&output, bytes)
                .with_context(|| format!("cannot write {}", output.display()))?,
            // Not anstream's stdout: it would strip PNG bytes that look
            // like escape codes when stdout is not a terminal.
            None => std::io::stdout().lock().write_all(&bytes)?,
        }
        return Ok(ExitCode::SUCCESS);
    };
    // Files that could not be read or parsed get no chart: their findings say why.
    let planned = kept
        .into_iter()
        .filter_map(|kept| match kept {
            Kept::Planned(planned) => Some(planned),
            Kept::Document(_) => None,
        })
        .collect();
    let written = chart::write_charts(&project, planned, format, &options, &out_dir)?;
    print_errors(&written.problems)?;
    let mut stderr = anstream::stderr();
    if !args.quiet {
        writeln!(
            stderr,
            "Wrote {} charts to {}.",
            written.files.len(),
            out_dir.display()
        )?;
    }
    Ok(
        if written.problems.is_empty() && not_drawn.diagnostics.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        },
    )
}

/// `sop graph --map`: the process map of every SOP given, to stdout or
/// `-o FILE`. Files that could not be read are reported and left out (exit
/// 1); a file given that is not an SOP is an error.
fn draw_map(args: GraphArgs, format: chart::Format) -> anyhow::Result<ExitCode> {
    let project = ProjectArgs {
        paths: args.paths,
        config: args.config,
        no_ignore: args.no_ignore,
    }
    .load()?;
    let documents = project.read_all(|document| document);
    let is_sop = |document: &&Document| matches!(&document.content, Content::Parsed(parsed) if matches!(parsed.model, Model::Sop { .. }));
    let not_sops: Vec<chart::NotAnSop> = documents
        .iter()
        .filter(|document| matches!(document.content, Content::Parsed(_)) && !is_sop(document))
        .map(|document| chart::NotAnSop(document.path.clone()))
        .collect();
    let failed = documents
        .iter()
        .filter(|document| matches!(document.content, Content::Failed(_)))
        .flat_map(lint::load_findings)
        .collect();
    let not_read = read_failures(&project, failed);
    if !documents.iter().any(|document| is_sop(&document)) {
        // Nothing to draw: say why, as `sop graph FILE` does.
        let glossary = project
            .given_glossaries()
            .map(|glossary| chart::NotAnSop(glossary.path.clone()));
        if let Some(error) = not_sops.into_iter().chain(glossary).next() {
            return Err(error.into());
        }
        output::render(Format::Human, &not_read, &mut anstream::stderr())?;
        return Ok(ExitCode::from(1));
    }
    if !not_read.diagnostics.is_empty() {
        output::render(Format::Human, &not_read, &mut anstream::stderr())?;
    }
    print_errors(&not_sops)?;
    let map = Map::of(&documents);
    let options = chart::Options::default();
    let bytes = match format {
        chart::Format::Dot => map::dot::render(&map, &options).into_bytes(),
        chart::Format::Mermaid => map::mermaid::render(&map, &options).into_bytes(),
        chart::Format::Svg => map::svg::render(&map, &options).into_bytes(),
        chart::Format::Png => map::png(&map, &options)?,
        chart::Format::Pdf => map::pdf(&map, &options)?,
        chart::Format::Json => {
            bail!("the process map is drawn as dot, mermaid, svg, png or pdf, not json")
        }
    };
    match args.output {
        Some(output) => std::fs::write(&output, bytes)
            .with_context(|| format!("cannot write {}", output.display()))?,
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    Ok(if not_read.diagnostics.is_empty() && not_sops.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// One `error:` line on stderr per problem.
fn print_errors(problems: &[impl std::fmt::Display]) -> std::io::Result<()> {
    let mut stderr = anstream::stderr();
    for problem in problems {
        writeln!(
            stderr,
            "{}error:{} {problem}",
            ERROR_STYLE.render(),
            ERROR_STYLE.render_reset()
        )?;
    }
    Ok(())
}

/// What the first read keeps of an SOP to chart: the document for one
/// chart, what names its file for a folder of charts.
enum Kept {
    Document(Document),
    Planned(Result<chart::Planned, chart::NotAnSop>),
}

/// The findings of the files given that could not be read or parsed:
/// `failed`, those of the SOP files, then the glossaries' and the paths'.
fn read_failures(project: &Project, failed: Vec<Diagnostic>) -> Report {
    let mut diagnostics = failed;
    diagnostics.extend(
        project
            .given_glossaries()
            .filter(|document| matches!(document.content, Content::Failed(_)))
            .flat_map(lint::load_findings),
    );
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
