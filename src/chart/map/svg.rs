//! The process map as SVG, in a layout of its own: the departments as
//! labelled bands one under another, their SOPs in a grid inside, the ids
//! not in the set in a dashed band last, and each link a gently curved
//! arrow (so that it does not run through the nodes on a straight line
//! between its ends) labelled with its kind. Every text is escaped as the
//! flowcharts escape it; each SOP links to its page or chart.

use std::fmt::{self, Write as _};

use super::{LinkKind, Map, MapNode, label_lines};
use crate::chart::Options;
use crate::chart::layout::Font;
use crate::chart::svg::FONT_FAMILY;
use crate::chart::svg::draw::{id_prefix, num};
use crate::chart::svg::escape::escape;

/// SOPs per row of a department.
const COLUMNS: usize = 4;
const NODE_W: f64 = 200.0;
const NODE_H: f64 = 74.0;
const GAP_X: f64 = 36.0;
const GAP_Y: f64 = 40.0;
const PAD: f64 = 16.0;
const BAND_HEADER: f64 = 30.0;
const BAND_GAP: f64 = 24.0;
const MARGIN: f64 = 16.0;
const HEADING: f64 = 34.0;
const FONT: f64 = 12.0;
const LINE: f64 = 15.0;
/// Characters per line of a title, and title lines per node.
const WIDTH: usize = 28;
const TITLE_LINES: usize = 2;
/// How far a link's curve bows out, as a share of its length: a call and
/// a reference between the same two SOPs take two curves.
fn bow(kind: LinkKind) -> f64 {
    match kind {
        LinkKind::Call => 0.1,
        LinkKind::Reference => 0.22,
    }
}
const INK: &str = "#1f2933";
const MUTED: &str = "#57606a";
const EDGE: &str = "#3d4852";

#[derive(Clone, Copy)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn center(self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    /// Where the ray from the center toward `(x, y)` leaves the rectangle.
    fn exit_toward(self, x: f64, y: f64) -> (f64, f64) {
        let (cx, cy) = self.center();
        let (dx, dy) = (x - cx, y - cy);
        let scale = [(dx, self.w), (dy, self.h)]
            .into_iter()
            .filter(|(d, _)| d.abs() > f64::EPSILON)
            .map(|(d, size)| size / 2.0 / d.abs())
            .fold(f64::INFINITY, f64::min);
        if scale.is_finite() {
            (cx + dx * scale, cy + dy * scale)
        } else {
            (cx, cy)
        }
    }
}

/// Where everything goes.
struct Layout {
    width: f64,
    height: f64,
    /// One band per department, then one for the ids not in the set.
    bands: Vec<(Rect, String, bool)>,
    nodes: Vec<Rect>,
}

fn layout(map: &Map) -> Layout {
    let inner = COLUMNS as f64 * NODE_W + (COLUMNS - 1) as f64 * GAP_X;
    let width = inner + 2.0 * PAD + 2.0 * MARGIN;
    let mut nodes = vec![
        Rect {
            x: 0.0,
            y: 0.0,
            w: NODE_W,
            h: NODE_H
        };
        map.nodes.len()
    ];
    let mut bands = Vec::new();
    let outside: Vec<usize> = (0..map.nodes.len())
        .filter(|&index| !map.nodes[index].in_set())
        .collect();
    let groups = map
        .departments
        .iter()
        .map(|department| (department.label().to_string(), &department.nodes[..], false))
        .chain((!outside.is_empty()).then(|| ("Not in this set".to_string(), &outside[..], true)));
    let mut y = MARGIN + HEADING;
    for (title, members, dashed) in groups {
        let rows = members.len().div_ceil(COLUMNS).max(1);
        let height = BAND_HEADER + PAD + rows as f64 * (NODE_H + GAP_Y) - GAP_Y + PAD;
        for (place, &node) in members.iter().enumerate() {
            nodes[node].x = MARGIN + PAD + (place % COLUMNS) as f64 * (NODE_W + GAP_X);
            nodes[node].y = y + BAND_HEADER + PAD + (place / COLUMNS) as f64 * (NODE_H + GAP_Y);
        }
        bands.push((
            Rect {
                x: MARGIN,
                y,
                w: inner + 2.0 * PAD,
                h: height,
            },
            title,
            dashed,
        ));
        y += height + BAND_GAP;
    }
    Layout {
        width,
        height: y - BAND_GAP + MARGIN,
        bands,
        nodes,
    }
}

