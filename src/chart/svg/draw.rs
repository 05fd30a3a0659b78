//! Drawing the layout as SVG.

use std::fmt::{self, Write as _};

use super::*;

pub(super) const INK: &str = "#1f2933";
pub(super) const MUTED: &str = "#57606a";
pub(super) const EDGE: &str = "#3d4852";

/// Fill and stroke of each kind of shape.
pub(super) fn colors(kind: NodeKind) -> (&'static str, &'static str) {
    match kind {
        NodeKind::Start | NodeKind::End => ("#e6e9ee", "#4b5563"),
        NodeKind::Action => ("#eaf1fb", "#3b5b8c"),
        NodeKind::Call => ("#e9f5ec", "#2f6b3a"),
        NodeKind::Decision => ("#fff4d6", "#9a6b00"),
    }
}

/// A number in SVG: one decimal, no "-0".
pub(crate) fn num(value: f64) -> Num {
    Num(value)
}

/// A number that writes itself as [`num`] says when formatted, without a
/// string of its own: a chart has thousands of numbers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Num(f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = (self.0 * 10.0).round();
        if tenths == 0.0 {
            return f.write_str("0");
        }
        // Written from the whole tenths, as float formatting is slow.
        // Below 10^15 the tenths are exact.
        if tenths.abs() < 1e15 {
            if tenths < 0.0 {
                f.write_char('-')?;
            }
            let tenths = tenths.abs() as u64;
            f.write_str(itoa::Buffer::new().format(tenths / 10))?;
            return match tenths % 10 {
                0 => Ok(()),
                tenth => {
                    f.write_char('.')?;
                    f.write_char(char::from(b'0' + tenth as u8))
                }
            };
        }
        let rounded = tenths / 10.0;
        if rounded.fract() == 0.0 {
            write!(f, "{rounded:.0}")
        } else {
            write!(f, "{rounded:.1}")
        }
    }
}

