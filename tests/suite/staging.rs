//! How `render --out` and `graph --out` put a folder in place, through the
//! CLI: leftovers of killed runs are removed, runs at once into one folder
//! all succeed, a symbolic link stays a link, nothing is staged inside the
//! folder published. Unix only: the lock that keeps runs apart is `flock`.
#![cfg(unix)]

use std::path::Path;
use std::process::{Output, Stdio};

use crate::common;

use common::{TempProject, contents, sop_command, sop_yaml};

/// A project of two SOPs, one calling the other.
fn project() -> TempProject {
    let project = TempProject::new("");
    project.write("sop.toml", "sops = \"sops\"\n");
    project.write(
        "sops/CS-1.yaml",
        sop_yaml(
            "CS-1",
            "Taking a call",
            "",
            &["do: Answer the phone.\n    call: CS-2"],
        ),
    );
    project.write(
        "sops/CS-2.yaml",
        sop_yaml("CS-2", "Handing over", "", &["do: Hand the case over."]),
    );
    project
}

fn succeeded(output: &Output) {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn leftovers_of_killed_runs_are_removed_by_the_next() {
    let project = project();
    for leftover in [".hb.tmp-999999", ".hb.old-999999"] {
        project.write(&format!("{leftover}/index.html"), "half a handbook");
    }
    project.write(".hb.lock", "");
    // Not leftovers of `hb`: another folder's, and not a PID.
    project.write(".other.tmp-999999/index.html", "");
    project.write(".hb.tmp-x/index.html", "");
    succeeded(
        &sop_command(&project.root, &["render", "--out", "hb"])
            .output()
            .unwrap(),
    );
    assert_eq!(
        project.names("."),
        [".hb.tmp-x", ".other.tmp-999999", "hb", "sop.toml", "sops"]
    );
    assert!(project.path("hb/index.html").is_file());

    // A chart folder too, with the PID of a run that has ended.
    let ended = sop_command(&project.root, &["--version"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let pid = ended.id();
    ended.wait_with_output().unwrap();
    project.write(&format!(".charts.tmp-{pid}/CS-1.svg"), "half a chart");
    let graph = sop_command(&project.root, &["graph", "sops", "--out", "charts"]).output();
    succeeded(&graph.unwrap());
    assert!(!project.path(&format!(".charts.tmp-{pid}")).exists());
    assert_eq!(
        project.names("charts"),
        [".sop-charts", "CS-1.svg", "CS-2.svg"]
    );
}

#[test]
fn renders_at_once_into_one_folder_all_succeed() {
    let project = project();
    succeeded(
        &sop_command(&project.root, &["render", "--out", "alone"])
            .output()
            .unwrap(),
    );
    let expected = contents(&project.path("alone"));
    assert!(expected.contains_key("CS-1.html") && expected.contains_key(".sop-handbook"));
    // Rounds give a race many chances to show; a pass takes no timing.
    for runs in [2, 2, 2, 3, 3, 3, 3, 3, 3, 3] {
        let children: Vec<_> = (0..runs)
            .map(|_| {
                sop_command(&project.root, &["render", "--out", "hb"])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            succeeded(&child.wait_with_output().unwrap());
        }
        assert_eq!(
            contents(&project.path("hb")),
            expected,
            "one whole handbook"
        );
        assert_eq!(project.names("."), ["alone", "hb", "sop.toml", "sops"]);
    }
}

#[test]
fn a_linked_out_stays_a_link_to_the_same_folder() {
    use std::os::unix::fs::symlink;
    let project = project();
    std::fs::create_dir(project.path("store")).unwrap();
    symlink("store/book", project.path("hb")).unwrap();
    for _ in 0..2 {
        succeeded(
            &sop_command(&project.root, &["render", "--out", "hb"])
                .output()
                .unwrap(),
        );
        assert_eq!(
            std::fs::read_link(project.path("hb")).unwrap(),
            Path::new("store/book")
        );
        assert!(project.path("store/book/CS-1.html").is_file());
        assert_eq!(project.names("store"), ["book"]);
        assert_eq!(project.names("."), ["hb", "sop.toml", "sops", "store"]);
    }

    // A link to a folder `sop` did not write: refused, both left alone.
    project.write("docs/precious.txt", "keep");
    symlink("docs", project.path("linked-docs")).unwrap();
    let refused = sop_command(&project.root, &["render", "--out", "linked-docs"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(project.names("docs"), ["precious.txt"]);
    assert_eq!(
        std::fs::read_link(project.path("linked-docs")).unwrap(),
        Path::new("docs")
    );
}

#[test]
fn out_dot_is_published_from_beside_it_never_staged_inside() {
    let project = project();
    std::fs::create_dir(project.path("site")).unwrap();
    let sops = project.path("sops");
    let sops = sops.to_str().unwrap();
    for _ in 0..2 {
        let render = sop_command(&project.path("site"), &["render", sops, "--out", "."]).output();
        succeeded(&render.unwrap());
        let site = project.names("site");
        assert!(site.contains(&"CS-1.html".to_string()), "{site:?}");
        let hidden: Vec<&String> = site.iter().filter(|name| name.starts_with('.')).collect();
        assert_eq!(hidden, [".sop-handbook"]);
        assert_eq!(project.names("."), ["site", "sop.toml", "sops"]);
    }
}
