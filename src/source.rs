//! Source text with a line index, so byte offsets become `line:column`, and
//! [`Label`]s: where in a file something is.
//!
//! Both stay cheap on hostile files: a column is found from a checkpoint
//! table in at most [`BLOCK`] steps (not by counting from the start of a
//! line that may be megabytes long), and a label keeps an excerpt of at most
//! [`EXCERPT_CHARS`] characters of its line, so 40,000 findings on one long
//! line cost 40,000 short strings, not 40,000 copies of the line.

use std::path::PathBuf;

use crate::limits::EXCERPT_CHARS;
use crate::yaml::ByteSpan;

/// Bytes between two character-count checkpoints.
const BLOCK: usize = 1024;

/// A file's text and where its lines start.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user should see it (relative to the current directory when possible).
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
    /// Characters before each multiple of [`BLOCK`] bytes; empty for ASCII text,
    /// where characters are bytes.
    chars_before_block: Vec<usize>,
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> Self {
        // memchr's iterator: the line index is built for every file read.
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1))
            .collect();
        let chars_before_block = if text.is_ascii() {
            Vec::new()
        } else {
            let mut count = 0;
            let mut table = Vec::with_capacity(text.len() / BLOCK + 1);
            for block in text.as_bytes().chunks(BLOCK) {
                table.push(count);
                count += block.iter().filter(|&&b| !is_continuation(b)).count();
            }
            // The end of a text of whole blocks starts a block of its own.
            table.push(count);
            table
        };
        SourceFile {
            path,
            text,
            line_starts,
            chars_before_block,
        }
    }

    /// The 1-based line and column of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        let offset = self.floor_char_boundary(offset);
        let line = self.line_of(offset);
        Position {
            line: line + 1,
            column: self.chars_before(offset) - self.chars_before(self.line_starts[line]) + 1,
        }
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let (start, end) = self.line_bounds(line - 1);
        &self.text[start..end]
    }

    /// The 0-based line of a byte offset.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset) - 1
    }

    /// Byte range of a 0-based line, without its line break.
    fn line_bounds(&self, line: usize) -> (usize, usize) {
        let start = self.line_starts[line];
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let end = if self.text[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        (start, end)
    }

    /// How many characters come before a byte offset (a char boundary).
    fn chars_before(&self, offset: usize) -> usize {
        if self.chars_before_block.is_empty() {
            return offset;
        }
        let block = offset / BLOCK;
        let from = block * BLOCK;
        self.chars_before_block[block]
            + self.text.as_bytes()[from..offset]
                .iter()
                .filter(|&&b| !is_continuation(b))
                .count()
    }

    fn floor_char_boundary(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

fn is_continuation(byte: u8) -> bool {
    byte & 0b1100_0000 == 0b1000_0000
}

/// Where in a file a finding points.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Label {
    pub start: Position,
    /// Exclusive end; may lie on a later line than `start`.
    pub end: Position,
    /// Part of the line of `start` around it, for code frames.
    pub excerpt: Excerpt,
}

/// At most [`EXCERPT_CHARS`] characters of a line, around a column.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Excerpt {
    pub text: String,
    /// The 1-based line column of the excerpt's first character.
    pub first_column: usize,
    /// Whether the line goes on before / after the excerpt.
    pub cut_before: bool,
    pub cut_after: bool,
    /// The line's length in characters.
    pub line_chars: usize,
}

/// Characters of context kept before the start of a label, when the line
/// has to be cut.
const CONTEXT_BEFORE: usize = 40;

impl Excerpt {
    fn new(source: &SourceFile, line: usize, offset: usize) -> Excerpt {
        let (start, end) = source.line_bounds(line);
        let offset = offset.clamp(start, end);
        let line_chars = source.chars_before(end) - source.chars_before(start);
        let (from, to) = if line_chars <= EXCERPT_CHARS {
            (start, end)
        } else {
            let from = chars_back(&source.text[start..offset], CONTEXT_BEFORE) + start;
            match source.text[from..end].char_indices().nth(EXCERPT_CHARS) {
                Some((at, _)) => (from, from + at),
                // The rest of the line is short: show its end in full.
                None => (
                    chars_back(&source.text[start..end], EXCERPT_CHARS) + start,
                    end,
                ),
            }
        };
        Excerpt {
            text: source.text[from..to].to_string(),
            first_column: source.chars_before(from) - source.chars_before(start) + 1,
            cut_before: from > start,
            cut_after: to < end,
            line_chars,
        }
    }
}

/// The byte offset in `text` where its last `count` characters start.
fn chars_back(text: &str, count: usize) -> usize {
    text.char_indices()
        .rev()
        .nth(count - 1)
        .map_or(0, |(at, _)| at)
}

impl Label {
    pub fn new(source: &SourceFile, span: ByteSpan) -> Self {
        let start_offset = source.floor_char_boundary(span.start);
        let start = source.position(start_offset);
        let mut end = source.position(span.end.max(span.start));
        if end == start {
            // Point at one character so an empty node still shows a caret.
            end.column += 1;
        }
        Label {
            start,
            end,
            excerpt: Excerpt::new(source, start.line - 1, start_offset),
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
            self.excerpt.line_chars.max(self.start.column) + 1
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

    #[test]
    fn the_end_of_a_text_of_whole_blocks_has_a_position() {
        // Found by fuzzing: 1,024 bytes, not all ASCII, and an offset at the end.
        let text = format!("é{}", "a".repeat(BLOCK - 2));
        assert_eq!(text.len(), BLOCK);
        let file = SourceFile::new("a.yaml".into(), text);
        assert_eq!(
            file.position(BLOCK),
            Position {
                line: 1,
                column: BLOCK
            }
        );
    }

    #[test]
    fn columns_stay_right_across_checkpoint_blocks() {
        let line: String = "é".repeat(3 * BLOCK) + "x";
        let file = SourceFile::new("a.yaml".into(), format!("a: 1\n{line}\n"));
        let x = file.text.find('x').unwrap();
        assert_eq!(
            file.position(x),
            Position {
                line: 2,
                column: 3 * BLOCK + 1
            }
        );
    }

    #[test]
    fn an_excerpt_of_a_long_line_is_short_and_keeps_the_column() {
        let line = format!("{}NEEDLE{}", "a".repeat(10_000), "b".repeat(10_000));
        let file = SourceFile::new("a.yaml".into(), format!("k: 1\r\n{line}\r\n"));
        let at = file.text.find("NEEDLE").unwrap();
        let label = Label::new(
            &file,
            ByteSpan {
                start: at,
                end: at + 6,
            },
        );
        assert_eq!(label.start.column, 10_001);
        let excerpt = &label.excerpt;
        assert_eq!(excerpt.text.chars().count(), EXCERPT_CHARS);
        assert!(excerpt.cut_before && excerpt.cut_after);
        assert_eq!(excerpt.first_column, 10_001 - CONTEXT_BEFORE);
        assert!(excerpt.text[CONTEXT_BEFORE..].starts_with("NEEDLE"));
        assert_eq!(excerpt.line_chars, 20_006);

        let short = Label::at(&file, 0);
        assert_eq!(short.excerpt.text, "k: 1");
        assert!(!short.excerpt.cut_before && !short.excerpt.cut_after);
    }
}
