//! The query layer's byte spans as LSP ranges, locations and edits, in the
//! text each file has in the editor: its open buffer, else the file on
//! disk, as the project read it (open buffers are its overlays). The query
//! layer reads a text without its byte-order mark (`project::read`); an
//! editor counts the mark on the first line, as [`super::diagnostics`] does.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::{Position, Range, TextEdit, Uri, WorkspaceEdit};

use super::server::Server;
use super::{position, uri};
use crate::navigate::{FileEdits, Location};
use crate::project::read;
use crate::yaml::ByteSpan;

/// A file's text as the editor has it.
#[derive(Debug)]
pub struct Text {
    raw: String,
}

impl Text {
    pub fn new(raw: String) -> Text {
        Text { raw }
    }

    fn bom(&self) -> usize {
        if self.raw.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            0
        }
    }

    /// The text the query layer reads: without its byte-order mark.
    pub fn read(&self) -> &str {
        &self.raw[self.bom()..]
    }

    /// The byte offset in [`Text::read`] of an editor's position (clamped).
    pub fn offset(&self, at: Position) -> usize {
        position::offset(&self.raw, at).saturating_sub(self.bom())
    }

    /// The editor's ranges of byte spans of [`Text::read`].
    pub fn ranges(&self, spans: &[ByteSpan]) -> Vec<Range> {
        let offsets: Vec<usize> = spans
            .iter()
            .flat_map(|span| [span.start, span.end])
            .collect();
        let bom = u32::from(self.bom() > 0);
        let positions = position::lsp_positions_of_offsets(self.read(), &offsets);
        positions
            .chunks(2)
            .map(|pair| {
                let [start, end] = [pair[0], pair[1]].map(|mut at| {
                    if at.line == 0 {
                        at.character += bom;
                    }
                    at
                });
                Range::new(start, end)
            })
            .collect()
    }

    pub fn range(&self, span: ByteSpan) -> Range {
        self.ranges(&[span])[0]
    }
}

impl Server {
    /// The text of a file as the editor has it: its open buffer, else the
    /// file on disk as the project reads it (at most `limit` bytes, UTF-8,
    /// and without a byte-order mark, which an editor does not show).
    pub fn text_at(&self, path: &Path, limit: u64) -> Option<String> {
        if let Some((_, document)) = self.documents.by_path(path) {
            return Some(document.text.clone());
        }
        read::read_text(path, limit).ok()
    }

    /// The URI of a file: the client's own, when it has the file open.
    pub fn uri_of(&self, path: &Path) -> Option<Uri> {
        match self.documents.by_path(path) {
            Some((uri, _)) => Some(uri.clone()),
            None => uri::from_path(path),
        }
    }
}

/// The texts of the files one answer points into, each read once: the
/// file asked about, and others as they come.
pub struct Texts<'a> {
    server: &'a Server,
    asked: (&'a Path, &'a Uri, &'a Text),
    limit: u64,
    others: HashMap<PathBuf, Option<(Uri, Text)>>,
}

impl<'a> Texts<'a> {
    /// Texts for an answer about the file at `path` (`uri`), whose text is
    /// `text`; other files are read up to `limit` bytes.
    pub fn new(
        server: &'a Server,
        (path, uri, text): (&'a Path, &'a Uri, &'a Text),
        limit: u64,
    ) -> Texts<'a> {
        Texts {
            server,
            asked: (path, uri, text),
            limit,
            others: HashMap::new(),
        }
    }

    /// A file's URI and text; `None` for one that cannot be read (gone).
    fn file(&mut self, path: &Path) -> Option<(&Uri, &Text)> {
        let (asked, uri, text) = self.asked;
        if path == asked {
            return Some((uri, text));
        }
        let (server, limit) = (self.server, self.limit);
        let read = self.others.entry(path.to_path_buf()).or_insert_with(|| {
            let text = Text::new(server.text_at(path, limit)?);
            Some((server.uri_of(path)?, text))
        });
        read.as_ref().map(|(uri, text)| (uri, text))
    }

    /// The locations of the files that can be read, in order.
    pub fn locations(&mut self, locations: &[Location]) -> Vec<lsp_types::Location> {
        let mut by_file: Vec<(&Path, Vec<usize>)> = Vec::new();
        for (index, location) in locations.iter().enumerate() {
            match by_file.iter_mut().find(|(path, _)| *path == location.path) {
                Some((_, indices)) => indices.push(index),
                None => by_file.push((&location.path, vec![index])),
            }
        }
        let mut found: Vec<Option<lsp_types::Location>> = vec![None; locations.len()];
        for (path, indices) in by_file {
            let Some((uri, text)) = self.file(path) else {
                continue;
            };
            let spans: Vec<ByteSpan> = indices.iter().map(|&i| locations[i].span).collect();
            for (index, range) in indices.into_iter().zip(text.ranges(&spans)) {
                found[index] = Some(lsp_types::Location::new(uri.clone(), range));
            }
        }
        found.into_iter().flatten().collect()
    }

    /// The edits as a workspace edit; `None` when a file to edit cannot
    /// be read (an edit of part of the files would break the others).
    pub fn workspace_edit(&mut self, edits: &[FileEdits]) -> Option<WorkspaceEdit> {
        let mut changes: Vec<(Uri, Vec<TextEdit>)> = Vec::new();
        for file in edits {
            let (uri, text) = self.file(&file.path)?;
            let spans: Vec<ByteSpan> = file.edits.iter().map(|edit| edit.span).collect();
            let text_edits = file
                .edits
                .iter()
                .zip(text.ranges(&spans))
                .map(|(edit, range)| TextEdit::new(range, edit.new_text.clone()));
            match changes.iter_mut().find(|(known, _)| known == uri) {
                Some((_, known)) => known.extend(text_edits),
                None => changes.push((uri.clone(), text_edits.collect())),
            }
        }
        Some(WorkspaceEdit::new(changes.into_iter().collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_counts_for_the_editor_only() {
        let text = Text::new("\u{feff}id: é1\ngoto: x\n".into());
        assert_eq!(text.read(), "id: é1\ngoto: x\n");
        let one = text.read().find('1').unwrap();
        assert_eq!(text.offset(Position::new(0, 6)), one);
        assert_eq!(text.offset(Position::new(0, 0)), 0);
        let x = text.read().find('x').unwrap();
        assert_eq!(
            text.ranges(&[
                ByteSpan {
                    start: one,
                    end: one + 1
                },
                ByteSpan {
                    start: x,
                    end: x + 1
                }
            ]),
            [
                Range::new(Position::new(0, 6), Position::new(0, 7)),
                Range::new(Position::new(1, 6), Position::new(1, 7)),
            ]
        );
    }
}
