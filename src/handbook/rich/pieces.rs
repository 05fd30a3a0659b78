//! SOP text parsed into the pieces it may hold (the rules are in the module
//! doc of [`super`]). Both handbooks are written from these pieces, so they
//! show SOP text alike.

use pulldown_cmark::{CowStr, Event, LinkType, OffsetIter, Options, Parser, Tag as Md, TagEnd};

use super::links;
use crate::limits::{self, MARKDOWN_DEPTH};

/// One piece of SOP text, in reading order, as pulldown-cmark events are.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece<'a> {
    Start(Tag<'a>),
    End(Tag<'a>),
    Text(CowStr<'a>),
    Code(CowStr<'a>),
    SoftBreak,
    HardBreak,
}

/// The containers SOP text may use.
#[derive(Debug, Clone, PartialEq)]
pub enum Tag<'a> {
    Paragraph,
    BlockQuote,
    /// A list, with the number of its first item if it is ordered.
    List(Option<u64>),
    Item,
    Emphasis,
    Strong,
    Strikethrough,
    /// A link to a target [`links::is_safe`] accepts.
    Link(CowStr<'a>),
}

/// The pieces of SOP Markdown.
pub fn pieces(markdown: &str) -> Vec<Piece<'_>> {
    let mut out = Pieces::default();
    if limits::markdown_depth(markdown) > MARKDOWN_DEPTH {
        out.as_typed(markdown);
        out.flush();
        return out.pieces;
    }
    // Tables are recognised only to be shown as typed, line by line.
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut events = Parser::new_ext(markdown, options).into_offset_iter();
    while let Some((event, range)) = events.next() {
        let source = &markdown[range];
        match event {
            Event::Start(Md::Paragraph) => out.start(Tag::Paragraph),
            Event::Start(Md::BlockQuote(_)) => {
                out.quotes += 1;
                out.start(Tag::BlockQuote);
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                out.quotes -= 1;
                out.end();
            }
            Event::Start(Md::List(first)) => out.start(Tag::List(first)),
            Event::Start(Md::Item) => out.start(Tag::Item),
            Event::Start(Md::Emphasis) => out.start(Tag::Emphasis),
            Event::Start(Md::Strong) => out.start(Tag::Strong),
            Event::Start(Md::Strikethrough) => {
                out.strikethroughs += 1;
                if out.strikethroughs == 1 {
                    out.start(Tag::Strikethrough);
                }
            }
            Event::End(TagEnd::Strikethrough) => {
                if out.strikethroughs == 1 {
                    out.end();
                }
                out.strikethroughs -= 1;
            }
            Event::Start(
                Md::Link {
                    link_type,
                    dest_url,
                    ..
                }
                | Md::Image {
                    link_type,
                    dest_url,
                    ..
                },
            ) => out.link(link_type, dest_url),
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if out.links.pop() == Some(true) {
                    out.end();
                }
            }
            // The end of a container kept above.
            Event::End(_) => out.end(),
            Event::Text(text) => out.texts.push(text),
            Event::Code(code) => out.push(Piece::Code(code)),
            Event::SoftBreak => out.push(Piece::SoftBreak),
            Event::HardBreak => out.push(Piece::HardBreak),
            Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_) => out.texts.push(source.into()),
            Event::Html(_) | Event::DisplayMath(_) | Event::Rule => out.as_typed(source),
            // Headings, code blocks, HTML blocks, tables...
            Event::Start(_) => {
                skip_to_end(&mut events);
                out.as_typed(source);
            }
        }
    }
    out.flush();
    out.pieces
}

/// Consumes the events of a block up to its end.
fn skip_to_end(events: &mut OffsetIter<'_>) {
    let mut depth = 1;
    while depth > 0 {
        match events.next() {
            Some((Event::Start(_), _)) => depth += 1,
            Some((Event::End(_), _)) => depth -= 1,
            Some(_) => {}
            None => return,
        }
    }
}

#[derive(Default)]
struct Pieces<'a> {
    pieces: Vec<Piece<'a>>,
    /// The containers open, to close each with its own tag.
    open: Vec<Tag<'a>>,
    /// Block quotes around the current block, whose markers text shown as
    /// typed leaves out.
    quotes: usize,
    /// Strikethroughs open: only the outermost is kept, as `~~~~` at the
    /// start of a line would open a code fence.
    strikethroughs: usize,
    /// Per open link or image, whether it is kept as a link.
    links: Vec<bool>,
    /// Text not written yet: pulldown-cmark splits text at escapes and
    /// entities, and `1` then `. x` must be one text to be escaped as the
    /// start of a line.
    texts: Vec<CowStr<'a>>,
}

impl<'a> Pieces<'a> {
    fn push(&mut self, piece: Piece<'a>) {
        self.flush();
        self.pieces.push(piece);
    }

    fn flush(&mut self) {
        let text = match self.texts.len() {
            0 => return,
            1 => self.texts.remove(0),
            _ => self
                .texts
                .iter()
                .map(|text| &**text)
                .collect::<String>()
                .into(),
        };
        self.texts.clear();
        self.pieces.push(Piece::Text(text));
    }

    fn start(&mut self, tag: Tag<'a>) {
        self.open.push(tag.clone());
        self.push(Piece::Start(tag));
    }

