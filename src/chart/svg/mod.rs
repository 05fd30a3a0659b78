//! SVG without Graphviz: the [`layout`](super::layout) drawn as plain SVG
//! shapes a trainer can print, read top to bottom or left to right. All SOP
//! text is escaped.

use super::layout::*;
use super::{Chart, ChartNode, Direction, NodeKind, Options};

pub(crate) mod draw;
pub(crate) mod escape;

use draw::*;
use escape::*;

/// Font stack of all text with [`Font::Any`]: whatever sans-serif the
/// reader's system has.
pub(crate) const FONT_FAMILY: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif";
/// Radius of an edge's rounded corners.
const CORNER: f64 = 7.0;

/// Draws `chart` as a standalone SVG document.
pub fn render(chart: &Chart, options: &Options) -> String {
    let layout = layout(chart, options);
    let mut out = String::new();
    // Writing to a String cannot fail.
    draw(&mut out, chart, options, &layout).map_or_else(|_| String::new(), |()| out)
}
