//! The lint cache (`.sop-cache/`): a warm run reports exactly what a cold
//! one does, reads no SOP that did not change, and is never stale: an
//! edited file (even one given its old modification time back), glossary,
//! `sop.toml`, date, or a change in another SOP are all seen. `--no-cache`
//! and `SOP_NO_CACHE` leave no cache behind.

use crate::common;

use std::fs;
use std::path::Path;
use std::time::Duration;

use common::{TempProject, repo_file, sop, sop_command, sop_text, stdout};
use sop::date::Date;
use sop::lint::{CachedRun, Levels, check_cached};
use sop::project::{self, Options};

const TODAY: &str = "2026-11-22";

/// A lint run through the library, with the cache, from the project root.
fn run(root: &Path, paths: &[&str], today: &str) -> CachedRun {
    let options = Options {
        cache: true,
        ..Options::new(root, paths.iter().map(Into::into).collect())
    };
    let project = project::load(&options).unwrap();
    let levels = Levels::new(&project.config).unwrap();
    check_cached(&project, today.parse::<Date>().unwrap(), &levels)
}

/// What `sop lint --format json` prints, with the cache unless `--no-cache` is given.
fn json(root: &Path, extra: &[&str]) -> String {
    let mut args = vec!["lint", "--format", "json"];
    args.extend(extra);
    stdout(&sop(root, &args))
}

/// The bundled samples, with a file of findings beside them.
fn samples() -> TempProject {
    let project = TempProject::new("");
    let from = repo_file("sops");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let to = project
            .root
            .join("sops")
            .join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else {
            fs::copy(entry.path(), &to).unwrap();
        }
    }
    project.write(
        "sops/broken.yaml",
        sop_text(
            "CS-9001",
            "",
            &["id: a\n    do: Call the FCR desk\n    next: nowhere"],
        ),
    );
    project
}

/// Writes `text` over `file` and gives it back the modification time it had.
fn edit_keeping_mtime(file: &Path, text: &str) {
    let modified = fs::metadata(file).unwrap().modified().unwrap();
    fs::write(file, text).unwrap();
    fs::File::options()
        .write(true)
        .open(file)
        .unwrap()
        .set_modified(modified)
        .unwrap();
}

#[test]
fn a_warm_run_reports_what_a_cold_run_does_and_parses_nothing() {
    let project = samples();
    let cold = json(&project.root, &[]);
    assert!(cold.contains("unknown-step"), "{cold}");
    assert_eq!(
        project.names(".sop-cache")[..2],
        [".gitignore", "CACHEDIR.TAG"]
    );
    assert!(
        fs::read_to_string(project.path(".sop-cache/.gitignore"))
            .unwrap()
            .contains("\n*\n")
    );
    for format in ["human", "json", "sarif", "junit", "gitlab", "github"] {
        let args = ["lint", "--format", format];
        let uncached = stdout(&sop(&project.root, &[&args[..], &["--no-cache"]].concat()));
        assert_eq!(stdout(&sop(&project.root, &args)), uncached, "{format}");
    }
    run(&project.root, &[], TODAY);
    let warm = run(&project.root, &[], TODAY);
    let files = warm.report.files;
    assert!(files > 10, "{files}");
    // Every SOP came from the cache (the glossary is always read).
    assert_eq!(warm.reused, files - 1);
    assert!(warm.unsaved.is_none());
}

#[test]
fn an_edited_sop_is_read_again_even_with_its_old_modification_time() {
    let project = TempProject::new("");
    let file = project.write(
        "sops/a.yaml",
        sop_text("CS-1", "", &["do: Greet", "do: Close"]),
    );
    project.write("sops/b.yaml", sop_text("CS-2", "", &["do: Answer"]));
    assert!(run(&project.root, &[], TODAY).report.diagnostics.is_empty());
    assert_eq!(run(&project.root, &[], TODAY).reused, 2);
    // The same length, another text: an undefined acronym.
    let edited = sop_text("CS-1", "", &["do: Greet", "do: Do ZZ"]);
    assert_eq!(edited.len(), fs::metadata(&file).unwrap().len() as usize);
    edit_keeping_mtime(&file, &edited);
    let warm = run(&project.root, &[], TODAY);
    assert_eq!(warm.reused, 1, "only b.yaml");
    assert_eq!(warm.report.diagnostics.len(), 1);
    assert_eq!(warm.report.diagnostics[0].rule, "undefined-acronym");
    assert_eq!(
        json(&project.root, &[]),
        json(&project.root, &["--no-cache"])
    );
}

