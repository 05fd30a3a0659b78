//! `sop render`: content of the pages, filters, templates, safety with
//! hostile SOP text, and real consumers (the Nu HTML checker, markdownlint,
//! headless Chromium) accepting the output.
//!
//! Tests that need Java + `tests/web/node_modules`, Node, or Chromium run
//! when those are installed, and must run when `SOP_REQUIRE_TOOLS=1`
//! (set by `.ci/run`, which installs them).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common;
use common::{npm_installed, select, text, tool_available};

use scraper::{Html, Selector};
use sop::handbook::{self, Filters, Format, Settings, templates::Templates};

fn settings(format: Format, filters: Filters) -> Settings {
    Settings {
        format,
        filters,
        title: "Harbor Lane handbook".to_string(),
        generated: "2026-11-22".to_string(),
    }
}

/// The rendered files of a handbook, by name.
fn render(
    paths: &[&str],
    format: Format,
    filters: Filters,
    templates: Option<&Path>,
) -> HashMap<String, String> {
    let templates = Templates::load(
        templates
            .map(|folder| common::repo().join(folder))
            .as_deref(),
    )
    .unwrap();
    let project = common::load(paths);
    let documents = project.read_all(|document| document);
    let rendered =
        handbook::render(&project, &documents, &settings(format, filters), &templates).unwrap();
    common::text_files(rendered).into_iter().collect()
}

fn samples_html() -> HashMap<String, String> {
    render(&["sops"], Format::Html, Filters::default(), None)
}

/// The handbook of the hostile SOPs' role, so that it has a sign-off sheet
/// (the role is hostile too).
fn hostile_role() -> Filters {
    Filters {
        role: Some("<b onmouseover=alert(1)>rep</b>".into()),
        ..Filters::default()
    }
}

/// The handbook of role `rep` of the samples, with its sign-off sheet.
fn rep_role() -> Filters {
    Filters {
        role: Some("rep".into()),
        ..Filters::default()
    }
}

#[test]
fn markdown_handbook_snapshot() {
    let files = render(&["sops"], Format::Markdown, Filters::default(), None);
    assert_eq!(files.len(), 1);
    insta::assert_snapshot!("handbook.md", files["handbook.md"]);
}

#[test]
fn markdown_flowcharts_link_to_no_file_the_handbook_lacks() {
    let files = render(&["sops"], Format::Markdown, Filters::default(), None);
    let markdown = &files["handbook.md"];
    assert!(markdown.contains("```mermaid"));
    // The Markdown handbook is one file: a Mermaid `click` to `CS-020.svg`
    // would lead nowhere.
    let clicks: Vec<&str> = markdown
        .lines()
        .filter(|line| line.trim_start().starts_with("click "))
        .collect();
    assert!(clicks.is_empty(), "{clicks:?}");
}

#[test]
fn html_page_snapshot() {
    insta::assert_snapshot!("CS-030.html", samples_html()["CS-030.html"]);
}

#[test]
fn the_site_has_an_index_a_page_per_sop_and_a_glossary() {
    let files = samples_html();
    for name in [
        "index.html",
        "glossary.html",
        "print.html",
        "style.css",
        "favicon.svg",
        "search.js",
        "search-index.js",
        "CS-010.html",
        "HR-010.html",
    ] {
        assert!(files.contains_key(name), "{name} missing");
    }
    let index = Html::parse_document(&files["index.html"]);
    // Without JavaScript the search form stays hidden and every link works.
    assert_eq!(select(&index, "form.search[hidden]").len(), 1);
    assert!(
        files["style.css"].contains("@media print")
            && files["style.css"].contains("break-before: page")
    );
    let departments: Vec<String> = select(&index, "section.department h2")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        departments,
        [
            "Branch Banking",
            "Customer Service",
            "Operations",
            "People & Training"
        ]
    );
    let links = select(&index, ".sop-list a");
    assert_eq!(
        links.len(),
        files
            .keys()
            .filter(|name| name.contains('-') && name.ends_with(".html"))
            .count()
    );
    for link in links {
        assert!(files.contains_key(link.value().attr("href").unwrap()));
    }
}

