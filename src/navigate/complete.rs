//! Completion: step ids after `goto:` and `next:` (not the step itself),
//! SOP ids after `call:` and in `references` (with their titles), role
//! keys after `role:`, the terms the SOP may use inside its texts, and the
//! field names of the mapping at the cursor with their schema
//! documentation. The place is read from the text ([`cursor`]), so it
//! also works on the line being typed, which may not parse yet.

use std::collections::HashMap;

use crate::project::{Document, Kind, Project};
use crate::yaml::ByteSpan;

use super::at::touches;
use super::cursor::{self, Slot};
use super::fields::FieldContext;
use super::view::{Read, View};
use super::{Completion, CompletionKind, first_line, hover, others, terms};

/// The fields whose value is a text, where terms are completed.
const TEXT_FIELDS: &[&str] = &[
    "title",
    "purpose",
    "scope",
    "do",
    "ask",
    "when",
    "name",
    "description",
    "target",
    "summary",
];

/// The fields a step cannot have next to one it has, as the schema says:
/// `do` or `ask` (`oneOf`), `branches` only with `ask`, `call`, `next`
/// and `end` only with `do` (`dependentRequired`), not `next` with `end`.
const STEP_EXCLUSIONS: &[(&str, &[&str])] = &[
    ("do", &["ask", "branches"]),
    ("ask", &["do", "call", "next", "end"]),
    ("next", &["end"]),
    ("end", &["next"]),
];

/// How many SOP completions get their titles: each costs a file read.
const TITLED: usize = 200;

/// What may be typed at `offset`, each with what it replaces.
pub fn completions(project: &Project, document: &Document, offset: usize) -> Vec<Completion> {
    if document.kind != Kind::Sop {
        return Vec::new();
    }
    let read = Read::new(project, document);
    let Some(text) = read.text() else {
        return Vec::new();
    };
    let cursor = cursor::at(text, offset);
    let offset = cursor.offset;
    let typed = &text[cursor.word.start..offset];
    let view = read.view();
    // `goto:|` needs the space of `goto: ` before its value.
    let after_colon = text[..cursor.word.start].ends_with(':');
    let wanted = Wanted {
        replace: cursor.word,
        typed,
        after: &text[cursor.word.end..],
        lead: if matches!(cursor.slot, Slot::Value(_)) && after_colon {
            " "
        } else {
            ""
        },
    };
    if let Some(view) = &view
        && in_text(view, offset)
    {
        return term_completions(project, document, view, &wanted);
    }
    match (&cursor.slot, &view) {
        (Slot::Value("goto" | "next"), Some(view)) => step_completions(view, offset, &wanted),
        (Slot::Value("call"), _) => sop_completions(project, document, view.as_ref(), &wanted),
        (Slot::Value("role"), Some(view)) => role_completions(view, &wanted),
        (Slot::Value(key), Some(view)) if TEXT_FIELDS.contains(key) => {
            term_completions(project, document, view, &wanted)
        }
        (
            Slot::Key {
                path,
                present,
                new_item,
            },
            _,
        ) => match (path.as_slice(), new_item) {
            ([.., Some("references"), None], true) => {
                sop_completions(project, document, view.as_ref(), &wanted)
            }
            ([.., Some("details"), None], true) => match &view {
                Some(view) => term_completions(project, document, view, &wanted),
                None => Vec::new(),
            },
            _ => match FieldContext::of_path(path) {
                Some(context) => field_completions(context, present, &wanted),
                None => Vec::new(),
            },
        },
        _ => Vec::new(),
    }
}

/// What the completions replace, and what was typed of it.
struct Wanted<'t> {
    replace: ByteSpan,
    /// The part of the word before the cursor.
    typed: &'t str,
    /// The text after the word.
    after: &'t str,
    /// What goes before the inserted text.
    lead: &'static str,
}

impl Wanted<'_> {
    fn completion(
        &self,
        label: &str,
        kind: CompletionKind,
        detail: Option<String>,
        documentation: Option<String>,
    ) -> Completion {
        Completion {
            label: label.to_string(),
            kind,
            detail,
            documentation,
            replace: self.replace,
            insert: format!("{}{label}", self.lead),
        }
    }

    /// Whether `candidate` starts with what was typed, ignoring case.
    fn matches(&self, candidate: &str) -> bool {
        let typed = self.typed.to_lowercase();
        candidate.to_lowercase().starts_with(&typed)
    }
}

