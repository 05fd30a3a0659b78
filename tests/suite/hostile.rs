//! Hostile files through the CLI: whatever a pull request holds, every
//! finding stays small, the output stays terminal-safe, the file size cap
//! holds in every command and `sop.toml` cannot widen the tree or lift the
//! limits past their ceilings. Each test writes its input; none asserts
//! timing (the benchmark script measures the growth).

use std::process::Output;

use crate::common;

use common::{TempProject, findings, sop, sop_text, stderr, stdout};

/// An SOP whose purpose uses `count` distinct undefined acronyms on one line.
fn acronym_line_sop(count: usize) -> String {
    let words: Vec<String> = (0..count).map(acronym).collect();
    sop_text(
        "CS-1",
        &format!("scope: {}\n", words.join(" ")),
        &["do: Answer the phone."],
    )
}

/// A distinct all-capitals word for each number: AAA, AAB...
fn acronym(mut number: usize) -> String {
    let mut letters = Vec::new();
    for _ in 0..4 {
        letters.push(b'A' + (number % 26) as u8);
        number /= 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap()
}

#[test]
fn forty_thousand_findings_on_one_line_are_capped_and_short() {
    let project = TempProject::new("");
    project.write("sops/CS-1.yaml", acronym_line_sop(40_000));

    let json = sop(&project.root, &["lint", "sops", "--format", "json"]);
    assert_eq!(json.status.code(), Some(1), "{}", stderr(&json));
    let found = findings(&json);
    assert_eq!(
        found.len(),
        101,
        "100 findings and one that sums up the rest"
    );
    assert!(found[..100].iter().all(|f| f.1 == "undefined-acronym"));
    let last = found.last().unwrap();
    assert_eq!(last.1, "limit-exceeded");
    // A few of the made-up words are Roman numerals, not acronyms.
    let omitted: usize = last.4["and ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(omitted > 39_000, "{}", last.4);
    assert!(
        last.4.starts_with(&format!(
            "and {omitted} more findings in this file ({omitted} errors, 0 warnings)"
        )),
        "{}",
        last.4
    );

    let human = sop(&project.root, &["lint", "sops"]);
    let text = stdout(&human);
    assert_eq!(text.matches("error[undefined-acronym]").count(), 100);
    let longest = text.lines().map(|line| line.chars().count()).max().unwrap();
    assert!(
        longest < 200,
        "a code frame quotes the whole line: {longest} characters"
    );
    assert!(text.len() < 100_000, "{} bytes of output", text.len());
}

#[test]
fn the_cap_is_configurable() {
    let project = TempProject::new("[limits]\nfindings-per-file = 5\n");
    project.write("sops/CS-1.yaml", acronym_line_sop(50));
    let found = findings(&sop(&project.root, &["lint", "sops", "--format", "json"]));
    assert_eq!(found.len(), 6);
    assert!(
        found[5].4.starts_with("and 45 more findings"),
        "{}",
        found[5].4
    );
}

#[test]
fn twenty_thousand_wrong_tags_are_capped() {
    let project = TempProject::new("");
    let tags = vec!["1"; 20_000].join(", ");
    project.write(
        "sops/CS-1.yaml",
        sop_text(
            "CS-1",
            &format!("tags: [{tags}]\n"),
            &["do: Answer the phone."],
        ),
    );
    let found = findings(&sop(&project.root, &["lint", "sops", "--format", "json"]));
    assert_eq!(found.len(), 101);
    assert!(found[..100].iter().all(|f| f.1 == "schema"), "{found:?}");
    assert!(
        found[100].4.starts_with("and 19900 more"),
        "{}",
        found[100].4
    );
}

fn human_lint(project: &TempProject, color: &str) -> Output {
    sop(&project.root, &["lint", "sops", "--color", color])
}

#[test]
fn control_characters_in_sop_text_reach_the_terminal_escaped() {
    let project = TempProject::new("");
    // Double-quoted escapes are valid YAML, so the text holds a real ESC, a
    // hyperlink sequence and a carriage return.
    project.write(
        "sops/CS-1.yaml",
        sop_text(
            "CS-1",
            "",
            &["do: Answer.\n    next: \"\\e[2J\\e]8;;http://evil.example\\e\\\\x\\rerror\""],
        ),
    );
    for color in ["always", "never"] {
        let output = human_lint(&project, color);
        let text = stdout(&output);
        assert!(text.contains("unknown-step"), "{text}");
        assert!(
            !text.contains("\u{1b}[2J"),
            "raw clear-screen with --color {color}"
        );
        assert!(
            !text.contains("\u{1b}]8"),
            "raw hyperlink with --color {color}"
        );
        assert!(
            !text.contains('\r'),
            "raw carriage return with --color {color}"
        );
        assert!(text.contains("\\u{1b}[2J"), "{text}");
        assert!(text.contains("\\u{d}error"), "{text}");
    }
}

#[test]
fn the_file_size_cap_holds_in_lint_graph_and_render() {
    let project = TempProject::new("[limits]\nfile-size-mib = 1\n");
    let mut big = sop_text("CS-2", "", &["do: Answer the phone."]);
    big.push_str(&format!("# {}\n", "x".repeat(1024 * 1024)));
    project.write("sops/CS-2.yaml", &big);
    project.write(
        "sops/CS-1.yaml",
        sop_text("CS-1", "", &["do: Answer the phone."]),
    );

    let found = findings(&sop(&project.root, &["lint", "sops", "--format", "json"]));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "unreadable-file");
    assert!(found[0].4.contains("more than 1 MiB"), "{}", found[0].4);

    let graph = sop(&project.root, &["graph", "sops/CS-2.yaml"]);
    assert_eq!(graph.status.code(), Some(1));
    assert!(stdout(&graph).is_empty());
    assert!(
        stderr(&graph).contains("more than 1 MiB"),
        "{}",
        stderr(&graph)
    );

    let out = project.path("handbook");
    let render = sop(
        &project.root,
        &[
            "render",
            "sops",
            "--out",
            out.to_str().unwrap(),
            "--format",
            "markdown",
        ],
    );
    let pages: String = walk_text(&out);
    assert!(pages.contains("CS-1"), "{}", stderr(&render));
    assert!(
        !pages.contains("CS-2"),
        "the SOP over the cap was published"
    );
    assert!(!pages.contains("xxxxxxxxxx"));
}

/// Every file under `folder`, concatenated.
fn walk_text(folder: &std::path::Path) -> String {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| std::fs::read_to_string(entry.path()).unwrap_or_default())
        .collect()
}

