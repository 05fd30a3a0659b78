//! The query layer of `sop lsp` (`sop::navigate`) on the fixture project
//! `tests/navigate`: each file is loaded as the server loads it (the file
//! given, the open buffer as an overlay), and every answer is checked in
//! bytes of the text: outline, hover and completion as snapshots,
//! definition, references and rename by the text they point at, and each
//! fix by applying it and linting again. Every function is also asked at
//! every offset of a file with non-ASCII text and of one with a syntax
//! error: no panic, and no span inside a character.

use crate::common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sop::diagnostic::Diagnostic;
use sop::navigate::{self, Completion, Edit, FileEdits, Location, RenameError, Symbol};
use sop::project::{self, Document, Project};
use sop::yaml::ByteSpan;

const REFUND: &str = "sops/refunds/CS-2350-refund-request.yaml";
const ESCALATION: &str = "sops/refunds/CS-2351-refund-escalation.yaml";
const GLOSSARY: &str = "sops/glossary.yaml";
/// A file that is only an open buffer, not on disk.
const UNSAVED: &str = "sops/refunds/CS-2360-unsaved.yaml";

fn root() -> PathBuf {
    common::repo_file("tests/navigate")
}

fn disk(file: &str) -> String {
    std::fs::read_to_string(root().join(file)).unwrap()
}

/// The project of `file` as `sop lsp` loads it (as `sop lint FILE` does),
/// with `buffers` (file, text) as the editor's open buffers.
fn load(file: &str, buffers: &[(&str, &str)]) -> Project {
    let root = root();
    let mut options = project::Options::new(&root, vec![PathBuf::from(file)]);
    options.overlays = buffers
        .iter()
        .map(|(path, text)| (root.join(path), text.as_bytes().to_vec()))
        .collect::<HashMap<_, _>>();
    project::load(&options).unwrap()
}

/// The project of the SOP `file` with `text` as its buffer, and the file read.
fn open(file: &str, text: &str) -> (Project, Document) {
    let project = load(file, &[(file, text)]);
    let document = project.read(&project.files[0]);
    (project, document)
}

/// The offset of the `^` in `marked`, which is a part of `text` once the
/// `^` is taken out.
fn offset(text: &str, marked: &str) -> usize {
    let caret = marked.find('^').unwrap();
    let needle = marked.replacen('^', "", 1);
    let start = text
        .find(&needle)
        .unwrap_or_else(|| panic!("{needle:?} is not in the text"));
    start + caret
}

/// `text` with `marked`'s text replaced by it without its `^`, and the
/// offset of the `^`: an edit in the buffer and the cursor after it.
fn typed(text: &str, old: &str, marked: &str) -> (String, usize) {
    assert!(text.contains(old), "{old:?}");
    let edited = text.replacen(old, &marked.replacen('^', "", 1), 1);
    let at = text.find(old).unwrap() + marked.find('^').unwrap();
    (edited, at)
}

fn slice(text: &str, span: ByteSpan) -> &str {
    &text[span.start..span.end]
}

/// Each location as its file (from the fixture root) and the text it
/// spans: in the file's buffer `(file, text)`, or on disk.
fn places(locations: &[Location], buffer: (&str, &str)) -> Vec<(String, String)> {
    locations
        .iter()
        .map(|location| {
            let relative = location.path.strip_prefix(root()).unwrap();
            let file = relative.to_string_lossy().replace('\\', "/");
            let text = if file == buffer.0 {
                buffer.1.to_string()
            } else {
                std::fs::read_to_string(&location.path).unwrap()
            };
            (file, slice(&text, location.span).to_string())
        })
        .collect()
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// Applies the edits of one file, the last first.
fn apply(text: &str, edits: &[Edit]) -> String {
    let mut edits = edits.to_vec();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.span.start));
    let mut edited = text.to_string();
    for edit in edits {
        edited.replace_range(edit.span.start..edit.span.end, &edit.new_text);
    }
    edited
}

