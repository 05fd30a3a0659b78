//! The layered layout of the sample SOPs and of odd charts made here: boxes
//! apart and in view, edges orthogonal and clear of boxes, loops beside the
//! boxes, lanes by role, and SVG that stays well-formed and inert whatever
//! the SOP's text.

use sop::chart::layout::{
    CALL_BAR, CAPTION_FONT, CAPTION_LINE, Course, FONT, Font, LINE, Point, Rect, layout, one_line,
};
use sop::chart::svg::render;
use sop::chart::{self, Chart, ChartEdge, ChartNode, Direction, NodeKind, Options};

use crate::common;

/// The charts of the samples under `sops/`.
fn sample_charts() -> Vec<Chart> {
    let project = common::load(&["sops"]);
    let charts = project.read_all(|document| chart::of(&document).unwrap());
    assert!(charts.len() >= 10, "samples not found");
    charts
}

fn sample(id: &str) -> Chart {
    sample_charts()
        .into_iter()
        .find(|chart| chart.sop_id == id)
        .unwrap()
}

/// Without and with lanes, text measured both ways (estimated for SVG, the
/// bundled font's for PNG and PDF), top-down and left to right.
fn every_option() -> Vec<Options> {
    let mut every = Vec::new();
    for lanes in [false, true] {
        for font in [Font::Any, Font::Bundled] {
            for direction in [Direction::TopDown, Direction::LeftRight] {
                every.push(Options {
                    lanes,
                    font,
                    direction,
                    ..Options::default()
                });
            }
        }
    }
    every
}

/// A point or a rectangle of a left-to-right layout as its top-down
/// layout had it, mirrored back about the diagonal.
fn top_down(direction: Direction, point: Point) -> Point {
    match direction {
        Direction::TopDown => point,
        Direction::LeftRight => Point {
            x: point.y,
            y: point.x,
        },
    }
}

fn top_down_rect(direction: Direction, rect: Rect) -> Rect {
    match direction {
        Direction::TopDown => rect,
        Direction::LeftRight => Rect {
            x: rect.y,
            y: rect.x,
            w: rect.h,
            h: rect.w,
        },
    }
}

fn options(lanes: bool) -> Options {
    Options {
        lanes,
        ..Options::default()
    }
}

fn has_class(node: &roxmltree::Node, class: &str) -> bool {
    node.attribute("class")
        .is_some_and(|classes| classes.split_whitespace().any(|c| c == class))
}

/// The visible text: every text node inside a `<text>`, in order.
fn visible_text(document: &roxmltree::Document) -> String {
    let parts: Vec<&str> = document
        .descendants()
        .filter(|node| node.is_text())
        .filter(|node| node.ancestors().any(|a| a.has_tag_name("text")))
        .filter_map(|node| node.text())
        .collect();
    one_line(&parts.join(" "))
}

/// Whether a horizontal or vertical segment (a rectangle with no width
/// or no height) passes through the inside of `rect`.
fn meets(segment: &Rect, rect: &Rect) -> bool {
    let across =
        |low: f64, length: f64, start: f64, size: f64| low < start + size && start < low + length;
    let within = |at: f64, start: f64, size: f64| start < at && at < start + size;
    if segment.w == 0.0 {
        within(segment.x, rect.x, rect.w) && across(segment.y, segment.h, rect.y, rect.h)
    } else {
        within(segment.y, rect.y, rect.h) && across(segment.x, segment.w, rect.x, rect.w)
    }
}

fn node_step(chart: &Chart, key: &str) -> usize {
    chart.nodes.iter().position(|node| node.key == key).unwrap()
}

fn step_node(key: &str, kind: NodeKind, text: &str, role: Option<&str>) -> ChartNode {
    let number = key.strip_prefix('s').and_then(|n| n.parse().ok());
    ChartNode {
        key: key.to_string(),
        kind,
        step_id: None,
        number,
        text: text.to_string(),
        role: role.map(str::to_string),
        role_description: None,
        call: None,
        line: None,
    }
}

