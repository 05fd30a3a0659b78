//! Content built to make `sop` slow: each test writes a project with one
//! such input and checks what `sop` makes of it. The time these take is
//! measured by hand on release builds (see the commits), never asserted.

use std::process::Output;

use crate::common;
use common::{TempProject, findings, sop, stderr, stdout};
use serde_json::Value;

const HEAD: &str =
    "title: Procedure\ndepartment: Customer Service\npurpose: Keep the work the same every time.\n";

/// An SOP with `id`, `extra` top-level lines and the given instructions.
fn sop_file(id: &str, extra: &str, instructions: &str) -> String {
    format!("id: {id}\n{HEAD}{extra}instructions:\n{instructions}")
}

/// A small SOP that is fine in every way.
fn small(id: &str) -> String {
    sop_file(
        id,
        "",
        "  - do: Answer the call.\n  - do: Close the call.\n",
    )
}

/// A first step asking which of `count` answers, each going to its own step.
fn decision(count: usize) -> String {
    let mut text = String::from("  - ask: Which one?\n    branches:\n");
    for n in 0..count {
        text.push_str(&format!("      - when: answer {n}\n        goto: s{n}\n"));
    }
    for n in 0..count {
        text.push_str(&format!(
            "  - id: s{n}\n    do: Handle answer {n}.\n    end: true\n"
        ));
    }
    text
}

/// Runs `sop ARGS` in the project's root.
fn run(project: &TempProject, args: &[&str]) -> Output {
    sop(&project.root, args)
}

/// The findings of `lint --format json` as (file name, rule, line, message).
fn lint(project: &TempProject) -> Vec<(String, String, u64, String)> {
    findings(&run(project, &["lint", "--format", "json"]))
        .into_iter()
        .map(|(file, rule, line, _, message)| (file, rule, line, message))
        .collect()
}