/// The edits of the one file a fix or rename changes, which is `file`.
fn edits_of<'a>(file: &str, edits: &'a [FileEdits]) -> &'a [Edit] {
    let [only] = edits else {
        panic!("edits of {} files", edits.len())
    };
    assert_eq!(only.path, root().join(file));
    &only.edits
}

/// The findings of the SOP `file` with this text, as `sop lint FILE` reports them.
fn lint(file: &str, text: &str) -> Vec<Diagnostic> {
    let project = load(file, &[(file, text)]);
    sop::lint::check(&project, "2026-11-22".parse().unwrap())
        .unwrap()
        .diagnostics
}

fn outline_text(symbols: &[Symbol], text: &str, depth: usize, out: &mut String) {
    for symbol in symbols {
        assert!(
            symbol.span.start <= symbol.selection.start && symbol.selection.end <= symbol.span.end,
            "{symbol:?}"
        );
        let detail = symbol
            .detail
            .as_ref()
            .map_or(String::new(), |detail| format!(" — {detail}"));
        out.push_str(&format!(
            "{}{:?} {}{detail} @ {:?}\n",
            "  ".repeat(depth),
            symbol.kind,
            symbol.name,
            slice(text, symbol.selection)
        ));
        outline_text(&symbol.children, text, depth + 1, out);
    }
}

#[test]
fn the_fixture_project_lints_clean() {
    let project = load("sops", &[]);
    let report = sop::lint::check(&project, "2026-11-22".parse().unwrap()).unwrap();
    assert_eq!(report.diagnostics, []);
}

#[test]
fn outline_of_an_sop_and_of_a_glossary() {
    let text = disk(REFUND);
    let (_, document) = open(REFUND, &text);
    let mut out = String::new();
    outline_text(&navigate::outline(&document), &text, 0, &mut out);
    insta::assert_snapshot!("outline_sop", out);

    let project = load(GLOSSARY, &[]);
    let glossary = project.given_glossaries().next().unwrap();
    let mut out = String::new();
    outline_text(&navigate::outline(glossary), &disk(GLOSSARY), 0, &mut out);
    insta::assert_snapshot!("outline_glossary", out);
}

#[test]
fn hover() {
    let text = disk(REFUND);
    let (project, document) = open(REFUND, &text);
    let mut out = String::new();
    for marked in [
        "in the C^RM",
        "keep CS^AT high",
        "with the RMA^ number",
        "RM^A: Return",
        "call: CS-23^51",
        "  - CS-2^352",
        "goto: po^st",
        "goto: \"esc^alate\"",
        "next: p^ost",
        "role: team-^leader",
        "  re^p: Customer",
        "  - id: with^in-limit",
        "    ne^xt: post",
        "ti^tle: Handle",
    ] {
        let hover = navigate::hover(&project, &document, offset(&text, marked)).unwrap();
        out.push_str(&format!(
            "=== {marked} ({:?})\n{}\n\n",
            slice(&text, hover.span),
            hover.markdown
        ));
    }
    insta::assert_snapshot!("hover", out);

    let rule =
        navigate::hover(&project, &document, offset(&text, "undefined-ac^ronym --")).unwrap();
    let docs = sop::rules::Rule::UndefinedAcronym.docs();
    assert!(
        rule.markdown
            .starts_with("**`undefined-acronym`** (error by default)")
    );
    assert!(rule.markdown.contains(&docs), "{}", rule.markdown);
    assert!(
        rule.markdown
            .contains(&sop::rules::Rule::UndefinedAcronym.help_uri())
    );
    for nothing in [
        "Look ^up",
        "# yaml-^language",
        "reason code RF^D",
        "    do: ^Hand",
    ] {
        assert_eq!(
            navigate::hover(&project, &document, offset(&text, nothing)),
            None,
            "{nothing}"
        );
    }
}

#[test]
fn hover_on_a_call_shows_the_open_buffer_of_the_called_sop() {
    let text = disk(REFUND);
    let escalation = disk(ESCALATION).replace(
        "title: Approve a refund above the representative's limit",
        "title: Approve a large refund",
    );
    let project = load(REFUND, &[(ESCALATION, &escalation)]);
    let document = project.read(&project.files[0]);
    let hover = navigate::hover(&project, &document, offset(&text, "call: CS-23^51")).unwrap();
    assert!(
        hover
            .markdown
            .starts_with("**CS-2351** · Approve a large refund\n"),
        "{}",
        hover.markdown
    );
}

