//! A layered (Sugiyama-style) layout of a chart, for drawing it without
//! Graphviz: where each box, lane, loop and arrow goes.
//!
//! A depth-first search from the start finds the edges that close cycles:
//! they are drawn as loops going back up, in a channel beside the boxes.
//! Nodes are ranked by longest path, long edges get a bend point on every
//! rank they cross, and barycenter sweeps order each rank. Each node is then
//! lined up with its median upper neighbour (after Brandes and Köpf), and a
//! weighted least-squares placement keeps those lines straight and
//! neighbours apart. Edges run orthogonally, their sideways runs in the gaps
//! between ranks, each on a track of its own. Text widths are estimated
//! for SVG (drawn in the reader's font), or the bundled font's own for PNG
//! and PDF ([`Font`]).
//!
//! One file per step: [`rank`] (which way edges run, ranks), `layers`
//! (bend points, order, x positions; `row_fit` places one row), `lanes`,
//! `loops`, `routes`, `bands` (the heights of ranks and gaps), `entries`
//! (edges into one top spread along it), `placement`, which runs them all,
//! and `turn`, which mirrors the result for a chart that runs left to right.

use super::{Chart, ChartNode, Direction, NodeKind, Options, wrap};

mod bands;
mod content;
mod entries;
mod geometry;
mod lanes;
mod layers;
mod loops;
mod placement;
pub mod rank;
mod routes;
mod row_fit;
mod text;
mod turn;

use bands::*;
pub use content::*;
use entries::*;
pub use geometry::*;
use lanes::*;
use layers::*;
use loops::*;
pub use placement::{LaneBox, Layout, Placed, Route, layout};
use placement::{below_heading, down, heading};
pub use rank::Course;
use rank::*;
use routes::*;
pub use text::*;
use turn::*;

/// Body text size and line height.
pub const FONT: f64 = 13.0;
pub const LINE: f64 = 17.0;
/// The role caption in a node.
pub const CAPTION_FONT: f64 = 11.0;
pub const CAPTION_LINE: f64 = 14.0;
/// Branch labels.
pub const LABEL_FONT: f64 = 11.5;
pub const LABEL_LINE: f64 = 14.0;
/// The heading with the SOP's id and title.
pub const HEADING_FONT: f64 = 18.0;
pub const HEADING_LINE: f64 = 24.0;

/// Characters per line: boxes, diamonds (narrower: their corners are
/// empty), branch labels.
pub const BOX_WRAP: usize = 28;
pub const DIAMOND_WRAP: usize = 20;
pub const LABEL_WRAP: usize = 22;

pub const MARGIN: f64 = 24.0;
pub const BOX_PAD_X: f64 = 12.0;
pub const BOX_PAD_Y: f64 = 9.0;
/// Room around a diamond's text, whose corners face its slanted sides.
pub const DIAMOND_PAD_X: f64 = 10.0;
pub const DIAMOND_PAD_Y: f64 = 7.0;
/// Distance of a sub-process box's inner bars from its sides.
pub const CALL_BAR: f64 = 8.0;
pub const MIN_BOX_W: f64 = 170.0;
pub const PILL_W: f64 = 96.0;
pub const PILL_H: f64 = 36.0;
/// Horizontal room between neighbours in a rank: boxes, and bend points.
pub const NODE_GAP: f64 = 40.0;
pub const BEND_GAP: f64 = 16.0;
/// Vertical room between ranks: below a node before the first horizontal
/// run, per horizontal run, and above the arrowhead's target.
pub const EXIT: f64 = 10.0;
pub const TRACK: f64 = 10.0;
pub const ARRIVE: f64 = 24.0;
/// Loops: distance of the channel from the nodes, between nested channels,
/// and of the short stub that leaves a node before turning.
pub const CHANNEL_GAP: f64 = 22.0;
pub const CHANNEL_STEP: f64 = 14.0;
pub const STUB: f64 = 16.0;
/// Width a self-loop needs beside its node.
pub const SELF_LOOP: f64 = 22.0;
/// Lanes: inner padding, and the narrowest lane (room for its header).
pub const LANE_PAD: f64 = 18.0;
pub const LANE_MIN_W: f64 = 200.0;
/// Ordering sweeps and placement passes: a few suffice for SOP-sized charts.
pub const SWEEPS: usize = 8;
pub const PASSES: usize = 16;
/// Bound on the sweeps that push straightened blocks apart; a few dozen do.
pub const STRAIGHTEN_SWEEPS: usize = 400;
/// Weight of a link chosen to be vertical (others weigh 1 to 8).
pub const ALIGNED: f64 = 64.0;
/// Weight of the link from a decision's side corner to the next node.
pub const SIDE_BRANCH: f64 = 16.0;
/// How far beyond a diamond's corner its side branch's next node goes.
pub const BRANCH_REACH: f64 = 30.0;
