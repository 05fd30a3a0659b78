//! SOP text as Markdown, for the Markdown handbook. Every piece of text is
//! escaped ([`escape_markdown_into`]), code spans are fenced with more
//! backticks than they hold, and every line starts with the markers of the
//! containers it is in, so the only structure in the output is that of the
//! pieces. Emphasis and link delimiters, spaces and line breaks are written
//! only next to visible text, so no line can start with `* ` or be a `***`
//! rule, whatever was dropped around them.

use super::pieces::{Piece, Tag};
use crate::handbook::text::{escape_markdown_into, safe_url};

/// Where the text lands in a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// At the top level of the page (purpose, scope, steps).
    Page,
    /// In a list item (details, roles, terms, definitions): lines after the
    /// first are indented two spaces, so they stay in the item.
    Item,
}

/// The pieces as Markdown. Text that starts with a list or a quote starts on
/// a line of its own, so the label before it stays a paragraph.
pub fn markdown(pieces: &[Piece], layout: Layout) -> String {
    let (prefix, lead) = match layout {
        Layout::Page => ("", Gap::Blank),
        Layout::Item => ("  ", Gap::Line),
    };
    let mut writer = Writer {
        out: String::new(),
        prefix: prefix.to_string(),
        containers: Vec::new(),
        lists: Vec::new(),
        delimiters: Vec::new(),
        written: 0,
        gap: lead,
        started: false,
        inline: false,
        space: false,
        line_break: false,
        line_start: true,
    };
    for piece in pieces {
        writer.piece(piece);
    }
    writer.out
}

/// What separates a block from the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    None,
    Line,
    Blank,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Quote,
    Item,
}

struct List {
    /// The number of the next item, in an ordered list.
    next: Option<u64>,
    /// Items with paragraphs are separated by blank lines.
    loose: bool,
}

struct Writer {
    out: String,
    /// What starts each line: the layout's indent, then `> ` per quote and
    /// the width of its marker per list item.
    prefix: String,
    /// The open containers, with the length of `prefix` outside each.
    containers: Vec<(Container, usize)>,
    lists: Vec<List>,
    /// The opening delimiters of the open emphasis, strong, strikethrough
    /// and links. They are written once visible text comes, so an empty
    /// one is never written.
    delimiters: Vec<&'static str>,
    /// How many of `delimiters`, from the outermost, are written.
    written: usize,
    /// Owed before the next block; before the first, only a list or quote
    /// gets it.
    gap: Gap,
    started: bool,
    /// A line of inline content is open (a paragraph, or a tight list item).
    inline: bool,
    /// A space or a line break is owed before the next visible text.
    space: bool,
    line_break: bool,
    /// Nothing but container markers is on the current line yet.
    line_start: bool,
}

impl Writer {
    fn piece(&mut self, piece: &Piece) {
        match piece {
            Piece::Start(Tag::Paragraph) => {
                self.end_inline(Gap::Blank);
                if let (Some((Container::Item, _)), Some(list)) =
                    (self.containers.last(), self.lists.last_mut())
                {
                    list.loose = true;
                }
                self.open_line(false);
                self.inline = true;
            }
            Piece::End(Tag::Paragraph) => self.end_block(Gap::Blank),
            Piece::Start(Tag::BlockQuote) => {
                self.end_inline(Gap::Line);
                self.open_line(true);
                self.out.push_str("> ");
                self.enter(Container::Quote, "> ");
            }
            Piece::End(Tag::BlockQuote) => {
                self.end_block(Gap::Blank);
                self.leave();
            }
            Piece::Start(Tag::List(first)) => {
                // An ordered list from another number than 1 cannot
                // interrupt a paragraph: it needs a blank line.
                let gap = if first.is_some_and(|first| first != 1) {
                    Gap::Blank
                } else {
                    Gap::Line
                };
                self.end_inline(gap);
                self.lists.push(List {
                    next: *first,
                    loose: false,
                });
            }
            Piece::End(Tag::List(_)) => {
                self.lists.pop();
                self.gap = Gap::Blank;
            }
            Piece::Start(Tag::Item) => {
                self.open_line(true);
                let marker = match self.lists.last_mut().and_then(|list| list.next.as_mut()) {
                    Some(number) => {
                        *number += 1;
                        format!("{}. ", *number - 1)
                    }
                    None => "- ".to_string(),
                };
                self.out.push_str(&marker);
                self.enter(Container::Item, &" ".repeat(marker.len()));
            }
            Piece::End(Tag::Item) => {
                let loose = self.lists.last().is_some_and(|list| list.loose);
                self.end_block(if loose { Gap::Blank } else { Gap::Line });
                self.leave();
            }
            Piece::Start(Tag::Emphasis) => self.open("*"),
            Piece::Start(Tag::Strong) => self.open("**"),
            Piece::Start(Tag::Strikethrough) => self.open("~~"),
            Piece::Start(Tag::Link(_)) => self.open("["),
            Piece::End(Tag::Emphasis) => self.close("*"),
            Piece::End(Tag::Strong) => self.close("**"),
            Piece::End(Tag::Strikethrough) => self.close("~~"),
            Piece::End(Tag::Link(url)) => {
                // In `<...>` a target may hold parentheses; entities in it
                // would be decoded, so `&` is written as one.
                let target = safe_url(url).replace('&', "&amp;");
                self.close(&format!("](<{target}>)"));
            }
            Piece::Text(text) => self.text(text),
            Piece::Code(code) => self.code(code),
            Piece::SoftBreak => self.space = true,
            Piece::HardBreak => self.line_break = true,
        }
    }