#[test]
fn the_stamp_alone_never_serves_an_edited_file() {
    let project = TempProject::new("");
    let file = project.write("sops/a.yaml", sop_text("CS-1", "", &["do: Greet"]));
    run(&project.root, &[], TODAY);
    // Make the table look written long after the file: its stamp is then
    // trusted without reading (the fast path).
    let [table] = &tables(&project)[..] else {
        panic!("one table")
    };
    let later = fs::metadata(&file).unwrap().modified().unwrap() + Duration::from_secs(3600);
    let set_later = || {
        fs::File::options()
            .write(true)
            .open(table)
            .unwrap()
            .set_modified(later)
            .unwrap()
    };
    set_later();
    assert_eq!(
        run(&project.root, &[], TODAY).reused,
        1,
        "served by its stamp"
    );
    set_later();
    edit_keeping_mtime(&file, &sop_text("CS-1", "", &["do: Do ZZ"]));
    let warm = run(&project.root, &[], TODAY);
    assert_eq!(warm.reused, 0);
    assert_eq!(warm.report.diagnostics[0].rule, "undefined-acronym");
}

#[test]
fn glossary_config_and_date_changes_are_seen() {
    let project = TempProject::new("");
    project.write(
        "sops/a.yaml",
        sop_text("CS-1", "review_by: 2027-01-01\n", &["do: Call the IVR"]),
    );
    let rules = |root: &Path, today: &str| -> Vec<&'static str> {
        let report = run(root, &[], today).report;
        report.diagnostics.iter().map(|d| d.rule).collect()
    };
    assert_eq!(rules(&project.root, TODAY), ["undefined-acronym"]);
    project.write("sops/glossary.yaml", "IVR: Interactive voice response\n");
    assert_eq!(rules(&project.root, TODAY), Vec::<&str>::new());
    assert_eq!(rules(&project.root, "2027-06-01"), ["review-overdue"]);
    fs::write(
        project.path("sop.toml"),
        "[rules]\nreview-overdue = \"off\"\n",
    )
    .unwrap();
    assert_eq!(rules(&project.root, "2027-06-01"), Vec::<&str>::new());
    project.write("sops/glossary.yaml", "SLA: Service level agreement\n");
    assert!(rules(&project.root, TODAY).contains(&"undefined-acronym"));
}

#[test]
fn a_change_in_another_sop_changes_the_findings_of_a_cached_one() {
    let project = TempProject::new("");
    project.write(
        "sops/a.yaml",
        sop_text("CS-1", "", &["do: Hand over\n    call: CS-2"]),
    );
    let b = project.write("sops/b.yaml", sop_text("CS-2", "", &["do: Answer"]));
    let clean = |paths: &[&str]| {
        run(&project.root, paths, TODAY)
            .report
            .diagnostics
            .is_empty()
    };
    assert!(clean(&[]));
    // One file given: the others' ids come from the cache's table of ids.
    assert!(clean(&["sops/a.yaml"]));
    fs::remove_file(&b).unwrap();
    let whole = run(&project.root, &[], TODAY);
    assert_eq!(whole.reused, 1, "a.yaml is not read again");
    assert_eq!(whole.report.diagnostics[0].rule, "unknown-sop");
    project.write("sops/b.yaml", sop_text("CS-3", "", &["do: Answer"]));
    assert!(!clean(&["sops/a.yaml"]));
    project.write("sops/b.yaml", sop_text("CS-2", "", &["do: Answer"]));
    assert!(clean(&["sops/a.yaml"]));
}

