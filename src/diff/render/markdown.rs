//! The report as a Markdown page: a section per SOP, a list item per
//! change. Every piece of SOP text is escaped as in the Markdown handbook
//! ([`escape_markdown`]), so none of it is read as structure.

use std::io::{self, Write};

use super::{
    current, entry_word, metric_texts, one_line, status_word, step_label, step_note, step_texts,
    step_word,
};
use crate::diff::{EntryChange, MetricChange, Report, SopDiff, SopEntry, Status};
use crate::handbook::text::escape_markdown;

fn capital(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# What changed")?;
    if report.sops.is_empty() {
        writeln!(out, "\nNo SOPs to compare.")?;
    }
    let (unchanged, changed): (Vec<&SopEntry>, Vec<&SopEntry>) = report
        .sops
        .iter()
        .partition(|entry| status_word(entry) == "unchanged");
    for entry in changed {
        write_entry(entry, out)?;
    }
    if !unchanged.is_empty() {
        let names: Vec<String> = unchanged
            .iter()
            .map(|entry| escape_markdown(super::short_name(entry)))
            .collect();
        writeln!(out, "\nUnchanged: {}", names.join(", "))?;
    }
    if !report.unreadable.is_empty() {
        writeln!(out, "\n## Not compared\n")?;
        writeln!(out, "These files are not readable SOPs:\n")?;
        for file in &report.unreadable {
            writeln!(
                out,
                "- {} {}: {}",
                file.side.as_str(),
                escape_markdown(&file.path),
                escape_markdown(&file.message)
            )?;
        }
    }
    Ok(())
}

fn write_entry(entry: &SopEntry, out: &mut dyn Write) -> io::Result<()> {
    let name = [entry.id.as_deref(), entry.title.as_deref()]
        .into_iter()
        .flatten()
        .map(escape_markdown)
        .collect::<Vec<_>>()
        .join(" ");
    writeln!(out, "\n## {name}\n")?;
    let paths = match (&entry.old_path, &entry.new_path) {
        (Some(old), Some(new)) if old != new => {
            format!("{} → {}", escape_markdown(old), escape_markdown(new))
        }
        (Some(path), _) | (_, Some(path)) => escape_markdown(path),
        (None, None) => String::new(),
    };
    writeln!(out, "{}: {paths}", capital(status_word(entry)))?;
    if let Status::Compared(diff) = &entry.status {
        write_diff(diff, out)?;
    }
    Ok(())
}

fn write_diff(diff: &SopDiff, out: &mut dyn Write) -> io::Result<()> {
    let roles = diff.affected_roles();
    if !roles.is_empty() {
        let roles: Vec<String> = roles.iter().map(|role| escape_markdown(role)).collect();
        writeln!(out, "\nAffected roles: {}", roles.join(", "))?;
    }
    if !diff.fields.is_empty() {
        writeln!(out, "\n### Fields\n")?;
    }
    for field in &diff.fields {
        let shown =
            |value: &Option<String>| value.as_deref().map_or("(not set)".into(), escape_markdown);
        writeln!(
            out,
            "- **{}**: {} → {}",
            field.field,
            shown(&field.old),
            shown(&field.new)
        )?;
    }
    if !diff.steps.is_empty() {
        writeln!(out, "\n### Steps\n")?;
    }
    for step in &diff.steps {
        let Some(view) = current(step) else {
            continue;
        };
        let note = step_note(step);
        let note = if note.is_empty() {
            String::new()
        } else {
            format!(" ({})", escape_markdown(&note))
        };
        writeln!(
            out,
            "- **{}** {}{note}",
            capital(step_word(step)),
            escape_markdown(&step_label(view))
        )?;
        let (was, now) = step_texts(step, view);
        write_was_now(was, now, out)?;
    }
    write_entries("roles", &diff.roles, out)?;
    write_entries("terms", &diff.terms, out)?;
    write_metrics(&diff.metrics, out)
}

fn write_entries(section: &str, entries: &[EntryChange], out: &mut dyn Write) -> io::Result<()> {
    if !entries.is_empty() {
        writeln!(out, "\n### {}\n", capital(section))?;
    }
    for entry in entries {
        writeln!(
            out,
            "- **{}** {}",
            capital(entry_word(section, entry.change)),
            escape_markdown(&entry.key)
        )?;
        write_was_now(entry.old.as_deref(), entry.new.as_deref(), out)?;
    }
    Ok(())
}

fn write_metrics(metrics: &[MetricChange], out: &mut dyn Write) -> io::Result<()> {
    if !metrics.is_empty() {
        writeln!(out, "\n### Metrics\n")?;
    }
    for metric in metrics {
        writeln!(
            out,
            "- **{}** {}",
            capital(entry_word("metrics", metric.change)),
            escape_markdown(&metric.name)
        )?;
        let (was, now) = metric_texts(metric);
        write_was_now(was.as_deref(), now.as_deref(), out)?;
    }
    Ok(())
}

/// The text before and after as sub-items; one when only one side has it.
fn write_was_now(old: Option<&str>, new: Option<&str>, out: &mut dyn Write) -> io::Result<()> {
    let item = |text: &str| escape_markdown(&one_line(text));
    match (old, new) {
        (Some(old), Some(new)) => {
            writeln!(out, "  - was: {}", item(old))?;
            writeln!(out, "  - now: {}", item(new))
        }
        (Some(text), None) | (None, Some(text)) => writeln!(out, "  - {}", item(text)),
        (None, None) => Ok(()),
    }
}
