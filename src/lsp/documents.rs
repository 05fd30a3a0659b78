//! The open documents: each buffer's text as the client last sent it, kept
//! in sync by whole texts or by edits of ranges (`TextDocumentSyncKind::
//! INCREMENTAL`). The buffers stand for their files when a project is
//! loaded (its overlays), so what the writer sees is what is linted.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::{TextDocumentContentChangeEvent, Uri};

use super::affected::Links;
use super::findings::Published;
use super::position;
use super::uri;

/// One open document.
#[derive(Debug)]
pub struct Document {
    /// The file, when the URI names one (only files are linted).
    pub path: Option<PathBuf>,
    pub text: String,
    pub version: i32,
    /// Whether the text may differ from the file: then other files'
    /// findings may change when it is closed.
    pub unsaved: bool,
    /// What the last lint found: the project root and the document's links.
    pub linted: Option<Linted>,
    /// The last diagnostics published, and their findings (for fixes).
    pub published: Published,
}

/// What the other open documents' findings depend on, from the last lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linted {
    pub root: PathBuf,
    /// Of an SOP that parsed or kept its id; `None` for a glossary.
    pub links: Option<Links>,
}

/// Every open document, by URI.
#[derive(Debug, Default)]
pub struct Documents {
    by_uri: HashMap<Uri, Document>,
}

impl Documents {
    /// Opens a document; an open one is replaced (a client reopening it).
    pub fn open(&mut self, uri: Uri, text: String, version: i32) {
        let path = uri::to_path(&uri);
        let unsaved = path.as_deref().is_none_or(|path| !is_on_disk(path, &text));
        let document = Document {
            path,
            text,
            version,
            unsaved,
            linted: None,
            published: Published::default(),
        };
        self.by_uri.insert(uri, document);
    }

    /// Applies the changes of one `didChange`, in order; `false` when the
    /// document is not open.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) -> bool {
        let Some(document) = self.by_uri.get_mut(uri) else {
            return false;
        };
        for change in changes {
            apply(&mut document.text, change);
        }
        document.version = version;
        document.unsaved = true;
        true
    }

    pub fn saved(&mut self, uri: &Uri) {
        if let Some(document) = self.by_uri.get_mut(uri) {
            document.unsaved = false;
        }
    }

    pub fn close(&mut self, uri: &Uri) -> Option<Document> {
        self.by_uri.remove(uri)
    }

    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.by_uri.get(uri)
    }

    pub fn get_mut(&mut self, uri: &Uri) -> Option<&mut Document> {
        self.by_uri.get_mut(uri)
    }

    /// Whether a file is open (then its buffer, not the disk, counts).
    pub fn is_open(&self, path: &Path) -> bool {
        self.by_path(path).is_some()
    }

    /// The open document of a file, and its URI as the client wrote it.
    pub fn by_path(&self, path: &Path) -> Option<(&Uri, &Document)> {
        self.by_uri
            .iter()
            .find(|(_, document)| document.path.as_deref() == Some(path))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Uri, &Document)> {
        self.by_uri.iter()
    }

    /// The open buffers as the overlays of a project load.
    pub fn overlays(&self) -> HashMap<PathBuf, Vec<u8>> {
        self.by_uri
            .values()
            .filter_map(|document| {
                let path = document.path.clone()?;
                Some((path, document.text.as_bytes().to_vec()))
            })
            .collect()
    }
}

/// Whether the file at `path` holds `text`: read only when it is a regular
/// file of that size (not a FIFO, which would block, nor a large file
/// that cannot be the text).
fn is_on_disk(path: &Path, text: &str) -> bool {
    let same_size = std::fs::metadata(path)
        .is_ok_and(|metadata| metadata.is_file() && metadata.len() == text.len() as u64);
    same_size && std::fs::read(path).is_ok_and(|bytes| bytes == text.as_bytes())
}

/// Applies one change: a whole new text, or new text for a range (ends
/// out of the text or out of order are clamped and put in order).
pub fn apply(text: &mut String, change: TextDocumentContentChangeEvent) {
    let Some(range) = change.range else {
        *text = change.text;
        return;
    };
    let start = position::offset(text, range.start);
    let end = position::offset(text, range.end);
    text.replace_range(start.min(end)..start.max(end), &change.text);
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    fn edit(from: (u32, u32), to: (u32, u32), text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(
                Position::new(from.0, from.1),
                Position::new(to.0, to.1),
            )),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn edits_apply_in_utf16_units() {
        let mut text = "title: Café 😀 FCR\nnext".to_string();
        // `😀` is two units: `FCR` starts at 15.
        apply(
            &mut text,
            edit((0, 15), (0, 18), "First Contact Resolution"),
        );
        assert_eq!(text, "title: Café 😀 First Contact Resolution\nnext");
        apply(&mut text, edit((1, 4), (1, 4), ": 1"));
        assert_eq!(text, "title: Café 😀 First Contact Resolution\nnext: 1");
    }

    #[test]
    fn edits_out_of_range_are_clamped() {
        let mut text = "ab\ncd".to_string();
        apply(&mut text, edit((7, 0), (9, 9), "!"));
        assert_eq!(text, "ab\ncd!");
        apply(&mut text, edit((1, 1), (0, 1), "-"));
        assert_eq!(text, "a-d!");
        let whole = TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: "new".into(),
        };
        apply(&mut text, whole);
        assert_eq!(text, "new");
    }
}
