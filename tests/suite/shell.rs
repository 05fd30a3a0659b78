//! Shell ergonomics through the binary: completion scripts loaded into
//! their shells, the manual pages rendered by roff, `sop lint -` with
//! `--stdin-filename`, `--quiet`, the warning when no SOP file is found,
//! and output files whose extension must match their format.

use crate::common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{TempProject, sop, sop_command, sop_text, stderr, stdout, tool_available};

/// The subcommands `sop --help` lists (without `help`): a command added
/// later is checked by every test here without editing it.
fn subcommands() -> Vec<String> {
    let help = stdout(&sop(common::repo(), &["--help"]));
    let names: Vec<String> = help
        .lines()
        .skip_while(|line| *line != "Commands:")
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect();
    assert!(names.len() > 10, "{help}");
    names
}

/// The values `sop lint --help` lists for `--format`, in its order.
fn lint_formats() -> Vec<String> {
    let help = stdout(&sop(common::repo(), &["lint", "--help"]));
    let line = help
        .lines()
        .find(|line| line.trim_start().starts_with("--format"))
        .unwrap_or_else(|| panic!("no --format in {help}"));
    let values = line
        .split_once("[possible values: ")
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(values, _)| values)
        .unwrap_or_else(|| panic!("no possible values in {line}"));
    let formats: Vec<String> = values.split(", ").map(str::to_string).collect();
    assert!(formats.contains(&"sarif".to_string()), "{line}");
    formats
}

fn completion_script(shell: &str) -> String {
    let output = sop(common::repo(), &["completions", shell]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    stdout(&output)
}

/// Runs `program ARGS` in `cwd`, its output with the completions.
fn run(program: &str, args: &[&str], cwd: &Path) -> Output {
    let output = Command::new(program)
        .current_dir(cwd)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{program} {args:?}: {}",
        stderr(&output)
    );
    output
}

/// What bash's completion function offers for the words of a command
/// line, the last being the one completed.
fn bash_completes(script: &Path, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|word| format!("'{word}'")).collect();
    let line = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; _sop sop {} {}; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        quoted.join(" "),
        words.len() - 1,
        quoted[words.len() - 1],
        quoted[words.len() - 2],
    );
    let output = run(
        "bash",
        &["--norc", "--noprofile", "-c", &line],
        common::repo(),
    );
    stdout(&output).lines().map(str::to_string).collect()
}

#[test]
fn bash_completes_commands_and_flags() {
    if !tool_available("bash", Command::new("bash").arg("--version")) {
        return;
    }
    let project = TempProject::new("");
    let script = project.write("sop.bash", completion_script("bash"));
    assert_eq!(bash_completes(&script, &["sop", "li"]), ["lint", "list"]);
    assert_eq!(bash_completes(&script, &["sop", "man", "--o"]), ["--out"]);
    let flags = bash_completes(&script, &["sop", "lint", "--"]);
    for flag in ["--format", "--quiet", "--stdin-filename", "--deny-warnings"] {
        assert!(flags.iter().any(|f| f == flag), "{flag}: {flags:?}");
    }
    let formats = bash_completes(&script, &["sop", "lint", "--format", ""]);
    assert_eq!(formats, lint_formats());
    for name in subcommands() {
        assert!(
            bash_completes(&script, &["sop", &name[..2]]).contains(&name),
            "{name}"
        );
    }
}