#[test]
fn a_damaged_cache_is_read_as_none_and_written_again() {
    let project = samples();
    let expected = json(&project.root, &["--no-cache"]);
    assert!(
        !project.path(".sop-cache").exists(),
        "--no-cache writes nothing"
    );
    run(&project.root, &[], TODAY);
    for table in tables(&project) {
        let bytes = fs::read(&table).unwrap();
        fs::write(&table, &bytes[..bytes.len() / 2]).unwrap();
    }
    assert_eq!(run(&project.root, &[], TODAY).reused, 0);
    assert_eq!(json(&project.root, &[]), expected);
    let warm = run(&project.root, &[], TODAY);
    assert_eq!(warm.reused, warm.report.files - 1, "written again");
    for entry in fs::read_dir(project.path(".sop-cache")).unwrap() {
        fs::write(entry.unwrap().path(), b"garbage").unwrap();
    }
    assert_eq!(json(&project.root, &[]), expected);
}

#[test]
fn no_cache_where_it_could_write_elsewhere_or_where_there_is_no_project() {
    let project = TempProject::new("");
    project.write("sops/a.yaml", sop_text("CS-1", "", &["do: Greet"]));
    let elsewhere = TempProject::new("");
    std::os::unix::fs::symlink(&elsewhere.root, project.path(".sop-cache")).unwrap();
    assert!(sop(&project.root, &["lint"]).status.success());
    assert_eq!(elsewhere.names("."), ["sop.toml"]);
    // SOP_NO_CACHE=1 is --no-cache.
    let plain = TempProject::new("");
    plain.write("sops/a.yaml", sop_text("CS-1", "", &["do: Greet"]));
    let output = sop_command(&plain.root, &["lint"])
        .env("SOP_NO_CACHE", "1")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(plain.names("."), ["sop.toml", "sops"]);
    // No sop.toml and no .git: a stray file gets no cache beside it.
    fs::remove_file(plain.path("sop.toml")).unwrap();
    assert!(
        sop(&plain.path("sops"), &["lint", "a.yaml"])
            .status
            .success()
    );
    assert_eq!(plain.names("sops"), ["a.yaml"]);
}

/// The table files of a project's cache.
fn tables(project: &TempProject) -> Vec<std::path::PathBuf> {
    fs::read_dir(project.path(".sop-cache"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "bin"))
        .collect()
}

#[test]
fn a_cache_that_cannot_be_written_costs_one_warning_and_nothing_else() {
    let project = samples();
    let expected = json(&project.root, &["--no-cache"]);
    json(&project.root, &[]);
    // A folder where each table file was: it cannot be read or replaced.
    for table in tables(&project) {
        fs::remove_file(&table).unwrap();
        fs::create_dir(&table).unwrap();
    }
    let output = sop(&project.root, &["lint", "--format", "json"]);
    assert_eq!(stdout(&output), expected);
    let warnings = common::stderr(&output);
    assert_eq!(
        warnings.matches("cannot write the cache").count(),
        1,
        "{warnings}"
    );
    assert!(warnings.contains("--no-cache"), "{warnings}");
    let quiet = sop(&project.root, &["lint", "--quiet"]);
    assert_eq!(common::stderr(&quiet), "");
}

#[test]
fn only_the_newest_tables_are_kept() {
    let project = TempProject::new("");
    project.write("sops/a.yaml", sop_text("CS-1", "", &["do: Greet"]));
    // Each date is another table.
    for day in 10..=21 {
        run(&project.root, &[], &format!("2026-11-{day}"));
    }
    assert_eq!(tables(&project).len(), 8);
}

/// The walk files of a project's cache.
fn walks(project: &TempProject) -> Vec<std::path::PathBuf> {
    let is_walk = |path: &std::path::PathBuf| {
        path.file_name()
            .is_some_and(|name| name.to_string_lossy().starts_with("walk-"))
    };
    tables(project).into_iter().filter(is_walk).collect()
}

