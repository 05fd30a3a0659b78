//! Helpers shared by the integration tests. Each test binary uses some of
//! them, so the others would be dead code there.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;
use sop::diagnostic::Report;
use sop::project::{self, Project};

pub mod browser;
pub mod lsp;
pub mod serve;

/// The repository, whatever the working directory of the test.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A file of the repository, by its path from the root.
pub fn repo_file(path: &str) -> PathBuf {
    repo().join(path)
}

/// The project of `paths` (relative to the repository), seen from its root.
pub fn load(paths: &[&str]) -> Project {
    load_from(repo(), paths)
}

/// The project of `paths`, seen from `cwd`.
pub fn load_from(cwd: &Path, paths: &[&str]) -> Project {
    let paths = paths.iter().map(PathBuf::from).collect();
    project::load(&project::Options::new(cwd, paths)).unwrap()
}

/// The chart of one SOP file (relative to the repository), if it has one.
pub fn chart(path: &Path) -> Option<sop::chart::Chart> {
    let project = load(&[path.to_str().unwrap()]);
    let charts = project.read_all(|document| sop::chart::of(&document).ok());
    charts.into_iter().next().flatten()
}

/// `sop lint PATHS --today 2026-11-22` run from the repository root.
pub fn lint(paths: &[&str]) -> Report {
    sop::lint::check(&load(paths), "2026-11-22".parse().unwrap()).unwrap()
}

/// Whether an external tool is there. Missing, it is a skip on a developer's
/// machine, and a failure when `SOP_REQUIRE_TOOLS` is set (as `.ci/run` does
/// after installing every tool).
pub fn tool_available(name: &str, probe: &mut Command) -> bool {
    let found = probe.output().is_ok_and(|output| output.status.success());
    if !found {
        assert!(
            std::env::var_os("SOP_REQUIRE_TOOLS").is_none(),
            "{name} is required (SOP_REQUIRE_TOOLS is set) but not installed"
        );
        eprintln!("skipped: {name} is not installed");
    }
    found
}

/// Whether the npm packages of a test folder are installed (same rule).
pub fn npm_installed(folder: &str, package: &str) -> bool {
    let installed = repo()
        .join(folder)
        .join("node_modules")
        .join(package)
        .is_dir();
    if !installed {
        assert!(
            std::env::var_os("SOP_REQUIRE_TOOLS").is_none(),
            "run `npm ci --prefix {folder}` first"
        );
        eprintln!("skipped: {folder}/node_modules is not installed");
    }
    installed
}

/// A project in a temporary folder, removed when dropped.
pub struct TempProject {
    pub root: PathBuf,
}