/// What Lighthouse's SEO and best-practice audits look for on every page
/// (tests/suite/handbook_lighthouse.rs runs them): a description of its own and
/// an icon, so that no browser asks for a missing `favicon.ico`.
#[test]
fn every_page_has_a_description_and_an_icon() {
    let files = render(&["sops"], Format::Html, rep_role(), None);
    let mut descriptions = Vec::new();
    for (name, content) in files.iter().filter(|(name, _)| name.ends_with(".html")) {
        let page = Html::parse_document(content);
        let description = select(&page, "meta[name=description]");
        assert_eq!(description.len(), 1, "{name}");
        let description = description[0].value().attr("content").unwrap();
        assert!(description.len() > 40, "{name}: {description}");
        descriptions.push(description.to_string());
        let icon = select(&page, "link[rel=icon]");
        assert_eq!(icon.len(), 1, "{name}");
        assert!(files.contains_key(icon[0].value().attr("href").unwrap()));
    }
    let count = descriptions.len();
    descriptions.sort();
    descriptions.dedup();
    assert_eq!(descriptions.len(), count, "each page describes itself");
}

#[test]
fn an_sop_page_shows_everything_a_reader_needs() {
    let files = samples_html();
    let page = Html::parse_document(&files["CS-010.html"]);
    assert_eq!(
        text(&select(&page, ".sop-department")[0]),
        "Department Customer Service"
    );
    // The control block: every field, in one place near the top.
    let meta: Vec<String> = select(&page, ".sop-control .sop-meta div")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        meta[..7],
        [
            "Status approved",
            "Version 4.0",
            "Owner Customer Service Manager",
            "Approved by Priya Natarajan, Head of Customer Service",
            "Approved on 2026-01-05",
            "Effective 2026-01-12",
            "Next review 2028-01-11",
        ]
    );
    // The fingerprint of the text shown, which is the one approved.
    let sample = common::load(&["sops/customer-service/CS-010-complaint-handling.yaml"]);
    let fingerprint = sample.read_all(|document| match document.content {
        sop::project::Content::Parsed(parsed) => sop::control::Fingerprint::of(&parsed.root),
        sop::project::Content::Failed(_) => panic!("CS-010 does not parse"),
    });
    assert!(
        meta[7].starts_with(&format!("Fingerprint {}", fingerprint[0].short())),
        "{meta:?}"
    );
    // Decisions link to step anchors that exist on the page.
    let ids: Vec<&str> = select(&page, "[id]")
        .iter()
        .map(|e| e.value().attr("id").unwrap())
        .collect();
    let branches: Vec<String> = select(&page, ".step-branches li")
        .iter()
        .map(|li| li.text().collect::<String>())
        .collect();
    assert!(
        branches.contains(&"If yes, go to step 6.".to_string()),
        "{branches:?}"
    );
    for link in select(&page, ".steps a[href^='#']") {
        let target = &link.value().attr("href").unwrap()[1..];
        assert!(ids.contains(&target), "broken step link #{target}");
    }
    // Details are sub-bullets; a call links to the called SOP's page.
    assert!(!select(&page, ".step-details li").is_empty());
    let call = select(&page, ".step-call a")[0];
    assert_eq!(call.value().attr("href"), Some("CS-020.html"));
    // The flowchart is inline SVG; metrics are a table with targets.
    assert_eq!(select(&page, ".flowchart svg").len(), 1);
    let targets: Vec<String> = select(&page, "table.metrics td.target")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        targets,
        ["90%", "less than 10%", "within 24 hours", "4.5/5"]
    );
    assert!(!select(&page, "table.revisions tbody tr").is_empty());
    let references: Vec<&str> = select(&page, ".references a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(references.contains(&"CS-020.html"));
    assert!(references.iter().any(|href| href.starts_with("https://")));
    // Every printed page names the SOP and says it is uncontrolled.
    let style = text(&select(&page, "head style")[0]);
    assert!(
        style.contains("CS-010")
            && style.contains("version 4.0")
            && style.contains("Uncontrolled when printed")
    );
}

