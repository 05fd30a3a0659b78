//! Finding acronyms in SOP text, as the format's "Acronyms" section defines them.
//!
//! Words are searched in the raw source of each text node, so that every
//! finding points at the line where the word stands, also inside folded and
//! literal blocks. URLs, inline code and escape sequences are blanked out
//! first (same length, so offsets stay exact).

use std::borrow::Cow;
use std::collections::HashMap;

use crate::chunk::{self, CHUNK};
use crate::yaml::Style;

/// Words that look like acronyms but are not: RFC 2119 requirement words and
/// everyday abbreviations.
const NOT_ACRONYMS: &[&str] = &[
    "MUST",
    "NOT",
    "SHALL",
    "SHOULD",
    "MAY",
    "REQUIRED",
    "RECOMMENDED",
    "OPTIONAL",
    "OK",
    "AM",
    "PM",
    "ID",
];

/// Short words skipped when matching an expansion's initials, so that
/// `Business to Business (B2B)` and `Questions and Answers (Q&A)` define their acronyms.
const MINOR_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "per", "the", "to", "with",
];

/// A piece of text with its byte offset in the source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    pub offset: usize,
}

impl Token<'_> {
    fn is_word(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_alphanumeric)
    }
}

/// The source of a text node with URLs, inline code and escapes blanked out.
pub fn searchable(raw: &str, style: Style) -> Cow<'_, str> {
    let mut bytes: Option<Vec<u8>> = None;
    let mut blank = |range: std::ops::Range<usize>| {
        let bytes = bytes.get_or_insert_with(|| raw.as_bytes().to_vec());
        for byte in &mut bytes[range] {
            if *byte != b'\n' {
                *byte = b' ';
            }
        }
    };
    let b = raw.as_bytes();
    let mut fences: Option<HashMap<usize, Vec<usize>>> = None;
    let mut at = 0;
    while at < b.len() {
        if style == Style::DoubleQuoted && b[at] == b'\\' && at + 1 < b.len() {
            let width = match b[at + 1] {
                b'x' => 4,
                b'u' => 6,
                b'U' => 10,
                _ => 2,
            };
            let end = ceil_char_boundary(raw, at + width);
            blank(at..end);
            at = end;
        } else if b[at] == b'`' {
            // Code closes at the next run of exactly as many backticks.
            let run = b[at..].iter().take_while(|&&c| c == b'`').count();
            let runs = fences.get_or_insert_with(|| backtick_runs(b));
            let starts = runs.get(&run).map_or(&[][..], Vec::as_slice);
            match starts.get(starts.partition_point(|&start| start < at + run)) {
                Some(&close) => {
                    let end = close + run;
                    blank(at..end);
                    at = end;
                }
                None => at += run,
            }
        } else if let Some(len) =
            (matches!(b[at], b'h' | b'H' | b'f' | b'F' | b'm' | b'M' | b'w' | b'W')
                && (at == 0 || !b[at - 1].is_ascii_alphanumeric()))
            .then(|| url_length(&raw[at..]))
            .flatten()
        {
            blank(at..at + len);
            at += len;
        } else {
            at += 1;
        }
    }
    match bytes {
        // Only whole characters were blanked, with ASCII spaces: still UTF-8.
        Some(bytes) => Cow::Owned(
            String::from_utf8(bytes)
                .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned()),
        ),
        None => Cow::Borrowed(raw),
    }
}

fn ceil_char_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Where the runs of backticks start, by their length.
fn backtick_runs(b: &[u8]) -> HashMap<usize, Vec<usize>> {
    let mut runs: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut at = 0;
    while at < b.len() {
        if b[at] == b'`' {
            let run = b[at..].iter().take_while(|&&c| c == b'`').count();
            runs.entry(run).or_default().push(at);
            at += run;
        } else {
            at += 1;
        }
    }
    runs
}

fn url_length(text: &str) -> Option<usize> {
    const SCHEMES: &[&str] = &["https://", "http://", "ftp://", "mailto:", "www."];
    let starts_url = SCHEMES.iter().any(|scheme| {
        text.as_bytes()
            .get(..scheme.len())
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case(scheme.as_bytes()))
    });
    starts_url.then(|| text.find(char::is_whitespace).unwrap_or(text.len()))
}

/// Splits text into words and single punctuation tokens. `&` between letters
/// and `-` inside a word do not split it: `CS-020`, `SOP-based`, `Q&A`.
pub fn tokens(text: &str, base_offset: usize) -> Vec<Token<'_>> {
    let mut tokens = Vec::with_capacity(text.len() / 4);
    each_token(text, |start, end, _| {
        tokens.push(Token {
            text: &text[start..end],
            offset: base_offset + start,
        });
    });
    tokens
}