    /// Closes the innermost container; an empty one is dropped (an empty
    /// list item or emphasis could read as a thematic break).
    fn end(&mut self) {
        self.flush();
        let tag = self.open.pop().expect("every end has a start");
        if matches!(self.pieces.last(), Some(Piece::Start(open)) if *open == tag) {
            self.pieces.pop();
        } else {
            self.pieces.push(Piece::End(tag));
        }
    }

    /// A link, or an image as a link to it, kept if its target is safe and
    /// it is not inside another link; its text stays either way.
    fn link(&mut self, link_type: LinkType, url: CowStr<'a>) {
        let url = match link_type {
            LinkType::Email => format!("mailto:{url}").into(),
            _ => url,
        };
        let keep = self.links.is_empty() && links::is_safe(&url);
        self.links.push(keep);
        if keep {
            self.start(Tag::Link(url));
        }
    }

    /// Text shown as the writer typed it: a paragraph per run of lines, each
    /// line a line break, without the markers of the block quotes around it.
    fn as_typed(&mut self, source: &'a str) {
        let mut open = false;
        for (index, line) in source.lines().enumerate() {
            let line = if index == 0 {
                line
            } else {
                without_quote_markers(line, self.quotes)
            }
            .trim();
            if line.is_empty() {
                if open {
                    self.end();
                    open = false;
                }
                continue;
            }
            if open {
                self.push(Piece::HardBreak);
            } else {
                self.start(Tag::Paragraph);
                open = true;
            }
            self.push(Piece::Text(line.into()));
        }
        if open {
            self.end();
        }
    }
}

/// A line inside `quotes` block quotes without their `>` markers (a lazy
/// line may have fewer).
fn without_quote_markers(mut line: &str, quotes: usize) -> &str {
    for _ in 0..quotes {
        match line.trim_start().strip_prefix('>') {
            Some(rest) => line = rest.strip_prefix(' ').unwrap_or(rest),
            None => break,
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|piece| match piece {
                Piece::Text(text) | Piece::Code(text) => text.to_string(),
                Piece::HardBreak => "\n".to_string(),
                _ => String::new(),
            })
            .collect()
    }

    #[test]
    fn formatting_lists_quotes_and_safe_links_are_kept() {
        let pieces = pieces("> - **a** [b](https://x.org) `c`");
        assert_eq!(
            pieces,
            [
                Piece::Start(Tag::BlockQuote),
                Piece::Start(Tag::List(None)),
                Piece::Start(Tag::Item),
                Piece::Start(Tag::Strong),
                Piece::Text("a".into()),
                Piece::End(Tag::Strong),
                Piece::Text(" ".into()),
                Piece::Start(Tag::Link("https://x.org".into())),
                Piece::Text("b".into()),
                Piece::End(Tag::Link("https://x.org".into())),
                Piece::Text(" ".into()),
                Piece::Code("c".into()),
                Piece::End(Tag::Item),
                Piece::End(Tag::List(None)),
                Piece::End(Tag::BlockQuote),
            ]
        );
    }

    #[test]
    fn headings_code_tables_and_html_are_shown_as_typed() {
        let source =
            "## Glossary\n\n> ```mermaid\n> click A\n> ```\n\n| a |\n| - |\n\n<div>x</div>";
        let pieces = pieces(source);
        assert!(
            pieces.iter().all(|piece| matches!(
                piece,
                Piece::Start(Tag::Paragraph | Tag::BlockQuote)
                    | Piece::End(Tag::Paragraph | Tag::BlockQuote)
                    | Piece::Text(_)
                    | Piece::HardBreak
            )),
            "{pieces:?}"
        );
        assert_eq!(
            text(&pieces),
            "## Glossary```mermaid\nclick A\n```| a |\n| - |<div>x</div>"
        );
    }

    #[test]
    fn unsafe_links_keep_their_text_and_images_become_links() {
        let pieces = pieces("[x](javascript:alert(1)) ![map](https://x.org/m.png) <a@x.org>");
        let links: Vec<&Piece> = pieces
            .iter()
            .filter(|piece| matches!(piece, Piece::Start(Tag::Link(_))))
            .collect();
        assert_eq!(
            links,
            [
                &Piece::Start(Tag::Link("https://x.org/m.png".into())),
                &Piece::Start(Tag::Link("mailto:a@x.org".into())),
            ]
        );
        assert_eq!(text(&pieces), "x map a@x.org");
    }

    #[test]
    fn empty_containers_and_nested_strikethrough_are_dropped() {
        assert_eq!(pieces("***![](javascript:x)***"), []);
        let nested = pieces("~~a ~~b~~ c~~");
        let strikes = nested
            .iter()
            .filter(|piece| **piece == Piece::Start(Tag::Strikethrough))
            .count();
        assert!(strikes <= 1, "{nested:?}");
    }

    #[test]
    fn text_nested_too_deep_is_shown_as_typed() {
        let deep = format!("{}x\n\ny", "> ".repeat(MARKDOWN_DEPTH + 1));
        assert_eq!(
            pieces(&deep),
            [
                Piece::Start(Tag::Paragraph),
                Piece::Text(deep.lines().next().unwrap().trim().into()),
                Piece::End(Tag::Paragraph),
                Piece::Start(Tag::Paragraph),
                Piece::Text("y".into()),
                Piece::End(Tag::Paragraph),
            ]
        );
    }
}
