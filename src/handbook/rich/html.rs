//! SOP text as HTML: the pieces written by pulldown-cmark, then cleaned by
//! ammonia, a second line of defence that would drop scripts, event
//! handlers, styles, frames and links to other schemes if a piece ever
//! carried them.

use std::sync::LazyLock;

use pulldown_cmark::{Event, LinkType, Tag as Md, TagEnd};

use super::links::SCHEMES;
use super::pieces::{Piece, Tag};
use super::{plain, unbroken};

/// Bytes of text between two tags given to ammonia, at most (give or take
/// an entity). html5ever, which ammonia writes HTML with, scans a text node
/// from each `&` to the next `<` or `>`: quadratic in the length of a text
/// full of `&`s.
const TEXT_RUN: usize = 256;

/// The cleaner, made once: making one builds its tables of tags and
/// attributes, which cost more than cleaning a step's text.
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut cleaner = ammonia::Builder::default();
    // No `rel` on links: it is invalid on an `<a>` whose unsafe href was dropped.
    cleaner
        .link_rel(None)
        .add_allowed_classes("span", [unbroken::CLASS])
        .url_schemes(SCHEMES.into_iter().collect());
    cleaner
});

/// The pieces as clean HTML blocks.
pub fn html(pieces: &[Piece]) -> String {
    plain::html(pieces).unwrap_or_else(|| cleaned(pieces))
}

/// The pieces written by pulldown-cmark, then cleaned by ammonia.
pub(super) fn cleaned(pieces: &[Piece]) -> String {
    let mut unsafe_html = String::new();
    pulldown_cmark::html::push_html(&mut unsafe_html, pieces.iter().flat_map(events));
    CLEANER.clean(&split_long_text(&unsafe_html)).to_string()
}

/// `html` (as pulldown-cmark writes it: `<` and `>` only in tags, `&` only
/// in entities) with every run of text longer than [`TEXT_RUN`] split by
/// empty comments. Ammonia drops the comments but keeps the pieces of text
/// apart, so each text node it writes is short.
fn split_long_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let (mut run, mut in_tag, mut in_entity) = (0, false, false);
    for c in html.chars() {
        in_tag |= c == '<';
        if !in_tag {
            if run >= TEXT_RUN && !in_entity {
                out.push_str("<!---->");
                run = 0;
            }
            run += c.len_utf8();
            match c {
                '&' => in_entity = true,
                ';' => in_entity = false,
                _ => {}
            }
        }
        out.push(c);
        if c == '>' {
            in_tag = false;
            run = 0;
        }
    }
    out
}

/// The pieces as clean inline HTML: a single paragraph loses its `<p>`.
pub fn inline_html(pieces: &[Piece]) -> String {
    match pieces {
        [
            Piece::Start(Tag::Paragraph),
            inner @ ..,
            Piece::End(Tag::Paragraph),
        ] if !inner.contains(&Piece::End(Tag::Paragraph)) => html(inner),
        _ => html(pieces).trim().to_string(),
    }
}

/// The events of a piece: one, or for text, its ids and dates in spans.
fn events<'a>(piece: &Piece<'a>) -> Vec<Event<'a>> {
    match piece {
        Piece::Text(text) => unbroken::text_events(text),
        piece => vec![event(piece)],
    }
}

fn event<'a>(piece: &Piece<'a>) -> Event<'a> {
    match piece {
        Piece::Start(tag) => Event::Start(match tag {
            Tag::Paragraph => Md::Paragraph,
            Tag::BlockQuote => Md::BlockQuote(None),
            Tag::List(first) => Md::List(*first),
            Tag::Item => Md::Item,
            Tag::Emphasis => Md::Emphasis,
            Tag::Strong => Md::Strong,
            Tag::Strikethrough => Md::Strikethrough,
            Tag::Link(url) => Md::Link {
                link_type: LinkType::Inline,
                dest_url: url.clone(),
                title: "".into(),
                id: "".into(),
            },
        }),
        Piece::End(tag) => Event::End(match tag {
            Tag::Paragraph => TagEnd::Paragraph,
            Tag::BlockQuote => TagEnd::BlockQuote(None),
            Tag::List(first) => TagEnd::List(first.is_some()),
            Tag::Item => TagEnd::Item,
            Tag::Emphasis => TagEnd::Emphasis,
            Tag::Strong => TagEnd::Strong,
            Tag::Strikethrough => TagEnd::Strikethrough,
            Tag::Link(_) => TagEnd::Link,
        }),
        Piece::Text(text) => Event::Text(text.clone()),
        Piece::Code(code) => Event::Code(code.clone()),
        Piece::SoftBreak => Event::SoftBreak,
        Piece::HardBreak => Event::HardBreak,
    }
}

#[cfg(test)]
mod tests {
    use super::super::pieces::pieces;
    use super::*;

    #[test]
    fn html_keeps_formatting_and_drops_scripts() {
        let html = html(&pieces(
            "**Bold** [link](https://x.org) <script>alert(1)</script> [bad](javascript:alert(1)) <img src=x onerror=alert(1)>",
        ));
        assert!(html.contains("<strong>Bold</strong>"));
        assert!(html.contains("href=\"https://x.org\""));
        assert!(
            html.contains("&lt;script&gt;"),
            "raw HTML is shown as text: {html}"
        );
        assert!(
            !html.contains("<script") && !html.contains("<img"),
            "{html}"
        );
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(html.contains(" bad "), "the text of a dropped link stays");
        assert_eq!(inline_html(&pieces("Call *now*")), "Call <em>now</em>");
        let long = "&lt;a&gt; é".repeat(100);
        assert_eq!(super::html(&pieces(&long)), format!("<p>{long}</p>\n"));
        assert_eq!(
            inline_html(&pieces("a\n\nb")),
            "<p>a</p>\n<p>b</p>",
            "two paragraphs keep theirs"
        );
    }
}
