//! `sop lsp`'s navigation requests at the protocol level, on a sample
//! project of card-payment SOPs: definition, references, hover,
//! completion, the outline, quick fixes and rename, each answer checked by
//! the text it points at in the editor's files. The positions are after
//! non-ASCII text (`é`, `€`, `😀`, two UTF-16 units), so every answer
//! checks the conversion from and to UTF-16 columns.

use crate::common;

use common::TempProject;
use common::lsp::{Client, apply_edits, codes, file_uri, offset_at, span_in};
use serde_json::{Value, json};

const GLOSSARY_FILE: &str = "sops/glossary.yaml";
const GLOSSARY: &str = "\
CRM: Customer Relationship Management system, where every contact and case is recorded
SLA: Service Level Agreement, the committed time to answer or resolve a contact
";

const REFUND_FILE: &str = "sops/billing/CS-2341-double-charge.yaml";
/// The SOP the tests open and edit.
const REFUND: &str = "\
id: CS-2341
title: Refund a double card charge
department: Customer Service
purpose: Give back a payment the customer made twice, within the SLA.
scope: Card payments at the Zürich café counter 😀 and online.
roles:
  agent: Customer service agent who takes the call
  supervisor: Team leader who approves refunds above €250
terms:
  ARN: Acquirer reference number, the id the card scheme gives a refund
