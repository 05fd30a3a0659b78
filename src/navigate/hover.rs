//! Hover: what a term means and where it is defined, what a called SOP is
//! (title, status, purpose), what the step a `goto` or `next` leads to
//! says, what a role is, a rule's documentation on its id in a suppression
//! comment, and a field's documentation from the schema.

use crate::model::{Sop, Step};
use crate::project::{Document, Project};
use crate::rules::Rule;

use super::at::{self, Thing};
use super::fields::FieldContext;
use super::view::{Read, View};
use super::{Hover, clipped, definition, others, terms};

/// What to show for the thing at `offset`.
pub fn hover(project: &Project, document: &Document, offset: usize) -> Option<Hover> {
    let read = Read::new(project, document);
    let view = read.view()?;
    let occurrence = at::at(&view, offset)?;
    let markdown = match occurrence.thing {
        Thing::Step(index) => step(&view.sop.steps[index], index),
        Thing::StepRef(id) => {
            let index = *crate::flow::step_ids(view.sop).get(id)?;
            step(&view.sop.steps[index], index)
        }
        Thing::SopRef(id) | Thing::OwnId(id) => sop(project, document, &view, id)?,
        Thing::Role(role) | Thing::RoleKey(role) => {
            let defined = definition::role(&view, role)?;
            let text = clipped(defined.text.as_ref().map_or("", |text| &text.value));
            format!("**{role}**: {text}\n\n*A role of this SOP (`roles`).*")
        }
        Thing::Word(word) | Thing::TermKey(word) => {
            let glossary = project.glossary_for(document);
            let defined = terms::defined(&view, &glossary, word)?;
            let definition = defined.definition;
            let text = clipped(definition.text.as_ref().map_or("", |text| &text.value));
            let place = match defined.glossary {
                Some(path) => format!("the glossary `{}`", project.path_in_project(path)),
                None => "the `terms` of this SOP".to_string(),
            };
            format!("**{}**: {text}\n\n*Defined in {place}.*", definition.key)
        }
        Thing::Rule(rule) => rule_docs(rule),
        Thing::Field(context, name) => field(context, name)?,
    };
    Some(Hover {
        span: occurrence.span,
        markdown,
    })
}

/// A step: its number and id, its text, and where it leads.
pub(crate) fn step(step: &Step, index: usize) -> String {
    let mut lines = vec![match &step.id {
        Some(id) => format!("**Step {}** · `{}`", index + 1, id.value),
        None => format!("**Step {}**", index + 1),
    }];
    if let Some(text) = step.text() {
        lines.push(clipped(&text.value));
    }
    let mut facts = Vec::new();
    if let Some(role) = &step.role {
        facts.push(format!("Role: `{}`", role.value));
    }
    if let Some(call) = &step.call {
        facts.push(format!("Carries out `{}`", call.value));
    }
    if let Some(next) = &step.next {
        facts.push(format!("Next: `{}`", next.value));
    }
    if step.end {
        facts.push("Ends the flow".to_string());
    }
    if !facts.is_empty() {
        lines.push(facts.join(" · "));
    }
    let branches: Vec<String> = step
        .branches
        .iter()
        .map(|branch| {
            let text = |text: &Option<crate::model::Text>| {
                text.as_ref().map_or("?".to_string(), |t| t.value.clone())
            };
            format!("- {} → `{}`", text(&branch.when), text(&branch.goto))
        })
        .collect();
    if !branches.is_empty() {
        lines.push(branches.join("\n"));
    }
    lines.join("\n\n")
}

/// The SOP `id`: this one, or the first other SOP of the project with it.
fn sop(project: &Project, document: &Document, view: &View, id: &str) -> Option<String> {
    if view.sop.id.as_ref().is_some_and(|own| own.value == id) {
        return Some(summary(
            view.sop,
            id,
            &project.path_in_project(&document.path),
        ));
    }
    let other = others::with_id(project, document, id).into_iter().next()?;
    let path = project.path_in_project(&other.path);
    Some(match View::of(&other) {
        Some(other_view) => summary(other_view.sop, id, &path),
        None => format!("**{id}**\n\n*`{path}` does not parse.*"),
    })
}

/// An SOP's id, title, status, file and purpose.
pub(crate) fn summary(sop: &Sop, id: &str, path: &str) -> String {
    let title = sop
        .title
        .as_ref()
        .map_or(String::new(), |title| format!(" · {}", title.value));
    let mut text = format!("**{id}**{title}\n\nStatus: {} · `{path}`", sop.status());
    if let Some(purpose) = &sop.purpose {
        text.push_str(&format!("\n\n{}", clipped(&purpose.value)));
    }
    text
}

/// A rule's documentation, as `sop rule ID` prints it, and its link.
fn rule_docs(rule: Rule) -> String {
    format!(
        "**`{}`** ({} by default)\n\n{}\n\n[Documentation]({})",
        rule.id(),
        rule.default_severity().as_str(),
        rule.docs(),
        rule.help_uri()
    )
}

/// A field's documentation from the schema; none for an unknown field.
fn field(context: FieldContext, name: &str) -> Option<String> {
    let field = context.field(name)?;
    let required = if field.required { ", required" } else { "" };
    Some(format!(
        "**`{name}`** ({} field{required})\n\n{}",
        context.name(),
        field.description
    ))
}
