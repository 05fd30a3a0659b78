//! Source text with a line index, so byte offsets become `line:column`, and
//! [`Label`]s: where in a file something is.

use std::path::PathBuf;

use crate::yaml::ByteSpan;

/// A file's text and where its lines start.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user should see it (relative to the current directory when possible).
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        SourceFile {
            path,
            text,
            line_starts,
        }
    }

    /// The 1-based line and column of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        let offset = self.floor_char_boundary(offset);
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        Position {
            line: line + 1,
            column: self.text[start..offset].chars().count() + 1,
        }
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&next| next - 1);
        self.text[start..end].trim_end_matches('\r')
    }

    fn floor_char_boundary(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

/// Where in a file a finding points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub start: Position,
    /// Exclusive end; may lie on a later line than `start`.
    pub end: Position,
    /// The text of the line of `start`, for code frames.
    pub line_text: String,
}

impl Label {
    pub fn new(source: &SourceFile, span: ByteSpan) -> Self {
        let start = source.position(span.start);
        let mut end = source.position(span.end.max(span.start));
        let line_text = source.line_text(start.line).to_string();
        if end == start {
            // Point at one character so an empty node still shows a caret.
            end.column += 1;
        }
        Label {
            start,
            end,
            line_text,
        }
    }

    /// A point: one character at `offset`.
    pub fn at(source: &SourceFile, offset: usize) -> Self {
        Label::new(
            source,
            ByteSpan {
                start: offset,
                end: offset,
            },
        )
    }

    /// The end column on the line of `start`, for a one-line underline.
    pub fn end_column_on_first_line(&self) -> usize {
        if self.end.line == self.start.line {
            self.end.column.max(self.start.column + 1)
        } else {
            self.line_text.chars().count().max(self.start.column) + 1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let file = SourceFile::new("a.yaml".into(), "ab\ncafé x\n".into());
        assert_eq!(file.position(0), Position { line: 1, column: 1 });
        assert_eq!(file.position(3), Position { line: 2, column: 1 });
        let x = file.text.find('x').unwrap();
        assert_eq!(file.position(x), Position { line: 2, column: 6 });
        assert_eq!(file.line_text(2), "café x");
        assert_eq!(file.position(file.text.len()).line, 3);
    }
}