fn edge(from: usize, to: usize, label: Option<&str>) -> ChartEdge {
    ChartEdge {
        from,
        to,
        label: label.map(str::to_string),
    }
}

#[test]
fn every_sample_is_a_well_formed_chart() {
    for chart in sample_charts() {
        for lanes in [false, true] {
            let svg = render(&chart, &options(lanes));
            let document = roxmltree::Document::parse(&svg)
                .unwrap_or_else(|error| panic!("{} lanes={lanes}: {error}\n{svg}", chart.sop_id));
            let root = document.root_element();
            assert_eq!(root.tag_name().name(), "svg");
            assert_eq!(
                root.tag_name().namespace(),
                Some("http://www.w3.org/2000/svg")
            );
            assert_eq!(root.attribute("role"), Some("img"));
            assert!(
                root.attribute("aria-label")
                    .is_some_and(|label| label.contains(&chart.sop_id))
            );
            let (width, height) = (
                root.attribute("width").unwrap(),
                root.attribute("height").unwrap(),
            );
            assert_eq!(
                root.attribute("viewBox"),
                Some(format!("0 0 {width} {height}").as_str())
            );
            let title = root.children().find(|n| n.has_tag_name("title")).unwrap();
            assert!(title.text().unwrap().contains(&chart.sop_id));
            let heading = format!("{} — {}", chart.sop_id, chart.title);
            assert!(visible_text(&document).contains(&heading), "{heading}");

            let groups: Vec<_> = document
                .descendants()
                .filter(|n| n.has_tag_name("g") && has_class(n, "node"))
                .collect();
            let ids: Vec<&str> = groups.iter().filter_map(|g| g.attribute("id")).collect();
            let keys: Vec<String> = chart
                .nodes
                .iter()
                .map(|node| format!("node-{}", node.key))
                .collect();
            assert_eq!(ids, keys, "{}", chart.sop_id);
            let paths = document
                .descendants()
                .filter(|n| n.has_tag_name("path") && has_class(n, "edge"))
                .count();
            assert_eq!(paths, chart.edges.len(), "{}", chart.sop_id);
            for (group, node) in groups.iter().zip(&chart.nodes) {
                let polygons: Vec<_> = group
                    .descendants()
                    .filter(|n| n.has_tag_name("polygon"))
                    .collect();
                if node.kind == NodeKind::Decision {
                    assert_eq!(polygons.len(), 1);
                    let points = polygons[0].attribute("points").unwrap();
                    assert_eq!(points.split_whitespace().count(), 4, "{points}");
                } else {
                    assert!(polygons.is_empty());
                }
            }
            let lane_groups = document
                .descendants()
                .filter(|n| has_class(n, "lane"))
                .count();
            assert_eq!(lane_groups > 0, lanes);
        }
    }
}

#[test]
fn boxes_never_overlap_and_stay_in_view_and_lane() {
    for chart in sample_charts() {
        for options in every_option() {
            let (lanes, drawn) = (options.lanes, layout(&chart, &options));
            let view = Rect {
                x: 0.0,
                y: 0.0,
                w: drawn.width,
                h: drawn.height,
            };
            for (index, placed) in drawn.nodes.iter().enumerate() {
                let outer = placed.outer;
                assert!(
                    view.contains(&outer),
                    "{} lanes={lanes}: {outer:?} outside {view:?}",
                    chart.sop_id
                );
                for other in &drawn.nodes[index + 1..] {
                    assert!(
                        !outer.overlaps(&other.outer),
                        "{}: {outer:?} meets {:?}",
                        chart.sop_id,
                        other.outer
                    );
                }
                if lanes {
                    let column = drawn.lanes[placed.lane].column;
                    assert!(
                        column.contains(&outer),
                        "{}: {outer:?} outside its lane {column:?}",
                        chart.sop_id
                    );
                }
            }
            for (_, label) in drawn
                .edges
                .iter()
                .flatten()
                .filter_map(|route| route.label.as_ref())
            {
                assert!(view.contains(label));
            }
        }
    }
}

