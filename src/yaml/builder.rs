//! The tree builder: turns the parser's events into [`Node`]s, within the
//! limits of nesting and alias expansion.

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Span};

use super::scalar::resolve_scalar;
use super::{
    ByteSpan, Entry, MAX_DEPTH, MAX_EXPANDED_BYTES, MAX_NODES, Mapping, Node, SyntaxError, Value,
};

/// Converts the parser's character indexes to byte offsets.
pub(super) struct CharOffsets {
    /// For each character of more than one byte: its index, and how many
    /// bytes more than one character each the characters up to it and it
    /// take. Empty when the text is ASCII; short in text that is mostly.
    wide: Vec<(usize, usize)>,
    /// How many characters the text has.
    chars: usize,
    len: usize,
}

impl CharOffsets {
    pub(super) fn new(text: &str) -> Self {
        let mut wide = Vec::new();
        let mut chars = text.len();
        if !text.is_ascii() {
            let mut extra = 0;
            chars = 0;
            for c in text.chars() {
                if !c.is_ascii() {
                    extra += c.len_utf8() - 1;
                    wide.push((chars, extra));
                }
                chars += 1;
            }
        }
        CharOffsets {
            wide,
            chars,
            len: text.len(),
        }
    }

    /// The byte offset of the character `char_index`; the text's length
    /// past its last character.
    pub(super) fn byte(&self, char_index: usize) -> usize {
        if char_index >= self.chars {
            return self.len;
        }
        // The wide characters before this one make it start further on.
        let before = self.wide.partition_point(|&(index, _)| index < char_index);
        let extra = before.checked_sub(1).map_or(0, |last| self.wide[last].1);
        char_index + extra
    }

    pub(super) fn span(&self, span: &Span) -> ByteSpan {
        ByteSpan {
            start: self.byte(span.start.index()),
            end: self.byte(span.end.index()),
        }
    }
}

/// How much a node holds once its aliases are expanded.
#[derive(Debug, Clone, Copy, Default)]
struct Size {
    nodes: usize,
    /// Bytes of scalar text, keys and values.
    bytes: usize,
}

impl std::ops::Sub for Size {
    type Output = Size;

    fn sub(self, before: Size) -> Size {
        Size {
            nodes: self.nodes - before.nodes,
            bytes: self.bytes - before.bytes,
        }
    }
}

/// An anchored node, kept for its aliases with its size, so an alias is
/// checked against the limits before it is copied and without a walk.
struct Anchored {
    node: Node,
    size: Size,
}

/// A collection being read: its start and the children so far.
enum Open {
    Seq {
        start: usize,
        anchor: usize,
        /// What the document held before this collection.
        before: Size,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        anchor: usize,
        before: Size,
        entries: Vec<Entry>,
        complex_keys: Vec<ByteSpan>,
        /// The keys of `entries` once there are [`SCAN_MOST`] of them, to
        /// find a repeated key at once; empty before (a scan is cheaper).
        keys: HashSet<String>,
        pending_key: Option<Key>,
    },
}

/// Most entries of a mapping searched one by one for a repeated key; a
/// larger mapping has a set of its keys.
const SCAN_MOST: usize = 16;

/// Whether `key` is one of the keys read so far: those of `entries`, also
/// in `keys` once there are [`SCAN_MOST`] of them. Adds it to `keys` then.
fn is_repeated(key: &str, entries: &[Entry], keys: &mut HashSet<String>) -> bool {
    if entries.len() < SCAN_MOST {
        return entries.iter().any(|entry| entry.key == key);
    }
    if keys.is_empty() {
        keys.extend(entries.iter().map(|entry| entry.key.clone()));
    }
    !keys.insert(key.to_string())
}

/// A key read, waiting for its value.
enum Key {
    Text(String, ByteSpan),
    /// A list or a mapping: valid YAML, kept apart (see [`Mapping`]).
    Complex(ByteSpan),
}

