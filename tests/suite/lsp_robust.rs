//! `sop lsp` against clients that send garbage, files that vanish and
//! hostile files: the server answers what it can, says what it ignored in
//! the client's log, and never stops before `exit`.

use crate::common;

use common::TempProject;
use common::lsp::{Client, codes, file_uri, range};
use serde_json::{Value, json};

const SOP: &str = "\
id: CS-2330
title: Closing a dormant account
department: Customer Service
purpose: Close an account nobody has used for two years, as the terms allow.
instructions:
  - id: check
    do: Check that the account has had no payment for two years.
    next: letter
  - id: letter
    do: Send the closing letter and note the date in the account.
";

/// An SOP that calls [`SOP`].
const CALLER: &str = "\
id: CS-2332
title: Handling a request to close an account
department: Customer Service
purpose: Close an account when its holder asks.
instructions:
  - do: Close the account as the dormant accounts procedure says.
    call: CS-2330
";

fn project() -> (TempProject, std::path::PathBuf) {
    let project = TempProject::new("");
    let path = project.write("sops/CS-2330-dormant.yaml", SOP);
    (project, path)
}

/// The server still serves: a request after the garbage is answered.
fn still_serving(client: &mut Client) {
    let response = client.request("sop/ping", json!({}));
    assert_eq!(response["error"]["code"], -32601, "{response}");
}

#[test]
fn garbage_frames_are_skipped_and_logged() {
    let (project, _) = project();
    let (mut client, _) = Client::initialized(&project.root);
    client.send_raw(b"Content-Length: 9\r\n\r\nnot json!");
    let log = client.notification("window/logMessage");
    assert!(
        log["message"].as_str().unwrap().contains("not JSON"),
        "{log}"
    );
    client.send_raw(b"hello\r\n\r\n");
    client.send_raw(b"Content-Length: many\r\n\r\n");
    client.send_raw(b"Content-Length: 4\r\n\r\n\xff\xfe{}");
    client.send_raw(b"Content-Length: 2\r\n\r\n[]");
    client.send_raw(b"Content-Length: 13\r\n\r\n{\"id\":[1,2]}\n");
    still_serving(&mut client);
    assert!(client.shut_down().success());
}

#[test]
fn a_request_that_is_not_json_rpc_gets_invalid_request() {
    let (project, _) = project();
    let (mut client, _) = Client::initialized(&project.root);
    client.send(&json!({ "jsonrpc": "2.0", "id": 41, "method": 42 }));
    let response = client.response(&json!(41));
    assert_eq!(response["error"]["code"], -32600, "{response}");
    assert!(client.shut_down().success());
}

#[test]
fn unknown_methods_and_bad_params() {
    let (project, path) = project();
    let (mut client, _) = Client::initialized(&project.root);
    let response = client.request("textDocument/semanticTokens/full", json!({}));
    assert_eq!(response["error"]["code"], -32601, "{response}");
    // A notification the server does not know is ignored quietly.
    client.notify("$/setTrace", json!({ "value": "verbose" }));
    client.notify("custom/whatever", json!(null));
    // One it knows, with params that do not fit: logged, and nothing else.
    client.notify("textDocument/didOpen", json!({ "textDocument": 7 }));
    let log = client.notification("window/logMessage");
    assert!(
        log["message"]
            .as_str()
            .unwrap()
            .contains("textDocument/didOpen"),
        "{log}"
    );
    // A request it knows with params that do not fit: InvalidParams.
    let response = client.request("shutdown", json!([1, 2, 3]));
    assert_eq!(response["error"]["code"], -32602, "{response}");
    let uri = client.open(&path, SOP);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    assert!(client.shut_down().success());
}

#[test]
fn before_initialize_only_initialize_is_served() {
    let (project, _) = project();
    let mut client = Client::start(&project.root);
    let response = client.request("shutdown", Value::Null);
    assert_eq!(response["error"]["code"], -32002, "{response}");
    let response = client.request("initialize", json!({ "capabilities": "none" }));
    assert_eq!(response["error"]["code"], -32602, "{response}");
    let response = client.request("initialize", json!({ "capabilities": {} }));
    assert_eq!(
        response["result"]["serverInfo"]["name"], "sop",
        "{response}"
    );
    let response = client.request("initialize", json!({ "capabilities": {} }));
    assert_eq!(response["error"]["code"], -32600, "{response}");
    assert!(client.shut_down().success());
}

