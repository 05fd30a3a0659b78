//! Reading what parsed of an SOP with a syntax error. The writer is often
//! in the middle of a line (`    br` before the colon, `next: [` before the
//! bracket closes); the rest of the file is fine. The text is repaired
//! without moving a byte (lines blanked, or the text cut short before the
//! error) until it parses, so every span of the repaired tree is a span of
//! the real text.

use crate::model::Sop;
use crate::project::{Cause, Content, Document, Project};
use crate::source::SourceFile;
use crate::yaml::{self, Node};

/// A broken document's real text, and the tree and model of its repair.
pub(crate) struct Recovered {
    pub source: SourceFile,
    pub parsed: Option<(Node, Sop)>,
}

impl Recovered {
    pub fn view(&self) -> Option<super::View<'_>> {
        let (root, sop) = self.parsed.as_ref()?;
        Some(super::View {
            source: &self.source,
            root,
            sop,
        })
    }
}

/// What can be read of a document that failed to parse as YAML (its text,
/// and its repair for a syntax error) or is empty; `None` for one that
/// parsed, or could not be read as text.
pub(crate) fn recover(project: &Project, document: &Document) -> Option<Recovered> {
    let Content::Failed(failure) = &document.content else {
        return None;
    };
    if !matches!(failure.cause, Cause::Syntax | Cause::Empty) {
        return None;
    }
    let text = project.text_of(document)?;
    let parsed = match (failure.cause, &failure.label) {
        (Cause::Syntax, Some(label)) => repaired(&text, label.start.line),
        _ => None,
    };
    Some(Recovered {
        source: SourceFile::new(document.path.clone(), text),
        parsed,
    })
}

/// The tree and model of the first repair that parses as an SOP.
fn repaired(text: &str, line: usize) -> Option<(Node, Sop)> {
    repairs(text, line).into_iter().find_map(|repaired| {
        let root = yaml::parse(&repaired).ok()??;
        let sop = Sop::from_node(&root)?;
        Some((root, sop))
    })
}

/// The repairs to try, best first, for an error reported on the 1-based
/// `line`: the parser often notices a mistake on the line after it.
fn repairs(text: &str, line: usize) -> Vec<String> {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(at, _)| at + 1))
        .collect();
    let bounds = |line: usize| -> Option<(usize, usize)> {
        let start = *starts.get(line.checked_sub(1)?)?;
        let end = starts.get(line).map_or(text.len(), |next| next - 1);
        Some((start, end))
    };
    let error = bounds(line);
    // The nearest line above the error that holds something.
    let before = (1..line)
        .rev()
        .filter_map(bounds)
        .find(|&(start, end)| !text[start..end].trim().is_empty());
    let mut repairs = Vec::new();
    let blank_lines = |lines: &[(usize, usize)]| {
        let mut bytes = text.as_bytes().to_vec();
        for &(start, end) in lines {
            bytes[start..end].fill(b' ');
        }
        // Whole lines were blanked with ASCII spaces: still UTF-8.
        String::from_utf8(bytes).ok()
    };
    repairs.extend(error.and_then(|error| blank_lines(&[error])));
    repairs.extend(before.and_then(|before| blank_lines(&[before])));
    if let (Some(before), Some(error)) = (before, error) {
        repairs.extend(blank_lines(&[before, error]));
    }
    repairs.extend(before.map(|(start, _)| text[..start].to_string()));
    repairs.extend(error.map(|(start, _)| text[..start].to_string()));
    repairs
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree of the first repair of `text` that parses, as its error says.
    fn repaired_root(text: &str) -> Option<Node> {
        let error = yaml::parse(text).unwrap_err();
        let line = text[..error.offset].matches('\n').count() + 1;
        repaired(text, line).map(|(root, _)| root)
    }

    #[test]
    fn a_line_being_typed_is_left_out_and_the_rest_is_read() {
        for text in [
            "id: CS-2350\ninstructions:\n  - id: start\n    do: Greet the caller.\n    br\n",
            "id: CS-2350\ninstructions:\n  - id: start\n    do: Greet\n    next: [\n  - id: end\n    do: y\n",
            "id: CS-2350\ninstructions:\n  - id: start\n    do: \"Greet\n  - id: end\n    do: y\n",
            "id: CS-2350\ninstructions:\n  - id: start\n    do: Grüße\n\tnext: y\n",
        ] {
            let root = repaired_root(text).unwrap_or_else(|| panic!("{text}"));
            let first = root.pointer("/instructions/0/id").unwrap();
            assert_eq!(&text[first.span.start..first.span.end], "start", "{text}");
        }
    }

    #[test]
    fn repairs_keep_every_byte_where_it_was() {
        let text = "a: é\nb: [\nc: ü\n";
        for repaired in repairs(text, 3) {
            assert!(text.starts_with(&repaired) || repaired.len() == text.len());
        }
        assert!(repairs("", 1).iter().all(String::is_empty));
        assert!(repairs("a: [", 7).iter().all(|r| r.len() <= 4));
    }
}