#[test]
fn lanes_follow_the_roles() {
    let chart = sample("OP-010");
    let drawn = layout(&chart, &options(true));
    let titles: Vec<&str> = drawn.lanes.iter().map(|lane| lane.title.as_str()).collect();
    assert_eq!(titles, chart.lanes());
    assert!(
        drawn.lanes[0]
            .description
            .join(" ")
            .starts_with("Workforce planning analyst")
    );
    for (node, placed) in chart.nodes.iter().zip(&drawn.nodes) {
        if let Some(role) = &node.role {
            assert_eq!(titles[placed.lane], role);
        }
    }
    // Columns are side by side, left to right.
    for pair in drawn.lanes.windows(2) {
        assert!((pair[0].column.right() - pair[1].column.x).abs() < 0.01);
    }

    // Steps without a role get a lane of their own; start and end join the
    // lane of the first and the last step they touch.
    let nodes = vec![
        step_node("start", NodeKind::Start, "Start", None),
        step_node("s1", NodeKind::Action, "Ring the bell", None),
        step_node("s2", NodeKind::Action, "Open the door", Some("porter")),
        step_node("end", NodeKind::End, "End", None),
    ];
    let chart = Chart {
        sop_id: "X-1".into(),
        title: "Door".into(),
        nodes,
        edges: vec![edge(0, 1, None), edge(1, 2, None), edge(2, 3, None)],
    };
    let drawn = layout(&chart, &options(true));
    let titles: Vec<&str> = drawn.lanes.iter().map(|lane| lane.title.as_str()).collect();
    assert_eq!(titles, ["porter", "(no role)"]);
    let lanes: Vec<usize> = drawn.nodes.iter().map(|placed| placed.lane).collect();
    assert_eq!(lanes, [1, 1, 0, 0]);
}

#[test]
fn edges_run_between_boxes_and_end_on_borders() {
    for chart in sample_charts() {
        for options in every_option() {
            let (lanes, drawn) = (options.lanes, layout(&chart, &options));
            for (edge, route) in chart.edges.iter().zip(&drawn.edges) {
                let route = route.as_ref().unwrap();
                let target = &drawn.nodes[edge.to];
                // Checked as if top-down: into the top is into the left
                // side from left to right.
                let direction = options.direction;
                let end = top_down(direction, *route.points.last().unwrap());
                let shape = top_down_rect(direction, target.shape());
                let center = top_down(direction, target.center);
                if route.kind == Course::Down || target.content.kind == NodeKind::Decision {
                    // Into the top: a box's top border clear of its corners,
                    // a diamond's upper edges near its top corner.
                    let dx = end.x - center.x;
                    let drop = if target.content.kind == NodeKind::Decision {
                        dx.abs() * shape.h / shape.w
                    } else {
                        0.0
                    };
                    assert!(
                        dx.abs() < shape.w / 2.0 - 8.0 && (end.y - shape.y - drop).abs() < 0.01,
                        "{end:?} {shape:?}"
                    );
                } else {
                    let on_side =
                        (end.x - shape.x).abs() < 0.01 || (end.x - shape.right()).abs() < 0.01;
                    assert!(
                        on_side && (end.y - center.y).abs() < shape.h / 2.0,
                        "{end:?} {shape:?}"
                    );
                }
                for pair in route.points.windows(2) {
                    let (a, b) = (pair[0], pair[1]);
                    assert!(
                        (a.x - b.x).abs() < 0.01 || (a.y - b.y).abs() < 0.01,
                        "not orthogonal: {a:?} {b:?}"
                    );
                    let segment = Rect {
                        x: a.x.min(b.x),
                        y: a.y.min(b.y),
                        w: (a.x - b.x).abs(),
                        h: (a.y - b.y).abs(),
                    };
                    for (index, placed) in drawn.nodes.iter().enumerate() {
                        if index == edge.from || index == edge.to {
                            continue;
                        }
                        let inside = Rect::centered(
                            placed.center,
                            placed.content.w - 1.0,
                            placed.content.h - 1.0,
                        );
                        assert!(
                            !meets(&segment, &inside),
                            "{} lanes={lanes}: edge {}->{} crosses {}",
                            chart.sop_id,
                            edge.from,
                            edge.to,
                            chart.nodes[index].key
                        );
                    }
                }
                if let Some((_, label)) = &route.label {
                    for placed in &drawn.nodes {
                        assert!(
                            !label.overlaps(&placed.shape()),
                            "{}: label {label:?} on a box",
                            chart.sop_id
                        );
                    }
                }
            }
        }
    }
}

