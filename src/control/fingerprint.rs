//! The content fingerprint: `sha256:` and the lowercase hex SHA-256 of the
//! SOP's content as RFC 8785 (JSON Canonicalization Scheme) JSON.
//!
//! The content is the parsed mapping without the control fields, so that
//! approving, re-owning or re-scheduling a review does not change it while
//! any edit of what an employee follows does. Comments, key order, quoting
//! and block or flow style are gone once parsed, so they do not count.
//! The canonical JSON comes from `serde_json_canonicalizer`, which follows
//! the RFC's number and string rules (the tests run the RFC's vectors).

use std::fmt;

use sha2::{Digest, Sha256};

use crate::chunk::{self, CHUNK};
use crate::model::Sop;
use crate::yaml::{Entry, Node, Value};

/// The fields that record the control of a document rather than what it says.
pub const CONTROL_FIELDS: &[&str] = &[
    "status",
    "approved_by",
    "approved_on",
    "fingerprint",
    "review_by",
    "revisions",
    "owner",
    "tags",
];

/// The prefix of a fingerprint: the hash it was made with.
pub const PREFIX: &str = "sha256:";

/// A content fingerprint, `sha256:<64 hex>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Fingerprint(String);

impl Fingerprint {
    /// The fingerprint of an SOP's root node (a mapping).
    pub fn of(root: &Node) -> Fingerprint {
        Fingerprint::of_canonical(&canonical_content(root))
    }

    /// The fingerprint of canonical JSON text.
    fn of_canonical(canonical: &str) -> Fingerprint {
        let digest = Sha256::digest(canonical.as_bytes());
        let mut text = String::with_capacity(PREFIX.len() + 64);
        text.push_str(PREFIX);
        for byte in digest.iter() {
            text.push(hex_digit(byte >> 4));
            text.push(hex_digit(byte & 0xf));
        }
        Fingerprint(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first 12 hex digits, as the handbook shows it.
    pub fn short(&self) -> &str {
        &self.0[PREFIX.len()..PREFIX.len() + 12]
    }

    /// Whether `text` is this fingerprint as a writer may have copied it:
    /// the comparison ignores the case of the hex digits.
    pub fn matches(&self, text: &str) -> bool {
        self.0.eq_ignore_ascii_case(text.trim())
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether an SOP's content is still the one its recorded `fingerprint`
/// stands for: the register's `ok`, `changed` and `none`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seal {
    /// The content is the one recorded.
    Intact,
    /// The content changed since the fingerprint was recorded.
    Broken { current: Fingerprint },
    /// No fingerprint is recorded.
    Missing,
}

impl Seal {
    /// The seal of an SOP read from `root`: its `fingerprint` field against
    /// the fingerprint of its content now.
    pub fn of(sop: &Sop, root: &Node) -> Seal {
        if sop.fingerprint.is_none() {
            return Seal::Missing;
        }
        Seal::against(sop, &Fingerprint::of(root))
    }

    /// The seal of `sop` whose content's fingerprint is `current`, for a
    /// caller that needs that fingerprint too (hashing is the costly part).
    pub fn against(sop: &Sop, current: &Fingerprint) -> Seal {
        match &sop.fingerprint {
            None => Seal::Missing,
            Some(recorded) if current.matches(&recorded.value) => Seal::Intact,
            Some(_) => Seal::Broken {
                current: current.clone(),
            },
        }
    }

    /// `ok`, `changed` or `none`, as `sop list` shows it.
    pub fn as_str(&self) -> &'static str {
        match self {
            Seal::Intact => "ok",
            Seal::Broken { .. } => "changed",
            Seal::Missing => "none",
        }
    }
}

/// The 64 hex digits of `text` when it is a fingerprint as the schema and
/// the records write it: `sha256:` and 64 lowercase hex digits.
pub fn hex_digits(text: &str) -> Option<&str> {
    text.strip_prefix(PREFIX).filter(|hex| {
        hex.len() == 64 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    })
}

fn hex_digit(nibble: u8) -> char {
    char::from_digit(u32::from(nibble), 16).unwrap_or('0')
}

/// The content of an SOP as RFC 8785 JSON: its mapping without the control
/// fields. YAML scalars stay as read: strings (dates too) are strings,
/// `true`/`false` booleans, numbers numbers, `~` null.
///
/// Written straight from the YAML tree, without a `serde_json::Value` copy:
/// the same text as `serde_json_canonicalizer` makes of [`Node::to_json`]
/// (the tests compare the two on every sample SOP and on generated trees).
pub fn canonical_content(root: &Node) -> String {
    let mut out = String::with_capacity(root.span.end.saturating_sub(root.span.start));
    match &root.value {
        Value::Map(map) => write_entries(
            map.iter()
                .filter(|entry| !CONTROL_FIELDS.contains(&entry.key.as_str())),
            &mut out,
        ),
        _ => write_node(root, &mut out),
    }
    out
}

/// A node as RFC 8785 JSON, as [`Node::to_json`] then the canonicalizer
/// write it: a number that is not finite is `null`, as `to_json` makes it.
fn write_node(node: &Node, out: &mut String) {
    match &node.value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        // RFC 8785 numbers are IEEE 754 doubles, integers too.
        Value::Int(int) => write_number(*int as f64, out),
        Value::Float(float) if float.is_finite() => write_number(*float, out),
        Value::Float(_) => out.push_str("null"),
        Value::String(text, _) => write_string(text, out),
        Value::Seq(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_node(item, out);
            }
            out.push(']');
        }
        Value::Map(map) => write_entries(map.iter(), out),
    }
}