/// Whether the cursor is in one of the texts the acronym rules read.
fn in_text(view: &View, offset: usize) -> bool {
    view.sop
        .texts()
        .iter()
        .any(|(_, text)| touches(text.span, offset) && text.span.start < text.span.end)
}

/// The step ids, but the one of the step at the cursor.
fn step_completions(view: &View, offset: usize, wanted: &Wanted) -> Vec<Completion> {
    let steps = &view.sop.steps;
    let current = steps.iter().rposition(|step| step.span.start <= offset);
    steps
        .iter()
        .enumerate()
        .filter(|&(index, _)| Some(index) != current)
        .filter_map(|(index, step)| {
            let id = step.id.as_ref()?;
            Some(wanted.completion(
                &id.value,
                CompletionKind::Step,
                step.text().map(first_line),
                Some(hover::step(step, index)),
            ))
        })
        .collect()
}

/// The ids of the project's other SOPs that start with what was typed,
/// the first [`TITLED`] with their titles (read from their files).
fn sop_completions(
    project: &Project,
    document: &Document,
    view: Option<&View>,
    wanted: &Wanted,
) -> Vec<Completion> {
    let own = view.and_then(|view| view.sop.id.as_ref().map(|id| id.value.as_str()));
    let mut ids = others::ids(project, document);
    ids.retain(|id| wanted.matches(id) && Some(id.as_str()) != own);
    let titled = &ids[..ids.len().min(TITLED)];
    let read = others::read_where(project, document, |id| {
        titled
            .binary_search_by(|titled| titled.as_str().cmp(id))
            .is_ok()
    });
    let summaries: HashMap<&str, Completion> = read
        .iter()
        .filter_map(|other| {
            let id = others::id_of(other)?;
            let other_view = View::of(other)?;
            let path = project.path_in_project(&other.path);
            let completion = wanted.completion(
                id,
                CompletionKind::Sop,
                other_view.sop.title.as_ref().map(first_line),
                Some(hover::summary(other_view.sop, id, &path)),
            );
            Some((id, completion))
        })
        .collect();
    ids.iter()
        .map(|id| match summaries.get(id.as_str()) {
            Some(completion) => completion.clone(),
            None => wanted.completion(id, CompletionKind::Sop, None, None),
        })
        .collect()
}

/// The keys of `roles`.
fn role_completions(view: &View, wanted: &Wanted) -> Vec<Completion> {
    view.sop
        .roles
        .iter()
        .map(|role| {
            wanted.completion(
                &role.key,
                CompletionKind::Role,
                role.text.as_ref().map(first_line),
                None,
            )
        })
        .collect()
}

/// The terms the SOP may use that start with what was typed (nothing
/// before a word is started: every word of a text would offer them).
fn term_completions(
    project: &Project,
    document: &Document,
    view: &View,
    wanted: &Wanted,
) -> Vec<Completion> {
    if wanted.typed.is_empty() {
        return Vec::new();
    }
    let glossary = project.glossary_for(document);
    terms::all(view, &glossary)
        .into_iter()
        .filter(|defined| wanted.matches(&defined.definition.key))
        .map(|defined| {
            let place = match defined.glossary {
                Some(path) => format!(
                    "Defined in the glossary `{}`.",
                    project.path_in_project(path)
                ),
                None => "Defined in the `terms` of this SOP.".to_string(),
            };
            wanted.completion(
                &defined.definition.key,
                CompletionKind::Term,
                defined.definition.text.as_ref().map(first_line),
                Some(place),
            )
        })
        .collect()
}

/// The fields of the mapping that it does not have yet; the insertion
/// adds `: ` unless a colon follows.
fn field_completions(context: FieldContext, present: &[&str], wanted: &Wanted) -> Vec<Completion> {
    let excluded = |name: &str| {
        present.contains(&name)
            || (context == FieldContext::Step
                && STEP_EXCLUSIONS
                    .iter()
                    .any(|(field, others)| present.contains(field) && others.contains(&name)))
    };
    let colon_follows = wanted.after.trim_start_matches(' ').starts_with(':');
    context
        .fields()
        .into_iter()
        .filter(|field| !excluded(field.name))
        .map(|field| {
            let detail = field.required.then(|| "required".to_string());
            let mut completion = wanted.completion(
                field.name,
                CompletionKind::Field,
                detail,
                Some(field.description.to_string()),
            );
            if !colon_follows {
                completion.insert.push_str(": ");
            }
            completion
        })
        .collect()
}
