//! Where the comments of a YAML text are. The parser drops comments, so
//! they are found between its scalars: a `#` at the start of a line or after
//! a space or tab is a comment unless it lies inside a scalar (a quoted
//! string, the content of a `|` or `>` block, a plain scalar such as `a#b`,
//! over one line or several).

use saphyr_parser::Parser;

use super::builder::CharOffsets;
use super::{ByteSpan, Node, Value};

/// The scalars and comments of a YAML text, each in text order.
#[derive(Debug, Default)]
pub struct Layout {
    /// Every scalar (keys and values), as the parser read it.
    pub scalars: Vec<ByteSpan>,
    /// Every comment, from its `#` to the end of its line (line break and a
    /// carriage return before it excluded).
    pub comments: Vec<ByteSpan>,
}

impl Layout {
    /// The layout of `text`. Past a syntax error nothing is known for sure,
    /// so only the comments before it are found.
    pub fn of(text: &str) -> Layout {
        let offsets = CharOffsets::new(text);
        let mut scalars = Vec::new();
        let mut read_to = text.len();
        for event in Parser::new_from_str(text) {
            match event {
                Ok((saphyr_parser::Event::Scalar(..), span)) => {
                    scalars.push(offsets.span(&span));
                }
                Ok(_) => {}
                Err(error) => {
                    read_to = offsets.byte(error.marker().index());
                    break;
                }
            }
        }
        let comments = comments_between(text, &scalars, read_to);
        Layout { scalars, comments }
    }

    /// The layout of `text`, whose tree is `root` (the whole tree, as
    /// [`super::parse`] read it): its scalars are known without a second
    /// parse. A complex key (`? [a, b]`) counts as one scalar, since its
    /// inner scalars are not kept: a `#` inside it is never taken for a
    /// comment.
    pub fn of_tree(text: &str, root: &Node) -> Layout {
        let mut scalars = Vec::new();
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            match &node.value {
                Value::Seq(items) => stack.extend(items),
                Value::Map(map) => {
                    scalars.extend(&map.complex_keys);
                    for entry in map.iter() {
                        scalars.push(entry.key_span);
                        stack.push(&entry.value);
                    }
                }
                _ => scalars.push(node.span),
            }
        }
        // Aliases repeat the spans of their anchors.
        scalars.sort_unstable();
        scalars.dedup();
        let comments = comments_between(text, &scalars, text.len());
        Layout { scalars, comments }
    }

    /// Whether a comment starts at `offset`.
    pub fn is_comment_start(&self, offset: usize) -> bool {
        self.comments
            .binary_search_by_key(&offset, |comment| comment.start)
            .is_ok()
    }
}

/// The comments of `text[..read_to]` outside `scalars` (in text order): one
/// pass over the text and the scalars together.
fn comments_between(text: &str, scalars: &[ByteSpan], read_to: usize) -> Vec<ByteSpan> {
    let bytes = text.as_bytes();
    let mut comments = Vec::new();
    let mut scalars = scalars.iter().peekable();
    let mut at = 0;
    while let Some(found) = text[at..read_to].find('#') {
        let hash = at + found;
        while scalars.next_if(|scalar| scalar.end <= hash).is_some() {}
        let in_scalar = scalars
            .peek()
            .is_some_and(|scalar| scalar.start <= hash && hash < scalar.end);
        let after_space = hash == 0 || matches!(bytes[hash - 1], b' ' | b'\t' | b'\n' | b'\r');
        if in_scalar || !after_space {
            at = hash + 1;
            continue;
        }
        let line_end = text[hash..].find('\n').map_or(text.len(), |end| hash + end);
        let end = if bytes[..line_end].ends_with(b"\r") {
            line_end - 1
        } else {
            line_end
        };
        comments.push(ByteSpan { start: hash, end });
        at = line_end;
    }
    comments
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comments(text: &str) -> Vec<&str> {
        Layout::of(text)
            .comments
            .iter()
            .map(|span| &text[span.start..span.end])
            .collect()
    }

    #[test]
    fn comments_outside_scalars_only() {
        let text = "# top\na: |\n  text\n  # in a block\nb: plain a#b # real\nc: \"multi\n  # quoted\"\nd: multi\n  line # after\ne: >-\n  folded\n\n  # still text\nf: [x, # flow\n  y]\ng: 'q # no'\r\n--- # a marker line\n";
        assert_eq!(
            comments(text),
            ["# top", "# real", "# after", "# flow", "# a marker line"]
        );
    }

    #[test]
    fn the_tree_gives_the_comments_the_parser_gives() {
        let text = "# top\na: &x |\n  # text\nb: *x # after an alias\n? [c, \"# d\"]\n: e # real\nf: [\"# g\", h] # flow\n";
        let root = super::super::parse(text).unwrap().unwrap();
        let of_tree = Layout::of_tree(text, &root).comments;
        assert_eq!(of_tree, Layout::of(text).comments);
        assert_eq!(of_tree.len(), 4);
    }

    #[test]
    fn a_block_scalar_whose_first_line_is_a_hash_is_text() {
        assert_eq!(
            comments("a: | # header\n  # text\nb: 1 #x\n"),
            ["# header", "#x"]
        );
    }

    #[test]
    fn nothing_past_a_syntax_error() {
        assert_eq!(
            comments("a: 1 # one\nb: [ # two\n: : :\n# three\n"),
            ["# one", "# two"]
        );
    }
}
