//! The fingerprint contract, through `sop fingerprint`: how the content is
//! written does not change it, what it says does, and the control fields
//! (status, owner, review and approval, revisions, tags) do not count.

use crate::common;

use common::{TempProject, fingerprint};

const BASE: &str = r#"id: CS-1830
title: Opening the branch
department: Branch Banking
version: "1.0"
effective: 2026-12-01
purpose: Open on time and safely.
terms:
  PIN: Personal identification number
metrics:
  - name: Opened on time
    target: "99%"
instructions:
  - do: Disarm the alarm with your PIN.
  - do: Unlock the door.
"#;

/// The fingerprint of each text, written to a file of its own.
fn fingerprints(texts: &[String]) -> Vec<String> {
    let project = TempProject::new("");
    texts
        .iter()
        .enumerate()
        .map(|(index, text)| {
            let file = format!("sops/v{index}.yaml");
            project.write(&file, text);
            fingerprint(&project.root, &file)
        })
        .collect()
}

/// `BASE` with `from` replaced by `to`, which must be there.
fn with(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "{from:?}");
    BASE.replacen(from, to, 1)
}

#[test]
fn how_the_content_is_written_does_not_change_it() {
    let same = [
        BASE.to_string(),
        // Quoting.
        with("title: Opening the branch", "title: \"Opening the branch\"")
            .replace("version: \"1.0\"", "version: '1.0'")
            .replace("effective: 2026-12-01", "effective: \"2026-12-01\""),
        // Key order.
        with(
            "id: CS-1830\ntitle: Opening the branch\n",
            "title: Opening the branch\nid: CS-1830\n",
        )
        .replace(
            "  - name: Opened on time\n    target: \"99%\"",
            "  - target: \"99%\"\n    name: Opened on time",
        ),
        // Comments and blank lines.
        format!(
            "# Opening\n{}",
            with(
                "instructions:\n",
                "\n# The steps\ninstructions: # in order\n"
            )
        ),
        // Flow style.
        with(
            "terms:\n  PIN: Personal identification number\n",
            "terms: {PIN: Personal identification number}\n",
        )
        .replace(
            "  - do: Disarm the alarm with your PIN.\n  - do: Unlock the door.\n",
            "  [{do: Disarm the alarm with your PIN.}, {do: Unlock the door.}]\n",
        ),
        // A folded scalar and other indentation.
        with(
            "purpose: Open on time and safely.",
            "purpose: >-\n    Open on time\n    and safely.",
        )
        .replace(
            "  - name: Opened on time\n    target:",
            "    - name: Opened on time\n      target:",
        ),
    ];
    let fingerprints = fingerprints(&same);
    assert!(
        fingerprints.iter().all(|each| *each == fingerprints[0]),
        "{fingerprints:#?}"
    );
}

#[test]
fn any_change_to_what_the_sop_says_changes_it() {
    let changed = [
        BASE.to_string(),
        with("Unlock the door.", "Unlock the front door."),
        with(
            "Personal identification number",
            "Personal identification number, four digits",
        ),
        with("target: \"99%\"", "target: \"98%\""),
        with("version: \"1.0\"", "version: \"1.1\""),
        with("effective: 2026-12-01", "effective: 2026-12-02"),
    ];
    let fingerprints = fingerprints(&changed);
    for (index, each) in fingerprints.iter().enumerate().skip(1) {
        assert_ne!(*each, fingerprints[0], "{}", changed[index]);
    }
}

#[test]
fn the_control_fields_do_not_count() {
    let control = [
        "status: approved\n",
        "owner: Branch manager\n",
        "review_by: 2027-12-01\n",
        "approved_by: Dana Reyes, Head of Branch Banking\n",
        "approved_on: 2026-11-20\n",
        "fingerprint: sha256:0000000000000000000000000000000000000000000000000000000000000000\n",
        "revisions:\n  - {version: \"1.0\", date: 2026-11-20, summary: First issue.}\n",
        "tags: [branch, opening]\n",
    ];
    let texts: Vec<String> = std::iter::once(BASE.to_string())
        .chain(control.iter().map(|line| format!("{BASE}{line}")))
        .collect();
    let fingerprints = fingerprints(&texts);
    assert!(
        fingerprints.iter().all(|each| *each == fingerprints[0]),
        "{fingerprints:#?}"
    );
}

#[test]
fn a_folder_gives_one_line_per_sop_and_skips_its_glossary() {
    let project = TempProject::new("");
    project.write("sops/a.yaml", BASE);
    project.write("sops/b.yaml", with("Unlock the door.", "Open the door."));
    project.write("sops/glossary.yaml", "ATM: Automated teller machine\n");
    let output = common::sop(&project.root, &["fingerprint", "sops"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let lines: Vec<String> = common::stdout(&output).lines().map(String::from).collect();
    assert_eq!(
        lines,
        [
            format!("{}  sops/a.yaml", fingerprint(&project.root, "sops/a.yaml")),
            format!("{}  sops/b.yaml", fingerprint(&project.root, "sops/b.yaml")),
        ]
    );
    assert_ne!(lines[0][..71], lines[1][..71]);

    // A glossary named on its own has no fingerprint to print.
    let named = common::sop(&project.root, &["fingerprint", "sops/glossary.yaml"]);
    assert_eq!(named.status.code(), Some(1));
    assert!(common::stderr(&named).contains("a glossary, not an SOP"));
}
