//! The project layer through the CLI: the same findings however `sop` is
//! invoked, one finding per mistake across files, and nothing read that a
//! pull request should not reach. Each test builds its project in a
//! temporary folder with a `sop.toml`, so the root is known wherever the
//! folder is; every command is given its working directory.

use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::common;

use common::{TempProject, findings, rules, sop, sop_command, sop_text, stderr, stdout};

/// A project with a shared glossary at the top of its SOP folder, an SOP
/// in a subfolder that uses its terms and calls an SOP in another folder,
/// and one real finding (an unknown role).
fn team_project() -> TempProject {
    let project = TempProject::new("sops = \"sops\"\n");
    project.write(
        "sops/glossary.yaml",
        "CRM: Customer Relationship Management system\n",
    );
    project.write(
        "sops/team/CS-1.yaml",
        sop_text(
            "CS-1",
            "",
            &[
                "do: Log the call in the CRM.",
                "do: Pass the case on.\n    call: CS-2\n    role: clerk",
            ],
        ),
    );
    project.write(
        "sops/other/CS-2.yaml",
        sop_text("CS-2", "", &["do: Take over the case."]),
    );
    project
}

#[test]
fn one_file_gives_the_same_findings_from_any_folder() {
    let project = team_project();
    let file = project.path("sops/team/CS-1.yaml");
    let whole = sop(&project.root, &["lint", "sops", "--format", "json"]);
    let expected: Vec<_> = findings(&whole)
        .into_iter()
        .filter(|finding| finding.0 == "CS-1.yaml")
        .collect();
    assert_eq!(
        expected.iter().map(|f| f.1.as_str()).collect::<Vec<_>>(),
        ["unknown-role"],
        "{expected:?}"
    );
    let runs = [
        sop(
            &project.root,
            &["lint", "sops/team/CS-1.yaml", "--format", "json"],
        ),
        sop(
            &project.path("sops/team"),
            &["lint", "CS-1.yaml", "--format", "json"],
        ),
        sop(
            &project.path("sops/other"),
            &["lint", "../team/CS-1.yaml", "--format", "json"],
        ),
        sop(
            Path::new("/"),
            &["lint", file.to_str().unwrap(), "--format", "json"],
        ),
    ];
    for run in &runs {
        assert_eq!(findings(run), expected, "{}", stderr(run));
        assert_eq!(run.status.code(), Some(0), "a warning only");
    }
    // The folder linted from inside and from outside: the same findings too.
    let inside = sop(
        &project.path("sops/team"),
        &["lint", ".", "--format", "json"],
    );
    let outside = sop(
        Path::new("/"),
        &[
            "lint",
            project.path("sops").to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(findings(&inside), expected);
    assert_eq!(findings(&outside), findings(&whole));
}

#[test]
fn paths_are_shown_relative_to_the_current_folder_in_every_format() {
    let project = team_project();
    let team = project.path("sops/team");
    let json = sop(&team, &["lint", ".", "--format", "json"]);
    let document: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(document["diagnostics"][0]["path"], "CS-1.yaml");
    let human = sop(&team, &["lint", "."]);
    assert!(
        stdout(&human).contains("--> CS-1.yaml:"),
        "{}",
        stdout(&human)
    );
    let github = sop(&team, &["lint", ".", "--format", "github"]);
    assert!(
        stdout(&github).contains("file=CS-1.yaml,"),
        "{}",
        stdout(&github)
    );
}

#[test]
fn render_from_a_subfolder_keeps_the_shared_glossary() {
    let project = team_project();
    let out = project.path("book");
    let rendered = sop(
        &project.path("sops/team"),
        &[
            "render",
            ".",
            "--format",
            "markdown",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(rendered.status.code(), Some(0), "{}", stderr(&rendered));
    let handbook = std::fs::read_to_string(out.join("handbook.md")).unwrap();
    assert!(
        handbook.contains("Customer Relationship Management system"),
        "{handbook}"
    );
}

#[test]
fn a_broken_sop_gives_one_finding_and_its_calls_still_resolve() {
    let project = team_project();
    // A tab where YAML wants spaces: the file does not parse, but its id line does.
    project.write(
        "sops/other/CS-2.yaml",
        "id: CS-2\ntitle: Procedure CS-2\ninstructions:\n\t- do: Take over the case.\n",
    );
    let output = sop(&project.root, &["lint", "sops", "--format", "json"]);
    let found = findings(&output);
    assert_eq!(
        found[0].0, "CS-2.yaml",
        "the broken file comes first: {found:?}"
    );
    assert_eq!(found[0].1, "yaml-syntax");
    assert!(
        !rules(&output).contains(&"unknown-sop".to_string()),
        "{found:?}"
    );

    // Without an id to recover, the call is unknown, after the broken file.
    project.write("sops/other/CS-2.yaml", "title: [unclosed\n");
    let output = sop(&project.root, &["lint", "sops", "--format", "json"]);
    let found = findings(&output);
    assert_eq!(found[0].1, "yaml-syntax", "{found:?}");
    assert!(
        rules(&output).contains(&"unknown-sop".to_string()),
        "{found:?}"
    );
}

#[test]
fn empty_and_latin1_files_are_findings_not_cascades() {
    let project = team_project();
    project.write("sops/other/CS-2.yaml", b"id: CS-2\ntitle: Caf\xe9\n");
    project.write("sops/other/empty.yaml", "");
    let output = sop(&project.root, &["lint", "sops", "--format", "json"]);
    let found = findings(&output);
    assert_eq!(found[0].0, "CS-2.yaml", "{found:?}");
    assert_eq!(found[0].1, "yaml-syntax");
    assert!(found[0].4.contains("not UTF-8"), "{found:?}");
    assert!(found.iter().any(|f| f.0 == "empty.yaml" && f.1 == "schema"));
    assert!(
        !rules(&output).contains(&"unknown-sop".to_string()),
        "{found:?}"
    );
}

#[cfg(unix)]
#[test]
fn links_out_of_the_project_are_named_never_read() {
    use std::os::unix::fs::symlink;
    let project = team_project();
    symlink("/proc/self/environ", project.path("sops/env.yaml")).unwrap();
    symlink("/etc/passwd", project.path("sops/passwd.yaml")).unwrap();
    let secret = "sop-test-secret-4f1c";
    let output = sop_command(&project.root, &["lint", "sops"])
        .env("SOP_TEST_TOKEN", secret)
        .output()
        .unwrap();
    let all = format!("{}{}", stdout(&output), stderr(&output));
    assert!(!all.contains(secret), "{all}");
    assert!(!all.contains("root:"), "{all}");
    assert!(
        all.contains("error[unreadable-file]: a symbolic link that points outside the project")
    );
    assert!(all.contains("--> sops/env.yaml"), "{all}");
    assert!(all.contains("--> sops/passwd.yaml"), "{all}");
    assert_eq!(output.status.code(), Some(1));

    // Given by name, the link is refused the same way, by every command.
    for args in [
        vec!["lint", "sops/env.yaml"],
        vec!["graph", "sops/env.yaml"],
        vec!["render", "sops/env.yaml", "--out", "book"],
    ] {
        let output = sop_command(&project.root, &args)
            .env("SOP_TEST_TOKEN", secret)
            .output()
            .unwrap();
        let all = format!("{}{}", stdout(&output), stderr(&output));
        assert!(!all.contains(secret), "{args:?}: {all}");
        assert!(all.contains("unreadable-file"), "{args:?}: {all}");
    }
}

#[cfg(unix)]
#[test]
fn a_link_inside_the_project_is_followed() {
    use std::os::unix::fs::symlink;
    let project = team_project();
    project.write(
        "shared/CS-3.yaml",
        sop_text("CS-3", "", &["do: Check the CSAT survey."]),
    );
    symlink("../shared/CS-3.yaml", project.path("sops/CS-3.yaml")).unwrap();
    let output = sop(&project.root, &["lint", "sops", "--format", "json"]);
    let found = findings(&output);
    assert!(
        found
            .iter()
            .any(|f| f.0 == "CS-3.yaml" && f.1 == "undefined-acronym"),
        "{found:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_link_loop_and_a_fifo_are_findings_and_the_run_goes_on() {
    use std::os::unix::fs::symlink;
    let project = team_project();
    std::fs::create_dir_all(project.path("sops/loop")).unwrap();
    symlink("..", project.path("sops/loop/up")).unwrap();
    symlink("self.yaml", project.path("sops/self.yaml")).unwrap();
    let fifo = project.path("sops/pipe.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());

    let mut child = sop_command(&project.root, &["lint", "sops", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Guard against a hang (the bug this test is about), not a speed check.
    for _ in 0..600 {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    if child.try_wait().unwrap().is_none() {
        child.kill().unwrap();
        panic!("sop lint blocked on a FIFO or a link loop");
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let found = findings(&output);
    let about = |name: &str| {
        found
            .iter()
            .find(|f| f.0 == name)
            .unwrap_or_else(|| panic!("no finding for {name}: {found:?}"))
            .clone()
    };
    assert_eq!(about("up").1, "unreadable-file");
    assert!(about("up").4.contains("loop"));
    assert!(about("self.yaml").4.contains("loop"));
    assert!(about("pipe.yaml").4.contains("FIFO"));
    // The other files were checked.
    assert_eq!(about("CS-1.yaml").1, "unknown-role");

    // Given by name, a FIFO is refused without blocking by every command.
    for args in [
        vec!["lint", "sops/pipe.yaml"],
        vec!["graph", "sops/pipe.yaml"],
    ] {
        let output = sop(&project.root, &args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(stderr(&output).contains("FIFO") || stdout(&output).contains("FIFO"));
    }
}

#[test]
fn a_byte_order_mark_is_read_the_same_by_lint_graph_and_render() {
    let project = TempProject::new("");
    let text = sop_text("CS-9", "", &["do: Answer the phone."]);
    project.write(
        "sops/CS-9.yaml",
        [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat(),
    );
    let lint = sop(
        &project.root,
        &["lint", "sops/CS-9.yaml", "--format", "json"],
    );
    assert_eq!(findings(&lint), [], "{}", stderr(&lint));
    let graph = sop(
        &project.root,
        &["graph", "sops/CS-9.yaml", "--format", "mermaid"],
    );
    assert_eq!(graph.status.code(), Some(0), "{}", stderr(&graph));
    assert!(stdout(&graph).contains("Answer the phone."));
    let render = sop(&project.root, &["render", "sops", "--out", "book"]);
    assert_eq!(render.status.code(), Some(0), "{}", stderr(&render));
    assert!(
        stderr(&render).contains("Rendered 1 SOPs"),
        "{}",
        stderr(&render)
    );
}

#[test]
fn broken_files_get_the_same_finding_from_lint_graph_and_render() {
    let project = TempProject::new("");
    project.write("sops/CS-9.yaml", "id: CS-9\ntitle: [unclosed\n");
    let lint = sop(&project.root, &["lint", "sops/CS-9.yaml"]);
    let graph = sop(&project.root, &["graph", "sops/CS-9.yaml"]);
    let render = sop(&project.root, &["render", "sops", "--out", "book"]);
    let first_line = |text: String| text.lines().next().unwrap_or_default().to_string();
    let expected = first_line(stdout(&lint));
    assert!(expected.starts_with("error[yaml-syntax]"), "{expected}");
    assert_eq!(first_line(stderr(&graph)), expected);
    assert_eq!(first_line(stderr(&render)), expected);
    assert_eq!(graph.status.code(), Some(1));
}

#[test]
fn ignore_files_hidden_folders_and_exclude_globs_are_respected() {
    let project = TempProject::new("exclude = [\"drafts/\"]\n");
    project.write(".gitignore", "node_modules/\n");
    let broken = "title: [unclosed\n";
    project.write("sops/node_modules/pkg/bad.yaml", broken);
    project.write("sops/.hidden/bad.yaml", broken);
    project.write("sops/drafts/bad.yaml", broken);
    project.write("sops/target/bad.yaml", broken);
    project.write(
        "sops/CS-9.yaml",
        sop_text("CS-9", "", &["do: Answer the phone."]),
    );
    let output = sop(&project.root, &["lint", "--format", "json"]);
    assert_eq!(findings(&output), [], "{}", stderr(&output));
    let summary: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        summary["summary"]["files"], 1,
        "only sops/CS-9.yaml is read"
    );

    // --no-ignore reads what .gitignore hides (hidden and excluded files stay out).
    let output = sop(&project.root, &["lint", "--no-ignore", "--format", "json"]);
    let found = findings(&output);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "yaml-syntax");

    // A file given by name is linted even where a folder walk skips it.
    let output = sop(
        &project.root,
        &["lint", "sops/drafts/bad.yaml", "--format", "json"],
    );
    assert_eq!(rules(&output), ["yaml-syntax"]);
}

#[test]
fn a_wide_mapping_is_read_in_full() {
    // Raised from the default 100, so that every finding is shown.
    let project = TempProject::new("[limits]\nfindings-per-file = 5000\n");
    let mut text = sop_text("CS-9", "", &["do: Answer the phone."]);
    text.push_str("roles:\n");
    for index in 0..100_000 {
        text.push_str(&format!("  r{index:06}: Representative number {index}\n"));
    }
    for index in 0..2_000 {
        text.push_str(&format!("k{index:05}: x\n"));
    }
    assert!(text.len() > 3_000_000);
    project.write("sops/CS-9.yaml", &text);
    let output = sop(&project.root, &["lint", "sops", "--format", "json"]);
    let found = findings(&output);
    assert_eq!(found.len(), 2_000, "one finding per unknown field");
    assert!(found.iter().all(|f| f.1 == "schema"));
    assert_eq!(found[0].2, 100_008, "the first unknown key's line");
}

#[test]
fn an_sop_folder_outside_the_project_is_refused() {
    for sops in ["/usr/share", "/", "../.."] {
        let project = TempProject::new(&format!("sops = \"{sops}\"\n"));
        let output = sop(&project.root, &["lint"]);
        assert_eq!(output.status.code(), Some(2));
        let message = stderr(&output);
        assert!(
            message
                .starts_with("error: sop.toml:1:8: `sops` must name a folder inside the project"),
            "{message}"
        );
        assert_eq!(message.lines().count(), 1, "{message}");
    }
}

#[test]
fn errors_are_printed_once() {
    let project = TempProject::new("");
    for args in [
        vec!["lint", "missing.yaml"],
        vec!["render", "--templates", "no-such-folder", "--out", "book"],
    ] {
        let output = sop(&project.root, &args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{args:?}: {message}");
        assert!(message.matches("o such file").count() <= 1, "{message}");
    }
}

#[test]
fn a_closed_pipe_ends_sop_quietly() {
    let project = TempProject::new("");
    let mut text = sop_text("CS-9", "", &["do: Answer the phone."]);
    for index in 0..3_000 {
        text.push_str(&format!("  - do: Check code AB{index:04}X.\n"));
    }
    project.write("sops/CS-9.yaml", &text);
    let mut child = sop_command(&project.root, &["lint", "sops"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 64];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut head).unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "the findings decide the status"
    );
    assert!(
        !stderr(&output).contains("Broken pipe"),
        "{}",
        stderr(&output)
    );
}

/// Files are read, parsed and checked on every core, yet the report is in
/// one order, path then line, whatever order the threads finish in: 240
/// files in nested folders, written in an order that is not the paths',
/// each with findings on two lines, linted twice on four threads.
#[test]
fn a_parallel_lint_reports_by_path_then_line_every_time() {
    let project = TempProject::new("sops = \"sops\"\n");
    for n in (0..240).rev() {
        let id = format!("CS-{:03}", (n * 97) % 240);
        let path = format!("sops/{}/{}.yaml", ["b", "a", "a/c"][n % 3], id);
        project.write(
            &path,
            sop_text(&id, "", &["do: Call the FCR desk", "do: Log it in the CRM"]),
        );
    }
    let run = || {
        let output = sop_command(&project.root, &["lint", "--format", "json", "--no-cache"])
            .env("RAYON_NUM_THREADS", "4")
            .output()
            .unwrap();
        stdout(&output)
    };
    let first = run();
    let report: Value = serde_json::from_str(&first).unwrap();
    let places: Vec<(String, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(places.len(), 480, "two findings in each file");
    let mut sorted = places.clone();
    sorted.sort_by(|a, b| (Path::new(&a.0), a.1).cmp(&(Path::new(&b.0), b.1)));
    assert_eq!(places, sorted);
    assert_eq!(
        run(),
        first,
        "a second run reports the same, in the same order"
    );
}
