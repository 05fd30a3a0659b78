//! The control block of an SOP in the handbook: its status, version, owner,
//! approval, dates and fingerprint, the signature manifestation of an
//! approval (21 CFR 11.50: the signer's printed name, the date and what the
//! signature means), and the notice a reader needs first when the text is
//! not the approved procedure (ISO 9001 7.5.3: no unintended use of a
//! revision that is not approved, or of an obsolete one).

use serde::Serialize;

use crate::control::{Fingerprint, Seal, fingerprint::PREFIX};
use crate::model::Sop;

use super::value;

/// What the handbook shows of an SOP's document control.
#[derive(Serialize, Clone)]
pub struct Control {
    pub status: String,
    pub version: Option<String>,
    pub owner: Option<String>,
    pub approved_by: Option<String>,
    pub approved_on: Option<String>,
    pub effective: Option<String>,
    pub review_by: Option<String>,
    /// The short fingerprint of the text the handbook shows.
    pub fingerprint: String,
    /// The fingerprint recorded at approval, short when it has the
    /// `sha256:<hex>` shape, else as written.
    pub approved_fingerprint: Option<String>,
    /// What a reader may rely on, see [`Approval`].
    pub approval: Approval,
    /// Who approved it, when, and what that means (for an SOP that is
    /// approved or changed since): whether this text is that revision.
    pub statement: Option<String>,
    /// What a reader must know before reading on, when the text is not the
    /// approved procedure.
    pub notice: Option<Notice>,
}

/// Whether the text shown is the approved procedure.
#[derive(Serialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "kebab-case")]
pub enum Approval {
    /// Approved, with a complete record that the text matches.
    Approved,
    /// Approved, but the text changed since (`changed-after-approval`).
    Changed,
    /// Marked approved without an approver, a date or a fingerprint
    /// (`approval-incomplete`): nothing shows that this is the approved text.
    Incomplete,
    /// A draft, in review, or a status `sop` does not know.
    NotApproved,
    /// No longer in use.
    Retired,
}

/// A box at the top of the page: a short title and the sentence that says why.
#[derive(Serialize, Clone)]
pub struct Notice {
    pub title: String,
    pub text: String,
}

impl Control {
    /// The control block of `sop`, whose text has the fingerprint
    /// `current` (the file's own, computed once for lint and handbook).
    pub fn of(sop: &Sop, current: &Fingerprint) -> Control {
        let seal = Seal::against(sop, current);
        let status = sop.status().to_string();
        let approved_by = value(&sop.approved_by);
        let approved_on = value(&sop.approved_on);
        let approved_fingerprint = sop.fingerprint.as_ref().map(|text| short(&text.value));
        let approval = match (status.as_str(), &seal) {
            ("retired", _) => Approval::Retired,
            ("approved", Seal::Broken { .. }) => Approval::Changed,
            ("approved", Seal::Intact) if approved_by.is_some() && approved_on.is_some() => {
                Approval::Approved
            }
            ("approved", _) => Approval::Incomplete,
            _ => Approval::NotApproved,
        };
        let mut control = Control {
            version: value(&sop.version),
            owner: value(&sop.owner),
            effective: value(&sop.effective),
            review_by: value(&sop.review_by),
            fingerprint: current.short().to_string(),
            approval,
            statement: None,
            notice: None,
            status,
            approved_by,
            approved_on,
            approved_fingerprint,
        };
        control.statement = control.statement();
        control.notice = control.notice();
        control
    }

    fn statement(&self) -> Option<String> {
        match self.approval {
            Approval::Approved => Some(format!(
                "Approved{}: this revision (fingerprint {}) is the approved procedure.",
                by_on(&self.approved_by, &self.approved_on),
                self.fingerprint
            )),
            Approval::Changed => Some(format!(
                "Approved{} for the revision with fingerprint {}; this text (fingerprint {}) is not that revision.",
                by_on(&self.approved_by, &self.approved_on),
                self.approved_fingerprint.as_deref().unwrap_or_default(),
                self.fingerprint
            )),
            Approval::Incomplete | Approval::NotApproved | Approval::Retired => None,
        }
    }