/// The id prefix of the options, reduced to characters safe in an id.
pub(crate) fn id_prefix(options: &Options) -> String {
    options
        .id_prefix
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

pub(super) fn draw(
    out: &mut String,
    chart: &Chart,
    options: &Options,
    layout: &Layout,
) -> fmt::Result {
    let heading = layout.heading.join(" ");
    let title = escape(&heading);
    let prefix = id_prefix(options);
    let (w, h) = (num(layout.width), num(layout.height));
    let family = match options.font {
        Font::Any => FONT_FAMILY,
        Font::Bundled => super::super::font::FAMILY,
    };
    writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="Flowchart: {title}" font-family="{family}" font-size="{FONT}">"#
    )?;
    writeln!(out, "<title>{title}</title>")?;
    writeln!(
        out,
        r#"<defs><marker id="{prefix}arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="10" markerHeight="10" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,1 L10,5 L0,9 z" fill="{EDGE}"/></marker></defs>"#
    )?;
    writeln!(
        out,
        r##"<rect x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>"##
    )?;
    for (index, line) in layout.heading.iter().enumerate() {
        let y = MARGIN + index as f64 * HEADING_LINE + HEADING_FONT * 0.8;
        writeln!(
            out,
            r#"<text class="heading" x="{}" y="{}" font-size="{HEADING_FONT}" font-weight="700" fill="{INK}">{}</text>"#,
            num(MARGIN),
            num(y),
            escape(line)
        )?;
    }
    draw_lanes(out, layout, &prefix)?;
    writeln!(
        out,
        r#"<g class="edges" fill="none" stroke="{EDGE}" stroke-width="1.4">"#
    )?;
    for (edge, route) in chart.edges.iter().zip(&layout.edges) {
        let Some(route) = route else { continue };
        let kind = if route.kind == Course::Down {
            "edge"
        } else {
            "edge loop"
        };
        let key =
            |index: usize| escape(chart.nodes.get(index).map_or("", |node| node.key.as_str()));
        writeln!(
            out,
            r#"<path class="{kind}" data-from="{}" data-to="{}" d="{}" marker-end="url(#{prefix}arrow)"/>"#,
            key(edge.from),
            key(edge.to),
            path_data(&route.points)
        )?;
    }
    writeln!(out, "</g>")?;
    writeln!(out, r#"<g class="nodes">"#)?;
    for (node, placed) in chart.nodes.iter().zip(&layout.nodes) {
        draw_node(out, node, placed, options)?;
    }
    writeln!(out, "</g>")?;
    writeln!(out, r#"<g class="labels">"#)?;
    for (text, rect) in layout
        .edges
        .iter()
        .flatten()
        .filter_map(|route| route.label.as_ref())
    {
        draw_label(out, text, rect)?;
    }
    writeln!(out, "</g>")?;
    writeln!(out, "</svg>")
}

pub(super) fn draw_lanes(out: &mut String, layout: &Layout, prefix: &str) -> fmt::Result {
    for (index, lane) in layout.lanes.iter().enumerate() {
        let column = lane.column;
        let fill = if index % 2 == 0 { "#f6f8fa" } else { "#ffffff" };
        writeln!(out, r#"<g class="lane" id="{prefix}lane-{index}">"#)?;
        writeln!(
            out,
            r##"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}" stroke="#d0d7de"/>"##,
            num(column.x),
            num(column.y),
            num(column.w),
            num(column.h)
        )?;
        // Across the page, the header is a strip on the lane's left, its
        // text turned to read upwards: drawn as a header on top, in a
        // frame turned a quarter.
        let (header, along) = match layout.direction {
            Direction::TopDown => (
                Rect {
                    h: lane.header,
                    ..column
                },
                column,
            ),
            Direction::LeftRight => (
                Rect {
                    w: lane.header,
                    ..column
                },
                Rect {
                    x: 0.0,
                    y: 0.0,
                    w: column.h,
                    h: column.w,
                },
            ),
        };
        writeln!(
            out,
            r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#e8edf3" stroke="#d0d7de"/>"##,
            num(header.x),
            num(header.y),
            num(header.w),
            num(header.h)
        )?;
        if layout.direction == Direction::LeftRight {
            writeln!(
                out,
                r#"<g transform="translate({} {}) rotate(-90)">"#,
                num(column.x),
                num(column.bottom())
            )?;
        }
        let column = along;
        let middle = num(column.x + column.w / 2.0);
        writeln!(
            out,
            r#"<text x="{middle}" y="{}" text-anchor="middle" font-weight="700" fill="{INK}">{}</text>"#,
            num(column.y + 14.0 + LINE / 2.0 + FONT * 0.35),
            escape(&lane.title)
        )?;
        for (line_index, line) in lane.description.iter().enumerate() {
            let y = column.y
                + 14.0
                + LINE
                + line_index as f64 * CAPTION_LINE
                + CAPTION_LINE / 2.0
                + CAPTION_FONT * 0.35;
            writeln!(
                out,
                r#"<text x="{middle}" y="{}" text-anchor="middle" font-size="{CAPTION_FONT}" fill="{MUTED}">{}</text>"#,
                num(y),
                escape(line)
            )?;
        }
        if layout.direction == Direction::LeftRight {
            writeln!(out, "</g>")?;
        }
        writeln!(out, "</g>")?;
    }
    Ok(())
}

pub(super) fn draw_node(
    out: &mut String,
    node: &ChartNode,
    placed: &Placed,
    options: &Options,
) -> fmt::Result {
    let content = &placed.content;
    let shape = placed.shape();
    let (fill, stroke) = colors(content.kind);
    writeln!(
        out,
        r#"<g class="node {}" id="{}node-{}">"#,
        content.kind.as_str(),
        id_prefix(options),
        escape(&node.key)
    )?;
    writeln!(out, "<title>{}</title>", escape(&tooltip(node)))?;
    let link = node
        .call
        .as_deref()
        .filter(|_| content.kind == NodeKind::Call)
        .and_then(|id| options.call_link(id));
    if let Some(href) = &link {
        let href = escape(href);
        writeln!(out, r#"<a href="{href}" xlink:href="{href}">"#)?;
    }
    let geometry = format!(r#"fill="{fill}" stroke="{stroke}" stroke-width="1.5""#);
    let (x, y, w, h) = (num(shape.x), num(shape.y), num(shape.w), num(shape.h));
    match content.kind {
        NodeKind::Start | NodeKind::End => writeln!(
            out,
            r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{}" {geometry}/>"#,
            num(shape.h / 2.0)
        )?,
        NodeKind::Action => writeln!(
            out,
            r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="8" {geometry}/>"#
        )?,
        NodeKind::Call => {
            writeln!(
                out,
                r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="2" {geometry}/>"#
            )?;
            for bar in [shape.x + CALL_BAR, shape.right() - CALL_BAR] {
                writeln!(
                    out,
                    r#"<line x1="{b}" y1="{y}" x2="{b}" y2="{}" stroke="{stroke}" stroke-width="1.5"/>"#,
                    num(shape.bottom()),
                    b = num(bar)
                )?;
            }
        }
        NodeKind::Decision => {
            let c = placed.center;
            writeln!(
                out,
                r#"<polygon points="{},{} {},{} {},{} {},{}" {geometry}/>"#,
                num(c.x),
                num(shape.y),
                num(shape.right()),
                num(c.y),
                num(c.x),
                num(shape.bottom()),
                num(shape.x),
                num(c.y)
            )?
        }
    }
    draw_node_text(out, placed)?;
    if link.is_some() {
        writeln!(out, "</a>")?;
    }
    writeln!(out, "</g>")
}

/// The full text of a node, for a tooltip.
pub(super) fn tooltip(node: &ChartNode) -> String {
    let mut text = match node.number {
        Some(number) => format!("{number}. {}", one_line(&node.text)),
        None => one_line(&node.text),
    };
    if let Some(role) = &node.role {
        text.push_str(&format!(" ({})", one_line(role)));
    }
    if let Some(call) = &node.call {
        text.push_str(&format!(" → SOP {}", one_line(call)));
    }
    text
}

/// The caption, the lines (the first after the step number) and the called
/// SOP, centered in the shape.
pub(super) fn draw_node_text(out: &mut String, placed: &Placed) -> fmt::Result {
    let content = &placed.content;
    let x = num(placed.center.x);
    let mut top = placed.center.y - content.text_height() / 2.0;
    for line in &content.caption {
        writeln!(
            out,
            r#"<text class="role" x="{x}" y="{}" text-anchor="middle" font-size="{CAPTION_FONT}" fill="{MUTED}">{}</text>"#,
            num(top + CAPTION_LINE / 2.0 + CAPTION_FONT * 0.35),
            escape(line)
        )?;
        top += CAPTION_LINE;
    }
    for (index, line) in content.lines.iter().enumerate() {
        let y = num(top + LINE / 2.0 + FONT * 0.35);
        let number = match (&content.number, index) {
            (Some(number), 0) => format!(r#"<tspan font-weight="700">{}</tspan> "#, escape(number)),
            _ => String::new(),
        };
        writeln!(
            out,
            r#"<text x="{x}" y="{y}" text-anchor="middle" fill="{INK}">{number}{}</text>"#,
            escape(line)
        )?;
        top += LINE;
    }
    if let Some(call) = &content.call {
        writeln!(
            out,
            r##"<text class="call" x="{x}" y="{}" text-anchor="middle" fill="#1d5e2e" text-decoration="underline">{}</text>"##,
            num(top + LINE / 2.0 + FONT * 0.35),
            escape(call)
        )?;
    }
    Ok(())
}

pub(super) fn draw_label(out: &mut String, text: &LabelText, rect: &Rect) -> fmt::Result {
    writeln!(out, r#"<g class="label">"#)?;
    writeln!(
        out,
        r##"<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="#ffffff" fill-opacity="0.92"/>"##,
        num(rect.x),
        num(rect.y),
        num(rect.w),
        num(rect.h)
    )?;
    for (index, line) in text.lines.iter().enumerate() {
        let y = rect.y + 2.0 + index as f64 * LABEL_LINE + LABEL_LINE / 2.0 + LABEL_FONT * 0.35;
        writeln!(
            out,
            r#"<text x="{}" y="{}" font-size="{LABEL_FONT}" font-style="italic" fill="{EDGE}">{}</text>"#,
            num(rect.x + 4.0),
            num(y),
            escape(line)
        )?;
    }
    writeln!(out, "</g>")
}

/// An orthogonal polyline as a path with rounded corners.
pub(super) fn path_data(points: &[Point]) -> String {
    let mut clean: Vec<Point> = Vec::with_capacity(points.len());
    for &point in points {
        if clean
            .last()
            .is_some_and(|last| (last.x - point.x).abs() < 0.05 && (last.y - point.y).abs() < 0.05)
        {
            continue;
        }
        // Drop a middle point on a straight line.
        if let [.., a, b] = clean[..]
            && ((a.x - b.x).abs() < 0.05 && (b.x - point.x).abs() < 0.05
                || (a.y - b.y).abs() < 0.05 && (b.y - point.y).abs() < 0.05)
        {
            clean.pop();
        }
        clean.push(point);
    }
    let mut d = String::new();
    for (index, &point) in clean.iter().enumerate() {
        let (Some(&before), Some(&after)) = (
            index.checked_sub(1).and_then(|i| clean.get(i)),
            clean.get(index + 1),
        ) else {
            let command = if index == 0 { 'M' } else { 'L' };
            let _ = write!(d, "{command}{},{} ", num(point.x), num(point.y));
            continue;
        };
        let length = |a: Point, b: Point| (a.x - b.x).abs() + (a.y - b.y).abs();
        let radius = CORNER
            .min(length(before, point) / 2.0)
            .min(length(point, after) / 2.0);
        let toward = |from: Point, to: Point, distance: f64| {
            let total = length(from, to).max(0.001);
            Point {
                x: from.x + (to.x - from.x) * distance / total,
                y: from.y + (to.y - from.y) * distance / total,
            }
        };
        let (a, b) = (toward(point, before, radius), toward(point, after, radius));
        // Writing to a String cannot fail.
        let _ = write!(
            d,
            "L{},{} Q{},{} {},{} ",
            num(a.x),
            num(a.y),
            num(point.x),
            num(point.y),
            num(b.x),
            num(b.y)
        );
    }
    d.truncate(d.trim_end().len());
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_random::Random;

    /// What `num` wrote before it wrote whole tenths.
    fn formatted(value: f64) -> String {
        let rounded = (value * 10.0).round() / 10.0;
        if rounded == 0.0 {
            "0".to_string()
        } else if rounded.fract() == 0.0 {
            format!("{rounded:.0}")
        } else {
            format!("{rounded:.1}")
        }
    }

    #[test]
    fn numbers_are_written_as_float_formatting_writes_them() {
        let mut random = Random::new(3);
        let edges = [
            0.0, -0.0, 0.04, -0.04, 0.05, -0.05, 0.25, 1e14, -1e14, 1e15, 1e300,
        ];
        let values = edges.into_iter().chain((0..20_000).map(|_| {
            let scale = [1.0, 10.0, 1000.0, 1e9, 1e16][random.below(5)];
            (random.below(2_000_001) as f64 - 1_000_000.0) / 1_000_000.0 * scale
        }));
        for value in values.chain([f64::NAN, f64::INFINITY, f64::NEG_INFINITY]) {
            assert_eq!(num(value).to_string(), formatted(value), "{value:e}");
        }
    }
}
