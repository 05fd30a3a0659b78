//! Flowchart exports: snapshots of every sample SOP, hostile text that must
//! stay text in every format, and real consumers (Graphviz, the Mermaid
//! parser) accepting the output.
//!
//! Tests that need Graphviz (`dot`) or Node with `tests/mermaid/node_modules`
//! run when those are installed, and must run when `SOP_REQUIRE_TOOLS=1`
//! (set by `.ci/run`, which installs them).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common;
use common::{npm_installed, tool_available};

use sop::chart::{self, Chart, Direction, Format, NodeKind, Options};

/// A chart in a text format.
fn render_text(chart: &Chart, format: Format, options: &Options) -> String {
    String::from_utf8(chart::render(chart, format, options).unwrap()).unwrap()
}

fn sample_sops() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(common::repo_file("sops"))
        .into_iter()
        .map(|entry| entry.unwrap().into_path())
        .filter(|path| {
            path.extension().is_some_and(|ext| ext == "yaml") && !path.ends_with("glossary.yaml")
        })
        .collect();
    files.sort();
    files
}

/// The rule fixtures that have a flow worth drawing.
fn flow_fixtures() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for rule in [
        "decision-branches",
        "no-exit",
        "unreachable-step",
        "unknown-step",
        "duplicate-step-id",
        "schema",
    ] {
        for entry in walkdir::WalkDir::new(common::repo_file("tests/fixtures").join(rule)) {
            let path = entry.unwrap().into_path();
            if path.extension().is_some_and(|ext| ext == "yaml") && common::chart(&path).is_some() {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn hostile() -> Chart {
    common::chart(Path::new("tests/graph/hostile.yaml")).unwrap()
}

#[test]
fn snapshots_of_every_sample_sop() {
    for path in sample_sops() {
        let chart = common::chart(&path).unwrap();
        let options = Options::default();
        for format in [Format::Dot, Format::Mermaid, Format::Json] {
            let name = format!("{}.{}", chart.sop_id, format.extension());
            insta::assert_snapshot!(name, render_text(&chart, format, &options));
        }
    }
}

#[test]
fn the_chart_follows_the_flow() {
    let chart = common::chart(Path::new(
        "sops/customer-service/CS-010-complaint-handling.yaml",
    ))
    .unwrap();
    let kinds: Vec<NodeKind> = chart.nodes.iter().map(|node| node.kind).collect();
    assert_eq!(kinds.first(), Some(&NodeKind::Start));
    assert_eq!(kinds.last(), Some(&NodeKind::End));
    assert_eq!(
        kinds
            .iter()
            .filter(|kind| **kind == NodeKind::Decision)
            .count(),
        3
    );
    let escalate = chart
        .nodes
        .iter()
        .position(|node| node.step_id.as_deref() == Some("escalate"))
        .unwrap();
    assert_eq!(chart.nodes[escalate].kind, NodeKind::Call);
    assert_eq!(chart.nodes[escalate].call.as_deref(), Some("CS-020"));
    // The loop back up: "no, but more can be offered" goes back to `propose`.
    let accepted = chart
        .nodes
        .iter()
        .position(|node| node.step_id.as_deref() == Some("accepted"))
        .unwrap();
    let propose = chart
        .nodes
        .iter()
        .position(|node| node.step_id.as_deref() == Some("propose"))
        .unwrap();
    assert!(propose < accepted);
    assert!(
        chart
            .edges
            .iter()
            .any(|edge| edge.from == accepted && edge.to == propose && edge.label.is_some())
    );
}

/// Without running Mermaid: every line is a node, an edge, a lane or a click
/// in the exact shape `sop` writes, and labels hold only letters, digits,
/// spaces, entity codes and `<br/>`. Hostile text cannot add a line of its own.
#[test]
fn mermaid_lines_keep_their_shape_with_hostile_text() {
    let chart = hostile();
    for lanes in [false, true] {
        let text = render_text(
            &chart,
            Format::Mermaid,
            &Options {
                lanes,
                ..Options::default()
            },
        );
        let mut nodes = 0;
        let mut edges = 0;
        for line in text.lines().skip(2) {
            let line = line.trim();
            if let Some(href) = line.strip_prefix("click n_") {
                let href = href
                    .split_once(" href \"")
                    .unwrap()
                    .1
                    .strip_suffix('"')
                    .unwrap();
                assert!(
                    href.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "%-._~".contains(c)),
                    "{href}"
                );
            } else if let Some((_, label)) = line.split_once('"') {
                assert!(
                    line.starts_with("n_") || line.starts_with("subgraph lane"),
                    "{line}"
                );
                let label = label.rsplit_once('"').unwrap().0;
                let label = label.replace("<br/>", " ");
                assert!(
                    label.chars().all(|c| !c.is_ascii()
                        || c.is_alphanumeric()
                        || " #;.,-_()/?!'+*=@".contains(c)),
                    "label with raw punctuation: {label}"
                );
                if line.contains(" -->|") {
                    edges += 1;
                } else if !line.starts_with("subgraph") {
                    nodes += 1;
                }
            } else if line.contains(" --> ") {
                assert_eq!(line.split_whitespace().count(), 3, "{line}");
                edges += 1;
            } else {
                assert!(
                    ["end", "direction TB"].contains(&line),
                    "unexpected line: {line}"
                );
            }
        }
        assert_eq!(nodes, chart.nodes.len());
        assert_eq!(edges, chart.edges.len());
    }
}

/// Mermaid's own parser (tests/mermaid/check.mjs, under Node) accepts the
/// chart of every sample SOP and flow fixture, with and without lanes, and
/// reads exactly the chart's nodes and edges with exactly their text, line
/// by line: hostile text included.
#[test]
fn mermaid_parser_reads_every_chart_exactly() {
    let checker = Path::new("tests/mermaid/check.mjs");
    if !tool_available("Node.js", Command::new("node").arg("--version"))
        || !npm_installed("tests/mermaid", "mermaid")
    {
        return;
    }
    let out = std::env::temp_dir().join(format!("sop-mermaid-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let mut files = sample_sops();
    files.extend(flow_fixtures());
    files.push(PathBuf::from("tests/graph/hostile.yaml"));
    let mut expected = std::collections::HashMap::new();
    for (index, path) in files.iter().enumerate() {
        let chart = common::chart(path).unwrap();
        for lanes in [false, true] {
            let file = out.join(format!("{index}-{lanes}.mmd"));
            let text = render_text(
                &chart,
                Format::Mermaid,
                &Options {
                    lanes,
                    ..Options::default()
                },
            );
            std::fs::write(&file, text).unwrap();
            expected.insert(file.display().to_string(), chart.clone());
        }
    }
    let output = Command::new("node")
        .current_dir(common::repo())
        .arg(checker)
        .arg("--json")
        .arg(&out)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&out).unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let mut checked = 0;
    for line in stdout.lines() {
        let result: serde_json::Value = serde_json::from_str(line).unwrap();
        let file = result["file"].as_str().unwrap();
        assert_eq!(result["ok"], true, "{line}");
        let chart = &expected[file];
        let nodes = result["nodes"].as_array().unwrap();
        assert_eq!(nodes.len(), chart.nodes.len(), "{file}");
        assert_eq!(
            result["edges"].as_array().unwrap().len(),
            chart.edges.len(),
            "{file}"
        );
        for node in &chart.nodes {
            let parsed = nodes
                .iter()
                .find(|parsed| parsed["id"] == format!("n_{}", node.key))
                .unwrap();
            // The step's text on one line, left for Mermaid to wrap: a
            // break of `sop`'s own would meet Mermaid's and orphan words.
            let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
            let mut shown = vec![words(&match node.number {
                Some(number) => format!("{number}. {}", node.text),
                None => node.text.clone(),
            })];
            shown.extend(
                node.call
                    .as_deref()
                    .map(|call| format!("→ SOP {}", words(call))),
            );
            shown.extend(
                node.role
                    .as_deref()
                    .map(|role| format!("({})", words(role))),
            );
            let lines: Vec<String> = parsed["text"]
                .as_str()
                .unwrap()
                .lines()
                .map(words)
                .collect();
            assert_eq!(lines, shown, "{file}");
        }
        checked += 1;
    }
    assert_eq!(checked, expected.len(), "{stdout}");
    assert!(output.status.success());
}

#[test]
fn dot_of_samples_and_fixtures_is_accepted_by_graphviz() {
    if !tool_available("Graphviz (dot)", Command::new("dot").arg("-V")) {
        return;
    }
    let mut files = sample_sops();
    files.extend(flow_fixtures());
    assert!(files.len() > 15);
    for path in files {
        let chart = common::chart(&path).unwrap();
        for lanes in [false, true] {
            let svg = graphviz_svg(&chart, lanes);
            let document = parse_svg(&svg);
            let count = |class: &str| {
                document
                    .descendants()
                    .filter(|node| node.attribute("class") == Some(class))
                    .count()
            };
            assert_eq!(count("node"), chart.nodes.len(), "{}", path.display());
            // With lanes, one Graphviz cluster per role that has steps.
            let lanes_drawn = if lanes { chart.lanes().len() } else { 0 };
            assert_eq!(count("cluster"), lanes_drawn, "{}", path.display());
        }
    }
}

/// With `--lanes`, Graphviz (`dot -Tjson`) draws every lane as a cluster
/// that holds all its steps, and the clusters side by side across the flow
/// (in a row top-down, in a column left to right), none overlapping
/// another: the lanes are not scattered over the page.
#[test]
fn graphviz_keeps_each_lane_together_beside_the_others() {
    if !tool_available("Graphviz (dot)", Command::new("dot").arg("-V")) {
        return;
    }
    for path in sample_sops() {
        let chart = common::chart(&path).unwrap();
        for direction in [Direction::TopDown, Direction::LeftRight] {
            let options = Options {
                lanes: true,
                direction,
                ..Options::default()
            };
            let dot = render_text(&chart, Format::Dot, &options);
            let output =
                common::output_with_stdin(Command::new("dot").arg("-Tjson"), dot.as_bytes());
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            let drawn: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
            let objects = drawn["objects"].as_array().unwrap();
            let numbers =
                |text: &str| -> Vec<f64> { text.split(',').map(|n| n.parse().unwrap()).collect() };
            let mut clusters = Vec::new();
            for (index, role) in chart.lanes().into_iter().enumerate() {
                let cluster = objects
                    .iter()
                    .find(|object| object["name"] == format!("cluster_{index}"))
                    .unwrap();
                let bb = numbers(cluster["bb"].as_str().unwrap());
                let inside: Vec<&str> = cluster["nodes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|id| &objects[id.as_u64().unwrap() as usize])
                    .map(|node| {
                        let at = numbers(node["pos"].as_str().unwrap());
                        let half_w = node["width"].as_str().unwrap().parse::<f64>().unwrap() * 36.0;
                        let half_h =
                            node["height"].as_str().unwrap().parse::<f64>().unwrap() * 36.0;
                        let name = node["name"].as_str().unwrap();
                        assert!(
                            bb[0] <= at[0] - half_w
                                && at[0] + half_w <= bb[2]
                                && bb[1] <= at[1] - half_h
                                && at[1] + half_h <= bb[3],
                            "{}: {name} outside cluster_{index} {bb:?}",
                            chart.sop_id
                        );
                        name
                    })
                    .collect();
                for node in chart
                    .nodes
                    .iter()
                    .filter(|node| node.role.as_deref() == Some(role))
                {
                    assert!(
                        inside.contains(&node.key.as_str()),
                        "{}: {}",
                        chart.sop_id,
                        node.key
                    );
                }
                clusters.push(bb);
            }
            // Across the flow: x top-down, y left to right.
            let across = |bb: &Vec<f64>| match direction {
                Direction::TopDown => (bb[0], bb[2]),
                Direction::LeftRight => (bb[1], bb[3]),
            };
            let mut spans: Vec<(f64, f64)> = clusters.iter().map(across).collect();
            spans.sort_by(|a, b| a.0.total_cmp(&b.0));
            for pair in spans.windows(2) {
                assert!(
                    pair[0].1 <= pair[1].0,
                    "{} {direction:?}: lanes {:?} not side by side",
                    chart.sop_id,
                    clusters
                );
            }
        }
    }
}

/// Graphviz draws hostile labels as the very text of the SOP: no extra node,
/// edge or attribute, and escapes such as `\N` stay literal.
#[test]
fn graphviz_draws_hostile_text_as_text() {
    if !tool_available("Graphviz (dot)", Command::new("dot").arg("-V")) {
        return;
    }
    let chart = hostile();
    for lanes in [false, true] {
        let svg = graphviz_svg(&chart, lanes);
        let document = parse_svg(&svg);
        let groups = |class: &str| {
            document
                .descendants()
                .filter(|node| node.attribute("class") == Some(class))
                .collect::<Vec<_>>()
        };
        assert_eq!(groups("node").len(), chart.nodes.len());
        assert_eq!(groups("edge").len(), chart.edges.len());
        let first = groups("node")
            .into_iter()
            .find(|node| node.descendants().any(|child| child.text() == Some("s1")))
            .unwrap();
        let text: Vec<&str> = first
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect();
        let text = text.join(" ");
        assert!(
            text.contains(r#"End quote " then ]; n_evil["injected"] and -->"#),
            "{text}"
        );
        assert!(text.contains(r"\l \N \G"), "{text}");
        let all_text: String = document.descendants().filter_map(|n| n.text()).collect();
        // Graphviz's SVG writer leaves entity-like text (`&lt;`) unescaped, so
        // it shows decoded; it is still text, never an element.
        assert!(all_text.contains("<not-a-tag>"), "{all_text}");
        assert!(!document.descendants().any(|n| n.has_tag_name("not-a-tag")));
        assert!(all_text.contains("{{ 7*7 }}"));
        assert!(!document.descendants().any(|n| n.has_tag_name("script")));
    }
}

/// The chart's DOT, drawn by Graphviz as SVG.
fn graphviz_svg(chart: &Chart, lanes: bool) -> String {
    let options = Options {
        lanes,
        ..Options::default()
    };
    run_dot(&render_text(chart, Format::Dot, &options))
}

fn run_dot(dot: &str) -> String {
    let output = common::output_with_stdin(Command::new("dot").arg("-Tsvg"), dot.as_bytes());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.trim().is_empty(),
        "dot failed: {stderr}\n{dot}"
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Graphviz's SVG starts with a DOCTYPE.
fn parse_svg(svg: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(svg, options).unwrap()
}

/// `sop graph PATH... --out DIR` writes one chart per SOP, named by id,
/// and the marker that lets the next run replace the folder.
#[test]
fn graph_out_writes_one_chart_per_sop() {
    let out = std::env::temp_dir().join(format!("sop-graph-out-{}", std::process::id()));
    let status = Command::new(env!("CARGO_BIN_EXE_sop"))
        .current_dir(common::repo())
        .args(["graph", "sops", "--format", "dot", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    std::fs::remove_dir_all(&out).unwrap();
    let mut expected: Vec<String> = sample_sops()
        .iter()
        .map(|path| format!("{}.dot", common::chart(path).unwrap().sop_id))
        .collect();
    expected.push(".sop-charts".to_string());
    expected.sort();
    assert_eq!(written, expected);
}