fn completion_text(completions: &[Completion], text: &str) -> String {
    completions
        .iter()
        .map(|completion| {
            format!(
                "{:?} {:?} replaces {:?} with {:?}{}\n",
                completion.kind,
                completion.label,
                slice(text, completion.replace),
                completion.insert,
                completion
                    .detail
                    .as_ref()
                    .map_or(String::new(), |detail| format!(" — {detail}"))
            )
        })
        .collect()
}

#[test]
fn completions() {
    let original = disk(REFUND);
    let cases = [
        (
            "goto: post\n      - when: \"no\"",
            "goto: ^\n      - when: \"no\"",
        ),
        ("        goto: \"escalate\"", "        goto: \"esc^\""),
        ("    call: CS-2351", "    call: CS-23^"),
        (
            "    role: rep\n  - id: within",
            "    role: ^\n  - id: within",
        ),
        (
            "Look up the customer in the CRM",
            "Look up the customer in the CR^",
        ),
        (
            "    end: true\n",
            "    end: true\n  - do: Close the case.\n    next: ^",
        ),
        ("    role: team-leader\n    call", "    ro^\n    call"),
        (
            "      - when: \"no\"\n",
            "      - when: \"maybe\"\n        ^\n      - when: \"no\"\n",
        ),
        ("  - CS-2352\n", "  - CS-2352\n  - CS-2^\n"),
        (
            "owner: Customer Service Manager\n",
            "owner: Customer Service Manager\n^\n",
        ),
        (
            "  - name: Refunds posted the same day\n",
            "  - name: Refunds posted the same day\n    ^\n",
        ),
    ];
    let mut out = String::new();
    for (old, marked) in cases {
        let (text, at) = typed(&original, old, marked);
        let (project, document) = open(REFUND, &text);
        let completions = navigate::completions(&project, &document, at);
        assert!(!completions.is_empty(), "{marked}");
        out.push_str(&format!(
            "=== {marked:?}\n{}\n",
            completion_text(&completions, &text)
        ));
    }
    insta::assert_snapshot!("completions", out);
}

#[test]
fn a_field_completion_documents_the_field_and_keeps_a_colon_that_follows() {
    let text = disk(REFUND);
    let (project, document) = open(REFUND, &text);
    let completions = navigate::completions(&project, &document, offset(&text, "    ne^xt: post"));
    let next = completions
        .iter()
        .find(|completion| completion.label == "next")
        .unwrap();
    assert_eq!(next.insert, "next");
    assert_eq!(slice(&text, next.replace), "next");
    let schema = navigate::FieldContext::Step.field("next").unwrap();
    assert_eq!(next.documentation.as_deref(), Some(schema.description));
    assert!(
        !completions
            .iter()
            .any(|completion| completion.label == "do"),
        "the step has `do` already"
    );
}

#[test]
fn definition() {
    let text = disk(REFUND);
    let (project, document) = open(REFUND, &text);
    let definition = |marked: &str| {
        let found = navigate::definition(&project, &document, offset(&text, marked));
        places(&found, (REFUND, &text))
    };
    let refund = |found: &str| owned(&[(REFUND, found)]);
    assert_eq!(definition("goto: po^st"), refund("post"));
    assert_eq!(definition("goto: \"escalate^\""), refund("escalate"));
    assert_eq!(definition("next: ^post"), refund("post"));
    assert_eq!(definition("  - id: ^post"), refund("post"));
    assert_eq!(definition("role: team-lea^der"), refund("team-leader"));
    assert_eq!(definition("with the RM^A"), refund("RMA"));
    assert_eq!(definition("id: CS-^2350"), refund("CS-2350"));
    assert_eq!(
        definition("call: CS-2351^"),
        owned(&[(ESCALATION, "CS-2351")])
    );
    assert_eq!(
        definition("  - CS-23^52"),
        owned(&[("sops/refunds/CS-2352-goodwill-payment.yaml", "CS-2352")])
    );
    assert_eq!(definition("in the CR^M"), owned(&[(GLOSSARY, "CRM")]));
    for nothing in [
        "    ro^le: rep",
        "Look ^up",
        "https://intra^net",
        "reason code RF^D",
    ] {
        assert_eq!(definition(nothing), [], "{nothing}");
    }
}

