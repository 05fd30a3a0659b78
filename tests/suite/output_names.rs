//! File names made from hostile SOP ids, through the CLI: handbook pages and
//! chart files are valid and distinct on Windows, macOS and Linux, links find
//! them, and `graph --out` never writes over a folder it did not write.

use std::collections::HashSet;
use std::path::Path;

use crate::common;

use common::{TempProject, sop_command, sop_yaml};

/// Ids that were unsafe as file names, with the names they get (`None`
/// where the name ends in a hash, checked apart).
fn hostile_ids() -> Vec<(String, Option<&'static str>)> {
    vec![
        ("package".into(), Some("package")),
        ("CON".into(), Some("%43ON")),
        ("nul".into(), Some("%6Eul")),
        ("COM1".into(), Some("%43OM1")),
        ("CS-1".into(), Some("CS-1")),
        ("cs-1".into(), None),
        ("".into(), Some("_")),
        ("..".into(), Some("%2E%2E")),
        ("a/b".into(), Some("a%2Fb")),
        (format!("LONG-{}", "x".repeat(295)), None),
        ("index".into(), None),
    ]
}

/// A project with one SOP per hostile id, in `sops/sop-N.yaml`, titled
/// `Procedure N`. The first calls `CON` and refers to `cs-1`.
fn hostile_project() -> TempProject {
    let project = TempProject::new("");
    project.write("sop.toml", "sops = \"sops\"\n");
    for (number, (id, _)) in hostile_ids().iter().enumerate() {
        let (extra, steps): (&str, &[&str]) = if number == 0 {
            (
                "references:\n  - cs-1\n",
                &["do: Hand the case over.\n    call: CON"],
            )
        } else {
            ("", &["do: Answer the phone."])
        };
        project.write(
            &format!("sops/sop-{number}.yaml"),
            sop_yaml(id, &format!("Procedure {number}"), extra, steps),
        );
    }
    project
}

fn run(project: &TempProject, args: &[&str]) -> std::process::Output {
    let output = sop_command(&project.root, args).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// A link's path, as the browser looks it up: percent-decoded.
fn decode(href: &str) -> String {
    let bytes = href.as_bytes();
    let mut decoded = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).unwrap();
            decoded.push(u8::from_str_radix(hex, 16).unwrap());
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(decoded).unwrap()
}

/// Checks the names of `folder` against `expected` (per id: its name, or
/// `None` for a name that ends in a hash), and returns them in that order.
fn check_names(folder: &Path, extension: &str, expected: &[(String, Option<&str>)]) -> Vec<String> {
    let written: HashSet<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(&format!(".{extension}")))
        .filter(|name| !["index.html", "glossary.html", "print.html"].contains(&name.as_str()))
        .collect();
    assert_eq!(written.len(), expected.len(), "{written:?}");
    let folded: HashSet<String> = written.iter().map(|name| name.to_lowercase()).collect();
    assert_eq!(
        folded.len(),
        written.len(),
        "distinct ignoring case: {written:?}"
    );
    expected
        .iter()
        .map(|(id, name)| {
            let found = match name {
                Some(name) => written.get(&format!("{name}.{extension}")).cloned(),
                // The id's start, `-`, eight hex digits, within 100 bytes.
                None => written
                    .iter()
                    .find(|name| {
                        let stem = name.strip_suffix(&format!(".{extension}")).unwrap();
                        let start: String = id.chars().take(20).collect();
                        stem.starts_with(&start)
                            && stem.len() <= 100
                            && stem.rsplit_once('-').is_some_and(|(_, hash)| {
                                hash.len() == 8 && hash.chars().all(|c| c.is_ascii_hexdigit())
                            })
                    })
                    .cloned(),
            };
            found.unwrap_or_else(|| panic!("no file for {id:?} ({name:?}): {written:?}"))
        })
        .collect()
}

