//! The editor set-ups that start `sop lsp`: the README's Helix lines and the
//! VS Code extension in editors/vscode/ say `sop lsp`, and parse.

use crate::common;

use std::process::Command;

use serde_json::Value;

#[test]
fn the_helix_lines_of_the_readme_start_sop_lsp_for_yaml() {
    let block = common::readme_block("Helix (`languages.toml`");
    let config: toml::Table = block.parse().unwrap();
    let server = &config["language-server"]["sop"];
    assert_eq!(server["command"].as_str(), Some("sop"));
    assert_eq!(server["args"].as_array().unwrap()[0].as_str(), Some("lsp"));
    let yaml = &config["language"].as_array().unwrap()[0];
    assert_eq!(yaml["name"].as_str(), Some("yaml"));
    let servers = yaml["language-servers"].as_array().unwrap();
    assert!(servers.iter().any(|name| name.as_str() == Some("sop")));
}

#[test]
fn the_vscode_extension_starts_sop_lsp_for_yaml_files() {
    let folder = common::repo_file("editors/vscode");
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("package.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["activationEvents"][0], "onLanguage:yaml");
    assert!(manifest["dependencies"]["vscode-languageclient"].is_string());
    let main = manifest["main"].as_str().unwrap();
    let script = std::fs::read_to_string(folder.join(main)).unwrap();
    assert!(script.contains("args: ['lsp']"), "{script}");
    assert!(script.contains("language: 'yaml'"), "{script}");
    if !common::tool_available("node", Command::new("node").arg("--version")) {
        return;
    }
    let output = Command::new("node")
        .arg("--check")
        .arg(folder.join(main))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::stderr(&output));
}
