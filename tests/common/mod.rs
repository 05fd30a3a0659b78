//! Helpers shared by the integration tests. Each test binary uses some of
//! them, so the others would be dead code there.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use sop::diagnostic::Report;
use sop::project::{self, Project};

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

/// A project in a temporary folder with the given `sop.toml`, removed when
/// dropped.
pub struct TempProject {
    pub root: PathBuf,
}

impl TempProject {
    pub fn new(config: &str) -> TempProject {
        static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let root = std::env::temp_dir().join(format!(
            "sop-temp-{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        let root = root.canonicalize().unwrap();
        std::fs::write(root.join("sop.toml"), config).unwrap();
        TempProject { root }
    }

    /// Writes a file of the project, with its folders.
    pub fn write(&self, path: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let path = self.root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Runs `sop ARGS` in the project's root, with `--today 2026-11-22`
    /// for `lint` and `render`.
    pub fn sop(&self, args: &[&str]) -> std::process::Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_sop"));
        command
            .current_dir(&self.root)
            .args(args)
            .env("NO_COLOR", "1");
        if matches!(args.first(), Some(&"lint") | Some(&"render")) {
            command.args(["--today", "2026-11-22"]);
        }
        command.output().unwrap()
    }
}

impl Drop for TempProject {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}