#[test]
fn references() {
    let text = disk(REFUND);
    let (project, document) = open(REFUND, &text);
    let references = |marked: &str| {
        let found = navigate::references(&project, &document, offset(&text, marked));
        places(&found, (REFUND, &text))
    };
    let refund = |found: &[&str]| -> Vec<(String, String)> {
        found
            .iter()
            .map(|found| (REFUND.to_string(), found.to_string()))
            .collect()
    };
    assert_eq!(
        references("  - id: po^st"),
        refund(&["post", "post", "post"])
    );
    assert_eq!(
        references("goto: \"^escalate\""),
        refund(&["escalate", "\"escalate\""])
    );
    assert_eq!(
        references("role: r^ep"),
        refund(&["rep", "rep", "rep", "rep"])
    );
    assert_eq!(references("RMA^: Return"), refund(&["RMA", "RMA"]));
    assert_eq!(
        references("call: CS-235^1"),
        owned(&[
            (ESCALATION, "CS-2351"),
            (REFUND, "CS-2351"),
            ("sops/refunds/CS-2352-goodwill-payment.yaml", "CS-2351"),
        ])
    );
    assert_eq!(
        references("id: CS-2350^"),
        owned(&[(REFUND, "CS-2350"), (ESCALATION, "CS-2350")])
    );
    let crm = references("in the ^CRM");
    assert_eq!(crm[0], (GLOSSARY.to_string(), "CRM".to_string()));
    assert_eq!(crm[1..], refund(&["CRM"]));
    assert_eq!(references("ve^rsion: \"1.0\""), []);
}

#[test]
fn rename_a_step_and_every_jump_to_it() {
    let text = disk(REFUND);
    let (project, document) = open(REFUND, &text);
    let at = offset(&text, "goto: \"esca^late\"");
    let target = navigate::rename_target(&document, at).unwrap();
    assert_eq!(slice(&text, target), "escalate", "inside the quotes");
    assert_eq!(
        navigate::rename_target(&document, offset(&text, "call: CS-^2351")),
        None
    );

    let edits = navigate::rename(&project, &document, at, "ask-team-leader").unwrap();
    let renamed = apply(&text, edits_of(REFUND, &edits));
    assert!(renamed.contains("  - id: ask-team-leader\n"));
    assert!(renamed.contains("        goto: \"ask-team-leader\"\n"));
    assert_eq!(lint(REFUND, &renamed), []);

    let post = offset(&text, "  - id: po^st");
    let edits = navigate::rename(&project, &document, post, "2026").unwrap();
    let renamed = apply(&text, edits_of(REFUND, &edits));
    assert_eq!(
        renamed.matches("\"2026\"").count(),
        3,
        "a number is quoted: {renamed}"
    );
    assert_eq!(lint(REFUND, &renamed), []);

    let refused = |offset: usize, name: &str| {
        navigate::rename(&project, &document, offset, name).unwrap_err()
    };
    assert_eq!(
        refused(post, "escalate"),
        RenameError::Taken("escalate".into())
    );
    assert_eq!(
        refused(post, "post refund"),
        RenameError::InvalidId("post refund".into())
    );
    assert_eq!(
        refused(post, "-post"),
        RenameError::InvalidId("-post".into())
    );
    assert_eq!(
        refused(offset(&text, "role: r^ep"), "x"),
        RenameError::NotAStep
    );
    assert_eq!(
        navigate::rename(&project, &document, post, "post"),
        Ok(Vec::new())
    );
}

/// An SOP with one mistake of each kind that has a fix, as a buffer that is
/// not saved yet.
const MISTAKES: &str = "\
id: CS-2360
title: Log a complaint about a refund
department: Customer Service
status: aproved
purpsoe: Record every complaint about a refund so that none is lost.
roles:
  rep: Customer service representative