/// The byte range of each token of `text`, as [`tokens`] splits it, in
/// order, without a vector of them, and whether it is a word: one that
/// starts with a letter or digit (any other token is one character).
fn each_token(text: &str, mut found: impl FnMut(usize, usize, bool)) {
    let mut at = 0;
    while let Some(c) = char_at(text, at) {
        let start = at;
        at += c.len_utf8();
        if !c.is_alphanumeric() {
            if !c.is_whitespace() {
                found(start, at, false);
            }
            continue;
        }
        let mut previous = c;
        while let Some(c) = char_at(text, at) {
            let joins = |ok: fn(char) -> bool| {
                ok(previous) && char_at(text, at + c.len_utf8()).is_some_and(ok)
            };
            let continues = c.is_alphanumeric()
                || (c == '-' && joins(char::is_alphanumeric))
                || (c == '&' && joins(char::is_alphabetic));
            if !continues {
                break;
            }
            previous = c;
            at += c.len_utf8();
        }
        found(start, at, true);
    }
}

/// The character at byte `at` of `text` (a character boundary), without
/// decoding when it is ASCII.
fn char_at(text: &str, at: usize) -> Option<char> {
    let byte = *text.as_bytes().get(at)?;
    if byte.is_ascii() {
        Some(char::from(byte))
    } else {
        text[at..].chars().next()
    }
}

/// Whether a word of `text` may have the shape of an acronym: two capitals
/// with only digits or `&` between them. Most texts have none, and are
/// then skipped without being tokenized: blanking out URLs and code only
/// removes characters, so no acronym can appear in the words of a text
/// that fails this.
pub fn may_hold_acronym(text: &str) -> bool {
    // The last character was a capital, or digits and `&` after one.
    let mut after_capital = false;
    let mut at = 0;
    while let Some(c) = char_at(text, at) {
        // None of them is a capital, and each ends what came before.
        let ends = |byte: u8| {
            byte.is_ascii() & !(byte.is_ascii_uppercase() | byte.is_ascii_digit() | (byte == b'&'))
        };
        if chunk::all_plain(text.as_bytes(), at, ends) {
            after_capital = false;
            at += CHUNK;
            continue;
        }
        at += c.len_utf8();
        if c.is_uppercase() {
            if after_capital {
                return true;
            }
            after_capital = true;
        } else if !(c.is_ascii_digit() || c == '&') {
            after_capital = false;
        }
    }
    false
}

/// The acronym a word stands for (`SOPs` is `SOP`), if it is one and not exempt.
pub fn acronym<'a>(word: &'a str, allowed: &dyn Fn(&str) -> bool) -> Option<&'a str> {
    let stem = if is_acronym_shape(word) {
        word
    } else {
        word.strip_suffix('s')
            .filter(|stem| is_acronym_shape(stem))?
    };
    let exempt = NOT_ACRONYMS.contains(&stem) || is_roman_numeral(stem) || allowed(stem);
    (!exempt).then_some(stem)
}

/// Two or more characters of capital letters and digits (and `&` between
/// letters), at least two of them capital letters.
pub fn is_acronym_shape(word: &str) -> bool {
    // Most words start with a lowercase letter: answer those at once.
    if word.as_bytes().first().is_none_or(u8::is_ascii_lowercase) {
        return false;
    }
    let mut characters = 0;
    let mut capitals = 0;
    for c in word.chars() {
        characters += 1;
        if c.is_uppercase() {
            capitals += 1;
        } else if !(c.is_ascii_digit() || c == '&') {
            return false;
        }
    }
    characters >= 2 && capitals >= 2
}

/// `II`, `IV`, `XII`, ... in canonical form.
pub fn is_roman_numeral(word: &str) -> bool {
    const DIGITS: [[&str; 10]; 3] = [
        ["", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"],
        ["", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"],
        ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"],
    ];
    // Most acronyms have a letter no numeral has: answer those at once.
    if !word.bytes().all(|byte| b"MDCLXVI".contains(&byte)) {
        return false;
    }
    let mut rest = word.trim_start_matches('M');
    if word.len() - rest.len() > 3 || word.is_empty() {
        return false;
    }
    for place in DIGITS {
        if let Some(numeral) = place[1..]
            .iter()
            .rev()
            .find(|numeral| rest.starts_with(**numeral))
        {
            rest = &rest[numeral.len()..];
        }
    }
    rest.is_empty()
}

/// Acronyms defined inline as `Expanded Words (ABBR)`: the initials of the
/// words before the parenthesis spell the acronym's letters (case-insensitive;
/// short words such as "and" or "of" may be skipped, hyphenated words count
/// as their parts).
pub fn inline_definitions<'a>(tokens: &[Token<'a>]) -> Vec<&'a str> {
    let mut defined = Vec::new();
    for window in 0..tokens.len().saturating_sub(2) {
        let [open, abbr, close] = [&tokens[window], &tokens[window + 1], &tokens[window + 2]];
        if open.text != "(" || close.text != ")" || !is_acronym_shape(abbr.text) {
            continue;
        }
        let words: Vec<&str> = tokens[..window]
            .iter()
            .rev()
            .take_while(|token| token.is_word())
            .flat_map(|token| token.text.rsplit('-'))
            .collect();
        if initials_spell(&words, abbr.text) {
            defined.push(abbr.text);
        }
    }
    defined
}