/// A mapping's entries as a JSON object, keys sorted by their UTF-16 code
/// units (RFC 8785, 3.2.3). A mapping's keys are unique (the reader refuses
/// a repeated key), so the order is total.
fn write_entries<'a>(entries: impl Iterator<Item = &'a Entry>, out: &mut String) {
    let mut sorted: Vec<&Entry> = entries.collect();
    sorted.sort_unstable_by(|a, b| utf16_order(&a.key, &b.key));
    out.push('{');
    for (index, entry) in sorted.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        write_string(&entry.key, out);
        out.push(':');
        write_node(&entry.value, out);
    }
    out.push('}');
}

/// The order of two strings by UTF-16 code units. UTF-8 bytes order as code
/// points do, which differ from UTF-16 units only past U+FFFF, so ASCII and
/// most text compare as bytes.
fn utf16_order(a: &str, b: &str) -> std::cmp::Ordering {
    let below_surrogates = |text: &str| text.bytes().all(|byte| byte < 0xed);
    if below_surrogates(a) && below_surrogates(b) {
        // Every character is below U+D000: code points and units agree.
        a.cmp(b)
    } else {
        a.encode_utf16().cmp(b.encode_utf16())
    }
}

/// A finite double as ECMAScript prints it, by the canonicalizer itself
/// (numbers are rare in an SOP: the allocation does not count).
fn write_number(number: f64, out: &mut String) {
    out.push_str(&serde_json_canonicalizer::to_string(&number).unwrap_or_default());
}

/// A JSON string as RFC 8785 (3.2.2.2) escapes it: `"`, `\\` and the
/// controls below U+0020, these as `\b \t \n \f \r` or `\u00xx`; all
/// else as it is.
fn write_string(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let bytes = text.as_bytes();
    let mut clean = 0;
    let mut at = 0;
    while at < bytes.len() {
        if chunk::all_plain(bytes, at, |byte| !needs_escape(byte)) {
            at += CHUNK;
            continue;
        }
        let byte = bytes[at];
        at += 1;
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        // `byte` is ASCII: a character boundary.
        out.push_str(&text[clean..at - 1]);
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        } else {
            out.push_str(escape);
        }
        clean = at;
    }
    out.push_str(&text[clean..]);
    out.push('"');
}

