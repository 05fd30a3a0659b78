//! SOP text (the Markdown of SOP fields) in both handbooks. SOP files are
//! untrusted (anyone can open a pull request) and the structure of a
//! handbook is `sop`'s own: its sections, flowcharts and tables. So SOP text
//! is parsed on its own, reduced to what a procedure's text needs, and each
//! handbook is written from that, the same in both:
//!
//! - **Kept**: paragraphs, emphasis, strong, strikethrough, inline code,
//!   line breaks, lists and block quotes, and links to `http`, `https`,
//!   `mailto` or relative targets ([`links::SCHEMES`]) of at most
//!   [`links::MAX_TARGET`] bytes.
//! - **A link to anything else** (`javascript:`, `data:`, `tel:`...) keeps
//!   its text and loses the link. **An image** becomes a link to it, so no
//!   picture loads from SOP text.
//! - **Shown as typed**, as lines of text: headings, code blocks, tables,
//!   thematic breaks and raw HTML. An SOP cannot add a section, a Mermaid
//!   chart or a table to a handbook, nor end one of `sop`'s: a writer who
//!   types `## Notes` or a fence sees it as written.
//! - **Nested deeper than [`MARKDOWN_DEPTH`]** (the `limit-exceeded` rule
//!   says so): the whole text is shown as typed, so neither pulldown-cmark
//!   nor ammonia ever sees deep nesting.
//!
//! In the Markdown handbook every piece of text is escaped, so none of it
//! can be read as structure there either ([`markdown`]).
//!
//! [`MARKDOWN_DEPTH`]: crate::limits::MARKDOWN_DEPTH

use serde::Serialize;

mod html;
mod links;
mod markdown;
mod pieces;
mod plain;
mod unbroken;

use markdown::Layout;

/// An SOP field ready for either handbook.
#[derive(Serialize)]
pub struct Rich {
    /// Clean HTML (use with `| safe`).
    pub html: String,
    /// Markdown that holds no structure but its own.
    pub md: String,
}

impl Rich {
    /// A field of paragraphs at the top level of a page (purpose, scope).
    pub fn block(markdown: &str) -> Rich {
        let pieces = pieces::pieces(markdown);
        Rich {
            html: html::html(&pieces),
            md: markdown::markdown(&pieces, Layout::Page),
        }
    }

    /// A field of one line, most often, in a list item (a detail, a role,
    /// a definition): one paragraph is inline HTML, and Markdown on more
    /// lines stays in the item.
    pub fn inline(markdown: &str) -> Rich {
        Rich::new(markdown, Layout::Item)
    }

    /// A step's text: a line at the top level of the page, under the step's
    /// heading, and inline HTML if it is one paragraph.
    pub fn step(markdown: &str) -> Rich {
        Rich::new(markdown, Layout::Page)
    }

    fn new(markdown: &str, layout: Layout) -> Rich {
        let pieces = pieces::pieces(markdown);
        Rich {
            html: html::inline_html(&pieces),
            md: markdown::markdown(&pieces, layout),
        }
    }
}