instructions:
  - id: log
    do: Log the complaint in the CRM and tell the customer the NPS survey will follow.
    roel: rep
  - do: Pass it to the team leader.
    role: rpe
    call: CS-2315
    next: clsoe
  # sop-disable-next-line unknwn-step -- kept from the old flow
  - id: close
    do: Close the case.
";

#[test]
fn every_fix_removes_its_finding_and_keeps_the_yaml_valid() {
    let findings = lint(UNSAVED, MISTAKES);
    let (project, document) = open(UNSAVED, MISTAKES);
    let mut out = String::new();
    for finding in &findings {
        let fixes = navigate::fixes(&project, &document, finding);
        out.push_str(&format!("=== {} {:?}\n", finding.rule, finding.subject()));
        for fix in &fixes {
            out.push_str(&format!(
                "{}{}\n",
                fix.title,
                if fix.preferred { " (preferred)" } else { "" }
            ));
            let fixed = apply(MISTAKES, edits_of(UNSAVED, &fix.edits));
            assert!(sop::yaml::parse(&fixed).is_ok(), "{}:\n{fixed}", fix.title);
            let count = |findings: &[Diagnostic]| {
                findings
                    .iter()
                    .filter(|other| {
                        other.rule == finding.rule && other.subject() == finding.subject()
                    })
                    .count()
            };
            assert_eq!(
                count(&lint(UNSAVED, &fixed)),
                count(&findings) - 1,
                "{}:\n{fixed}",
                fix.title
            );
        }
    }
    insta::assert_snapshot!("fixes", out);
}

#[test]
fn the_did_you_mean_fix_is_the_help() {
    let findings = lint(UNSAVED, MISTAKES);
    let (project, document) = open(UNSAVED, MISTAKES);
    let step = findings
        .iter()
        .find(|finding| finding.rule == "unknown-step")
        .unwrap();
    assert_eq!(step.help.as_deref(), Some("did you mean `close`?"));
    let fix = &navigate::fixes(&project, &document, step)[0];
    assert_eq!(fix.title, "Change `clsoe` to `close`");
    let fixed = apply(MISTAKES, edits_of(UNSAVED, &fix.edits));
    assert!(fixed.contains("    next: close\n"));
}

#[test]
fn a_term_is_added_where_the_terms_are() {
    let fix = |text: &str| -> String {
        let findings = lint(UNSAVED, text);
        let acronym = findings
            .iter()
            .find(|finding| finding.rule == "undefined-acronym")
            .unwrap();
        let (project, document) = open(UNSAVED, text);
        let fixes = navigate::fixes(&project, &document, acronym);
        let add = fixes
            .iter()
            .find(|fix| fix.title == "Add `NPS` to `terms`")
            .unwrap();
        let fixed = apply(text, edits_of(UNSAVED, &add.edits));
        assert!(
            !lint(UNSAVED, &fixed)
                .iter()
                .any(|finding| finding.rule == "undefined-acronym"),
            "{fixed}"
        );
        fixed
    };
    let sop = |terms: &str| {
        format!(
            "id: CS-2361\ntitle: Survey\ndepartment: Customer Service\npurpose: Ask for the NPS.\n{terms}instructions:\n  - do: Send it.\n"
        )
    };
    assert!(
        fix(&sop("")).contains("purpose: Ask for the NPS.\nterms:\n  NPS: \"\"\ninstructions:\n")
    );
    assert!(fix(&sop("terms:\n")).contains("terms:\n  NPS: \"\"\ninstructions:\n"));
    let sorted = fix(&sop(
        "terms:\n    AHT: Average handling time\n    QA: Quality assurance\n",
    ));
    assert!(
        sorted.contains("    AHT: Average handling time\n    NPS: \"\"\n    QA: Quality"),
        "{sorted}"
    );
    let unsorted = fix(&sop(
        "terms:\n  QA: Quality assurance\n  AHT: >\n    Average\n    handling time\n",
    ));
    assert!(
        unsorted.contains("    handling time\n  NPS: \"\"\ninstructions:"),
        "{unsorted}"
    );
    let at_the_end = "id: CS-2361\ntitle: Survey\ndepartment: Customer Service\ninstructions:\n  - do: Send it.\npurpose: Ask for the NPS.";
    assert!(fix(at_the_end).starts_with("id: CS-2361\ntitle: Survey\ndepartment: Customer Service\nterms:\n  NPS: \"\"\ninstructions:"));
}

