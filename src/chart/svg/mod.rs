//! SVG without Graphviz: a layered (Sugiyama-style) layout computed here,
//! then plain SVG shapes a trainer can print, read top to bottom.
//!
//! A depth-first search from the start finds the edges that close cycles:
//! they are drawn as loops going back up, in a channel beside the boxes.
//! Nodes are ranked by longest path, long edges get a bend point on every
//! rank they cross, and barycenter sweeps order each rank. Each node is then
//! lined up with its median upper neighbour (after Brandes and Köpf), and a
//! weighted least-squares placement keeps those lines straight and
//! neighbours apart. Edges run orthogonally, their sideways runs in the gaps
//! between ranks, each on a track of its own. All SOP text is escaped; text
//! widths are estimated, no font is loaded.

use super::{Chart, ChartNode, NodeKind, Options, wrap};

mod content;
mod draw;
mod geometry;
mod lanes;
mod layers;
mod layout;
mod loops;
mod rank;
mod routes;
#[cfg(test)]
mod tests;
mod text;

use content::*;
use draw::*;
use geometry::*;
use lanes::*;
use layers::*;
use layout::*;
use loops::*;
pub use rank::bend_points;
use rank::*;
use routes::*;
use text::*;

/// Font stack of all text: whatever sans-serif the reader's system has.
const FONT_FAMILY: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif";
/// Body text size and line height.
const FONT: f64 = 13.0;
const LINE: f64 = 17.0;
/// The role caption in a node.
const CAPTION_FONT: f64 = 11.0;
const CAPTION_LINE: f64 = 14.0;
/// Branch labels.
const LABEL_FONT: f64 = 11.5;
const LABEL_LINE: f64 = 14.0;
/// The heading with the SOP's id and title.
const HEADING_FONT: f64 = 18.0;
const HEADING_LINE: f64 = 24.0;

/// Characters per line: boxes, diamonds (narrower: their corners are
/// empty), branch labels.
const BOX_WRAP: usize = 28;
const DIAMOND_WRAP: usize = 20;
const LABEL_WRAP: usize = 22;

const MARGIN: f64 = 24.0;
const BOX_PAD_X: f64 = 12.0;
const BOX_PAD_Y: f64 = 9.0;
/// Distance of a sub-process box's inner bars from its sides.
const CALL_BAR: f64 = 8.0;
const MIN_BOX_W: f64 = 170.0;
const PILL_W: f64 = 96.0;
const PILL_H: f64 = 36.0;
/// Horizontal room between neighbours in a rank: boxes, and bend points.
const NODE_GAP: f64 = 40.0;
const BEND_GAP: f64 = 16.0;
/// Vertical room between ranks: below a node before the first horizontal
/// run, per horizontal run, and above the arrowhead's target.
const EXIT: f64 = 10.0;
const TRACK: f64 = 10.0;
const ARRIVE: f64 = 24.0;
/// Loops: distance of the channel from the nodes, between nested channels,
/// and of the short stub that leaves a node before turning.
const CHANNEL_GAP: f64 = 22.0;
const CHANNEL_STEP: f64 = 14.0;
const STUB: f64 = 16.0;
/// Width a self-loop needs beside its node.
const SELF_LOOP: f64 = 22.0;
/// Lanes: inner padding, and the narrowest lane (room for its header).
const LANE_PAD: f64 = 18.0;
const LANE_MIN_W: f64 = 200.0;
/// Radius of an edge's rounded corners.
const CORNER: f64 = 7.0;
/// Ordering sweeps and placement passes: a few suffice for SOP-sized charts.
const SWEEPS: usize = 8;
const PASSES: usize = 16;
/// Bound on the sweeps that push straightened blocks apart; a few dozen do.
const STRAIGHTEN_SWEEPS: usize = 400;
/// Weight of a link chosen to be vertical (others weigh 1 to 8).
const ALIGNED: f64 = 64.0;
/// Weight of the link from a decision's side corner to the next node.
const SIDE_BRANCH: f64 = 16.0;
/// How far beyond a diamond's corner its side branch's next node goes.
const BRANCH_REACH: f64 = 30.0;

/// Draws `chart` as a standalone SVG document.
pub fn render(chart: &Chart, options: &Options) -> String {
    let layout = layout(chart, options);
    let mut out = String::new();
    // Writing to a String cannot fail.
    draw(&mut out, chart, options, &layout).map_or_else(|_| String::new(), |()| out)
}