instructions:
  - id: check
    ask: Does the statement show the payment twice, « deux fois » 😀?
    role: agent
    branches:
      - { when: \"Oui 😀\", goto: refund }
      - { when: \"No\", goto: close }
  - id: refund
    do: Refund the second payment in the CRM and note its ARN.
    role: agent
    next: confirm
  - id: confirm
    do: Ask the supervisor whether a chargeback is open.
    role: supervisor
    call: CS-2342
    next: close
  - id: close
    # sop-disable-next-line undefined-acronym -- RFD is the card scheme's own reason code
    do: Tell the customer what was done, with the reason code RFD.
    end: true
";

const CHARGEBACK_FILE: &str = "sops/billing/CS-2342-chargeback.yaml";
/// The SOP the refund calls, never opened: read from disk.
const CHARGEBACK: &str = "\
id: CS-2342
title: Check for an open chargeback
department: Customer Service
status: draft
purpose: Find out whether the bank opened a chargeback on a payment, so it is not refunded twice.
instructions:
  - do: Search the payment in the acquirer's portal.
  - do: Say whether a chargeback is open.
    end: true
";

const COMPLAINT_FILE: &str = "sops/complaints/CS-2343-complaint.yaml";
/// Another SOP that calls the chargeback one, in another folder.
const COMPLAINT: &str = "\
id: CS-2343
title: Answer a complaint about a double charge
department: Customer Service
purpose: Settle a complaint about a payment taken twice.
instructions:
  - do: Check whether the bank has a chargeback open.
    call: CS-2342
  - do: Apologise, and say when the money will be back.
    end: true
";

const FILES: &[(&str, &str)] = &[
    (GLOSSARY_FILE, GLOSSARY),
    (REFUND_FILE, REFUND),
    (CHARGEBACK_FILE, CHARGEBACK),
    (COMPLAINT_FILE, COMPLAINT),
];

/// The sample project on disk, a server on it, and the refund SOP open.
struct Session {
    project: TempProject,
    client: Client,
    uri: String,
    /// The refund SOP's buffer.
    text: String,
    version: i32,
    /// The diagnostics published once it was opened.
    opened: Vec<Value>,
}

impl Session {
    fn new() -> Session {
        Session::with(REFUND)
    }

    /// The session with `text` in the refund SOP's buffer.
    fn with(text: &str) -> Session {
        let project = TempProject::new("");
        for (file, content) in FILES {
            project.write(file, content);
        }
        let (mut client, _) = Client::initialized(&project.root);
        let uri = client.open(&project.path(REFUND_FILE), text);
        let opened = client.diagnostics(&uri);
        Session {
            project,
            client,
            uri,
            text: text.to_string(),
            version: 1,
            opened,
        }
    }

    fn diagnostics(&mut self) -> Vec<Value> {
        self.client.diagnostics(&self.uri)
    }

    /// The request's result; an error fails the test.
    fn ask(&mut self, method: &str, params: Value) -> Value {
        let response = self.client.request(method, params);
        assert_eq!(response.get("error"), None, "{method}: {response:#}");
        response["result"].clone()
    }

    /// A request at the start of `word`, where the first `context` of the
    /// buffer is (`extra` merged into the params).
    fn ask_at(&mut self, method: &str, context: &str, word: &str, extra: Value) -> Value {
        let (line, character) = span_in(&self.text, context, word).0;
        let mut params = json!({
            "textDocument": { "uri": self.uri },
            "position": { "line": line, "character": character },
        });
        params
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        self.ask(method, params)
    }

    /// Types the new text of the buffer, `|` marking the cursor, and
    /// returns the cursor's position as params of a request there.
    fn type_text(&mut self, marked: &str) -> Value {
        let at = marked.find('|').expect("a cursor");
        let text = marked.replacen('|', "", 1);
        let (line, character) = common::lsp::position_at(&text, at);
        self.version += 1;
        self.client.replace(&self.uri, self.version, &text);
        self.text = text;
        json!({
            "textDocument": { "uri": self.uri },
            "position": { "line": line, "character": character },
        })
    }

    /// Applies a workspace edit, which must edit the buffer only, as an
    /// editor does: incremental changes, the last first.
    fn apply(&mut self, edit: &Value) {
        let changes = edit["changes"].as_object().expect("changes by URI");
        assert_eq!(
            changes.keys().collect::<Vec<_>>(),
            [&self.uri],
            "edits of this file only: {edit:#}"
        );
        let mut edits = changes[&self.uri].as_array().unwrap().clone();
        edits.sort_by_key(|edit| std::cmp::Reverse(offset_at(&self.text, &edit["range"]["start"])));
        self.text = apply_edits(&self.text, &edits);
        self.version += 1;
        let version = self.version;
        self.client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": self.uri, "version": version },
                "contentChanges": edits.iter().map(|edit| json!({
                    "range": edit["range"], "text": edit["newText"],
                })).collect::<Vec<_>>(),
            }),
        );
    }

    /// The file of the project at `uri`, and its text on disk.
    fn file(&self, uri: &str) -> (&'static str, &'static str) {
        *FILES
            .iter()
            .find(|(file, _)| file_uri(&self.project.path(file)) == uri)
            .unwrap_or_else(|| panic!("{uri} is no file of the project"))
    }

    /// The text of a file of the project: the buffer, or what is on disk.
    fn text_of(&self, uri: &str) -> String {
        if uri == self.uri {
            self.text.clone()
        } else {
            self.file(uri).1.to_string()
        }
    }

    /// Each location as its file, its line (from 0) and the text it spans.
    fn places(&self, locations: &Value) -> Vec<(String, u64, String)> {
        let locations = locations.as_array().expect("locations");
        locations
            .iter()
            .map(|location| {
                let uri = location["uri"].as_str().unwrap();
                (
                    self.file(uri).0.to_string(),
                    location["range"]["start"]["line"].as_u64().unwrap(),
                    self.spanned(uri, &location["range"]),
                )
            })
            .collect()
    }

    /// The text a range spans in a file.
    fn spanned(&self, uri: &str, range: &Value) -> String {
        let text = self.text_of(uri);
        let start = offset_at(&text, &range["start"]);
        let end = offset_at(&text, &range["end"]);
        text[start..end].to_string()
    }

    fn shut_down(self) {
        assert!(self.client.shut_down().success());
    }
}

/// The line (from 0) of the first `needle` of `text`.
fn line_of(text: &str, needle: &str) -> u64 {
    span_in(text, needle, needle).0.0
}

fn place(file: &str, text: &str, context: &str, word: &str) -> (String, u64, String) {
    (file.to_string(), line_of(text, context), word.to_string())
}