#[test]
fn a_broken_line_keeps_navigation_for_the_rest() {
    let original = disk(REFUND);
    let (text, at) = typed(
        &original,
        "    role: team-leader\n    call",
        "    rol^\n    call",
    );
    let (project, document) = open(REFUND, &text);
    assert!(matches!(document.content, project::Content::Failed(_)));
    let goto = offset(&text, "goto: po^st");
    assert_eq!(
        places(
            &navigate::definition(&project, &document, goto),
            (REFUND, &text)
        ),
        owned(&[(REFUND, "post")])
    );
    let hover = navigate::hover(&project, &document, offset(&text, "in the CR^M")).unwrap();
    assert!(hover.markdown.starts_with("**CRM**: Customer Relationship"));
    let labels: Vec<String> = navigate::completions(&project, &document, at)
        .into_iter()
        .map(|completion| completion.label)
        .collect();
    assert!(labels.contains(&"role".to_string()), "{labels:?}");
    assert_eq!(navigate::outline(&document), []);
    assert_eq!(navigate::rename_target(&document, goto), None);
    assert_eq!(
        navigate::rename(&project, &document, goto, "x"),
        Err(RenameError::NotParsed)
    );
    for finding in lint(REFUND, &text) {
        assert_eq!(navigate::fixes(&project, &document, &finding), []);
    }
}

/// Asks every function at every offset of `text` (also inside characters
/// and past the end): nothing panics, and every span lies on character
/// boundaries of its file.
fn ask_everywhere(file: &str, text: &str) {
    let (project, document) = open(file, text);
    let boundaries = |path: &Path, span: ByteSpan| {
        let other;
        let text = if path == root().join(file) {
            text
        } else {
            other = std::fs::read_to_string(path).unwrap();
            &other
        };
        assert!(span.start <= span.end && span.end <= text.len(), "{span:?}");
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "{span:?}"
        );
    };
    let here = root().join(file);
    for offset in 0..=text.len() + 1 {
        let definition = navigate::definition(&project, &document, offset);
        let references = navigate::references(&project, &document, offset);
        for location in definition.iter().chain(&references) {
            boundaries(&location.path, location.span);
        }
        if !references.is_empty() {
            assert!(references.starts_with(&definition), "at {offset}");
        }
        if let Some(hover) = navigate::hover(&project, &document, offset) {
            boundaries(&here, hover.span);
        }
        for completion in navigate::completions(&project, &document, offset) {
            boundaries(&here, completion.replace);
        }
        if let Some(span) = navigate::rename_target(&document, offset) {
            boundaries(&here, span);
        }
        if let Ok(edits) = navigate::rename(&project, &document, offset, "renamed") {
            for edit in edits.iter().flat_map(|file| &file.edits) {
                boundaries(&here, edit.span);
            }
        }
    }
    fn each_symbol(symbols: &[Symbol], check: &dyn Fn(ByteSpan)) {
        for symbol in symbols {
            check(symbol.span);
            check(symbol.selection);
            each_symbol(&symbol.children, check);
        }
    }
    each_symbol(&navigate::outline(&document), &|span| {
        boundaries(&here, span)
    });
}

#[test]
fn every_offset_of_a_file_with_non_ascii_text() {
    let text = disk(REFUND);
    assert!(!text.is_ascii());
    ask_everywhere(REFUND, &text);
}

#[test]
fn every_offset_of_a_file_with_a_syntax_error() {
    let original = disk(REFUND);
    let (broken, _) = typed(&original, "      - when: \"no\"", "      - when: [\"nö^");
    ask_everywhere(REFUND, &broken);
    ask_everywhere(UNSAVED, "\tid: ü\n");
    ask_everywhere(UNSAVED, "");
    ask_everywhere(UNSAVED, "- just\n- a list\n");
}

