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

use crate::model::Sop;
use crate::yaml::{Node, Value};

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
pub fn canonical_content(root: &Node) -> String {
    let content = match &root.value {
        Value::Map(map) => serde_json::Value::Object(
            map.iter()
                .filter(|entry| !CONTROL_FIELDS.contains(&entry.key.as_str()))
                .map(|entry| (entry.key.clone(), entry.value.to_json()))
                .collect(),
        ),
        _ => root.to_json(),
    };
    // Serialising a `serde_json::Value` cannot fail: its keys are strings
    // and its numbers finite.
    serde_json_canonicalizer::to_string(&content).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

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
