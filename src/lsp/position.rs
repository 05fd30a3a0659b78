//! Positions between the linter and the editor. The linter counts lines by
//! `\n` and columns in characters, from 1 ([`crate::source::Position`]);
//! LSP counts lines by `\n`, `\r\n` and `\r`, and columns in UTF-16 code
//! units, from 0. Both go through byte offsets of the buffer's text, and a
//! position past the end of its line or of the text is clamped to that end:
//! nothing a client sends is trusted to be in range.

use lsp_types::Position as LspPosition;

use crate::source::Position;

/// The byte offset of an LSP position in `text`: the end of its line for a
/// character past it, the end of the text for a line past it, and the
/// start of the character it falls inside (between two halves of a
/// surrogate pair).
pub fn offset(text: &str, position: LspPosition) -> usize {
    let mut start = 0;
    for _ in 0..position.line {
        match next_line(text, start) {
            Some(next) => start = next,
            None => return text.len(),
        }
    }
    let mut units = 0;
    for (at, c) in text[start..].char_indices() {
        let width = c.len_utf16() as u32;
        if c == '\n' || c == '\r' || units + width > position.character {
            return start + at;
        }
        units += width;
    }
    text.len()
}

/// Where the LSP line after the one at `from` starts, if there is one.
fn next_line(text: &str, from: usize) -> Option<usize> {
    let at = from + text[from..].find(['\n', '\r'])?;
    let crlf = text[at..].starts_with("\r\n");
    Some(at + if crlf { 2 } else { 1 })
}

/// The LSP positions of linter positions in `text`, in one pass over the
/// text however many there are (a file can have thousands of findings on
/// one long line). A column past the end of its line is that line's end; a
/// line past the text is its end.
pub fn lsp_positions(text: &str, points: &[Position]) -> Vec<LspPosition> {
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by_key(|&index| points[index]);
    let mut order = order.into_iter().peekable();
    let mut found = vec![LspPosition::default(); points.len()];
    // Where the walk is, in both counts.
    let mut linter = Position { line: 1, column: 1 };
    let mut lsp = LspPosition::default();
    let mut chars = text.chars().peekable();
    let mut after_cr = false;
    loop {
        let next = chars.next();
        let line_ends = match next {
            None | Some('\n') => true,
            Some('\r') => chars.peek() == Some(&'\n'),
            Some(_) => false,
        };
        while let Some(&index) = order.peek() {
            let point = points[index];
            let here = point <= linter || (line_ends && point.line <= linter.line);
            if !here && next.is_some() {
                break;
            }
            found[index] = lsp;
            order.next();
        }
        let Some(c) = next else {
            return found;
        };
        if c == '\n' {
            linter = Position {
                line: linter.line + 1,
                column: 1,
            };
        } else {
            linter.column += 1;
        }
        match c {
            // The `\n` of `\r\n`: the `\r` began the line.
            '\n' if after_cr => {}
            '\n' | '\r' => lsp = LspPosition::new(lsp.line + 1, 0),
            _ => lsp.character += c.len_utf16() as u32,
        }
        after_cr = c == '\r';
    }
}

/// The LSP positions of byte offsets of `text`, in one pass over the text
/// however many there are (a rename can edit thousands of `goto`s). An
/// offset past the end is the end; one inside a character is the end of
/// that character.
pub fn lsp_positions_of_offsets(text: &str, offsets: &[usize]) -> Vec<LspPosition> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&index| offsets[index]);
    let mut order = order.into_iter().peekable();
    let mut found = vec![LspPosition::default(); offsets.len()];
    let mut lsp = LspPosition::default();
    let mut after_cr = false;
    for (at, c) in text.char_indices() {
        while let Some(index) = order.next_if(|&index| offsets[index] <= at) {
            found[index] = lsp;
        }
        match c {
            '\n' if after_cr => {}
            '\n' | '\r' => lsp = LspPosition::new(lsp.line + 1, 0),
            _ => lsp.character += c.len_utf16() as u32,
        }
        after_cr = c == '\r';
    }
    for index in order {
        found[index] = lsp;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, character: u32) -> LspPosition {
        LspPosition::new(line, character)
    }

    fn linter(line: usize, column: usize) -> Position {
        Position { line, column }
    }

    #[test]
    fn offsets_count_utf16_units_and_clamp() {
        let text = "a: 1\nb: \u{1F600}é x\r\nlast";
        assert_eq!(offset(text, at(0, 0)), 0);
        let x = text.find('x').unwrap();
        // The emoji is two units, `é` one.
        assert_eq!(offset(text, at(1, 7)), x);
        // Inside the emoji's surrogate pair: its start.
        assert_eq!(offset(text, at(1, 4)), text.find('\u{1F600}').unwrap());
        // Past the end of a line: before its `\r\n`.
        assert_eq!(offset(text, at(1, 99)), x + 1);
        assert_eq!(offset(text, at(2, 2)), text.len() - 2);
        assert_eq!(offset(text, at(9, 0)), text.len());
        assert_eq!(offset("a\rb", at(1, 0)), 2);
    }

    #[test]
    fn linter_positions_become_lsp_positions() {
        let text = "id: x\r\nt: \u{1F600}é ABC\rmore\nend";
        let abc = linter(2, 7);
        let got = lsp_positions(
            text,
            &[
                abc,
                linter(1, 1),
                linter(1, 40),
                linter(2, 15),
                linter(7, 1),
                linter(3, 4),
            ],
        );
        assert_eq!(
            got,
            [at(1, 7), at(0, 0), at(0, 5), at(2, 4), at(3, 3), at(3, 3)]
        );
        assert_eq!(offset(text, got[0]), text.find("ABC").unwrap());
    }

    #[test]
    fn offsets_become_lsp_positions() {
        let text = "id: x\r\nt: \u{1F600}é ABC\rmore\nend";
        let abc = text.find("ABC").unwrap();
        let inside_emoji = text.find('\u{1F600}').unwrap() + 1;
        let got = lsp_positions_of_offsets(text, &[abc, 0, 6, inside_emoji, 999, text.len() - 1]);
        assert_eq!(
            got,
            [at(1, 7), at(0, 0), at(1, 0), at(1, 5), at(3, 3), at(3, 2)]
        );
        for (offset, position) in [(abc, got[0]), (text.len() - 1, got[5])] {
            assert_eq!(super::offset(text, position), offset);
        }
    }
}
