//! The tree builder: turns the parser's events into [`Node`]s, within the
//! limits of nesting and alias expansion.

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Span};

use super::scalar::resolve_scalar;
use super::{ByteSpan, Entry, MAX_DEPTH, MAX_NODES, Node, SyntaxError, Value};

/// Converts the parser's character indexes to byte offsets.
pub(super) struct CharOffsets {
    /// Byte offset of each character; empty when the text is ASCII.
    bytes: Vec<usize>,
    len: usize,
}

impl CharOffsets {
    pub(super) fn new(text: &str) -> Self {
        let bytes = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices().map(|(offset, _)| offset).collect()
        };
        CharOffsets {
            bytes,
            len: text.len(),
        }
    }

    pub(super) fn byte(&self, char_index: usize) -> usize {
        if self.bytes.is_empty() {
            char_index.min(self.len)
        } else {
            self.bytes.get(char_index).copied().unwrap_or(self.len)
        }
    }

    fn span(&self, span: &Span) -> ByteSpan {
        ByteSpan {
            start: self.byte(span.start.index()),
            end: self.byte(span.end.index()),
        }
    }
}

/// A collection being read: its start and the children so far.
enum Open {
    Seq {
        start: usize,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        anchor: usize,
        entries: Vec<Entry>,
        /// The keys of `entries` (and of the pending key), to find a repeated key at once.
        keys: HashSet<String>,
        pending_key: Option<(String, ByteSpan)>,
    },
}

pub(super) struct Builder<'a> {
    offsets: &'a CharOffsets,
    stack: Vec<Open>,
    /// Anchored nodes by anchor id; the parser gives every anchor its own id.
    anchors: HashMap<usize, Node>,
    nodes: usize,
    pub(super) root: Option<Node>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(offsets: &'a CharOffsets) -> Self {
        Builder {
            offsets,
            stack: Vec::new(),
            anchors: HashMap::new(),
            nodes: 0,
            root: None,
        }
    }

    pub(super) fn push(&mut self, event: Event<'_>, span: Span) -> Result<(), SyntaxError> {
        let at = self.offsets.span(&span);
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let value = resolve_scalar(text, style, tag.as_deref());
                self.add(Node { value, span: at }, anchor)?;
            }
            Event::SequenceStart(anchor, _) => {
                self.open(at)?;
                self.stack.push(Open::Seq {
                    start: at.start,
                    anchor,
                    items: Vec::new(),
                });
            }
            Event::MappingStart(anchor, _) => {
                self.open(at)?;
                self.stack.push(Open::Map {
                    start: at.start,
                    anchor,
                    entries: Vec::new(),
                    keys: HashSet::new(),
                    pending_key: None,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, start, anchor) = match self.stack.pop() {
                    Some(Open::Seq {
                        start,
                        anchor,
                        items,
                    }) => (Value::Seq(items), start, anchor),
                    Some(Open::Map {
                        start,
                        anchor,
                        entries,
                        ..
                    }) => (Value::Map(entries), start, anchor),
                    None => return Ok(()),
                };
                let span = ByteSpan { start, end: at.end };
                self.add(Node { value, span }, anchor)?;
            }
            Event::Alias(id) => {
                let node = self.anchors.get(&id).cloned().ok_or_else(|| SyntaxError {
                    offset: at.start,
                    message: "this alias names no anchor".into(),
                })?;
                self.count(count_nodes(&node), at.start)?;
                self.add_resolved(node)?;
            }
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd => {}
        }
        Ok(())
    }

    fn open(&mut self, at: ByteSpan) -> Result<(), SyntaxError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(SyntaxError {
                offset: at.start,
                message: format!("nesting deeper than {MAX_DEPTH} levels"),
            });
        }
        Ok(())
    }

    fn count(&mut self, nodes: usize, offset: usize) -> Result<(), SyntaxError> {
        self.nodes += nodes;
        if self.nodes > MAX_NODES {
            return Err(SyntaxError {
                offset,
                message: format!(
                    "the document expands to more than {MAX_NODES} nodes (aliases included)"
                ),
            });
        }
        Ok(())
    }

    fn add(&mut self, node: Node, anchor: usize) -> Result<(), SyntaxError> {
        self.count(1, node.span.start)?;
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        self.add_resolved(node)
    }

    fn add_resolved(&mut self, node: Node) -> Result<(), SyntaxError> {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Open::Seq { items, .. }) => items.push(node),
            Some(Open::Map {
                entries,
                keys,
                pending_key,
                ..
            }) => match pending_key.take() {
                None => {
                    let key = match &node.value {
                        Value::String(text, _) => text.clone(),
                        Value::Null => String::new(),
                        Value::Bool(b) => b.to_string(),
                        Value::Int(i) => i.to_string(),
                        Value::Float(f) => f.to_string(),
                        Value::Seq(_) | Value::Map(_) => {
                            return Err(SyntaxError {
                                offset: node.span.start,
                                message: "a key must be plain text, not a list or a mapping".into(),
                            });
                        }
                    };
                    // The pending key is always pushed to `entries` next, so
                    // `keys` holds exactly the keys read so far.
                    if !keys.insert(key.clone()) {
                        return Err(SyntaxError {
                            offset: node.span.start,
                            message: format!("the key `{key}` appears twice in this mapping"),
                        });
                    }
                    *pending_key = Some((key, node.span));
                }
                Some((key, key_span)) => entries.push(Entry {
                    key,
                    key_span,
                    value: node,
                }),
            },
        }
        Ok(())
    }
}

fn count_nodes(node: &Node) -> usize {
    let mut count = 0;
    let mut pending = vec![node];
    while let Some(node) = pending.pop() {
        count += 1;
        match &node.value {
            Value::Seq(items) => pending.extend(items),
            Value::Map(entries) => pending.extend(entries.iter().map(|entry| &entry.value)),
            _ => {}
        }
    }
    count
}
