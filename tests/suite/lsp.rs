//! `sop lsp` at the protocol level: what an editor sees of a sample
//! project's findings as a writer opens and edits its files.

use crate::common;

use std::path::Path;

use common::TempProject;
use common::lsp::{Client, REFUND, codes, file_uri, range, span_in, span_of};
use serde_json::{Value, json};

fn project() -> TempProject {
    TempProject::new("")
}

#[test]
fn initialize_announces_incremental_sync_in_utf16() {
    let project = project();
    let (client, response) = Client::initialized(&project.root);
    let result = &response["result"];
    assert_eq!(result["serverInfo"]["name"], "sop");
    let capabilities = &result["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-16");
    let sync = &capabilities["textDocumentSync"];
    assert_eq!(
        (&sync["openClose"], &sync["change"]),
        (&json!(true), &json!(2))
    );
    assert!(client.shut_down().success());
}

#[test]
fn an_open_file_gets_its_findings_with_exact_ranges_rule_and_link() {
    let project = project();
    let path = project.write("sops/CS-2300-refund.yaml", REFUND);
    let (mut client, _) = Client::initialized(&project.root);
    let uri = client.open(&path, REFUND);
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(codes(&diagnostics), ["unknown-step"], "{diagnostics:#?}");
    let diagnostic = &diagnostics[0];
    // `😀` is two UTF-16 units: the column counts them as the editor does.
    assert_eq!(range(diagnostic), span_of(REFUND, "refnd"));
    assert_eq!(diagnostic["severity"], 1);
    assert_eq!(diagnostic["source"], "sop");
    assert_eq!(
        diagnostic["codeDescription"]["href"],
        "https://github.com/sop-toolkit/sop#rule-unknown-step"
    );
    let message = diagnostic["message"].as_str().unwrap();
    assert!(message.contains("refnd"), "{message}");
    assert!(message.contains("help: "), "{message}");
    // The same finding, at the same place, as `sop lint FILE` in CI.
    let output = common::sop(&project.root, &["lint", "--format", "json", "sops"]);
    let findings = common::findings(&output);
    assert_eq!(findings.len(), 1);
    let (_, rule, line, _, lint_message) = &findings[0];
    assert_eq!(rule, "unknown-step");
    assert_eq!(*line, span_of(REFUND, "refnd").0.0 + 1);
    assert!(message.starts_with(lint_message.as_str()));
    assert!(client.shut_down().success());
}

#[test]
fn an_incremental_edit_that_fixes_the_mistake_clears_it() {
    let project = project();
    let path = project.write("sops/CS-2301-refund.yaml", REFUND);
    let (mut client, _) = Client::initialized(&project.root);
    let uri = client.open(&path, REFUND);
    assert_eq!(codes(&client.diagnostics(&uri)), ["unknown-step"]);
    let (start, end) = span_of(REFUND, "refnd");
    let to_u32 = |(line, column): (u64, u64)| (line as u32, column as u32);
    client.edit(&uri, 2, to_u32(start), to_u32(end), "refund");
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    // An edit that breaks it again: the `d` of `refund` deleted.
    let fixed = REFUND.replace("refnd", "refund");
    let (d, _) = span_in(&fixed, "refund }", "refun");
    let d = (d.0 as u32, d.1 as u32 + 5);
    client.edit(&uri, 3, d, (d.0, d.1 + 1), "");
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(codes(&diagnostics), ["unknown-step"]);
    let broken = fixed.replace("refund }", "refun }");
    assert_eq!(range(&diagnostics[0]), span_in(&broken, "refun }", "refun"));
    assert!(client.shut_down().success());
}

#[test]
fn a_whole_text_change_is_linted() {
    let project = project();
    let path = project.write("sops/CS-2302-refund.yaml", REFUND);
    let (mut client, _) = Client::initialized(&project.root);
    let uri = client.open(&path, REFUND);
    assert_eq!(codes(&client.diagnostics(&uri)), ["unknown-step"]);
    let without_purpose = REFUND.replace("refnd", "refund").replace(
        "purpose: Give back a payment the customer made twice, the same day.\n",
        "",
    );
    client.replace(&uri, 2, &without_purpose);
    assert_eq!(codes(&client.diagnostics(&uri)), ["missing-purpose"]);
    assert!(client.shut_down().success());
}

/// Two SOPs: the complaint one calls the refund one by id.
fn calling_project() -> (TempProject, String, String) {
    let project = project();
    let refund = REFUND.replace("refnd", "refund");
    let complaint = "\
id: CS-2310
title: Handling a complaint about a double charge
department: Customer Service
purpose: Settle a complaint about a payment taken twice.
instructions:
  - do: Listen to the customer and note the dates of the payments.
  - do: Refund the second payment as the refund procedure says.
    call: CS-2300
  - do: Apologise, and say when the money will be back.
";
    project.write("sops/CS-2300-refund.yaml", &refund);
    project.write("sops/CS-2310-complaint.yaml", complaint);
    (project, refund, complaint.to_string())
}

