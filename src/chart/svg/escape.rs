//! SOP text made safe for SVG.

use std::fmt;

/// SOP text made inert in XML text and attribute values: the five special
/// characters become references, characters XML 1.0 forbids are dropped, and
/// tabs and line breaks become spaces (every text here is one line).
///
/// Written where it is formatted, without a string of its own: a chart
/// escapes every label, key and tooltip, thousands per handbook.
pub(crate) fn escape(text: &str) -> Escaped<'_> {
    Escaped(text)
}

/// Text that [`escape`]s itself when formatted.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Escaped<'a>(&'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0;
        // Where the run of characters written as they are starts.
        let mut plain = 0;
        for (at, c) in text.char_indices() {
            let written = match c {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                '\t' | '\n' | '\r' => " ",
                '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => "",
                _ => continue,
            };
            f.write_str(&text[plain..at])?;
            f.write_str(written)?;
            plain = at + c.len_utf8();
        }
        f.write_str(&text[plain..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_random::Random;

    #[test]
    fn escaping_drops_what_xml_forbids() {
        assert_eq!(
            escape("a<b>&\"c'").to_string(),
            "a&lt;b&gt;&amp;&quot;c&#39;"
        );
        assert_eq!(
            escape("x\u{0}\u{8}\u{1f}\u{fffe}\u{ffff}y\tz\n").to_string(),
            "xy z "
        );
        assert_eq!(
            escape("é 🎉 \u{85} \u{fffd}").to_string(),
            "é 🎉 \u{85} \u{fffd}"
        );
    }

    /// The escaping as it was written before it wrote runs: one character
    /// at a time into a string of its own.
    fn by_character(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                '\t' | '\n' | '\r' => out.push(' '),
                '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
                c => out.push(c),
            }
        }
        out
    }

    #[test]
    fn runs_are_escaped_as_each_character_is() {
        let pieces = [
            "step", " ", "&", "<", ">", "\"", "'", "\t", "\n", "\r", "\u{0}", "\u{1f}", "\u{7f}",
            "\u{fffe}", "\u{ffff}", "\u{fffd}", "é", "🎉", "&amp;", "CSAT",
        ];
        let mut random = Random::new(7);
        for count in 0..2_000 {
            let text = random.text(&pieces, count % 12);
            assert_eq!(escape(&text).to_string(), by_character(&text), "{text:?}");
        }
    }
}
