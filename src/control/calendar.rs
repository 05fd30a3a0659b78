//! The review calendar of `sop calendar`: an iCalendar file (RFC 5545) with
//! one all-day event per SOP on its `review_by` date, to import into a
//! calendar application. Each event's UID is made of the SOP id only, so
//! importing a newer file moves the events instead of adding copies.

use std::io::{self, Write};

use super::register::Row;
use crate::date::{Date, Period};

/// The right-hand side of every UID: a fixed name, the same on every
/// machine and in every run.
pub const UID_DOMAIN: &str = "sop";

/// The `PRODID` of the file: who wrote it.
const PRODID: &str = "-//sop//SOP review calendar//EN";

/// RFC 5545 section 3.1: lines longer than 75 octets are folded.
const LINE_OCTETS: usize = 75;

/// The events of the calendar, and the SOPs that should have one but cannot.
#[derive(Debug, Default)]
pub struct Calendar {
    pub events: Vec<Event>,
    pub left_out: Vec<LeftOut>,
}

/// One review: an all-day event on the SOP's `review_by` date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub uid: String,
    pub date: Date,
    pub summary: String,
    pub description: String,
}

/// An SOP with a review date that has no event, and why (the file as the
/// register names it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub file: String,
    pub reason: String,
}

impl Calendar {
    /// One event per SOP with a `review_by` date, retired SOPs left out,
    /// ordered by date, then id. An SOP whose `review_by` is not a date,
    /// that has no id, or whose id an earlier SOP already has (ignoring
    /// case, as `duplicate-sop-id` does) is left out, and said so.
    pub fn of(rows: &[Row]) -> Calendar {
        let mut calendar = Calendar::default();
        let mut ids = std::collections::HashSet::new();
        for row in rows {
            let Some(review_by) = &row.review_by else {
                continue;
            };
            if row.status == "retired" {
                continue;
            }
            let left_out = |reason: String| LeftOut {
                file: row.file.clone(),
                reason,
            };
            let Some(date) = row.review_date() else {
                let reason = format!("`review_by: {review_by}` is not a date YYYY-MM-DD");
                calendar.left_out.push(left_out(reason));
                continue;
            };
            let Some(id) = &row.id else {
                let reason = "it has no `id`, which its event's UID is made of".to_string();
                calendar.left_out.push(left_out(reason));
                continue;
            };
            if !ids.insert(id.to_lowercase()) {
                let reason = format!("another SOP has the id `{id}` too");
                calendar.left_out.push(left_out(reason));
                continue;
            }
            let owner = row.owner.as_deref().unwrap_or("not set");
            let summary = match &row.title {
                Some(title) => format!("Review {id} {title}"),
                None => format!("Review {id}"),
            };
            calendar.events.push(Event {
                uid: uid(id),
                date,
                summary,
                description: format!("Owner: {owner}\nFile: {}", row.file),
            });
        }
        calendar
            .events
            .sort_by(|a, b| (a.date, &a.uid).cmp(&(b.date, &b.uid)));
        calendar
    }

    /// Writes the calendar, stamped (`DTSTAMP`) at midnight UTC of `stamp`.
    pub fn write(&self, stamp: Date, out: &mut dyn Write) -> io::Result<()> {
        let mut text = String::new();
        let mut line = |content: String| fold(&content, &mut text);
        line("BEGIN:VCALENDAR".into());
        line("VERSION:2.0".into());
        line(format!("PRODID:{PRODID}"));
        line("CALSCALE:GREGORIAN".into());
        line("METHOD:PUBLISH".into());
        for event in &self.events {
            line("BEGIN:VEVENT".into());
            line(format!("UID:{}", escape(&event.uid)));
            line(format!("DTSTAMP:{}T000000Z", basic(stamp)));
            line(format!("DTSTART;VALUE=DATE:{}", basic(event.date)));
            let next_day = event.date.plus(Period::Days(1));
            line(format!("DTEND;VALUE=DATE:{}", basic(next_day)));
            line(format!("SUMMARY:{}", escape(&event.summary)));
            line(format!("DESCRIPTION:{}", escape(&event.description)));
            line("END:VEVENT".into());
        }
        line("END:VCALENDAR".into());
        out.write_all(text.as_bytes())
    }
}

/// The UID of the review event of the SOP `id`.
pub fn uid(id: &str) -> String {
    format!("sop-review-{id}@{UID_DOMAIN}")
}

/// A date in the basic format of RFC 5545, `YYYYMMDD`.
fn basic(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year, date.month, date.day)
}

/// A TEXT value (RFC 5545 section 3.3.11): `\`, `;` and `,` escaped with a
/// backslash, a line break (LF, CRLF or CR) as `\n`. Other ASCII control
/// characters but the tab may not appear in a value: they are left out.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | ';' | ',' => {
                escaped.push('\\');
                escaped.push(c);
            }
            '\n' => escaped.push_str("\\n"),
            '\r' => {
                chars.next_if_eq(&'\n');
                escaped.push_str("\\n");
            }
            '\t' => escaped.push(c),
            c if c.is_ascii_control() => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// Appends `line` with a CRLF, folded so that no line is longer than 75