#[test]
fn every_sop_and_step_has_a_stable_anchor() {
    let files = samples_html();
    let page = Html::parse_document(&files["CS-010.html"]);
    let steps: Vec<&str> = select(&page, "li.step")
        .iter()
        .map(|e| e.value().attr("id").unwrap())
        .collect();
    assert_eq!(steps[0], "step-acknowledge", "named by step id");
    let print = Html::parse_document(&files["print.html"]);
    let mut ids: Vec<&str> = select(&print, "[id]")
        .iter()
        .map(|e| e.value().attr("id").unwrap())
        .collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "ids on the print page are unique");
}

#[test]
fn the_glossary_gathers_every_term_with_the_sops_that_use_it() {
    let files = samples_html();
    let glossary = Html::parse_document(&files["glossary.html"]);
    let entry = select(&glossary, "#term-fcr")[0];
    let used_by: Vec<String> = entry
        .select(&Selector::parse(".used-by a").unwrap())
        .map(|a| text(&a))
        .collect();
    assert!(used_by.contains(&"CS-001".to_string()), "{used_by:?}");
    let terms: Vec<String> = select(&glossary, ".glossary dt").iter().map(text).collect();
    assert!(terms.contains(&"CSAT".to_string()), "glossary.yaml terms");
    assert!(terms.contains(&"Redress".to_string()), "SOP terms");
}

