//! The process map (`sop graph --map`): one cluster per department and an
//! edge per `call` and `references` in DOT (read back by Graphviz) and
//! Mermaid (read back by Mermaid's parser), a link per SOP in the SVG, a
//! PNG that decodes and a PDF with the titles, and hostile SOP text inert
//! in every format.
//!
//! As in tests/suite/graph.rs, the tests that need Graphviz, Node with
//! `tests/mermaid/node_modules` or pdftotext run when those are installed,
//! and must run when `SOP_REQUIRE_TOOLS=1`.

use std::collections::BTreeSet;
use std::process::Command;

use resvg::tiny_skia::Pixmap;
use sop::chart::Options;
use sop::chart::map::{self, Map};
use sop::project::{Content, Model};

use crate::common;
use common::{npm_installed, tool_available};

const SAMPLES: &str = "sops";
const HOSTILE: &str = "tests/graph/map-hostile";

fn map_of(path: &str) -> Map {
    let project = common::load(&[path]);
    Map::of(&project.read_all(|document| document))
}

/// Every (SOP id, id it names, edge label) of the SOPs under `path`, read
/// from the SOPs' model rather than from the map.
fn links_of(path: &str) -> BTreeSet<(String, String, &'static str)> {
    let project = common::load(&[path]);
    let mut links = BTreeSet::new();
    for document in project.read_all(|document| document) {
        let Content::Parsed(parsed) = &document.content else {
            continue;
        };
        let Model::Sop { sop, .. } = &parsed.model else {
            continue;
        };
        let id = sop.id.as_ref().unwrap().value.clone();
        for call in sop.calls() {
            links.insert((id.clone(), call.value.clone(), "calls"));
        }
        for reference in sop.sop_references() {
            links.insert((id.clone(), reference.value.clone(), "references"));
        }
    }
    links
}

/// Graphviz's SVG of the map's DOT, parsed: (clusters' labels, nodes'
/// texts by key, edges as (from key, to key, label)).
type Drawn = (
    Vec<String>,
    Vec<(String, String)>,
    Vec<(String, String, String)>,
);

fn graphviz(map: &Map) -> Drawn {
    let dot = map::dot::render(map, &Options::default());
    let output = common::output_with_stdin(Command::new("dot").arg("-Tsvg"), dot.as_bytes());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.trim().is_empty(),
        "dot failed: {stderr}\n{dot}"
    );
    let svg = String::from_utf8(output.stdout).unwrap();
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let document = roxmltree::Document::parse_with_options(&svg, options).unwrap();
    assert!(!document.descendants().any(|n| n.has_tag_name("script")));
    let of_class = |class: &str| {
        document
            .descendants()
            .filter(|node| node.attribute("class") == Some(class))
            .collect::<Vec<_>>()
    };
    let title = |node: roxmltree::Node| {
        node.children()
            .find(|child| child.has_tag_name("title"))
            .and_then(|title| title.text())
            .unwrap_or_default()
            .to_string()
    };
    let texts = |node: roxmltree::Node| {
        node.descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let clusters = of_class("cluster").into_iter().map(texts).collect();
    let nodes = of_class("node")
        .into_iter()
        .map(|node| (title(node), texts(node)))
        .collect();
    let edges = of_class("edge")
        .into_iter()
        .map(|edge| {
            let title = title(edge);
            let (from, to) = title.split_once("->").unwrap();
            (from.to_string(), to.to_string(), texts(edge))
        })
        .collect();
    (clusters, nodes, edges)
}

/// The id of each key, from the map.
fn id_of<'a>(map: &'a Map, key: &str) -> &'a str {
    &map.nodes.iter().find(|node| node.key == key).unwrap().id
}

#[test]
fn the_map_of_the_samples_has_every_sop_link_and_department() {
    let map = map_of(SAMPLES);
    let departments: Vec<&str> = map.departments.iter().map(|d| d.label()).collect();
    assert_eq!(
        departments,
        [
            "Branch Banking",
            "Customer Service",
            "Operations",
            "People & Training"
        ]
    );
    assert_eq!(map.nodes.iter().filter(|node| node.in_set()).count(), 13);
    let retired: Vec<&str> = map
        .nodes
        .iter()
        .filter(|node| node.retired())
        .map(|node| node.id.as_str())
        .collect();
    assert_eq!(retired, ["CS-015"]);
    let drawn: BTreeSet<(String, String, &str)> = map
        .edges
        .iter()
        .map(|edge| {
            (
                map.nodes[edge.from].id.clone(),
                map.nodes[edge.to].id.clone(),
                edge.kind.label(),
            )
        })
        .collect();
    assert_eq!(drawn, links_of(SAMPLES));
    assert_eq!(drawn.len(), map.edges.len());
}