/// octets: a continuation starts with a space, and a UTF-8 character is
/// never split.
fn fold(line: &str, out: &mut String) {
    let mut octets = 0;
    for c in line.chars() {
        if octets + c.len_utf8() > LINE_OCTETS {
            out.push_str("\r\n ");
            octets = 1;
        }
        out.push(c);
        octets += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(line: &str) -> String {
        let mut out = String::new();
        fold(line, &mut out);
        out
    }

    #[test]
    fn short_lines_are_not_folded() {
        assert_eq!(folded("VERSION:2.0"), "VERSION:2.0\r\n");
        let exactly = "x".repeat(75);
        assert_eq!(folded(&exactly), format!("{exactly}\r\n"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_and_unfold_to_the_line() {
        let line = format!("SUMMARY:{}", "a".repeat(200));
        let text = folded(&line);
        let lines: Vec<&str> = text.trim_end_matches("\r\n").split("\r\n").collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].len(), 75);
        assert_eq!(lines[1].len(), 75);
        assert!(lines[1..].iter().all(|line| line.starts_with(' ')));
        assert_eq!(text.replace("\r\n ", ""), format!("{line}\r\n"));
    }

    #[test]
    fn folding_never_splits_a_character() {
        // Two-, three- and four-octet characters, so that the 75th octet
        // falls inside one of them at some fold.
        for filler in ["é", "顧", "😀"] {
            for prefix in 0..4 {
                let line = format!("{}{}", "x".repeat(prefix), filler.repeat(60));
                let text = folded(&line);
                for part in text.split("\r\n") {
                    assert!(part.len() <= 75, "{part:?}");
                }
                assert_eq!(text.replace("\r\n ", ""), format!("{line}\r\n"));
            }
        }
    }

    #[test]
    fn text_values_escape_separators_and_line_breaks() {
        assert_eq!(escape(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(escape("one\ntwo\r\nthree\rfour"), r"one\ntwo\nthree\nfour");
        assert_eq!(
            escape("tab\tkept, bell\u{7} gone"),
            "tab\tkept\\, bell gone"
        );
        assert_eq!(escape("顧客: プラン"), "顧客: プラン");
    }

    fn row(id: &str, status: &str, review_by: Option<&str>) -> Row {
        Row {
            id: Some(id.into()),
            title: Some(format!("Title of {id}")),
            department: None,
            owner: Some("Quality Lead".into()),
            status: status.into(),
            version: None,
            approved_by: None,
            approved_on: None,
            effective: None,
            review_by: review_by.map(String::from),
            steps: 1,
            fingerprint: "none",
            file: format!("sops/{id}.yaml"),
        }
    }

    #[test]
    fn events_by_date_without_retired_or_unscheduled_sops() {
        let rows = [
            row("CS-1851", "approved", Some("2027-03-01")),
            row("CS-1852", "retired", Some("2027-01-01")),
            row("CS-1853", "draft", None),
            row("CS-1854", "draft", Some("2027-02-01")),
            row("CS-1855", "approved", Some("soon")),
            row("cs-1851", "approved", Some("2027-04-01")),
        ];
        let calendar = Calendar::of(&rows);
        let uids: Vec<&str> = calendar.events.iter().map(|e| e.uid.as_str()).collect();
        assert_eq!(uids, ["sop-review-CS-1854@sop", "sop-review-CS-1851@sop"]);
        assert_eq!(
            calendar.events[1].summary,
            "Review CS-1851 Title of CS-1851"
        );
        assert_eq!(
            calendar.events[1].description,
            "Owner: Quality Lead\nFile: sops/CS-1851.yaml"
        );
        let left_out: Vec<&str> = calendar.left_out.iter().map(|l| l.file.as_str()).collect();
        assert_eq!(left_out, ["sops/CS-1855.yaml", "sops/cs-1851.yaml"]);
    }

    #[test]
    fn the_file_is_an_rfc_5545_calendar_with_crlf_line_ends() {
        let calendar = Calendar::of(&[row("CS-1856", "approved", Some("2027-12-31"))]);
        let mut out = Vec::new();
        calendar
            .write("2026-11-22".parse().unwrap(), &mut out)
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//sop//SOP review calendar//EN\r\n\
             CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nBEGIN:VEVENT\r\n\
             UID:sop-review-CS-1856@sop\r\nDTSTAMP:20261122T000000Z\r\n\
             DTSTART;VALUE=DATE:20271231\r\nDTEND;VALUE=DATE:20280101\r\n\
             SUMMARY:Review CS-1856 Title of CS-1856\r\n\
             DESCRIPTION:Owner: Quality Lead\\nFile: sops/CS-1856.yaml\r\n\
             END:VEVENT\r\nEND:VCALENDAR\r\n"
        );
    }
}
