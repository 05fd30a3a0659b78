//! The ids of every SOP of the project, for the rules that compare SOPs
//! (`duplicate-sop-id`, `unknown-sop`, `retired-reference`, ...). The files
//! that were not given are only scanned for their top-level `id:` line,
//! which is what most of those rules need of them; a file whose line is not
//! plain enough is parsed instead. The SOPs that the given ones name, and
//! those these call in turn, are read whole ([`SopSet::linked`]): the rules
//! need their status and calls.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;

use crate::project::walk::Found;
use crate::source::Label;
use crate::yaml;

/// One SOP id and where it comes from.
#[derive(Debug, Clone)]
pub struct IndexEntry {
    /// The file, as shown.
    pub path: PathBuf,
    pub id: String,
    /// Where the id stands, for the files given.
    pub label: Option<Label>,
    /// Whether the file is one of those given (only those get findings).
    pub given: bool,
    /// The file to read, for the SOPs not given.
    pub file: Option<Found>,
}

/// What the rules across SOPs need of one SOP given.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    /// The file, as shown.
    pub path: PathBuf,
    /// Its id, parsed or recovered from a file that does not parse.
    pub id: Option<(String, Label)>,
    /// Its `status` (`draft` when unset), when the file parsed as an SOP.
    pub status: Option<String>,
    /// The SOP ids its steps `call`, in document order.
    pub calls: Vec<(String, Label)>,
    /// Its `references` that are not URLs.
    pub references: Vec<(String, Label)>,
}

impl IndexEntry {
    /// The entry of an SOP not given, found at `file`.
    pub fn other(path: PathBuf, id: String, file: Found) -> IndexEntry {
        IndexEntry {
            path,
            id,
            label: None,
            given: false,
            file: Some(file),
        }
    }
}

impl Summary {
    /// The SOP ids it names: its calls, then its references.
    pub fn links(&self) -> impl Iterator<Item = &(String, Label)> {
        self.calls.iter().chain(&self.references)
    }
}

/// Every SOP of the project, as the rules across SOPs see it.
#[derive(Debug, Default)]
pub struct SopSet<'a> {
    /// The id of every SOP, given or not, sorted by path: the others' lent
    /// by the project, not copied (10,000 of them in a one-file lint).
    pub ids: Vec<Cow<'a, IndexEntry>>,
    /// The SOPs given and the ids they name.
    pub given: Vec<Summary>,
    /// The SOPs not given that the given ones name, and those these call,
    /// read whole (see [`crate::project::Project::linked`]).
    pub linked: Vec<Summary>,
    /// Where each id's first summary is: given ones first, then linked.
    by_id: HashMap<String, (bool, usize)>,
}

impl<'a> SopSet<'a> {
    /// The set of the SOPs given (their summaries), the SOPs they link to
    /// and the others' ids.
    pub fn new(given: Vec<Summary>, linked: Vec<Summary>, others: &'a [IndexEntry]) -> SopSet<'a> {
        let mut ids: Vec<Cow<'a, IndexEntry>> = given
            .iter()
            .filter_map(|summary| {
                let (id, label) = summary.id.clone()?;
                Some(Cow::Owned(IndexEntry {
                    path: summary.path.clone(),
                    id,
                    label: Some(label),
                    given: true,
                    file: None,
                }))
            })
            .chain(others.iter().map(Cow::Borrowed))
            .collect();
        ids.sort_by(|a, b| super::paths::order(&a.path, &b.path));
        let mut by_id = HashMap::new();
        let places = (given.iter().enumerate().map(|(at, s)| (s, (true, at))))
            .chain(linked.iter().enumerate().map(|(at, s)| (s, (false, at))));
        for (summary, place) in places {
            if let Some((id, _)) = &summary.id {
                by_id.entry(id.clone()).or_insert(place);
            }
        }
        SopSet {
            ids,
            given,
            linked,
            by_id,
        }
    }

    /// The summary of the SOP with this id, given or linked; of the first
    /// file when several share it (`duplicate-sop-id` reports that).
    pub fn summary(&self, id: &str) -> Option<&Summary> {
        let &(given, at) = self.by_id.get(id)?;
        Some(if given {
            &self.given[at]
        } else {
            &self.linked[at]
        })
    }
}

/// What the top-level `id:` line of a file says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdLine {
    /// One plain `id: VALUE` line: the value and its byte range.
    Found(String, yaml::ByteSpan),
    /// Certainly no top-level `id`.
    Missing,
    /// The file may hold an id that only a parser can find.
    Unsure,
}

/// Scans `text` for its top-level `id:` line without parsing the YAML.
///
/// Only a line that starts with `id:` at the first column is a top-level key
/// in block style; the scan is sure only when there is one such line with a
/// plain or simply quoted id, and no line that could start a document,
/// directive, flow collection, quoted key, complex key, anchor or tag.
pub fn scan_id(text: &str) -> IdLine {
    scan(text, false)
}