#[test]
fn handbook_pages_of_hostile_ids_are_safe_distinct_and_linked() {
    let project = hostile_project();
    run(&project, &["render", "--out", "book"]);
    let book = project.path("book");
    let pages = check_names(&book, "html", &hostile_ids());
    assert!(pages[5].starts_with("cs-1-"), "{pages:?}");
    assert!(pages[9].starts_with("LONG-xxxx"), "{pages:?}");
    assert!(pages[10].starts_with("index-"), "{pages:?}");

    // Every link of the index opens the page of the SOP it names.
    let index = std::fs::read_to_string(book.join("index.html")).unwrap();
    let index = scraper::Html::parse_document(&index);
    let links = scraper::Selector::parse(".department li a").unwrap();
    let mut linked = HashSet::new();
    for link in index.select(&links) {
        let href = link.value().attr("href").unwrap();
        let page = std::fs::read_to_string(book.join(decode(href))).unwrap();
        let number = pages.iter().position(|name| decode(href) == *name).unwrap();
        assert!(page.contains(&format!("Procedure {number}")), "{href}");
        linked.insert(number);
    }
    assert_eq!(linked.len(), pages.len());

    // A step's call and a reference link to the same names.
    let first = std::fs::read_to_string(book.join(&pages[0])).unwrap();
    let first = scraper::Html::parse_document(&first);
    let href = |selector: &str| {
        let selector = scraper::Selector::parse(selector).unwrap();
        let link = first.select(&selector).next().unwrap();
        decode(link.value().attr("href").unwrap())
    };
    assert_eq!(href(".step-call a"), pages[1]);
    assert_eq!(href(".references a"), pages[5]);
    // So does the call box of the page's flowchart.
    assert_eq!(href("svg a"), pages[1]);

    // And a call box of a chart written by `graph --out` opens its chart.
    run(
        &project,
        &["graph", "sops", "--format", "svg", "--out", "charts"],
    );
    let charts = project.path("charts");
    let chart = std::fs::read_to_string(charts.join(pages[0].replace(".html", ".svg"))).unwrap();
    let chart = roxmltree::Document::parse(&chart).unwrap();
    let call = chart
        .descendants()
        .find(|node| node.has_tag_name("a"))
        .and_then(|node| node.attribute("href"))
        .unwrap();
    assert_eq!(decode(call), pages[1].replace(".html", ".svg"));
    assert!(charts.join(decode(call)).is_file());
}

#[test]
fn charts_of_hostile_ids_get_the_names_of_their_pages() {
    let project = hostile_project();
    run(&project, &["render", "--out", "book"]);
    run(
        &project,
        &["graph", "sops", "--format", "json", "--out", "charts"],
    );
    let pages = check_names(&project.path("book"), "html", &hostile_ids());
    // A chart of an SOP without an id is named after its file; only pages
    // must stay clear of the handbook's index.
    let mut ids = hostile_ids();
    ids[6].1 = Some("sop-6");
    ids[10].1 = Some("index");
    let charts = check_names(&project.path("charts"), "json", &ids);
    for (number, (page, chart)) in pages.iter().zip(&charts).enumerate() {
        let chart_file = project.path("charts").join(chart);
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(chart_file).unwrap()).unwrap();
        assert_eq!(json["sop"], ids[number].0.as_str(), "{chart}");
        if ![6, 10].contains(&number) {
            assert_eq!(
                page.strip_suffix(".html"),
                chart.strip_suffix(".json"),
                "one function names both"
            );
        }
    }
}

#[test]
fn graph_never_writes_over_a_folder_it_did_not_write() {
    let project = TempProject::new("");
    let manifest = "{\"name\": \"app\", \"private\": true}\n";
    project.write("package.json", manifest);
    project.write(
        "sops/package.yaml",
        sop_yaml("package", "Packing", "", &["do: Pack the box."]),
    );
    let refused = sop_command(
        &project.root,
        &["graph", "sops", "--out", ".", "--format", "json"],
    )
    .output()
    .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("was not written by `sop graph` (no .sop-charts file in it)"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(project.path("package.json")).unwrap(),
        manifest
    );
    assert_eq!(project.names("."), ["package.json", "sop.toml", "sops"]);
    let name = project.root.file_name().unwrap().to_string_lossy();
    let beside = project.root.parent().unwrap();
    assert!(!beside.join(format!(".{name}.lock")).exists());

    // A folder of its own it writes, and replaces on the next run.
    for _ in 0..2 {
        run(
            &project,
            &["graph", "sops", "--out", "charts", "--format", "json"],
        );
        assert_eq!(project.names("charts"), [".sop-charts", "package.json"]);
    }
}