#[test]
fn the_sample_project_lints_clean() {
    let session = Session::new();
    let output = common::sop(&session.project.root, &["lint", "--format", "json", "sops"]);
    assert_eq!(common::findings(&output), []);
    session.shut_down();
}

#[test]
fn initialize_announces_the_navigation_requests() {
    let project = TempProject::new("");
    let (client, response) = Client::initialized(&project.root);
    let capabilities = &response["result"]["capabilities"];
    for provider in [
        "definitionProvider",
        "referencesProvider",
        "hoverProvider",
        "documentSymbolProvider",
    ] {
        assert_eq!(capabilities[provider], true, "{provider}: {capabilities:#}");
    }
    assert_eq!(
        capabilities["completionProvider"]["triggerCharacters"],
        json!([":", " "])
    );
    assert_eq!(
        capabilities["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix"])
    );
    assert_eq!(capabilities["renameProvider"]["prepareProvider"], true);
    assert!(client.shut_down().success());
}

#[test]
fn definition_of_a_goto_a_next_a_call_an_acronym_and_a_role() {
    let mut session = Session::new();
    let none = json!({});
    // After `😀`, two UTF-16 units.
    let goto = session.ask_at(
        "textDocument/definition",
        "refund }",
        "refund",
        none.clone(),
    );
    assert_eq!(
        session.places(&goto),
        [place(REFUND_FILE, REFUND, "id: refund", "refund")]
    );
    let next = session.ask_at(
        "textDocument/definition",
        "confirm\n  - id",
        "confirm",
        none.clone(),
    );
    assert_eq!(
        session.places(&next),
        [place(REFUND_FILE, REFUND, "id: confirm", "confirm")]
    );
    // The called SOP's id, in its file (not open: read from disk).
    let call = session.ask_at(
        "textDocument/definition",
        "CS-2342",
        "CS-2342",
        none.clone(),
    );
    assert_eq!(
        session.places(&call),
        [place(CHARGEBACK_FILE, CHARGEBACK, "CS-2342", "CS-2342")]
    );
    // An acronym: its entry in `terms`, or in the glossary above.
    let term = session.ask_at("textDocument/definition", "ARN.", "ARN", none.clone());
    assert_eq!(
        session.places(&term),
        [place(REFUND_FILE, REFUND, "ARN:", "ARN")]
    );
    let glossary = session.ask_at("textDocument/definition", "CRM and", "CRM", none.clone());
    assert_eq!(
        session.places(&glossary),
        [place(GLOSSARY_FILE, GLOSSARY, "CRM", "CRM")]
    );
    // A role: its key in `roles` (the line after `€` checks the columns).
    let role = session.ask_at(
        "textDocument/definition",
        "supervisor\n    call",
        "supervisor",
        none.clone(),
    );
    assert_eq!(
        session.places(&role),
        [place(REFUND_FILE, REFUND, "supervisor:", "supervisor")]
    );
    // Nothing to go to on a text.
    let nothing = session.ask_at("textDocument/definition", "second payment", "second", none);
    assert_eq!(nothing, Value::Null);
    session.shut_down();
}

#[test]
fn references_of_a_step_and_of_an_sop_id() {
    let mut session = Session::new();
    let with = json!({ "context": { "includeDeclaration": true } });
    let without = json!({ "context": { "includeDeclaration": false } });
    let step = session.ask_at(
        "textDocument/references",
        "close\n    #",
        "close",
        with.clone(),
    );
    let goto = place(REFUND_FILE, REFUND, "goto: close", "close");
    let next = place(REFUND_FILE, REFUND, "next: close", "close");
    let declaration = place(REFUND_FILE, REFUND, "id: close", "close");
    assert_eq!(
        session.places(&step),
        [declaration, goto.clone(), next.clone()]
    );
    // From a `goto`, without the declaration: the jumps only.
    let jumps = session.ask_at(
        "textDocument/references",
        "close }",
        "close",
        without.clone(),
    );
    assert_eq!(session.places(&jumps), [goto, next]);
    // An SOP id: its definition and the calls of the project's SOPs.
    let calls = session.ask_at("textDocument/references", "CS-2342", "CS-2342", with);
    let call_here = place(REFUND_FILE, REFUND, "CS-2342", "CS-2342");
    let call_there = place(COMPLAINT_FILE, COMPLAINT, "CS-2342", "CS-2342");
    assert_eq!(
        session.places(&calls),
        [
            place(CHARGEBACK_FILE, CHARGEBACK, "CS-2342", "CS-2342"),
            call_here.clone(),
            call_there.clone()
        ]
    );
    let only_calls = session.ask_at("textDocument/references", "CS-2342", "CS-2342", without);
    assert_eq!(session.places(&only_calls), [call_here, call_there]);
    session.shut_down();
}