pub(super) struct Builder<'a> {
    offsets: &'a CharOffsets,
    /// The source, to say on which line a repeated key first stands.
    text: &'a str,
    stack: Vec<Open>,
    /// Anchored nodes by anchor id; the parser gives every anchor its own id.
    anchors: HashMap<usize, Anchored>,
    /// What the document holds so far, alias expansions and anchor copies included.
    held: Size,
    pub(super) root: Option<Node>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(text: &'a str, offsets: &'a CharOffsets) -> Self {
        Builder {
            offsets,
            text,
            stack: Vec::new(),
            anchors: HashMap::new(),
            held: Size::default(),
            root: None,
        }
    }

    pub(super) fn push(&mut self, event: Event<'_>, span: Span) -> Result<(), SyntaxError> {
        let at = self.offsets.span(&span);
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let size = Size {
                    nodes: 1,
                    bytes: text.len(),
                };
                self.hold(size, at.start)?;
                let value = resolve_scalar(text, style, tag.as_deref());
                let node = Node { value, span: at };
                self.anchor(anchor, &node, size)?;
                self.add(node)?;
            }
            Event::SequenceStart(anchor, _) => {
                let before = self.open(at)?;
                self.stack.push(Open::Seq {
                    start: at.start,
                    anchor,
                    before,
                    items: Vec::new(),
                });
            }
            Event::MappingStart(anchor, _) => {
                let before = self.open(at)?;
                self.stack.push(Open::Map {
                    start: at.start,
                    anchor,
                    before,
                    entries: Vec::new(),
                    complex_keys: Vec::new(),
                    keys: HashSet::new(),
                    pending_key: None,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, start, anchor, before) = match self.stack.pop() {
                    Some(Open::Seq {
                        start,
                        anchor,
                        before,
                        items,
                    }) => (Value::Seq(items), start, anchor, before),
                    Some(Open::Map {
                        start,
                        anchor,
                        before,
                        entries,
                        complex_keys,
                        ..
                    }) => {
                        let map = Mapping {
                            entries,
                            complex_keys,
                        };
                        (Value::Map(map), start, anchor, before)
                    }
                    None => return Ok(()),
                };
                let node = Node {
                    value,
                    span: ByteSpan { start, end: at.end },
                };
                self.anchor(anchor, &node, self.held - before)?;
                self.add(node)?;
            }
            Event::Alias(id) => {
                let anchored = self
                    .anchors
                    .get(&id)
                    .ok_or_else(|| SyntaxError::new(at.start, "this alias names no anchor"))?;
                let size = anchored.size;
                self.hold(size, at.start)?;
                let mut node = self.anchors[&id].node.clone();
                if self.expects_key() {
                    // A key is reported where it is used, not at its anchor.
                    node.span = at;
                }
                self.add(node)?;
            }
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd => {}
        }
        Ok(())
    }

    /// Checks the depth and counts the collection opening at `at`; returns
    /// what the document held before it.
    fn open(&mut self, at: ByteSpan) -> Result<Size, SyntaxError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(SyntaxError::new(
                at.start,
                format!("nesting deeper than {MAX_DEPTH} levels"),
            ));
        }
        let before = self.held;
        self.hold(Size { nodes: 1, bytes: 0 }, at.start)?;
        Ok(before)
    }

    /// Adds `size` to what the document holds, refused past the limits.
    fn hold(&mut self, size: Size, offset: usize) -> Result<(), SyntaxError> {
        self.held.nodes += size.nodes;
        self.held.bytes += size.bytes;
        if self.held.nodes > MAX_NODES {
            return Err(SyntaxError::new(
                offset,
                format!("the document expands to more than {MAX_NODES} nodes (aliases included)"),
            ));
        }
        if self.held.bytes > MAX_EXPANDED_BYTES {
            let message = format!(
                "the document expands to more than {} MiB of text (aliases included)",
                MAX_EXPANDED_BYTES >> 20
            );
            return Err(SyntaxError::new(offset, message).with_help(
                "an alias repeats all the text of its anchor: write long text once, in one place",
            ));
        }
        Ok(())
    }

    /// Keeps a copy of an anchored node for its aliases; the copy counts
    /// against the limits too, so nested anchors cannot multiply memory.
    fn anchor(&mut self, anchor: usize, node: &Node, size: Size) -> Result<(), SyntaxError> {
        if anchor != 0 {
            self.hold(size, node.span.start)?;
            let node = node.clone();
            self.anchors.insert(anchor, Anchored { node, size });
        }
        Ok(())
    }

    /// Whether the next node read is a key of the mapping being read.
    fn expects_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Open::Map {
                pending_key: None,
                ..
            })
        )
    }

    fn add(&mut self, node: Node) -> Result<(), SyntaxError> {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Open::Seq { items, .. }) => items.push(node),
            Some(Open::Map {
                entries,
                complex_keys,
                keys,
                pending_key,
                ..
            }) => match pending_key.take() {
                None => {
                    let span = node.span;
                    let key = match node.value {
                        Value::String(text, _) => text,
                        Value::Null => String::new(),
                        Value::Bool(b) => b.to_string(),
                        Value::Int(i) => i.to_string(),
                        Value::Float(f) => f.to_string(),
                        Value::Seq(_) | Value::Map(_) => {
                            *pending_key = Some(Key::Complex(span));
                            return Ok(());
                        }
                    };
                    // The pending key is always pushed to `entries` next, so
                    // `entries` (and `keys`, once filled) hold exactly the
                    // keys read so far.
                    if is_repeated(&key, entries, keys) {
                        let error = SyntaxError::new(
                            span.start,
                            format!("the key `{key}` appears twice in this mapping"),
                        );
                        // Read once, on the error: the search costs nothing before.
                        let first = entries.iter().find(|entry| entry.key == key);
                        return Err(match first {
                            Some(entry) => {
                                let line =
                                    self.text[..entry.key_span.start].matches('\n').count() + 1;
                                error.with_help(format!(
                                    "the first `{key}` is on line {line}: keep one of the two"
                                ))
                            }
                            None => error,
                        });
                    }
                    *pending_key = Some(Key::Text(key, span));
                }
                Some(Key::Text(key, key_span)) => entries.push(Entry {
                    key,
                    key_span,
                    value: node,
                }),
                Some(Key::Complex(key_span)) => complex_keys.push(key_span),
            },
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::CharOffsets;

    #[test]
    fn character_indexes_map_to_the_byte_offsets_of_their_characters() {
        for text in ["", "ascii only", "é", "aé€😀b", "Café crème\n😀😀 x", "€"] {
            let offsets = CharOffsets::new(text);
            let starts: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
            for (index, &start) in starts.iter().enumerate() {
                assert_eq!(offsets.byte(index), start, "{text:?} at {index}");
            }
            for past in starts.len()..starts.len() + 3 {
                assert_eq!(offsets.byte(past), text.len(), "{text:?} at {past}");
            }
        }
    }
}
