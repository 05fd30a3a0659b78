//! The report for a terminal: one block per SOP, a line per change, the
//! old and new text of what was reworded. SOP text is escaped as in lint
//! findings ([`terminal_safe`]).

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::{
    current, entry_word, metric_texts, one_line, status_word, step_label, step_note, step_texts,
    step_word,
};
use crate::diff::{Change, EntryChange, MetricChange, Report, SopDiff, SopEntry, Status};
use crate::output::human::terminal_safe;

const BOLD: Style = Style::new().bold();
const ADDED: Style = AnsiColor::Green.on_default();
const REMOVED: Style = AnsiColor::Red.on_default();
const CHANGED: Style = AnsiColor::Yellow.on_default();
const DIM: Style = Style::new().dimmed();

fn style(change: Change) -> (Style, char) {
    match change {
        Change::Added => (ADDED, '+'),
        Change::Removed => (REMOVED, '-'),
        Change::Changed => (CHANGED, '~'),
    }
}

fn safe(text: &str) -> String {
    terminal_safe(&one_line(text)).into_owned()
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    if report.sops.is_empty() {
        writeln!(out, "No SOPs to compare.")?;
    }
    let (unchanged, changed): (Vec<&SopEntry>, Vec<&SopEntry>) = report
        .sops
        .iter()
        .partition(|entry| status_word(entry) == "unchanged");
    for (index, entry) in changed.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        write_entry(entry, out)?;
    }
    if !unchanged.is_empty() {
        if !changed.is_empty() {
            writeln!(out)?;
        }
        writeln!(out, "unchanged: {}", names(&unchanged).join(", "))?;
    }
    if !report.unreadable.is_empty() {
        writeln!(out)?;
        writeln!(out, "{BOLD}Not compared (not readable SOPs):{BOLD:#}")?;
        for file in &report.unreadable {
            writeln!(
                out,
                "  {} {}: {}",
                file.side.as_str(),
                safe(&file.path),
                safe(&file.message)
            )?;
        }
    }
    Ok(())
}

/// The SOPs by id, or by file when they have none.
fn names(entries: &[&SopEntry]) -> Vec<String> {
    entries
        .iter()
        .map(|entry| safe(super::short_name(entry)))
        .collect()
}

fn write_entry(entry: &SopEntry, out: &mut dyn Write) -> io::Result<()> {
    let name = [entry.id.as_deref(), entry.title.as_deref()]
        .into_iter()
        .flatten()
        .map(safe)
        .collect::<Vec<_>>()
        .join(" ");
    writeln!(out, "{BOLD}{name}{BOLD:#}: {}", status_word(entry))?;
    let paths = match (&entry.old_path, &entry.new_path) {
        (Some(old), Some(new)) if old != new => format!("{} -> {}", safe(old), safe(new)),
        (Some(path), _) | (_, Some(path)) => safe(path),
        (None, None) => String::new(),
    };
    writeln!(out, "  {DIM}{paths}{DIM:#}")?;
    if let Status::Compared(diff) = &entry.status {
        write_diff(diff, out)?;
    }
    Ok(())
}

fn write_diff(diff: &SopDiff, out: &mut dyn Write) -> io::Result<()> {
    for field in &diff.fields {
        let shown = |value: &Option<String>| value.as_deref().map_or("(not set)".into(), safe);
        writeln!(
            out,
            "  {CHANGED}~{CHANGED:#} {}: {} -> {}",
            field.field,
            shown(&field.old),
            shown(&field.new)
        )?;
    }
    if !diff.steps.is_empty() {
        writeln!(out, "  steps:")?;
    }
    for step in &diff.steps {
        let Some(view) = current(step) else {
            continue;
        };
        let (colour, mark) = style(step.change());
        let note = step_note(step);
        let note = if note.is_empty() {
            String::new()
        } else {
            format!(" [{}]", safe(&note))
        };
        let word = step_word(step);
        let label = safe(&step_label(view));
        writeln!(out, "    {colour}{mark} {word}{colour:#} {label}{note}")?;
        let (was, now) = step_texts(step, view);
        write_was_now(was, now, out)?;
    }
    write_entries("roles", &diff.roles, out)?;
    write_entries("terms", &diff.terms, out)?;
    write_metrics(&diff.metrics, out)?;
    let roles = diff.affected_roles();
    if !roles.is_empty() {
        let roles: Vec<String> = roles.iter().map(|role| safe(role)).collect();
        writeln!(out, "  affected roles: {}", roles.join(", "))?;
    }
    Ok(())
}

fn write_entries(section: &str, entries: &[EntryChange], out: &mut dyn Write) -> io::Result<()> {
    if !entries.is_empty() {
        writeln!(out, "  {section}:")?;
    }
    for entry in entries {
        let (colour, mark) = style(entry.change);
        let word = entry_word(section, entry.change);
        writeln!(
            out,
            "    {colour}{mark} {word}{colour:#} {}",
            safe(&entry.key)
        )?;
        write_was_now(entry.old.as_deref(), entry.new.as_deref(), out)?;
    }
    Ok(())
}

fn write_metrics(metrics: &[MetricChange], out: &mut dyn Write) -> io::Result<()> {
    if !metrics.is_empty() {
        writeln!(out, "  metrics:")?;
    }
    for metric in metrics {
        let (colour, mark) = style(metric.change);
        let word = entry_word("metrics", metric.change);
        writeln!(
            out,
            "    {colour}{mark} {word}{colour:#} {}",
            safe(&metric.name)
        )?;
        let (was, now) = metric_texts(metric);
        write_was_now(was.as_deref(), now.as_deref(), out)?;
    }
    Ok(())
}

/// The text before and after; one line when only one side has it.
fn write_was_now(old: Option<&str>, new: Option<&str>, out: &mut dyn Write) -> io::Result<()> {
    match (old, new) {
        (Some(old), Some(new)) => {
            writeln!(out, "        was: {}", safe(old))?;
            writeln!(out, "        now: {}", safe(new))
        }
        (Some(text), None) | (None, Some(text)) => writeln!(out, "        {}", safe(text)),
        (None, None) => Ok(()),
    }
}