/// The markdown of a hover, and the text its range spans.
fn hover_text(session: &mut Session, context: &str, word: &str) -> (String, String) {
    let hover = session.ask_at("textDocument/hover", context, word, json!({}));
    assert_eq!(hover["contents"]["kind"], "markdown", "{hover:#}");
    let markdown = hover["contents"]["value"].as_str().unwrap().to_string();
    let uri = session.uri.clone();
    (markdown, session.spanned(&uri, &hover["range"]))
}

#[test]
fn hover_on_an_acronym_a_call_a_goto_and_a_rule_id() {
    let mut session = Session::new();
    let (acronym, spanned) = hover_text(&mut session, "CRM and", "CRM");
    assert_eq!(spanned, "CRM");
    assert!(
        acronym.contains("Customer Relationship Management system"),
        "{acronym}"
    );
    assert!(acronym.contains("`sops/glossary.yaml`"), "{acronym}");
    let (call, spanned) = hover_text(&mut session, "CS-2342", "CS-2342");
    assert_eq!(spanned, "CS-2342");
    for part in [
        "Check for an open chargeback",
        "draft",
        "Find out whether the bank opened a chargeback",
    ] {
        assert!(call.contains(part), "{part:?} in {call}");
    }
    let (goto, spanned) = hover_text(&mut session, "refund }", "refund");
    assert_eq!(spanned, "refund");
    assert!(
        goto.contains("Refund the second payment in the CRM"),
        "{goto}"
    );
    let (rule, spanned) = hover_text(&mut session, "undefined-acronym --", "undefined-acronym");
    assert_eq!(spanned, "undefined-acronym");
    assert!(
        rule.contains("Finds an acronym used in the SOP's text"),
        "{rule}"
    );
    assert!(rule.contains("#rule-undefined-acronym"), "{rule}");
    let nothing = session.ask_at("textDocument/hover", "# sop-disable", "#", json!({}));
    assert_eq!(nothing, Value::Null);
    session.shut_down();
}

/// The completions at the cursor of `marked` (the buffer's new text), as
/// a typed `trigger` character or an explicit request (`None`) asks.
fn complete(session: &mut Session, marked: &str, trigger: Option<&str>) -> Value {
    let mut params = session.type_text(marked);
    params["context"] = match trigger {
        Some(character) => json!({ "triggerKind": 2, "triggerCharacter": character }),
        None => json!({ "triggerKind": 1 }),
    };
    session.ask("textDocument/completion", params)
}

fn labels(completions: &Value) -> Vec<&str> {
    completions
        .as_array()
        .expect("a list of completions")
        .iter()
        .map(|item| item["label"].as_str().unwrap())
        .collect()
}

/// The buffer once the completion `label` is chosen.
fn chosen(session: &Session, completions: &Value, label: &str) -> String {
    let item = completions
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["label"] == label)
        .unwrap_or_else(|| panic!("no {label} in {completions:#}"));
    apply_edits(&session.text, std::slice::from_ref(&item["textEdit"]))
}

