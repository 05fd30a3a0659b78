//! Scalar resolution with the YAML 1.2 core schema.

use std::borrow::Cow;

use saphyr_parser::ScalarStyle;

use super::{Style, Value};

/// Resolves a scalar with the YAML 1.2 core schema: `yes`/`no` stay strings,
/// `1.10` is a number, `~` and an empty plain scalar are null.
pub(super) fn resolve_scalar(
    text: Cow<'_, str>,
    style: ScalarStyle,
    tag: Option<&saphyr_parser::Tag>,
) -> Value {
    let style = match style {
        ScalarStyle::Plain => Style::Plain,
        ScalarStyle::SingleQuoted => Style::SingleQuoted,
        ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
        ScalarStyle::Literal => Style::Literal,
        ScalarStyle::Folded => Style::Folded,
    };
    let is_str_tag = tag.is_some_and(|tag| tag.is_yaml_core_schema() && tag.suffix == "str");
    if style != Style::Plain || is_str_tag {
        return Value::String(text.into_owned(), style);
    }
    match text.as_ref() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if !may_be_number(&text) {
        return Value::String(text.into_owned(), style);
    }
    if let Some(int) = parse_int(&text) {
        return Value::Int(int);
    }
    if let Some(float) = parse_float(&text) {
        return Value::Float(float);
    }
    Value::String(text.into_owned(), style)
}

/// Whether `text` starts as every number of the core schema does: with a
/// digit, a sign or a point. Most plain scalars are keys and words, which
/// the number parsers would otherwise search for exponents and points.
fn may_be_number(text: &str) -> bool {
    matches!(
        text.as_bytes().first(),
        Some(b'0'..=b'9' | b'-' | b'+' | b'.')
    )
}

fn parse_int(text: &str) -> Option<i64> {
    if let Some(hex) = text.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok();
    }
    if let Some(octal) = text.strip_prefix("0o") {
        return i64::from_str_radix(octal, 8).ok();
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn parse_float(text: &str) -> Option<f64> {
    match text {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    // Core schema: [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = digits(whole)
        && digits(fraction)
        && (!whole.is_empty() || !fraction.is_empty())
        && (mantissa.contains('.') || exponent.is_some());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    (mantissa_ok && exponent_ok)
        .then(|| text.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_random::Random;

    #[test]
    fn the_number_pre_check_keeps_every_number() {
        const PIECES: [&str; 16] = [
            "0", "7", "x", "o", "e", "E", ".", "-", "+", "inf", "nan", "Inf", "NaN", "a", "_", "1e",
        ];
        let mut random = Random::new(9);
        let mut numbers = 0;
        for _ in 0..50_000 {
            let count = random.below(5) + 1;
            let text = random.text(&PIECES, count);
            if parse_int(&text).is_some() || parse_float(&text).is_some() {
                numbers += 1;
                assert!(may_be_number(&text), "{text:?}");
            }
        }
        assert!(numbers > 1_000, "{numbers} numbers generated");
        assert!(!may_be_number("Open the record") && !may_be_number(""));
    }
}