/// A definition given again in the same words (line breaks and spacing
/// aside) is shown once: with the SOPs that give it, or without them when
/// a glossary file gives it too.
#[test]
fn a_definition_given_again_in_the_same_words_is_shown_once() {
    let project = common::TempProject::new("");
    project.write("sops/glossary.yaml", "KYC: Know your customer\n");
    let terms = [
        ("CS-1", "KYC: Know   your customer\n  XYZ: Same words"),
        ("CS-2", "XYZ: >-\n    Same\n    words"),
        ("CS-3", "XYZ: Other words"),
        ("CS-4", "XYZ: Same words"),
    ];
    for (id, terms) in terms {
        project.write(
            &format!("sops/{id}.yaml"),
            common::sop_yaml(
                id,
                "Checking an identity",
                &format!("terms:\n  {terms}\n"),
                &["do: Check the KYC and XYZ records."],
            ),
        );
    }
    let output = common::sop(
        &project.root,
        &["render", "--out", "hb", "--today", "2026-11-22"],
    );
    assert!(output.status.success(), "{}", common::stderr(&output));
    let glossary =
        Html::parse_document(&std::fs::read_to_string(project.path("hb/glossary.html")).unwrap());
    let definitions = |anchor: &str| -> Vec<String> {
        select(&glossary, &format!("#{anchor} dd:not(.used-by)"))
            .iter()
            .map(text)
            .collect()
    };
    assert_eq!(definitions("term-kyc"), ["Know your customer"]);
    assert_eq!(
        definitions("term-xyz"),
        ["Same words (CS-1, CS-2, CS-4)", "Other words (CS-3)"]
    );

    let output = common::sop(
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
    assert!(
        markdown.contains("- **KYC:** Know your customer — used in"),
        "{markdown}"
    );
    assert!(
        markdown.contains("- **XYZ:** Same words (CS-1, CS-2, CS-4); Other words (CS-3) — used in"),
        "{markdown}"
    );
}

#[test]
fn filters_pick_the_sops_of_one_job() {
    let ids = |files: &HashMap<String, String>| {
        let index = Html::parse_document(&files["index.html"]);
        select(&index, ".sop-list .sop-id")
            .iter()
            .map(text)
            .collect::<Vec<_>>()
    };
    let role = Filters {
        role: Some("team-leader".into()),
        ..Filters::default()
    };
    let files = render(&["sops"], Format::Html, role, None);
    let with_role = ids(&files);
    assert!(!with_role.is_empty());
    for id in &with_role {
        let page = &files[&format!("{id}.html")];
        assert!(
            page.contains(">team-leader</abbr>"),
            "{id} has no team-leader step"
        );
    }
    assert!(!with_role.contains(&"BR-020".to_string()));

    let department = Filters {
        department: Some("operations".into()),
        ..Filters::default()
    };
    assert!(
        ids(&render(&["sops"], Format::Html, department, None))
            .iter()
            .all(|id| id.starts_with("OP-"))
    );
    let status = Filters {
        status: Some("draft".into()),
        ..Filters::default()
    };
    assert_eq!(
        ids(&render(&["sops"], Format::Html, status, None)),
        ["HR-010"]
    );
}

#[test]
fn templates_are_overridden_file_by_file() {
    let files = render(
        &["sops"],
        Format::Html,
        Filters::default(),
        Some(Path::new("tests/handbook/override")),
    );
    assert!(files["index.html"].contains("<h1>Custom index for Harbor Lane handbook</h1>"));
    assert!(
        files["index.html"].contains("class=\"site-header\""),
        "the built-in base.html still applies"
    );
    assert!(
        files["CS-010.html"].contains("class=\"steps\""),
        "other pages keep the built-in templates"
    );
}

#[test]
fn a_broken_template_is_a_clear_error() {
    let folder = std::env::temp_dir().join(format!("sop-broken-template-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("index.html"),
        "{% extends \"base.html\" %}\n{% block main %}{{ oops( }}{% endblock main %}",
    )
    .unwrap();
    let error = Templates::load(Some(&folder)).err().unwrap().to_string();
    std::fs::remove_dir_all(&folder).unwrap();
    assert!(error.contains("index.html"), "{error}");
}

/// Every rendered page of the hostile SOP, parsed as a browser would: no
/// script but ours, no event handler, no `javascript:` or `data:` URL, no
/// frame, no style from the SOP; template syntax stays literal.
#[test]
fn hostile_sop_text_stays_text() {
    let files = render(
        &["tests/handbook/hostile"],
        Format::Html,
        hostile_role(),
        None,
    );
    assert!(files.contains_key("sign-off.html"));
    for (name, content) in files.iter().filter(|(name, _)| name.ends_with(".html")) {
        let page = Html::parse_document(content);
        for element in select(&page, "*") {
            let tag = element.value().name();
            assert!(
                !["iframe", "object", "embed", "frame", "base", "form"].contains(&tag)
                    || (tag == "form" && element.value().attr("class") == Some("search")),
                "{name}: <{tag}>"
            );
            if tag == "script" {
                let src = element.value().attr("src");
                assert!(
                    matches!(src, Some("search.js" | "search-index.js")),
                    "{name}: injected script"
                );
            }
            if tag == "style" {
                // SOP text may only stand inside CSS strings: outside them,
                // no rule of the attacker's.
                let css = text(&element);
                let outside_strings: String = css.split('"').step_by(2).collect();
                assert!(
                    !outside_strings.contains("display"),
                    "{name}: injected style: {css}"
                );
            }
            for (attribute, value) in element.value().attrs() {
                assert!(!attribute.starts_with("on"), "{name}: <{tag} {attribute}>");
                let value = value.trim().to_ascii_lowercase().replace(['\t', '\n'], "");
                if ["href", "src", "action", "xlink:href"].contains(&attribute) {
                    assert!(
                        !value.starts_with("javascript:") && !value.starts_with("data:"),
                        "{name}: {attribute}={value}"
                    );
                }
                assert!(
                    attribute != "style" || !value.contains("javascript"),
                    "{name}: style attribute"
                );
            }
        }
    }
    let page = Html::parse_document(&files["XSS-1.html"]);
    let title = text(&select(&page, "h1")[0]);
    assert!(
        title.contains("{{ 7*7 }}") && title.contains("{% raw %}"),
        "template syntax stays literal: {title}"
    );
    let sections: String = select(&page, ".sop-section").iter().map(text).collect();
    assert!(
        !sections.contains("49") && !sections.contains(">tera<"),
        "no template was evaluated"
    );
    // An approval record is text in the control block, the statement and
    // the notice alike.
    let approved = Html::parse_document(&files["XSS-2.html"]);
    let approver = "<script>document.body.dataset.xss='approver'</script> {{ 7*7 }}";
    for selector in [".sop-control dd", ".control-statement", ".notice"] {
        let shown: String = select(&approved, selector).iter().map(text).collect();
        assert!(shown.contains(approver), "{selector}: {shown}");
    }
    // So is the revision in "What changed".
    let changed: String = select(&approved, ".what-changed")
        .iter()
        .map(text)
        .collect();
    assert!(
        changed.contains("onerror=\"document.body.dataset.xss='summary2'\"")
            && changed.contains("{{ 7*7 }}"),
        "{changed}"
    );
    let markdown = &render(
        &["tests/handbook/hostile"],
        Format::Markdown,
        hostile_role(),
        None,
    )["handbook.md"];
    assert!(markdown.contains("\n## Sign-off sheet\n"));
    assert!(
        !markdown.contains("<script") && !markdown.contains("<img"),
        "no raw HTML in Markdown"
    );
}

/// Writes a handbook to a fresh folder and returns it.
fn write(files: &HashMap<String, String>, name: &str) -> PathBuf {
    let out = std::env::temp_dir().join(format!("sop-handbook-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    for (file, content) in files {
        std::fs::write(out.join(file), content).unwrap();
    }
    out
}

#[test]
fn the_nu_html_checker_accepts_every_page() {
    if !common::nu_checker_available() {
        return;
    }
    for (name, files) in [
        ("samples", samples_html()),
        (
            "samples-rep",
            render(&["sops"], Format::Html, rep_role(), None),
        ),
        (
            "hostile",
            render(
                &["tests/handbook/hostile"],
                Format::Html,
                hostile_role(),
                None,
            ),
        ),
    ] {
        let out = write(&files, name);
        let pages = files.keys().filter(|file| file.ends_with(".html")).count();
        let output = common::nu_check(&out);
        std::fs::remove_dir_all(&out).unwrap();
        let report = String::from_utf8_lossy(&output.stderr);
        let checked = String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter(|line| line.ends_with(".html"))
            .count();
        assert_eq!(
            checked,
            pages,
            "vnu checked every page: {}",
            String::from_utf8_lossy(&output.stdout)
        );
        assert!(output.status.success(), "{name}: {report}");
    }
}

#[test]
fn markdownlint_accepts_the_markdown_handbook() {
    if !tool_available("Node.js", Command::new("node").arg("--version"))
        || !npm_installed("tests/web", "vnu-jar")
    {
        return;
    }
    // Empty table cells (a metric without a description, a revision with
    // only a version): MD060 accepts `| |`, not `|  |`.
    let sparse = common::TempProject::new("");
    sparse.write(
        "SPARSE-1.yaml",
        common::sop_text(
            "SPARSE-1",
            "metrics:\n  - name: Calls answered\nrevisions:\n  - version: \"1.0\"\n",
            &["do: Answer the call."],
        ),
    );
    let sparse_path = sparse.root.display().to_string();
    for (name, paths, filters) in [
        ("samples", ["sops"], Filters::default()),
        ("samples-rep", ["sops"], rep_role()),
        ("hostile", ["tests/handbook/hostile"], hostile_role()),
        ("sparse", [sparse_path.as_str()], Filters::default()),
    ] {
        let files = render(&paths, Format::Markdown, filters, None);
        if name == "sparse" {
            assert!(files["handbook.md"].contains("| 1.0 | | | |"));
        }
        let out = write(&files, &format!("md-{name}"));
        let output = Command::new("node")
            .current_dir(common::repo())
            .args([
                "tests/web/node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs",
                "--config",
                "tests/web/.markdownlint-cli2.jsonc",
            ])
            .arg(format!(":{}", out.join("handbook.md").display()))
            .output()
            .unwrap();
        std::fs::remove_dir_all(&out).unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.contains("Linting: 1 file"), "{stdout}");
        assert!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// Headless Chromium loads every page of the hostile handbook: none of the
/// injected payloads (which would set `data-xss` on the body) ran, while our
/// own search script did run (it shows the search form).
#[test]
fn no_injected_script_runs_in_a_browser() {
    let Some(chromium) = common::browser::chromium() else {
        return;
    };
    let files = render(
        &["tests/handbook/hostile"],
        Format::Html,
        hostile_role(),
        None,
    );
    let out = write(&files, "chromium");
    let profile = out.join(".profile");
    for page in [
        "XSS-1.html",
        "XSS-2.html",
        "index.html",
        "glossary.html",
        "print.html",
        "sign-off.html",
    ] {
        let url = format!(
            "file://{}",
            out.join(page).canonicalize().unwrap().display()
        );
        let output = Command::new("timeout")
            .args(["-k", "5", "60"])
            .arg(&chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
            ])
            .args([
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(["--virtual-time-budget=2000", "--dump-dom", &url])
            .output()
            .unwrap();
        let dom = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && dom.contains("</body>"),
            "{page}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let document = Html::parse_document(&dom);
        let body = select(&document, "body")[0];
        assert_eq!(
            body.value().attr("data-xss"),
            None,
            "{page}: an injected script ran"
        );
        if page != "print.html" {
            let form = select(&document, "form.search")[0];
            assert_eq!(
                form.value().attr("hidden"),
                None,
                "{page}: our search script did not run"
            );
        }
    }
    std::fs::remove_dir_all(&out).unwrap();
}

fn sop(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sop"))
        .current_dir(common::repo())
        .args(args)
        .output()
        .unwrap()
}

/// The CLI: `--strict` writes nothing on lint errors; a render never
/// replaces a folder it did not write; a failed render keeps the old handbook.
#[test]
fn render_writes_whole_handbooks_or_nothing() {
    let scratch = std::env::temp_dir().join(format!("sop-render-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    let out = scratch.join("book");
    let out_arg = out.to_str().unwrap();

    let strict = sop(&[
        "render",
        "tests/fixtures/schema",
        "--strict",
        "--out",
        out_arg,
    ]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&strict.stderr).contains("error[schema]"));
    assert!(!out.exists(), "--strict wrote nothing");

    let ok = sop(&["render", "sops", "--out", out_arg, "--today", "2026-11-22"]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(out.join("index.html").is_file() && out.join("CS-010.html").is_file());

    // A template that fails while rendering: the earlier handbook stays whole.
    let templates = scratch.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("glossary.html"), "{{ no_such_variable }}").unwrap();
    let failed = sop(&[
        "render",
        "sops",
        "--out",
        out_arg,
        "--templates",
        templates.to_str().unwrap(),
    ]);
    assert_eq!(failed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&failed.stderr).contains("glossary.html"));
    assert!(out.join("CS-010.html").is_file() && out.join("glossary.html").is_file());

    let foreign = scratch.join("documents");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("precious.txt"), "keep").unwrap();
    let refused = sop(&["render", "sops", "--out", foreign.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(foreign.join("precious.txt")).unwrap(),
        "keep"
    );
    assert!(!foreign.join("index.html").exists());

    let leftovers: Vec<_> = std::fs::read_dir(&scratch)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left: {leftovers:?}");
    std::fs::remove_dir_all(&scratch).unwrap();
}
