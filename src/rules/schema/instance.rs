//! The YAML tree as the validator's instance, read in place: a copy of each
//! file as `serde_json::Value` cost as much as validating it. The tree reads
//! as [`Node::to_json`] makes it (a float that is not finite is `null`, a
//! complex key is left out), which the tests hold it to.

use std::borrow::Cow;

use jsonschema::JsonType;
use jsonschema::json::{Array, Json, JsonNumber, Node as JsonNode, NodeIdentity, Object};

use crate::yaml::{ByteSpan, Entry, Mapping, Node, Style, Value};

/// The representation: instances are `&yaml::Node`.
pub struct Yaml;

impl Json for Yaml {
    type Node<'a> = &'a Node;
    type PreparedKey = String;
    type StringBuffer = Buffer;

    /// A lookup is a scan of the entries (an SOP's mappings are small), so
    /// passing over the members is always as cheap as a lookup.
    const KEYS_PER_LOOKUP: usize = 16;

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>(buffer: &mut Buffer, string: &str, f: impl FnOnce(&Node) -> T) -> T {
        buffer.0.value = Value::String(string.to_owned(), Style::Plain);
        f(&buffer.0)
    }
}

/// Where a property name is put to be validated as a string (`propertyNames`).
pub struct Buffer(Node);

impl Default for Buffer {
    fn default() -> Buffer {
        Buffer(Node {
            value: Value::Null,
            span: ByteSpan::default(),
        })
    }
}

/// A number of the tree: YAML's integers and finite floats.
#[derive(Clone, Copy)]
pub enum Number {
    Int(i64),
    Float(f64),
}

impl JsonNumber for Number {
    fn as_u64(&self) -> Option<u64> {
        match *self {
            Number::Int(int) => u64::try_from(int).ok(),
            Number::Float(_) => None,
        }
    }

    fn as_i64(&self) -> Option<i64> {
        match *self {
            Number::Int(int) => Some(int),
            Number::Float(_) => None,
        }
    }

    fn as_f64(&self) -> Option<f64> {
        match *self {
            Number::Int(int) => Some(int as f64),
            Number::Float(float) => Some(float),
        }
    }

    fn as_str(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_number().to_string())
    }

    fn to_number(&self) -> Cow<'_, serde_json::Number> {
        Cow::Owned(match *self {
            Number::Int(int) => serde_json::Number::from(int),
            Number::Float(float) => {
                serde_json::Number::from_f64(float).expect("only finite floats are numbers")
            }
        })
    }
}

impl<'a> JsonNode<'a, Yaml> for &'a Node {
    type Object = &'a Mapping;
    type Array = &'a [Node];
    type Number = Number;

    fn as_object(&self) -> Option<&'a Mapping> {
        match &self.value {
            Value::Map(map) => Some(map),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<&'a [Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        self.as_str().map(Cow::Borrowed)
    }

    fn as_number(&self) -> Option<Number> {
        match self.value {
            Value::Int(int) => Some(Number::Int(int)),
            Value::Float(float) if float.is_finite() => Some(Number::Float(float)),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match self.value {
            Value::Bool(boolean) => Some(boolean),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        self.json_type() == JsonType::Null
    }

    fn json_type(&self) -> JsonType {
        match &self.value {
            Value::Null => JsonType::Null,
            Value::Float(float) if !float.is_finite() => JsonType::Null,
            Value::Bool(_) => JsonType::Boolean,
            Value::Int(_) | Value::Float(_) => JsonType::Number,
            Value::String(..) => JsonType::String,
            Value::Seq(_) => JsonType::Array,
            Value::Map(_) => JsonType::Object,
        }
    }

    /// `enum` and `const` compare strings without making a JSON copy.
    fn equals_value(&self, expected: &serde_json::Value) -> bool {
        match (self.as_str(), expected) {
            (Some(text), serde_json::Value::String(expected)) => text == expected,
            (Some(_), _) => false,
            (None, _) => jsonschema::json::cmp::equal(&self.to_json(), expected),
        }
    }

    fn to_value(&self) -> Cow<'a, serde_json::Value> {
        Cow::Owned(self.to_json())
    }

    fn identity(&self) -> Option<NodeIdentity> {
        Some(NodeIdentity::new(std::ptr::from_ref::<Node>(*self) as usize))
    }
}

