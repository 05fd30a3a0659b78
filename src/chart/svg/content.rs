//! What goes inside each node's shape, and the shape's size and ports.

use super::*;

/// A node's text, wrapped, and the size of its shape.
#[derive(Debug, Clone)]
pub(super) struct Content {
    pub(super) kind: NodeKind,
    /// "3." before the first line.
    pub(super) number: Option<String>,
    /// The role, in small type above the text.
    pub(super) caption: Vec<String>,
    pub(super) lines: Vec<String>,
    /// "→ SOP <id>" under the text of a call.
    pub(super) call: Option<String>,
    pub(super) w: f64,
    pub(super) h: f64,
}

impl Content {
    pub(super) fn text_height(&self) -> f64 {
        self.caption.len() as f64 * CAPTION_LINE
            + self.lines.len() as f64 * LINE
            + if self.call.is_some() { LINE } else { 0.0 }
    }
}

/// Wraps a node's text and sizes its shape so the text fits inside.
pub(super) fn measure(node: &ChartNode) -> Content {
    let terminal = |text: &str| Content {
        kind: node.kind,
        number: None,
        caption: Vec::new(),
        lines: vec![text.to_string()],
        call: None,
        w: PILL_W,
        h: PILL_H,
    };
    let columns = match node.kind {
        NodeKind::Start => return terminal("Start"),
        NodeKind::End => return terminal("End"),
        NodeKind::Decision => DIAMOND_WRAP,
        NodeKind::Action | NodeKind::Call => BOX_WRAP,
    };
    let mut content = Content {
        kind: node.kind,
        number: node.number.map(|number| format!("{number}.")),
        caption: node
            .role
            .as_deref()
            .map(|role| wrap(&one_line(role), columns))
            .unwrap_or_default(),
        lines: wrap(&one_line(&node.text), columns),
        call: node
            .call
            .as_deref()
            .filter(|_| node.kind == NodeKind::Call)
            .map(|id| format!("→ SOP {}", one_line(id))),
        w: 0.0,
        h: 0.0,
    };
    let first = content
        .lines
        .first()
        .map_or(0.0, |line| text_width(line, FONT));
    let number = content.number.as_deref().map_or(0.0, |number| {
        text_width(number, FONT) * 1.1 + text_width(" ", FONT)
    });
    let text_w = widest(&content.caption, CAPTION_FONT)
        .max(widest(&content.lines, FONT))
        .max(first + number)
        .max(
            content
                .call
                .as_deref()
                .map_or(0.0, |call| text_width(call, FONT)),
        );
    let text_h = content.text_height();
    (content.w, content.h) = match node.kind {
        NodeKind::Decision => {
            // The text's rectangle touches the diamond's sides when
            // w/W + h/H = 1; W = w + 2h and H = h + w/2 do that.
            let (w, h) = (text_w + 16.0, text_h + 6.0);
            ((w + 2.0 * h).max(150.0), (h + w / 2.0).max(80.0))
        }
        NodeKind::Call => (
            (text_w + 2.0 * (BOX_PAD_X + CALL_BAR)).max(MIN_BOX_W),
            text_h + 2.0 * BOX_PAD_Y,
        ),
        _ => (
            (text_w + 2.0 * BOX_PAD_X).max(MIN_BOX_W),
            text_h + 2.0 * BOX_PAD_Y,
        ),
    };
    content
}

/// Where an edge leaves or enters a node's shape.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Port {
    Top,
    Bottom,
    /// On the left or right border, `dy` from the middle.
    Side(Side, f64),
}

/// The point of `port` on the border of a shape of `content`'s size,
/// relative to its center: on a diamond's edges, not its bounding box.
pub(super) fn port_offset(content: &Content, port: Port) -> Point {
    let (half_w, half_h) = (content.w / 2.0, content.h / 2.0);
    match port {
        Port::Top => Point { x: 0.0, y: -half_h },
        Port::Bottom => Point { x: 0.0, y: half_h },
        Port::Side(side, dy) => {
            let reach = if content.kind == NodeKind::Decision {
                half_w * (1.0 - (dy.abs() / half_h).min(1.0))
            } else {
                half_w
            };
            Point {
                x: side.sign() * reach,
                y: dy,
            }
        }
    }
}