/// Every line of a node's text, measured as the chart measures it (an
/// estimate on the wide side for SVG, the bundled font's advances for PNG
/// and PDF), lies inside its shape with room to spare: clear of a box's
/// border, of a sub-process box's inner bars, and of a diamond's sides.
#[test]
fn text_keeps_clear_of_its_shape() {
    const ROOM: f64 = 4.0;
    for chart in sample_charts() {
        for options in every_option() {
            let drawn = layout(&chart, &options);
            // Whatever the estimate says, the text must fit in DejaVu Sans,
            // a wide face that many readers' systems draw sans-serif with.
            let font = options.font;
            let width =
                |text: &str, size: f64| font.width(text, size).max(Font::Bundled.width(text, size));
            let bold_width = |text: &str, size: f64| {
                font.bold_width(text, size)
                    .max(Font::Bundled.bold_width(text, size))
            };
            for (node, placed) in chart.nodes.iter().zip(&drawn.nodes) {
                let content = &placed.content;
                // (width, line height) of each line, top to bottom.
                let mut lines: Vec<(f64, f64)> = content
                    .caption
                    .iter()
                    .map(|line| (width(line, CAPTION_FONT), CAPTION_LINE))
                    .collect();
                for (index, line) in content.lines.iter().enumerate() {
                    let line_width = match (&content.number, index) {
                        (Some(number), 0) => {
                            bold_width(number, FONT) + width(&format!(" {line}"), FONT)
                        }
                        _ => width(line, FONT),
                    };
                    lines.push((line_width, LINE));
                }
                lines.extend(
                    content
                        .call
                        .iter()
                        .map(|call| (font.width(call, FONT), LINE)),
                );
                let shape = placed.shape();
                let (half_w, half_h) = (shape.w / 2.0, shape.h / 2.0);
                let inner = match content.kind {
                    NodeKind::Call => half_w - CALL_BAR,
                    _ => half_w,
                };
                let mut top = placed.center.y - content.text_height() / 2.0;
                for (line_width, height) in lines {
                    // The line's box grown by ROOM, from the middle.
                    let dx = line_width / 2.0 + ROOM;
                    let dy = (top - ROOM - placed.center.y)
                        .abs()
                        .max((top + height + ROOM - placed.center.y).abs());
                    let inside = match content.kind {
                        NodeKind::Decision => dx / half_w + dy / half_h <= 1.0,
                        _ => dx <= inner && dy <= half_h,
                    };
                    assert!(
                        inside,
                        "{} {:?} lanes={} {font:?}: a line of {} ({line_width:.1}px) meets its shape {shape:?}",
                        chart.sop_id, options.direction, options.lanes, node.key
                    );
                    top += height;
                }
            }
        }
    }
}

