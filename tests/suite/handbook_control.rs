//! Document control in the handbook: every SOP shows its control block
//! (status, version, owner, approval, dates and fingerprint) with who
//! approved it, when, and what that means; an SOP changed since its
//! approval, a draft and one in review say at the top that they are not the
//! approved procedure; retired SOPs are left out unless `--include-retired`,
//! and then marked as retired wherever they appear. Each test renders one
//! project with `sop render`, in HTML and in Markdown.

use std::collections::BTreeMap;

use scraper::Html;

use crate::common;
use common::{TempProject, select, sop_yaml, text};

const APPROVER: &str = "Dana Reyes, Head of Customer Service";

/// The text of CS-1901 when it was approved; its file holds an edit of it.
fn before_edit() -> String {
    sop_yaml(
        "CS-1901",
        "Verifying a caller",
        "",
        &["do: Check the caller's identity."],
    )
}

/// The fingerprint of an SOP's text, as `sop approve` records it.
fn fingerprint(yaml: &str) -> sop::control::Fingerprint {
    sop::control::Fingerprint::of(&sop::yaml::parse(yaml).unwrap().unwrap())
}

/// The short fingerprint, as the handbook shows it.
fn short_fingerprint(yaml: &str) -> String {
    fingerprint(yaml).short().to_string()
}

/// The text of SOP `id` of [`project`] as its file holds it.
fn file_text(project: &TempProject, id: &str) -> String {
    std::fs::read_to_string(project.path(&format!("sops/{id}.yaml"))).unwrap()
}

/// The control fields `sop approve` writes: approved by [`APPROVER`] on
/// `on`, with the fingerprint of `approved` (control fields are not content,
/// so appending these lines does not change it).
fn approval(on: &str, approved: &str) -> String {
    let fingerprint = fingerprint(approved);
    format!(
        "status: approved\napproved_by: {APPROVER}\napproved_on: {on}\nfingerprint: {fingerprint}\n"
    )
}

/// CS-1900 approved as it is; CS-1901 approved, then edited; CS-1902 a
/// draft with no control fields that calls and references the retired
/// CS-1903; CS-1905 in review; CS-1904 retired, called by nobody, alone in
/// its department and the only SOP to define `FAX`.
fn project() -> TempProject {
    let project = TempProject::new("");
    let approved = sop_yaml(
        "CS-1900",
        "Answering the phone",
        "version: \"2.0\"\nowner: Contact Centre Manager\neffective: 2026-10-05\nreview_by: 2027-10-01\n",
        &["do: Answer within three rings."],
    );
    project.write(
        "sops/CS-1900.yaml",
        format!("{approved}{}", approval("2026-10-01", &approved)),
    );
    let edited = before_edit().replace("Check the caller's identity.", "Skip the identity check.");
    project.write(
        "sops/CS-1901.yaml",
        format!("{edited}{}", approval("2026-09-01", &before_edit())),
    );
    project.write(
        "sops/CS-1902.yaml",
        sop_yaml(
            "CS-1902",
            "Taking a message",
            "references:\n  - CS-1903\n",
            &["do: Write the message down.\n    call: CS-1903"],
        ),
    );
    project.write(
        "sops/CS-1903.yaml",
        sop_yaml(
            "CS-1903",
            "Paper message pads",
            "status: retired\n",
            &["do: Tear off the top sheet."],
        ),
    );
    project.write(
        "sops/CS-1904.yaml",
        sop_yaml(
            "CS-1904",
            "Fax cover sheets",
            "status: retired\nterms:\n  FAX: A facsimile\n",
            &["do: Put a cover sheet on every FAX."],
        )
        .replace("department: Customer Service", "department: Records"),
    );
    project.write(
        "sops/CS-1905.yaml",
        sop_yaml(
            "CS-1905",
            "Call-back promises",
            "status: in-review\n",
            &["do: Call back when promised."],
        ),
    );
    project
}

/// `sop render sops ARGS` into a folder of the project: its files by name.
fn render(project: &TempProject, args: &[&str]) -> BTreeMap<String, String> {
    render_paths(project, &["sops"], args)
}

