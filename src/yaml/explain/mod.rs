//! The parser's errors in the words of the writer who made the mistake, at
//! the place to fix: "mapping values are not allowed in this context" on
//! `do: Note: call back` says to put the text in quotes, and an error about
//! a tab points at the tab. Each explanation reads the lines around the
//! error once (never the file again per line), and an error it does not
//! recognise keeps the parser's words.

mod colon;
mod indent;
mod line;
mod quote;
mod start;
mod tab;

use super::SyntaxError;

/// The error the parser reported as `info` at byte `offset` of `source`,
/// explained.
pub(super) fn explain(source: &str, offset: usize, info: &str) -> SyntaxError {
    tab::explain(source, offset, info)
        .or_else(|| colon::in_text(source, offset, info))
        .or_else(|| colon::continued_text(source, offset, info))
        .or_else(|| indent::unaligned(source, offset, info))
        .or_else(|| quote::unclosed(source, offset, info))
        .or_else(|| start::explain(source, offset, info))
        .unwrap_or_else(|| SyntaxError::new(offset, info))
}

/// `text` as a quoted YAML string that reads back as `text`: in double
/// quotes, or in single quotes when it holds `"` or `\` (which double
/// quotes would make escapes of).
pub fn quoted(text: &str) -> String {
    if text.contains(['"', '\\']) {
        format!("'{}'", text.replace('\'', "''"))
    } else {
        format!("\"{text}\"")
    }
}

/// An explained error as its parts, for tests.
#[cfg(test)]
fn parts(error: SyntaxError) -> (usize, String, String) {
    let help = error.help.unwrap_or_default();
    (error.offset, error.message, help)
}

#[cfg(test)]
mod tests {
    /// A small SOP with CRLF line breaks, accents and each kind of node.
    const SOP: &str = "id: CS-2590\r\ntitle: Café « crème » refunds\r\npurpose: >\r\n  Refunds are fair.\r\ninstructions:\r\n  - id: ask\r\n    ask: \"Is it paid?\"\r\n    branches:\r\n      - when: 'yes'\r\n        goto: pay\r\n  - id: pay\r\n    do: Pay it back.\r\n    details: [Tell the customer, é]\r\n    end: true\r\n";

    /// The 1-based line and column (in characters) of a byte offset.
    fn position(text: &str, offset: usize) -> (usize, usize) {
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |at| at + 1);
        (
            before.matches('\n').count() + 1,
            before[line_start..].chars().count() + 1,
        )
    }

    #[test]
    fn crlf_line_breaks_change_no_explanation_and_no_position() {
        let lf = SOP.replace("\r\n", "\n");
        let boundaries = lf.char_indices().map(|(at, _)| at);
        for at in boundaries {
            for typo in ['\t', ':', ' ', '"', '\'', '-', '['] {
                let text = format!("{}{typo}{}", &lf[..at], &lf[at..]);
                let crlf = text.replace('\n', "\r\n");
                match (super::super::parse(&text), super::super::parse(&crlf)) {
                    (Err(a), Err(b)) => {
                        assert_eq!(
                            (position(&text, a.offset), &a.message, &a.help),
                            (position(&crlf, b.offset), &b.message, &b.help),
                            "{typo:?} at {at}"
                        );
                    }
                    (a, b) => assert_eq!(a.is_ok(), b.is_ok(), "{typo:?} at {at}"),
                }
            }
        }
    }

    #[test]
    fn every_one_character_mistake_is_explained_inside_the_file_without_a_panic() {
        let boundaries = SOP.char_indices().map(|(at, _)| at).chain([SOP.len()]);
        for at in boundaries {
            for typo in ['\t', ':', ' ', '"', '\'', '-', '#', '\n', '[', '|'] {
                let text = format!("{}{typo}{}", &SOP[..at], &SOP[at..]);
                if let Err(error) = super::super::parse(&text) {
                    assert!(
                        text.is_char_boundary(error.offset) && error.offset <= text.len(),
                        "{typo:?} at {at}: {error:?}"
                    );
                }
            }
        }
    }
}
