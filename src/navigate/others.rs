//! The project's other SOPs, as the query layer needs them: by id, all of
//! their ids, and where an SOP's id stands. They are read on demand
//! ([`Project::read_sources`]), so an editor's request costs the files it
//! needs, not a reading of the whole project.

use crate::project::lookup::SopSource;
use crate::project::{Content, Document, Model, Project};
use crate::yaml::ByteSpan;

use super::Location;

/// The id of a document: from its model, or recovered from a file that
/// did not parse.
pub(crate) fn id_of(document: &Document) -> Option<&str> {
    match &document.content {
        Content::Parsed(parsed) => match &parsed.model {
            Model::Sop { sop, .. } => sop.id.as_ref().map(|id| id.value.as_str()),
            Model::Glossary(_) | Model::NotAMapping => None,
        },
        Content::Failed(failure) => failure.id.as_ref().map(|(id, _)| id.as_str()),
    }
}

/// The SOP files of the project other than `document`.
fn sources<'a>(project: &'a Project, document: &Document) -> Vec<SopSource<'a>> {
    let mut sources = project.sop_sources();
    sources.retain(|source| source.path != document.path);
    sources
}

/// The project's SOPs other than `document` whose id is `id`, by path.
pub(crate) fn with_id(project: &Project, document: &Document, id: &str) -> Vec<Document> {
    let mut sources = sources(project, document);
    sources.retain(|source| source.id.is_none_or(|indexed| indexed == id));
    let mut found = project.read_sources(&sources, |text| text.contains(id));
    found.retain(|other| id_of(other) == Some(id));
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

/// The project's SOPs other than `document` whose text `mentions` accepts,
/// by path.
pub(crate) fn mentioning(
    project: &Project,
    document: &Document,
    mentions: impl Fn(&str) -> bool + Sync,
) -> Vec<Document> {
    let mut found = project.read_sources(&sources(project, document), mentions);
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

/// The project's SOPs other than `document` whose id `wanted` accepts,
/// read (the files given, whose ids are not indexed, are read to learn
/// theirs), by id.
pub(crate) fn read_where(
    project: &Project,
    document: &Document,
    wanted: impl Fn(&str) -> bool,
) -> Vec<Document> {
    let mut sources = sources(project, document);
    sources.retain(|source| source.id.is_none_or(&wanted));
    let mut found = project.read_sources(&sources, |_| true);
    found.retain(|other| id_of(other).is_some_and(&wanted));
    found.sort_by(|a, b| id_of(a).cmp(&id_of(b)).then(a.path.cmp(&b.path)));
    found
}

/// The ids of the project's SOPs other than `document`, sorted, each once.
pub(crate) fn ids(project: &Project, document: &Document) -> Vec<String> {
    let sources = sources(project, document);
    let (indexed, given): (Vec<SopSource>, Vec<SopSource>) =
        sources.into_iter().partition(|source| source.id.is_some());
    let mut ids: Vec<String> = indexed
        .iter()
        .filter_map(|source| source.id.map(String::from))
        .collect();
    ids.extend(
        project
            .read_sources(&given, |_| true)
            .iter()
            .filter_map(|other| id_of(other).map(String::from)),
    );
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Where a document's id stands; the start of the file for one that did
/// not parse (its failure keeps the id's line and column, not its bytes).
pub(crate) fn id_location(project: &Project, document: &Document) -> Location {
    let span = match &document.content {
        Content::Parsed(parsed) => match &parsed.model {
            Model::Sop { sop, .. } => sop.id.as_ref().map(|id| id.span),
            Model::Glossary(_) | Model::NotAMapping => None,
        },
        Content::Failed(_) => None,
    };
    Location {
        path: project.absolute(&document.path),
        span: span.unwrap_or(ByteSpan { start: 0, end: 0 }),
    }
}