/// Edges into one node end at points of their own, and no two of them run
/// along one line anywhere: they never merge into one line before the
/// arrowhead (as CS-010's steps 4 and 7 into step 5 once did).
#[test]
fn edges_into_one_node_stay_apart() {
    for chart in sample_charts() {
        for options in every_option() {
            let drawn = layout(&chart, &options);
            // (edge, its target, one of its segments)
            let segments: Vec<(usize, usize, Rect)> = chart
                .edges
                .iter()
                .zip(&drawn.edges)
                .enumerate()
                .filter_map(|(index, (edge, route))| Some((index, edge.to, route.as_ref()?)))
                .flat_map(|(index, to, route)| {
                    route.points.windows(2).map(move |pair| {
                        let (a, b) = (pair[0], pair[1]);
                        let segment = Rect {
                            x: a.x.min(b.x),
                            y: a.y.min(b.y),
                            w: (a.x - b.x).abs(),
                            h: (a.y - b.y).abs(),
                        };
                        (index, to, segment)
                    })
                })
                .collect();
            for (index, (edge, to, a)) in segments.iter().enumerate() {
                for (other_edge, other, b) in &segments[index + 1..] {
                    if edge == other_edge {
                        continue;
                    }
                    // Segments on one line that share more than a point.
                    let shared = (a.w == 0.0
                        && b.w == 0.0
                        && (a.x - b.x).abs() < 0.5
                        && a.y.max(b.y) < a.bottom().min(b.bottom()))
                        || (a.h == 0.0
                            && b.h == 0.0
                            && (a.y - b.y).abs() < 0.5
                            && a.x.max(b.x) < a.right().min(b.right()));
                    assert!(
                        to != other || !shared,
                        "{} {:?} lanes={}: two edges into {} share {a:?}",
                        chart.sop_id,
                        options.direction,
                        options.lanes,
                        chart.nodes[*to].key
                    );
                }
            }
        }
    }
}