#[test]
fn limits_are_refused_past_their_ceilings() {
    for (limits, expected) in [
        (
            "chart-steps = 0",
            "`chart-steps = 0` is out of range: use 1 to 5000",
        ),
        (
            "file-size-mib = 4096",
            "`file-size-mib = 4096` is out of range: use 1 to 256",
        ),
        (
            "glossary-size = 5",
            "unknown limit `glossary-size`: the limits are",
        ),
    ] {
        let project = TempProject::new(&format!("[limits]\n{limits}\n"));
        project.write("sops/CS-1.yaml", sop_text("CS-1", "", &["do: Answer."]));
        let output = sop(&project.root, &["lint", "sops"]);
        assert_eq!(output.status.code(), Some(2), "{limits}");
        assert!(stderr(&output).contains(expected), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("sop.toml:2:"),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn an_over_long_path_is_a_finding_and_the_rest_is_checked() {
    let project = TempProject::new("");
    project.write("sops/CS-1.yaml", sop_text("CS-1", "", &["do: Answer."]));
    // Deeper than PATH_MAX (4096 on Linux), made one folder at a time
    // relative to the last, where every path used is short.
    make_deep_file(&project.path("sops"), 25, "x.yaml", b"id: CS-9\n");
    let output = sop(&project.root, &["lint", "sops", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let found = findings(&output);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "unreadable-file");
    assert!(found[0].4.contains("File name too long"), "{}", found[0].4);
    assert!(
        found[0].4.len() < 100,
        "the message repeats the path: {}",
        found[0].4
    );
}

/// Makes `depth` nested folders of 200-character names under `base`, and
/// `name` in the deepest, through directory handles (`mkdirat`, `openat`).
fn make_deep_file(base: &std::path::Path, depth: usize, name: &str, bytes: &[u8]) {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let folder = CString::new("d".repeat(200)).unwrap();
    let base = CString::new(base.as_os_str().as_bytes()).unwrap();
    // SAFETY: every pointer is a NUL-terminated string that outlives the
    // call, and every descriptor opened here is closed here.
    unsafe {
        let mut dir = libc::open(base.as_ptr(), libc::O_RDONLY | libc::O_DIRECTORY);
        assert!(dir >= 0);
        for _ in 0..depth {
            assert_eq!(libc::mkdirat(dir, folder.as_ptr(), 0o755), 0);
            let next = libc::openat(dir, folder.as_ptr(), libc::O_RDONLY | libc::O_DIRECTORY);
            assert!(next >= 0);
            libc::close(dir);
            dir = next;
        }
        let file_name = CString::new(name).unwrap();
        let file = libc::openat(
            dir,
            file_name.as_ptr(),
            libc::O_WRONLY | libc::O_CREAT,
            0o644,
        );
        assert!(file >= 0);
        let written = libc::write(file, bytes.as_ptr().cast(), bytes.len());
        assert_eq!(written, bytes.len() as isize);
        libc::close(file);
        libc::close(dir);
    }
}

#[test]
fn a_link_to_an_endless_device_is_not_read_by_any_command() {
    let project = TempProject::new("");
    project.write("sops/CS-1.yaml", sop_text("CS-1", "", &["do: Answer."]));
    std::os::unix::fs::symlink("/dev/zero", project.path("sops/zero.yaml")).unwrap();

    let graph = sop(&project.root, &["graph", "sops/zero.yaml"]);
    assert_eq!(graph.status.code(), Some(1), "{}", stderr(&graph));
    assert!(stdout(&graph).is_empty());
    assert!(
        stderr(&graph).contains("unreadable-file"),
        "{}",
        stderr(&graph)
    );

    let found = findings(&sop(&project.root, &["lint", "sops", "--format", "json"]));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].0.as_str(), found[0].1.as_str()),
        ("zero.yaml", "unreadable-file")
    );

    let render = sop(&project.root, &["render", "sops", "--out", "book"]);
    assert_eq!(render.status.code(), Some(0), "{}", stderr(&render));
    assert!(walk_text(&project.path("book")).contains("CS-1"));
}
