//! Headless Chromium for the handbook tests: found on PATH, and driven by
//! the scripts of `tests/web` (puppeteer-core, pinned there).

use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::Command;

use super::{TempProject, npm_installed, repo, tool_available};

/// Where the Chromium command is, if one is installed (see
/// [`tool_available`]): a path, as puppeteer and Lighthouse want one.
pub fn chromium() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .flat_map(|name| {
            std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
                .map(move |folder| folder.join(name))
                .collect::<Vec<_>>()
        })
        .find(|path| {
            Command::new(path)
                .arg("--version")
                .output()
                .is_ok_and(|output| output.status.success())
        });
    if found.is_none() {
        // Fails when tools are required, else a skip with its reason.
        tool_available("Chromium", &mut Command::new("chromium"));
    }
    found
}

/// Chromium, when the scripts of `tests/web` can drive it: Node and
/// `npm ci --prefix tests/web` too.
pub fn scriptable_chromium() -> Option<PathBuf> {
    let chromium = chromium()?;
    (tool_available("Node.js", Command::new("node").arg("--version"))
        && npm_installed("tests/web", "puppeteer-core"))
    .then_some(chromium)
}

/// `node tests/web/SCRIPT ARGS`: its output, read as JSON.
pub fn run_script(script: &str, args: &[&OsStr]) -> serde_json::Value {
    let output = Command::new("node")
        .current_dir(repo())
        .arg(format!("tests/web/{script}"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// `sop render sops ARGS` into the folder `book` of a fresh project.
pub fn rendered_samples(args: &[&str]) -> TempProject {
    rendered("sops", args)
}

/// `sop render SOPS ARGS` (a path from the repository) into the folder
/// `book` of a fresh project.
pub fn rendered(sops: &str, args: &[&str]) -> TempProject {
    let project = TempProject::new("");
    let out = project.path("book");
    let mut render = vec!["render", sops, "--out", out.to_str().unwrap()];
    render.extend(args);
    let output = super::sop(repo(), &render);
    assert!(output.status.success(), "{}", super::stderr(&output));
    project
}
