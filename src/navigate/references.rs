//! Find references: of a step, the `goto`s and `next`s that name it; of an
//! SOP id, the `call`s and `references` of the project's SOPs that name it;
//! of a role, the steps it performs; of a term, its uses in this SOP. The
//! definition comes first, when there is one: what [`super::definition`]
//! answers at the same offset, which a server leaves out when the editor
//! asks without the declaration.

use crate::project::{Document, Project};
use crate::yaml::ByteSpan;

use super::at::{self, Thing};
use super::definition::{role_span, sop_locations, step_span};
use super::view::{Read, View};
use super::{Location, others, terms};

/// Where the thing at `offset` is defined and used.
pub fn references(project: &Project, document: &Document, offset: usize) -> Vec<Location> {
    let read = Read::new(project, document);
    let Some(view) = read.view() else {
        return Vec::new();
    };
    let Some(occurrence) = at::at(&view, offset) else {
        return Vec::new();
    };
    let here = |spans: Vec<ByteSpan>| -> Vec<Location> {
        let path = project.absolute(&document.path);
        spans
            .into_iter()
            .map(|span| Location {
                path: path.clone(),
                span,
            })
            .collect()
    };
    match occurrence.thing {
        Thing::Step(index) => match &view.sop.steps[index].id {
            Some(id) => here(step_references(&view, &id.value)),
            None => Vec::new(),
        },
        Thing::StepRef(id) => here(step_references(&view, id)),
        Thing::Role(role) | Thing::RoleKey(role) => here(role_references(&view, role)),
        Thing::TermKey(term) => {
            let uses = term_uses(&view, term);
            here(std::iter::once(occurrence.span).chain(uses).collect())
        }
        Thing::Word(word) => {
            let glossary = project.glossary_for(document);
            let Some(defined) = terms::defined(&view, &glossary, word) else {
                return Vec::new();
            };
            let definition = Location {
                path: project.absolute(defined.glossary.unwrap_or(&document.path)),
                span: defined.definition.key_span,
            };
            let uses = here(term_uses(&view, &defined.definition.key));
            std::iter::once(definition).chain(uses).collect()
        }
        Thing::OwnId(id) | Thing::SopRef(id) => sop_references(project, document, &view, id),
        Thing::Rule(_) | Thing::Field(..) => Vec::new(),
    }
}

/// The step's id, then every `goto` and `next` that names it.
fn step_references(view: &View, id: &str) -> Vec<ByteSpan> {
    let uses = at::occurrences(view)
        .into_iter()
        .filter(|occurrence| occurrence.thing == Thing::StepRef(id))
        .map(|occurrence| occurrence.span);
    step_span(view, id).into_iter().chain(uses).collect()
}

/// The `roles` key, then every step's `role` that names it.
fn role_references(view: &View, role: &str) -> Vec<ByteSpan> {
    let uses = view
        .sop
        .steps
        .iter()
        .filter_map(|step| step.role.as_ref())
        .filter(|own| own.value == role)
        .map(|own| own.span);
    role_span(view, role).into_iter().chain(uses).collect()
}

/// Every word of the SOP's texts that the term defines.
fn term_uses(view: &View, term: &str) -> Vec<ByteSpan> {
    at::words(view)
        .into_iter()
        .filter_map(|word| match word.thing {
            Thing::Word(text) if terms::forms(text).any(|form| form == term) => Some(word.span),
            _ => None,
        })
        .collect()
}

/// Where the SOP `id` is defined, then every `call` and `references` entry
/// of the project's SOPs (this one first) that names it.
fn sop_references(project: &Project, document: &Document, view: &View, id: &str) -> Vec<Location> {
    let mut found = sop_locations(project, document, view, id);
    let path = project.absolute(&document.path);
    found.extend(
        view.sop
            .links()
            .filter(|link| link.value == id)
            .map(|link| Location {
                path: path.clone(),
                span: link.span,
            }),
    );
    for other in others::mentioning(project, document, |text| text.contains(id)) {
        let Some(other_view) = View::of(&other) else {
            continue;
        };
        let path = project.absolute(&other.path);
        found.extend(
            other_view
                .sop
                .links()
                .filter(|link| link.value == id)
                .map(|link| Location {
                    path: path.clone(),
                    span: link.span,
                }),
        );
    }
    found
}