impl<'a> Object<'a, Yaml> for &'a Mapping {
    type Node = &'a Node;
    type MemberName = &'a str;
    type MembersIter = Members<'a>;

    fn len(&self) -> usize {
        self.entries.len()
    }

    fn get(&self, key: &String) -> Option<&'a Node> {
        self.entries
            .iter()
            .find(|entry| entry.key == *key)
            .map(|entry| &entry.value)
    }

    fn members(&self) -> Members<'a> {
        Members(self.entries.iter())
    }
}

/// The entries of a mapping as (key, value); keys are unique (the parser
/// refuses a repeated one).
pub struct Members<'a>(std::slice::Iter<'a, Entry>);

impl<'a> Iterator for Members<'a> {
    type Item = (&'a str, &'a Node);

    fn next(&mut self) -> Option<Self::Item> {
        self.0
            .next()
            .map(|entry| (entry.key.as_str(), &entry.value))
    }
}

impl<'a> Array<'a, Yaml> for &'a [Node] {
    type Node = &'a Node;
    type ElementsIter = std::slice::Iter<'a, Node>;

    fn len(&self) -> usize {
        <[Node]>::len(self)
    }

    fn elements(&self) -> std::slice::Iter<'a, Node> {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::Yaml;
    use crate::rules::schema::SOP_SCHEMA;
    use crate::test_random::Random;
    use crate::yaml::{Node, parse};

    /// Every error of a validation, as `(where, which keyword, kind, message)`.
    fn errors<'a, F: jsonschema::json::Json>(
        validator: &'a jsonschema::Validator<F>,
        instance: F::Node<'a>,
    ) -> Vec<(String, String, String, String)> {
        let mut errors: Vec<_> = validator
            .iter_errors(instance)
            .map(|error| {
                (
                    error.instance_path().as_str().to_string(),
                    error.schema_path().as_str().to_string(),
                    format!("{:?}", error.kind()),
                    error.to_string(),
                )
            })
            .collect();
        errors.sort();
        errors
    }

    /// The validator of the rule and one of the same schema over the JSON
    /// copy of the tree agree on `root`: valid or not, and every error.
    fn agree(root: &Node, what: &str) {
        agree_on(&serde_json::from_str(SOP_SCHEMA).unwrap(), root, what);
    }

    /// Validators of `schema` over the tree and over its JSON copy agree.
    fn agree_on(schema: &serde_json::Value, root: &Node, what: &str) {
        let json = jsonschema::options()
            .should_validate_formats(true)
            .build(schema)
            .unwrap();
        let yaml = jsonschema::options_for::<Yaml>()
            .should_validate_formats(true)
            .build(schema)
            .unwrap();
        let copy = root.to_json();
        assert_eq!(yaml.is_valid(root), json.is_valid(&copy), "{what}");
        assert_eq!(errors(&yaml, root), errors(&json, &copy), "{what}");
    }

    #[test]
    fn the_tree_validates_as_its_json_copy_for_every_yaml_file_of_the_repository() {
        let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = 0;
        for folder in ["sops", "tests", "examples"] {
            for entry in walkdir::WalkDir::new(repository.join(folder)) {
                let path = entry.unwrap().into_path();
                if path.extension().is_none_or(|ext| ext != "yaml") {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                if let Ok(Some(root)) = parse(&text) {
                    agree(&root, &path.display().to_string());
                    files += 1;
                }
            }
        }
        assert!(files > 100, "{files} files");
    }

    #[test]
    fn the_tree_validates_as_its_json_copy_for_generated_documents() {
        let fields = [
            "id: CS-1\n",
            "id: 12\n",
            "title: Refunds\n",
            "title: [a, b]\n",
            "department: Cards\n",
            "purpose: Why.\n",
            "purpose: ~\n",
            "status: approved\n",
            "status: aproved\n",
            "version: 1.10\n",
            "version: \"1.10\"\n",
            "version: .nan\n",
            "version: -.inf\n",
            "review_by: 2027-02-30\n",
            "review_by: 2027-02-03\n",
            "effective: 20270203\n",
            "owner: true\n",
            "tags: [a, a, 3]\n",
            "terms: {FCR: First contact resolution, X: 1}\n",
            "metrics: [{name: FCR, target: 90%}, {target: 1e3}]\n",
            "revisions: [{version: '1.0', date: 2026-01-01}, 7]\n",
            "purpsoe: typo\n",
            "? [a, b]\n: complex\n",
            "instructions: [{do: Greet., next: s2, end: true}, {ask: Paid?, branches: [{when: yes, goto: s1}]}, {do: x, ask: y}, {}]\n",
            "instructions:\n  - id: s1\n    do: Answer.\n    role: -3\n  - call: CS-2\n",
            "instructions: text\n",
        ];
        let documents = generated(&fields, 15, 600, 8);
        assert!(documents.len() > 200, "{} documents", documents.len());
        for (text, root) in &documents {
            agree(root, text);
        }
    }

    /// `runs` documents of up to `most` of `fields`, those that parse: a
    /// field given twice is a syntax error, which never reaches the rule.
    fn generated(fields: &[&str], seed: u64, runs: usize, most: usize) -> Vec<(String, Node)> {
        let mut random = Random::new(seed);
        (0..runs)
            .filter_map(|_| {
                let count = 1 + random.below(most);
                let text = random.text(fields, count);
                let root = parse(&text).ok()??;
                Some((text, root))
            })
            .collect()
    }

    /// The SOP schema has no number, null or integer type, no `uniqueItems`
    /// and no `propertyNames`; a schema that has them holds every other
    /// part of the representation to the JSON copy.
    #[test]
    fn the_tree_validates_as_its_json_copy_under_every_kind_of_keyword() {
        let schema = serde_json::json!({
            "type": "object",
            "properties": {
                "n": {"type": "null"},
                "num": {"type": "number", "minimum": 0, "multipleOf": 0.5},
                "int": {"type": "integer", "maximum": 10},
                "s": {"type": "string", "maxLength": 3, "pattern": "^a"},
                "c": {"const": "x"},
                "ci": {"const": 1},
                "e": {"enum": ["a", 1, null, true]},
                "u": {"type": "array", "uniqueItems": true, "maxItems": 3},
                "b": {"type": "boolean"},
                "o": {
                    "type": "object",
                    "propertyNames": {"maxLength": 2},
                    "minProperties": 1,
                    "required": ["a"]
                }
            },
            "additionalProperties": {"type": ["string", "number"]}
        });
        let fields = [
            "n: ~\n",
            "n: .nan\n",
            "n: 0\n",
            "num: -1\n",
            "num: 1.5\n",
            "num: 1.25\n",
            "num: .inf\n",
            "num: -.inf\n",
            "int: 11\n",
            "int: 3.0\n",
            "int: -4\n",
            "int: 9223372036854775807\n",
            "int: 0x1F\n",
            "s: abcd\n",
            "s: ab\n",
            "s: ébc\n",
            "c: x\n",
            "c: y\n",
            "c: 1\n",
            "ci: 1\n",
            "ci: 1.0\n",
            "ci: '1'\n",
            "e: a\n",
            "e: 1\n",
            "e: ~\n",
            "e: b\n",
            "e: true\n",
            "e: 1e0\n",
            "u: [1, 1.0]\n",
            "u: [a, b]\n",
            "u: [{a: 1}, {a: 1}]\n",
            "u: [1, 2, 3, 4]\n",
            "b: yes\n",
            "b: true\n",
            "o: {a: 1, bcd: 2}\n",
            "o: {}\n",
            "o: {a: ~}\n",
            "x: .nan\n",
            "x: 3\n",
            "x: [1]\n",
            "y: text\n",
        ];
        let documents = generated(&fields, 16, 1500, 5);
        assert!(documents.len() > 500, "{} documents", documents.len());
        for (text, root) in &documents {
            agree_on(&schema, root, text);
        }
    }
}
