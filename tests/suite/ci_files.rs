//! The files that install `sop` in CI: the action, the workflows, and the
//! pre-commit hooks, checked with the tools GitHub's and pre-commit's users
//! rely on: check-jsonschema's copies of the schemas of GitHub workflows and
//! actions, `pre-commit validate-manifest`, and the hooks run by
//! `pre-commit try-repo` on a sample repository. The Python tools are looked
//! for in `SOP_PY_TOOLS` (a folder, as `.ci/run` sets it), else on PATH.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{TempProject, git, git_command, repo, repo_file, stderr, stdout, tool_available};
use sop::yaml;

use crate::common;

/// The command of a Python tool, if it is installed (see `tool_available`).
fn python_tool(name: &str) -> Option<Command> {
    let program = match std::env::var_os("SOP_PY_TOOLS") {
        Some(folder) => Path::new(&folder).join(name).into_os_string(),
        None => OsString::from(name),
    };
    tool_available(name, Command::new(&program).arg("--version")).then(|| Command::new(program))
}

/// `check-jsonschema --builtin-schema SCHEMA FILES`.
fn check_jsonschema(schema: &str, files: &[PathBuf]) -> Option<Output> {
    let mut command = python_tool("check-jsonschema")?;
    command
        .current_dir(repo())
        .args(["--builtin-schema", schema])
        .args(files);
    Some(command.output().unwrap())
}

fn assert_valid(output: &Output) {
    assert!(
        output.status.success(),
        "{}{}",
        stdout(output),
        stderr(output)
    );
}