#[test]
fn completion_of_steps_sops_roles_terms_and_fields() {
    let mut session = Session::new();
    // `goto: ` after `😀`, as a space is typed: the other steps.
    let marked = REFUND.replace("goto: refund }", "goto: | }");
    let steps = complete(&mut session, &marked, Some(" "));
    assert_eq!(labels(&steps), ["refund", "confirm", "close"], "{steps:#}");
    assert_eq!(chosen(&session, &steps, "refund"), REFUND);
    let first = &steps[0];
    assert_eq!(first["kind"], 3, "a function");
    assert!(
        first["detail"]
            .as_str()
            .unwrap()
            .starts_with("Refund the second")
    );
    // `next: ` of the step `confirm`: not itself.
    let marked = REFUND.replace("next: close", "next: |");
    let steps = complete(&mut session, &marked, Some(" "));
    assert_eq!(labels(&steps), ["check", "refund", "close"], "{steps:#}");
    assert_eq!(chosen(&session, &steps, "close"), REFUND);
    // As the colon is typed: the value comes with its space.
    let marked = REFUND.replace("next: close", "next:|");
    let steps = complete(&mut session, &marked, Some(":"));
    assert_eq!(labels(&steps), ["check", "refund", "close"], "{steps:#}");
    assert_eq!(chosen(&session, &steps, "close"), REFUND);
    // `call: CS-23`: the project's other SOP ids, with their titles.
    let marked = REFUND.replace("call: CS-2342", "call: CS-23|");
    let sops = complete(&mut session, &marked, None);
    assert_eq!(labels(&sops), ["CS-2342", "CS-2343"], "{sops:#}");
    assert_eq!(sops[0]["detail"], "Check for an open chargeback");
    assert_eq!(
        sops[1]["detail"],
        "Answer a complaint about a double charge"
    );
    assert_eq!(chosen(&session, &sops, "CS-2342"), REFUND);
    // `role: `: the keys of `roles`.
    let marked = REFUND.replace("role: supervisor", "role: |");
    let roles = complete(&mut session, &marked, Some(" "));
    assert_eq!(labels(&roles), ["agent", "supervisor"], "{roles:#}");
    assert_eq!(chosen(&session, &roles, "supervisor"), REFUND);
    // A term, in a text: `CR` in a step becomes the glossary's `CRM`.
    let marked = REFUND.replace("in the CRM and", "in the CR| and");
    let terms = complete(&mut session, &marked, None);
    assert!(labels(&terms).contains(&"CRM"), "{terms:#}");
    assert_eq!(chosen(&session, &terms, "CRM"), REFUND);
    // A field of a step, with its documentation from the schema.
    let marked = REFUND.replace("    next: confirm\n", "    next: confirm\n    ca|\n");
    let fields = complete(&mut session, &marked, None);
    assert!(labels(&fields).contains(&"call"), "{fields:#}");
    let call = REFUND.replace("    next: confirm\n", "    next: confirm\n    call: \n");
    assert_eq!(chosen(&session, &fields, "call"), call);
    let item = fields
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["label"] == "call")
        .unwrap();
    assert_eq!(item["documentation"]["kind"], "markdown");
    assert!(!item["documentation"]["value"].as_str().unwrap().is_empty());
    session.shut_down();
}

#[test]
fn a_space_lists_values_only() {
    let mut session = Session::new();
    // In a text, and in the indentation: nothing.
    let marked = REFUND.replace("in the CRM and", "in the | and");
    assert_eq!(complete(&mut session, &marked, Some(" ")), Value::Null);
    let marked = REFUND.replace("    next: confirm\n", "    next: confirm\n  |\n");
    assert_eq!(complete(&mut session, &marked, Some(" ")), Value::Null);
    // After `do: `, a text starts: no terms either, nor after a colon in it.
    let marked = REFUND.replace("do: Refund the", "do: |Refund the");
    assert_eq!(complete(&mut session, &marked, Some(" ")), json!([]));
    let marked = REFUND.replace("do: Refund the", "do: Note:| Refund the");
    assert_eq!(complete(&mut session, &marked, Some(":")), json!([]));
    // After `- `, the fields of a new step.
    let marked = REFUND.replace("  - id: close\n", "  - |\n  - id: close\n");
    let fields = complete(&mut session, &marked, Some(" "));
    for field in ["id", "do", "ask"] {
        assert!(labels(&fields).contains(&field), "{field}: {fields:#}");
    }
    session.shut_down();
}

