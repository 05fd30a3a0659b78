//! A handbook past `VOLUME_SOPS` (100) SOPs: printed in volumes of at most
//! that many SOPs of one department, its search index in parts, no page
//! growing with the handbook, every link resolving, the same bytes on
//! every run.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::common;

use crate::gen_corpus::corpus;

use common::{TempProject, contents, select, sop, sop_yaml};
use scraper::Html;
use sop::handbook::VOLUME_SOPS;

/// Generated SOPs in several departments, and one department past a
/// volume: "Customer Service" gets 130 more.
const GENERATED: usize = 250;
const EXTRA: usize = 130;
/// What each of the extra SOPs defines, in the same words.
const EXTRA_TERM: &str =
    "terms:\n  EPX: Extra procedure exchange, the hand-over between two desks\n";

fn project() -> TempProject {
    let project = TempProject::new("");
    corpus::write(&project.root, GENERATED, 11).unwrap();
    for n in 0..EXTRA {
        let id = format!("CS-X{n:03}");
        project.write(
            &format!("sops/extra/{id}.yaml"),
            sop_yaml(
                &id,
                &format!("Extra procedure {n}"),
                EXTRA_TERM,
                &["do: Answer the phone and start the EPX."],
            ),
        );
    }
    project
}

fn render(project: &TempProject, out: &str) -> BTreeMap<String, Vec<u8>> {
    let output = sop(
        &project.root,
        &["render", "--out", out, "--today", "2026-11-22"],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    contents(&project.path(out))
}

/// The JSON inside `window.NAME = JSON;` or `window.NAME(JSON);`.
fn script_json(script: &[u8], name: &str) -> serde_json::Value {
    let text = std::str::from_utf8(script).unwrap();
    let json = text
        .strip_prefix(&format!("window.{name}"))
        .unwrap_or_else(|| panic!("{name}: {}", &text[..text.len().min(80)]))
        .trim_start_matches([' ', '=', '('])
        .trim_end()
        .trim_end_matches([';', ')']);
    serde_json::from_str(json).unwrap()
}

#[test]
fn a_large_handbook_prints_in_volumes_and_every_page_stays_small() {
    let project = project();
    let files = render(&project, "hb");
    assert_eq!(
        files,
        render(&project, "again"),
        "the same bytes on every run"
    );
    let pages: HashMap<&str, Html> = files
        .iter()
        .filter(|(name, _)| name.ends_with(".html"))
        .map(|(name, bytes)| {
            let html = Html::parse_document(std::str::from_utf8(bytes).unwrap());
            (name.as_str(), html)
        })
        .collect();
    let sop_pages: BTreeSet<&str> = pages
        .iter()
        .filter(|(_, page)| !select(page, "body.page-sop").is_empty())
        .map(|(&name, _)| name)
        .collect();
    assert_eq!(sop_pages.len(), GENERATED + EXTRA);

    // Every SOP in exactly one volume; a volume is at most VOLUME_SOPS SOPs
    // of one department, and print.html links every volume.
    let volumes: BTreeSet<&str> = pages
        .keys()
        .copied()
        .filter(|name| name.starts_with("print-"))
        .collect();
    let listed: BTreeSet<&str> = select(&pages["print.html"], ".print-contents a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .filter(|href| href.starts_with("print-"))
        .collect();
    assert_eq!(listed, volumes);
    let mut printed: BTreeMap<String, usize> = BTreeMap::new();
    let mut split_department = false;
    for volume in &volumes {
        let page = &pages[volume];
        let ids: Vec<String> = select(page, "article.sop .sop-header .sop-id")
            .iter()
            .map(common::text)
            .collect();
        assert!(
            (1..=VOLUME_SOPS).contains(&ids.len()),
            "{volume}: {}",
            ids.len()
        );
        let departments: BTreeSet<String> = select(page, "article.sop .sop-department")
            .iter()
            .map(common::text)
            .collect();
        assert_eq!(departments.len(), 1, "{volume}: {departments:?}");
        split_department |= volume.ends_with("-2.html");
        for id in ids {
            *printed.entry(id).or_default() += 1;
        }
    }
    assert!(split_department, "one department takes two volumes");
    assert_eq!(printed.len(), GENERATED + EXTRA);
    assert!(printed.values().all(|&count| count == 1), "{printed:?}");

    // The search index names its parts, which cover every SOP once.
    let parts = script_json(&files["search-index.js"], "SOP_SEARCH_PARTS");
    let mut found: Vec<String> = Vec::new();
    for part in parts.as_array().unwrap() {
        let entries = script_json(&files[part.as_str().unwrap()], "SOP_SEARCH_ADD");
        for entry in entries.as_array().unwrap() {
            found.push(entry["href"].as_str().unwrap().to_string());
        }
    }
    found.sort();
    let expected: Vec<String> = sop_pages.iter().map(|name| name.to_string()).collect();
    assert_eq!(found, expected);

    // No page grows with the handbook: the largest is a volume's worth of
    // SOP pages; the index has no process map.
    let largest_sop_page = sop_pages
        .iter()
        .map(|name| files[*name].len())
        .max()
        .unwrap();
    for (name, bytes) in &files {
        assert!(
            bytes.len() <= VOLUME_SOPS * largest_sop_page,
            "{name}: {} bytes",
            bytes.len()
        );
    }
    assert!(select(&pages["index.html"], ".process-map").is_empty());
    assert_eq!(select(&pages["index.html"], ".map-note").len(), 1);

    // The index has a line per volume, not per SOP: it links each volume's
    // contents page, which lists that volume's SOPs, each SOP on one.
    let index_links: BTreeSet<&str> = select(&pages["index.html"], "main a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .filter(|href| !href.starts_with('#'))
        .collect();
    let contents: BTreeSet<&str> = pages
        .keys()
        .copied()
        .filter(|name| name.starts_with("contents-"))
        .collect();
    assert_eq!(contents.len(), volumes.len());
    let mut expected_links = contents.clone();
    expected_links.insert("glossary.html");
    assert_eq!(index_links, expected_links);
    let mut listed: BTreeMap<&str, usize> = BTreeMap::new();
    for name in &contents {
        let page = &pages[name];
        let print = select(page, ".lead a")
            .iter()
            .filter_map(|a| a.value().attr("href"))
            .find(|href| href.starts_with("print-"))
            .unwrap();
        let in_print: Vec<String> = select(&pages[print], "article.sop .sop-header .sop-id")
            .iter()
            .map(common::text)
            .collect();
        let in_contents: Vec<String> = select(page, ".sop-list .sop-id")
            .iter()
            .map(common::text)
            .collect();
        assert_eq!(in_contents, in_print, "{name} lists the SOPs of {print}");
        for a in select(page, ".sop-list a") {
            *listed.entry(a.value().attr("href").unwrap()).or_default() += 1;
        }
    }
    assert_eq!(listed.keys().copied().collect::<BTreeSet<_>>(), sop_pages);
    assert!(listed.values().all(|&count| count == 1), "{listed:?}");

    // The glossary gives each definition once, with at most VOLUME_SOPS of
    // the SOPs that give it.
    for entry in select(&pages["glossary.html"], ".glossary-entry") {
        let definitions: Vec<String> = entry
            .select(&scraper::Selector::parse("dd:not(.used-by)").unwrap())
            .map(|dd| dd.text().next().unwrap_or_default().to_string())
            .collect();
        let distinct: BTreeSet<&String> = definitions.iter().collect();
        assert_eq!(distinct.len(), definitions.len(), "{definitions:?}");
        for source in entry.select(&scraper::Selector::parse(".source").unwrap()) {
            let ids = common::text(&source).matches(", ").count() + 1;
            assert!(ids <= VOLUME_SOPS, "{ids} SOPs listed");
        }
    }
    let extra: Vec<String> = select(&pages["glossary.html"], "#term-epx dd:not(.used-by)")
        .iter()
        .map(common::text)
        .collect();
    assert_eq!(extra.len(), 1, "{extra:?}");
    assert!(
        extra[0].ends_with(&format!(" and {} more SOPs)", EXTRA - VOLUME_SOPS)),
        "{extra:?}"
    );

    // Every link resolves, to a file and to an anchor in it.
    let ids: HashMap<&str, BTreeSet<&str>> = pages
        .iter()
        .map(|(&name, page)| {
            let ids = select(page, "[id]")
                .iter()
                .filter_map(|element| element.value().attr("id"))
                .collect();
            (name, ids)
        })
        .collect();
    for (&name, page) in &pages {
        for element in select(page, "[href], [src]") {
            let value = element.value();
            let link = value.attr("href").or_else(|| value.attr("src")).unwrap();
            if link.starts_with("https://") || link.starts_with("http://") {
                continue;
            }
            let (file, anchor) = link.split_once('#').unwrap_or((link, ""));
            let file = if file.is_empty() { name } else { file };
            assert!(files.contains_key(file), "{name}: {link}");
            if !anchor.is_empty() {
                assert!(ids[file].contains(anchor), "{name}: {link}");
            }
        }
    }
}

/// The pages only a large handbook has, and those it makes differently
/// (the index, the glossary, the print page of volumes), pass the Nu HTML
/// checker.
#[test]
fn the_nu_html_checker_accepts_the_pages_of_a_large_handbook() {
    if !common::nu_checker_available() {
        return;
    }
    let project = project();
    let files = render(&project, "hb");
    let checked = project.path("checked");
    std::fs::create_dir_all(&checked).unwrap();
    let mut pages = 0;
    for (name, bytes) in &files {
        let own = ["index.html", "glossary.html", "print.html"].contains(&name.as_str());
        let first_of_kind =
            name == "contents-customer-service-1.html" || name == "print-customer-service-1.html";
        if own || first_of_kind {
            std::fs::write(checked.join(name), bytes).unwrap();
            pages += 1;
        }
    }
    assert_eq!(pages, 5, "{:?}", files.keys().collect::<Vec<_>>());
    let output = common::nu_check(&checked);
    let listed = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| line.ends_with(".html"))
        .count();
    assert_eq!(listed, pages, "{}", String::from_utf8_lossy(&output.stdout));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The Markdown handbook is one page: a term's line in its glossary (the
/// one that also says where the term is used) lists every SOP that gives
/// the definition, past the HTML glossary's VOLUME_SOPS.
#[test]
fn the_markdown_glossary_of_a_large_handbook_lists_every_sop_of_a_definition() {
    let project = project();
    let output = sop(
        &project.root,
        &[
            "render",
            "--format",
            "markdown",
            "--out",
            "md",
            "--today",
            "2026-11-22",
        ],
    );
    assert!(output.status.success(), "{}", common::stderr(&output));
    let markdown = std::fs::read_to_string(project.path("md/handbook.md")).unwrap();
    let line = markdown
        .lines()
        .find(|line| line.starts_with("- **EPX:**") && line.contains(" — used in "))
        .unwrap();
    for n in 0..EXTRA {
        assert!(line.contains(&format!("CS-X{n:03}")), "CS-X{n:03}: {line}");
    }
    assert!(!line.contains("more SOPs"), "{line}");
}
