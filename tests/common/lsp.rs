//! A small LSP client for the tests of `sop lsp`: it runs the built binary,
//! writes Content-Length framed JSON to its stdin and reads its stdout on a
//! thread. Every wait has a generous limit, so a server that hangs fails
//! the test instead of hanging it; no test asserts on how long anything takes.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A refund SOP whose decision sends the agent to a step that does not
/// exist (`refnd`), on a line with a non-ASCII answer before it: the
/// planted mistake of the protocol and Neovim tests.
pub const REFUND: &str = "\
id: CS-2300
title: Refunding a duplicate card payment
department: Customer Service
purpose: Give back a payment the customer made twice, the same day.
instructions:
  - id: check
    ask: Does the statement show the payment twice?
    branches:
      - { when: \"Oui, payé deux fois 😀\", goto: refnd }
      - { when: \"No\", goto: close }
  - id: refund
    do: Refund the second payment in the card terminal.
  - id: close
    do: Tell the customer what was done.
    end: true
";

/// The longest wait for one message or for the server to exit.
const PATIENCE: Duration = Duration::from_secs(60);

/// The day the server's lints are of (`--today`), as in the other tests.
pub const TODAY: &str = "2026-11-22";

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    /// Notifications and requests of the server not asked for yet.
    backlog: VecDeque<Value>,
    next_id: i64,
}

impl Client {
    /// Starts `sop lsp --today 2026-11-22` in `cwd`.
    pub fn start(cwd: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sop"))
            .args(["lsp", "--today", TODAY])
            .current_dir(cwd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("sop lsp starts");
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        let stdin = child.stdin.take();
        Client {
            child,
            stdin,
            messages,
            backlog: VecDeque::new(),
            next_id: 1,
        }
    }

    /// Starts the server and initializes it with `root` as the workspace folder.
    pub fn initialized(root: &Path) -> (Client, Value) {
        let mut client = Client::start(root);
        let response = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": file_uri(root),
                "capabilities": {},
                "workspaceFolders": [{ "uri": file_uri(root), "name": "sops" }],
            }),
        );
        client.notify("initialized", json!({}));
        (client, response)
    }

    /// Starts the server as an editor that watches files for it (VS Code,
    /// Neovim 0.10): it accepts the server's request to register watchers,
    /// which must cover the ignore files as well as the SOPs, and folders
    /// created or deleted (kind 5).
    pub fn watching(root: &Path) -> Client {
        let mut client = Client::start(root);
        let capabilities = json!({
            "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } },
        });
        client.request(
            "initialize",
            json!({ "processId": null, "rootUri": file_uri(root), "capabilities": capabilities }),
        );
        client.notify("initialized", json!({}));
        let request = client.server_request("client/registerCapability");
        let globs =
            request["params"]["registrations"][0]["registerOptions"]["watchers"].to_string();
        assert!(
            globs.contains("**/.gitignore") && globs.contains("**/*.{yaml,yml}"),
            "{globs}"
        );
        client.send(&json!({ "jsonrpc": "2.0", "id": request["id"], "result": null }));
        client
    }

    /// The next request of the server with this method, skipping others.
    pub fn server_request(&mut self, method: &str) -> Value {
        loop {
            let message = self.next();
            if message["method"] == method && message.get("id").is_some() {
                return message;
            }
        }
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        // A server that has exited may have closed its end: the test sees
        // that in what it reads next.
        let _ = stdin.write_all(bytes).and_then(|()| stdin.flush());
    }

    pub fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).unwrap();
        let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        bytes.extend(body);
        self.send_raw(&bytes);
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its response (with `result` or `error`);
    /// the messages that came before it wait in the backlog.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.response(&json!(id))
    }

    /// The response with this id.
    pub fn response(&mut self, id: &Value) -> Value {
        loop {
            let message = self.receive();
            let is_response = message.get("method").is_none();
            if is_response && message.get("id") == Some(id) {
                return message;
            }
            self.backlog.push_back(message);
        }
    }

    /// The next message of the server, from the backlog first.
    fn next(&mut self) -> Value {
        match self.backlog.pop_front() {
            Some(message) => message,
            None => self.receive(),
        }
    }

    fn receive(&mut self) -> Value {
        match self.messages.recv_timeout(PATIENCE) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => panic!("sop lsp sent nothing for {PATIENCE:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("sop lsp closed its output"),
        }
    }

    /// The next notification with this method, skipping others.
    pub fn notification(&mut self, method: &str) -> Value {
        loop {
            let message = self.next();
            if message["method"] == method {
                return message["params"].clone();
            }
        }
    }

    /// The next diagnostics published for `uri`, skipping those of other files.
    pub fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            let params = self.notification("textDocument/publishDiagnostics");
            if params["uri"] == uri {
                return params["diagnostics"].as_array().unwrap().clone();
            }
        }
    }

    /// Every notification published until the response to a request that
    /// cannot be served: what the server did with the messages before it.
    pub fn published_until_answered(&mut self) -> Vec<Value> {
        let response = self.request("sop/unknown", json!({}));
        assert_eq!(response["error"]["code"], -32601, "{response}");
        let backlog: Vec<Value> = self.backlog.drain(..).collect();
        backlog
            .into_iter()
            .filter(|message| message["method"] == "textDocument/publishDiagnostics")
            .map(|message| message["params"].clone())
            .collect()
    }

    pub fn open(&mut self, path: &Path, text: &str) -> String {
        let uri = file_uri(path);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri, "languageId": "yaml", "version": 1, "text": text,
            }}),
        );
        uri
    }

    /// Replaces the text of `uri` from (line, character) to (line, character).
    pub fn edit(&mut self, uri: &str, version: i32, from: (u32, u32), to: (u32, u32), text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{
                    "range": {
                        "start": { "line": from.0, "character": from.1 },
                        "end": { "line": to.0, "character": to.1 },
                    },
                    "text": text,
                }],
            }),
        );
    }

    /// Sends the whole new text of `uri`.
    pub fn replace(&mut self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "text": text }],
            }),
        );
    }

    /// `shutdown`, then `exit`: the exit status.
    pub fn shut_down(mut self) -> ExitStatus {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null, "{response}");
        self.notify("exit", Value::Null);
        self.wait()
    }

    /// Closes the server's input and waits for it to exit.
    pub fn wait(mut self) -> ExitStatus {
        drop(self.stdin.take());
        wait_patiently(&mut self.child, "sop lsp")
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Waits for a child to exit; one that has not after a minute is killed,
/// and the test fails.
pub fn wait_patiently(child: &mut Child, name: &str) -> ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > PATIENCE {
            let _ = child.kill();
            panic!("{name} did not exit within {PATIENCE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Reads one framed message; `None` at the end of the output.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = Some(value.parse::<usize>().unwrap());
        }
    }
    let mut body = vec![0; length.expect("a Content-Length header")];
    reader.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("the server writes JSON"))
}