impl TempProject {
    pub fn new(config: &str) -> TempProject {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let root = std::env::temp_dir().join(format!(
            "sop-project-{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        let root = root.canonicalize().unwrap();
        std::fs::write(root.join("sop.toml"), config).unwrap();
        TempProject { root }
    }

    pub fn write(&self, path: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let path = self.root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    pub fn path(&self, path: &str) -> PathBuf {
        self.root.join(path)
    }

    /// The names in a folder of the project, sorted.
    pub fn names(&self, folder: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path(folder))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for TempProject {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// Runs `sop ARGS` in `cwd`, with a pinned date for the commands that take
/// one (`lint`, `render`, `list`, `calendar`, `approve`, `training`, `ack`)
/// unless ARGS give `--today`.
pub fn sop(cwd: &Path, args: &[&str]) -> Output {
    sop_command(cwd, args).output().unwrap()
}

pub fn sop_command(cwd: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sop"));
    command.current_dir(cwd).args(args).env("NO_COLOR", "1");
    let dated = matches!(
        args.first(),
        Some(&"lint" | &"render" | &"list" | &"calendar" | &"approve" | &"training" | &"ack")
    );
    if dated && !args.contains(&"--today") {
        command.args(["--today", "2026-11-22"]);
    }
    command
}

/// What `sop fingerprint FILE` prints for one SOP file: `sha256:<hex>`.
pub fn fingerprint(cwd: &Path, file: &str) -> String {
    let output = sop(cwd, &["fingerprint", file]);
    assert!(output.status.success(), "{}", stderr(&output));
    let printed = stdout(&output);
    let (fingerprint, path) = printed.trim_end().split_once("  ").unwrap();
    assert_eq!(path, file);
    fingerprint.to_string()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A report in one of the `lint --format` formats.
pub fn rendered(format: sop::output::Format, report: &Report) -> String {
    let mut out = Vec::new();
    sop::output::render(format, report, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The findings of `lint --format json` as (file name, rule, line, column, message).
pub fn findings(output: &Output) -> Vec<(String, String, u64, u64, String)> {
    let json: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("{error}: {}{}", stdout(output), stderr(output)));
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let path = Path::new(d["path"].as_str().unwrap());
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

pub fn rules(output: &Output) -> Vec<String> {
    findings(output).into_iter().map(|f| f.1).collect()
}

/// An SOP with `id`, `extra` top-level lines and one line per step under
/// `instructions`.
pub fn sop_text(id: &str, extra: &str, steps: &[&str]) -> String {
    sop_yaml(id, &format!("Procedure {id}"), extra, steps)
}

/// [`sop_text`] with a title; the id is written as given, except that one
/// YAML would not read as the same text (empty, `..`, `a: b`) is quoted.
pub fn sop_yaml(id: &str, title: &str, extra: &str, steps: &[&str]) -> String {
    let plain = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || "-_".contains(c) || !c.is_ascii());
    let id = if plain {
        id.to_string()
    } else {
        serde_json::to_string(id).unwrap()
    };
    let mut text = format!(
        "id: {id}\ntitle: {title}\ndepartment: Customer Service\npurpose: Keep the work the same every time.\n{extra}instructions:\n"
    );
    for step in steps {
        text.push_str(&format!("  - {step}\n"));
    }
    text
}

/// The files of a rendered handbook as text, by path.
pub fn text_files(rendered: sop::handbook::Rendered) -> std::collections::BTreeMap<String, String> {
    rendered
        .files
        .into_iter()
        .map(|(path, bytes)| {
            (
                path.display().to_string(),
                String::from_utf8(bytes).unwrap(),
            )
        })
        .collect()
}

/// Every file under a folder, by path inside it with `/`, with its bytes.
pub fn contents(folder: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let path = entry.path().strip_prefix(folder).unwrap();
            let parts: Vec<_> = path.iter().map(|part| part.to_string_lossy()).collect();
            (parts.join("/"), std::fs::read(entry.path()).unwrap())
        })
        .collect()
}

/// The text files of a folder (a written handbook), by file name.
pub fn files_in(folder: &Path) -> std::collections::BTreeMap<String, String> {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .map(|path| {
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&path).unwrap(),
            )
        })
        .collect()
}

/// The elements of an HTML page that match a CSS selector.
pub fn select<'a>(page: &'a scraper::Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    page.select(&scraper::Selector::parse(selector).unwrap())
        .collect()
}

/// The text of an element, pieces separated by spaces (`<dt>A</dt><dd>B</dd>` is `A B`).
pub fn text(element: &scraper::ElementRef) -> String {
    element
        .text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `git ARGS` in `root`, pinned: no user configuration, fixed names and dates.
pub fn git(root: &Path, args: &[&str]) -> String {
    let output = git_command(root).args(args).output().unwrap();
    assert!(output.status.success(), "git {args:?}: {}", stderr(&output));
    stdout(&output).trim_end().to_string()
}

pub fn git_command(root: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .current_dir(root)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test Author")
        .env("GIT_AUTHOR_EMAIL", "author@example.com")
        .env("GIT_COMMITTER_NAME", "Test Author")
        .env("GIT_COMMITTER_EMAIL", "author@example.com")
        .env("GIT_AUTHOR_DATE", "2026-01-02T03:04:05Z")
        .env("GIT_COMMITTER_DATE", "2026-01-02T03:04:05Z");
    command
}

/// Whether `git` is there (see [`tool_available`]).
pub fn git_here() -> bool {
    tool_available("git", Command::new("git").arg("--version"))
}

/// Whether the Nu HTML checker can run: Java, and `npm ci --prefix tests/web`.
pub fn nu_checker_available() -> bool {
    tool_available("Java", Command::new("java").arg("-version"))
        && npm_installed("tests/web", "vnu-jar")
}

/// The Nu HTML checker, errors only, on `path` (a page or a folder of
/// pages): it lists each page it checked on stdout, the errors on stderr.
pub fn nu_check(path: &Path) -> Output {
    Command::new("java")
        .current_dir(repo())
        .args([
            "-jar",
            "tests/web/node_modules/vnu-jar/build/dist/vnu.jar",
            "--errors-only",
            "--skip-non-html",
            "--verbose",
            "--format",
            "text",
        ])
        .arg(path)
        .output()
        .unwrap()
}

/// The body of the first fenced block of the README after the text `after`.
pub fn readme_block(after: &str) -> String {
    let readme = std::fs::read_to_string(repo_file("README.md")).unwrap();
    let start = readme.find(after).unwrap_or_else(|| panic!("{after}")) + after.len();
    let rest = &readme[start..];
    let fence = &rest[rest.find("```").unwrap()..];
    let body = &fence[fence.find('\n').unwrap() + 1..];
    body[..body.find("```").unwrap()].to_string()
}

/// Runs `command` with `input` on its stdin, capturing its output.
pub fn output_with_stdin(command: &mut Command, input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// The text of a PDF as poppler's `pdftotext` reads it, its whitespace
/// runs made single spaces (lines break where the layout put them).
pub fn pdf_text(file: &Path) -> String {
    let output = Command::new("pdftotext")
        .arg(file)
        .arg("-")
        .output()
        .unwrap();
    assert!(output.status.success(), "pdftotext {}", file.display());
    sop::chart::layout::one_line(&String::from_utf8(output.stdout).unwrap())
}