#[test]
fn exit_codes_follow_the_spec() {
    let (project, _) = project();
    // `exit` without `shutdown`: 1.
    let (mut client, _) = Client::initialized(&project.root);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait().code(), Some(1));
    // The end of input without `shutdown`: 1.
    let (client, _) = Client::initialized(&project.root);
    assert_eq!(client.wait().code(), Some(1));
    // After `shutdown`, requests are refused and `exit` is 0.
    let (mut client, _) = Client::initialized(&project.root);
    let response = client.request("shutdown", Value::Null);
    assert_eq!(response["result"], Value::Null);
    let response = client.request("sop/ping", json!({}));
    assert_eq!(response["error"]["code"], -32600, "{response}");
    client.notify("exit", Value::Null);
    assert_eq!(client.wait().code(), Some(0));
}

#[test]
fn edits_out_of_range_and_of_unopened_files_do_not_stop_it() {
    let (project, path) = project();
    let (mut client, _) = Client::initialized(&project.root);
    let stranger = file_uri(&project.path("sops/never-opened.yaml"));
    client.edit(&stranger, 2, (0, 0), (0, 0), "x");
    let log = client.notification("window/logMessage");
    assert!(
        log["message"].as_str().unwrap().contains("not open"),
        "{log}"
    );
    let uri = client.open(&path, SOP);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    // A range far past the end, its ends swapped: clamped to the end.
    client.edit(&uri, 2, (900, 9), (400, 0), "  - do: Archive the file.\n");
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    // A character in the middle of a line, past its end: the end of that line.
    client.edit(&uri, 3, (9, 500), (9, 600), " Then phone the customer.");
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    // `next: letter` → `next: lettre`, found where the edit left it.
    client.edit(&uri, 4, (7, 14), (7, 16), "re");
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(codes(&diagnostics), ["unknown-step"]);
    assert_eq!(range(&diagnostics[0]), ((7, 10), (7, 16)));
    assert!(client.shut_down().success());
}

#[test]
fn a_file_that_vanishes_keeps_its_buffer_linted() {
    let (project, path) = project();
    let (mut client, _) = Client::initialized(&project.root);
    let uri = client.open(&path, SOP);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    std::fs::remove_dir_all(project.path("sops")).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri, "type": 3 }] }),
    );
    client.edit(&uri, 2, (7, 14), (7, 16), "re");
    assert_eq!(codes(&client.diagnostics(&uri)), ["unknown-step"]);
    // The whole project gone, `sop.toml` too: linted as `sop lint` would.
    std::fs::remove_file(project.path("sop.toml")).unwrap();
    client.edit(&uri, 3, (7, 14), (7, 16), "er");
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    assert!(client.shut_down().success());
}

#[test]
fn a_broken_sop_toml_is_said_on_the_file() {
    let project = TempProject::new("[rules]\nunknown-stepp = \"off\"\n");
    let path = project.write("sops/CS-2331-dormant.yaml", SOP);
    let (mut client, _) = Client::initialized(&project.root);
    let uri = client.open(&path, SOP);
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let message = diagnostics[0]["message"].as_str().unwrap();
    assert!(message.contains("unknown-stepp"), "{message}");
    assert!(client.shut_down().success());
}

#[test]
fn a_change_on_disk_updates_the_open_files_it_touches() {
    let project = TempProject::new("");
    let caller = CALLER;
    let caller_path = project.write("sops/CS-2332-close.yaml", caller);
    project.write("sops/CS-2330-dormant.yaml", SOP);
    let (mut client, _) = Client::initialized(&project.root);
    let uri = client.open(&caller_path, caller);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    // A checkout renames the called SOP's id on disk.
    let called = project.write(
        "sops/CS-2330-dormant.yaml",
        SOP.replace("CS-2330", "CS-2333"),
    );
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(&called), "type": 2 }] }),
    );
    assert_eq!(codes(&client.diagnostics(&uri)), ["unknown-sop"]);
    assert!(client.shut_down().success());
}

