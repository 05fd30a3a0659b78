//! The lines of the source around a parser error, as the explanations read
//! them: each look costs the length of the lines it reads, so explaining an
//! error stays linear in the size of the file.

/// One line of the source, without its line break (`\n` or `\r\n`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Line<'a> {
    /// Byte offset of the line's first character.
    pub start: usize,
    pub text: &'a str,
}

impl<'a> Line<'a> {
    /// The line that holds byte `offset`.
    pub fn at(source: &'a str, offset: usize) -> Line<'a> {
        let offset = floor_boundary(source, offset);
        let start = source[..offset].rfind('\n').map_or(0, |at| at + 1);
        Line::starting(source, start)
    }

    /// The line that starts at byte `start`.
    fn starting(source: &'a str, start: usize) -> Line<'a> {
        let rest = &source[start..];
        let text = rest.find('\n').map_or(rest, |end| &rest[..end]);
        Line {
            start,
            text: text.strip_suffix('\r').unwrap_or(text),
        }
    }

    /// The line above this one.
    pub fn previous(&self, source: &'a str) -> Option<Line<'a>> {
        (self.start > 0).then(|| Line::at(source, self.start - 1))
    }

    /// The lines above this one, nearest first.
    pub fn above(self, source: &'a str) -> impl Iterator<Item = Line<'a>> {
        std::iter::successors(self.previous(source), move |line| line.previous(source))
    }

    /// This line and the lines below it.
    pub fn and_below(self, source: &'a str) -> impl Iterator<Item = Line<'a>> {
        std::iter::successors(Some(self), move |line| {
            let next = line.start + source[line.start..].find('\n')? + 1;
            (next < source.len()).then(|| Line::starting(source, next))
        })
    }

    /// The 1-based line number, counted once per explanation.
    pub fn number(&self, source: &str) -> usize {
        source[..self.start].matches('\n').count() + 1
    }

    /// How many spaces the line starts with.
    pub fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start_matches(' ').len()
    }

    /// Whether the line holds nothing but spaces, tabs and a comment.
    pub fn is_blank(&self) -> bool {
        let content = self.text.trim_start_matches([' ', '\t']);
        content.is_empty() || content.starts_with('#')
    }
}

/// A block mapping entry written on one line: `  - key: value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct KeyLine<'a> {
    /// Byte offset in the line of the key (after the indentation and any `- `).
    pub key_at: usize,
    pub key: &'a str,
    /// Byte offset in the line of the value; the line's length when there is none.
    pub value_at: usize,
}

impl<'a> KeyLine<'a> {
    /// Reads `line` as an entry with a plain key, if it is one.
    pub fn read(line: &'a str) -> Option<KeyLine<'a>> {
        let key_at = after_dashes(line);
        let rest = &line[key_at..];
        // What cannot start a plain key (YAML's indicators), or starts one
        // too odd to name in a message.
        let indicators = [
            '"', '\'', '#', '?', ':', ',', '[', '{', '-', '&', '*', '!', '|', '>', '%', '@', '`',
        ];
        if rest.starts_with(indicators) {
            return None;
        }
        let colon = colon_indicator(rest)?;
        let key = rest[..colon].trim_end();
        if key.is_empty() {
            return None;
        }
        let after = key_at + colon + 1;
        let value_at =
            after + line[after..].len() - line[after..].trim_start_matches([' ', '\t']).len();
        Some(KeyLine {
            key_at,
            key,
            value_at,
        })
    }

    /// Whether the value is plain text (not quoted, a block, a list...).
    pub fn has_plain_value(&self, line: &str) -> bool {
        let value = &line[self.value_at..];
        !value.is_empty()
            && !value.starts_with([
                '"', '\'', '[', '{', '|', '>', '&', '*', '!', '#', '%', '@', '`',
            ])
    }
}

/// The byte offset in `line` after its indentation and the `- ` of any
/// list items that start on it.
pub(super) fn after_dashes(line: &str) -> usize {
    let mut at = line.len() - line.trim_start_matches(' ').len();
    while line[at..].starts_with("- ") {
        at += 2;
        at += line[at..].len() - line[at..].trim_start_matches(' ').len();
    }
    at
}

/// The byte offset of the first `:` that ends a plain key: one followed by a
/// space, a tab or the end of the text.
pub(super) fn colon_indicator(text: &str) -> Option<usize> {
    text.match_indices(':')
        .map(|(at, _)| at)
        .find(|&at| matches!(text.as_bytes().get(at + 1), None | Some(b' ' | b'\t')))
}

fn floor_boundary(source: &str, offset: usize) -> usize {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_before_lf_or_crlf() {
        let source = "a: 1\r\nb: 2\nc";
        let b = Line::at(source, 7);
        assert_eq!((b.start, b.text), (6, "b: 2"));
        assert_eq!(b.previous(source).unwrap().text, "a: 1");
        assert_eq!(b.number(source), 2);
        let below: Vec<&str> = b.and_below(source).map(|line| line.text).collect();
        assert_eq!(below, ["b: 2", "c"]);
        assert_eq!(Line::at(source, 0).previous(source), None);
        let c = Line::at(source, source.len());
        let above: Vec<&str> = c.above(source).map(|line| line.text).collect();
        assert_eq!(above, ["b: 2", "a: 1"]);
    }

    #[test]
    fn key_lines_skip_indentation_and_dashes() {
        let line = "  - - do:  Call: back";
        let entry = KeyLine::read(line).unwrap();
        assert_eq!(entry.key, "do");
        assert_eq!(&line[entry.value_at..], "Call: back");
        assert!(entry.has_plain_value(line));
        assert!(KeyLine::read("  - \"do\": x").is_none());
        assert!(KeyLine::read("plain text").is_none());
        assert!(KeyLine::read(":- id: x").is_none());
        assert!(
            !KeyLine::read("do: \"x\"")
                .unwrap()
                .has_plain_value("do: \"x\"")
        );
        assert_eq!(KeyLine::read("url: http://x: y").unwrap().key, "url");
    }
}