#[test]
fn an_id_not_in_the_set_is_a_node_outside_every_department() {
    let map = map_of(HOSTILE);
    let outside: Vec<&str> = map.outside().map(|node| node.id.as_str()).collect();
    assert_eq!(outside, ["NOT-HERE \"] --> m0 %%"]);
    let label = map::label_lines(map.outside().next().unwrap(), 28);
    assert_eq!(label.last().unwrap(), "(not in this set)");
}

#[test]
fn graphviz_reads_a_cluster_per_department_and_every_labelled_edge() {
    if !tool_available("Graphviz (dot)", Command::new("dot").arg("-V")) {
        return;
    }
    for path in [SAMPLES, HOSTILE] {
        let map = map_of(path);
        let (clusters, nodes, edges) = graphviz(&map);
        assert_eq!(clusters.len(), map.departments.len(), "{path}");
        for (cluster, department) in clusters.iter().zip(&map.departments) {
            assert_eq!(cluster, department.label(), "{path}");
        }
        assert_eq!(nodes.len(), map.nodes.len(), "{path}");
        for (key, text) in &nodes {
            let node = map.nodes.iter().find(|node| &node.key == key).unwrap();
            let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                words(text).starts_with(&words(&node.id)),
                "{text:?} does not show {:?}",
                node.id
            );
            assert_eq!(
                text.ends_with("(retired)"),
                node.in_set() && node.retired(),
                "{text}"
            );
        }
        let drawn: BTreeSet<(String, String, &str)> = edges
            .iter()
            .map(|(from, to, label)| {
                let label = if label == "calls" {
                    "calls"
                } else {
                    "references"
                };
                (
                    id_of(&map, from).to_string(),
                    id_of(&map, to).to_string(),
                    label,
                )
            })
            .collect();
        assert_eq!(drawn, links_of(path), "{path}");
        assert!(
            edges
                .iter()
                .all(|(_, _, label)| label == "calls" || label == "references")
        );
    }
}

#[test]
fn graphviz_draws_hostile_text_as_text() {
    if !tool_available("Graphviz (dot)", Command::new("dot").arg("-V")) {
        return;
    }
    let (clusters, nodes, _) = graphviz(&map_of(HOSTILE));
    assert_eq!(clusters[0], r#"Dept "} subgraph x ["y"] end & <b>bold</b>"#);
    let all: String = nodes.iter().map(|(_, text)| text.as_str()).collect();
    assert!(all.contains(r#"A"]; m9["evil"] --> </script>{x}"#), "{all}");
    assert!(all.contains("</script><script>alert(1)</script>"), "{all}");
    assert!(all.contains(r"\N \l"), "{all}");
}

/// Mermaid's own parser reads the map of the samples and of the hostile
/// SOPs with exactly the map's nodes, edges and labels; each subgraph is
/// one department.
#[test]
fn mermaid_parser_reads_the_map_exactly() {
    if !tool_available("Node.js", Command::new("node").arg("--version"))
        || !npm_installed("tests/mermaid", "mermaid")
    {
        return;
    }
    let folder = common::TempProject::new("");
    let mut maps = Vec::new();
    for (index, path) in [SAMPLES, HOSTILE].into_iter().enumerate() {
        let map = map_of(path);
        let text = map::mermaid::render(&map, &Options::default());
        let subgraphs = text
            .lines()
            .filter(|line| line.trim_start().starts_with("subgraph "))
            .count();
        assert_eq!(subgraphs, map.departments.len(), "{path}");
        let file = folder.write(&format!("{index}.mmd"), text);
        maps.push((file.display().to_string(), map));
    }
    let output = Command::new("node")
        .current_dir(common::repo())
        .arg("tests/mermaid/check.mjs")
        .arg("--json")
        .args(maps.iter().map(|(file, _)| file))
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{stdout}");
    let mut checked = 0;
    for line in stdout.lines() {
        let result: serde_json::Value = serde_json::from_str(line).unwrap();
        let (_, map) = maps
            .iter()
            .find(|(file, _)| result["file"] == *file)
            .unwrap();
        // A subgraph is a vertex too, to Mermaid.
        let nodes = result["nodes"].as_array().unwrap();
        let keys: BTreeSet<&str> = nodes
            .iter()
            .filter_map(|node| node["id"].as_str())
            .filter(|id| !id.starts_with("department"))
            .collect();
        let expected: BTreeSet<&str> = map.nodes.iter().map(|node| node.key.as_str()).collect();
        assert_eq!(keys, expected);
        for node in &map.nodes {
            let parsed = nodes
                .iter()
                .find(|parsed| parsed["id"] == node.key)
                .unwrap();
            let text = parsed["text"].as_str().unwrap().replace('\n', " ");
            assert_eq!(text, map::label_lines(node, 28).join(" "));
        }
        let edges: BTreeSet<(String, String, String)> = result["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|edge| {
                let field = |name: &str| edge[name].as_str().unwrap().to_string();
                (field("from"), field("to"), field("text"))
            })
            .collect();
        let expected: BTreeSet<(String, String, String)> = map
            .edges
            .iter()
            .map(|edge| {
                (
                    map.nodes[edge.from].key.clone(),
                    map.nodes[edge.to].key.clone(),
                    edge.kind.label().to_string(),
                )
            })
            .collect();
        assert_eq!(edges, expected);
        checked += 1;
    }
    assert_eq!(checked, maps.len(), "{stdout}");
}

/// Well-formed, one link per SOP (to `<id>.svg`, percent-encoded as call
/// boxes link), none for an id not in the set, and hostile text as text.
#[test]
fn the_svg_links_each_sop_and_keeps_hostile_text_inert() {
    for path in [SAMPLES, HOSTILE] {
        let map = map_of(path);
        let svg = map::svg::render(&map, &Options::default());
        let document = roxmltree::Document::parse(&svg).unwrap();
        assert!(!document.descendants().any(|n| n.has_tag_name("script")));
        let links: Vec<&str> = document
            .descendants()
            .filter(|n| n.has_tag_name("a"))
            .map(|a| a.attribute("href").unwrap())
            .collect();
        let expected: Vec<String> = map
            .nodes
            .iter()
            .filter(|node| node.in_set())
            .map(|node| Options::default().call_link(&node.id).unwrap())
            .collect();
        assert_eq!(links, expected, "{path}");
        assert!(links.iter().all(|href| {
            href.chars()
                .all(|c| c.is_ascii_alphanumeric() || "%-._~".contains(c))
        }));
        let titles: Vec<&str> = document
            .descendants()
            .filter(|n| n.has_tag_name("title"))
            .filter_map(|n| n.text())
            .collect();
        for node in &map.nodes {
            assert!(
                titles
                    .iter()
                    .any(|title| title.starts_with(&node.id.replace('\n', " "))),
                "{:?}",
                node.id
            );
        }
        let edges = document
            .descendants()
            .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("edge ")))
            .count();
        assert_eq!(edges, map.edges.len());
    }
}

