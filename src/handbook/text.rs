//! Plain text made safe for each output: in Markdown, in CSS strings, in
//! URLs; and the anchors of handbook pages. SOP Markdown itself is in
//! `rich`.

/// Plain text for Markdown: characters with a meaning in Markdown are
/// escaped (see [`escape_markdown_into`]), line breaks become spaces.
pub fn escape_markdown(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut escaped = String::with_capacity(text.len());
    escape_markdown_into(&mut escaped, &text, true);
    escaped
}

/// Writes `text` so that Markdown reads it as text and nothing else: the
/// characters that make inline structure anywhere (emphasis, code, links,
/// images, tables, HTML, entities, headings, math) are escaped, and so, at
/// the start of a line (`line_start`), are those that start a block there
/// (`-`, `=`, `:`, and `+ `, `1. `, `1) `). Line breaks become spaces and
/// other control characters are dropped: the caller decides where lines go.
pub fn escape_markdown_into(out: &mut String, text: &str, line_start: bool) {
    let mut rest = text;
    if line_start {
        rest = rest.trim_start();
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let bytes = rest.as_bytes();
        let ends_marker = |at: usize| bytes.get(at).is_none_or(u8::is_ascii_whitespace);
        let marker = match bytes.first() {
            Some(b'-' | b'=' | b':') => Some(0),
            Some(b'+') if ends_marker(1) => Some(0),
            Some(_)
                if digits > 0
                    && matches!(bytes.get(digits), Some(b'.' | b')'))
                    && ends_marker(digits + 1) =>
            {
                Some(digits)
            }
            _ => None,
        };
        if let Some(at) = marker {
            out.push_str(&rest[..at]);
            out.push('\\');
            out.push_str(&rest[at..=at]);
            rest = &rest[at + 1..];
        }
    }
    for c in rest.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '~' | '|' | '#' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' | '\t' | '\u{b}' | '\u{c}' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// Text inside a double-quoted CSS string, safe inside a `<style>` element.
pub fn css_string(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || " .-_,:()".contains(c) {
            escaped.push(c);
        } else {
            escaped.push_str(&format!("\\{:X} ", u32::from(c)));
        }
    }
    escaped
}

/// A URL with the characters that may not stand in one (spaces, quotes,
/// angle brackets, non-ASCII...) percent-encoded, so it is a valid `href`
/// and a valid Markdown autolink.
pub fn safe_url(url: &str) -> String {
    crate::encode::percent_encode(url.trim(), b":/?#[]@!$&'()*+,;=%")
}

/// Hands out anchors that are unique within one page: a repeat of `x`
/// becomes `x-2`, `x-3`...
#[derive(Default)]
pub struct Anchors(std::collections::HashSet<String>);

impl Anchors {
    pub fn unique(&mut self, anchor: String) -> String {
        let mut candidate = anchor.clone();
        let mut count = 1;
        while !self.0.insert(candidate.clone()) {
            count += 1;
            candidate = format!("{anchor}-{count}");
        }
        candidate
    }
}

/// A readable anchor: `Customer Service` is `customer-service`.
pub fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_for_markdown_and_css() {
        assert_eq!(
            escape_markdown("a *b* <c> [d](e) #f"),
            r"a \*b\* &lt;c&gt; \[d\](e) \#f"
        );
        assert_eq!(escape_markdown("- 1 +2"), r"\- 1 +2");
        assert_eq!(escape_markdown("+ 1"), r"\+ 1");
        assert_eq!(escape_markdown("+30"), "+30");
        assert_eq!(escape_markdown(" 12. x\n=\u{1}"), r"12\. x =");
        assert_eq!(escape_markdown("1) x"), r"1\) x");
        assert_eq!(escape_markdown("1.3"), "1.3");
        assert_eq!(escape_markdown("a|b $1 & ![c"), r"a\|b \$1 &amp; \!\[c");
        assert_eq!(
            css_string("v1.0\"}</style>"),
            r"v1.0\22 \7D \3C \2F style\3E "
        );
        assert_eq!(slug("Customer Service & Sales"), "customer-service-sales");
        assert_eq!(
            safe_url("https://x.org/a b\"><é"),
            "https://x.org/a%20b%22%3E%3C%C3%A9"
        );
    }
}
