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

/// A folder of its own in the temp folder for one test, removed when dropped.
pub struct Scratch {
    pub root: PathBuf,
}

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let count = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let root = std::env::temp_dir().join(format!("sop-{name}-{}-{count}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        Scratch {
            root: root.canonicalize().unwrap(),
        }
    }

    pub fn path(&self, path: &str) -> PathBuf {
        self.root.join(path)
    }

    pub fn write(&self, path: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    /// The names in a folder of the scratch, sorted.
    pub fn names(&self, folder: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path(folder))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// The `sop` binary with `args`, run in `cwd`, without colour, with the
/// date pinned for `render`.
pub fn sop_command(cwd: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sop"));
    command.current_dir(cwd).args(args).env("NO_COLOR", "1");
    if args.first() == Some(&"render") {
        command.args(["--today", "2026-11-22"]);
    }
    command
}

/// An SOP with `id` (quoted for YAML) and `steps` lines under `instructions`.
pub fn sop_yaml(id: &str, title: &str, extra: &str, steps: &[&str]) -> String {
    let mut text = format!(
        "id: \"{id}\"\ntitle: {title}\ndepartment: Customer Service\npurpose: Keep the work the same every time.\n{extra}instructions:\n"
    );
    for step in steps {
        text.push_str(&format!("  - {step}\n"));
    }
    text
}
