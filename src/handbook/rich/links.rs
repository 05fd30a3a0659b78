//! Which link targets SOP text may have, for both handbooks.

/// The schemes a link in SOP text may use. `tel` is left out: GitHub drops
/// `tel:` links from rendered Markdown, so keeping it would make the two
/// handbooks disagree; a phone number stays readable as text.
pub const SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// The longest link target, in bytes. No reader follows a longer link, and
/// ammonia's HTML writer takes time quadratic in the length of an
/// attribute full of `&`s.
pub const MAX_TARGET: usize = 2048;

/// Whether a link may point at `url`: one of [`SCHEMES`], or a relative
/// target (no scheme), in at most [`MAX_TARGET`] bytes. The URL is read as
/// a browser reads it (tabs and line breaks anywhere and leading or
/// trailing control characters and spaces ignored, the scheme in any
/// case); anything before the first `:` that is not a known scheme makes
/// it unsafe, even if it is no scheme at all (`a b:c`). Entities are
/// decoded before (pulldown-cmark does), and both handbooks write `&` as an
/// entity.
pub fn is_safe(url: &str) -> bool {
    if url.len() > MAX_TARGET {
        return false;
    }
    let url: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let url = url.trim_matches(|c: char| c <= ' ');
    match url.find([':', '/', '?', '#']) {
        Some(at) if url[at..].starts_with(':') => SCHEMES
            .iter()
            .any(|scheme| scheme.eq_ignore_ascii_case(&url[..at])),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_mail_and_relative_targets_are_safe() {
        for url in [
            "https://x.org/a:b",
            "HTTP://x.org",
            "mailto:a@x.org",
            "CS-010.html#step-1",
            "/a/b:c",
            "?q=a:b",
            "#top",
            "",
            "javascript%3Aalert(1)",
        ] {
            assert!(is_safe(url), "{url}");
        }
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\tscr\nipt:alert(1)",
            "data:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
            "tel:+441234",
            &format!("https://x.org/{}", "a".repeat(MAX_TARGET)),
        ] {
            assert!(!is_safe(url), "{url}");
        }
    }
}
