//! What stands at a byte offset of an SOP: the index of its occurrences
//! (step ids and the `goto`/`next` that name them, SOP ids, roles, terms,
//! field names, rule ids of suppression comments), read from the model and
//! the tree, and the word under the cursor in a text.

use crate::acronym;
use crate::model::{Step, Text, is_url};
use crate::rules::Rule;
use crate::suppression;
use crate::yaml::{ByteSpan, Node, Value};

use super::View;
use super::fields::FieldContext;

/// What an occurrence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Thing<'a> {
    /// A step's `id`: the step, by index.
    Step(usize),
    /// A `next` or a branch's `goto`: the step id it names.
    StepRef(&'a str),
    /// The SOP's own `id`.
    OwnId(&'a str),
    /// A step's `call` or a `references` entry: the SOP id it names.
    SopRef(&'a str),
    /// A step's `role`.
    Role(&'a str),
    /// A key of `roles`.
    RoleKey(&'a str),
    /// A key of `terms`.
    TermKey(&'a str),
    /// A word of a text, which a term may define.
    Word(&'a str),
    /// A rule id in a suppression comment.
    Rule(Rule),
    /// A field name, in the mapping where it stands.
    Field(FieldContext, &'a str),
}

/// One occurrence: where it is and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Occurrence<'a> {
    pub span: ByteSpan,
    pub thing: Thing<'a>,
}

/// Whether the cursor at `offset` is on `span`: inside it, or right after
/// its last character (where the cursor stands after typing a word).
pub(crate) fn touches(span: ByteSpan, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}

/// The occurrence at `offset`, if any.
pub(crate) fn at<'a>(view: &View<'a>, offset: usize) -> Option<Occurrence<'a>> {
    occurrences(view)
        .into_iter()
        .find(|occurrence| touches(occurrence.span, offset))
        .or_else(|| word_at(view, offset))
}

/// Every occurrence but the words of texts, values before keys (a value
/// touches the key before it only through a zero-width gap).
pub(crate) fn occurrences<'a>(view: &View<'a>) -> Vec<Occurrence<'a>> {
    let sop = view.sop;
    let mut found = Vec::new();
    let mut add = |span: ByteSpan, thing: Thing<'a>| found.push(Occurrence { span, thing });
    if let Some(id) = &sop.id {
        add(id.span, Thing::OwnId(&id.value));
    }
    for (index, step) in sop.steps.iter().enumerate() {
        if let Some(id) = &step.id {
            add(id.span, Thing::Step(index));
        }
        for target in step_targets(step) {
            add(target.span, Thing::StepRef(&target.value));
        }
        if let Some(call) = &step.call {
            add(call.span, Thing::SopRef(&call.value));
        }
        if let Some(role) = &step.role {
            add(role.span, Thing::Role(&role.value));
        }
    }
    for reference in sop.references.iter().filter(|r| !is_url(&r.value)) {
        add(reference.span, Thing::SopRef(&reference.value));
    }
    for role in &sop.roles {
        add(role.key_span, Thing::RoleKey(&role.key));
    }
    for term in &sop.terms {
        add(term.key_span, Thing::TermKey(&term.key));
    }
    for listed in suppression::find(view.source, Some(view.root))
        .suppressions
        .iter()
        .flat_map(|suppression| &suppression.rules)
    {
        add(listed.span, Thing::Rule(listed.rule));
    }
    fields(view.root, &mut add);
    found
}

/// The `next` and branch `goto`s of a step: the steps it names.
fn step_targets(step: &Step) -> impl Iterator<Item = &Text> {
    let gotos = step
        .branches
        .iter()
        .filter_map(|branch| branch.goto.as_ref());
    step.next.iter().chain(gotos)
}

/// The field names of the mappings the format defines.
fn fields<'a>(root: &'a Node, add: &mut impl FnMut(ByteSpan, Thing<'a>)) {
    let mut keys = |node: &'a Node, context: FieldContext| {
        for entry in node.as_map() {
            add(entry.key_span, Thing::Field(context, &entry.key));
        }
    };
    let items = |node: Option<&'a Node>| match node.map(|node| &node.value) {
        Some(Value::Seq(items)) => items.as_slice(),
        _ => &[],
    };
    keys(root, FieldContext::Sop);
    for step in items(root.get("instructions")) {
        keys(step, FieldContext::Step);
        for branch in items(step.get("branches")) {
            keys(branch, FieldContext::Branch);
        }
    }
    for metric in items(root.get("metrics")) {
        keys(metric, FieldContext::Metric);
    }
    for revision in items(root.get("revisions")) {
        keys(revision, FieldContext::Revision);
    }
}

/// The word of a text at `offset`, found as the acronym rules find words.
fn word_at<'a>(view: &View<'a>, offset: usize) -> Option<Occurrence<'a>> {
    let (_, text) = view
        .sop
        .texts()
        .into_iter()
        .find(|(_, text)| touches(text.span, offset))?;
    words_of(view, text)
        .into_iter()
        .find(|word| touches(word.span, offset))
}

/// Every word of the SOP's texts, in document order.
pub(crate) fn words<'a>(view: &View<'a>) -> Vec<Occurrence<'a>> {
    view.sop
        .texts()
        .into_iter()
        .flat_map(|(_, text)| words_of(view, text))
        .collect()
}

/// The words of one text; each word is the source's own text (what is
/// blanked out, URLs and code, holds no word).
fn words_of<'a>(view: &View<'a>, text: &Text) -> Vec<Occurrence<'a>> {
    let source: &'a str = &view.source.text;
    let raw = &source[text.span.start..text.span.end];
    let searchable = acronym::searchable(raw, text.style);
    acronym::tokens(&searchable, text.span.start)
        .into_iter()
        .filter(|token| token.text.chars().next().is_some_and(char::is_alphanumeric))
        .map(|token| {
            let span = ByteSpan {
                start: token.offset,
                end: token.offset + token.text.len(),
            };
            Occurrence {
                span,
                thing: Thing::Word(&source[span.start..span.end]),
            }
        })
        .collect()
}
