//! A [`Report`](super::Report) for a terminal, as Markdown, or as JSON;
//! each renderer writes to a `dyn Write`. The words are shared, so each
//! format says the same.

use super::{Change, MetricChange, MetricView, SopEntry, Status, StepChange, StepView};

pub mod human;
pub mod json;
pub mod markdown;

/// The formats of `sop diff --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Lines for a terminal, coloured by the caller's stream.
    Human,
    /// A Markdown page, e.g. for a pull request or a training note.
    Markdown,
    /// One JSON document for scripts.
    Json,
}

/// What became of an SOP, in a word.
pub fn status_word(entry: &SopEntry) -> &'static str {
    match &entry.status {
        Status::Added => "added",
        Status::Removed => "removed",
        Status::Compared(diff) if diff.is_empty() => "unchanged",
        Status::Compared(_) => "changed",
    }
}

/// An SOP by its id, or by its file when it has none.
pub fn short_name(entry: &SopEntry) -> &str {
    entry
        .id
        .as_deref()
        .or(entry.new_path.as_deref())
        .or(entry.old_path.as_deref())
        .unwrap_or_default()
}

/// What became of a step, in words.
pub fn step_word(step: &StepChange) -> &'static str {
    match (step.change(), step.reworded(), step.moved) {
        (Change::Added, ..) => "added",
        (Change::Removed, ..) => "removed",
        (_, true, true) => "reworded and moved",
        (_, true, false) => "reworded",
        _ => "moved",
    }
}

/// The word for an entry change of a section (`roles`, `terms`, `metrics`).
pub fn entry_word(section: &str, change: Change) -> &'static str {
    match (change, section) {
        (Change::Added, _) => "added",
        (Change::Removed, _) => "removed",
        (Change::Changed, "roles") => "redescribed",
        (Change::Changed, "terms") => "redefined",
        (Change::Changed, _) => "changed",
    }
}

/// `step 5 (callback, rep)`: where a step stands, its id and its role.
pub fn step_label(view: &StepView) -> String {
    let about: Vec<&str> = [view.id.as_deref(), view.role.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if about.is_empty() {
        format!("step {}", view.position)
    } else {
        format!("step {} ({})", view.position, about.join(", "))
    }
}

/// The step as it stands now, else as it stood.
pub fn current(step: &StepChange) -> Option<&StepView> {
    step.new.as_ref().or(step.old.as_ref())
}

/// The text to show of a changed step: before and after when its text
/// changed, else the text as it stands.
pub fn step_texts<'a>(
    step: &'a StepChange,
    view: &'a StepView,
) -> (Option<&'a str>, Option<&'a str>) {
    match (&step.old, &step.new) {
        (Some(old), Some(new)) if old.text != new.text => (Some(&old.text), Some(&new.text)),
        _ => (None, Some(&view.text)),
    }
}

/// A metric's shown text before and after (only the fields that changed).
pub fn metric_texts(metric: &MetricChange) -> (Option<String>, Option<String>) {
    let text =
        |view: &Option<MetricView>| view.as_ref().map(|view| metric_text(view, &metric.changed));
    (text(&metric.old), text(&metric.new))
}

/// What the step change adds to its label: the fields that changed (and
/// the role a step was taken from) and where a moved step stood.
pub fn step_note(step: &StepChange) -> String {
    let mut notes = Vec::new();
    if step.reworded() {
        let old_role = step.old.as_ref().and_then(|old| old.role.as_deref());
        let fields: Vec<String> = step
            .changed
            .iter()
            .map(|&field| match field {
                "role" => format!("role, was {}", old_role.unwrap_or("none")),
                field => field.to_string(),
            })
            .collect();
        notes.push(fields.join(", "));
    }
    if let (true, Some(old)) = (step.moved, &step.old) {
        notes.push(format!("was step {}", old.position));
    }
    notes.join("; ")
}

/// Text on one line: runs of white space (a folded block's line breaks)
/// as one space.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `metric target 95%, description ...`: the parts of a metric that changed.
pub fn metric_text(view: &MetricView, fields: &[&str]) -> String {
    let all = ["description", "target"];
    let shown = if fields.is_empty() { &all[..] } else { fields };
    shown
        .iter()
        .filter_map(|&field| {
            let value = match field {
                "description" => view.description.as_deref(),
                _ => view.target.as_deref(),
            };
            value.map(|value| format!("{field}: {}", one_line(value)))
        })
        .collect::<Vec<_>>()
        .join("; ")
}