#[test]
fn the_png_decodes_and_the_pdf_holds_every_title() {
    let map = map_of(SAMPLES);
    let png = map::png(&map, &Options::default()).unwrap();
    let pixmap = Pixmap::decode_png(&png).unwrap();
    assert!(pixmap.width() > 800 && pixmap.height() > 800);
    assert!(Pixmap::decode_png(&map::png(&map_of(HOSTILE), &Options::default()).unwrap()).is_ok());
    if !tool_available("pdftotext", Command::new("pdftotext").arg("-v")) {
        return;
    }
    let folder = common::TempProject::new("");
    let file = folder.write("map.pdf", map::pdf(&map, &Options::default()).unwrap());
    let text = common::pdf_text(&file);
    assert!(text.contains(&map.heading()), "{text}");
    for node in &map.nodes {
        assert!(text.contains(&node.id), "{} not in {text}", node.id);
        let first_word = node.title.split_whitespace().next().unwrap();
        assert!(text.contains(first_word), "{first_word} not in {text}");
    }
}

/// The handbook's index shows the map, labelled, each SOP of the handbook
/// linking to its page; an SOP left out (retired, here) links nowhere.
#[test]
fn the_handbook_index_shows_the_map_linking_each_page() {
    use scraper::{Html, Selector};
    use sop::handbook::{self, Filters, Format, Settings, templates::Templates};
    for (path, pages) in [(SAMPLES, 12), (HOSTILE, 1)] {
        let project = common::load(&[path]);
        let documents = project.read_all(|document| document);
        let settings = Settings {
            format: Format::Html,
            filters: Filters::default(),
            title: "Handbook".to_string(),
            generated: "2026-11-22".to_string(),
        };
        let rendered = handbook::render(
            &project,
            &documents,
            &settings,
            &Templates::load(None).unwrap(),
        )
        .unwrap();
        let files: std::collections::HashMap<String, String> =
            common::text_files(rendered).into_iter().collect();
        let index = Html::parse_document(&files["index.html"]);
        let select = |selector: &str| {
            index
                .select(&Selector::parse(selector).unwrap())
                .collect::<Vec<_>>()
        };
        let svg = select("figure.process-map > svg");
        assert_eq!(svg.len(), 1, "{path}");
        assert!(
            svg[0]
                .value()
                .attr("aria-label")
                .is_some_and(|label| label.starts_with("Process map: "))
        );
        assert_eq!(select("figure.process-map figcaption").len(), 1);
        assert!(select("figure.process-map script").is_empty());
        let links: Vec<&str> = select("figure.process-map a")
            .iter()
            .map(|a| a.value().attr("href").unwrap())
            .collect();
        assert_eq!(links.len(), pages, "{path}: {links:?}");
        for href in links {
            assert!(files.contains_key(&percent_decode(href)), "{href}");
        }
    }
}

/// `%XX` back to the byte it stands for.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            decoded.push(u8::from_str_radix(&text[index + 1..index + 3], 16).unwrap());
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(decoded).unwrap()
}
