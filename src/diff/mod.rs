//! What changed between two revisions of an SOP, and for whom.
//!
//! [`compare`] is a pure function of two [`Sop`]s: the steps added,
//! removed, reworded and moved (see [`steps`] for how steps are matched),
//! the terms, metrics and roles added, removed or changed, and the top-level
//! text fields that changed. [`SopDiff::affected_roles`] names the roles
//! whose steps changed, [`SopDiff::for_role`] keeps what concerns one role:
//! the training matrix asks "what changed for each role".
//!
//! [`Report`] pairs the SOPs of two sides (two folders, or the working tree
//! and a git revision, see [`git`]) by id and holds the [`SopDiff`] of each.

use std::collections::{BTreeSet, HashMap};
use std::io::{self, Write};

use crate::model::{Definition, Metric, Sop, Step, Text};

pub mod git;
pub mod render;
pub mod sides;
pub mod steps;

/// The changes from one revision of an SOP to another.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SopDiff {
    /// The top-level text fields that changed, in [`FIELDS`] order.
    pub fields: Vec<FieldChange>,
    /// The steps added, removed, reworded or moved, in the order of the new
    /// revision (a removed step where it stood).
    pub steps: Vec<StepChange>,
    /// `roles` entries added, removed or redescribed.
    pub roles: Vec<EntryChange>,
    /// `terms` entries added, removed or redefined.
    pub terms: Vec<EntryChange>,
    /// Metrics added, removed, or whose description or target changed.
    pub metrics: Vec<MetricChange>,
}

/// The top-level text fields compared.
pub const FIELDS: [&str; 7] = [
    "id",
    "title",
    "department",
    "purpose",
    "scope",
    "version",
    "effective",
];

/// A top-level field whose value changed (`None`: not set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: &'static str,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// Whether an entry was added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Removed,
    Changed,
}

/// One step as it stands in one revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepView {
    /// 1 for the first step of `instructions`.
    pub position: usize,
    pub id: Option<String>,
    /// `do` or `ask`.
    pub kind: &'static str,
    /// The action or the question (empty when the step has neither).
    pub text: String,
    pub role: Option<String>,
}

/// A step added (no `old`), removed (no `new`), or the same step in both
/// revisions, reworded (`changed` names the fields that differ) or moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepChange {
    pub old: Option<StepView>,
    pub new: Option<StepView>,
    /// The step fields that differ, in the order of the format's step table.
    pub changed: Vec<&'static str>,
    /// Taken out of the order of the other steps (not merely shifted by
    /// steps added or removed before it).
    pub moved: bool,
}

impl StepChange {
    pub fn change(&self) -> Change {
        match (&self.old, &self.new) {
            (None, _) => Change::Added,
            (_, None) => Change::Removed,
            _ => Change::Changed,
        }
    }

    pub fn reworded(&self) -> bool {
        !self.changed.is_empty()
    }

    /// The roles of the step, old and new (one when it kept its role).
    pub fn roles(&self) -> impl Iterator<Item = &str> {
        let old = self.old.as_ref().and_then(|view| view.role.as_deref());
        let new = self.new.as_ref().and_then(|view| view.role.as_deref());
        old.into_iter().chain(new.filter(|new| Some(*new) != old))
    }
}

/// A `roles` or `terms` entry added, removed or changed: its text before
/// and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryChange {
    pub change: Change,
    pub key: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// A metric as it stands in one revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricView {
    pub description: Option<String>,
    pub target: Option<String>,
}

/// A metric, matched by name, added, removed, or changed (`changed` names
/// the fields that differ: `description`, `target`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricChange {
    pub change: Change,
    pub name: String,
    pub old: Option<MetricView>,
    pub new: Option<MetricView>,
    pub changed: Vec<&'static str>,
}

/// The changes from `old` to `new`.
pub fn compare(old: &Sop, new: &Sop) -> SopDiff {
    SopDiff {
        fields: fields(old, new),
        steps: step_changes(&old.steps, &new.steps),
        roles: entries(&old.roles, &new.roles),
        terms: entries(&old.terms, &new.terms),
        metrics: metrics(&old.metrics, &new.metrics),
    }
}

