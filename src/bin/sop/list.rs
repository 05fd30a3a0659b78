//! `sop list`: the document register, one row per SOP, as a table, CSV or JSON.

use std::io::Write;
use std::process::ExitCode;

use clap::ValueEnum;
use clap::builder::PossibleValuesParser;

use sop::control::register::{self, Filters, Register};
use sop::date::{Date, Period};

use crate::{ProjectArgs, parse_date, parse_period, report_skipped};

/// The examples at the end of `--help`.
pub const EXAMPLES: &str = "\
Examples:
  sop list                                  # the register as a table
  sop list --format csv > register.csv      # every column, for a spreadsheet
  sop list --review-due-within 30d          # reviews due within 30 days, or overdue
  sop list --role rep --status approved --format json";

#[derive(clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    project: ProjectArgs,
    /// Output format: a table for an 80-column terminal, or every column as CSV or JSON.
    #[arg(long, value_enum, default_value_t = ListFormatArg::Table)]
    format: ListFormatArg,
    /// Only the SOPs of this department (ignoring case).
    #[arg(long)]
    department: Option<String>,
    /// Only the SOPs with this status.
    #[arg(long, value_parser = PossibleValuesParser::new(sop::model::STATUSES))]
    status: Option<String>,
    /// Only the SOPs in which this role has a step or that define it in `roles`.
    #[arg(long)]
    role: Option<String>,
    /// Only the SOPs of this owner (ignoring case).
    #[arg(long)]
    owner: Option<String>,
    /// Only the SOPs to review within PERIOD of today, overdue ones too (e.g. 30d, 6m, 1y), by review date.
    #[arg(long, value_name = "PERIOD", value_parser = parse_period)]
    review_due_within: Option<Period>,
    /// The date --review-due-within counts from, YYYY-MM-DD (default: today, UTC).
    #[arg(long, value_parser = parse_date)]
    today: Option<Date>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ListFormatArg {
    Table,
    Csv,
    Json,
}

pub fn run(args: ListArgs) -> anyhow::Result<ExitCode> {
    let today = args.today.unwrap_or_else(Date::today);
    let filters = Filters {
        department: args.department,
        status: args.status,
        role: args.role,
        owner: args.owner,
        review_due_by: args.review_due_within.map(|period| today.plus(period)),
    };
    let format = match args.format {
        ListFormatArg::Table => register::Format::Table,
        ListFormatArg::Csv => register::Format::Csv,
        ListFormatArg::Json => register::Format::Json,
    };
    let project = args.project.load()?;
    let register = Register::read(&project, &filters);
    // Exact bytes for csv and json; the table escapes SOP text itself.
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    register::write(&register.rows, format, &mut stdout)?;
    stdout.flush()?;
    // An incomplete register is never silent.
    report_skipped(&register.skipped)?;
    Ok(if register.skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
