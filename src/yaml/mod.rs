//! A YAML 1.2 reader that keeps the source position of every node.
//!
//! SOP findings must point at the exact line and column of the node they are
//! about, which the serde-based YAML crates cannot do. We read the event stream
//! of `saphyr-parser` (a state machine: no recursion, so hostile nesting cannot
//! overflow the stack) into a small tree of [`Node`]s, guarded by limits on
//! nesting depth and on what alias expansion makes of the document, in nodes
//! and in bytes of text. Characters YAML forbids are refused before parsing.

use saphyr_parser::{Event, Parser};

mod builder;
mod chars;
mod comments;
mod explain;
mod scalar;

use builder::{Builder, CharOffsets};
pub use comments::Layout;
pub use explain::quoted;

/// Deepest nesting accepted; an SOP needs about six levels.
pub const MAX_DEPTH: usize = 64;
/// Most nodes one document may hold, counting every alias expansion.
pub const MAX_NODES: usize = 250_000;
/// Most bytes of scalar text (keys and values) one document may hold,
/// counting every alias expansion and the copy of each anchored node kept
/// for its aliases: twice the 8 MiB file cap. A node count alone does not
/// bound memory, since one alias of a long string is one node.
pub const MAX_EXPANDED_BYTES: usize = 16 * 1024 * 1024;

/// A byte range in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ByteSpan {
    pub start: usize,
    pub end: usize,
}

/// How a scalar was written, which decides how its text maps to the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// One YAML node with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: ByteSpan,
}

/// The value of a node, resolved with the YAML 1.2 core schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String, Style),
    Seq(Vec<Node>),
    Map(Mapping),
}

/// The entries of a mapping. A key that is a list or a mapping is valid YAML
/// but never an SOP field: its entry is kept apart, as the span of its key,
/// so that code reading fields meets text keys only, no complex key can
/// collide with a text key, and the schema rule can still report it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mapping {
    pub entries: Vec<Entry>,
    /// Where each key that is a list or a mapping is; their values are dropped.
    pub complex_keys: Vec<ByteSpan>,
}

impl Mapping {
    /// The entries with text keys, in document order.
    pub fn iter(&self) -> std::slice::Iter<'_, Entry> {
        self.entries.iter()
    }
}

/// A key/value pair of a mapping; keys are kept as text with their own span.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: ByteSpan,
    pub value: Node,
}

/// Why a file could not be read as one YAML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
    /// How to fix it, when the message alone does not say.
    pub help: Option<String>,
}

impl SyntaxError {
    fn new(offset: usize, message: impl Into<String>) -> Self {
        SyntaxError {
            offset,
            message: message.into(),
            help: None,
        }
    }

    fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl Node {
    /// The value of `key` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|entry| &entry.value)
    }

    /// The entry of `key` when this node is a mapping.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            Value::Map(map) => map.iter().find(|entry| entry.key == key),
            _ => None,
        }
    }

    /// The span of a mapping's first key (where the mapping "is"), else the node's span.
    pub fn first_key_span(&self) -> ByteSpan {
        match &self.value {
            Value::Map(map) => map
                .entries
                .first()
                .map_or(self.span, |entry| entry.key_span),
            _ => self.span,
        }
    }

    /// The entries of a mapping; empty for any other node.
    pub fn as_map(&self) -> &[Entry] {
        match &self.value {
            Value::Map(map) => &map.entries,
            _ => &[],
        }
    }

    /// The text of a string scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(text, _) => Some(text),
            _ => None,
        }
    }

    /// The node a JSON pointer (`/instructions/2/next`) designates.
    pub fn pointer(&self, pointer: &str) -> Option<&Node> {
        let mut node = self;
        for token in pointer.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            node = match &node.value {
                Value::Map(_) => node.get(&token)?,
                Value::Seq(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// A short name of the node's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "nothing",
            Value::Bool(_) => "a boolean",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::String(..) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// The value as JSON, for validation against the JSON Schema.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as Json;
        match &self.value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(i) => Json::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
            Value::String(s, _) => Json::String(s.clone()),
            Value::Seq(items) => Json::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(map) => Json::Object(
                map.iter()
                    .map(|entry| (entry.key.clone(), entry.value.to_json()))
                    .collect(),
            ),
        }
    }
}

