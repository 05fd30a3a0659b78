//! SOP text for handbooks. SOP files are untrusted (anyone can open a pull
//! request), so raw HTML in SOP Markdown is shown as text, and the HTML that
//! pulldown-cmark makes of the Markdown goes through ammonia, which keeps
//! formatting and links but drops `javascript:` and `data:` URLs (and would
//! drop scripts, event handlers, styles and frames).

use pulldown_cmark::{Event, Options, Parser, html};

/// SOP Markdown as clean HTML.
pub fn markdown_to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        // Raw HTML is the author's text, not markup.
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        event => event,
    });
    let mut unsafe_html = String::new();
    html::push_html(&mut unsafe_html, events);
    clean(&unsafe_html)
}

/// SOP Markdown of one line (a step, a detail) as clean inline HTML: the
/// paragraph around it is dropped.
pub fn markdown_to_inline_html(markdown: &str) -> String {
    let html = markdown_to_html(markdown);
    let trimmed = html.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|rest| rest.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => trimmed.to_string(),
    }
}

fn clean(html: &str) -> String {
    // No `rel` on links: it is invalid on an `<a>` whose unsafe href was dropped.
    ammonia::Builder::default()
        .link_rel(None)
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .clean(html)
        .to_string()
}

/// SOP Markdown for a Markdown handbook: kept as Markdown, but raw HTML is
/// neutralised (`<` and `>` become entities) and line breaks inside one
/// paragraph are joined, so the text cannot break the handbook's structure.
pub fn markdown_for_markdown(markdown: &str) -> String {
    let paragraphs: Vec<String> = markdown
        .split("\n\n")
        .map(|paragraph| paragraph.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|paragraph| !paragraph.is_empty())
        .map(|paragraph| paragraph.replace('<', "&lt;").replace('>', "&gt;"))
        .collect();
    paragraphs.join("\n\n")
}

/// Plain text for Markdown: characters with a meaning in Markdown are
/// backslash-escaped, line breaks become spaces.
pub fn escape_markdown(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
    {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '!' | '|'
            | '~' => {
                escaped.push('\\');
                escaped.push(c);
            }
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '&' => escaped.push_str("&amp;"),
            c => escaped.push(c),
        }
    }
    escaped
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
    fn markdown_keeps_formatting_and_drops_scripts() {
        let html = markdown_to_html(
            "**Bold** [link](https://x.org) <script>alert(1)</script> [bad](javascript:alert(1)) <img src=x onerror=alert(1)>",
        );
        assert!(html.contains("<strong>Bold</strong>"));
        assert!(html.contains("href=\"https://x.org\""));
        assert!(
            html.contains("&lt;script&gt;"),
            "raw HTML is shown as text: {html}"
        );
        assert!(
            !html.contains("<script") && !html.contains("<img"),
            "{html}"
        );
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert_eq!(markdown_to_inline_html("Call *now*"), "Call <em>now</em>");
    }

    #[test]
    fn escapes_for_markdown_and_css() {
        assert_eq!(
            escape_markdown("a *b* <c> [d](e) #f"),
            r"a \*b\* &lt;c&gt; \[d\]\(e\) \#f"
        );
        assert_eq!(markdown_for_markdown("a <b>\nc\n\nd"), "a &lt;b&gt; c\n\nd");
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