/// `sop render PATHS ARGS`.
fn render_paths(project: &TempProject, paths: &[&str], args: &[&str]) -> BTreeMap<String, String> {
    let out = project.path("handbook");
    let mut command = vec!["render", "--out", out.to_str().unwrap()];
    command.extend(paths);
    command.extend(args);
    let output = common::sop(&project.root, &command);
    assert!(output.status.success(), "{}", common::stderr(&output));
    common::files_in(&out)
}

fn page(files: &BTreeMap<String, String>, name: &str) -> Html {
    Html::parse_document(&files[name])
}

/// The texts of the elements that match `selector`.
fn texts(page: &Html, selector: &str) -> Vec<String> {
    select(page, selector).iter().map(text).collect()
}

/// The part of the Markdown handbook about SOP `id`: from its heading to
/// the next SOP's or the glossary's.
fn markdown_section<'a>(markdown: &'a str, id: &str) -> &'a str {
    let start = markdown
        .find(&format!("\n### {id} — "))
        .unwrap_or_else(|| panic!("no section for {id}"));
    let rest = &markdown[start + 1..];
    let end = [rest[4..].find("\n### "), rest[4..].find("\n## ")]
        .into_iter()
        .flatten()
        .min()
        .map_or(rest.len(), |end| end + 4);
    &rest[..end]
}

fn sop_ids(index: &Html) -> Vec<String> {
    texts(index, ".sop-list .sop-id")
}

#[test]
fn the_control_block_shows_every_field_and_who_approved_what() {
    let project = project();
    let files = render(&project, &[]);
    let approved = short_fingerprint(&file_text(&project, "CS-1900"));
    let expected_fields = [
        "Status approved".to_string(),
        "Version 2.0".to_string(),
        "Owner Contact Centre Manager".to_string(),
        format!("Approved by {APPROVER}"),
        "Approved on 2026-10-01".to_string(),
        "Effective 2026-10-05".to_string(),
        "Next review 2027-10-01".to_string(),
        format!("Fingerprint {approved}"),
    ];
    let statement = format!(
        "Approved by {APPROVER} on 2026-10-01: this revision (fingerprint {approved}) is the approved procedure."
    );
    let sop_page = page(&files, "CS-1900.html");
    let print = page(&files, "print.html");
    for (block, scope) in [(&sop_page, ".sop-page"), (&print, "#print-sop-CS-1900")] {
        assert_eq!(
            texts(block, &format!("{scope} .sop-control dl > div")),
            expected_fields
        );
        assert_eq!(
            texts(block, &format!("{scope} .control-statement")),
            [statement.as_str()]
        );
        assert!(select(block, &format!("{scope} .notice")).is_empty());
    }

    // A field that is not set says so; a draft makes no statement.
    let draft = page(&files, "CS-1902.html");
    let draft_fingerprint = short_fingerprint(&file_text(&project, "CS-1902"));
    assert_eq!(
        texts(&draft, ".sop-control dl > div"),
        [
            "Status draft".to_string(),
            "Version not set".to_string(),
            "Owner not set".to_string(),
            "Approved by not set".to_string(),
            "Approved on not set".to_string(),
            "Effective not set".to_string(),
            "Next review not set".to_string(),
            format!("Fingerprint {draft_fingerprint}"),
        ]
    );
    assert!(select(&draft, ".control-statement").is_empty());

    let markdown = &render(&project, &["--format", "markdown"])["handbook.md"];
    let section = markdown_section(markdown, "CS-1900");
    let block = format!(
        "**Document control:**\n\n- **Status:** approved\n- **Version:** 2.0\n\
         - **Owner:** Contact Centre Manager\n- **Approved by:** {APPROVER}\n\
         - **Approved on:** 2026-10-01\n- **Effective:** 2026-10-05\n\
         - **Next review:** 2027-10-01\n- **Fingerprint:** `{approved}`\n\n{statement}\n"
    );
    assert!(section.contains(&block), "{block}\nnot in\n{section}");
    assert!(!section.contains("\n> "), "no notice: {section}");
    let draft_section = markdown_section(markdown, "CS-1902");
    assert!(
        draft_section.contains("- **Version:** not set\n")
            && draft_section.contains("- **Next review:** not set\n")
            && !draft_section.contains("Approved by Dana"),
        "{draft_section}"
    );
}

