//! Framed JSON-RPC messages on standard input and output.
//!
//! `lsp_server::Connection::stdio` ends the connection at the first frame
//! that is not a valid message, so one bad byte from a client would stop
//! the server: this transport reads frames itself, skips what it cannot
//! read (telling the client in its log), answers a request it can read the
//! id of but not the rest with `InvalidRequest`, and hands everything else
//! to the server as `lsp_server` messages on the same channels.

use std::io::{self, BufRead, Read, Write};
use std::thread::JoinHandle;

use lsp_server::{Connection, ErrorCode, Message, Notification, RequestId, Response};
use lsp_types::notification::{LogMessage, Notification as _};
use lsp_types::{LogMessageParams, MessageType};

/// The longest header line read; a longer one is garbage, read on in pieces.
const MAX_HEADER_LINE: u64 = 1024;

/// The largest message read: twice the largest file a project may allow
/// (the ceiling of `file-size-mib`, 256 MiB), for the escapes of JSON. A
/// larger one is skipped without being held in memory.
const MAX_MESSAGE: usize = 512 * 1024 * 1024;

/// The threads that read standard input and write standard output.
pub struct Threads {
    writer: JoinHandle<io::Result<()>>,
}

impl Threads {
    /// Waits until every message sent has been written (the server's end of
    /// the connection must be dropped first).
    pub fn finish(self) -> io::Result<()> {
        self.writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writer thread panicked")))
    }
}

/// The server's end of a connection over standard input and output.
pub fn stdio() -> (Connection, Threads) {
    // A pair of connected channel ends: the server holds one, the stdio
    // threads the other.
    let (server, far) = Connection::memory();
    let to_server = far.sender;
    let to_client = server.sender.clone();
    std::thread::Builder::new()
        .name("sop-lsp-reader".into())
        .spawn(move || {
            read_messages(
                &mut io::stdin().lock(),
                |message| to_server.send(message).is_ok(),
                |message| {
                    let _ = to_client.send(message);
                },
            )
        })
        .expect("a thread to read standard input");
    let from_server = far.receiver;
    let writer = std::thread::Builder::new()
        .name("sop-lsp-writer".into())
        .spawn(move || {
            let mut stdout = io::stdout().lock();
            for message in from_server {
                message.write(&mut stdout)?;
            }
            stdout.flush()
        })
        .expect("a thread to write standard output");
    (server, Threads { writer })
}

/// Reads messages until the end of input, an `exit` notification or a
/// server that no longer listens (`to_server` says whether it does). The
/// thread then drops its ends of the channels, so that the writer ends
/// once the server does.
pub fn read_messages(
    input: &mut impl BufRead,
    to_server: impl Fn(Message) -> bool,
    to_client: impl Fn(Message),
) {
    loop {
        let frame = match read_frame(input) {
            Ok(frame) => frame,
            Err(error) => Frame::Bad(format!("cannot read standard input: {error}")),
        };
        let message = match frame {
            Frame::End => return,
            Frame::Bad(reason) => {
                to_client(log(&reason));
                continue;
            }
            Frame::Body(body) => match parse(&body) {
                Parsed::Message(message) => message,
                Parsed::Answer(answer) => {
                    to_client(answer);
                    continue;
                }
            },
        };
        let is_exit = matches!(&message, Message::Notification(n) if n.method == "exit");
        if !to_server(message) || is_exit {
            return;
        }
    }
}

/// One frame of input.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    Body(Vec<u8>),
    /// Not a frame, and why; reading goes on at the next header.
    Bad(String),
    End,
}