/// The outline as lines: indentation, kind, name, and the text its
/// selection spans.
fn outline(session: &Session, symbols: &Value, depth: usize, out: &mut Vec<String>) {
    for symbol in symbols.as_array().unwrap() {
        let uri = session.uri.clone();
        let selected = session.spanned(&uri, &symbol["selectionRange"]);
        out.push(format!(
            "{}{} {} [{selected}]",
            "  ".repeat(depth),
            symbol["kind"],
            symbol["name"].as_str().unwrap()
        ));
        if let Some(children) = symbol.get("children") {
            outline(session, children, depth + 1, out);
        }
    }
}

#[test]
fn the_outline_lists_the_sections_and_the_steps_in_order() {
    let mut session = Session::new();
    let uri = session.uri.clone();
    let symbols = session.ask(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let mut lines = Vec::new();
    outline(&session, &symbols, 0, &mut lines);
    let instructions = lines
        .iter()
        .position(|line| line.starts_with("20 instructions"))
        .unwrap_or_else(|| panic!("{lines:#?}"));
    // KEY 20, FUNCTION 12, ENUM 10, ENUM_MEMBER 22.
    assert_eq!(
        lines[instructions..],
        [
            "20 instructions [instructions]",
            "  10 check [check]",
            "    22 Oui 😀 [\"Oui 😀\"]",
            "    22 No [\"No\"]",
            "  12 refund [refund]",
            "  12 confirm [confirm]",
            "  12 close [close]",
        ],
        "{lines:#?}"
    );
    assert!(
        lines.contains(&"20 scope [scope]".to_string()),
        "{lines:#?}"
    );
    assert!(
        lines.contains(&"  20 supervisor [supervisor]".to_string()),
        "{lines:#?}"
    );
    // Each symbol's range holds its selection.
    let steps = &symbols
        .as_array()
        .unwrap()
        .iter()
        .find(|symbol| symbol["name"] == "instructions")
        .unwrap()["children"];
    let refund = session.spanned(&uri, &steps[1]["range"]);
    assert!(refund.starts_with("id: refund\n    do: Refund"), "{refund}");
    session.shut_down();
}

/// The quick fixes of the first published diagnostic with `code`.
fn fixes_of(session: &mut Session, diagnostics: &[Value], code: &str) -> Vec<Value> {
    let diagnostic = diagnostics
        .iter()
        .find(|diagnostic| diagnostic["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {diagnostics:#?}"));
    let uri = session.uri.clone();
    let actions = session.ask(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": diagnostic["range"],
            "context": { "diagnostics": [diagnostic], "only": ["quickfix"] },
        }),
    );
    let actions = actions.as_array().expect("code actions").clone();
    for action in &actions {
        assert_eq!(action["kind"], "quickfix", "{action:#}");
        assert_eq!(action["diagnostics"], json!([diagnostic]), "{action:#}");
    }
    actions
}

fn titled<'a>(actions: &'a [Value], start: &str) -> &'a Value {
    actions
        .iter()
        .find(|action| action["title"].as_str().unwrap().starts_with(start))
        .unwrap_or_else(|| panic!("no {start:?} in {actions:#?}"))
}

