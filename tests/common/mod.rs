//! Helpers shared by the integration tests.

use std::process::Command;

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
    let installed = std::path::Path::new(folder)
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