/// The repository's workflows, the CI example and the one `sop init` writes.
#[test]
fn every_workflow_is_a_valid_github_workflow() {
    let temp = TempProject::new("");
    let (path, text) = sop::scaffold::init::files()
        .into_iter()
        .find(|(path, _)| *path == sop::scaffold::init::WORKFLOW)
        .unwrap();
    let written = temp.write(path, text);
    let mut files: Vec<PathBuf> = fs::read_dir(repo_file(".github/workflows"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    assert!(files.contains(&repo_file(".github/workflows/release.yml")));
    files.extend([repo_file("examples/github-actions.yml"), written]);
    let Some(output) = check_jsonschema("vendor.github-workflows", &files) else {
        return;
    };
    assert_valid(&output);
    // The check can fail: a job without `runs-on` and with a misspelt `steps`.
    let broken = temp.write(
        "broken.yml",
        "on: push\njobs:\n  lint:\n    stepz:\n      - run: sop lint\n",
    );
    let output = check_jsonschema("vendor.github-workflows", &[broken]).unwrap();
    assert!(!output.status.success(), "{}", stdout(&output));
}

#[test]
fn the_action_is_a_valid_github_action() {
    let Some(output) = check_jsonschema("vendor.github-actions", &[repo_file("action.yml")]) else {
        return;
    };
    assert_valid(&output);
    let temp = TempProject::new("");
    let broken = temp.write("action.yml", "name: x\nruns:\n  using: composite\n");
    let output = check_jsonschema("vendor.github-actions", &[broken]).unwrap();
    assert!(!output.status.success(), "{}", stdout(&output));
}

/// The README's workflow is a valid workflow, and its three lines of
/// pre-commit configuration a valid configuration.
#[test]
fn the_readme_recipes_are_valid() {
    let temp = TempProject::new("");
    let workflow = temp.write(
        "sop.yml",
        common::readme_block("## CI recipe: GitHub Actions with code scanning\n"),
    );
    let Some(output) = check_jsonschema("vendor.github-workflows", &[workflow]) else {
        return;
    };
    assert_valid(&output);
    let config = common::readme_block("### pre-commit\n");
    assert!(
        config.contains("rev: v0.1.0\n    hooks: [{ id: sop-lint }]\n"),
        "{config}"
    );
    let config = temp.write(".pre-commit-config.yaml", config);
    let Some(mut command) = python_tool("pre-commit") else {
        return;
    };
    let output = command
        .current_dir(&temp.root)
        .arg("validate-config")
        .arg(config)
        .output()
        .unwrap();
    assert_valid(&output);
}

#[test]
fn the_hooks_manifest_is_valid() {
    let Some(mut command) = python_tool("pre-commit") else {
        return;
    };
    let output = command
        .current_dir(repo())
        .args(["validate-manifest", ".pre-commit-hooks.yaml"])
        .output()
        .unwrap();
    assert_valid(&output);
}

/// A git repository made by `sop init`, with an SOP that lints clean in
/// `sops/`, one with an undefined acronym, and a YAML file outside `sops/`
/// that is not an SOP (the hook must not be given it), all staged.
fn sample_repository() -> TempProject {
    let temp = TempProject::new("");
    fs::remove_file(temp.path("sop.toml")).unwrap();
    git(&temp.root, &["init", "--quiet", "--initial-branch=main"]);
    let output = common::sop(&temp.root, &["init"]);
    assert!(output.status.success(), "{}", stderr(&output));
    temp.write(
        "sops/CS-2420-call-back.yaml",
        "id: CS-2420\ntitle: Calling a customer back\ndepartment: Customer Service\n\
         purpose: A customer who asked for a call gets one at the time they chose.\n\
         instructions:\n  - do: Call the customer and log the call in the CTI.\n",
    );
    temp.write("config/settings.yaml", "not: [an, SOP\n");
    git(&temp.root, &["add", "--all"]);
    temp
}

/// `pre-commit try-repo <this repository> HOOK --all-files` in `sample`,
/// with `envs` and a pre-commit home of its own (removed with it:
/// pre-commit keeps its clone of this repository there).
fn try_repo(sample: &TempProject, hook: &str, envs: &[(&str, OsString)]) -> Option<Output> {
    let pre_commit = python_tool("pre-commit")?;
    let mut command = Command::new(pre_commit.get_program());
    // The same pinned git configuration as the tests' own git commands:
    // pre-commit runs git itself.
    for (key, value) in git_command(&sample.root).get_envs() {
        if let Some(value) = value {
            command.env(key, value);
        }
    }
    let output = command
        .current_dir(&sample.root)
        .envs(envs.iter().map(|(key, value)| (key, value)))
        .env("PRE_COMMIT_HOME", sample.path(".git/pre-commit-home"))
        .env("NO_COLOR", "1")
        .args(["try-repo"])
        .arg(repo())
        .args([hook, "--all-files", "--color", "never"])
        .output()
        .unwrap();
    Some(output)
}

/// HOOK fails on the sample's bad SOP, naming the finding, and passes once
/// it is fixed; the YAML outside `sops/` is never given to it.
fn hook_fails_on_findings_and_passes_once_fixed(hook: &str, envs: &[(&str, OsString)]) {
    if !common::git_here() {
        return;
    }
    let sample = sample_repository();
    let Some(output) = try_repo(&sample, hook, envs) else {
        return;
    };
    let printed = format!("{}{}", stdout(&output), stderr(&output));
    assert!(!output.status.success(), "{printed}");
    assert!(
        printed.contains("error[undefined-acronym]: the acronym `CTI` is not defined"),
        "{printed}"
    );
    assert!(
        printed.contains("sops/CS-2420-call-back.yaml:6:"),
        "{printed}"
    );
    assert!(!printed.contains("settings.yaml"), "{printed}");
    sample.write(
        "sops/CS-2420-call-back.yaml",
        "id: CS-2420\ntitle: Calling a customer back\ndepartment: Customer Service\n\
         purpose: A customer who asked for a call gets one at the time they chose.\n\
         instructions:\n  - do: Call the customer and log the call in the CRM.\n",
    );
    git(&sample.root, &["add", "sops/CS-2420-call-back.yaml"]);
    let output = try_repo(&sample, hook, envs).unwrap();
    let printed = format!("{}{}", stdout(&output), stderr(&output));
    assert!(output.status.success(), "{printed}");
    assert!(printed.contains("Passed"), "{printed}");
}

/// `sop-lint-system`, with this build's `sop` first on PATH.
#[test]
fn the_system_hook_fails_on_findings_and_passes_once_fixed() {
    let bin = Path::new(env!("CARGO_BIN_EXE_sop")).parent().unwrap();
    let mut search = vec![bin.to_path_buf()];
    search.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let path = std::env::join_paths(search).unwrap();
    hook_fails_on_findings_and_passes_once_fixed("sop-lint-system", &[("PATH", path)]);
}

/// `sop-lint`, which pre-commit builds with `cargo install`: a release
/// build, here without optimisation (the test is of the hook, not of the
/// optimiser: it takes a fifth of the time). Its target folder is kept in
/// `target/pre-commit-hook`, so the dependencies are built once. It runs
/// where the tools are required (`.ci/run`) or asked for with
/// `SOP_TEST_RUST_HOOK=1`, and is skipped, saying so, elsewhere: `cargo
/// test` stays quick.
#[test]
fn the_rust_hook_fails_on_findings_and_passes_once_fixed() {
    let asked = ["SOP_REQUIRE_TOOLS", "SOP_TEST_RUST_HOOK"]
        .iter()
        .any(|name| std::env::var_os(name).is_some());
    if !asked {
        eprintln!("skipped: the rust hook's release build (set SOP_TEST_RUST_HOOK=1 to run it)");
        return;
    }
    let target = repo_file("target/pre-commit-hook").into_os_string();
    hook_fails_on_findings_and_passes_once_fixed(
        "sop-lint",
        &[
            ("CARGO_TARGET_DIR", target),
            ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0".into()),
            ("CARGO_PROFILE_RELEASE_DEBUG", "false".into()),
        ],
    );
}

/// Every `run:` script of a workflow or action file, with each `${{ ... }}`
/// expression replaced by a word (GitHub substitutes it before bash runs).
fn run_scripts(node: &yaml::Node, scripts: &mut Vec<String>) {
    match &node.value {
        yaml::Value::Map(map) => {
            for entry in &map.entries {
                match entry.value.as_str() {
                    Some(script) if entry.key == "run" => {
                        let mut plain = String::new();
                        let mut rest = script;
                        while let Some(start) = rest.find("${{") {
                            let end = rest[start..]
                                .find("}}")
                                .map_or(rest.len(), |e| start + e + 2);
                            plain.push_str(&rest[..start]);
                            plain.push_str("EXPRESSION");
                            rest = &rest[end..];
                        }
                        plain.push_str(rest);
                        scripts.push(plain);
                    }
                    _ => run_scripts(&entry.value, scripts),
                }
            }
        }
        yaml::Value::Seq(items) => items.iter().for_each(|item| run_scripts(item, scripts)),
        _ => {}
    }
}

/// The shell steps of the action and the workflows pass shellcheck, as
/// bash (the shell they name): they run only on GitHub, so this is the one
/// check of their text that can run here.
#[test]
fn the_shell_steps_pass_shellcheck() {
    if !tool_available("shellcheck", Command::new("shellcheck").arg("--version")) {
        return;
    }
    for file in ["action.yml", ".github/workflows/release.yml"] {
        let text = fs::read_to_string(repo_file(file)).unwrap();
        let root = yaml::parse(&text).unwrap().unwrap();
        let mut scripts = Vec::new();
        run_scripts(&root, &mut scripts);
        assert!(!scripts.is_empty(), "{file}");
        for script in scripts {
            let output = common::output_with_stdin(
                Command::new("shellcheck").args(["--shell", "bash", "-"]),
                script.as_bytes(),
            );
            assert!(
                output.status.success(),
                "{file}:\n{script}\n{}",
                stdout(&output)
            );
        }
    }
}

/// The script of the action's step `id`.
fn action_step(id: &str) -> String {
    let text = fs::read_to_string(repo_file("action.yml")).unwrap();
    let root = yaml::parse(&text).unwrap().unwrap();
    let steps = root.pointer("/runs/steps").unwrap();
    let yaml::Value::Seq(steps) = &steps.value else {
        panic!("runs.steps is a list");
    };
    let step = steps
        .iter()
        .find(|step| step.get("id").and_then(yaml::Node::as_str) == Some(id))
        .unwrap_or_else(|| panic!("no step {id}"));
    step.get("run")
        .and_then(yaml::Node::as_str)
        .unwrap()
        .to_string()
}

/// The action's lint step, run by bash as a runner runs it, in a repository
/// whose SOP project is the folder `desk`: the annotations and the SARIF
/// file name the files from the repository root, where GitHub looks for
/// them, and the exit status is passed on.
#[test]
fn the_action_lints_a_project_in_a_folder_with_paths_from_the_root() {
    let temp = TempProject::new("");
    let output = common::sop(&temp.root, &["init", "desk"]);
    assert!(output.status.success(), "{}", stderr(&output));
    temp.write(
        "desk/sops/CS-2421-hold.yaml",
        "id: CS-2421\ntitle: Putting a caller on hold\ndepartment: Customer Service\n\
         purpose: A caller on hold knows why and for how long.\n\
         instructions:\n  - do: Tell the caller why, and check the IVR queue.\n",
    );
    let script = temp.write("lint.sh", action_step("lint"));
    let bin = Path::new(env!("CARGO_BIN_EXE_sop")).parent().unwrap();
    let mut search = vec![bin.to_path_buf()];
    search.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    fs::create_dir(temp.path("runner")).unwrap();
    for paths in ["", "sops/CS-2421-hold.yaml"] {
        let outputs = temp.write("outputs", "");
        let run = Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail"])
            .arg(&script)
            .current_dir(temp.path("runner"))
            .env("PATH", std::env::join_paths(&search).unwrap())
            .env("GITHUB_WORKSPACE", &temp.root)
            .env("GITHUB_OUTPUT", &outputs)
            .env("RUNNER_TEMP", temp.path("runner"))
            .env("INPUT_PATHS", paths)
            .env("INPUT_ARGS", "--today 2026-11-22 --deny-warnings")
            .env("INPUT_WORKING_DIRECTORY", "desk/")
            .env("SARIF", "true")
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", stderr(&run));
        let printed = stdout(&run);
        assert!(
            printed.contains("::error file=desk/sops/CS-2421-hold.yaml,line=6,"),
            "{printed}"
        );
        assert!(
            printed.contains("title=sop undefined-acronym::"),
            "{printed}"
        );
        let written = fs::read_to_string(&outputs).unwrap();
        let sarif_file = temp.path("runner/sop.sarif");
        assert_eq!(
            written,
            format!("exit-code=1\nsarif-file={}\n", sarif_file.display())
        );
        let sarif: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(&sarif_file).unwrap()).unwrap();
        let uris: Vec<&str> = sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|result| {
                result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
            })
            .collect();
        assert_eq!(uris, ["desk/sops/CS-2421-hold.yaml"], "{paths:?}");
    }
}