/// Reads one frame: header lines up to an empty line, then `Content-Length`
/// bytes. Line ends may be `\r\n` or `\n`; headers other than
/// `Content-Length` are ignored.
pub fn read_frame(input: &mut impl BufRead) -> io::Result<Frame> {
    let mut length: Option<Result<usize, String>> = None;
    let mut headers = 0;
    let mut line = Vec::new();
    loop {
        line.clear();
        if input
            .by_ref()
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)?
            == 0
        {
            return Ok(match headers {
                0 => Frame::End,
                _ => Frame::Bad("the input ended inside the headers of a message".into()),
            });
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if headers == 0 {
                continue;
            }
            break;
        }
        headers += 1;
        if let Some((name, value)) = text.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = Some(
                value
                    .trim()
                    .parse()
                    .map_err(|_| format!("a Content-Length that is not a number: {value:?}")),
            );
        }
    }
    let length = match length {
        None => return Ok(Frame::Bad("a message without Content-Length".into())),
        Some(Err(reason)) => return Ok(Frame::Bad(reason)),
        Some(Ok(length)) => length,
    };
    if length > MAX_MESSAGE {
        io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())?;
        return Ok(Frame::Bad(format!(
            "a message of {length} bytes, more than the {MAX_MESSAGE} read, was skipped"
        )));
    }
    let mut body = Vec::new();
    input.by_ref().take(length as u64).read_to_end(&mut body)?;
    if body.len() < length {
        return Ok(Frame::End);
    }
    Ok(Frame::Body(body))
}

/// What a frame's body is.
#[derive(Debug)]
enum Parsed {
    /// A message, for the server.
    Message(Message),
    /// Not one: what to send the client instead.
    Answer(Message),
}

/// A message, or `InvalidRequest` for a request whose id can be read, else
/// a line in the client's log.
fn parse(body: &[u8]) -> Parsed {
    let value: serde_json::Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(error) => {
            let reason = format!("ignored a message that is not JSON ({error})");
            return Parsed::Answer(log(&format!("{reason}: {}", excerpt(body))));
        }
    };
    let id: Option<RequestId> = value
        .get("id")
        .and_then(|id| serde_json::from_value(id.clone()).ok());
    match (serde_json::from_value(value), id) {
        (Ok(message), _) => Parsed::Message(message),
        (Err(error), Some(id)) => Parsed::Answer(
            Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                format!("not a JSON-RPC request: {error}"),
            )
            .into(),
        ),
        (Err(error), None) => {
            let reason = format!("ignored a message that is not JSON-RPC ({error})");
            Parsed::Answer(log(&format!("{reason}: {}", excerpt(body))))
        }
    }
}

/// The start of a message, for a log line.
fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(200)]);
    text.chars().filter(|c| !c.is_control()).collect()
}

/// A line in the client's log.
pub fn log(text: &str) -> Message {
    let params = LogMessageParams {
        typ: MessageType::ERROR,
        message: format!("sop lsp: {text}"),
    };
    Notification::new(LogMessage::METHOD.to_string(), params).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<Frame> {
        let mut reader = io::BufReader::new(input.as_bytes());
        let mut frames = Vec::new();
        loop {
            let frame = read_frame(&mut reader).unwrap();
            if frame == Frame::End {
                return frames;
            }
            frames.push(frame);
        }
    }

    #[test]
    fn frames_are_read_past_garbage() {
        let got = frames(concat!(
            "Content-Length: 2\r\n\r\n{}",
            "garbage\r\n\r\n",
            "Content-Length: x\r\n\r\n",
            "\r\ncontent-length:3\nContent-Type: utf-8\n\n[1]",
        ));
        assert_eq!(
            got,
            [
                Frame::Body(b"{}".to_vec()),
                Frame::Bad("a message without Content-Length".into()),
                Frame::Bad("a Content-Length that is not a number: \" x\"".into()),
                Frame::Body(b"[1]".to_vec()),
            ]
        );
    }

    #[test]
    fn a_truncated_message_ends_the_input() {
        assert_eq!(frames("Content-Length: 10\r\n\r\n{}"), []);
        assert_eq!(
            frames("Content-Length: 10\r\n"),
            [Frame::Bad(
                "the input ended inside the headers of a message".into()
            )]
        );
    }

    #[test]
    fn a_request_with_a_readable_id_is_answered() {
        let reply = parse(br#"{"jsonrpc":"2.0","id":7,"method":42}"#);
        let Parsed::Answer(Message::Response(response)) = reply else {
            panic!("{reply:?}")
        };
        assert_eq!(response.id, 7.into());
        let error = response.response_result.unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidRequest as i32);
        assert!(matches!(
            parse(b"{]"),
            Parsed::Answer(Message::Notification(_))
        ));
        assert!(matches!(
            parse(br#"{"jsonrpc":"2.0","method":"exit"}"#),
            Parsed::Message(Message::Notification(_))
        ));
    }
}
