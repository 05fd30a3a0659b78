//! The sign-off sheet of a handbook for one role (`sop render --role KEY`):
//! the SOPs that role must know, each by id, title, version and short
//! fingerprint, with the statement an employee signs (the written
//! acknowledgement of training records, ISO 9001 7.2 and 7.3) and lines for
//! their name, the date and their signature.
//!
//! Only SOPs whose text is the approved procedure are listed: a draft, a
//! text changed since its approval or a retired SOP is not a revision to
//! follow, so the sheet names those apart, with why.

use serde::Serialize;

use super::SopLink;
use super::control::{Approval, Control};

/// What the employee confirms by signing.
pub const STATEMENT: &str = "By signing this sheet I confirm that I have read each procedure \
     listed on it, in the revision shown (version and fingerprint), that I have understood it, \
     and that following it in my work is my responsibility. Where anything in it is unclear to \
     me, I will ask before I act.";

/// SOPs on one printed sheet: one A4 or Letter page with the statement and
/// the signature lines.
pub const SHEET_ROWS: usize = 15;

#[derive(Serialize)]
pub struct SignOff {
    /// The role key of `--role`.
    pub role: String,
    pub statement: &'static str,
    /// The SOPs to acknowledge, in the handbook's order.
    pub sops: Vec<Row>,
    /// `sops` by printed sheet, [`SHEET_ROWS`] a sheet.
    pub sheets: Vec<Sheet>,
    /// The SOPs of the handbook that are not on the sheet, and why.
    pub not_listed: Vec<NotListed>,
}

/// An SOP to acknowledge: its link (`id`, `title`, `version`, `href`...)
/// and the short fingerprint of the text the handbook shows.
#[derive(Serialize, Clone)]
pub struct Row {
    #[serde(flatten)]
    pub link: SopLink,
    pub fingerprint: String,
}

#[derive(Serialize)]
pub struct Sheet {
    /// From 1.
    pub number: usize,
    pub sops: Vec<Row>,
}

#[derive(Serialize)]
pub struct NotListed {
    #[serde(flatten)]
    pub link: SopLink,
    /// Why, in a few words: `a draft`, `retired`...
    pub reason: String,
}

impl SignOff {
    /// The sheet of `role` for the handbook's SOPs: their links and control blocks.
    pub fn new<'a>(
        role: &str,
        sops_of: impl Iterator<Item = (&'a SopLink, &'a Control)>,
    ) -> SignOff {
        let mut sops = Vec::new();
        let mut not_listed = Vec::new();
        for (link, control) in sops_of {
            let link = link.clone();
            match reason(control) {
                None => sops.push(Row {
                    link,
                    fingerprint: control.fingerprint.clone(),
                }),
                Some(reason) => not_listed.push(NotListed { link, reason }),
            }
        }
        let sheets = sops
            .chunks(SHEET_ROWS)
            .enumerate()
            .map(|(index, rows)| Sheet {
                number: index + 1,
                sops: rows.to_vec(),
            })
            .collect();
        SignOff {
            role: role.to_string(),
            statement: STATEMENT,
            sops,
            sheets,
            not_listed,
        }
    }
}

/// Why an SOP is not one to acknowledge, or `None` when it is.
fn reason(control: &Control) -> Option<String> {
    Some(match control.approval {
        Approval::Approved => return None,
        Approval::Changed => "changed since its approval".to_string(),
        Approval::Incomplete => "its approval is incomplete".to_string(),
        Approval::Retired => "retired".to_string(),
        Approval::NotApproved => control.unapproved_status(),
    })
}
