//! What goes inside each node's shape, and the shape's size and ports.

use super::*;

/// A node's text, wrapped, and the size of its shape.
#[derive(Debug, Clone)]
pub struct Content {
    pub kind: NodeKind,
    /// "3." before the first line.
    pub number: Option<String>,
    /// The role, in small type above the text.
    pub caption: Vec<String>,
    pub lines: Vec<String>,
    /// "→ SOP <id>" under the text of a call.
    pub call: Option<String>,
    pub w: f64,
    pub h: f64,
}

impl Content {
    /// Width and height swapped: the shape as a left-to-right layout sees
    /// it before it is mirrored.
    pub(super) fn turn(&mut self) {
        (self.w, self.h) = (self.h, self.w);
    }

    pub fn text_height(&self) -> f64 {
        self.caption.len() as f64 * CAPTION_LINE
            + self.lines.len() as f64 * LINE
            + if self.call.is_some() { LINE } else { 0.0 }
    }
}

/// Wraps a node's text and sizes its shape so the text fits inside.
pub(super) fn measure(node: &ChartNode, font: Font) -> Content {
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
        .map_or(0.0, |line| font.width(line, FONT));
    let number = content.number.as_deref().map_or(0.0, |number| {
        font.bold_width(number, FONT) + font.width(" ", FONT)
    });
    let text_w = font
        .widest(&content.caption, CAPTION_FONT)
        .max(font.widest(&content.lines, FONT))
        .max(first + number)
        .max(
            content
                .call
                .as_deref()
                .map_or(0.0, |call| font.width(call, FONT)),
        );
    let text_h = content.text_height();
    (content.w, content.h) = match node.kind {
        NodeKind::Decision => {
            // The text's rectangle, with room around it, touches the
            // diamond's sides when w/W + h/H = 1; W = w + 2h and
            // H = h + w/2 do that.
            let (w, h) = (text_w + 2.0 * DIAMOND_PAD_X, text_h + 2.0 * DIAMOND_PAD_Y);
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
    /// On the top border, `dx` from the middle: edges into one node enter
    /// at points of their own.
    Top(f64),
    Bottom,
    /// On the left or right border, `dy` from the middle.
    Side(Side, f64),
}

/// The point of `port` on the border of a shape of `content`'s size,
/// relative to its center: on a diamond's edges, not its bounding box.
pub(super) fn port_offset(content: &Content, port: Port) -> Point {
    let (half_w, half_h) = (content.w / 2.0, content.h / 2.0);
    match port {
        Port::Top(dx) => {
            // A diamond's top is a corner: beside it, its upper edges.
            let drop = if content.kind == NodeKind::Decision {
                half_h * (dx.abs() / half_w).min(1.0)
            } else {
                0.0
            };
            Point {
                x: dx,
                y: -half_h + drop,
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The width of a node's widest line as drawn: the number in bold
    /// (about a tenth wider) and a space before the first line.
    fn text_width_drawn(content: &Content, font: Font) -> f64 {
        let first = match (&content.number, content.lines.first()) {
            (Some(number), Some(line)) => {
                font.bold_width(number, FONT) + font.width(&format!(" {line}"), FONT)
            }
            _ => 0.0,
        };
        font.widest(&content.lines, FONT)
            .max(first)
            .max(font.widest(&content.caption, CAPTION_FONT))
            .max(
                content
                    .call
                    .as_deref()
                    .map_or(0.0, |call| font.width(call, FONT)),
            )
    }

    #[test]
    fn text_fits_its_shape() {
        let texts = [
            "Go",
            "Check the caller's account number against the register and confirm the address",
            "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW MMMMMMMMMMMMMMMMMMM",
            "emoji 🎉👩‍💻 and RTL مرحبا بالعالم שלום and 漢字の長い説明文をここに書きます",
            "</text><script>alert(1)</script> &amp; &lt; & < >",
        ];
        for (font, kind) in [Font::Any, Font::Bundled].into_iter().flat_map(|font| {
            [NodeKind::Action, NodeKind::Call, NodeKind::Decision].map(|kind| (font, kind))
        }) {
            for text in texts {
                for role in [None, Some("Senior customer service representative")] {
                    let node = ChartNode {
                        key: "s12".into(),
                        kind,
                        step_id: None,
                        number: Some(12),
                        text: text.into(),
                        role: role.map(str::to_string),
                        role_description: None,
                        call: Some("CS-020-very-long-called-procedure-id".into()),
                        line: None,
                    };
                    let content = measure(&node, font);
                    let (text_w, text_h) =
                        (text_width_drawn(&content, font), content.text_height());
                    match kind {
                        // The text's rectangle lies inside the diamond.
                        NodeKind::Decision => {
                            assert!(text_w / content.w + text_h / content.h <= 1.0, "{text}")
                        }
                        NodeKind::Call => assert!(
                            text_w + 2.0 * (BOX_PAD_X + CALL_BAR) <= content.w + 0.01,
                            "{text}"
                        ),
                        _ => assert!(text_w + 2.0 * BOX_PAD_X <= content.w + 0.01, "{text}"),
                    }
                    assert!(text_h < content.h, "{text}");
                }
            }
        }
    }
}