impl SopDiff {
    /// Whether nothing compared changed.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
            && self.steps.is_empty()
            && self.roles.is_empty()
            && self.terms.is_empty()
            && self.metrics.is_empty()
    }

    /// The roles of the steps that changed (both roles of a step that
    /// changed hands), sorted.
    pub fn affected_roles(&self) -> Vec<String> {
        let roles: BTreeSet<&str> = self.steps.iter().flat_map(StepChange::roles).collect();
        roles.into_iter().map(str::to_string).collect()
    }

    /// What concerns the holders of `role`: the changed steps it performed
    /// or performs, its own `roles` entry, and the changes every reader of
    /// the SOP must know (fields, terms, metrics).
    pub fn for_role(&self, role: &str) -> SopDiff {
        self.for_roles(&[role])
    }

    /// What concerns someone who holds all of `roles`, as [`Self::for_role`].
    pub fn for_roles(&self, roles: &[&str]) -> SopDiff {
        SopDiff {
            steps: self
                .steps
                .iter()
                .filter(|step| step.roles().any(|own| roles.contains(&own)))
                .cloned()
                .collect(),
            roles: self
                .roles
                .iter()
                .filter(|entry| roles.contains(&entry.key.as_str()))
                .cloned()
                .collect(),
            ..self.clone()
        }
    }
}

fn value(text: &Option<Text>) -> Option<&str> {
    text.as_ref().map(|text| text.value.as_str())
}

fn owned(text: &Option<Text>) -> Option<String> {
    value(text).map(str::to_string)
}

fn fields(old: &Sop, new: &Sop) -> Vec<FieldChange> {
    let field = |sop: &Sop, name: &str| -> Option<String> {
        owned(match name {
            "id" => &sop.id,
            "title" => &sop.title,
            "department" => &sop.department,
            "purpose" => &sop.purpose,
            "scope" => &sop.scope,
            "version" => &sop.version,
            _ => &sop.effective,
        })
    };
    FIELDS
        .into_iter()
        .filter_map(|name| {
            let (old, new) = (field(old, name), field(new, name));
            (old != new).then_some(FieldChange {
                field: name,
                old,
                new,
            })
        })
        .collect()
}

fn view(step: &Step, index: usize) -> StepView {
    StepView {
        position: index + 1,
        id: owned(&step.id),
        kind: if step.action.is_none() && step.question.is_some() {
            "ask"
        } else {
            "do"
        },
        text: step
            .text()
            .map(|text| text.value.clone())
            .unwrap_or_default(),
        role: owned(&step.role),
    }
}

/// The step fields whose values differ.
fn changed_fields(old: &Step, new: &Step) -> Vec<&'static str> {
    let texts = |step: &Step| -> Vec<String> {
        step.details.iter().map(|text| text.value.clone()).collect()
    };
    let branches = |step: &Step| -> Vec<(Option<String>, Option<String>)> {
        step.branches
            .iter()
            .map(|branch| (owned(&branch.when), owned(&branch.goto)))
            .collect()
    };
    let differs = [
        ("id", value(&old.id) != value(&new.id)),
        ("do", value(&old.action) != value(&new.action)),
        ("ask", value(&old.question) != value(&new.question)),
        ("branches", branches(old) != branches(new)),
        ("role", value(&old.role) != value(&new.role)),
        ("details", texts(old) != texts(new)),
        ("call", value(&old.call) != value(&new.call)),
        ("next", value(&old.next) != value(&new.next)),
        ("end", old.end != new.end),
    ];
    differs
        .into_iter()
        .filter_map(|(field, differs)| differs.then_some(field))
        .collect()
}

fn step_changes(old: &[Step], new: &[Step]) -> Vec<StepChange> {
    let pairs = steps::match_steps(old, new);
    let moved = steps::moved(&pairs);
    let mut partner_of_old: Vec<Option<usize>> = vec![None; old.len()];
    let mut partner_of_new: Vec<Option<(usize, bool)>> = vec![None; new.len()];
    for (&(o, n), &moved) in pairs.iter().zip(&moved) {
        partner_of_old[o] = Some(n);
        partner_of_new[n] = Some((o, moved));
    }
    // Sorted by where they stand in the new revision: a removed step just
    // after the new place of the matched step above it.
    let mut keyed: Vec<((usize, usize, usize), StepChange)> = Vec::new();
    let mut anchor = 0;
    for (o, step) in old.iter().enumerate() {
        match partner_of_old[o] {
            Some(n) => anchor = n + 1,
            None => keyed.push((
                (anchor, 0, o),
                StepChange {
                    old: Some(view(step, o)),
                    new: None,
                    changed: Vec::new(),
                    moved: false,
                },
            )),
        }
    }
    for (n, step) in new.iter().enumerate() {
        let change = match partner_of_new[n] {
            None => StepChange {
                old: None,
                new: Some(view(step, n)),
                changed: Vec::new(),
                moved: false,
            },
            Some((o, moved)) => {
                let changed = changed_fields(&old[o], step);
                if changed.is_empty() && !moved {
                    continue;
                }
                StepChange {
                    old: Some(view(&old[o], o)),
                    new: Some(view(step, n)),
                    changed,
                    moved,
                }
            }
        };
        keyed.push(((n, 1, 0), change));
    }
    keyed.sort_by_key(|(key, _)| *key);
    keyed.into_iter().map(|(_, change)| change).collect()
}

