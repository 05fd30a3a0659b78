//! `sop training`: the training matrix, who must know which SOP and
//! whether their acknowledgement is current, as a table, CSV, JSON or HTML.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use clap::ValueEnum;

use sop::date::Date;
use sop::diff;
use sop::project::{Content, Model, Project};
use sop::suggest;
use sop::training::matrix::{self, Filters, Matrix, Status};
use sop::training::{Catalog, Known, Records, Roster, changes};

use crate::{ProjectArgs, parse_date, report_skipped};

/// The examples at the end of `--help`.
pub const EXAMPLES: &str = "\
Examples:
  sop training                              # the whole matrix
  sop training --role rep --check           # exit 1 when a rep is not current
  sop training --person \"Ana Lima\"
  sop training --format html > matrix.html";

#[derive(clap::Args)]
pub struct TrainingArgs {
    #[command(flatten)]
    project: ProjectArgs,
    /// Only the people who hold this role, and the SOPs it must know.
    #[arg(long)]
    role: Option<String>,
    /// Only this person (as written in the roster).
    #[arg(long)]
    person: Option<String>,
    /// Only the SOPs of this department (ignoring case).
    #[arg(long)]
    department: Option<String>,
    /// Output format: marks for a terminal, a row per person and SOP as CSV or JSON, or one HTML page.
    #[arg(long, value_enum, default_value_t = TrainingFormatArg::Table)]
    format: TrainingFormatArg,
    /// Exit with 1 when anyone shown is outdated or missing on an SOP they must know (and say who on stderr).
    #[arg(long)]
    check: bool,
    /// The date the matrix is as of, YYYY-MM-DD, shown with it (default: today, UTC).
    #[arg(long, value_parser = parse_date)]
    today: Option<Date>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum TrainingFormatArg {
    Table,
    Csv,
    Json,
    Html,
}

pub fn run(args: TrainingArgs) -> anyhow::Result<ExitCode> {
    let today = args.today.unwrap_or_else(Date::today);
    let project = args.project.load()?;
    let records = records(&project)?;
    let roster = roster(&records)?;
    if let Some(person) = &args.person {
        known_person(roster, person)?;
    }
    if let Some(role) = &args.role
        && !roster.roles().contains(role)
    {
        let roles = roster.roles();
        let roles: Vec<&str> = roles.iter().map(String::as_str).collect();
        bail!(
            "no one in the roster holds the role `{role}`{}",
            suggest::did_you_mean(suggest::closest(role, &roles))
        );
    }
    let (catalog, skipped) = catalog(&project, roster);
    let filters = Filters {
        role: args.role,
        person: args.person,
        department: args.department,
    };
    let matrix = Matrix::of(&records, &catalog, &filters);
    let format = match args.format {
        TrainingFormatArg::Table => matrix::Format::Table,
        TrainingFormatArg::Csv => matrix::Format::Csv,
        TrainingFormatArg::Json => matrix::Format::Json,
        TrainingFormatArg::Html => matrix::Format::Html,
    };
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    matrix::write(&matrix, format, today, &mut stdout)?;
    stdout.flush()?;
    drop(stdout);
    if matches!(format, matrix::Format::Table) {
        write_changes(&matrix, &project, &mut anstream::stdout().lock())?;
    }
    let mut stderr = anstream::stderr();
    if !records.problems.is_empty() {
        writeln!(
            stderr,
            "some training records have mistakes and are not counted: `sop lint` shows them"
        )?;
    }
    report_skipped(&skipped)?;
    let open = args.check && !matrix.is_complete();
    if open {
        for cell in matrix.cells.iter().filter(|c| c.status != Status::Current) {
            let now = cell.version.as_deref().unwrap_or("without a version");
            let state = match (cell.status, &cell.acknowledged_version) {
                (Status::Outdated, Some(acknowledged)) => format!(
                    "outdated: acknowledged {acknowledged}, now {now}; read {} again",
                    cell.file.display()
                ),
                _ => format!(
                    "missing: {now} never acknowledged; read {}",
                    cell.file.display()
                ),
            };
            writeln!(stderr, "{}: {} {state}", cell.person, cell.sop)?;
        }
    }
    Ok(if open || !skipped.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// For each outdated acknowledgement whose version the git history has,
/// what changed for the person's roles since (the report of `sop diff`,
/// kept to their roles). Without git or that revision there is nothing to
/// show: `--check` names the file to read again.
fn write_changes(matrix: &Matrix, project: &Project, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut heading = false;
    // One read of the history per file and version, not per person.
    let mut read: HashMap<(&PathBuf, &str), Option<changes::Revisions>> = HashMap::new();
    for cell in matrix
        .cells
        .iter()
        .filter(|cell| cell.status == Status::Outdated)
    {
        let Some(acknowledged) = cell.acknowledged_version.as_deref() else {
            continue;
        };
        // Shown relative to the current folder, so it opens as it is.
        let revisions = read.entry((&cell.file, acknowledged)).or_insert_with(|| {
            changes::Revisions::read(&cell.file, acknowledged, &project.config.limits).ok()
        });
        let Some(revisions) = revisions else {
            continue;
        };
        if !heading {
            writeln!(
                out,
                "\nWhat changed since the acknowledged version, for their roles:"
            )?;
            heading = true;
        }
        writeln!(out, "\n{}, {} ({}):", cell.person, cell.sop, cell.role)?;
        let report = diff::Report {
            sops: vec![revisions.for_cell(cell)],
            unreadable: Vec::new(),
        };
        diff::write(&report, diff::render::Format::Human, out)?;
    }
    Ok(())
}

/// The training records of the project; a file that sop.toml names and
/// that does not exist is an error.
pub fn records(project: &Project) -> anyhow::Result<Records> {
    let records = Records::load(project);
    if let Some(missing) = records.missing.first() {
        bail!("{}: {}", missing.path.display(), missing.message);
    }
    Ok(records)
}

/// The roster of the records, or why there is none.
pub fn roster(records: &Records) -> anyhow::Result<&Roster> {
    match &records.roster {
        Some(roster) => Ok(roster),
        None if records.problems.is_empty() => bail!(
            "there is no roster: write `person,role` rows to {} (or set `[training] roster` in sop.toml)",
            sop::config::DEFAULT_ROSTER
        ),
        None => bail!("the roster cannot be read: `sop lint` shows why"),
    }
}

/// Refuses a person who is not in the roster, with the closest name.
pub fn known_person(roster: &Roster, person: &str) -> anyhow::Result<()> {
    if roster.has_person(person) {
        return Ok(());
    }
    bail!(
        "`{person}` is not in the roster{}",
        suggest::did_you_mean(suggest::closest(person, &roster.people()))
    )
}

/// The SOPs given, with the roles of the roster each involves; the files
/// that could not be read as SOPs.
pub fn catalog(project: &Project, roster: &Roster) -> (Catalog, Vec<PathBuf>) {
    let roles = roster.roles();
    let entries = project.read_all(|document| match &document.content {
        Content::Parsed(parsed) if matches!(parsed.model, Model::Sop { .. }) => {
            Ok(Known::of_document(&document, &roles))
        }
        _ => Err(document.path.clone()),
    });
    let mut known = Vec::new();
    let mut skipped: Vec<PathBuf> = project.problems.iter().map(|p| p.path.clone()).collect();
    for entry in entries {
        match entry {
            Ok(sop) => known.extend(sop),
            Err(path) => skipped.push(path),
        }
    }
    skipped.sort();
    (Catalog::new(known), skipped)
}