#[test]
fn a_decision_of_5000_branches_gets_a_finding_and_no_chart() {
    let project = TempProject::new("sops = \"sops\"\n");
    project.write("sops/BIG.yaml", sop_file("BIG", "", &decision(5_000)));
    project.write("sops/SMALL.yaml", small("SMALL"));
    let out = project.root.join("charts");
    let output = run(
        &project,
        &[
            "graph",
            "sops",
            "--format",
            "svg",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let stderr = stderr(&output);
    assert!(stderr.contains("error[limit-exceeded]: this decision has 5000 branches; flowcharts are drawn for at most 50"), "{stderr}");
    assert!(
        stderr.contains("this SOP has 5001 steps; flowcharts are drawn for at most 500"),
        "{stderr}"
    );
    assert_eq!(project.names("charts"), [".sop-charts", "SMALL.svg"]);

    let output = run(&project, &["graph", "sops/BIG.yaml"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).is_empty());

    let book = project.root.join("book");
    let output = run(&project, &["render", "--out", book.to_str().unwrap()]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let page = std::fs::read_to_string(book.join("BIG.html")).unwrap();
    assert!(page.contains(r#"<p class="chart-note">No flowchart: this SOP has 5001 steps; flowcharts are drawn for at most 500.</p>"#));
    assert!(!page.contains("<svg"));
    let page = std::fs::read_to_string(book.join("SMALL.html")).unwrap();
    assert!(page.contains("<svg") && !page.contains("chart-note"));
}

#[test]
fn chart_branches_above_the_ceiling_is_a_configuration_error() {
    let project = TempProject::new("sops = \"sops\"\n[limits]\nchart-branches = 5000\n");
    project.write("sops/SMALL.yaml", small("SMALL"));
    for command in ["lint", "graph"] {
        let output = run(&project, &[command, "sops/SMALL.yaml"]);
        assert_eq!(output.status.code(), Some(2), "{command}");
        let stderr = stderr(&output);
        assert!(
            stderr.contains("chart-branches") && stderr.contains("500"),
            "{stderr}"
        );
    }
}

#[test]
fn charts_at_the_ceilings_are_drawn() {
    let project =
        TempProject::new("sops = \"sops\"\n[limits]\nchart-steps = 5000\nchart-branches = 500\n");
    // 500 answers, then a chain of steps, every tenth asking to go on or
    // back a few steps, to 5,000 steps in all.
    let mut steps = decision(500).replace("    end: true\n", "    next: c0\n");
    for n in 0..4_499 {
        if n % 10 == 5 {
            steps.push_str(&format!(
                "  - id: c{n}\n    ask: Go on?\n    branches:\n      - when: go on\n        goto: c{}\n      - when: again\n        goto: c{}\n",
                n + 1,
                n - 5
            ));
        } else {
            steps.push_str(&format!("  - id: c{n}\n    do: Step {n}.\n"));
        }
    }
    project.write("sops/BIG.yaml", sop_file("BIG", "", &steps));
    let output = run(&project, &["graph", "sops/BIG.yaml", "--format", "svg"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let svg = stdout(&output);
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let document = roxmltree::Document::parse_with_options(&svg, options).unwrap();
    let nodes = document
        .descendants()
        .filter(|node| {
            node.attribute("class")
                .is_some_and(|class| class.starts_with("node "))
        })
        .count();
    assert_eq!(nodes, 5_002, "the steps, start and end");
    assert!(
        lint(&project)
            .iter()
            .all(|finding| finding.1 != "limit-exceeded")
    );
}

#[test]
fn arrows_that_skip_thousands_of_steps_are_not_drawn() {
    let project =
        TempProject::new("sops = \"sops\"\n[limits]\nchart-steps = 5000\nchart-branches = 500\n");
    // 499 branches that each skip some 4,500 steps: 2.37 million bend points.
    let mut steps =
        String::from("  - ask: Where to?\n    branches:\n      - when: start\n        goto: s0\n");
    for n in 1..500 {
        steps.push_str(&format!(
            "      - when: to {n}\n        goto: s{}\n",
            4_499 + n
        ));
    }
    for n in 0..4_999 {
        steps.push_str(&format!("  - id: s{n}\n    do: Step {n}.\n"));
    }
    project.write("sops/BIG.yaml", sop_file("BIG", "", &steps));
    let output = run(&project, &["graph", "sops/BIG.yaml", "--format", "svg"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).is_empty());
    assert!(
        stderr(&output).contains("drawing this SOP takes 2369751 bend points, for arrows that skip over many steps; flowcharts are drawn with at most 50000"),
        "{}",
        stderr(&output)
    );
    let limits: Vec<_> = lint(&project)
        .into_iter()
        .filter(|finding| finding.1 == "limit-exceeded")
        .collect();
    assert_eq!(limits.len(), 1);
    assert!(limits[0].3.contains("2369751 bend points"));
}

#[test]
fn a_terms_map_of_124000_keys_lints() {
    let project = TempProject::new("sops = \"sops\"\n");
    let mut terms = String::from("terms:\n");
    for n in 0..124_000 {
        terms.push_str(&format!(
            "  Term{n}: The thing numbered {n}, unlike Term{}\n",
            n + 1
        ));
    }
    project.write(
        "sops/T.yaml",
        sop_file("T", &terms, "  - do: Use Term1, Term2 and Term123999.\n"),
    );
    let findings = lint(&project);
    let unused: Vec<&str> = findings
        .iter()
        .filter(|finding| finding.1 == "unused-term")
        .map(|finding| finding.3.as_str())
        .collect();
    // Every definition names the next term: only Term0 is in no text but its own.
    assert_eq!(unused, ["the term `Term0` is not used in this SOP"]);
}

#[test]
fn terms_of_common_words_are_looked_for_once() {
    // Every unused term is shown, past the default 100 findings per file.
    let project = TempProject::new("sops = \"sops\"\n[limits]\nfindings-per-file = 1000\n");
    // Runs of 99 x, and terms of 95 to 499 x: each used only while it fits
    // in a run, and each a prefix of the next.
    let scope = ["x"; 99].join(" ") + " y ";
    let mut terms = String::from("terms:\n");
    for n in 95..500 {
        terms.push_str(&format!("  {}: a run\n", ["x"; 1].repeat(n).join(" ")));
    }
    project.write(
        "sops/U.yaml",
        sop_file(
            "U",
            &format!("scope: {}\n{terms}", scope.repeat(200)),
            "  - do: Answer.\n",
        ),
    );
    let unused: Vec<u64> = lint(&project)
        .into_iter()
        .filter(|finding| finding.1 == "unused-term")
        .map(|finding| finding.2)
        .collect();
    // The terms start on line 7; those of 100 x and more are unused.
    assert_eq!(unused, (12..=411).collect::<Vec<u64>>());
}

#[test]
fn a_glossary_of_120000_terms_is_read_to_its_limit() {
    let project = TempProject::new("sops = \"sops\"\n");
    let glossary: String = (0..120_000)
        .map(|n| format!("G{n}X: Definition {n}\n"))
        .collect();
    project.write("sops/glossary.yaml", glossary);
    project.write(
        "sops/A.yaml",
        sop_file("A", "", "  - do: Use G1X, G9999X and G10000X.\n"),
    );
    let findings = lint(&project);
    let glossary = (
        "glossary.yaml".to_string(),
        "limit-exceeded".to_string(),
        10_001,
        "this glossary has 120000 terms; at most 10000 are read".to_string(),
    );
    assert!(findings.contains(&glossary), "{findings:?}");
    let undefined: Vec<&str> = findings
        .iter()
        .filter(|finding| finding.1 == "undefined-acronym")
        .map(|finding| finding.3.as_str())
        .collect();
    assert_eq!(undefined, ["the acronym `G10000X` is not defined"]);
}

#[test]
fn ten_thousand_sops_share_a_glossary_of_20000_terms() {
    let project = TempProject::new("sops = \"sops\"\n[limits]\nglossary-terms = 20000\n");
    let glossary: String = (0..20_000)
        .map(|n| format!("G{n}X: Definition {n}\n"))
        .collect();
    project.write("sops/glossary.yaml", glossary);
    for n in 0..10_000 {
        project.write(
            &format!("sops/d{}/S{n}.yaml", n % 100),
            sop_file(
                &format!("S{n}"),
                "",
                &format!("  - do: Use G{n}X and N{n}X.\n"),
            ),
        );
    }
    let findings = lint(&project);
    let other: Vec<_> = findings
        .iter()
        .filter(|finding| !finding.3.contains("`N"))
        .collect();
    assert_eq!(findings.len(), 10_000, "{other:?}");
    assert!(
        findings
            .iter()
            .all(|finding| finding.1 == "undefined-acronym" && finding.3.contains("`N"))
    );
}

#[test]
fn four_hundred_nested_folders_each_with_a_glossary() {
    let project = TempProject::new("sops = \"sops\"\n");
    let mut folder = String::from("sops");
    for n in 0..400 {
        folder.push_str(&format!("/f{n}"));
        let glossary: String = (0..1_000)
            .map(|term| format!("G{n}T{term}X: Definition\n"))
            .collect();
        project.write(&format!("{folder}/glossary.yaml"), glossary);
        // Its own folder's term, the top folder's, and the next folder's.
        project.write(
            &format!("{folder}/S{n}.yaml"),
            sop_file(
                &format!("S{n}"),
                "",
                &format!("  - do: Use G{n}T1X, G0T2X and G{}T3X.\n", n + 1),
            ),
        );
    }
    let undefined: Vec<String> = lint(&project)
        .into_iter()
        .filter(|finding| finding.1 == "undefined-acronym")
        .map(|finding| finding.3)
        .collect();
    let expected: Vec<String> = (1..=400)
        .map(|n| format!("the acronym `G{n}T3X` is not defined"))
        .collect();
    assert_eq!(undefined.len(), 400);
    for message in expected {
        assert!(undefined.contains(&message), "{message}");
    }
}

#[test]
fn ids_of_10000_characters_get_their_findings() {
    let long = "a".repeat(10_000);
    let emoji = "😀".repeat(10_000);
    let project = TempProject::new(&format!("sops = \"sops\"\n[rules]\n\"{long}\" = \"off\"\n"));
    let steps = format!(
        "  - id: {long}\n    do: Go.\n    next: {long}b\n  - id: {emoji}\n    do: Go on.\n    next: x\n"
    );
    // A key this long must be explicit (`? key`) in YAML.
    project.write(
        "sops/L.yaml",
        sop_file("L", &format!("? {long}\n: 1\n"), &steps),
    );
    // The unknown rule id stops the run, with no suggestion.
    let output = run(&project, &["lint"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr(&output);
    assert!(
        stderr.contains("unknown rule") && !stderr.contains("did you mean"),
        "{}",
        &stderr[..200.min(stderr.len())]
    );

    std::fs::write(project.root.join("sop.toml"), "sops = \"sops\"\n").unwrap();
    let findings = lint(&project);
    let rules: Vec<&str> = findings.iter().map(|finding| finding.1.as_str()).collect();
    assert!(rules.contains(&"schema"), "{rules:?}");
    // No suggestion: the first target is too long to be a typo, and no id
    // is near enough to `x` (in bytes, the emoji id once was).
    let json: Value =
        serde_json::from_slice(&run(&project, &["lint", "--format", "json"]).stdout).unwrap();
    let helps: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "unknown-step")
        .map(|d| d["help"].as_str().unwrap())
        .collect();
    assert_eq!(helps.len(), 2, "{rules:?}");
    assert!(
        helps
            .iter()
            .all(|help| help.starts_with("the step ids are"))
    );
}
