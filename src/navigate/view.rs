//! What the query layer reads of a document: the text, tree and model of an
//! SOP that parsed, or of the part of a broken one that [`recover`] could
//! read, so that a file with a syntax error keeps navigation for the rest.

use crate::model::Sop;
use crate::project::{Content, Document, Model, Project};
use crate::source::SourceFile;
use crate::yaml::Node;

use super::recover::{self, Recovered};

/// An SOP's text, YAML tree and model; every span is a byte range of the text.
#[derive(Clone, Copy)]
pub(crate) struct View<'a> {
    pub source: &'a SourceFile,
    pub root: &'a Node,
    pub sop: &'a Sop,
}

impl<'a> View<'a> {
    /// The view of a document that parsed as an SOP.
    pub fn of(document: &'a Document) -> Option<View<'a>> {
        let Content::Parsed(parsed) = &document.content else {
            return None;
        };
        match &parsed.model {
            Model::Sop { sop, .. } => Some(View {
                source: &parsed.source,
                root: &parsed.root,
                sop,
            }),
            Model::Glossary(_) | Model::NotAMapping => None,
        }
    }
}

/// A document as read for one request: its own view, or else what could be
/// recovered of its text.
pub(crate) struct Read<'a> {
    own: Option<View<'a>>,
    /// The text of a document that parsed (as an SOP or not).
    own_text: Option<&'a str>,
    recovered: Option<Recovered>,
}

impl<'a> Read<'a> {
    /// Reads `document`, recovering it from its text when it did not parse.
    pub fn new(project: &Project, document: &'a Document) -> Read<'a> {
        let own_text = match &document.content {
            Content::Parsed(parsed) => Some(parsed.source.text.as_str()),
            Content::Failed(_) => None,
        };
        let recovered = match own_text {
            Some(_) => None,
            None => recover::recover(project, document),
        };
        Read {
            own: View::of(document),
            own_text,
            recovered,
        }
    }

    pub fn view(&self) -> Option<View<'_>> {
        self.own
            .or_else(|| self.recovered.as_ref().and_then(Recovered::view))
    }

    /// The document's text, also when no part of it parsed as an SOP.
    pub fn text(&self) -> Option<&str> {
        self.own_text
            .or_else(|| Some(self.recovered.as_ref()?.source.text.as_str()))
    }
}