    fn notice(&self) -> Option<Notice> {
        let (title, text) = match self.approval {
            Approval::Approved => return None,
            Approval::Changed => (
                "Not the approved revision.",
                format!(
                    "This text has changed since it was approved{}: it is not the approved revision. \
                     Do not rely on it until it is re-approved.",
                    by_on(&self.approved_by, &self.approved_on)
                ),
            ),
            Approval::Incomplete => (
                "Approval incomplete.",
                format!(
                    "This SOP is marked approved, but its approval record has no {}: \
                     nothing shows that this text is the approved revision. \
                     Do not rely on it until its approval is recorded.",
                    self.missing().join(" and no ")
                ),
            ),
            Approval::NotApproved => (
                "Not approved.",
                format!(
                    "This SOP is {}: it is not approved yet. Do not rely on it until it is approved.",
                    self.unapproved_status()
                ),
            ),
            Approval::Retired => (
                "Retired.",
                "This SOP is retired: it is no longer in use. Do not follow it; \
                 it is shown for reference only."
                    .to_string(),
            ),
        };
        Some(Notice {
            title: title.to_string(),
            text,
        })
    }

    /// The status of an SOP that is not approved, as in "This SOP is …":
    /// `a draft`, `in review`, `of status obsolete`.
    pub fn unapproved_status(&self) -> String {
        match self.status.as_str() {
            "draft" => "a draft".to_string(),
            "in-review" => "in review".to_string(),
            other => format!("of status {other}"),
        }
    }

    /// The parts of an approval record that are not set, in words.
    fn missing(&self) -> Vec<&'static str> {
        [
            (self.approved_by.is_none(), "approver (approved_by)"),
            (self.approved_on.is_none(), "approval date (approved_on)"),
            (self.approved_fingerprint.is_none(), "fingerprint"),
        ]
        .into_iter()
        .filter_map(|(missing, name)| missing.then_some(name))
        .collect()
    }
}

/// ` by B on D`, with what is known of an approval.
fn by_on(by: &Option<String>, on: &Option<String>) -> String {
    let mut words = String::new();
    if let Some(by) = by {
        words.push_str(&format!(" by {by}"));
    }
    if let Some(on) = on {
        words.push_str(&format!(" on {on}"));
    }
    words
}

/// A recorded fingerprint as the handbook shows it: 12 hex digits when it
/// has the shape of one, else the text as written (a `schema` finding).
fn short(recorded: &str) -> String {
    let recorded = recorded.trim();
    let digits = recorded
        .get(..PREFIX.len())
        .filter(|prefix| prefix.eq_ignore_ascii_case(PREFIX))
        .and_then(|_| recorded.get(PREFIX.len()..PREFIX.len() + 12))
        .filter(|digits| digits.chars().all(|c| c.is_ascii_hexdigit()));
    match digits {
        Some(digits) => digits.to_ascii_lowercase(),
        None => recorded.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn control(text: &str) -> Control {
        let root = yaml::parse(text).unwrap().unwrap();
        Control::of(&Sop::from_node(&root).unwrap(), &Fingerprint::of(&root))
    }

    #[test]
    fn an_approval_without_its_record_is_not_shown_as_approved() {
        let incomplete = control("id: A\ntitle: T\nstatus: approved\napproved_by: Dana Reyes\n");
        assert_eq!(incomplete.approval, Approval::Incomplete);
        assert_eq!(incomplete.statement, None);
        assert_eq!(
            incomplete.notice.unwrap().text,
            "This SOP is marked approved, but its approval record has no approval date \
             (approved_on) and no fingerprint: nothing shows that this text is the approved \
             revision. Do not rely on it until its approval is recorded."
        );
        let unknown = control("id: A\ntitle: T\nstatus: obsolete\n");
        assert_eq!(unknown.approval, Approval::NotApproved);
        assert!(
            unknown
                .notice
                .unwrap()
                .text
                .starts_with("This SOP is of status obsolete: it is not approved yet.")
        );
    }

    #[test]
    fn a_recorded_fingerprint_is_shortened_only_when_it_is_one() {
        let hex = "8F4B58B0154C75BA9C7C170DB31BFE83AD287708C7835D9C63555D425BA93778";
        assert_eq!(short(&format!(" sha256:{hex}")), "8f4b58b0154c");
        assert_eq!(short("sha256:<b>not hex</b>"), "sha256:<b>not hex</b>");
        assert_eq!(short("sha256:ab"), "sha256:ab");
        assert_eq!(short("é"), "é");
    }
}
