//! `sop calendar`: the review dates of the SOPs as an iCalendar file.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;

use sop::control::calendar::Calendar;
use sop::control::register::{Filters, Register};
use sop::date::Date;

use crate::{ProjectArgs, out_file, parse_date, report_skipped};

/// The examples at the end of `--help`.
pub const EXAMPLES: &str = "\
Examples:
  sop calendar --out reviews.ics            # to import into a calendar application
  sop calendar sops/customer-service > cs-reviews.ics";

#[derive(clap::Args)]
pub struct CalendarArgs {
    #[command(flatten)]
    project: ProjectArgs,
    /// Write the calendar to this .ics file (replaced whole) instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
    /// No closing "Wrote N review dates" line.
    #[arg(short, long)]
    quiet: bool,
    /// The date the calendar is stamped with (DTSTAMP), YYYY-MM-DD (default: today, UTC).
    #[arg(long, value_parser = parse_date)]
    today: Option<Date>,
}

pub fn run(args: CalendarArgs) -> anyhow::Result<ExitCode> {
    if let Some(out) = &args.out {
        let extension = out_file::extension(out);
        if extension.as_deref() != Some("ics") {
            bail!(
                "{}: an iCalendar file ends in .ics, the name calendar applications import: use --out reviews.ics, or stdout",
                out.display()
            );
        }
    }
    let stamp = args.today.unwrap_or_else(Date::today);
    let project = args.project.load()?;
    let register = Register::read(&project, &Filters::default());
    let calendar = Calendar::of(&register.rows);
    let mut bytes = Vec::new();
    calendar.write(stamp, &mut bytes)?;
    match &args.out {
        Some(out) => sop::publish::write_file(out, &bytes)?,
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    let mut stderr = anstream::stderr();
    for left_out in &calendar.left_out {
        writeln!(
            stderr,
            "left out {}: {} (see `sop lint`)",
            left_out.file, left_out.reason
        )?;
    }
    if let Some(out) = args.out.as_ref().filter(|_| !args.quiet) {
        writeln!(
            stderr,
            "Wrote {} review dates to {}.",
            calendar.events.len(),
            out.display()
        )?;
    }
    report_skipped(&register.skipped)?;
    Ok(
        if register.skipped.is_empty() && calendar.left_out.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        },
    )
}