/// The `file:` URI of an absolute path, bytes other than letters, digits,
/// `/-._~` percent-encoded (as VS Code writes them).
pub fn file_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for &byte in path.to_str().unwrap().as_bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

/// A diagnostic's range as ((line, character), (line, character)).
pub fn range(diagnostic: &Value) -> ((u64, u64), (u64, u64)) {
    let at = |end: &str| {
        let position = &diagnostic["range"][end];
        (
            position["line"].as_u64().unwrap(),
            position["character"].as_u64().unwrap(),
        )
    };
    (at("start"), at("end"))
}

/// The rule ids of diagnostics.
pub fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|diagnostic| diagnostic["code"].as_str().unwrap_or("").to_string())
        .collect()
}

/// The (line, UTF-16 column) of the first `needle` in `text`, and of its end.
pub fn span_of(text: &str, needle: &str) -> ((u64, u64), (u64, u64)) {
    span_in(text, needle, needle)
}

/// The span of `word`, where the first `context` (which starts with it) is.
pub fn span_in(text: &str, context: &str, word: &str) -> ((u64, u64), (u64, u64)) {
    assert!(
        context.starts_with(word),
        "{context:?} starts with {word:?}"
    );
    let at = text
        .find(context)
        .unwrap_or_else(|| panic!("{context:?} is not in the text"));
    (position_at(text, at), position_at(text, at + word.len()))
}

/// The (line, UTF-16 column) of a byte offset of `text`.
pub fn position_at(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].encode_utf16().count();
    (line as u64, column as u64)
}

/// The byte offset of an LSP position (`{line, character}`) of `text`.
pub fn offset_at(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap() as usize;
    let line_start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (at, c) in text[line_start..].char_indices() {
        if units >= character || c == '\n' {
            return line_start + at;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// `text` with LSP text edits (`{range, newText}`, not overlapping) applied.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|edit| {
            let range = &edit["range"];
            let start = offset_at(text, &range["start"]);
            let end = offset_at(text, &range["end"]);
            (start, end, edit["newText"].as_str().unwrap())
        })
        .collect();
    spans.sort_by_key(|&(start, ..)| std::cmp::Reverse(start));
    let mut edited = text.to_string();
    for (start, end, new_text) in spans {
        edited.replace_range(start..end, new_text);
    }
    edited
}
