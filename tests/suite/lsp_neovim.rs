//! `sop lsp` in a real editor: Neovim's built-in LSP client, headless, on a
//! sample project (tests/nvim/sop_lsp.lua drives it): the planted mistake's
//! diagnostic, its quick fix, then definition, hover and completion on the
//! fixed line. Neovim reports columns in bytes, converted from the server's
//! UTF-16 units, so a mistake after non-ASCII text checks the conversion
//! end to end, both ways.

use crate::common;

use std::process::{Command, Stdio};

use common::TempProject;
use common::lsp::REFUND;
use serde_json::Value;

#[test]
fn neovim_shows_a_planted_mistake_fixes_it_and_navigates() {
    if !common::tool_available("nvim", Command::new("nvim").arg("--version")) {
        return;
    }
    let project = TempProject::new("");
    let file = project.write("sops/CS-2300-refund.yaml", REFUND);
    let result = project.path("nvim-result.json");
    let script = common::repo_file("tests/nvim/sop_lsp.lua");
    // Neovim's state, cache and logs stay in the project.
    let home = project.path("nvim-home");
    let mut child = Command::new("nvim")
        .args(["--headless", "--clean", "-c"])
        .arg(format!("luafile {}", script.display()))
        .current_dir(&project.root)
        .env("SOP_BIN", env!("CARGO_BIN_EXE_sop"))
        .env("SOP_FILE", &file)
        .env("SOP_ROOT", &project.root)
        .env("SOP_RESULT", &result)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let status = common::lsp::wait_patiently(&mut child, "nvim");
    assert!(status.success(), "nvim: {status}");
    let results: Value = serde_json::from_str(&std::fs::read_to_string(&result).unwrap()).unwrap();
    assert_eq!(results["ok"], true, "{results:#}");
    assert_eq!(results["found"], true, "{results:#}");
    let diagnostics = results["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{results:#}");
    let planted = &diagnostics[0];
    assert_eq!(planted["code"], "unknown-step");
    assert_eq!(planted["source"], "sop");
    assert_eq!(planted["severity"], 1, "an error");
    // The line and byte columns of `refnd`, after `é` and `😀`.
    let line = REFUND
        .lines()
        .position(|line| line.contains("refnd"))
        .unwrap();
    let column = REFUND.lines().nth(line).unwrap().find("refnd").unwrap();
    assert_eq!(
        (
            &planted["lnum"],
            &planted["col"],
            &planted["end_lnum"],
            &planted["end_col"]
        ),
        (
            &line.into(),
            &column.into(),
            &line.into(),
            &(column + 5).into()
        ),
        "{results:#}"
    );
    // The preferred quick fix is the did-you-mean, and it fixes the line.
    let actions = results["actions"].as_array().unwrap();
    assert_eq!(
        actions[0]["title"], "Change `refnd` to `refund`",
        "{results:#}"
    );
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(actions[0]["preferred"], true);
    assert!(
        actions[1..]
            .iter()
            .all(|action| action["preferred"] == false),
        "{results:#}"
    );
    let fixed = REFUND.lines().nth(line).unwrap().replace("refnd", "refund");
    assert_eq!(results["fixed_line"], fixed.as_str(), "{results:#}");
    assert_eq!(results["cleared"], true, "{results:#}");
    assert_eq!(results["after_fix"], Value::Array(Vec::new()));

    // On the fixed `goto`: the step `refund` in UTF-16 units (ASCII here).
    let definition = &results["definition"];
    let step_line = REFUND
        .lines()
        .position(|line| line == "  - id: refund")
        .unwrap();
    assert_eq!(
        definition["uri"],
        common::lsp::file_uri(&file).as_str(),
        "{results:#}"
    );
    assert_eq!(
        definition["range"],
        serde_json::json!({
            "start": { "line": step_line, "character": 8 },
            "end": { "line": step_line, "character": 14 },
        }),
        "{results:#}"
    );
    assert_eq!(results["hover"]["kind"], "markdown", "{results:#}");
    let hover = results["hover"]["value"].as_str().unwrap();
    assert!(
        hover.contains("Refund the second payment in the card terminal."),
        "{hover}"
    );
    // The other steps than `check`, whose branch this is.
    let labels: Vec<&Value> = results["completion"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| &item["label"])
        .collect();
    assert_eq!(labels, ["refund", "close"], "{results:#}");
}
