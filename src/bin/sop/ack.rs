//! `sop ack`: records that a person has read the current revision of the
//! SOPs they must know, appending rows to the acknowledgements file.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use sop::date::Date;
use sop::project::read;
use sop::suggest;
use sop::training::acknowledgements::{self, NewRow};
use sop::training::{Known, Records, fault};

use crate::training::{catalog, known_person, roster};
use crate::{ProjectArgs, parse_date, report_skipped};

/// The examples at the end of `--help`.
pub const EXAMPLES: &str = "\
Examples:
  sop ack --person \"Bo Chen\"                # every approved SOP Bo Chen must know
  sop ack --person \"Bo Chen\" --sop CS-010 --date 2026-11-20";

#[derive(clap::Args)]
pub struct AckArgs {
    #[command(flatten)]
    project: ProjectArgs,
    /// The person who has read the SOPs, as written in the roster.
    #[arg(long)]
    person: String,
    /// Only this SOP (repeat for more; default: every approved SOP the person must know).
    #[arg(long = "sop", value_name = "ID")]
    sops: Vec<String>,
    /// The date of the acknowledgement, YYYY-MM-DD, not after today (default: today).
    #[arg(long, value_parser = parse_date)]
    date: Option<Date>,
    /// Today's date, YYYY-MM-DD (default: today, UTC).
    #[arg(long, value_parser = parse_date)]
    today: Option<Date>,
}

pub fn run(args: AckArgs) -> anyhow::Result<ExitCode> {
    let today = args.today.unwrap_or_else(Date::today);
    let date = args.date.unwrap_or(today);
    if date > today {
        bail!("--date {date} is after today ({today}): an acknowledgement is of a reading done");
    }
    let project = args.project.load()?;
    let file = project.config.training.acknowledgements.path.clone();
    let shown = project.shown(&file);
    let folder = file
        .parent()
        .context("the acknowledgements file has no folder")?;
    std::fs::create_dir_all(folder)
        .with_context(|| format!("cannot create the folder of {}", shown.display()))?;
    // Runs of `sop ack` take turns: each reads the file and appends to it.
    #[cfg(unix)]
    let _lock = {
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        let lock = folder.join(format!(".{name}.lock"));
        sop::publish::lock::Lock::acquire(lock)
            .with_context(|| format!("cannot lock {}", shown.display()))?
    };
    let mut records = Records::load(&project);
    // `sop ack` creates the acknowledgements file: only the roster must exist.
    records.missing.retain(|missing| missing.path != shown);
    let records = check_records(records, &project)?;
    let roster = roster(&records)?;
    known_person(roster, &args.person)?;
    let (catalog, skipped) = catalog(&project, roster);
    let roles = roster.roles_of(&args.person);
    let chosen: Vec<&Known> = if args.sops.is_empty() {
        catalog
            .sops
            .iter()
            .filter(|known| known.approved && !known.roles.is_disjoint(&roles))
            .collect()
    } else {
        let ids: Vec<&str> = catalog.sops.iter().map(|k| k.id.as_str()).collect();
        let mut chosen = Vec::new();
        for id in &args.sops {
            let Some(known) = catalog.get(id) else {
                bail!(
                    "no SOP has the id `{id}`{}",
                    suggest::did_you_mean(suggest::closest(id, &ids))
                );
            };
            if !known.approved {
                bail!("{id} is not approved: only an approved SOP is acknowledged");
            }
            chosen.push(known);
        }
        chosen
    };
    let existing = records.acknowledgements.as_ref();
    let mut stdout = anstream::stdout();
    let mut rows = Vec::new();
    for known in chosen {
        let version = if known.version.is_empty() {
            "(no version)"
        } else {
            &known.version
        };
        let current = existing.iter().flat_map(|file| &file.rows).any(|row| {
            row.person.value == args.person
                && fault(row, Some(roster), &catalog).is_none()
                && known.is_current(row)
        });
        if current || rows.iter().any(|row: &NewRow| row.sop == known.id) {
            writeln!(stdout, "{} {version}: already current", known.id)?;
            continue;
        }
        writeln!(stdout, "{} {version}: acknowledged on {date}", known.id)?;
        rows.push(NewRow {
            date,
            person: args.person.clone(),
            sop: known.id.clone(),
            version: known.version.clone(),
            fingerprint: known.fingerprint.to_string(),
        });
    }
    if rows.is_empty() {
        writeln!(stdout, "nothing to add to {}", shown.display())?;
    } else {
        let limit = project.config.limits.file_size();
        let old = match std::fs::symlink_metadata(&file) {
            Ok(_) => Some(
                read::read_bytes(&file, limit)
                    .with_context(|| format!("cannot read {}", shown.display()))?,
            ),
            Err(_) => None,
        };
        let header = existing.map(|file| file.header.clone()).unwrap_or_default();
        let bytes = acknowledgements::appended(old.as_deref(), &header, &rows);
        sop::publish::write_file(&file, &bytes)?;
        writeln!(
            stdout,
            "appended {} row{} to {}",
            rows.len(),
            if rows.len() == 1 { "" } else { "s" },
            shown.display()
        )?;
    }
    report_skipped(&skipped)?;
    Ok(if skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The records, unless the acknowledgements file is there but cannot be
/// read as a table: appending to it would bury the mistake.
fn check_records(records: Records, project: &sop::project::Project) -> anyhow::Result<Records> {
    let file = &project.config.training.acknowledgements.path;
    if records.acknowledgements.is_none() && std::fs::symlink_metadata(file).is_ok() {
        bail!(
            "{} cannot be read as acknowledgements: fix it first (`sop lint` shows why)",
            project.shown(file).display()
        );
    }
    if let Some(missing) = records.missing.first() {
        bail!("{}: {}", missing.path.display(), missing.message);
    }
    Ok(records)
}