/// The id of a file that does not parse, from its first plain top-level
/// `id:` line, so that one broken file does not break the calls to it.
pub fn recover_id(text: &str) -> Option<(String, yaml::ByteSpan)> {
    match scan(text, true) {
        IdLine::Found(id, span) => Some((id, span)),
        IdLine::Missing | IdLine::Unsure => None,
    }
}

/// The scan; `lenient` takes the first plain `id:` line whatever else the
/// file holds.
fn scan(text: &str, lenient: bool) -> IdLine {
    let mut found = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        if !lenient
            && (line.starts_with(['"', '\'', '?', '{', '[', '&', '*', '!', '%', '\t'])
                || line.starts_with("---")
                || line.starts_with("..."))
        {
            return IdLine::Unsure;
        }
        let Some(rest) = line.strip_prefix("id") else {
            continue;
        };
        // Another key, such as `identity:`, when no colon follows `id`.
        let Some(value) = rest.trim_start_matches(' ').strip_prefix(':') else {
            continue;
        };
        if found.is_some() && lenient {
            break;
        }
        if found.is_some() || !(value.is_empty() || value.starts_with(' ')) {
            return IdLine::Unsure;
        }
        let value_start = start + (line.len() - value.len());
        match plain_id(value) {
            Some((id, at)) => {
                let begin = value_start + at;
                found = Some((
                    id.to_string(),
                    yaml::ByteSpan {
                        start: begin,
                        end: begin + id.len(),
                    },
                ));
            }
            None if lenient => {}
            None => return IdLine::Unsure,
        }
    }
    match found {
        Some((id, span)) => IdLine::Found(id, span),
        None => IdLine::Missing,
    }
}

/// The id in the value part of an `id:` line, with its offset in `value`:
/// an id of the format's shape, bare or in quotes, maybe with a comment.
fn plain_id(value: &str) -> Option<(&str, usize)> {
    let trimmed = value.trim_start_matches(' ');
    let lead = value.len() - trimmed.len();
    let (body, rest, at) = match trimmed.chars().next()? {
        quote @ ('"' | '\'') => {
            let inner = &trimmed[1..];
            let end = inner.find(quote)?;
            (&inner[..end], &inner[end + 1..], lead + 1)
        }
        _ => {
            let end = trimmed.find(' ').unwrap_or(trimmed.len());
            (&trimmed[..end], &trimmed[end..], lead)
        }
    };
    let rest = rest.trim_start_matches(' ');
    let is_id = body
        .chars()
        .next()
        .is_some_and(|first| first.is_ascii_alphanumeric())
        && body
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    (is_id && (rest.is_empty() || rest.starts_with('#'))).then_some((body, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> IdLine {
        scan_id(text)
    }

    #[test]
    fn finds_a_plain_or_quoted_id() {
        let text = "# comment\nid: CS-010\ntitle: x\n";
        let IdLine::Found(found, span) = id(text) else {
            panic!()
        };
        assert_eq!(found, "CS-010");
        assert_eq!(&text[span.start..span.end], "CS-010");
        assert!(
            matches!(id("id: \"CS-010\"  # note\n"), IdLine::Found(found, _) if found == "CS-010")
        );
        assert!(matches!(id("id : CS-010\n"), IdLine::Found(found, _) if found == "CS-010"));
        assert!(matches!(id("id: 'A.1_b'\n"), IdLine::Found(found, _) if found == "A.1_b"));
    }

    #[test]
    fn nested_or_other_keys_are_not_the_id() {
        assert_eq!(
            id("title: x\ninstructions:\n  - id: step\n"),
            IdLine::Missing
        );
        assert_eq!(id("identity: x\n"), IdLine::Missing);
    }

    #[test]
    fn anything_a_parser_might_read_otherwise_is_unsure() {
        for text in [
            "id: CS 010\n",
            "id: |\n  CS-010\n",
            "id: &a CS-010\n",
            "id: CS-010\nid: CS-011\n",
            "{id: CS-010}\n",
            "\"id\": CS-010\n",
            "---\nid: CS-010\n",
            "id:CS-010\n",
            "id: \"CS\\x30\"\n",
        ] {
            assert_eq!(id(text), IdLine::Unsure, "{text:?}");
        }
    }

    #[test]
    fn a_broken_file_keeps_its_first_plain_id() {
        let text = "id: CS-010\ntitle: [unclosed\nid: CS-011\n";
        assert_eq!(recover_id(text).map(|(id, _)| id), Some("CS-010".into()));
        assert_eq!(recover_id("title: x\n\tid: y\n"), None);
    }
}
