//! The limits that keep every run bounded by the size of its input. SOP
//! files come from pull requests anyone can send, so no file may make `sop`
//! use memory or time out of proportion to its size. Where a writer could
//! need more, `[limits]` in `sop.toml` raises a limit; hitting one is a
//! `limit-exceeded` finding (or `unreadable-file` for the file size), never
//! a silent cut.

/// The limits a project may configure, with the defaults documented in the
/// README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file read, in MiB (an SOP is a few kilobytes).
    pub file_size_mib: usize,
    /// Findings shown per file; the rest become one "and N more" finding.
    pub findings_per_file: usize,
    /// Most steps of one SOP that are drawn as a flowchart.
    pub chart_steps: usize,
    /// Most branches of one decision that are drawn as a flowchart.
    pub chart_branches: usize,
    /// Most terms one glossary file may define.
    pub glossary_terms: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file_size_mib: 8,
            findings_per_file: 100,
            chart_steps: 500,
            chart_branches: 50,
            glossary_terms: 10_000,
        }
    }
}

/// The largest value each limit may be raised to: past these the run is no
/// longer bounded in any useful sense.
const CEILINGS: Limits = Limits {
    file_size_mib: 256,
    findings_per_file: 100_000,
    chart_steps: 5_000,
    chart_branches: 500,
    glossary_terms: 1_000_000,
};

impl Limits {
    /// The largest file read, in bytes.
    pub fn file_size(&self) -> u64 {
        self.file_size_mib as u64 * 1024 * 1024
    }

    /// Sets the limit named as in `sop.toml` (`chart-steps`), or says why not.
    pub fn set(&mut self, name: &str, value: i64) -> Result<(), String> {
        let (field, ceiling) = match name {
            "file-size-mib" => (&mut self.file_size_mib, CEILINGS.file_size_mib),
            "findings-per-file" => (&mut self.findings_per_file, CEILINGS.findings_per_file),
            "chart-steps" => (&mut self.chart_steps, CEILINGS.chart_steps),
            "chart-branches" => (&mut self.chart_branches, CEILINGS.chart_branches),
            "glossary-terms" => (&mut self.glossary_terms, CEILINGS.glossary_terms),
            _ => {
                return Err(format!(
                    "unknown limit `{name}`: the limits are {}",
                    NAMES.map(|name| format!("`{name}`")).join(", ")
                ));
            }
        };
        match usize::try_from(value) {
            Ok(value) if (1..=ceiling).contains(&value) => {
                *field = value;
                Ok(())
            }
            _ => Err(format!(
                "`{name} = {value}` is out of range: use 1 to {ceiling}"
            )),
        }
    }
}

/// The names of the limits in `sop.toml`.
const NAMES: [&str; 5] = [
    "file-size-mib",
    "findings-per-file",
    "chart-steps",
    "chart-branches",
    "glossary-terms",
];

/// Deepest Markdown nesting (block quotes and lists) rendered as Markdown;
/// deeper text is shown as plain text. Writers never need more than a few
/// levels, and parsers and sanitizers slow down with depth.
pub const MARKDOWN_DEPTH: usize = 16;

/// Rule ids read from the suppression comments of one file (a malformed
/// comment counts as one): an SOP needs a handful, and each costs a finding
/// kept until the end of the run.
pub const SUPPRESSED_RULES: usize = 1_000;

/// Characters of a source line kept with a finding, around the point it is
/// about: a code frame needs context, not the whole line.
pub const EXCERPT_CHARS: usize = 100;

/// How deeply Markdown text nests block quotes and lists, estimated line by
/// line in one pass: the container markers (`>`, `-`, `*`, `+`, `1.`, `1)`)
/// at the start of a line, plus one level per two spaces of indentation
/// before a marker. An upper bound is enough: it only decides whether the
/// text is rendered as Markdown.
pub fn markdown_depth(text: &str) -> usize {
    text.lines().map(line_depth).max().unwrap_or(0)
}

fn line_depth(line: &str) -> usize {
    let bytes = line.as_bytes();
    let (mut depth, mut at) = (0, 0);
    loop {
        let indent_start = at;
        while at < bytes.len() && matches!(bytes[at], b' ' | b'\t') {
            at += 1;
        }
        let indent = at - indent_start;
        let marker_end = match bytes.get(at) {
            Some(b'>') => at + 1,
            Some(b'-' | b'*' | b'+') if matches!(bytes.get(at + 1), None | Some(b' ' | b'\t')) => {
                at + 1
            }
            Some(b'0'..=b'9') => {
                let digits = bytes[at..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                match (bytes.get(at + digits), bytes.get(at + digits + 1)) {
                    (Some(b'.' | b')'), None | Some(b' ' | b'\t')) => at + digits + 1,
                    _ => return depth,
                }
            }
            _ => return depth,
        };
        depth += 1 + indent / 2;
        at = marker_end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_depth_counts_quotes_lists_and_indentation() {
        assert_eq!(markdown_depth("plain text\nmore"), 0);
        assert_eq!(markdown_depth("> quoted"), 1);
        assert_eq!(markdown_depth("- a\n  - b\n    - c"), 3);
        assert_eq!(markdown_depth("> > - 1. x"), 4);
        assert_eq!(markdown_depth("-not a list"), 0);
        assert_eq!(markdown_depth("2026 was a year"), 0);
        assert_eq!(markdown_depth(&">".repeat(100_000)), 100_000);
        assert_eq!(markdown_depth(&"- ".repeat(1_000)), 1_000);
    }

    #[test]
    fn limits_are_set_by_name_within_their_ceilings() {
        let mut limits = Limits::default();
        assert_eq!(limits.file_size(), 8 * 1024 * 1024);
        limits.set("chart-steps", 800).unwrap();
        assert_eq!(limits.chart_steps, 800);
        assert_eq!(
            limits.set("chart-steps", 0).unwrap_err(),
            "`chart-steps = 0` is out of range: use 1 to 5000"
        );
        assert!(limits.set("glossary-terms", -1).is_err());
        assert!(limits.set("file-size-mib", 257).is_err());
        assert!(
            limits
                .set("chart-size", 5)
                .unwrap_err()
                .contains("`chart-steps`")
        );
        for name in NAMES {
            assert!(Limits::default().set(name, 1).is_ok(), "{name}");
        }
    }
}