#[test]
fn branches_leave_a_decision_from_different_points() {
    for chart in sample_charts() {
        for lanes in [false, true] {
            let drawn = layout(&chart, &options(lanes));
            for (node, placed) in drawn.nodes.iter().enumerate() {
                if placed.content.kind != NodeKind::Decision {
                    continue;
                }
                let starts: Vec<Point> = chart
                    .edges
                    .iter()
                    .zip(&drawn.edges)
                    .filter(|(edge, _)| edge.from == node)
                    .map(|(_, route)| route.as_ref().unwrap().points[0])
                    .collect();
                for (index, a) in starts.iter().enumerate() {
                    for b in &starts[index + 1..] {
                        assert!(
                            a != b,
                            "{} lanes={lanes}: two branches of {} leave from {a:?}",
                            chart.sop_id,
                            chart.nodes[node].key
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn loops_go_back_up_along_the_side() {
    let chart = sample("CS-010");
    let (accepted, propose) = (node_step(&chart, "s7"), node_step(&chart, "s6"));
    for lanes in [false, true] {
        let drawn = layout(&chart, &options(lanes));
        let index = chart
            .edges
            .iter()
            .position(|e| e.from == accepted && e.to == propose)
            .unwrap();
        let route = drawn.edges[index].as_ref().unwrap();
        assert_eq!(route.kind, Course::Up);
        let (first, last) = (route.points[0], *route.points.last().unwrap());
        assert!(last.y < first.y, "the loop goes up");
        // Its way up runs beside both boxes, not through them.
        let channel = route.points.iter().map(|p| p.x).fold(f64::NAN, |a, b| {
            if (b - first.x).abs() > (a - first.x).abs() || a.is_nan() {
                b
            } else {
                a
            }
        });
        for node in [accepted, propose] {
            let shape = drawn.nodes[node].shape();
            assert!(
                channel < shape.x || channel > shape.right(),
                "channel {channel} through {shape:?}"
            );
        }
        assert!(
            route
                .label
                .as_ref()
                .is_some_and(|(text, _)| text.lines.join(" ").starts_with("no, but more"))
        );
    }
}

fn hostile_chart() -> Chart {
    let nodes = vec![
        step_node("start", NodeKind::Start, "Start", None),
        step_node(
            "s1",
            NodeKind::Action,
            "</text><script>alert(1)</script>",
            Some("<b>rep</b>"),
        ),
        ChartNode {
            call: Some("javascript:alert(document.cookie)".into()),
            ..step_node(
                "s2",
                NodeKind::Call,
                "\" onload=\"alert(2) and ' onmouseover='alert(3)",
                Some("\" onclick=\"x"),
            )
        },
        step_node(
            "s3",
            NodeKind::Decision,
            "{{ 7*7 }} ${7*7} ]]> <![CDATA[ x",
            None,
        ),
        step_node(
            "s4",
            NodeKind::Action,
            "emoji 🎉👩‍💻 and RTL مرحبا بالعالم שלום",
            Some("rep"),
        ),
        step_node(
            "s5",
            NodeKind::Action,
            "bell\u{7}null\u{0}ffff\u{ffff} &amp; &lt; & < >",
            None,
        ),
        step_node("end", NodeKind::End, "End", None),
    ];
    Chart {
        sop_id: "<svg onload=alert(1)>".into(),
        title: "Title with \"quotes\" & 'apostrophes'".into(),
        nodes,
        edges: vec![
            edge(0, 1, None),
            edge(1, 2, None),
            edge(2, 3, None),
            edge(3, 4, Some("yes\" onclick=\"alert(4)")),
            edge(3, 1, Some("<script>alert(5)</script>")),
            edge(4, 5, None),
            edge(5, 6, None),
        ],
    }
}

#[test]
fn hostile_text_stays_inert_text() {
    let chart = hostile_chart();
    for lanes in [false, true] {
        let svg = render(&chart, &options(lanes));
        assert!(
            !svg.chars().any(|c| c < ' ' && c != '\n'),
            "control characters left"
        );
        let document = roxmltree::Document::parse(&svg).unwrap();
        for node in document.descendants().filter(|n| n.is_element()) {
            assert!(!node.has_tag_name("script"), "a script element");
            assert!(!node.has_tag_name("foreignObject"));
            for attribute in node.attributes() {
                assert!(
                    !attribute.name().to_ascii_lowercase().starts_with("on"),
                    "attribute {}",
                    attribute.name()
                );
                if attribute.name() == "href" {
                    assert!(
                        !attribute
                            .value()
                            .trim()
                            .to_ascii_lowercase()
                            .starts_with("javascript:")
                    );
                    // The chart file `javascript%3Aalert%28document.cookie%29.svg`.
                    assert_eq!(
                        attribute.value(),
                        "javascript%253Aalert%2528document.cookie%2529.svg"
                    );
                }
            }
        }
        let links = document
            .descendants()
            .filter(|n| n.has_tag_name("a"))
            .count();
        assert_eq!(links, 1);
        let text = visible_text(&document);
        for hostile in [
            "</text><script>alert(1)</script>",
            "<b>rep</b>",
            "\" onload=\"alert(2) and ' onmouseover='alert(3)",
            "\" onclick=\"x",
            "{{ 7*7 }} ${7*7} ]]> <![CDATA[ x",
            "emoji 🎉👩‍💻 and RTL مرحبا بالعالم שלום",
            "bellnullffff &amp; &lt; & < >",
            "→ SOP javascript:alert(document.cookie)",
            "yes\" onclick=\"alert(4)",
            "<script>alert(5)</script>",
            "<svg onload=alert(1)> — Title with \"quotes\" & 'apostrophes'",
        ] {
            assert!(text.contains(hostile), "{hostile:?} not in {text:?}");
        }
    }
}

/// The call link to `id` with the `call_href` template.
fn link(template: &str, id: &str) -> Option<String> {
    Options {
        call_href: template.into(),
        ..Options::default()
    }
    .call_link(id)
}

#[test]
fn call_links_are_relative_and_percent_encoded() {
    assert_eq!(link("{id}.svg", "CS-020"), Some("CS-020.svg".into()));
    // The file of `CS 020/../x?y#z` is `CS%20020%2F..%2Fx%3Fy%23z.svg`.
    assert_eq!(
        link("{id}.svg", "CS 020/../x?y#z"),
        Some("CS%2520020%252F..%252Fx%253Fy%2523z.svg".into())
    );
    assert_eq!(
        link("charts/{id}.svg", "é~_."),
        Some("charts/%25C3%25A9~_%252E.svg".into())
    );
    assert_eq!(
        link("{id}", "javascript:alert(1)"),
        Some("javascript%253Aalert%25281%2529".into())
    );
    assert_eq!(
        link("https://intranet.example/{id}", "A"),
        Some("https://intranet.example/A".into())
    );
    assert_eq!(link("javascript:{id}", "A"), None);
    assert_eq!(link(" Java\tScript:{id}", "A"), None);
    assert_eq!(link("data:text/html,{id}", "A"), None);

    // The names the pages were given, not names made from the id alone.
    let named = Options {
        call_href: "{id}.html".into(),
        file_names: std::sync::Arc::new([("cs-1".to_string(), "cs-1-3eddac11".to_string())].into()),
        ..Options::default()
    };
    assert_eq!(named.call_link("cs-1"), Some("cs-1-3eddac11.html".into()));
    assert_eq!(named.call_link("CON"), Some("%2543ON.html".into()));

    let chart = sample("CS-010");
    let svg = render(
        &chart,
        &Options {
            call_href: "javascript:go('{id}')".into(),
            ..Options::default()
        },
    );
    let document = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(
        document
            .descendants()
            .filter(|n| n.has_tag_name("a"))
            .count(),
        0
    );
    let svg = render(&chart, &options(false));
    let document = roxmltree::Document::parse(&svg).unwrap();
    let hrefs: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .filter_map(|n| n.attribute("href"))
        .collect();
    assert_eq!(hrefs, ["CS-020.svg", "CS-050.svg"]);
}

#[test]
fn odd_charts_still_render() {
    let nodes = vec![
        step_node("start", NodeKind::Start, "Start", None),
        step_node("s1", NodeKind::Decision, "Again?", None),
        step_node("s2", NodeKind::Action, "Never reached", Some("ghost")),
        step_node("end", NodeKind::End, "End", None),
    ];
    let chart = Chart {
        sop_id: String::new(),
        title: String::new(),
        nodes,
        edges: vec![
            edge(0, 1, None),
            edge(1, 1, Some("yes")),
            edge(1, 3, Some("no")),
            edge(2, 3, None),
            edge(2, 9, None),
        ],
    };
    for lanes in [false, true] {
        let svg = render(&chart, &options(lanes));
        let document = roxmltree::Document::parse(&svg).unwrap();
        let paths = document
            .descendants()
            .filter(|n| has_class(n, "edge"))
            .count();
        assert_eq!(paths, 4, "the edge to no node is left out");
        let drawn = layout(&chart, &options(lanes));
        for (index, placed) in drawn.nodes.iter().enumerate() {
            for other in &drawn.nodes[index + 1..] {
                assert!(!placed.outer.overlaps(&other.outer));
            }
        }
    }
    let empty = Chart {
        sop_id: "E".into(),
        title: String::new(),
        nodes: Vec::new(),
        edges: vec![edge(0, 1, None)],
    };
    assert!(roxmltree::Document::parse(&render(&empty, &options(true))).is_ok());
}

#[test]
fn rendering_is_deterministic() {
    for chart in sample_charts() {
        for lanes in [false, true] {
            assert_eq!(
                render(&chart, &options(lanes)),
                render(&chart.clone(), &options(lanes))
            );
        }
    }
}
