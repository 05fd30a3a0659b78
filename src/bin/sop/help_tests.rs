//! Every command's `--help` ends with examples, and each example still
//! parses: a command added without examples, or an example left behind by
//! a renamed flag, fails here.

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};

use crate::Cli;

/// The command lines under `Examples:` in a help text.
fn examples(help: &str) -> Vec<&str> {
    help.lines()
        .skip_while(|line| line.trim() != "Examples:")
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .collect()
}

/// The words of a shell command line up to a comment, redirection or pipe,
/// with quotes removed.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(open), c) if c == open => quote = None,
            (Some(_), c) => word.get_or_insert_default().push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                word.get_or_insert_default();
            }
            (None, '#' | '>' | '<' | '|') => break,
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, c) => word.get_or_insert_default().push(c),
        }
    }
    words.extend(word);
    words
}

#[test]
fn words_split_like_a_shell() {
    assert_eq!(
        words(r#"  sop ack --person "Bo Chen" --sop 'CS 1' > out.txt"#),
        ["sop", "ack", "--person", "Bo Chen", "--sop", "CS 1"]
    );
    assert_eq!(
        words("  sop lint - < draft.yaml # a comment"),
        ["sop", "lint", "-"]
    );
}

#[test]
fn every_command_has_examples_that_parse() {
    let mut cli = Cli::command();
    cli.build();
    let commands = std::iter::once(&cli).chain(cli.get_subcommands());
    let mut checked = 0;
    for command in commands.filter(|command| command.get_name() != "help") {
        let name = command.get_bin_name().unwrap_or("sop").to_string();
        let help = command.clone().render_long_help().to_string();
        let examples = examples(&help);
        assert!(
            !examples.is_empty(),
            "`{name} --help` has no Examples: section"
        );
        let short = command.clone().render_help().to_string();
        assert!(
            short.contains("\nExamples:\n"),
            "`{name} -h` has no examples"
        );
        for line in examples {
            let words = words(line);
            assert!(
                words.join(" ").starts_with(&name),
                "`{name} --help` shows an example of another command: {line}"
            );
            match Cli::try_parse_from(&words) {
                Ok(_) => {}
                Err(error) if error.kind() == ErrorKind::DisplayHelp => {}
                Err(error) => {
                    panic!("`{name} --help`: the example `{line}` does not parse: {error}")
                }
            }
            checked += 1;
        }
    }
    assert!(
        checked > cli.get_subcommands().count(),
        "{checked} examples"
    );
}