/// A client that watches files: the ids of the SOPs on disk are
/// remembered between lints, and forgotten on each change it reports and
/// on each save, so no lint sees an old file.
#[test]
fn a_watching_client_sees_every_change_on_disk_and_every_save() {
    let project = TempProject::new("");
    let caller = CALLER;
    let caller_path = project.write("sops/CS-2332-close.yaml", caller);
    let called_path = project.write("sops/CS-2330-dormant.yaml", SOP);
    let mut client = Client::watching(&project.root);
    let uri = client.open(&caller_path, caller);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    // A checkout renames the called SOP's id on disk, then back; then
    // retires it (its summary, read whole, is not remembered past that).
    let retired = SOP.replace("purpose:", "status: retired\npurpose:");
    for (text, codes_then) in [
        (SOP.replace("CS-2330", "CS-2333"), vec!["unknown-sop"]),
        (SOP.to_string(), vec![]),
        (retired, vec!["retired-reference"]),
        (SOP.to_string(), vec![]),
    ] {
        project.write("sops/CS-2330-dormant.yaml", text);
        client.notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": file_uri(&called_path), "type": 2 }] }),
        );
        assert_eq!(codes(&client.diagnostics(&uri)), codes_then);
    }
    // The called SOP opened and its id edited: its buffer counts at once.
    let called_uri = client.open(&called_path, SOP);
    client.diagnostics(&called_uri);
    let renamed = SOP.replace("CS-2330", "CS-2339");
    client.replace(&called_uri, 2, &renamed);
    assert_eq!(codes(&client.diagnostics(&uri)), ["unknown-sop"]);
    // Saved and closed: the file on disk counts again, and what was
    // remembered of it before the save is not used (the caller, edited,
    // still misses CS-2330).
    project.write("sops/CS-2330-dormant.yaml", &renamed);
    for method in ["textDocument/didSave", "textDocument/didClose"] {
        client.notify(method, json!({ "textDocument": { "uri": called_uri } }));
    }
    client.replace(&uri, 2, caller);
    assert_eq!(codes(&client.diagnostics(&uri)), ["unknown-sop"]);
    assert!(client.shut_down().success());
}

/// A client that cannot watch files (or has not accepted the watchers)
/// is told of nothing: each lint reads the disk again, so nothing is
/// remembered for it.
#[test]
fn a_client_that_does_not_watch_sees_changes_on_disk_unannounced() {
    let project = TempProject::new("");
    let caller_path = project.write("sops/CS-2332-close.yaml", CALLER);
    project.write("sops/CS-2330-dormant.yaml", SOP);
    let (mut client, _) = Client::initialized(&project.root);
    let uri = client.open(&caller_path, CALLER);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    project.write(
        "sops/CS-2330-dormant.yaml",
        SOP.replace("CS-2330", "CS-2333"),
    );
    client.replace(&uri, 2, CALLER);
    assert_eq!(codes(&client.diagnostics(&uri)), ["unknown-sop"]);
    assert!(client.shut_down().success());
}

#[test]
fn hostile_files_meet_the_projects_limits() {
    let project = TempProject::new("[limits]\nfindings-per-file = 5\nfile-size-mib = 1\n");
    // Forty steps that all go nowhere: five findings, and one that says so.
    let mut many = SOP.replace("    next: letter\n", "");
    for step in 0..40 {
        many.push_str(&format!("  - do: Step {step}.\n    next: nowhere-{step}\n"));
    }
    let path = project.write("sops/CS-2334-many.yaml", &many);
    let (mut client, _) = Client::initialized(&project.root);
    let uri = client.open(&path, &many);
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(diagnostics.len(), 6, "{diagnostics:#?}");
    assert_eq!(codes(&diagnostics).last().unwrap(), "limit-exceeded");
    // A buffer past the size cap: refused as the file would be.
    let big = format!("{SOP}# {}\n", "é".repeat(600_000));
    let big_path = project.write("sops/CS-2335-big.yaml", &big);
    let big_uri = client.open(&big_path, &big);
    assert_eq!(codes(&client.diagnostics(&big_uri)), ["unreadable-file"]);
    // A long line of one character that UTF-16 counts twice.
    let long = SOP.replace("next: letter", &format!("next: {}", "😀".repeat(50_000)));
    client.replace(&uri, 2, &long);
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(codes(&diagnostics), ["unknown-step", "unreachable-step"]);
    assert_eq!(range(&diagnostics[0]), ((7, 10), (7, 100_010)));
    assert!(client.shut_down().success());
}