    fn enter(&mut self, container: Container, marker: &str) {
        self.containers.push((container, self.prefix.len()));
        self.prefix.push_str(marker);
    }

    fn leave(&mut self) {
        if let Some((_, outside)) = self.containers.pop() {
            self.prefix.truncate(outside);
        }
    }

    /// Starts the line of a block, after the gap owed.
    fn open_line(&mut self, container: bool) {
        let gap = if self.started || container {
            self.gap
        } else {
            Gap::None
        };
        self.started = true;
        match gap {
            Gap::None => {}
            Gap::Line => self.new_line(),
            Gap::Blank => {
                self.out.push('\n');
                self.out.push_str(self.prefix.trim_end());
                self.new_line();
            }
        }
        self.gap = Gap::None;
        self.line_start = true;
    }

    fn new_line(&mut self) {
        self.out.push('\n');
        self.out.push_str(&self.prefix);
        self.line_start = true;
    }

    /// Ends the inline content of a tight list item before a block in it.
    fn end_inline(&mut self, gap: Gap) {
        if self.inline {
            self.end_block(gap.max(self.gap));
        }
    }

    fn end_block(&mut self, gap: Gap) {
        self.inline = false;
        self.space = false;
        self.line_break = false;
        self.gap = gap;
    }

    fn open(&mut self, open: &'static str) {
        self.delimiters.push(open);
    }

    fn close(&mut self, close: &str) {
        self.delimiters.pop();
        if self.written > self.delimiters.len() {
            self.written = self.delimiters.len();
            self.out.push_str(close);
            self.line_start = false;
        }
    }

    /// Writes what visible text needs before it: its line (in a tight list
    /// item), the space or line break owed, the delimiters opened since.
    fn before_text(&mut self) {
        if !self.inline {
            self.open_line(false);
            self.inline = true;
        }
        if !self.line_start {
            if self.line_break {
                self.out.push('\\');
                self.new_line();
            } else if self.space {
                self.out.push(' ');
            }
        }
        self.line_break = false;
        self.space = false;
        for open in &self.delimiters[self.written..] {
            self.out.push_str(open);
            self.line_start = false;
        }
        self.written = self.delimiters.len();
    }

    fn text(&mut self, text: &str) {
        let blank = |c: char| c.is_whitespace() || c.is_control();
        let visible = text.trim_matches(blank);
        if visible.is_empty() {
            self.space |= text.contains(char::is_whitespace);
            return;
        }
        self.space |= text.starts_with(blank);
        self.before_text();
        escape_markdown_into(&mut self.out, visible, self.line_start);
        self.line_start = false;
        self.space = text.ends_with(blank);
    }

    /// A code span, fenced with one backtick more than its longest run.
    fn code(&mut self, code: &str) {
        self.before_text();
        let code = code.replace(['\n', '\r'], " ");
        let mut longest = 0;
        let mut run = 0;
        for c in code.chars() {
            run = if c == '`' { run + 1 } else { 0 };
            longest = longest.max(run);
        }
        let fence = "`".repeat(longest + 1);
        // One space inside each fence is stripped when both are there.
        let pad = code.starts_with('`')
            || code.ends_with('`')
            || (code.starts_with(' ') && code.ends_with(' ') && !code.trim().is_empty());
        let pad = if pad { " " } else { "" };
        self.out
            .push_str(&format!("{fence}{pad}{code}{pad}{fence}"));
        self.line_start = false;
    }
}

#[cfg(test)]
mod tests {
    use super::super::pieces::pieces;
    use super::*;

    fn page(markdown: &str) -> String {
        super::markdown(&pieces(markdown), Layout::Page)
    }

    fn item(markdown: &str) -> String {
        super::markdown(&pieces(markdown), Layout::Item)
    }

    #[test]
    fn formatting_lists_and_quotes_are_written_back() {
        assert_eq!(
            page("**Call** the *customer*, ~~not~~ `now`.\n\nThen:"),
            "**Call** the *customer*, ~~not~~ `now`.\n\nThen:"
        );
        assert_eq!(page("- a\n- b\n  1. c"), "\n\n- a\n- b\n  1. c");
        assert_eq!(item("x\n\n> y\n>\n> z"), "x\n\n  > y\n  >\n  > z");
        assert_eq!(page("3. a\n\n   b\n4. c"), "\n\n3. a\n\n   b\n\n4. c");
        assert_eq!(item("a  \nb"), "a\\\n  b");
    }

    #[test]
    fn text_and_code_cannot_make_structure() {
        assert_eq!(
            page("\\# x \\- y <b> [z] &amp; ![i] a|b"),
            r"\# x - y &lt;b&gt; \[z\] &amp; \!\[i\] a\|b"
        );
        assert_eq!(page("\\- a\\\n1\\. b"), "\\- a\\\n1\\. b");
        assert_eq!(page("``` a`` ```"), "``` a`` ```");
        assert_eq!(page("`` `x` ``"), "`` `x` ``");
        assert_eq!(
            page("[a](https://x.org/(b)&c=1 \"t\")"),
            "[a](<https://x.org/(b)&amp;c=1>)"
        );
    }

    #[test]
    fn nothing_but_visible_text_opens_a_line() {
        // The link is dropped, so nothing is left inside the emphasis.
        assert_eq!(page("***[](javascript:x)\nb***"), "***b***");
        assert_eq!(page("*[](javascript:x) b*"), "*b*");
        assert_eq!(page("a\\\n*[](javascript:x)*\\\nb"), "a\\\nb");
    }
}