/// Entries by key: those of the new revision in its order (added or
/// changed), then those removed, in the old order. A repeated key counts
/// once, at its first entry.
fn entries(old: &[Definition], new: &[Definition]) -> Vec<EntryChange> {
    let by_key = |list: &[Definition]| -> HashMap<String, Option<String>> {
        let mut map = HashMap::new();
        for entry in list {
            map.entry(entry.key.clone())
                .or_insert_with(|| owned(&entry.text));
        }
        map
    };
    let (old_map, new_map) = (by_key(old), by_key(new));
    let mut changes = Vec::new();
    let mut seen = BTreeSet::new();
    for entry in new {
        if !seen.insert(entry.key.as_str()) {
            continue;
        }
        let text = new_map[&entry.key].clone();
        match old_map.get(&entry.key) {
            None => changes.push(EntryChange {
                change: Change::Added,
                key: entry.key.clone(),
                old: None,
                new: text,
            }),
            Some(before) if *before != text => changes.push(EntryChange {
                change: Change::Changed,
                key: entry.key.clone(),
                old: before.clone(),
                new: text,
            }),
            Some(_) => {}
        }
    }
    let mut seen = BTreeSet::new();
    for entry in old {
        if !new_map.contains_key(&entry.key) && seen.insert(entry.key.as_str()) {
            changes.push(EntryChange {
                change: Change::Removed,
                key: entry.key.clone(),
                old: old_map[&entry.key].clone(),
                new: None,
            });
        }
    }
    changes
}

/// Metrics by name, in the same order as [`entries`]; a metric without a
/// name cannot be followed from one revision to the next and is left out.
fn metrics(old: &[Metric], new: &[Metric]) -> Vec<MetricChange> {
    let as_entries = |list: &[Metric]| -> Vec<(String, MetricView)> {
        list.iter()
            .filter_map(|metric| {
                let name = owned(&metric.name)?;
                let view = MetricView {
                    description: owned(&metric.description),
                    target: owned(&metric.target),
                };
                Some((name, view))
            })
            .collect()
    };
    let (old, new) = (as_entries(old), as_entries(new));
    let find = |list: &[(String, MetricView)], name: &str| -> Option<MetricView> {
        list.iter()
            .find(|(own, _)| own == name)
            .map(|(_, view)| view.clone())
    };
    let mut changes = Vec::new();
    let mut seen = BTreeSet::new();
    for (name, view) in &new {
        if !seen.insert(name.as_str()) {
            continue;
        }
        match find(&old, name) {
            None => changes.push(MetricChange {
                change: Change::Added,
                name: name.clone(),
                old: None,
                new: Some(view.clone()),
                changed: Vec::new(),
            }),
            Some(before) => {
                let changed: Vec<&'static str> = [
                    ("description", before.description != view.description),
                    ("target", before.target != view.target),
                ]
                .into_iter()
                .filter_map(|(field, differs)| differs.then_some(field))
                .collect();
                if !changed.is_empty() {
                    changes.push(MetricChange {
                        change: Change::Changed,
                        name: name.clone(),
                        old: Some(before),
                        new: Some(view.clone()),
                        changed,
                    });
                }
            }
        }
    }
    let mut seen = BTreeSet::new();
    for (name, view) in &old {
        if find(&new, name).is_none() && seen.insert(name.as_str()) {
            changes.push(MetricChange {
                change: Change::Removed,
                name: name.clone(),
                old: Some(view.clone()),
                new: None,
                changed: Vec::new(),
            });
        }
    }
    changes
}

/// One SOP of two sides compared.
#[derive(Debug, Clone, PartialEq)]
pub struct SopEntry {
    /// The id (of the new revision when there is one).
    pub id: Option<String>,
    pub title: Option<String>,
    /// Where each revision was read (a file, or `REV:path` in git).
    pub old_path: Option<String>,
    pub new_path: Option<String>,
    pub status: Status,
}

/// What became of one SOP.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Only in the new side.
    Added,
    /// Only in the old side.
    Removed,
    /// In both; the diff may be empty.
    Compared(SopDiff),
}

/// A file of one side that could not be read as an SOP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub side: Side,
    pub path: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Old,
    New,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Old => "old",
            Side::New => "new",
        }
    }
}

/// The SOPs of two sides compared, by id, and the files that could not be
/// read (the report is incomplete without them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub sops: Vec<SopEntry>,
    pub unreadable: Vec<Unreadable>,
}

/// Writes a report in `format`.
pub fn write(report: &Report, format: render::Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        render::Format::Human => render::human::write(report, out),
        render::Format::Markdown => render::markdown::write(report, out),
        render::Format::Json => render::json::write(report, out),
    }
}