/// `words` are in reverse order (nearest the parenthesis first).
fn initials_spell(words: &[&str], abbr: &str) -> bool {
    let mut letters = abbr.chars().rev().filter(|c| c.is_alphabetic()).peekable();
    for word in words {
        let Some(&letter) = letters.peek() else {
            break;
        };
        let initial = word
            .chars()
            .next()
            .map(|c| c.to_uppercase().next().unwrap_or(c));
        if initial == Some(letter) {
            letters.next();
        } else if !MINOR_WORDS.contains(&word.to_lowercase().as_str()) {
            return false;
        }
    }
    letters.peek().is_none()
}

/// The words of a text, hyphenated words also split into their parts.
pub fn words(text: &str) -> Vec<&str> {
    let mut words = Vec::with_capacity(text.len() / 6);
    each_token(text, |start, end, word| {
        // A hyphen inside a word stands between letters or digits, so each
        // of its parts starts with one; no other token is a word.
        if !word {
            return;
        }
        let token = &text[start..end];
        if token.as_bytes().contains(&b'-') {
            words.extend(token.split('-'));
        } else {
            words.push(token);
        }
    });
    words
}

/// Whether `pattern` appears as consecutive words, the last one maybe
/// plural: exactly, or else as words with the same lowercase (the plural
/// adds an `s` to the lowercase). [`crate::term_search`] matches the same.
pub fn mentions(words: &[&str], pattern: &[&str], case_sensitive: bool) -> bool {
    let same = |word: &str, wanted: &str, last: bool| {
        if case_sensitive {
            word == wanted || (last && word.strip_suffix('s') == Some(wanted))
        } else if word.is_ascii() && wanted.is_ascii() {
            word.eq_ignore_ascii_case(wanted)
                || (last
                    && word.len() == wanted.len() + 1
                    && word.as_bytes()[wanted.len()].eq_ignore_ascii_case(&b's')
                    && word[..wanted.len()].eq_ignore_ascii_case(wanted))
        } else {
            let (word, wanted) = (word.to_lowercase(), wanted.to_lowercase());
            word == wanted || (last && word.strip_suffix('s') == Some(wanted.as_str()))
        }
    };
    words.windows(pattern.len().max(1)).any(|window| {
        window
            .iter()
            .zip(pattern)
            .enumerate()
            .all(|(at, (word, wanted))| same(word, wanted, at + 1 == pattern.len()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_random::Random;

    fn words(text: &str) -> Vec<&str> {
        tokens(text, 0)
            .into_iter()
            .filter(Token::is_word)
            .map(|token| token.text)
            .collect()
    }

    #[test]
    fn words_keep_hyphens_and_ampersands_inside() {
        assert_eq!(
            words("See CS-020, SOP-based Q&A; R & D isn't it"),
            [
                "See",
                "CS-020",
                "SOP-based",
                "Q&A",
                "R",
                "D",
                "isn",
                "t",
                "it"
            ]
        );
    }

    /// The tokenizer as it was before [`each_token`], to compare with.
    fn tokens_by_peeking(text: &str) -> Vec<(usize, &str)> {
        let mut tokens = Vec::new();
        let mut chars = text.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if !c.is_alphanumeric() {
                if !c.is_whitespace() {
                    tokens.push((start, &text[start..start + c.len_utf8()]));
                }
                continue;
            }
            let mut previous = c;
            let mut end = start + c.len_utf8();
            while let Some(&(at, c)) = chars.peek() {
                let joins = |ok: fn(char) -> bool| {
                    ok(previous) && text[at + c.len_utf8()..].chars().next().is_some_and(ok)
                };
                let continues = c.is_alphanumeric()
                    || (c == '-' && joins(char::is_alphanumeric))
                    || (c == '&' && joins(char::is_alphabetic));
                if !continues {
                    break;
                }
                previous = c;
                end = at + c.len_utf8();
                chars.next();
            }
            tokens.push((start, &text[start..end]));
        }
        tokens
    }

    #[test]
    fn the_tokenizer_splits_as_the_peeking_one_did() {
        const PIECES: &[&str] = &[
            "a", "Z", "7", "-", "&", " ", "\n", "(", ")", "'", "é", "É", "ß", "٣", "中", "\u{a0}",
            "\u{2003}", "😀", "--", "&&", "s",
        ];
        let mut random = Random::new(42);
        for _ in 0..5000 {
            let text = random.text(PIECES, 12);
            let new: Vec<(usize, &str)> = tokens(&text, 5)
                .iter()
                .map(|token| (token.offset - 5, token.text))
                .collect();
            assert_eq!(new, tokens_by_peeking(&text), "{text:?}");
            let split: Vec<&str> = tokens_by_peeking(&text)
                .into_iter()
                .flat_map(|(_, token)| token.split('-'))
                .filter(|word| word.chars().next().is_some_and(char::is_alphanumeric))
                .collect();
            assert_eq!(super::words(&text), split, "{text:?}");
        }
    }

    #[test]
    fn a_text_without_the_shape_holds_no_acronym() {
        const PIECES: &[&str] = &[
            "A", "B", "s", "x", "2", "&", "-", " ", "\n", "`", "``", "\\", "\\x", "\"", "(", ")",
            "https://", "www.", "É", "ß", "ǅ", "٣",
        ];
        let mut random = Random::new(11);
        for _ in 0..5000 {
            // Up to a few chunks of `chunk::CHUNK` bytes.
            let raw = random.text(PIECES, 30);
            for style in [Style::Plain, Style::DoubleQuoted] {
                let searchable = searchable(&raw, style);
                let tokens = tokens(&searchable, 0);
                let found = tokens
                    .iter()
                    .any(|token| acronym(token.text, &|_| false).is_some())
                    || !inline_definitions(&tokens).is_empty();
                assert!(!found || may_hold_acronym(&raw), "{raw:?}");
            }
        }
    }

    #[test]
    fn acronym_shapes() {
        let none = |_: &str| false;
        for word in ["CSAT", "FCR", "B2B", "Q&A", "2FA"] {
            assert_eq!(acronym(word, &none), Some(word), "{word}");
        }
        assert_eq!(acronym("SOPs", &none), Some("SOP"));
        for word in [
            "A", "A1", "Ok", "CS-020", "II", "XII", "IV", "MUST", "ID", "IDs", "42", "Sop",
        ] {
            assert_eq!(acronym(word, &none), None, "{word}");
        }
        assert_eq!(acronym("PIN", &|word| word == "PIN"), None);
    }

    #[test]
    fn roman_numerals() {
        for word in ["I", "II", "IV", "IX", "XII", "XL", "MCMXCIV", "CD"] {
            assert!(is_roman_numeral(word), "{word}");
        }
        for word in ["IIII", "IC", "VX", "MMMM", "CSAT", ""] {
            assert!(!is_roman_numeral(word), "{word}");
        }
    }

    #[test]
    fn inline_definitions_match_initials() {
        let defined = |text| inline_definitions(&tokens(text, 0)).join(",");
        assert_eq!(defined("Track First Contact Resolution (FCR) daily"), "FCR");
        assert_eq!(defined("first contact resolution (FCR)"), "FCR");
        assert_eq!(defined("Business to Business (B2B)"), "B2B");
        assert_eq!(defined("Questions and Answers (Q&A)"), "Q&A");
        assert_eq!(defined("Average Handle-Time (AHT)"), "AHT");
        assert_eq!(defined("Customer Satisfaction Score (CSAT)"), "");
        assert_eq!(defined("the queue (FCR)"), "");
    }

    #[test]
    fn urls_code_and_escapes_are_blanked_with_offsets_kept() {
        let raw = "see https://x.org/FCR and `CSAT` then AHT";
        let blanked = searchable(raw, Style::Plain);
        assert_eq!(blanked.len(), raw.len());
        assert_eq!(words(&blanked), ["see", "and", "then", "AHT"]);
        let quoted = searchable(r#""a\nFCR \"SLA\"""#, Style::DoubleQuoted);
        assert_eq!(words(&quoted), ["a", "FCR", "SLA"]);
        assert_eq!(
            words(&searchable("`unclosed CSAT", Style::Plain)),
            ["unclosed", "CSAT"]
        );
    }

    #[test]
    fn code_closes_at_the_next_run_of_as_many_backticks() {
        let blanked = |raw| words(&searchable(raw, Style::Plain)).join(" ");
        assert_eq!(blanked("`` a ` b ``` c `` FCR"), "FCR");
        assert_eq!(blanked("``` x `` y ` z"), "x y z");
        assert_eq!(blanked("` a `` b ` c"), "c");
        // An escaped backtick does not count: one opens here, and closes at the last.
        let quoted = searchable(r#""\`` FCR `` SLA` CSAT""#, Style::DoubleQuoted);
        assert_eq!(words(&quoted), ["CSAT"]);
        let quoted = searchable(r#""\\`` FCR `` SLA` CSAT""#, Style::DoubleQuoted);
        assert_eq!(words(&quoted), ["SLA", "CSAT"]);
    }
}