#[test]
fn only_the_sop_changed_after_approval_says_it_is_not_the_approved_revision() {
    let project = project();
    let files = render(&project, &[]);
    let notice = format!(
        "Not the approved revision. This text has changed since it was approved by {APPROVER} \
         on 2026-09-01: it is not the approved revision. Do not rely on it until it is re-approved."
    );
    let changed = page(&files, "CS-1901.html");
    assert_eq!(texts(&changed, ".notice-changed"), [notice.as_str()]);
    // At the top: right under the title, before the control block and the text.
    let after_header: Vec<String> = select(&changed, "article > *")
        .iter()
        .map(|element| {
            element
                .value()
                .attr("class")
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(
        after_header[..3],
        ["sop-header", "notice notice-changed", "sop-control"]
    );
    let (before, after) = (
        short_fingerprint(&before_edit()),
        short_fingerprint(&file_text(&project, "CS-1901")),
    );
    assert_ne!(before, after);
    assert_eq!(
        texts(&changed, ".control-statement"),
        [format!(
            "Approved by {APPROVER} on 2026-09-01 for the revision with fingerprint {before}; \
             this text (fingerprint {after}) is not that revision."
        )]
    );
    assert!(texts(&changed, ".sop-control dd").contains(&after));
    let print = page(&files, "print.html");
    assert_eq!(
        texts(&print, ".notice-changed"),
        [notice.as_str()],
        "the print page too, and only for CS-1901"
    );
    for (name, content) in files.iter().filter(|(name, _)| name.starts_with("CS-")) {
        assert_eq!(
            content.contains("notice-changed"),
            name == "CS-1901.html",
            "{name}"
        );
    }

    let markdown = &render(&project, &["--format", "markdown"])["handbook.md"];
    let section = markdown_section(markdown, "CS-1901");
    assert!(
        section.starts_with(&format!(
            "### CS-1901 — Verifying a caller\n\n> **Not the approved revision.** {}\n",
            notice.trim_start_matches("Not the approved revision. ")
        )),
        "{section}"
    );
    assert_eq!(markdown.matches("Not the approved revision.").count(), 1);
}

#[test]
fn drafts_and_sops_in_review_say_they_are_not_approved_yet() {
    let project = project();
    let files = render(&project, &[]);
    for (name, notice) in [
        ("CS-1902", "This SOP is a draft: it is not approved yet."),
        ("CS-1905", "This SOP is in review: it is not approved yet."),
    ] {
        let expected = format!("Not approved. {notice} Do not rely on it until it is approved.");
        assert_eq!(
            texts(
                &page(&files, &format!("{name}.html")),
                ".notice-not-approved"
            ),
            [expected.as_str()]
        );
    }
    assert!(select(&page(&files, "CS-1900.html"), ".notice").is_empty());
    let markdown = &render(&project, &["--format", "markdown"])["handbook.md"];
    assert!(
        markdown_section(markdown, "CS-1905")
            .contains("\n> **Not approved.** This SOP is in review: it is not approved yet.")
    );
}

#[test]
fn retired_sops_are_left_out_of_the_handbook() {
    let project = project();
    let files = render(&project, &[]);
    for name in ["CS-1903.html", "CS-1904.html"] {
        assert!(!files.contains_key(name), "{name} was rendered");
    }
    let index = page(&files, "index.html");
    assert_eq!(
        sop_ids(&index),
        ["CS-1900", "CS-1901", "CS-1902", "CS-1905"]
    );
    assert_eq!(
        texts(&index, "section.department h2"),
        ["Customer Service"],
        "no department of retired SOPs only"
    );
    let print = page(&files, "print.html");
    assert_eq!(select(&print, "article.sop").len(), 4);
    assert!(
        !files["search-index.js"].contains("CS-1903")
            && !files["search-index.js"].contains("CS-1904")
    );
    assert!(
        select(&page(&files, "glossary.html"), "#term-fax").is_empty(),
        "the terms of a left-out SOP"
    );
    // A call or reference to a retired SOP is text, with no link, in the
    // steps and in the flowchart, on every page.
    for (name, content) in files.iter().filter(|(name, _)| name.ends_with(".html")) {
        for element in select(&Html::parse_document(content), "*") {
            for (attribute, value) in element.value().attrs() {
                assert!(
                    !value.contains("CS-1903") && !value.contains("CS-1904"),
                    "{name}: {attribute}={value}"
                );
            }
        }
    }
    let caller = page(&files, "CS-1902.html");
    assert_eq!(
        texts(&caller, ".step-call"),
        ["Carry out CS-1903 (retired, not in this handbook)."]
    );
    assert_eq!(
        texts(&caller, ".references li"),
        ["CS-1903 (retired, not in this handbook)"]
    );

    let markdown = &render(&project, &["--format", "markdown"])["handbook.md"];
    assert!(
        !markdown.contains("CS-1904")
            && !markdown.contains("### CS-1903")
            && !markdown.contains("#cs-1903"),
        "{markdown}"
    );
    assert!(markdown.contains("Carry out CS-1903 (retired, not in this handbook)."));

    // The caller alone: the retired SOP it calls is read to say why it is not there.
    let alone = render_paths(&project, &["sops/CS-1902.yaml"], &["--include-retired"]);
    assert_eq!(
        texts(&page(&alone, "CS-1902.html"), ".step-call"),
        ["Carry out CS-1903 (retired, not in this handbook)."]
    );
}

#[test]
fn include_retired_shows_them_marked_as_retired() {
    let project = project();
    let files = render(&project, &["--include-retired"]);
    let banner = "Retired. This SOP is retired: it is no longer in use. Do not follow it; \
                  it is shown for reference only.";
    let print = page(&files, "print.html");
    for id in ["CS-1903", "CS-1904"] {
        assert_eq!(
            texts(&page(&files, &format!("{id}.html")), ".notice-retired"),
            [banner]
        );
        assert_eq!(
            texts(&print, &format!("#print-sop-{id} .notice-retired")),
            [banner]
        );
    }
    assert_eq!(select(&print, ".notice-retired").len(), 2);
    let index = page(&files, "index.html");
    assert_eq!(
        sop_ids(&index),
        [
            "CS-1900", "CS-1901", "CS-1902", "CS-1903", "CS-1905", "CS-1904"
        ]
    );
    let marked: Vec<String> = select(&index, ".sop-list li")
        .iter()
        .filter(|li| li.inner_html().contains("status-retired"))
        .filter_map(|li| li.value().attr("id").map(str::to_string))
        .collect();
    assert_eq!(marked, ["sop-CS-1903", "sop-CS-1904"]);
    assert_eq!(
        texts(&index, "section.department h2"),
        ["Customer Service", "Records"]
    );
    let caller = page(&files, "CS-1902.html");
    assert_eq!(
        texts(&caller, ".step-call"),
        ["Carry out CS-1903 · Paper message pads (retired)."]
    );
    assert_eq!(
        select(&caller, ".step-call a")[0].value().attr("href"),
        Some("CS-1903.html")
    );
    assert_eq!(
        files["search-index.js"]
            .matches(r#""status":"retired""#)
            .count(),
        2
    );
    assert_eq!(
        texts(&page(&files, "glossary.html"), "#term-fax .used-by"),
        ["Used in CS-1904 (retired)."]
    );

    let markdown = &render(&project, &["--format", "markdown", "--include-retired"])["handbook.md"];
    for (id, title) in [
        ("CS-1903", "Paper message pads"),
        ("CS-1904", "Fax cover sheets"),
    ] {
        let section = markdown_section(markdown, id);
        assert!(
            section.starts_with(&format!(
                "### {id} — {title}\n\n> **Retired.** This SOP is retired: it is no longer in use."
            )),
            "{section}"
        );
        let anchor = format!(
            "{}--{}",
            id.to_lowercase(),
            title.to_lowercase().replace(' ', "-")
        );
        assert!(
            markdown.contains(&format!("  - [{id} — {title}](#{anchor}) (retired)\n")),
            "the contents mark {id}: {markdown}"
        );
    }
    assert!(markdown.contains("Paper message pads](#cs-1903--paper-message-pads) (retired)."));
}

#[test]
fn status_retired_shows_the_retired_sops() {
    let project = project();
    let files = render(&project, &["--status", "retired"]);
    assert_eq!(sop_ids(&page(&files, "index.html")), ["CS-1903", "CS-1904"]);
    assert!(files["CS-1903.html"].contains("notice-retired"));
}
