//! `sop init` and `sop new` through the binary: a new project lints clean,
//! a new SOP lints with exactly what the writer must still fill in, its
//! `$schema=` line leads to the schema, and what the writer typed reads
//! back as typed.

use std::fs;
use std::path::{Path, PathBuf};

use common::{TempProject, findings, sop, stderr, stdout};
use sop::rules::schema::SOP_SCHEMA;
use sop::scaffold::{SCHEMA_FILE, init, schema_url};
use sop::yaml;

use crate::common;

/// A new project made by `sop init` in the folder `desk` of a temporary
/// folder (which has a `sop.toml` of its own, as `TempProject` writes one,
/// but `desk` gets its own).
fn new_project() -> (TempProject, PathBuf) {
    let temp = TempProject::new("");
    let output = sop(&temp.root, &["init", "desk"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let desk = temp.path("desk");
    (temp, desk)
}

/// `sop new --id ID --title TITLE MORE` in `cwd`, in the department
/// "Customer Service" unless MORE names one; the path of the file it wrote.
fn new_sop(cwd: &Path, id: &str, title: &str, more: &[&str]) -> PathBuf {
    let output = sop(cwd, &new_args(id, title, more));
    assert!(output.status.success(), "{}", stderr(&output));
    let printed = stdout(&output);
    let shown = printed
        .lines()
        .next()
        .and_then(|line| line.strip_prefix("Wrote "))
        .and_then(|line| line.strip_suffix('.'))
        .unwrap_or_else(|| panic!("{printed}"));
    cwd.join(shown)
}

fn new_args<'a>(id: &'a str, title: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["new", "--id", id, "--title", title];
    if !more.contains(&"--department") {
        args.extend(["--department", "Customer Service"]);
    }
    args.extend_from_slice(more);
    args
}

/// The rule and line of each finding of `sop lint --format json PATHS` in `cwd`.
fn lint(cwd: &Path, paths: &[&str]) -> Vec<(String, u64)> {
    let mut args = vec!["lint", "--format", "json"];
    args.extend_from_slice(paths);
    let output = sop(cwd, &args);
    findings(&output)
        .into_iter()
        .map(|(_, rule, line, _, _)| (rule, line))
        .collect()
}

fn line_of(path: &Path, start: &str) -> u64 {
    let text = fs::read_to_string(path).unwrap();
    let index = text
        .lines()
        .position(|line| line.starts_with(start))
        .unwrap_or_else(|| panic!("no line starts with {start:?} in\n{text}"));
    index as u64 + 1
}

#[test]
fn a_new_project_lints_clean_and_renders() {
    let (_temp, desk) = new_project();
    for (path, _) in init::files() {
        assert!(desk.join(path).is_file(), "{path}");
    }
    let output = sop(&desk, &["lint"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("No problems in 2 files."),
        "{}",
        stderr(&output)
    );
    let output = sop(&desk, &["render", "--strict", "--out", "handbook"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(desk.join("handbook/CS-2401.html").is_file());
}

#[test]
fn init_refuses_files_that_are_there_and_writes_nothing() {
    let temp = TempProject::new("");
    temp.write("desk/sops/glossary.yaml", "FCR: First Contact Resolution\n");
    let output = sop(&temp.root, &["init", "desk"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("already there: desk/sops/glossary.yaml; nothing was written"),
        "{}",
        stderr(&output)
    );
    assert_eq!(temp.names("desk"), ["sops"]);
    assert_eq!(temp.names("desk/sops"), ["glossary.yaml"]);
}

#[test]
fn init_force_refreshes_the_schema_copy() {
    let (temp, desk) = new_project();
    fs::write(desk.join(SCHEMA_FILE), "{}").unwrap();
    let output = sop(&temp.root, &["init", "desk"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(fs::read_to_string(desk.join(SCHEMA_FILE)).unwrap(), "{}");
    let output = sop(&temp.root, &["init", "desk", "--force"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        fs::read_to_string(desk.join(SCHEMA_FILE)).unwrap(),
        SOP_SCHEMA
    );
}

#[test]
fn a_new_sop_lints_with_only_what_is_left_to_write() {
    let (_temp, desk) = new_project();
    let file = new_sop(&desk, "CS-2400", "Refunding a duplicate card payment", &[]);
    let shown = file.strip_prefix(&desk).unwrap().to_str().unwrap();
    assert_eq!(
        shown,
        "sops/CS-2400-refunding-a-duplicate-card-payment.yaml"
    );
    assert_eq!(
        lint(&desk, &[shown]),
        [
            ("missing-purpose".to_string(), line_of(&file, "purpose:")),
            ("schema".to_string(), line_of(&file, "  - do:")),
        ]
    );
    // A role given without a description is one more blank to fill in.
    let file = new_sop(
        &desk,
        "CS-2402",
        "Calling back a customer",
        &[
            "--role",
            "rep=Customer service representative",
            "--role",
            "lead",
        ],
    );
    let shown = file.strip_prefix(&desk).unwrap().to_str().unwrap();
    assert_eq!(
        lint(&desk, &[shown]),
        [
            ("missing-purpose".to_string(), line_of(&file, "purpose:")),
            ("schema".to_string(), line_of(&file, "  lead:")),
            ("schema".to_string(), line_of(&file, "  - do:")),
        ]
    );
    // Once written, the SOP lints clean, with the first role on the first step.
    let text = fs::read_to_string(&file).unwrap();
    assert!(text.contains("  - do:\n    role: rep\n"), "{text}");
    let text = text
        .replace(
            "purpose:\n",
            "purpose: Customers who asked for a call get one.\n",
        )
        .replace("  lead: # who holds this role", "  lead: Team lead")
        .replace(
            "  - do:\n",
            "  - do: Call the customer at the time they chose.\n",
        );
    fs::write(&file, text).unwrap();
    assert_eq!(lint(&desk, &[shown]), []);
}

/// The `$schema=` path of a file's first line, resolved from its folder.
fn schema_target(file: &Path) -> PathBuf {
    let text = fs::read_to_string(file).unwrap();
    let first = text.lines().next().unwrap();
    let relative = first
        .strip_prefix("# yaml-language-server: $schema=")
        .unwrap_or_else(|| panic!("{first}"));
    file.parent()
        .unwrap()
        .join(relative)
        .canonicalize()
        .unwrap()
}

#[test]
fn the_schema_line_leads_to_the_project_schema_from_any_folder() {
    let (_temp, desk) = new_project();
    let schema = desk.join(SCHEMA_FILE).canonicalize().unwrap();
    assert_eq!(schema_target(&desk.join(init::EXAMPLE)), schema);
    let top = new_sop(&desk, "CS-2403", "Top", &["--department", "Billing"]);
    assert_eq!(top.parent().unwrap(), desk.join("sops"));
    assert_eq!(schema_target(&top), schema);
    let nested = new_sop(
        &desk,
        "CS-2404",
        "Nested",
        &["--department", "Billing", "--dir", "sops/billing/cards"],
    );
    assert_eq!(nested.parent().unwrap(), desk.join("sops/billing/cards"));
    assert_eq!(schema_target(&nested), schema);
    // From a folder of the project, without --dir: the SOP folder.
    let from_below = new_sop(
        &desk.join("sops/billing"),
        "CS-2405",
        "Below",
        &["--department", "Billing"],
    );
    assert_eq!(
        from_below.canonicalize().unwrap(),
        desk.join("sops/CS-2405-below.yaml").canonicalize().unwrap()
    );
}

#[test]
fn without_a_schema_copy_the_line_names_the_release_schema() {
    let temp = TempProject::new("");
    fs::create_dir(temp.path("sops")).unwrap();
    let file = new_sop(
        &temp.root,
        "CS-2406",
        "Online",
        &["--department", "Billing"],
    );
    let text = fs::read_to_string(file).unwrap();
    assert!(
        text.starts_with(&format!(
            "# yaml-language-server: $schema={}\n",
            schema_url()
        )),
        "{text}"
    );
}

#[test]
fn what_the_writer_types_reads_back_exactly() {
    let (_temp, desk) = new_project();
    let title = "Refunds: \"double\" charges #2 — ça coûte 5 €";
    let department = "- Billing & Payments: 'cards'";
    let role_key = "rep #1";
    let role_description = "Agent: \"front line\" — niveau 1";
    let file = new_sop(
        &desk,
        "CS-2407",
        title,
        &[
            "--department",
            department,
            "--role",
            &format!("{role_key}={role_description}"),
            "--role",
            "true",
        ],
    );
    let root = yaml::parse(&fs::read_to_string(&file).unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(root.get("id").and_then(yaml::Node::as_str), Some("CS-2407"));
    assert_eq!(root.get("title").and_then(yaml::Node::as_str), Some(title));
    assert_eq!(
        root.get("department").and_then(yaml::Node::as_str),
        Some(department)
    );
    let roles = root.get("roles").unwrap().as_map();
    let keys: Vec<&str> = roles.iter().map(|entry| entry.key.as_str()).collect();
    assert_eq!(keys, [role_key, "true"]);
    assert_eq!(roles[0].value.as_str(), Some(role_description));
    let steps = root
        .get("instructions")
        .unwrap()
        .pointer("/0/role")
        .unwrap();
    assert_eq!(steps.as_str(), Some(role_key));
}

#[test]
fn new_refuses_a_taken_id_and_an_existing_file() {
    let (_temp, desk) = new_project();
    let output = sop(&desk, &new_args("cs-2401", "Again", &[]));
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(&format!(
            "the id cs-2401 is taken: {} has it",
            init::EXAMPLE
        )),
        "{}",
        stderr(&output)
    );
    // A file in the way that is not an SOP with that id is not replaced either.
    let in_the_way = desk.join("sops/CS-2408-in-the-way.yaml");
    fs::write(&in_the_way, "not: an SOP\n").unwrap();
    let output = sop(&desk, &new_args("CS-2408", "In the way", &[]));
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("already there: sops/CS-2408-in-the-way.yaml"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read_to_string(in_the_way).unwrap(), "not: an SOP\n");
}

#[test]
fn a_template_of_ones_own_is_used() {
    let (_temp, desk) = new_project();
    fs::write(
        desk.join("new.yaml"),
        "# yaml-language-server: $schema={{ schema }}\nid: {{ id }}\ntitle: {{ title }}\ndepartment: {{ department }}\nowner: Head of Customer Service\npurpose:\ninstructions:\n  - do:\n",
    )
    .unwrap();
    let file = new_sop(&desk, "CS-2409", "House style", &["--template", "new.yaml"]);
    let text = fs::read_to_string(&file).unwrap();
    assert!(text.contains("owner: Head of Customer Service\n"), "{text}");
    assert_eq!(
        schema_target(&file),
        desk.join(SCHEMA_FILE).canonicalize().unwrap()
    );
}

#[test]
fn the_schema_id_is_the_url_of_the_release_schema() {
    let repository = env!("CARGO_PKG_REPOSITORY")
        .strip_prefix("https://github.com/")
        .unwrap();
    let expected = format!(
        "https://raw.githubusercontent.com/{repository}/v{}/schemas/sop.schema.json",
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(schema_url(), expected);
    let output = sop(common::repo(), &["schema"]);
    assert!(output.status.success());
    assert_eq!(
        output.stdout,
        fs::read(common::repo_file("schemas/sop.schema.json")).unwrap()
    );
}

/// The README shows what `sop init` prints and what `sop new` writes.
#[test]
fn the_readme_shows_what_init_and_new_write() {
    let temp = TempProject::new("");
    let output = sop(&temp.root, &["init", "desk"]);
    assert_eq!(
        common::readme_block("## Starting a project: `sop init` and `sop new`\n"),
        format!("$ sop init desk\n{}", stdout(&output))
    );
    let file = new_sop(
        &temp.path("desk"),
        "CS-2400",
        "Refunding a duplicate card payment",
        &[
            "--role",
            "rep=Customer service representative",
            "--role",
            "lead",
        ],
    );
    assert_eq!(
        common::readme_block(
            "# Wrote sops/CS-2400-refunding-a-duplicate-card-payment.yaml.\n```\n"
        ),
        fs::read_to_string(file).unwrap()
    );
}
