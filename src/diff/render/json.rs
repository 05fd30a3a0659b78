//! The report as one JSON document for scripts (`null` where a value is
//! not set):
//! `{"version": 1, "sops": [...], "unreadable": [{"side", "path", "message"}]}`.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::diff::{
    Change, EntryChange, MetricChange, MetricView, Report, SopEntry, Status, StepChange, StepView,
};

use super::status_word;

/// The version of this document's shape.
pub const VERSION: u32 = 1;

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let document = json!({
        "version": VERSION,
        "sops": report.sops.iter().map(entry).collect::<Vec<_>>(),
        "unreadable": report.unreadable.iter().map(|file| json!({
            "side": file.side.as_str(),
            "path": file.path,
            "message": file.message,
        })).collect::<Vec<_>>(),
    });
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

fn change(change: Change) -> &'static str {
    match change {
        Change::Added => "added",
        Change::Removed => "removed",
        Change::Changed => "changed",
    }
}

fn entry(entry: &SopEntry) -> Value {
    let mut value = json!({
        "id": entry.id,
        "title": entry.title,
        "status": status_word(entry),
        "old_path": entry.old_path,
        "new_path": entry.new_path,
    });
    if let Status::Compared(diff) = &entry.status {
        value["affected_roles"] = json!(diff.affected_roles());
        value["fields"] = diff
            .fields
            .iter()
            .map(|field| json!({"field": field.field, "old": field.old, "new": field.new}))
            .collect();
        value["steps"] = diff.steps.iter().map(step).collect();
        value["roles"] = diff.roles.iter().map(definition).collect();
        value["terms"] = diff.terms.iter().map(definition).collect();
        value["metrics"] = diff.metrics.iter().map(metric).collect();
    }
    value
}

fn step(step: &StepChange) -> Value {
    let view = |view: &Option<StepView>| {
        view.as_ref().map(|view| {
            json!({
                "position": view.position,
                "id": view.id,
                "kind": view.kind,
                "text": view.text,
                "role": view.role,
            })
        })
    };
    json!({
        "change": change(step.change()),
        "fields": step.changed,
        "moved": step.moved,
        "old": view(&step.old),
        "new": view(&step.new),
    })
}

fn definition(entry: &EntryChange) -> Value {
    json!({
        "change": change(entry.change),
        "key": entry.key,
        "old": entry.old,
        "new": entry.new,
    })
}

fn metric(metric: &MetricChange) -> Value {
    let view = |view: &Option<MetricView>| {
        view.as_ref()
            .map(|view| json!({"description": view.description, "target": view.target}))
    };
    json!({
        "change": change(metric.change),
        "name": metric.name,
        "fields": metric.changed,
        "old": view(&metric.old),
        "new": view(&metric.new),
    })
}