/// Draws `map` as a standalone SVG document.
pub fn render(map: &Map, options: &Options) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    draw(&mut out, map, options).map_or_else(|_| String::new(), |()| out)
}

fn draw(out: &mut String, map: &Map, options: &Options) -> fmt::Result {
    let layout = layout(map);
    let prefix = id_prefix(options);
    let heading = map.heading();
    let heading = escape(&heading);
    let (w, h) = (num(layout.width), num(layout.height));
    let family = match options.font {
        Font::Any => FONT_FAMILY,
        Font::Bundled => crate::chart::font::FAMILY,
    };
    writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="group" aria-label="{heading}" font-family="{family}" font-size="{FONT}">"#
    )?;
    writeln!(out, "<title>{heading}</title>")?;
    writeln!(
        out,
        r#"<defs><marker id="{prefix}map-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,1 L10,5 L0,9 z" fill="{EDGE}"/></marker></defs>"#
    )?;
    writeln!(
        out,
        r##"<rect x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>"##
    )?;
    writeln!(
        out,
        r#"<text class="heading" x="{}" y="{}" font-size="17" font-weight="700" fill="{INK}">{heading}</text>"#,
        num(MARGIN),
        num(MARGIN + 17.0)
    )?;
    for (rect, title, dashed) in &layout.bands {
        let dash = if *dashed {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        writeln!(
            out,
            r##"<g class="department"><rect x="{}" y="{}" width="{}" height="{}" rx="8" fill="#f6f8fa" stroke="#d0d7de"{dash}/>"##,
            num(rect.x),
            num(rect.y),
            num(rect.w),
            num(rect.h)
        )?;
        writeln!(
            out,
            r#"<text x="{}" y="{}" font-size="14" font-weight="700" fill="{INK}">{}</text></g>"#,
            num(rect.x + PAD),
            num(rect.y + 20.0),
            escape(&fit(title, 80))
        )?;
    }
    let mut labels = String::new();
    writeln!(out, r#"<g class="edges" fill="none" stroke="{EDGE}">"#)?;
    for edge in &map.edges {
        let (from, to) = (layout.nodes[edge.from], layout.nodes[edge.to]);
        let ((x0, y0), (x1, y1)) = (from.center(), to.center());
        let (dx, dy) = (x1 - x0, y1 - y0);
        // The control point, off the straight line to its left.
        let bow = bow(edge.kind);
        let (cx, cy) = ((x0 + x1) / 2.0 - dy * bow, (y0 + y1) / 2.0 + dx * bow);
        let (sx, sy) = from.exit_toward(cx, cy);
        let (ex, ey) = to.exit_toward(cx, cy);
        let dash = match edge.kind {
            LinkKind::Call => "",
            LinkKind::Reference => r#" stroke-dasharray="5 4""#,
        };
        writeln!(
            out,
            r#"<path class="edge {}" data-from="{}" data-to="{}" d="M{},{} Q{},{} {},{}" stroke-width="1.3"{dash} marker-end="url(#{prefix}map-arrow)"/>"#,
            edge.kind.label(),
            map.nodes[edge.from].key,
            map.nodes[edge.to].key,
            num(sx),
            num(sy),
            num(cx),
            num(cy),
            num(ex),
            num(ey)
        )?;
        // The curve's middle.
        let (mx, my) = (
            0.25 * sx + 0.5 * cx + 0.25 * ex,
            0.25 * sy + 0.5 * cy + 0.25 * ey,
        );
        let label = edge.kind.label();
        let width = label.len() as f64 * 5.6 + 6.0;
        writeln!(
            labels,
            r##"<g class="label"><rect x="{}" y="{}" width="{}" height="14" rx="3" fill="#ffffff" fill-opacity="0.9"/><text x="{}" y="{}" text-anchor="middle" font-size="10" font-style="italic" fill="{EDGE}">{label}</text></g>"##,
            num(mx - width / 2.0),
            num(my - 7.0),
            num(width),
            num(mx),
            num(my + 3.5)
        )?;
    }
    writeln!(out, "</g>")?;
    // Under the nodes: a label never hides an SOP's text.
    writeln!(out, r#"<g class="labels">"#)?;
    out.push_str(&labels);
    writeln!(out, "</g>")?;
    writeln!(out, r#"<g class="nodes">"#)?;
    for (node, rect) in map.nodes.iter().zip(&layout.nodes) {
        draw_node(out, map, node, *rect, options, &prefix)?;
    }
    writeln!(out, "</g>")?;
    writeln!(out, "</svg>")
}

fn draw_node(
    out: &mut String,
    map: &Map,
    node: &MapNode,
    rect: Rect,
    options: &Options,
    prefix: &str,
) -> fmt::Result {
    let (class, fill, stroke, dash) = if !node.in_set() {
        (
            "node outside",
            "#ffffff",
            "#8c959f",
            r#" stroke-dasharray="6 4""#,
        )
    } else if node.retired() {
        (
            "node retired",
            "#eeeeee",
            "#8c959f",
            r#" stroke-dasharray="6 4""#,
        )
    } else {
        ("node", "#eaf1fb", "#3b5b8c", "")
    };
    writeln!(out, r#"<g class="{class}" id="{prefix}map-{}">"#, node.key)?;
    let mut tooltip = label_lines(node, usize::MAX).join(" ");
    if node.in_set() {
        tooltip.push_str(&format!(" ({})", node.status));
    }
    writeln!(out, "<title>{}</title>", escape(&tooltip))?;
    let link = map.link(node, options);
    if let Some(href) = &link {
        let href = escape(href);
        writeln!(out, r#"<a href="{href}" xlink:href="{href}">"#)?;
    }
    writeln!(
        out,
        r#"<rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}/>"#,
        num(rect.x),
        num(rect.y),
        num(rect.w),
        num(rect.h)
    )?;
    let mut lines = label_lines(node, WIDTH);
    let note = (muted(node) && lines.len() > 1).then(|| lines.pop());
    let id = fit(&lines.remove(0), WIDTH);
    let mut title: Vec<String> = lines.iter().map(|line| fit(line, WIDTH)).collect();
    if title.len() > TITLE_LINES {
        title.truncate(TITLE_LINES);
        let last = &mut title[TITLE_LINES - 1];
        *last = fit(&format!("{last}…"), WIDTH);
    }
    let x = num(rect.x + rect.w / 2.0);
    let mut y = rect.y + 6.0 + LINE / 2.0 + FONT * 0.35;
    let ink = if muted(node) { MUTED } else { INK };
    writeln!(
        out,
        r#"<text x="{x}" y="{}" text-anchor="middle" font-weight="700" fill="{ink}">{}</text>"#,
        num(y),
        escape(&id)
    )?;
    for line in title.iter().chain(note.flatten().as_ref()) {
        y += LINE;
        writeln!(
            out,
            r#"<text x="{x}" y="{}" text-anchor="middle" fill="{ink}">{}</text>"#,
            num(y),
            escape(line)
        )?;
    }
    if link.is_some() {
        writeln!(out, "</a>")?;
    }
    writeln!(out, "</g>")
}

/// Whether a node is drawn grey, its last line "(retired)" or "(not in this set)".
fn muted(node: &MapNode) -> bool {
    node.retired() || !node.in_set()
}

/// At most `width` characters, the last an ellipsis when cut.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}