/// The walk file of a project's cache (the SOP folder's walk, remembered
/// by a one-file run), given a modification time an hour after it was
/// written: the walk is then served from it unless a stamp it recorded
/// changed. `served` says whether the last run left it so.
struct Walk(std::path::PathBuf, std::time::SystemTime);

impl Walk {
    fn settle(project: &TempProject) -> Walk {
        let [file] = &walks(project)[..] else {
            panic!("one walk file")
        };
        let later = fs::metadata(file).unwrap().modified().unwrap() + Duration::from_secs(3600);
        let open = fs::File::options().write(true).open(file).unwrap();
        open.set_modified(later).unwrap();
        Walk(file.clone(), later)
    }

    fn served(&self) -> bool {
        fs::metadata(&self.0).unwrap().modified().unwrap() == self.1
    }
}

#[test]
fn a_remembered_walk_sees_every_file_added_removed_renamed_or_ignored() {
    let project = TempProject::new("");
    project.write(
        "sops/a.yaml",
        sop_text("CS-1", "", &["do: Hand over\n    call: CS-2"]),
    );
    project.write("sops/.gitignore", "# nothing\n");
    let rules = || -> Vec<&'static str> {
        let report = run(&project.root, &["sops/a.yaml"], TODAY).report;
        report.diagnostics.iter().map(|d| d.rule).collect()
    };
    let unknown = vec!["unknown-sop"];
    assert_eq!(rules(), unknown);
    let walk = Walk::settle(&project);
    assert_eq!(rules(), unknown);
    assert!(walk.served(), "nothing changed");
    // A file added.
    let b = project.write("sops/b.yaml", sop_text("CS-2", "", &["do: Answer"]));
    assert!(rules().is_empty());
    // Renamed to a name that is not an SOP's.
    Walk::settle(&project);
    fs::rename(&b, project.path("sops/b.txt")).unwrap();
    assert_eq!(rules(), unknown);
    // A folder added, with the SOP in it.
    Walk::settle(&project);
    project.write("sops/team/b.yaml", sop_text("CS-2", "", &["do: Answer"]));
    assert!(rules().is_empty());
    // An ignore file edited in place: its folder's stamp does not move.
    Walk::settle(&project);
    let sops = fs::metadata(project.path("sops"))
        .unwrap()
        .modified()
        .unwrap();
    edit_keeping_mtime(&project.path("sops/.gitignore"), "team/\n\n");
    assert_eq!(
        fs::metadata(project.path("sops"))
            .unwrap()
            .modified()
            .unwrap(),
        sops
    );
    assert_eq!(rules(), unknown);
    fs::write(project.path("sops/.gitignore"), "").unwrap();
    assert!(rules().is_empty());
    // An ignore file created above the SOP folder.
    let walk = Walk::settle(&project);
    assert!(rules().is_empty());
    assert!(walk.served());
    project.write(".ignore", "sops/team/\n");
    assert_eq!(rules(), unknown);
    fs::remove_file(project.path(".ignore")).unwrap();
    // A file removed from a folder below the SOP folder.
    assert!(rules().is_empty());
    Walk::settle(&project);
    fs::remove_file(project.path("sops/team/b.yaml")).unwrap();
    assert_eq!(rules(), unknown);
}

#[test]
fn a_walk_that_met_a_link_is_not_remembered() {
    let project = TempProject::new("");
    project.write(
        "sops/a.yaml",
        sop_text("CS-1", "", &["do: Hand over\n    call: CS-2"]),
    );
    let target = project.write("shared/b.yaml", sop_text("CS-2", "", &["do: Answer"]));
    std::os::unix::fs::symlink("../shared/b.yaml", project.path("sops/b.yaml")).unwrap();
    let clean = || {
        let report = run(&project.root, &["sops/a.yaml"], TODAY).report;
        report.diagnostics.is_empty()
    };
    assert!(clean());
    assert!(clean());
    assert!(walks(&project).is_empty());
    // The link's target goes: no folder walked changed.
    fs::remove_file(&target).unwrap();
    assert!(!clean());
}
