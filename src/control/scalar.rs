//! Text written as a YAML scalar that reads back as the same string: plain
//! when that is safe, else double-quoted with escapes. `sop approve` writes
//! names such as `Dana Reyes, Head of: CS #1`, which plain YAML would cut at
//! the `#` or read as a mapping.

use crate::yaml::{self, Style};

/// `text` as a YAML scalar on one line.
pub fn to_yaml(text: &str) -> String {
    if reads_back_plain(text) {
        text.to_string()
    } else {
        double_quoted(text)
    }
}

/// Whether `text` written plain is read back as the same string: a quick
/// look at the characters YAML gives a meaning, then the reader itself
/// (which also refuses `true`, `12`, `~` and the like as strings).
fn reads_back_plain(text: &str) -> bool {
    let indicator = |c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c);
    let safe = text.chars().next().is_some_and(|first| !indicator(first))
        && !text.ends_with([' ', ':'])
        && !text.contains(": ")
        && !text.contains(" #")
        && text.chars().all(|c| c == ' ' || is_plain_char(c));
    if !safe {
        return false;
    }
    let line = format!("value: {text}\n");
    matches!(
        yaml::parse(&line),
        Ok(Some(root)) if root.get("value").is_some_and(|value| {
            value.value == yaml::Value::String(text.to_string(), Style::Plain)
        })
    )
}

/// A printable character that needs no escape and is not a line break, a
/// tab or a byte-order mark.
fn is_plain_char(c: char) -> bool {
    !c.is_control() && !c.is_whitespace() && c != '\u{feff}' && !is_unprintable(c)
}

/// Characters outside YAML's printable set that a Rust `char` can hold.
fn is_unprintable(c: char) -> bool {
    matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// `text` in double quotes, with YAML's escapes for what may not stand as is.
fn double_quoted(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            '\r' => quoted.push_str("\\r"),
            '\u{85}' => quoted.push_str("\\N"),
            '\u{2028}' => quoted.push_str("\\L"),
            '\u{2029}' => quoted.push_str("\\P"),
            c if c.is_control() || c == '\u{feff}' || is_unprintable(c) => {
                quoted.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_back(scalar: &str) -> Option<String> {
        let root = yaml::parse(&format!("value: {scalar}\n")).ok()??;
        root.get("value")?.as_str().map(str::to_string)
    }

    #[test]
    fn plain_when_safe_quoted_when_yaml_would_read_something_else() {
        for (text, written) in [
            (
                "Dana Reyes, Head of Customer Service",
                "Dana Reyes, Head of Customer Service",
            ),
            ("2026-12-01", "2026-12-01"),
            ("sha256:0a1b", "sha256:0a1b"),
            ("approved", "approved"),
            (
                "Dana Reyes, Head of: CS #1",
                "\"Dana Reyes, Head of: CS #1\"",
            ),
            ("true", "\"true\""),
            ("12", "\"12\""),
            ("~", "\"~\""),
            ("", "\"\""),
            ("- list", "\"- list\""),
            ("'quoted'", "\"'quoted'\""),
            ("say \"hi\" \\ bye", "say \"hi\" \\ bye"),
            ("#1 approver", "\"#1 approver\""),
            ("trailing ", "\"trailing \""),
        ] {
            assert_eq!(to_yaml(text), written, "{text:?}");
        }
    }

    #[test]
    fn every_written_scalar_reads_back_as_the_same_string() {
        for text in [
            "Dana Reyes, Head of: CS #1",
            "line\nbreak",
            "tab\there",
            "bell\u{7}",
            "next\u{85}line \u{2028} \u{2029}",
            "bom\u{feff}",
            "back\\slash \"quote\"",
            "Zoë Ångström, Leiterin",
            " leading",
            "null",
            "a: b",
            "{x}",
        ] {
            assert_eq!(read_back(&to_yaml(text)).as_deref(), Some(text), "{text:?}");
        }
    }
}