#[test]
fn fish_completes_commands_and_flags() {
    if !tool_available("fish", Command::new("fish").arg("--version")) {
        return;
    }
    let project = TempProject::new("");
    let script = project.write("sop.fish", completion_script("fish"));
    let completes = |line: &str| {
        let command = format!("source {}; complete -C '{line}'", script.display());
        let output = run("fish", &["--no-config", "-c", &command], &project.root);
        stdout(&output)
            .lines()
            .map(|line| line.split('\t').next().unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(completes("sop li"), ["lint", "list"]);
    assert_eq!(completes("sop lint --stdin"), ["--stdin-filename"]);
    let commands = completes("sop ");
    for name in subcommands() {
        assert!(commands.contains(&name), "{name}: {commands:?}");
    }
}

/// Set up in an interactive zsh on a pseudo-terminal: the completion
/// system with the script of `$SOP_FPATH`, `compadd` printing each match,
/// a NUL line before and after them, exit once done, and Tab completing.
/// The way of zsh-capture-completion (Valodim, MIT); `TMOUT` ends a shell
/// that is never given a completion to print, so a broken script fails
/// the test instead of hanging it.
const ZSH_SETUP: &str = r#"TMOUT=60
fpath=($SOP_FPATH $fpath)
autoload -Uz compinit; compinit -u -D
null-line () { echo -E - $'\0' }
compprefuncs=( null-line )
comppostfuncs=( null-line exit )
zstyle ':completion:*' list-grouped false
zstyle ':completion:*' insert-tab false
compadd () {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  typeset -a __hits
  builtin compadd -A __hits "$@"
  [[ -n $__hits ]] || return
  local h; for h in $__hits; do echo -E - "$h"; done
}
bindkey '^M' undefined-key
bindkey '^J' undefined-key
bindkey '^I' complete-word
"#;

/// Types the line given and Tab into that shell, and prints the matches.
const ZSH_CAPTURE: &str = r#"zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "source ${0:A:h}/setup.zsh"
zpty -w z "$1"$'\t'
integer between=0
while zpty -r z; do :; done | while IFS= read -r line; do
  if [[ $line == *$'\0\r' ]]; then (( between++ )) && return 0 || continue; fi
  (( between )) && echo -E - ${line%$'\r'}
done
return 2
"#;

#[test]
fn zsh_completes_commands_and_flags() {
    if !tool_available("zsh", Command::new("zsh").arg("--version")) {
        return;
    }
    let project = TempProject::new("");
    project.write("functions/_sop", completion_script("zsh"));
    project.write("setup.zsh", ZSH_SETUP);
    let capture = project.write("capture.zsh", ZSH_CAPTURE);
    let completes = |line: &str| {
        let output = Command::new("zsh")
            .current_dir(&project.root)
            .args(["-f", capture.to_str().unwrap(), line])
            .env("SOP_FPATH", project.path("functions"))
            .output()
            .unwrap();
        assert!(output.status.success(), "{line}: {}", stderr(&output));
        stdout(&output)
            .lines()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(completes("sop li"), ["lint", "list"]);
    assert_eq!(completes("sop lint --stdin"), ["--stdin-filename"]);
    assert_eq!(completes("sop lint --format "), lint_formats());
    let commands = completes("sop ");
    for name in subcommands() {
        assert!(commands.contains(&name), "{name}: {commands:?}");
    }
}

#[test]
fn elvish_completes_commands_and_flags() {
    if !tool_available("elvish", Command::new("elvish").arg("-version")) {
        return;
    }
    // `edit:` exists in elvish's interactive shell only: the completer is
    // bound to a variable instead, and each candidate put as its text.
    let script = completion_script("elvish");
    let registration = "set edit:completion:arg-completer[sop] = ";
    assert!(script.contains(registration), "{script}");
    let candidate = script
        .lines()
        .find(|line| {
            line.trim_start()
                .starts_with("edit:complex-candidate $text")
        })
        .expect("the candidate line of clap's elvish script");
    let script = script
        .replace(registration, "var completer = ")
        .replace(candidate, "put $text");
    let calls = "\n$completer sop li | each {|c| echo $c}\necho ---\n$completer sop lint --st | each {|c| echo $c}\n";
    let project = TempProject::new("");
    let file = project.write("sop.elv", script + calls);
    let output = run("elvish", &["-norc", file.to_str().unwrap()], &project.root);
    let printed = stdout(&output);
    let (commands, lint_flags) = printed.split_once("---\n").unwrap();
    // Elvish filters by the typed prefix itself: the completer offers all.
    for name in subcommands() {
        assert!(commands.lines().any(|c| c == name), "{name}: {commands}");
    }
    assert!(
        lint_flags.lines().any(|c| c == "--stdin-filename"),
        "{lint_flags}"
    );
}

#[test]
fn powershell_script_names_every_command() {
    // PowerShell is not packaged by Debian: the script is checked as text.
    let script = completion_script("powershell");
    assert!(script.contains("Register-ArgumentCompleter -Native -CommandName 'sop'"));
    for name in subcommands() {
        assert!(script.contains(&format!("'sop;{name}'")), "{name}");
    }
}

/// `groff -man -ww -z`: no output, and every warning enabled.
fn groff_warnings(page: &Path) -> String {
    let output = Command::new("groff")
        .args(["-man", "-ww", "-z"])
        .arg(page)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    stderr(&output)
}

/// mandoc's errors (`-T lint -W error`): its style notes and warnings about
/// clap_mangen's layout (an empty date, `.br` before a blank line) are not
/// mistakes of the page.
fn mandoc_errors(page: &Path) -> String {
    let output = Command::new("mandoc")
        .args(["-T", "lint", "-W", "error"])
        .arg(page)
        .output()
        .unwrap();
    stdout(&output) + &stderr(&output)
}

fn man_tools() -> bool {
    tool_available("groff", Command::new("groff").arg("--version"))
        && tool_available(
            "mandoc",
            // mandoc has no --version: an empty page is its probe.
            Command::new("mandoc").args(["-T", "lint", "-W", "error", "/dev/null"]),
        )
}

#[test]
fn the_man_page_renders_cleanly_and_names_every_command() {
    if !man_tools() {
        return;
    }
    let project = TempProject::new("");
    let output = sop(&project.root, &["man"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let page = project.write("sop.1", &output.stdout);
    assert_eq!(groff_warnings(&page), "");
    assert_eq!(mandoc_errors(&page), "");
    let text = Command::new("groff")
        .args(["-man", "-Tutf8", "-P-cbou"])
        .arg(&page)
        .env("LC_ALL", "C.UTF-8")
        .output()
        .unwrap();
    let text = stdout(&text);
    for name in subcommands() {
        assert!(text.contains(&format!("sop-{name}(1)")), "{name}: {text}");
    }
    assert!(text.contains("EXAMPLES"), "{text}");
}

#[test]
fn man_out_writes_one_clean_page_per_command() {
    if !man_tools() {
        return;
    }
    let project = TempProject::new("");
    let output = sop(&project.root, &["man", "--out", "man/man1"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut expected: Vec<String> = subcommands()
        .iter()
        .map(|name| format!("sop-{name}.1"))
        .collect();
    expected.push("sop.1".into());
    expected.sort();
    assert_eq!(project.names("man/man1"), expected);
    for name in expected {
        let page = project.path("man/man1").join(&name);
        assert_eq!(groff_warnings(&page), "", "{name}");
        assert_eq!(mandoc_errors(&page), "", "{name}");
        let roff = std::fs::read_to_string(&page).unwrap();
        assert!(roff.contains(".SH EXAMPLES\n.nf\n"), "{name}: {roff}");
    }
    // One page for `sop lint`, with its own flags.
    let lint = std::fs::read_to_string(project.path("man/man1/sop-lint.1")).unwrap();
    assert!(lint.contains("stdin\\-filename"), "{lint}");
}

/// `sop ARGS` in `cwd` with `input` on standard input.
fn sop_with_stdin(cwd: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut child = sop_command(cwd, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A run that stops reading early (an error) may close the pipe first.
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait_with_output().unwrap()
}

/// A project of two SOPs on disk, CS-2610 calling CS-2611, a glossary that
/// defines IVR and `CRM` allowed in sop.toml.
fn cards_project(config_extra: &str) -> TempProject {
    let project = TempProject::new(&format!(
        "sops = \"sops\"\n\n[acronyms]\nallow = [\"CRM\"]\n{config_extra}"
    ));
    project.write(
        "sops/glossary.yaml",
        "IVR: Interactive voice response, the phone menu callers hear first\n",
    );
    project.write(
        "sops/CS-2610-card-activation.yaml",
        sop_text(
            "CS-2610",
            "",
            &[
                "do: Take the call from the IVR queue for card activation.",
                "do: Activate the card once the caller has passed security.",
            ],
        ),
    );
    project.write(
        "sops/CS-2611-security-check.yaml",
        sop_text("CS-2611", "", &["do: Ask the three security questions."]),
    );
    project
}

/// The editor's buffer of CS-2610: a call to CS-2611, the glossary's IVR,
/// the allowed CRM, and one undefined acronym (OTP, line 9, column 40).
const EDITED: &str = "id: CS-2610
title: Activating a new card by phone
department: Customer Service
purpose: The caller can use the new card before the call ends.
instructions:
  - do: Take the call from the IVR queue and note it in the CRM.
  - do: Check who is calling.
    call: CS-2611
  - do: Activate the card and read the OTP to the caller.
";

#[test]
fn stdin_stands_for_the_file_it_names_in_its_project() {
    let project = cards_project("");
    let file = project.path("sops/CS-2610-card-activation.yaml");
    let on_disk = std::fs::read_to_string(&file).unwrap();
    // From outside the project: sop.toml, the glossary and the other SOPs
    // are found from --stdin-filename, not from the current folder.
    let outside = project.root.parent().unwrap();
    let output = sop_with_stdin(
        outside,
        &[
            "lint",
            "-",
            "--stdin-filename",
            file.to_str().unwrap(),
            "--format",
            "json",
        ],
        EDITED.as_bytes(),
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let findings = common::findings(&output);
    assert_eq!(
        findings
            .iter()
            .map(|(file, rule, line, column, _)| (file.as_str(), rule.as_str(), *line, *column))
            .collect::<Vec<_>>(),
        [("CS-2610-card-activation.yaml", "undefined-acronym", 9, 40)],
        "{findings:?}"
    );
    // The text on disk was replaced for the run, not written.
    assert_eq!(std::fs::read_to_string(&file).unwrap(), on_disk);
}

#[test]
fn stdin_for_a_file_not_on_disk_yet_is_checked_against_the_project() {
    let project = cards_project("");
    let edited = EDITED.replace("CS-2610", "CS-2612").replace("OTP", "code");
    let clean = sop_with_stdin(
        &project.root,
        &[
            "lint",
            "-",
            "--stdin-filename",
            "sops/new/CS-2612-card-pin.yaml",
        ],
        edited.as_bytes(),
    );
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
    assert_eq!(stderr(&clean), "No problems in 1 file.\n");
    assert!(!project.path("sops/new").exists());
    // The id of an SOP on disk is one SOP too many.
    let duplicate = sop_with_stdin(
        &project.root,
        &[
            "lint",
            "-",
            "--stdin-filename",
            "sops/new/CS-2612-card-pin.yaml",
            "--format",
            "json",
        ],
        sop_text("CS-2611", "", &["do: Ask the caller to sign the card."]).as_bytes(),
    );
    assert_eq!(common::rules(&duplicate), ["duplicate-sop-id"]);
}

#[test]
fn stdin_without_a_name_is_shown_as_a_dash_in_every_format() {
    let project = cards_project("");
    let formats = [
        ("human", " --> -:9:40"),
        ("json", "\"path\": \"-\""),
        ("sarif", "\"uri\": \"-\""),
        ("github", "::error file=-,line=9,col=40"),
    ];
    for (format, shown) in formats {
        let output = sop_with_stdin(
            &project.root,
            &["lint", "-", "--format", format],
            EDITED.as_bytes(),
        );
        assert_eq!(output.status.code(), Some(1), "{format}");
        assert!(
            stdout(&output).contains(shown),
            "{format}: {}",
            stdout(&output)
        );
    }
}

#[test]
fn stdin_meets_the_limits_of_a_file() {
    let project = cards_project("\n[limits]\nfile-size-mib = 1\n");
    let name = "sops/CS-2613-card-limits.yaml";
    let cases: [(&[u8], &str, &str); 3] = [
        (
            b"id: CS-2613\ntitle: Caf\xe9 cards\n",
            "yaml-syntax",
            "not UTF-8",
        ),
        (b"", "schema", "the file is empty"),
        (
            &[b'#'; 1024 * 1024 + 1],
            "unreadable-file",
            "more than 1 MiB",
        ),
    ];
    for (input, rule, message) in cases {
        let output = sop_with_stdin(
            &project.root,
            &["lint", "-", "--stdin-filename", name, "--format", "json"],
            input,
        );
        assert_eq!(output.status.code(), Some(1), "{rule}: {}", stderr(&output));
        let findings = common::findings(&output);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0].0, "CS-2613-card-limits.yaml");
        assert_eq!(findings[0].1, rule);
        assert!(findings[0].4.contains(message), "{findings:?}");
    }
}

#[test]
fn quiet_keeps_the_findings_and_drops_the_summaries() {
    let project = cards_project("");
    project.write(
        "sops/CS-2614-card-fees.yaml",
        sop_text("CS-2614", "", &["do: Explain the APR of the card."]),
    );
    let loud = sop(&project.root, &["lint"]);
    let quiet = sop(&project.root, &["lint", "--quiet"]);
    assert_eq!(quiet.status.code(), Some(1));
    assert_eq!(quiet.stdout, loud.stdout);
    assert!(stdout(&quiet).contains("error[undefined-acronym]"));
    assert_eq!(stderr(&loud), "Found 1 error in 4 files.\n");
    assert_eq!(stderr(&quiet), "");

    let clean = cards_project("");
    let runs: [&[&str]; 3] = [
        &["render", "--out", "handbook", "-q"],
        &["graph", "sops", "--out", "charts", "--quiet"],
        &["calendar", "--out", "reviews.ics", "-q"],
    ];
    for args in runs {
        let loud = sop(&clean.root, &args[..args.len() - 1]);
        assert!(loud.status.success(), "{args:?}: {}", stderr(&loud));
        assert!(!stderr(&loud).is_empty(), "{args:?}");
        let quiet = sop(&clean.root, args);
        assert!(quiet.status.success(), "{args:?}: {}", stderr(&quiet));
        assert_eq!(stderr(&quiet), "", "{args:?}");
    }
    assert!(clean.path("handbook/index.html").is_file());
    assert!(clean.path("charts/CS-2610.svg").is_file());
    assert!(clean.path("reviews.ics").is_file());
}

#[test]
fn every_project_command_warns_when_it_finds_no_sop_file() {
    let project = cards_project("");
    project.write("drafts/notes.txt", "Ideas for the card replacement SOP.\n");
    let runs: [&[&str]; 6] = [
        &["lint", "drafts"],
        &["fingerprint", "drafts"],
        &["list", "drafts"],
        &["calendar", "drafts"],
        &["render", "drafts", "--out", "handbook"],
        &["graph", "drafts", "--out", "charts"],
    ];
    for args in runs {
        let output = sop(&project.root, args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        let printed = stderr(&output);
        let warnings: Vec<&str> = printed
            .lines()
            .filter(|line| line.starts_with("warning:"))
            .collect();
        assert_eq!(
            warnings,
            ["warning: no SOP files found in drafts"],
            "{args:?}"
        );
    }
    // Commands that stop later for want of training records warn first;
    // `sop diff` warns for each side.
    project.write("drafts-2/notes.txt", "Ideas for the card fees SOP.\n");
    let runs: [(&[&str], usize); 3] = [
        (&["training", "drafts"], 1),
        (&["ack", "drafts", "--person", "Ana Lima"], 1),
        (&["diff", "drafts", "drafts-2"], 2),
    ];
    for (args, count) in runs {
        let printed = stderr(&sop(&project.root, args));
        let warnings = printed
            .matches("warning: no SOP files found in drafts")
            .count();
        assert_eq!(warnings, count, "{args:?}: {printed}");
    }
    // A project with SOPs says nothing of the kind.
    let output = sop(&project.root, &["lint"]);
    assert!(!stderr(&output).contains("warning:"), "{}", stderr(&output));
}

#[test]
fn graph_writes_the_format_its_file_name_says() {
    let project = cards_project("");
    let sop_file = "sops/CS-2610-card-activation.yaml";
    let written: [(&str, &[&str], &str); 8] = [
        ("chart.gv", &[], "digraph"),
        ("chart.png", &[], "\u{fffd}PNG"),
        ("chart.Pdf", &[], "%PDF-"),
        ("chart.dot", &[], "digraph"),
        ("chart.mmd", &[], "flowchart"),
        ("chart.SVG", &[], "<svg"),
        ("chart.json", &[], "\"nodes\""),
        ("chart.txt", &["--format", "mermaid"], "flowchart"),
    ];
    for (file, format, start) in written {
        let args = [&["graph", sop_file, "-o", file][..], format].concat();
        let output = sop(&project.root, &args);
        assert!(output.status.success(), "{file}: {}", stderr(&output));
        let bytes = std::fs::read(project.path(file)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains(start), "{file}: {text}");
    }
    let refused: [(&str, &[&str], &str); 5] = [
        ("chart.jpg", &[], "cannot write .jpg files yet"),
        (
            "chart.pdf",
            &["--format", "svg"],
            "says pdf, but --format is svg",
        ),
        (
            "chart.mmd",
            &["--format", "dot"],
            "says mermaid, but --format is dot",
        ),
        ("chart.txt", &[], "cannot tell the chart format"),
        ("chart", &[], "cannot tell the chart format"),
    ];
    for (file, format, message) in refused {
        let _ = std::fs::remove_file(project.path(file));
        let args = [&["graph", sop_file, "-o", file][..], format].concat();
        let output = sop(&project.root, &args);
        assert_eq!(output.status.code(), Some(2), "{file}");
        assert!(
            stderr(&output).contains(message),
            "{file}: {}",
            stderr(&output)
        );
        assert!(!project.path(file).exists(), "{file} was written");
    }
}

#[test]
fn calendar_writes_only_an_ics_file() {
    let project = cards_project("");
    for refused in ["reviews.txt", "reviews.ics.bak", "reviews"] {
        let output = sop(&project.root, &["calendar", "--out", refused]);
        assert_eq!(output.status.code(), Some(2), "{refused}");
        assert!(
            stderr(&output).contains("ends in .ics"),
            "{}",
            stderr(&output)
        );
        assert!(!project.path(refused).exists(), "{refused} was written");
    }
    let output = sop(&project.root, &["calendar", "--out", "Reviews.ICS"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(project.path("Reviews.ICS").is_file());
}