fn needs_escape(byte: u8) -> bool {
    (byte < 0x20) | (byte == b'"') | (byte == b'\\')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_random::Random;
    use crate::yaml::{self, ByteSpan};

    /// The canonical content as it was made before the direct writer: a
    /// `serde_json::Value` copy, then the canonicalizer.
    fn through_serde(root: &Node) -> String {
        let content = match &root.value {
            Value::Map(map) => serde_json::Value::Object(
                map.iter()
                    .filter(|entry| !CONTROL_FIELDS.contains(&entry.key.as_str()))
                    .map(|entry| (entry.key.clone(), entry.value.to_json()))
                    .collect(),
            ),
            _ => root.to_json(),
        };
        serde_json_canonicalizer::to_string(&content).unwrap()
    }

    fn yaml_files(folder: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                yaml_files(&path, found);
            } else if path
                .extension()
                .is_some_and(|ext| ext == "yaml" || ext == "yml")
            {
                found.push(path);
            }
        }
    }

    #[test]
    fn the_direct_writer_matches_the_canonicalizer_on_every_sample_and_fixture() {
        let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        yaml_files(&manifest.join("sops"), &mut files);
        yaml_files(&manifest.join("tests/fixtures"), &mut files);
        let mut compared = 0;
        for path in &files {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let Ok(Some(root)) = yaml::parse(&text) else {
                continue;
            };
            assert_eq!(
                canonical_content(&root),
                through_serde(&root),
                "{}",
                path.display()
            );
            compared += 1;
        }
        assert!(compared > 50, "only {compared} files compared");
    }

    fn text(seed: &mut Random) -> String {
        const PIECES: &[&str] = &[
            "a",
            "B",
            "1",
            "\"",
            "\\",
            "/",
            "\n",
            "\r",
            "\t",
            "\u{8}",
            "\u{c}",
            "\u{0}",
            "\u{1f}",
            "\u{7f}",
            "\u{80}",
            "é",
            "\u{2028}",
            "\u{d7ff}",
            "\u{e000}",
            "€",
            "\u{fb33}",
            "\u{ffff}",
            "\u{10000}",
            "😀",
            " ",
            "",
        ];
        // Up to a few chunks of `chunk::CHUNK` bytes, with escapes on both sides of their edges.
        let count = seed.below(24);
        seed.text(PIECES, count)
    }

    /// A pseudo-random tree: every kind of scalar, strings with controls,
    /// quotes, characters on both sides of the surrogate range and past
    /// U+FFFF, nested lists and mappings.
    fn generated(seed: &mut Random, depth: usize) -> Node {
        let span = ByteSpan::default();
        let kind = if depth == 0 {
            seed.below(5)
        } else {
            seed.below(7)
        };
        let value = match kind {
            0 => Value::Null,
            1 => Value::Bool(seed.below(2) == 0),
            2 => Value::Int([0, -1, 7, 1 << 53, (1 << 53) + 1, i64::MAX, i64::MIN][seed.below(7)]),
            3 => Value::Float(
                [
                    0.0,
                    -0.0,
                    4.5,
                    1e30,
                    2e-3,
                    1e-27,
                    333_333_333.333_333_3,
                    f64::MAX,
                    f64::NAN,
                    f64::INFINITY,
                ][seed.below(10)],
            ),
            4 => Value::String(text(seed), crate::yaml::Style::Plain),
            5 => Value::Seq(
                (0..seed.below(4))
                    .map(|_| generated(seed, depth - 1))
                    .collect(),
            ),
            _ => {
                let mut keys = std::collections::HashSet::new();
                let mut entries = Vec::new();
                for _ in 0..seed.below(6) {
                    let key = text(seed);
                    if keys.insert(key.clone()) {
                        let value = generated(seed, depth - 1);
                        entries.push(Entry {
                            key,
                            key_span: span,
                            value,
                        });
                    }
                }
                Value::Map(crate::yaml::Mapping {
                    entries,
                    complex_keys: Vec::new(),
                })
            }
        };
        Node { value, span }
    }

    #[test]
    fn the_direct_writer_matches_the_canonicalizer_on_generated_trees() {
        let mut seed = Random::new(8785);
        for _ in 0..3000 {
            let root = generated(&mut seed, 4);
            assert_eq!(canonical_content(&root), through_serde(&root), "{root:?}");
        }
        // A root of control fields and content.
        let root = yaml::parse("status: approved\ntags: [a]\nz: 1\n\u{e000}: x\n😀: y\n")
            .unwrap()
            .unwrap();
        assert_eq!(canonical_content(&root), through_serde(&root));
        assert_eq!(
            canonical_content(&root),
            "{\"z\":1,\"😀\":\"y\",\"\u{e000}\":\"x\"}"
        );
    }

    fn canonical_json(json: &str) -> String {
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        serde_json_canonicalizer::to_string(&value).unwrap()
    }

    /// RFC 8785, section 3.2.2 and appendix B: the crate must give these.
    #[test]
    fn the_canonical_json_passes_the_rfc_8785_vectors() {
        let input = r#"{
          "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
          "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
          "literals": [null, true, false]
        }"#;
        assert_eq!(
            canonical_json(input),
            r#"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        );
        // 3.2.3: keys sorted by UTF-16 code units.
        let sorting = r#"{"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis"}"#;
        assert_eq!(
            canonical_json(sorting),
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\"\u{f6}\":\"Latin Small Letter O With Diaeresis\",\"\u{20ac}\":\"Euro Sign\",\"\u{1f600}\":\"Emoji: Grinning Face\",\"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        );
        // Appendix B: IEEE 754 doubles as ECMAScript prints them.
        for (bits, expected) in [
            (0x0000_0000_0000_0000_u64, "0"),
            (0x8000_0000_0000_0000, "0"),
            (0x0000_0000_0000_0001, "5e-324"),
            (0x7fef_ffff_ffff_ffff, "1.7976931348623157e+308"),
            (0x4340_0000_0000_0000, "9007199254740992"),
            (0x4430_0000_0000_0000, "295147905179352830000"),
            (0x44b5_2d02_c7e1_4af6, "1e+23"),
            (0x3eb0_c6f7_a0b5_ed8d, "0.000001"),
            (0x3eb0_c6f7_a0b5_ed8c, "9.999999999999997e-7"),
            (0x41b3_de43_5555_5555, "333333333.3333333"),
        ] {
            let value = serde_json::json!(f64::from_bits(bits));
            assert_eq!(
                serde_json_canonicalizer::to_string(&value).unwrap(),
                expected
            );
        }
    }

    #[test]
    fn the_seal_compares_the_recorded_fingerprint_with_the_content() {
        let seal = |text: &str| {
            let root = yaml::parse(text).unwrap().unwrap();
            Seal::of(&Sop::from_node(&root).unwrap(), &root)
        };
        let recorded = "sha256:8f4b58b0154c75ba9c7c170db31bfe83ad287708c7835d9c63555d425ba93778";
        assert_eq!(
            seal(&format!("id: A\ntitle: T\nfingerprint: {recorded}\n")),
            Seal::Intact
        );
        let upper = recorded.to_uppercase().replace("SHA256", "sha256");
        assert_eq!(
            seal(&format!("id: A\ntitle: T\nfingerprint: {upper}\n")).as_str(),
            "ok"
        );
        assert_eq!(
            seal(&format!("id: A\ntitle: U\nfingerprint: {recorded}\n")).as_str(),
            "changed"
        );
        assert_eq!(seal("id: A\ntitle: T\n"), Seal::Missing);
    }

    #[test]
    fn the_fingerprint_is_the_sha256_of_the_canonical_content() {
        let root = yaml::parse("id: A\nstatus: approved\ntitle: T\n")
            .unwrap()
            .unwrap();
        assert_eq!(canonical_content(&root), r#"{"id":"A","title":"T"}"#);
        // sha256 of {"id":"A","title":"T"}, from `printf ... | sha256sum`.
        assert_eq!(
            Fingerprint::of(&root).as_str(),
            "sha256:8f4b58b0154c75ba9c7c170db31bfe83ad287708c7835d9c63555d425ba93778"
        );
    }
}
