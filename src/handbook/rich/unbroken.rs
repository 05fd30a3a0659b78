//! Ids and dates in SOP text kept on one line: a browser may break a line
//! after any hyphen, which cuts `CS-030` or `2024-06-03` in two, on paper
//! worst of all. Each becomes a `<span class="nobreak">` (`style.css`).

use pulldown_cmark::{CowStr, Event};

/// The class of the span; the one ammonia lets through on a `span`.
pub const CLASS: &str = "nobreak";
/// The span's tags, as both the cleaner and the direct writer write them.
pub const OPEN: &str = "<span class=\"nobreak\">";
pub const CLOSE: &str = "</span>";

/// `text` as events, its ids and dates each wrapped in a span.
pub fn text_events(text: &CowStr<'_>) -> Vec<Event<'static>> {
    let mut events = Vec::new();
    for (part, unbroken) in parts(text) {
        if unbroken {
            events.push(Event::InlineHtml(OPEN.into()));
        }
        events.push(Event::Text(part.to_string().into()));
        if unbroken {
            events.push(Event::InlineHtml(CLOSE.into()));
        }
    }
    events
}

/// `text` in its parts, none empty, in order: each with whether it is an
/// id or a date, to keep on one line.
pub fn parts(text: &str) -> impl Iterator<Item = (&str, bool)> {
    let mut rest = text;
    let mut found: Option<&str> = None;
    std::iter::from_fn(move || {
        if let Some(token) = found.take() {
            return Some((token, true));
        }
        if rest.is_empty() {
            return None;
        }
        let Some((start, end)) = next_token(rest) else {
            return Some((std::mem::take(&mut rest), false));
        };
        let (before, token) = (&rest[..start], &rest[start..end]);
        rest = &rest[end..];
        if before.is_empty() {
            Some((token, true))
        } else {
            found = Some(token);
            Some((before, false))
        }
    })
}

/// The byte range of the first id or date in `text`.
fn next_token(text: &str) -> Option<(usize, usize)> {
    let is_part = |c: char| c.is_ascii_alphanumeric() || c == '-';
    let mut at = 0;
    while at < text.len() {
        let start = at + text[at..].find(is_part)?;
        let end = text[start..]
            .find(|c| !is_part(c))
            .map_or(text.len(), |n| start + n);
        if is_id_or_date(&text[start..end]) {
            return Some((start, end));
        }
        at = end;
    }
    None
}

/// `CS-030`, `ISO-9001`, `2024-06-03`, `2024-06`: capitals, then capitals
/// or digits; or a year and a month, and a day.
fn is_id_or_date(word: &str) -> bool {
    let parts: Vec<&str> = word.split('-').collect();
    if parts.len() < 2 || parts.iter().any(|part| part.is_empty()) {
        return false;
    }
    let digits = |part: &str, n: usize| part.len() == n && part.bytes().all(|b| b.is_ascii_digit());
    let date =
        parts.len() <= 3 && digits(parts[0], 4) && parts[1..].iter().all(|part| digits(part, 2));
    let id = parts[0].bytes().all(|b| b.is_ascii_uppercase())
        && parts[1..].iter().all(|part| {
            part.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        });
    date || id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_dates_are_found_and_nothing_else() {
        for word in ["CS-030", "ISO-9001", "2024-06-03", "2024-06", "A-B-1"] {
            assert!(is_id_or_date(word), "{word}");
        }
        for word in [
            "well-known",
            "CS-",
            "-CS",
            "Cs-030",
            "24-06-03",
            "CS--1",
            "2024",
        ] {
            assert!(!is_id_or_date(word), "{word}");
        }
        let events = text_events(&"see CS-030 (from 2024-06-03).".into());
        let texts: Vec<String> = events
            .iter()
            .map(|event| match event {
                Event::Text(text) | Event::InlineHtml(text) => text.to_string(),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(OPEN, format!("<span class=\"{CLASS}\">"));
        assert_eq!(
            texts.concat(),
            "see <span class=\"nobreak\">CS-030</span> (from <span class=\"nobreak\">2024-06-03</span>)."
        );
    }
}
