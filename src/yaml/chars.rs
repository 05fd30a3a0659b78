//! The characters YAML allows in a stream. The parser lets some others
//! through (it even takes NUL for the end of the input), so the text is
//! checked before it is parsed.

use super::SyntaxError;
use crate::chunk::{self, CHUNK};

/// The first character of `text` that YAML does not allow, as an error.
///
/// YAML 1.2 allows only printable characters (`c-printable`). A carriage
/// return that does not start a CRLF is a line break to YAML but not to the
/// line numbers of findings, so it is refused as well.
pub(super) fn check(text: &str) -> Result<(), SyntaxError> {
    let bytes = text.as_bytes();
    let mut offset = 0;
    while let Some(&byte) = bytes.get(offset) {
        if chunk::all_plain(bytes, offset, plain) {
            offset += CHUNK;
            continue;
        }
        if plain(byte) {
            offset += 1;
            continue;
        }
        // Every byte before was a whole character: `offset` starts one.
        let Some(c) = text[offset..].chars().next() else {
            break;
        };
        if c == '\r' {
            if bytes.get(offset + 1) != Some(&b'\n') {
                return Err(SyntaxError::new(
                    offset,
                    "a carriage return (U+000D) without a line feed after it",
                )
                .with_help(
                    "save the file with LF or CRLF line endings; to keep a carriage return in a value, write it as \\r in a double-quoted string",
                ));
            }
        } else if !is_printable(c) {
            return Err(SyntaxError::new(
                offset,
                format!(
                    "the character U+{:04X} is not allowed in YAML",
                    u32::from(c)
                ),
            )
            .with_help(format!(
                "remove it, or write it as {} in a double-quoted string",
                escape(c)
            )));
        }
        offset += c.len_utf8();
    }
    Ok(())
}

/// Printable ASCII, tabs and line feeds: nearly all of a file.
fn plain(byte: u8) -> bool {
    (byte == b'\t') | (byte == b'\n') | (b' '..=b'~').contains(&byte)
}

/// `c-printable` of YAML 1.2 (Rust characters are never surrogates).
fn is_printable(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\r'
            | ' '..='~'
            | '\u{85}'
            | '\u{A0}'..='\u{D7FF}'
            | '\u{E000}'..='\u{FFFD}'
            | '\u{10000}'..
    )
}

/// The escape of a double-quoted YAML string that stands for `c`.
fn escape(c: char) -> String {
    match c {
        '\0' => "\\0".into(),
        '\u{7}' => "\\a".into(),
        '\u{8}' => "\\b".into(),
        '\u{B}' => "\\v".into(),
        '\u{C}' => "\\f".into(),
        '\u{1B}' => "\\e".into(),
        c if u32::from(c) <= 0xFF => format!("\\x{:02X}", u32::from(c)),
        c => format!("\\u{:04X}", u32::from(c)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_random::Random;

    fn first(text: &str) -> Option<(usize, String, String)> {
        check(text)
            .err()
            .map(|error| (error.offset, error.message, error.help.unwrap()))
    }

    /// The first refused character as the check found it before it read
    /// ASCII by byte: a walk over every character.
    fn first_by_chars(text: &str) -> Option<usize> {
        let mut chars = text.char_indices().peekable();
        while let Some((offset, c)) = chars.next() {
            let refused = if c == '\r' {
                chars.peek().is_none_or(|&(_, next)| next != '\n')
            } else {
                !is_printable(c)
            };
            if refused {
                return Some(offset);
            }
        }
        None
    }

    #[test]
    fn the_byte_walk_refuses_what_the_character_walk_did() {
        const PIECES: &[&str] = &[
            "a", " ", "~", "\t", "\n", "\r", "\r\n", "\u{0}", "\u{1b}", "\u{7f}", "\u{80}",
            "\u{85}", "é", "\u{d7ff}", "\u{e000}", "\u{fffe}", "\u{feff}", "😀",
        ];
        let mut random = Random::new(1);
        for _ in 0..5000 {
            // Up to two chunks of `chunk::CHUNK` bytes and more.
            let text = random.text(PIECES, 24);
            let found = check(&text).err().map(|error| error.offset);
            assert_eq!(found, first_by_chars(&text), "{text:?}");
        }
    }

    #[test]
    fn printable_text_line_breaks_and_escapes_pass() {
        assert_eq!(
            first("a: b\r\nc: \"\\e\\x07\"\n\tx\u{85}é\u{FEFF}😀\n"),
            None
        );
    }

    #[test]
    fn the_first_forbidden_character_is_named_with_its_escape() {
        let (offset, message, help) = first("a: b\nc: d\u{1B}[31m\u{0}\n").unwrap();
        assert_eq!(offset, 9);
        assert_eq!(message, "the character U+001B is not allowed in YAML");
        assert_eq!(
            help,
            "remove it, or write it as \\e in a double-quoted string"
        );
        assert_eq!(
            first("a: \u{7F}").unwrap().2,
            "remove it, or write it as \\x7F in a double-quoted string"
        );
        assert_eq!(first("é: \u{FFFE}").unwrap().0, 4);
        assert!(first("a: \u{9B}").is_some());
    }

    #[test]
    fn a_lone_carriage_return_is_refused() {
        let (offset, message, _) = first("a: b\r\nk\rey: c\n").unwrap();
        assert_eq!(offset, 7);
        assert!(message.contains("U+000D"));
        assert_eq!(first("a: b\r").unwrap().0, 4);
    }
}