#[test]
fn renaming_an_sop_id_updates_unknown_sop_in_the_other_open_file() {
    let (project, refund, complaint) = calling_project();
    let (mut client, _) = Client::initialized(&project.root);
    let complaint_uri = client.open(&project.path("sops/CS-2310-complaint.yaml"), &complaint);
    assert_eq!(client.diagnostics(&complaint_uri), Vec::<Value>::new());
    let refund_uri = client.open(&project.path("sops/CS-2300-refund.yaml"), &refund);
    assert_eq!(client.diagnostics(&refund_uri), Vec::<Value>::new());
    // `id: CS-2300` → `id: CS-2399`, not saved.
    client.edit(&refund_uri, 2, (0, 9), (0, 11), "99");
    assert_eq!(client.diagnostics(&refund_uri), Vec::<Value>::new());
    let diagnostics = client.diagnostics(&complaint_uri);
    assert_eq!(codes(&diagnostics), ["unknown-sop"]);
    assert_eq!(range(&diagnostics[0]), span_of(&complaint, "CS-2300"));
    // And back: the call resolves again.
    client.edit(&refund_uri, 3, (0, 9), (0, 11), "00");
    assert_eq!(client.diagnostics(&refund_uri), Vec::<Value>::new());
    assert_eq!(client.diagnostics(&complaint_uri), Vec::<Value>::new());
    assert!(client.shut_down().success());
}

#[test]
fn an_edit_that_keeps_the_links_lints_only_its_file() {
    let (project, refund, complaint) = calling_project();
    let (mut client, _) = Client::initialized(&project.root);
    let complaint_uri = client.open(&project.path("sops/CS-2310-complaint.yaml"), &complaint);
    let refund_uri = client.open(&project.path("sops/CS-2300-refund.yaml"), &refund);
    let opened = client.published_until_answered();
    assert_eq!(opened.len(), 2, "{opened:#?}");
    // A new word in a step: the id, status and calls stay the same.
    client.edit(&refund_uri, 2, (11, 10), (11, 10), "full ");
    let published = client.published_until_answered();
    let uris: Vec<&Value> = published.iter().map(|params| &params["uri"]).collect();
    assert_eq!(uris, [&json!(refund_uri)]);
    let _ = complaint_uri;
    assert!(client.shut_down().success());
}

#[test]
fn a_glossary_edit_updates_undefined_acronym_below_it() {
    let project = project();
    let glossary = "FCR: First contact resolution\nSLA: Service level agreement\n";
    let sop = "\
id: CS-2320
title: Reporting FCR every week
department: Customer Service
purpose: Track how many customers need to call only once.
instructions:
  - do: Export the FCR figures of the week from the dashboard.
";
    let glossary_path = project.write("sops/glossary.yaml", glossary);
    let sop_path = project.write("sops/team/CS-2320-fcr.yaml", sop);
    let (mut client, _) = Client::initialized(&project.root);
    let sop_uri = client.open(&sop_path, sop);
    assert_eq!(client.diagnostics(&sop_uri), Vec::<Value>::new());
    let glossary_uri = client.open(&glossary_path, glossary);
    assert_eq!(client.diagnostics(&glossary_uri), Vec::<Value>::new());
    // Delete the first line, `FCR: ...`.
    client.edit(&glossary_uri, 2, (0, 0), (1, 0), "");
    assert_eq!(client.diagnostics(&glossary_uri), Vec::<Value>::new());
    let diagnostics = client.diagnostics(&sop_uri);
    assert_eq!(codes(&diagnostics), ["undefined-acronym"]);
    assert_eq!(range(&diagnostics[0]), span_of(sop, "FCR"));
    // Closing the glossary unsaved: the file on disk, with FCR, counts again.
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": glossary_uri } }),
    );
    assert_eq!(client.diagnostics(&glossary_uri), Vec::<Value>::new());
    assert_eq!(client.diagnostics(&sop_uri), Vec::<Value>::new());
    assert!(client.shut_down().success());
}

#[test]
fn the_levels_of_sop_toml_apply() {
    let project = TempProject::new("[rules]\nunknown-step = \"warning\"\nno-exit = \"off\"\n");
    let text = REFUND.replace("    end: true\n", "");
    let path = project.write("sops/CS-2303-refund.yaml", &text);
    let (mut client, _) = Client::initialized(&project.root);
    let uri = client.open(&path, &text);
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(
        codes(&diagnostics),
        ["unknown-step"],
        "no no-exit: it is off"
    );
    assert_eq!(diagnostics[0]["severity"], 2);
    assert!(client.shut_down().success());
}

