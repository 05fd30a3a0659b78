//! The knowledge an editor asks of an SOP file, without any protocol: what
//! stands at a byte offset, where it is defined and used, what to show on
//! hover, what may be typed there, the outline, the rename of a step id,
//! and the fixes of a finding. `sop lsp` turns these answers into Language
//! Server Protocol messages.
//!
//! Every offset and span is a byte range of the document's text (the
//! server converts from and to the editor's positions), every path is
//! absolute. A document that did not parse answers from what could be
//! recovered of its text (the line being typed left out), and with
//! nothing rather than a panic when nothing could.

use std::path::PathBuf;

use crate::model::Text;
use crate::suggest::shortened;
use crate::yaml::ByteSpan;

mod add_term;
mod at;
mod complete;
mod cursor;
mod definition;
mod edit;
mod fields;
mod fixes;
mod hover;
mod others;
mod outline;
mod recover;
mod references;
mod rename;
mod terms;
mod view;

pub use complete::completions;
pub use definition::definition;
pub use fields::{Field, FieldContext};
pub use fixes::fixes;
pub use hover::hover;
pub use outline::outline;
pub use references::references;
pub use rename::{RenameError, is_identifier, rename, rename_target};

use view::View;

/// A place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub span: ByteSpan,
}

/// Text to put in place of a span (an insertion when the span is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: ByteSpan,
    pub new_text: String,
}

/// The edits of one file, in text order, none overlapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEdits {
    pub path: PathBuf,
    pub edits: Vec<Edit>,
}

/// What to show for the thing under the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hover {
    /// The thing hovered.
    pub span: ByteSpan,
    pub markdown: String,
}

/// What a completion inserts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    Step,
    Sop,
    Role,
    Term,
    Field,
}

/// One thing that may be typed at the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// What the list shows.
    pub label: String,
    pub kind: CompletionKind,
    /// A short line beside the label: a step's text, an SOP's title.
    pub detail: Option<String>,
    /// Markdown shown for the selected completion.
    pub documentation: Option<String>,
    /// What the completion replaces (the partial word at the cursor).
    pub replace: ByteSpan,
    /// The text that replaces it: the label, and for a field `: ` after
    /// it unless a colon follows already.
    pub insert: String,
}

/// What an outline entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    Step,
    Decision,
    /// One answer of a decision.
    Branch,
    /// A top-level field of an SOP, or a term of a glossary.
    Section,
}

/// One entry of the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// All of it.
    pub span: ByteSpan,
    /// What to select when it is chosen: its name or id.
    pub selection: ByteSpan,
    pub children: Vec<Symbol>,
}

/// A fix of one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<FileEdits>,
    /// The fix an editor may apply at once ("did you mean").
    pub preferred: bool,
}

/// A text's first line, cut short: the detail of a completion or of an
/// outline entry.
fn first_line(text: &Text) -> String {
    first_line_of(&text.value)
}

fn first_line_of(text: &str) -> String {
    shortened(text.lines().next().unwrap_or_default())
}

/// Most characters of one text that a hover shows: a step or a purpose
/// is a paragraph, a hostile one megabytes.
const HOVER_CHARS: usize = 2_000;

/// A text as a hover shows it.
fn clipped(text: &str) -> String {
    crate::suggest::cut(text.trim_end(), HOVER_CHARS)
}
