//! Go to definition: from a `goto` or `next` to the step, from a `call` or
//! `references` entry to the other SOP's id, from a `role` to its `roles`
//! entry, from a word to the term that defines it (in `terms` or a
//! glossary). A definition leads to itself.

use crate::flow::step_ids;
use crate::model::Definition;
use crate::project::{Document, Project};
use crate::yaml::ByteSpan;

use super::at::{self, Thing};
use super::view::Read;
use super::{Location, View, others, terms};

/// Where the thing at `offset` is defined (several places for an SOP id
/// that several files have).
pub fn definition(project: &Project, document: &Document, offset: usize) -> Vec<Location> {
    let read = Read::new(project, document);
    let Some(view) = read.view() else {
        return Vec::new();
    };
    let Some(occurrence) = at::at(&view, offset) else {
        return Vec::new();
    };
    let here = |span: Option<ByteSpan>| {
        span.map(|span| Location {
            path: project.absolute(&document.path),
            span,
        })
        .into_iter()
        .collect()
    };
    match occurrence.thing {
        Thing::Step(_) | Thing::OwnId(_) | Thing::RoleKey(_) | Thing::TermKey(_) => {
            here(Some(occurrence.span))
        }
        Thing::StepRef(id) => here(step_span(&view, id)),
        Thing::Role(role) => here(role_span(&view, role)),
        Thing::SopRef(id) => sop_locations(project, document, &view, id),
        Thing::Word(word) => {
            let glossary = project.glossary_for(document);
            terms::defined(&view, &glossary, word)
                .map(|defined| Location {
                    path: project.absolute(defined.glossary.unwrap_or(&document.path)),
                    span: defined.definition.key_span,
                })
                .into_iter()
                .collect()
        }
        Thing::Rule(_) | Thing::Field(..) => Vec::new(),
    }
}

/// The id of the step named `id` (the first, when several have it).
pub(crate) fn step_span(view: &View, id: &str) -> Option<ByteSpan> {
    let index = *step_ids(view.sop).get(id)?;
    view.sop.steps[index].id.as_ref().map(|id| id.span)
}

/// The entry of `roles` named `role`.
pub(crate) fn role<'a>(view: &View<'a>, role: &str) -> Option<&'a Definition> {
    view.sop.roles.iter().find(|defined| defined.key == role)
}

/// The key of `roles` named `role`.
pub(crate) fn role_span(view: &View, key: &str) -> Option<ByteSpan> {
    role(view, key).map(|defined| defined.key_span)
}

/// Where the SOP `id` is defined: this document, or the project's SOPs
/// with that id (several when it is duplicated).
pub(crate) fn sop_locations(
    project: &Project,
    document: &Document,
    view: &View,
    id: &str,
) -> Vec<Location> {
    if let Some(own) = view.sop.id.as_ref().filter(|own| own.value == id) {
        return vec![Location {
            path: project.absolute(&document.path),
            span: own.span,
        }];
    }
    others::with_id(project, document, id)
        .iter()
        .map(|other| others::id_location(project, other))
        .collect()
}
