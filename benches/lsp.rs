//! How long `sop lsp` takes from a `didChange` to the diagnostics of the
//! changed file, on a generated project of 1,000 SOPs (the issue asks for
//! under 50 ms on 10,000), and to answer a definition and a completion
//! there: measured end to end, through the release binary's stdin and
//! stdout, with the test suite's LSP client. The client watches files for
//! the server, as VS Code and Neovim do; with `--not-watching` it is a
//! client that cannot, so every lint walks the project again.
//!
//! Run: `cargo bench --bench lsp` (`-- SOPS` for another size).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[allow(dead_code)]
#[path = "../tests/common/lsp.rs"]
mod client;

use client::{Client, codes};

const ROUNDS: usize = 40;

fn main() {
    let sops: usize = std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(1_000);
    let root = std::env::temp_dir().join(format!("sop-lsp-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let files = generate(&root, sops);
    let watching = !std::env::args().any(|arg| arg == "--not-watching");
    let mut client = if watching {
        Client::watching(&root)
    } else {
        Client::initialized(&root).0
    };

    // One file open, a step's `goto` broken and fixed in turn: each change
    // is linted with its project (every other SOP's id read from disk).
    let path = &files[sops / 2];
    let text = std::fs::read_to_string(path).unwrap();
    let uri = client.open(path, &text);
    assert_eq!(client.diagnostics(&uri), Vec::<serde_json::Value>::new());
    let (line, column) = value_at(&text, "goto", "step-3");
    let mut times = Vec::new();
    for round in 0..ROUNDS {
        let (old, new, broken) = if round % 2 == 0 {
            ("step-3", "step-9", true)
        } else {
            ("step-9", "step-3", false)
        };
        let end = column + old.len() as u32;
        let started = Instant::now();
        client.edit(&uri, round as i32 + 2, (line, column), (line, end), new);
        let diagnostics = client.diagnostics(&uri);
        times.push(started.elapsed());
        assert_eq!(
            codes(&diagnostics).contains(&"unknown-step".to_string()),
            broken
        );
    }
    let client_kind = if watching { "watching" } else { "not watching" };
    report(
        &format!(
            "didChange → publishDiagnostics, 1 file open of {sops} SOPs, client {client_kind}"
        ),
        &mut times,
    );

    // On the `call` of the SOP before it: its definition (that SOP's
    // file), and the completions there (every other id, the first 200
    // with their titles, each read from its file).
    let (line, column) = value_at(&text, "call", "BENCH-");
    let at = serde_json::json!({
        "textDocument": { "uri": uri },
        "position": { "line": line, "character": column },
    });
    for (method, what) in [
        ("textDocument/definition", "definition of a `call` id"),
        ("textDocument/completion", "completion after `call: `"),
    ] {
        let mut times = Vec::new();
        for _ in 0..ROUNDS {
            let started = Instant::now();
            let response = client.request(method, at.clone());
            times.push(started.elapsed());
            let found = response["result"].as_array().map_or(0, Vec::len);
            assert!(found > 0, "{response}");
        }
        report(&format!("{what}, {sops} SOPs"), &mut times);
    }

    // Ten more SOPs of the project open: renaming its id re-lints them all.
    for caller in files.iter().take(10) {
        let text = std::fs::read_to_string(caller).unwrap();
        let caller_uri = client.open(caller, &text);
        client.diagnostics(&caller_uri);
    }
    let (mut own, mut all) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        // `BENCH-0` and `RENAME-` in turn: the id changes, and back.
        let id = if round % 2 == 0 { "RENAME-" } else { "BENCH-0" };
        let started = Instant::now();
        client.edit(&uri, (ROUNDS + round) as i32 + 2, (0, 4), (0, 11), id);
        client.diagnostics(&uri);
        own.push(started.elapsed());
        let published = client.published_until_answered();
        all.push(started.elapsed());
        assert_eq!(published.len(), 10);
    }
    report(
        "renaming the SOP's id, 11 files open: its own diagnostics",
        &mut own,
    );
    report("the same, until the 10 others are re-linted", &mut all);
    let status = client.shut_down();
    assert!(status.success());
    std::fs::remove_dir_all(&root).unwrap();
}

/// Where `value` starts on the first line with `key: value` (`value` may
/// be a prefix of the whole value), as (line, UTF-16 column: the text is ASCII).
fn value_at(text: &str, key: &str, value: &str) -> (u32, u32) {
    let written = format!("{key}: {value}");
    let (line, content) = text
        .lines()
        .enumerate()
        .find(|(_, line)| line.contains(&written))
        .unwrap();
    let column = content.find(&written).unwrap() + key.len() + 2;
    (line as u32, column as u32)
}

fn report(what: &str, times: &mut [Duration]) {
    times.sort();
    let ms = |duration: Duration| duration.as_secs_f64() * 1000.0;
    println!(
        "{what}: median {:.1} ms, min {:.1} ms, max {:.1} ms ({} rounds)",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1]),
        times.len()
    );
}

/// Writes a project of `count` SOPs in ten folders, each with a glossary;
/// every SOP calls the one before it. Returns the SOP files in order.
fn generate(root: &Path, count: usize) -> Vec<PathBuf> {
    std::fs::create_dir_all(root.join("sops")).unwrap();
    std::fs::write(root.join("sop.toml"), "").unwrap();
    let mut files = Vec::with_capacity(count);
    for index in 0..count {
        let folder = root.join(format!("sops/team-{}", index % 10));
        if index < 10 {
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(
                folder.join("glossary.yaml"),
                "FCR: First contact resolution\nSLA: Service level agreement\nCRM: Customer relationship management\n",
            )
            .unwrap();
        }
        let path = folder.join(format!("BENCH-{index:04}.yaml"));
        std::fs::write(&path, sop(index)).unwrap();
        files.push(path);
    }
    files
}

fn sop(index: usize) -> String {
    let call = match index {
        0 => String::new(),
        _ => format!("    call: BENCH-{:04}\n", index - 1),
    };
    format!(
        "\
id: BENCH-{index:04}
title: Handling request {index}
department: Customer Service
purpose: >
  Answer the customer within the SLA and record the outcome in the CRM,
  so the FCR of the team stays high.
roles:
  agent: The agent who takes the call
instructions:
  - id: step-1
    do: Greet the customer and find their account in the CRM.
    role: agent
  - id: step-2
    ask: Is the request about a payment?
    branches:
      - when: Yes
        goto: step-3
      - when: No
        goto: step-4
  - id: step-3
    do: Check the payment and explain it.
{call}  - id: step-4
    do: Note the outcome in the CRM.
  - id: step-5
    ask: Is the customer satisfied?
    branches:
      - when: Yes
        goto: step-6
      - when: No
        goto: step-1
  - id: step-6
    do: Close the case.
    end: true
"
    )
}