#[test]
fn the_did_you_mean_of_an_unknown_step_fixes_it() {
    let mut session = Session::with(&REFUND.replace("goto: refund }", "goto: refnd }"));
    let diagnostics = session.opened.clone();
    assert_eq!(codes(&diagnostics), ["unknown-step"]);
    let actions = fixes_of(&mut session, &diagnostics, "unknown-step");
    let change = titled(&actions, "Change `refnd` to `refund`");
    assert_eq!(change["isPreferred"], true);
    let suppress = titled(&actions, "Suppress this `unknown-step` finding");
    assert_eq!(suppress["isPreferred"], false);
    // Neovim 0.7 hands the diagnostic back with byte columns (here after
    // `😀`, four bytes and two units): its `data` still finds the finding.
    let mut in_bytes = diagnostics[0].clone();
    let line = REFUND
        .lines()
        .find(|line| line.contains("goto: refund }"))
        .unwrap();
    let column = line.replace("refund }", "refnd }").find("refnd").unwrap();
    in_bytes["range"]["start"]["character"] = json!(column);
    in_bytes["range"]["end"]["character"] = json!(column + 5);
    assert_ne!(in_bytes["range"], diagnostics[0]["range"]);
    let uri = session.uri.clone();
    let from_bytes = session.ask(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": in_bytes["range"],
            "context": { "diagnostics": [in_bytes] },
        }),
    );
    assert_eq!(from_bytes[0]["edit"], actions[0]["edit"], "{from_bytes:#}");
    session.apply(&change["edit"]);
    assert_eq!(session.text, REFUND);
    assert_eq!(session.diagnostics(), Vec::<Value>::new());
    session.shut_down();
}

#[test]
fn an_undefined_acronym_gets_a_term_or_a_suppression() {
    let with_eta = REFUND.replace("note its ARN.", "note its ARN and the ETA.");
    let mut session = Session::with(&with_eta);
    let diagnostics = session.opened.clone();
    assert_eq!(codes(&diagnostics), ["undefined-acronym"]);
    let actions = fixes_of(&mut session, &diagnostics, "undefined-acronym");
    let add = titled(&actions, "Add `ETA` to `terms`");
    session.apply(&add["edit"]);
    let added = with_eta.replace(
        "  ARN: Acquirer reference number, the id the card scheme gives a refund\n",
        "  ARN: Acquirer reference number, the id the card scheme gives a refund\n  ETA: \"\"\n",
    );
    assert_eq!(session.text, added);
    assert_eq!(session.diagnostics(), Vec::<Value>::new());

    // Or silenced: the comment goes above the step's line.
    session.type_text(&format!("{with_eta}|"));
    let diagnostics = session.diagnostics();
    let actions = fixes_of(&mut session, &diagnostics, "undefined-acronym");
    let suppress = titled(&actions, "Suppress this `undefined-acronym` finding");
    session.apply(&suppress["edit"]);
    let commented = with_eta.replace(
        "    do: Refund the second",
        "    # sop-disable-next-line undefined-acronym -- \n    do: Refund the second",
    );
    assert_eq!(session.text, commented);
    // The comment waits for its reason, and says so.
    assert_eq!(codes(&session.diagnostics()), ["unused-suppression"]);
    session.shut_down();
}

#[test]
fn a_diagnostic_the_server_did_not_publish_gets_no_fix() {
    let mut session = Session::new();
    let uri = session.uri.clone();
    let made_up = json!({
        "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 2 } },
        "code": "unknown-step",
        "message": "no such finding",
        "data": { "finding": 0 },
    });
    let actions = session.ask(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": made_up["range"],
            "context": { "diagnostics": [made_up] },
        }),
    );
    assert_eq!(actions, Value::Null);
    session.shut_down();
}

#[test]
fn renaming_a_step_id_edits_every_goto_and_next() {
    let mut session = Session::new();
    let prepared = session.ask_at("textDocument/prepareRename", "close }", "close", json!({}));
    assert_eq!(prepared["placeholder"], "close");
    let uri = session.uri.clone();
    assert_eq!(session.spanned(&uri, &prepared["range"]), "close");
    let edit = session.ask_at(
        "textDocument/rename",
        "close }",
        "close",
        json!({ "newName": "wrap-up" }),
    );
    assert_eq!(
        edit["changes"][&uri].as_array().unwrap().len(),
        3,
        "{edit:#}"
    );
    session.apply(&edit);
    let renamed = REFUND
        .replace("goto: close", "goto: wrap-up")
        .replace("next: close", "next: wrap-up")
        .replace("id: close", "id: wrap-up");
    assert_eq!(session.text, renamed);
    assert_eq!(session.diagnostics(), Vec::<Value>::new());
    session.shut_down();
}

