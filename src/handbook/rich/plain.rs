//! The HTML of plain SOP text written directly: paragraphs of text, with
//! emphasis, strong, inline code and line breaks, as pulldown-cmark and
//! then ammonia would write them. Most SOP fields are such text, and
//! parsing their HTML back in ammonia cost more than the rest of the text's
//! journey. Anything else (links, lists, quotes, or a character the HTML
//! parser reads other than as written) takes the full way in [`super::html`];
//! a generated-text test holds the two to the same bytes.

use super::pieces::{Piece, Tag};
use super::unbroken;

/// The clean HTML of `pieces`, or `None` when they hold more than plain
/// text: paragraphs only at the top, each of text, code and breaks in
/// emphasis and strong; or no paragraph at all.
pub fn html(pieces: &[Piece]) -> Option<String> {
    let mut out = String::new();
    // Whether the output ends with a line break, as pulldown-cmark tracks
    // it: a paragraph after other text starts on a new line.
    let mut end_newline = true;
    let mut in_paragraph = false;
    let has_paragraphs = pieces
        .first()
        .is_some_and(|piece| *piece == Piece::Start(Tag::Paragraph));
    let mut open: Vec<&Tag> = Vec::new();
    for piece in pieces {
        let written = match piece {
            Piece::Start(Tag::Paragraph) if has_paragraphs && !in_paragraph => {
                in_paragraph = true;
                if !end_newline {
                    out.push('\n');
                }
                "<p>"
            }
            Piece::End(Tag::Paragraph) if in_paragraph && open.is_empty() => {
                in_paragraph = false;
                "</p>\n"
            }
            _ if has_paragraphs && !in_paragraph => return None,
            Piece::Start(tag @ (Tag::Emphasis | Tag::Strong)) => {
                open.push(tag);
                if *tag == Tag::Emphasis {
                    "<em>"
                } else {
                    "<strong>"
                }
            }
            Piece::End(tag) if open.last() == Some(&tag) => {
                open.pop();
                if *tag == Tag::Emphasis {
                    "</em>"
                } else {
                    "</strong>"
                }
            }
            Piece::Text(text) => {
                if !plain(text) {
                    return None;
                }
                for (part, kept_whole) in unbroken::parts(text) {
                    if kept_whole {
                        out.push_str(unbroken::OPEN);
                    }
                    escape(&mut out, part);
                    if kept_whole {
                        out.push_str(unbroken::CLOSE);
                    }
                }
                end_newline = text.ends_with('\n');
                continue;
            }
            Piece::Code(code) => {
                if !plain(code) {
                    return None;
                }
                out.push_str("<code>");
                escape(&mut out, code);
                "</code>"
            }
            Piece::SoftBreak => "\n",
            Piece::HardBreak => "<br>\n",
            _ => return None,
        };
        out.push_str(written);
        end_newline = written.ends_with('\n');
    }
    (open.is_empty() && !in_paragraph).then_some(out)
}

/// Whether the HTML parser reads `text` back as written: it turns carriage
/// returns into line feeds and drops NUL characters.
fn plain(text: &str) -> bool {
    !text.bytes().any(|byte| byte == b'\r' || byte == 0)
}

/// `text` escaped as html5ever, ammonia's writer, escapes text.
fn escape(out: &mut String, text: &str) {
    let mut from = 0;
    for (at, c) in text.char_indices() {
        let escaped = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '\u{a0}' => "&nbsp;",
            _ => continue,
        };
        out.push_str(&text[from..at]);
        out.push_str(escaped);
        from = at + c.len_utf8();
    }
    out.push_str(&text[from..]);
}

#[cfg(test)]
mod tests {
    use super::super::html::cleaned;
    use super::super::pieces::pieces;
    use super::*;
    use crate::test_random::Random;

    #[test]
    fn plain_text_is_written_as_the_cleaner_writes_it() {
        const PIECES: [&str; 34] = [
            "word",
            " ",
            " ",
            "Call",
            "the",
            "\n",
            "\n\n",
            "  \n",
            "*",
            "**",
            "_",
            "`",
            "&",
            "<",
            ">",
            "\"",
            "'",
            "\u{a0}",
            "CS-030",
            "2024-06-03",
            "é",
            "漢",
            "🎉",
            "\u{1}",
            "\u{c}",
            "\r",
            "\0",
            "&amp;",
            "&#39;",
            "[a](https://x.org)",
            "- ",
            "> ",
            "# ",
            "\\",
        ];
        let mut random = Random::new(5);
        let mut fast = 0;
        for _ in 0..20_000 {
            let count = random.below(12) + 1;
            let markdown = random.text(&PIECES, count);
            let pieces = pieces(&markdown);
            if let Some(html) = html(&pieces) {
                fast += 1;
                assert_eq!(html, cleaned(&pieces), "{markdown:?}");
            }
        }
        // Both ways are taken often.
        assert!(
            (5_000..19_000).contains(&fast),
            "{fast} of 20,000 written directly"
        );
    }
}