#[test]
fn a_glossary_has_an_outline_and_its_findings_a_suppression() {
    let text = "CRM: Customer Relationship Management system\nCSAT:\n  - not a text\n";
    let project = load(GLOSSARY, &[(GLOSSARY, text)]);
    let glossary = project.given_glossaries().next().unwrap();
    for offset in 0..=text.len() {
        assert_eq!(navigate::definition(&project, glossary, offset), []);
        assert_eq!(navigate::references(&project, glossary, offset), []);
        assert_eq!(navigate::hover(&project, glossary, offset), None);
        assert_eq!(navigate::completions(&project, glossary, offset), []);
        assert_eq!(navigate::rename_target(glossary, offset), None);
    }
    let names: Vec<String> = navigate::outline(glossary)
        .into_iter()
        .map(|symbol| symbol.name)
        .collect();
    assert_eq!(names, ["CRM", "CSAT"]);

    let findings = lint(GLOSSARY, text);
    let [finding] = &findings[..] else {
        panic!("{findings:?}")
    };
    let fixes = navigate::fixes(&project, glossary, finding);
    let [suppress] = &fixes[..] else {
        panic!("{fixes:?}")
    };
    assert_eq!(
        suppress.title,
        "Suppress this `schema` finding with a comment"
    );
    let fixed = apply(text, edits_of(GLOSSARY, &suppress.edits));
    let left: Vec<&str> = lint(GLOSSARY, &fixed)
        .iter()
        .map(|found| found.rule)
        .collect();
    assert_eq!(
        left,
        ["unused-suppression"],
        "the reason is the writer's: {fixed}"
    );
}

#[test]
fn a_new_file_completes_the_fields_of_an_sop() {
    for (text, typed) in [
        ("", ""),
        ("# A new SOP\n", ""),
        ("ti", "ti"),
        ("id: CS-2362\nde", "de"),
    ] {
        let (project, document) = open(UNSAVED, text);
        let completions = navigate::completions(&project, &document, text.len());
        let labels: Vec<&str> = completions.iter().map(|c| c.label.as_str()).collect();
        assert!(labels.contains(&"department"), "{text:?}: {labels:?}");
        assert_eq!(labels.contains(&"id"), !text.contains("id:"), "{text:?}");
        assert!(completions.iter().all(|c| slice(text, c.replace) == typed));
    }
}

#[test]
fn many_sops_are_all_listed_and_long_texts_cut_short() {
    let project = common::TempProject::new("");
    let long = "Keep refunds exact. ".repeat(500);
    for number in 0..250 {
        let id = format!("CS-{}", 23_000 + number);
        let purpose = format!("purpose: {long}\n");
        let text = common::sop_text(&id, "", &["do: Check the refund."])
            .replace("purpose: Keep the work the same every time.\n", &purpose);
        project.write(&format!("sops/{id}.yaml"), text);
    }
    let file = project.path("sops/CS-23000.yaml");
    let text = std::fs::read_to_string(&file).unwrap().replace(
        "do: Check the refund.",
        "do: Check the refund.\n    call: CS-23001",
    );
    let mut options = project::Options::new(&project.root, vec![file.clone()]);
    options.overlays.insert(file, text.clone().into_bytes());
    let loaded = project::load(&options).unwrap();
    let document = loaded.read(&loaded.files[0]);

    let at = offset(&text, "call: ^CS-23001");
    let completions = navigate::completions(&loaded, &document, at);
    assert_eq!(completions.len(), 249, "every id but its own");
    let titled = completions.iter().filter(|c| c.detail.is_some()).count();
    assert_eq!(titled, 200);
    assert_eq!(completions[0].label, "CS-23001");

    let hover = navigate::hover(&loaded, &document, at).unwrap();
    assert!(hover.markdown.ends_with("…"), "{}", hover.markdown.len());
    assert!(hover.markdown.chars().count() < 2_200);
}