#[test]
fn a_rename_that_cannot_be_is_refused_with_its_reason() {
    let mut session = Session::new();
    // Nothing to rename on a text: `null`.
    let prepared = session.ask_at(
        "textDocument/prepareRename",
        "second payment",
        "second",
        json!({}),
    );
    assert_eq!(prepared, Value::Null);
    let (line, character) = span_in(REFUND, "close }", "close").0;
    let uri = session.uri.clone();
    let mut rename = |new_name: &str| {
        session.client.request(
            "textDocument/rename",
            json!({
                "textDocument": { "uri": uri },
                "position": { "line": line, "character": character },
                "newName": new_name,
            }),
        )
    };
    for (new_name, reason) in [
        ("wrap up", "is not a step id"),
        ("refund", "another step has the id `refund`"),
    ] {
        let response = rename(new_name);
        assert_eq!(response["error"]["code"], -32803, "{response:#}");
        let message = response["error"]["message"].as_str().unwrap();
        assert!(message.contains(reason), "{message}");
    }
    let on_text = session.ask_at(
        "textDocument/prepareRename",
        "payment twice,",
        "payment",
        json!({}),
    );
    assert_eq!(on_text, Value::Null);
    session.shut_down();
}

#[test]
fn requests_about_odd_places_and_files_answer_nothing_and_keep_the_server() {
    let mut session = Session::new();
    let uri = session.uri.clone();
    let at = |uri: &str, line: u64, character: u64| {
        json!({
            "textDocument": { "uri": uri },
            "position": { "line": line, "character": character },
        })
    };
    // Past the end of a line, and of the text.
    for (line, character) in [(0, 400), (999, 0), (999, 999)] {
        for method in [
            "textDocument/definition",
            "textDocument/hover",
            "textDocument/completion",
            "textDocument/prepareRename",
        ] {
            session.ask(method, at(&uri, line, character));
        }
        let mut references = at(&uri, line, character);
        references["context"] = json!({ "includeDeclaration": true });
        session.ask("textDocument/references", references);
    }
    // A file not open is read from disk: the chargeback SOP's id.
    let chargeback = file_uri(&session.project.path(CHARGEBACK_FILE));
    let hover = session.ask("textDocument/hover", at(&chargeback, 0, 5));
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("Check for an open chargeback")
    );
    // A file that is not there, and one `sop lint` does not lint.
    let gone = file_uri(&session.project.path("sops/billing/CS-2349-gone.yaml"));
    let workflow = session
        .project
        .write(".github/workflows/sop.yml", "on: push\njobs: {}\n");
    for uri in [gone, file_uri(&workflow), "untitled:Untitled-1".to_string()] {
        assert_eq!(
            session.ask("textDocument/definition", at(&uri, 0, 0)),
            Value::Null
        );
        assert_eq!(
            session.ask(
                "textDocument/documentSymbol",
                json!({ "textDocument": { "uri": uri } })
            ),
            Value::Null
        );
    }
    // A buffer that does not parse keeps navigation for what did.
    let broken = REFUND.replace(
        "    role: agent\n    next: confirm",
        "    role: [agent\n    next: confirm",
    );
    session.type_text(&format!("{broken}|"));
    assert_eq!(codes(&session.diagnostics()), ["yaml-syntax"]);
    let goto = session.ask_at("textDocument/definition", "refund }", "refund", json!({}));
    assert_eq!(
        session.places(&goto),
        [place(REFUND_FILE, &broken, "id: refund", "refund")]
    );
    session.shut_down();
}

#[test]
fn a_glossary_has_its_outline() {
    let mut session = Session::new();
    let glossary = session.project.path(GLOSSARY_FILE);
    let glossary_uri = session.client.open(&glossary, GLOSSARY);
    session.client.diagnostics(&glossary_uri);
    let symbols = session.ask(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": glossary_uri } }),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|symbol| symbol["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["CRM", "SLA"]);
    session.shut_down();
}