/// Parses `text` as a single YAML document. `Ok(None)` is an empty stream.
pub fn parse(text: &str) -> Result<Option<Node>, SyntaxError> {
    chars::check(text)?;
    let offsets = CharOffsets::new(text);
    let mut builder = Builder::new(text, &offsets);
    let mut documents = 0;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|error| {
            explain::explain(text, offsets.byte(error.marker().index()), error.info())
        })?;
        if let Event::DocumentStart(_) = event {
            documents += 1;
            if documents > 1 {
                return Err(SyntaxError::new(
                    offsets.byte(span.start.index()),
                    "a second YAML document starts here; an SOP file holds exactly one",
                ));
            }
        }
        builder.push(event, span)?;
    }
    Ok(builder.root)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(text: &str) -> Node {
        parse(text).unwrap().unwrap()
    }

    #[test]
    fn yaml_1_2_scalars() {
        let doc = root("a: yes\nb: no\nc: 1.10\nd: 2027-06-30\ne: ~\nf: true\ng: 12\nh: on\n");
        assert_eq!(doc.get("a").unwrap().as_str(), Some("yes"));
        assert_eq!(doc.get("b").unwrap().as_str(), Some("no"));
        assert_eq!(doc.get("c").unwrap().value, Value::Float(1.1));
        assert_eq!(doc.get("d").unwrap().as_str(), Some("2027-06-30"));
        assert_eq!(doc.get("e").unwrap().value, Value::Null);
        assert_eq!(doc.get("f").unwrap().value, Value::Bool(true));
        assert_eq!(doc.get("g").unwrap().value, Value::Int(12));
        assert_eq!(doc.get("h").unwrap().as_str(), Some("on"));
    }

    #[test]
    fn spans_are_byte_offsets_even_after_non_ascii_text() {
        let text = "title: Café crème\nid: CS-1\n";
        let doc = root(text);
        let id = doc.get("id").unwrap();
        assert_eq!(&text[id.span.start..id.span.end], "CS-1");
    }

    #[test]
    fn pointer_walks_maps_and_lists() {
        let doc = root("steps:\n  - do: a\n  - next: x\n");
        assert_eq!(doc.pointer("/steps/1/next").unwrap().as_str(), Some("x"));
        assert!(doc.pointer("/steps/9").is_none());
    }

    #[test]
    fn hostile_input_is_an_error_not_a_crash() {
        let deep_flow = "[".repeat(100_000);
        assert!(parse(&deep_flow).is_err());
        let deep_block = "- ".repeat(20_000) + "x";
        assert!(parse(&deep_block).unwrap_err().message.contains("nesting"));
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for level in 1..9u8 {
            let (name, prev) = ((b'a' + level) as char, (b'a' + level - 1) as char);
            let refs = vec![format!("*{prev}"); 9].join(", ");
            bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        assert!(parse(&bomb).unwrap_err().message.contains("nodes"));
    }

    /// `count` aliases of one anchored string of `len` bytes.
    fn aliases_of_a_string(len: usize, count: usize) -> String {
        let mut text = format!("text: &big {}\nlist:\n", "x".repeat(len));
        text.push_str(&"  - *big\n".repeat(count));
        text
    }

    #[test]
    fn aliases_are_bounded_in_bytes_at_the_alias_that_crosses_the_limit() {
        let megabyte = 1 << 20;
        let fits = root(&aliases_of_a_string(megabyte, 10));
        let last = fits.pointer("/list/9").and_then(Node::as_str);
        assert_eq!(last.map(str::len), Some(megabyte));

        let bomb = aliases_of_a_string(megabyte, 300);
        let error = parse(&bomb).unwrap_err();
        assert_eq!(
            error.message,
            "the document expands to more than 16 MiB of text (aliases included)"
        );
        assert!(
            bomb[error.offset..].starts_with("*big"),
            "at {}",
            error.offset
        );
        // The anchor and its copy are 2 MiB, and with the keys' 8 bytes the
        // 14th alias is one too many.
        let first_alias = bomb.find("*big").unwrap();
        assert_eq!(error.offset, first_alias + 13 * "  - *big\n".len());
    }

    #[test]
    fn nested_anchors_count_their_copies() {
        // Each anchored level keeps a copy of the string: 20 copies of 1 MiB.
        let open: String = (0..20).map(|level| format!("&a{level} [")).collect();
        let text = format!("a: {open}{}{}\n", "x".repeat(1 << 20), "]".repeat(20));
        assert!(parse(&text).unwrap_err().message.contains("16 MiB"));
        let shallow = format!("a: &a0 [&a1 [{}]]\n", "x".repeat(1 << 20));
        assert!(parse(&shallow).is_ok());
    }

    /// The source text of each complex key of the root.
    fn complex_keys<'a>(text: &'a str, doc: &Node) -> Vec<&'a str> {
        let Value::Map(map) = &doc.value else {
            panic!("not a mapping: {doc:?}");
        };
        map.complex_keys
            .iter()
            .map(|span| &text[span.start..span.end])
            .collect()
    }

    #[test]
    fn complex_keys_are_kept_apart_from_text_keys() {
        let text = "? [a, b]\n: c\n\"\": empty\n? {x: y}\n: d\n? [a, b]\n: again\ne: f\n";
        let doc = root(text);
        assert_eq!(complex_keys(text, &doc), ["[a, b]", "{x: y}", "[a, b]"]);
        let keys: Vec<&str> = doc
            .as_map()
            .iter()
            .map(|entry| entry.key.as_str())
            .collect();
        assert_eq!(keys, ["", "e"]);
        assert_eq!(doc.get("").and_then(Node::as_str), Some("empty"));
        assert_eq!(doc.to_json(), serde_json::json!({"": "empty", "e": "f"}));
    }

    #[test]
    fn an_alias_used_as_a_key_is_where_it_is_used() {
        let text = "a: &list [x]\n*list : y\nb: &name n\n*name : z\n";
        let doc = root(text);
        assert_eq!(complex_keys(text, &doc), ["*list"]);
        let entry = doc.entry("n").unwrap();
        assert_eq!(&text[entry.key_span.start..entry.key_span.end], "*name");
    }

    #[test]
    fn several_documents_and_duplicate_keys_are_errors() {
        assert!(
            parse("a: 1\n---\nb: 2\n")
                .unwrap_err()
                .message
                .contains("second")
        );
        assert!(parse("a: 1\na: 2\n").unwrap_err().message.contains("twice"));
        assert_eq!(parse("").unwrap(), None);
        assert_eq!(parse("# only a comment\n").unwrap(), None);
    }

    #[test]
    fn a_duplicate_is_found_below_and_past_the_size_that_builds_a_key_set() {
        for count in [1, 2, 15, 16, 17, 40] {
            for repeated in [0, count / 2, count - 1] {
                let mut text: String = (0..count).map(|i| format!("k{i}: x\n")).collect();
                let second = text.len();
                text.push_str(&format!("k{repeated}: y\nlast: z\n"));
                let error = parse(&text).unwrap_err();
                assert_eq!(error.offset, second, "{count} keys, k{repeated} again");
                let line = repeated + 1;
                assert_eq!(
                    error.help.as_deref(),
                    Some(
                        format!("the first `k{repeated}` is on line {line}: keep one of the two")
                            .as_str()
                    )
                );
            }
            let unique: String = (0..count).map(|i| format!("k{i}: x\n")).collect();
            assert_eq!(
                root(&format!("{unique}last: z\n")).as_map().len(),
                count + 1
            );
        }
    }

    #[test]
    fn a_duplicate_after_many_keys_is_found_at_its_second_occurrence() {
        let mut text: String = (0..20_000).map(|i| format!("k{i}: x\n")).collect();
        let second = text.len();
        text.push_str("k1234: y\n");
        let error = parse(&text).unwrap_err();
        assert_eq!(
            error.message,
            "the key `k1234` appears twice in this mapping"
        );
        assert_eq!(error.offset, second);
        assert_eq!(
            error.help.as_deref(),
            Some("the first `k1234` is on line 1235: keep one of the two")
        );

        // The same key in another mapping, or once per mapping, is no duplicate.
        let prefix = "a:\n  k1: x\n  k2: x\nb:\n  k1: x\n";
        let nested = format!("{prefix}{text}");
        assert_eq!(parse(&nested).unwrap_err().offset, prefix.len() + second);
        let unique: String = (0..20_000).map(|i| format!("k{i}: x\n")).collect();
        assert_eq!(root(&unique).as_map().len(), 20_000);
    }
}