#[test]
fn a_suppression_comment_silences_its_finding() {
    let project = project();
    let text = REFUND.replace(
        "      - { when: \"Oui",
        "      # sop-disable-next-line unknown-step -- the refund step is written next week\n      - { when: \"Oui",
    );
    let path = project.write("sops/CS-2304-refund.yaml", &text);
    let (mut client, _) = Client::initialized(&project.root);
    let uri = client.open(&path, &text);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    // Without its reason, the suppression still applies, and says so.
    let (start, _) = span_of(&text, " -- the refund");
    let end = (
        start.0 as u32,
        (start.1 as usize + " -- the refund step is written next week".len()) as u32,
    );
    client.edit(&uri, 2, (start.0 as u32, start.1 as u32), end, "");
    assert_eq!(codes(&client.diagnostics(&uri)), ["unused-suppression"]);
    assert!(client.shut_down().success());
}

#[test]
fn a_file_that_does_not_parse_gets_its_yaml_syntax_finding() {
    let project = project();
    let path = project.write("sops/CS-2305-refund.yaml", REFUND);
    let (mut client, _) = Client::initialized(&project.root);
    let uri = client.open(&path, REFUND);
    assert_eq!(codes(&client.diagnostics(&uri)), ["unknown-step"]);
    // `title: [Refunding...` opens a flow sequence that never closes.
    client.edit(&uri, 2, (1, 7), (1, 7), "[");
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(codes(&diagnostics), ["yaml-syntax"], "{diagnostics:#?}");
    let ((line, _), _) = range(&diagnostics[0]);
    assert!(line >= 1, "{diagnostics:#?}");
    assert!(client.shut_down().success());
}

#[test]
fn yaml_outside_the_sop_folder_and_other_schemes_get_no_findings() {
    let project = project();
    project.write("sops/CS-2306-refund.yaml", REFUND);
    let workflow = "on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n";
    let path = project.write(".github/workflows/sop.yml", workflow);
    let (mut client, _) = Client::initialized(&project.root);
    let uri = client.open(&path, workflow);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    let untitled = "untitled:Untitled-1";
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": {
            "uri": untitled, "languageId": "yaml", "version": 1, "text": REFUND,
        }}),
    );
    assert_eq!(client.diagnostics(untitled), Vec::<Value>::new());
    assert!(client.shut_down().success());
}

#[test]
fn a_path_with_spaces_and_accents_is_found_from_its_uri() {
    let project = project();
    let path = project.write("sops/remboursé/CS-2307 refund.yaml", REFUND);
    let (mut client, _) = Client::initialized(&project.root);
    let uri = client.open(&path, REFUND);
    assert!(uri.contains("%20") && uri.contains("%C3%A9"), "{uri}");
    assert_eq!(codes(&client.diagnostics(&uri)), ["unknown-step"]);
    assert!(client.shut_down().success());
}

#[test]
fn closing_a_file_clears_its_diagnostics() {
    let project = project();
    let path = project.write("sops/CS-2308-refund.yaml", REFUND);
    let (mut client, _) = Client::initialized(&project.root);
    let uri = client.open(&path, REFUND);
    assert_eq!(codes(&client.diagnostics(&uri)), ["unknown-step"]);
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    assert_eq!(file_uri(Path::new("/a b")), "file:///a%20b");
    assert!(client.shut_down().success());
}

#[test]
fn a_burst_of_keystrokes_ends_with_the_diagnostics_of_the_last_text() {
    let project = project();
    let started = REFUND.replace("refnd", "r");
    let path = project.write("sops/CS-2309-refund.yaml", &started);
    let (mut client, _) = Client::initialized(&project.root);
    let uri = client.open(&path, &started);
    assert!(codes(&client.diagnostics(&uri)).contains(&"unknown-step".to_string()));
    // `r` → `refund`, typed a letter at a time, without waiting.
    let ((line, column), _) = span_in(&started, "r }", "r");
    let (line, column) = (line as u32, column as u32 + 1);
    for (typed, letter) in "efund".chars().enumerate() {
        let at = column + typed as u32;
        client.edit(
            &uri,
            typed as i32 + 2,
            (line, at),
            (line, at),
            &letter.to_string(),
        );
    }
    let published = client.published_until_answered();
    let last = published.last().expect("diagnostics after the burst");
    assert_eq!(last["uri"], json!(uri));
    assert_eq!(last["version"], 6, "{published:#?}");
    assert_eq!(last["diagnostics"], json!([]), "{published:#?}");
    assert!(client.shut_down().success());
}
