//! SOP text made safe for SVG.

/// SOP text made inert in XML text and attribute values: the five special
/// characters become references, characters XML 1.0 forbids are dropped, and
/// tabs and line breaks become spaces (every text here is one line).
pub(crate) fn escape(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_drops_what_xml_forbids() {
        assert_eq!(escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
        assert_eq!(escape("x\u{0}\u{8}\u{1f}\u{fffe}\u{ffff}y\tz\n"), "xy z ");
        assert_eq!(escape("é 🎉 \u{85} \u{fffd}"), "é 🎉 \u{85} \u{fffd}");
    }
}
