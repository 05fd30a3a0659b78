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

use std::collections::VecDeque;
use std::fmt::{self, Write as _};

use super::{Chart, ChartNode, NodeKind, Options, wrap};

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

// ---------------------------------------------------------------------------
// Geometry

#[derive(Debug, Clone, Copy, PartialEq)]
struct Point {
    x: f64,
    y: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn centered(center: Point, w: f64, h: f64) -> Rect {
        Rect {
            x: center.x - w / 2.0,
            y: center.y - h / 2.0,
            w,
            h,
        }
    }

    fn right(&self) -> f64 {
        self.x + self.w
    }

    fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// Whether the interiors meet (touching edges do not count).
    #[cfg(test)]
    fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }

    #[cfg(test)]
    fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x - 0.01
            && other.right() <= self.right() + 0.01
            && other.y >= self.y - 0.01
            && other.bottom() <= self.bottom() + 0.01
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
}

impl Side {
    fn sign(self) -> f64 {
        match self {
            Side::Left => -1.0,
            Side::Right => 1.0,
        }
    }

    fn index(self) -> usize {
        match self {
            Side::Left => 0,
            Side::Right => 1,
        }
    }
}

// ---------------------------------------------------------------------------
// Text

/// SOP text made inert in XML text and attribute values: the five special
/// characters become references, characters XML 1.0 forbids are dropped, and
/// tabs and line breaks become spaces (every text here is one line).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(' '),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The link of a call box: the template with `{id}` replaced by the
/// percent-encoded id. The id cannot bring a scheme in; a template that names
/// one other than http(s) (`javascript:`, `data:`...) gives no link at all.
fn call_href(template: &str, id: &str) -> Option<String> {
    let href = template.replace("{id}", &crate::encode::percent_encode(id, b""));
    if let Some(end) = href.find([':', '/', '?', '#'])
        && href[end..].starts_with(':')
    {
        let scheme: String = href[..end]
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return None;
        }
    }
    Some(href)
}

/// Text on one line: runs of whitespace become one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Estimated width of `text` at `size` px. No font is loaded, so glyphs are
/// sorted into rough width classes: about 7px for a letter at 13px, more for
/// capitals, wide scripts and emoji, less for thin letters.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(glyph_units).sum::<f64>() * size * 0.54
}

fn glyph_units(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | 'I' | 'f' | 't' | 'r' | ' ' | '.' | ',' | ':' | ';' | '\'' | '|'
        | '!' => 0.6,
        'm' | 'w' | 'M' | 'W' | '@' | '%' => 1.5,
        'A'..='Z' => 1.25,
        '\u{0}'..='\u{1f}'
        | '\u{300}'..='\u{36f}'
        | '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{fe00}'..='\u{fe0f}' => 0.0,
        '\u{1100}'..='\u{115f}'
        | '\u{2600}'..='\u{27bf}'
        | '\u{2e80}'..='\u{a4cf}'
        | '\u{ac00}'..='\u{d7a3}'
        | '\u{f900}'..='\u{faff}'
        | '\u{fe30}'..='\u{fe4f}'
        | '\u{ff00}'..='\u{ff60}'
        | '\u{1f000}'..='\u{1faff}'
        | '\u{20000}'..='\u{3fffd}' => 1.9,
        _ => 1.0,
    }
}

fn widest(lines: &[String], size: f64) -> f64 {
    lines
        .iter()
        .map(|line| text_width(line, size))
        .fold(0.0, f64::max)
}

/// A branch label wrapped, with the size of its white backing.
#[derive(Debug, Clone)]
struct LabelText {
    lines: Vec<String>,
    w: f64,
    h: f64,
}

fn label_text(label: &str) -> Option<LabelText> {
    let label = one_line(label);
    if label.is_empty() {
        return None;
    }
    let lines = wrap(&label, LABEL_WRAP);
    Some(LabelText {
        w: widest(&lines, LABEL_FONT) + 8.0,
        h: lines.len() as f64 * LABEL_LINE + 4.0,
        lines,
    })
}

// ---------------------------------------------------------------------------
// Node contents

/// A node's text, wrapped, and the size of its shape.
#[derive(Debug, Clone)]
struct Content {
    kind: NodeKind,
    /// "3." before the first line.
    number: Option<String>,
    /// The role, in small type above the text.
    caption: Vec<String>,
    lines: Vec<String>,
    /// "→ SOP <id>" under the text of a call.
    call: Option<String>,
    w: f64,
    h: f64,
}

impl Content {
    fn text_height(&self) -> f64 {
        self.caption.len() as f64 * CAPTION_LINE
            + self.lines.len() as f64 * LINE
            + if self.call.is_some() { LINE } else { 0.0 }
    }
}

/// Wraps a node's text and sizes its shape so the text fits inside.
fn measure(node: &ChartNode) -> Content {
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
enum Port {
    Top,
    Bottom,
    /// On the left or right border, `dy` from the middle.
    Side(Side, f64),
}

/// The point of `port` on the border of a shape of `content`'s size,
/// relative to its center: on a diamond's edges, not its bounding box.
fn port_offset(content: &Content, port: Port) -> Point {
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

// ---------------------------------------------------------------------------
// Edges: which way they run

/// How an edge is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Course {
    /// Down the ranks.
    Down,
    /// Closes a cycle: a loop going back up along the side.
    Up,
    /// From a node to itself.
    Itself,
    /// An end is not a node: not drawn.
    Broken,
}

fn courses(chart: &Chart) -> Vec<Course> {
    let back = back_edges(chart);
    let count = chart.nodes.len();
    chart
        .edges
        .iter()
        .zip(back)
        .map(|(edge, back)| {
            if edge.from >= count || edge.to >= count {
                Course::Broken
            } else if edge.from == edge.to {
                Course::Itself
            } else if back {
                Course::Up
            } else {
                Course::Down
            }
        })
        .collect()
}

/// Edges that close a cycle, found by a depth-first search from the start
/// (node 0, then any node it misses, in list order), following edges in
/// list order of their targets so that loops are the jumps back up the list.
fn back_edges(chart: &Chart) -> Vec<bool> {
    let count = chart.nodes.len();
    let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); count];
    for (index, edge) in chart.edges.iter().enumerate() {
        if edge.from < count && edge.to < count {
            out[edge.from].push((edge.to, index));
        }
    }
    for targets in &mut out {
        targets.sort_unstable();
    }
    #[derive(Clone, Copy, PartialEq)]
    enum Seen {
        New,
        OnPath,
        Done,
    }
    let mut seen = vec![Seen::New; count];
    let mut back = vec![false; chart.edges.len()];
    for root in 0..count {
        if seen[root] != Seen::New {
            continue;
        }
        seen[root] = Seen::OnPath;
        let mut stack = vec![(root, 0)];
        while let Some(top) = stack.last_mut() {
            let node = top.0;
            if let Some(&(to, edge)) = out[node].get(top.1) {
                top.1 += 1;
                match seen[to] {
                    Seen::New => {
                        seen[to] = Seen::OnPath;
                        stack.push((to, 0));
                    }
                    Seen::OnPath => back[edge] = true,
                    Seen::Done => {}
                }
            } else {
                seen[node] = Seen::Done;
                stack.pop();
            }
        }
    }
    back
}

/// Ranks by longest path over the edges with loops reversed, so every edge
/// runs at least one rank down; the end goes below everything.
fn rank_nodes(chart: &Chart, courses: &[Course]) -> Vec<usize> {
    let count = chart.nodes.len();
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut indegree = vec![0_usize; count];
    for (edge, course) in chart.edges.iter().zip(courses) {
        let (from, to) = match course {
            Course::Down => (edge.from, edge.to),
            Course::Up => (edge.to, edge.from),
            Course::Itself | Course::Broken => continue,
        };
        next[from].push(to);
        indegree[to] += 1;
    }
    let mut rank = vec![0; count];
    let mut ready: VecDeque<usize> = (0..count).filter(|&node| indegree[node] == 0).collect();
    while let Some(node) = ready.pop_front() {
        for &to in &next[node] {
            rank[to] = rank[to].max(rank[node] + 1);
            indegree[to] -= 1;
            if indegree[to] == 0 {
                ready.push_back(to);
            }
        }
    }
    let is_end = |node: usize| chart.nodes[node].kind == NodeKind::End;
    if let Some(deepest) = (0..count)
        .filter(|&node| !is_end(node))
        .map(|node| rank[node])
        .max()
    {
        for node in (0..count).filter(|&node| is_end(node) && next[node].is_empty()) {
            rank[node] = rank[node].max(deepest + 1);
        }
    }
    rank
}

// ---------------------------------------------------------------------------
// Lanes

#[derive(Debug, Clone)]
struct LaneSpec {
    title: String,
    description: Option<String>,
}

fn is_step(node: &ChartNode) -> bool {
    !matches!(node.kind, NodeKind::Start | NodeKind::End)
}

/// The lanes and each node's lane: one lane per role in order of first
/// appearance, then "(no role)" if a step has none; start and end join the
/// lane of the first step they lead to and the last step leading to them.
/// Without lanes, one untitled lane holds everything.
fn assign_lanes(chart: &Chart, lanes: bool) -> (Vec<LaneSpec>, Vec<usize>) {
    let count = chart.nodes.len();
    if !lanes {
        let spec = LaneSpec {
            title: String::new(),
            description: None,
        };
        return (vec![spec], vec![0; count]);
    }
    let roles = chart.lanes();
    let mut specs: Vec<LaneSpec> = roles
        .iter()
        .map(|&role| LaneSpec {
            title: role.to_string(),
            description: chart
                .nodes
                .iter()
                .filter(|node| node.role.as_deref() == Some(role))
                .find_map(|node| node.role_description.clone()),
        })
        .collect();
    let roleless = chart
        .nodes
        .iter()
        .any(|node| is_step(node) && node.role.is_none());
    if roleless || specs.is_empty() {
        specs.push(LaneSpec {
            title: "(no role)".to_string(),
            description: None,
        });
    }
    let no_role = specs.len() - 1;
    let step_lane = |node: &ChartNode| {
        node.role
            .as_deref()
            .and_then(|role| roles.iter().position(|&lane| lane == role))
            .unwrap_or(no_role)
    };
    let steps_around = |node: usize, forward: bool| {
        chart
            .edges
            .iter()
            .filter_map(move |edge| {
                let (here, there) = if forward {
                    (edge.from, edge.to)
                } else {
                    (edge.to, edge.from)
                };
                (here == node).then_some(there)
            })
            .filter(|&there| chart.nodes.get(there).is_some_and(is_step))
    };
    let lane = (0..count)
        .map(|node| match chart.nodes[node].kind {
            NodeKind::Start => steps_around(node, true).min(),
            NodeKind::End => steps_around(node, false).max(),
            _ => Some(node),
        })
        .map(|step| step.map_or(0, |step| step_lane(&chart.nodes[step])))
        .collect();
    (specs, lane)
}

// ---------------------------------------------------------------------------
// The layered graph

/// A neighbour in the rank above or below, and where it wants this node:
/// `shift` from its own x (a decision's side branch wants its next node out
/// beyond the diamond's corner).
#[derive(Debug, Clone, Copy)]
struct Link {
    node: usize,
    weight: f64,
    shift: f64,
    /// Chosen to be drawn perfectly vertical.
    aligned: bool,
}

/// Chart nodes (first) and the bend points that long edges get on every
/// rank they cross, with their ranks, order within ranks and x positions.
struct Layers {
    rank: Vec<usize>,
    lane: Vec<usize>,
    /// Room a node needs in its rank left and right of its x (with room
    /// for labels); none for bends.
    extent: Vec<[f64; 2]>,
    /// How many of the nodes are chart nodes.
    real: usize,
    up: Vec<Vec<Link>>,
    down: Vec<Vec<Link>>,
    order: Vec<Vec<usize>>,
    x: Vec<f64>,
}

impl Layers {
    fn new(rank: Vec<usize>, lane: Vec<usize>, extent: Vec<[f64; 2]>) -> Layers {
        let real = rank.len();
        Layers {
            rank,
            lane,
            extent,
            real,
            up: vec![Vec::new(); real],
            down: vec![Vec::new(); real],
            order: Vec::new(),
            x: Vec::new(),
        }
    }

    fn is_bend(&self, node: usize) -> bool {
        node >= self.real
    }

    fn rows(&self) -> usize {
        self.rank.iter().max().map_or(0, |rank| rank + 1)
    }

    /// The nodes an edge passes, from `from` to `to`, adding a bend point on
    /// each rank in between (in the lane of `from`). Straight runs of bends
    /// weigh most, so long edges stay straight.
    fn add_chain(&mut self, from: usize, to: usize) -> Vec<usize> {
        let mut chain = vec![from];
        for rank in self.rank[from] + 1..self.rank[to] {
            chain.push(self.rank.len());
            self.rank.push(rank);
            self.lane.push(self.lane[from]);
            self.extent.push([0.0; 2]);
            self.up.push(Vec::new());
            self.down.push(Vec::new());
        }
        chain.push(to);
        for pair in chain.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let weight = match (self.is_bend(a), self.is_bend(b)) {
                (true, true) => 8.0,
                (false, false) => 1.0,
                _ => 2.0,
            };
            self.down[a].push(Link {
                node: b,
                weight,
                shift: 0.0,
                aligned: false,
            });
            self.up[b].push(Link {
                node: a,
                weight,
                shift: 0.0,
                aligned: false,
            });
        }
        chain
    }

    /// Makes the first link of `chain` want its second node `shift` to the
    /// side of its first, firmly enough to win over the nodes further down.
    fn shift_link(&mut self, chain: &[usize], shift: f64) {
        let [from, next, ..] = chain[..] else { return };
        for link in self.down[from].iter_mut().filter(|link| link.node == next) {
            (link.shift, link.weight) = (-shift, SIDE_BRANCH);
        }
        for link in self.up[next].iter_mut().filter(|link| link.node == from) {
            (link.shift, link.weight) = (shift, SIDE_BRANCH);
        }
    }

    /// Picks the links to draw perfectly vertical, like the vertical
    /// alignment of Brandes and Köpf: runs of bends first, then each node
    /// with the median of its upper neighbours (not a side branch, same
    /// lane), as long as the neighbour is free and no chosen link crosses
    /// another. Chosen links weigh [`ALIGNED`], so they come out straight.
    fn align(&mut self) {
        let position = self.positions();
        for row in 1..self.order.len() {
            let mut chosen: Vec<(usize, usize)> = Vec::new();
            let mut taken = Vec::new();
            for bends_only in [true, false] {
                for &node in &self.order[row] {
                    if chosen.iter().any(|&(_, lower)| lower == node) {
                        continue;
                    }
                    let mut candidates: Vec<usize> = self.up[node]
                        .iter()
                        .filter(|link| link.shift == 0.0 && self.lane[link.node] == self.lane[node])
                        .filter(|link| {
                            !bends_only || (self.is_bend(link.node) && self.is_bend(node))
                        })
                        .map(|link| link.node)
                        .collect();
                    candidates.sort_by_key(|&upper| position[upper]);
                    let median = [
                        (candidates.len().saturating_sub(1)) / 2,
                        candidates.len() / 2,
                    ];
                    let pick = median
                        .into_iter()
                        .filter_map(|i| candidates.get(i).copied())
                        .find(|&upper| {
                            !taken.contains(&upper)
                                && chosen.iter().all(|&(a, b)| {
                                    (position[a] < position[upper])
                                        == (position[b] < position[node])
                                })
                        });
                    if let Some(upper) = pick {
                        chosen.push((upper, node));
                        taken.push(upper);
                    }
                }
            }
            for (upper, lower) in chosen {
                for link in self.down[upper]
                    .iter_mut()
                    .filter(|link| link.node == lower)
                {
                    (link.weight, link.aligned) = (ALIGNED, true);
                }
                for link in self.up[lower].iter_mut().filter(|link| link.node == upper) {
                    (link.weight, link.aligned) = (ALIGNED, true);
                }
            }
        }
    }

    /// Room between two neighbours of a rank.
    fn separation(&self, a: usize, b: usize) -> f64 {
        let gap = match (self.is_bend(a), self.is_bend(b)) {
            (true, true) => BEND_GAP,
            (false, false) => NODE_GAP,
            _ => (NODE_GAP + BEND_GAP) / 2.0,
        };
        self.extent[a][1] + self.extent[b][0] + gap
    }

    fn positions(&self) -> Vec<usize> {
        let mut position = vec![0; self.rank.len()];
        for row in &self.order {
            for (index, &node) in row.iter().enumerate() {
                position[node] = index;
            }
        }
        position
    }

    /// Orders each rank to reduce crossings: barycenter sweeps down and up,
    /// keeping the best order seen. Lanes stay grouped, in lane order; ties
    /// keep list order.
    fn order_ranks(&mut self) {
        let mut order = vec![Vec::new(); self.rows()];
        for node in 0..self.rank.len() {
            order[self.rank[node]].push(node);
        }
        for row in &mut order {
            row.sort_by_key(|&node| self.lane[node]);
        }
        self.order = order;
        let mut best = (self.crossings(), self.order.clone());
        let mut position = self.positions();
        for sweep in 0..SWEEPS {
            let downward = sweep % 2 == 0;
            let rows: Vec<usize> = if downward {
                (1..self.order.len()).collect()
            } else {
                (0..self.order.len().saturating_sub(1)).rev().collect()
            };
            for row in rows {
                self.sort_row(row, downward, &mut position);
            }
            let crossings = self.crossings();
            if crossings < best.0 {
                best = (crossings, self.order.clone());
            }
        }
        self.order = best.1;
    }

    fn sort_row(&mut self, row: usize, downward: bool, position: &mut [usize]) {
        let mut keyed: Vec<(usize, f64, usize, usize)> = self.order[row]
            .iter()
            .map(|&node| {
                let neighbours = if downward {
                    &self.up[node]
                } else {
                    &self.down[node]
                };
                let center = if neighbours.is_empty() {
                    position[node] as f64
                } else {
                    neighbours
                        .iter()
                        .map(|link| position[link.node] as f64)
                        .sum::<f64>()
                        / neighbours.len() as f64
                };
                (self.lane[node], center, position[node], node)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
        self.order[row] = keyed.iter().map(|key| key.3).collect();
        for (index, &node) in self.order[row].iter().enumerate() {
            position[node] = index;
        }
    }

    /// Edge crossings between adjacent ranks (pairwise: ranks are small).
    fn crossings(&self) -> usize {
        let position = self.positions();
        let mut total = 0;
        for row in &self.order {
            let mut pairs: Vec<(usize, usize)> = row
                .iter()
                .flat_map(|&a| self.down[a].iter().map(move |link| (a, link.node)))
                .map(|(a, b)| (position[a], position[b]))
                .collect();
            pairs.sort_unstable();
            for (index, first) in pairs.iter().enumerate() {
                total += pairs[index + 1..]
                    .iter()
                    .filter(|second| first.0 < second.0 && first.1 > second.1)
                    .count();
            }
        }
        total
    }

    /// The width of a lane's part of each rank when packed tight.
    fn packed_width(&self, segment: &[usize]) -> f64 {
        let inner: f64 = segment
            .windows(2)
            .map(|pair| self.separation(pair[0], pair[1]))
            .sum();
        let ends = segment.first().map_or(0.0, |&n| self.extent[n][0])
            + segment.last().map_or(0.0, |&n| self.extent[n][1]);
        inner + ends
    }

    /// x positions: each rank starts packed in its lane; passes then move
    /// every rank (a least-squares fit per rank) and every block of aligned
    /// nodes as a whole toward where their links want them, as far as the
    /// separations allow; last, the blocks are made straight.
    fn place_x(&mut self, bounds: &[(f64, f64)]) {
        self.x = vec![0.0; self.rank.len()];
        for row in self.order.clone() {
            for segment in row.chunk_by(|a, b| self.lane[*a] == self.lane[*b]) {
                let (lo, hi) = bounds
                    .get(self.lane[segment[0]])
                    .copied()
                    .unwrap_or((0.0, 0.0));
                let middle = if lo.is_finite() && hi.is_finite() {
                    (lo + hi) / 2.0
                } else {
                    0.0
                };
                let mut x = middle - self.packed_width(segment) / 2.0;
                for (index, &node) in segment.iter().enumerate() {
                    if index > 0 {
                        x += self.separation(segment[index - 1], node);
                    } else {
                        x += self.extent[node][0];
                    }
                    self.x[node] = x;
                }
            }
        }
        let blocks = self.blocks();
        for _ in 0..PASSES {
            for row in 0..self.order.len() {
                self.relax_row(row, bounds);
            }
            for row in (0..self.order.len()).rev() {
                self.relax_row(row, bounds);
            }
            for block in &blocks {
                self.move_block(block, bounds);
            }
        }
        self.straighten(&blocks, bounds);
    }

    /// The chains of vertical links, top down: each moves as one piece.
    fn blocks(&self) -> Vec<Vec<usize>> {
        let aligned_below = |node: usize| {
            self.down[node]
                .iter()
                .find(|link| link.aligned)
                .map(|link| link.node)
        };
        let has_aligned_above = |node: usize| self.up[node].iter().any(|link| link.aligned);
        (0..self.rank.len())
            .filter(|&node| !has_aligned_above(node))
            .map(|top| std::iter::successors(Some(top), |&node| aligned_below(node)).collect())
            .collect()
    }

    /// Moves a whole block toward the weighted mean of where its outside
    /// links want it, as far as its neighbours in every row allow: rows
    /// alone would move a long stiff block only slowly.
    fn move_block(&mut self, block: &[usize], bounds: &[(f64, f64)]) {
        let (mut sum, mut total) = (0.0, 0.0);
        for &node in block {
            for link in self.up[node].iter().chain(&self.down[node]) {
                let target = self.x[link.node] + link.shift;
                let satisfied = (self.x[node] - target) * link.shift > 0.0;
                if !link.aligned && !satisfied {
                    sum += link.weight * (target - self.x[node]);
                    total += link.weight;
                }
            }
        }
        if total == 0.0 {
            return;
        }
        let (mut lowest, mut highest) = (f64::NEG_INFINITY, f64::INFINITY);
        for &node in block {
            let row = &self.order[self.rank[node]];
            let index = row.iter().position(|&other| other == node).unwrap_or(0);
            let same_lane = |other: &&usize| self.lane[**other] == self.lane[node];
            let (lo, hi) = bounds
                .get(self.lane[node])
                .copied()
                .unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
            let left = index
                .checked_sub(1)
                .and_then(|i| row.get(i))
                .filter(same_lane)
                .map_or(lo + self.extent[node][0], |&other| {
                    self.x[other] + self.separation(other, node)
                });
            let right = row
                .get(index + 1)
                .filter(same_lane)
                .map_or(hi - self.extent[node][1], |&other| {
                    self.x[other] - self.separation(node, other)
                });
            lowest = lowest.max(left - self.x[node]);
            highest = highest.min(right - self.x[node]);
        }
        if lowest > highest {
            return;
        }
        let shift = (sum / total).max(lowest).min(highest);
        for &node in block {
            self.x[node] += shift;
        }
    }

    /// Makes every block perfectly straight (a compromise between
    /// neighbours reads as a wobble): each block takes the mean x of its
    /// nodes, then blocks that come too close in some row, or side branches
    /// that no longer reach beyond their diamond's corner, are pushed apart
    /// (cyclic projection onto each constraint, heavier blocks moving less).
    fn straighten(&mut self, blocks: &[Vec<usize>], bounds: &[(f64, f64)]) {
        let mut block_of = vec![0; self.rank.len()];
        for (index, block) in blocks.iter().enumerate() {
            for &node in block {
                block_of[node] = index;
            }
        }
        let mut x: Vec<f64> = blocks
            .iter()
            .map(|block| {
                block.iter().map(|&node| self.x[node]).sum::<f64>() / block.len().max(1) as f64
            })
            .collect();
        let weight: Vec<f64> = blocks.iter().map(|block| block.len() as f64).collect();
        // (left block, right block, least distance)
        let mut constraints: Vec<(usize, usize, f64)> = Vec::new();
        for row in &self.order {
            for pair in row.windows(2) {
                if self.lane[pair[0]] == self.lane[pair[1]] {
                    constraints.push((
                        block_of[pair[0]],
                        block_of[pair[1]],
                        self.separation(pair[0], pair[1]),
                    ));
                }
            }
        }
        for (node, links) in self.up.iter().enumerate() {
            for link in links.iter().filter(|link| link.shift != 0.0) {
                let (from, to) = (block_of[link.node], block_of[node]);
                if from != to {
                    constraints.push(if link.shift > 0.0 {
                        (from, to, link.shift)
                    } else {
                        (to, from, -link.shift)
                    });
                }
            }
        }
        let limits: Vec<(f64, f64)> = blocks
            .iter()
            .map(|block| {
                block
                    .iter()
                    .fold((f64::NEG_INFINITY, f64::INFINITY), |(lo, hi), &node| {
                        let (left, right) = bounds
                            .get(self.lane[node])
                            .copied()
                            .unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
                        (
                            lo.max(left + self.extent[node][0]),
                            hi.min(right - self.extent[node][1]),
                        )
                    })
            })
            .collect();
        for _ in 0..STRAIGHTEN_SWEEPS {
            let mut worst = 0.0_f64;
            for &(left, right, least) in &constraints {
                let short = least - (x[right] - x[left]);
                if short > 1e-6 {
                    let total = weight[left] + weight[right];
                    x[left] -= short * weight[right] / total;
                    x[right] += short * weight[left] / total;
                    worst = worst.max(short);
                }
            }
            for (x, &(lo, hi)) in x.iter_mut().zip(&limits) {
                if lo <= hi {
                    *x = x.max(lo).min(hi);
                }
            }
            if worst < 0.01 {
                break;
            }
        }
        for (block, &x) in blocks.iter().zip(&x) {
            for &node in block {
                self.x[node] = x;
            }
        }
        // Should the constraints not all hold, rows still must not overlap.
        for row in 0..self.order.len() {
            let nodes = self.order[row].clone();
            let want: Vec<(f64, f64)> = nodes.iter().map(|&node| (self.x[node], 1.0)).collect();
            self.fit_segments(&nodes, &want, bounds);
        }
    }

    /// Places each lane's part of a row as near as it can to `want`
    /// (position, weight) per node.
    fn fit_segments(&mut self, nodes: &[usize], want: &[(f64, f64)], bounds: &[(f64, f64)]) {
        let mut start = 0;
        for segment in nodes.chunk_by(|a, b| self.lane[*a] == self.lane[*b]) {
            let wants = &want[start..start + segment.len()];
            start += segment.len();
            let separation: Vec<f64> = segment
                .windows(2)
                .map(|pair| self.separation(pair[0], pair[1]))
                .collect();
            let (lo, hi) = bounds
                .get(self.lane[segment[0]])
                .copied()
                .unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
            let first = segment.first().map_or(0.0, |&n| self.extent[n][0]);
            let last = segment.last().map_or(0.0, |&n| self.extent[n][1]);
            let positions: Vec<f64> = wants.iter().map(|w| w.0).collect();
            let weights: Vec<f64> = wants.iter().map(|w| w.1).collect();
            let placed = fit_row(&positions, &weights, &separation, lo + first, hi - last);
            for (&node, x) in segment.iter().zip(placed) {
                self.x[node] = x;
            }
        }
    }

    /// Moves a row's nodes toward the weighted mean of where their links
    /// want them.
    fn relax_row(&mut self, row: usize, bounds: &[(f64, f64)]) {
        let nodes = self.order[row].clone();
        let want: Vec<(f64, f64)> = nodes
            .iter()
            .map(|&node| {
                let neighbours = self.up[node].iter().chain(&self.down[node]);
                let (sum, total) = neighbours
                    .map(|link| (self.x[link.node] + link.shift, link))
                    // A side branch only needs to reach beyond the corner.
                    .filter(|(target, link)| (self.x[node] - target) * link.shift <= 0.0)
                    .fold((0.0, 0.0), |(sum, total), (target, link)| {
                        (sum + link.weight * target, total + link.weight)
                    });
                if total > 0.0 {
                    (sum / total, total)
                } else {
                    (self.x[node], 0.01)
                }
            })
            .collect();
        self.fit_segments(&nodes, &want, bounds);
    }
}

/// Positions for one row of nodes in a fixed order, as close as possible to
/// `want` (weighted least squares) while neighbours stay `separation` apart
/// and the row stays within `lo..=hi` (lo wins if the row does not fit):
/// pool-adjacent-violators on the positions minus their minimum offsets.
fn fit_row(want: &[f64], weight: &[f64], separation: &[f64], lo: f64, hi: f64) -> Vec<f64> {
    let mut offset = Vec::with_capacity(want.len());
    let mut total = 0.0;
    for index in 0..want.len() {
        if index > 0 {
            total += separation.get(index - 1).copied().unwrap_or(0.0);
        }
        offset.push(total);
    }
    // Blocks of nodes that move together: (weight, weighted sum, count).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for ((&want, &weight), &offset) in want.iter().zip(weight).zip(&offset) {
        blocks.push((weight, weight * (want - offset), 1));
        while let [.., (w1, s1, c1), (w2, s2, c2)] = blocks[..] {
            if s1 / w1 <= s2 / w2 {
                break;
            }
            blocks.truncate(blocks.len() - 2);
            blocks.push((w1 + w2, s1 + s2, c1 + c2));
        }
    }
    let upper = hi - total;
    let mut x = Vec::with_capacity(want.len());
    for (weight, sum, count) in blocks {
        let start = (sum / weight).min(upper).max(lo);
        for _ in 0..count {
            x.push(start + offset[x.len()]);
        }
    }
    x
}

// ---------------------------------------------------------------------------
// Loops

/// A loop's way back up: it leaves its lower node `from` on one side, runs
/// up a vertical channel clear of every box, and enters `to` from the side.
#[derive(Debug, Clone)]
struct Loop {
    edge: usize,
    from: usize,
    to: usize,
    side_from: Side,
    side_to: Side,
    /// The lane whose margin holds the channel (lane mode).
    lane: usize,
    channel: f64,
    /// Into a decision, the loop joins the line above its top corner and
    /// leaves both side corners to its branches.
    into_top: bool,
}

/// Picks each loop's side where fewer boxes stand beside its two ends; a
/// loop between lanes runs in the margin of the target's lane facing the
/// source.
fn plan_loops(chart: &Chart, courses: &[Course], layers: &Layers) -> Vec<Loop> {
    let position = layers.positions();
    let beside = |node: usize, side: Side| -> usize {
        let row = &layers.order[layers.rank[node]];
        row.iter()
            .filter(|&&other| layers.lane[other] == layers.lane[node])
            .filter(|&&other| match side {
                Side::Left => position[other] < position[node],
                Side::Right => position[other] > position[node],
            })
            .map(|&other| if layers.is_bend(other) { 1 } else { 2 })
            .sum()
    };
    chart
        .edges
        .iter()
        .zip(courses)
        .enumerate()
        .filter(|(_, (_, course))| **course == Course::Up)
        .map(|(index, (edge, _))| {
            let (from, to) = (edge.from, edge.to);
            let (lane_from, lane_to) = (layers.lane[from], layers.lane[to]);
            let (side_from, side_to) = if lane_from == lane_to {
                let left = beside(from, Side::Left) + beside(to, Side::Left);
                let right = beside(from, Side::Right) + beside(to, Side::Right);
                let side = if left <= right {
                    Side::Left
                } else {
                    Side::Right
                };
                (side, side)
            } else if lane_to < lane_from {
                (Side::Left, Side::Right)
            } else {
                (Side::Right, Side::Left)
            };
            Loop {
                edge: index,
                from,
                to,
                side_from,
                side_to,
                lane: lane_to,
                channel: 0.0,
                into_top: chart.nodes[to].kind == NodeKind::Decision && layers.rank[to] > 0,
            }
        })
        .collect()
}

/// How many rows a loop climbs: inner loops (shorter) get the channels
/// nearest the boxes.
fn span(layers: &Layers, lp: &Loop) -> usize {
    layers.rank[lp.from].saturating_sub(layers.rank[lp.to])
}

/// Loop channels in lane mode: in the margin of the lane, outermost loops
/// nearest the lane's border.
fn lane_channels(layers: &Layers, loops: &mut [Loop], columns: &[Column]) {
    for (lane, column) in columns.iter().enumerate() {
        for side in [Side::Left, Side::Right] {
            let mut mine: Vec<usize> = (0..loops.len())
                .filter(|&index| loops[index].lane == lane && loops[index].side_to == side)
                .collect();
            mine.sort_by_key(|&index| {
                (
                    std::cmp::Reverse(span(layers, &loops[index])),
                    loops[index].edge,
                )
            });
            for (slot, index) in mine.into_iter().enumerate() {
                let inset = 12.0 + slot as f64 * CHANNEL_STEP;
                loops[index].channel = match side {
                    Side::Left => column.x + inset,
                    Side::Right => column.x + column.w - inset,
                };
            }
        }
    }
}

/// Loop channels without lanes: beyond every box and bend of the rows the
/// loop climbs, nested around shorter loops on the same side.
fn free_channels(layers: &Layers, loops: &mut [Loop]) {
    let mut indexes: Vec<usize> = (0..loops.len()).collect();
    indexes.sort_by_key(|&index| (span(layers, &loops[index]), loops[index].edge));
    let mut placed: Vec<usize> = Vec::new();
    for index in indexes {
        let lp = &loops[index];
        let (top, bottom) = (layers.rank[lp.to], layers.rank[lp.from]);
        let side = lp.side_from;
        let edges = (top..=bottom)
            .filter_map(|row| layers.order.get(row))
            .flatten()
            .map(|&node| layers.x[node] + side.sign() * layers.extent[node][side.index()]);
        let mut channel = match side {
            Side::Left => edges.fold(f64::INFINITY, f64::min) - CHANNEL_GAP,
            Side::Right => edges.fold(f64::NEG_INFINITY, f64::max) + CHANNEL_GAP,
        };
        for &other in &placed {
            let other: &Loop = &loops[other];
            let overlaps = layers.rank[other.to] <= bottom && top <= layers.rank[other.from];
            if other.side_from == side && overlaps {
                channel = match side {
                    Side::Left => channel.min(other.channel - CHANNEL_STEP),
                    Side::Right => channel.max(other.channel + CHANNEL_STEP),
                };
            }
        }
        loops[index].channel = channel;
        placed.push(index);
    }
}

// ---------------------------------------------------------------------------
// Lane columns

#[derive(Debug, Clone, Copy)]
struct Column {
    x: f64,
    w: f64,
    /// Where nodes may stand.
    inner: (f64, f64),
}

/// Lane columns side by side, each with `inner[lane]` of room for nodes
/// between paddings that hold its loop channels, and wide enough for its
/// header.
fn lane_columns(specs: &[LaneSpec], loops: &[Loop], inner: &[f64]) -> Vec<Column> {
    let mut columns = Vec::with_capacity(specs.len());
    let mut x = MARGIN;
    for (lane, spec) in specs.iter().enumerate() {
        let channels = |side: Side| {
            loops
                .iter()
                .filter(|lp| lp.lane == lane && lp.side_to == side)
                .count()
        };
        let pad_left = LANE_PAD + channels(Side::Left) as f64 * CHANNEL_STEP;
        let pad_right = LANE_PAD + channels(Side::Right) as f64 * CHANNEL_STEP;
        let header = text_width(&spec.title, FONT) * 1.1 + 24.0;
        let room = inner.get(lane).copied().unwrap_or(0.0);
        let w = (pad_left + room + pad_right).max(header).max(LANE_MIN_W);
        columns.push(Column {
            x,
            w,
            inner: (x + pad_left, x + w - pad_right),
        });
        x += w;
    }
    columns
}

/// Places nodes in lanes: first in roomy lanes (twice the widest rank
/// packed tight, and more), so that lanes do not squeeze the layout, then
/// each lane shrinks to the room its nodes took, its nodes moving along.
fn place_in_lanes(layers: &mut Layers, specs: &[LaneSpec], loops: &[Loop]) -> Vec<Column> {
    let roomy: Vec<f64> = (0..specs.len())
        .map(|lane| {
            let widest = layers
                .order
                .iter()
                .map(|row| {
                    let segment: Vec<usize> = row
                        .iter()
                        .copied()
                        .filter(|&n| layers.lane[n] == lane)
                        .collect();
                    layers.packed_width(&segment)
                })
                .fold(0.0, f64::max);
            2.0 * widest + 200.0
        })
        .collect();
    let bounds: Vec<(f64, f64)> = lane_columns(specs, loops, &roomy)
        .iter()
        .map(|c| c.inner)
        .collect();
    layers.place_x(&bounds);
    let mut used = vec![(f64::INFINITY, f64::NEG_INFINITY); specs.len()];
    for node in 0..layers.x.len() {
        if let Some(span) = used.get_mut(layers.lane[node]) {
            span.0 = span.0.min(layers.x[node] - layers.extent[node][0]);
            span.1 = span.1.max(layers.x[node] + layers.extent[node][1]);
        }
    }
    let inner: Vec<f64> = used.iter().map(|span| (span.1 - span.0).max(0.0)).collect();
    let columns = lane_columns(specs, loops, &inner);
    for node in 0..layers.x.len() {
        let lane = layers.lane[node];
        if let (Some(column), Some(span), Some(room)) =
            (columns.get(lane), used.get(lane), inner.get(lane))
        {
            let spare = column.inner.1 - column.inner.0 - room;
            layers.x[node] += column.inner.0 + spare / 2.0 - span.0;
        }
    }
    columns
}

// ---------------------------------------------------------------------------
// Routes, before the ranks' heights are known

/// A y coordinate named before it is known: relative to a node's middle, or
/// the level of a horizontal run between two ranks.
#[derive(Debug, Clone, Copy)]
enum Level {
    Node(usize, f64),
    Track(usize),
}

#[derive(Debug, Clone, Copy)]
struct Waypoint {
    x: f64,
    y: Level,
}

/// A horizontal run in the gap below `row`, on its own track.
#[derive(Debug, Clone)]
struct Jog {
    row: usize,
    from: f64,
    to: f64,
    track: usize,
}

#[derive(Debug, Clone)]
struct LabelPlan {
    text: LabelText,
    x: f64,
    top: Level,
    /// Whether it hangs below the port (taking room in the gap below).
    below: Option<usize>,
}

#[derive(Debug, Clone)]
struct Plan {
    points: Vec<Waypoint>,
    label: Option<LabelPlan>,
    kind: Course,
}

/// Everything the routing step needs to know.
struct Scene<'a> {
    chart: &'a Chart,
    layers: &'a Layers,
    contents: &'a [Content],
    labels: Vec<Option<LabelText>>,
}

impl Scene<'_> {
    /// A port's point: x absolute, y relative to the node's middle.
    fn port(&self, node: usize, port: Port) -> (f64, f64) {
        let offset = port_offset(&self.contents[node], port);
        (self.layers.x[node] + offset.x, offset.y)
    }

    /// Whether a horizontal run at a node's level from `a` to `b` meets no
    /// other box of its rank.
    fn clear(&self, node: usize, a: f64, b: f64) -> bool {
        let (low, high) = (a.min(b), a.max(b));
        self.layers.order[self.layers.rank[node]]
            .iter()
            .filter(|&&other| other != node && !self.layers.is_bend(other))
            .all(|&other| {
                let [left, right] = self.layers.extent[other];
                self.layers.x[other] + right < low || self.layers.x[other] - left > high
            })
    }
}

/// Which side corner each decision branch should leave from. A branch into
/// another lane leaves toward it. Of the branches in the decision's lane,
/// the rightmost takes the right corner and the leftmost the left one while
/// more than one would share the bottom corner (a loop out of a corner
/// holds it).
fn branch_sides(
    chart: &Chart,
    courses: &[Course],
    chains: &[Vec<usize>],
    loops: &[Loop],
    layers: &Layers,
) -> Vec<Option<Side>> {
    let mut sides = vec![None; chart.edges.len()];
    let mut free = vec![[true; 2]; chart.nodes.len()];
    for lp in loops {
        free[lp.from][lp.side_from.index()] = false;
        if !lp.into_top {
            free[lp.to][lp.side_to.index()] = false;
        }
    }
    for (edge, course) in chart.edges.iter().zip(courses) {
        if *course == Course::Itself {
            free[edge.from][Side::Right.index()] = false;
        }
    }
    let position = layers.positions();
    for node in (0..chart.nodes.len()).filter(|&node| chart.nodes[node].kind == NodeKind::Decision)
    {
        let lane = layers.lane[node];
        let mut branches: Vec<(usize, usize, usize)> = (0..chart.edges.len())
            .filter(|&index| courses[index] == Course::Down && chart.edges[index].from == node)
            .filter_map(|index| {
                chains[index]
                    .get(1)
                    .map(|&next| (position[next], index, layers.lane[next]))
            })
            .collect();
        branches.sort_unstable();
        let open = &mut free[node];
        if let Some(&(_, index, _)) = branches.iter().rev().find(|branch| branch.2 > lane) {
            claim(open, &mut sides[index], Side::Right);
        }
        if let Some(&(_, index, _)) = branches.iter().find(|branch| branch.2 < lane) {
            claim(open, &mut sides[index], Side::Left);
        }
        let mut bottom: Vec<usize> = branches
            .iter()
            .filter(|branch| branch.2 == lane)
            .map(|branch| branch.1)
            .collect();
        while bottom.len() > 1 {
            let taken = if open[Side::Right.index()] {
                bottom.pop().map(|index| (index, Side::Right))
            } else if open[Side::Left.index()] {
                Some((bottom.remove(0), Side::Left))
            } else {
                None
            };
            let Some((index, side)) = taken else { break };
            claim(open, &mut sides[index], side);
        }
    }
    sides
}

/// Gives a branch a side corner if it is still free.
fn claim(open: &mut [bool; 2], branch: &mut Option<Side>, side: Side) {
    if open[side.index()] {
        open[side.index()] = false;
        *branch = Some(side);
    }
}

/// Picks the ports: edges leave at the bottom and enter at the top; loops
/// and a decision's side branches use the sides.
fn choose_ports(
    scene: &Scene,
    courses: &[Course],
    loops: &[Loop],
    sides: &[Option<Side>],
) -> Vec<(Port, Port)> {
    let chart = scene.chart;
    let mut ports = vec![(Port::Bottom, Port::Top); chart.edges.len()];
    let mut entries = vec![[0_usize; 2]; chart.nodes.len()];
    for lp in loops.iter().filter(|lp| !lp.into_top) {
        entries[lp.to][lp.side_to.index()] += 1;
    }
    for lp in loops {
        let shared = entries[lp.from][lp.side_from.index()] > 0;
        let dy_from = if shared {
            scene.contents[lp.from].h / 4.0
        } else {
            0.0
        };
        let both = loops
            .iter()
            .any(|other| other.from == lp.to && other.side_from == lp.side_to);
        let dy_to = if both {
            -scene.contents[lp.to].h / 4.0
        } else {
            0.0
        };
        let into = if lp.into_top {
            Port::Top
        } else {
            Port::Side(lp.side_to, dy_to)
        };
        ports[lp.edge] = (Port::Side(lp.side_from, dy_from), into);
    }
    for (index, edge) in chart.edges.iter().enumerate() {
        if courses[index] == Course::Itself {
            let quarter = scene.contents[edge.from].h / 4.0;
            ports[index] = (
                Port::Side(Side::Right, quarter),
                Port::Side(Side::Right, -quarter),
            );
        }
        if let Some(side) = sides[index] {
            ports[index].0 = Port::Side(side, 0.0);
        }
    }
    ports
}

/// Room a node needs beside its shape, left and right: for the labels of
/// edges leaving from its sides or hanging below it, and for a self-loop.
fn reserves(
    chart: &Chart,
    courses: &[Course],
    labels: &[Option<LabelText>],
    contents: &[Content],
    loops: &[Loop],
    sides: &[Option<Side>],
) -> Vec<[f64; 2]> {
    let mut reserve = vec![[0.0_f64; 2]; chart.nodes.len()];
    for (index, edge) in chart.edges.iter().enumerate() {
        let label = labels[index].as_ref().map_or(0.0, |label| label.w);
        let side = match courses[index] {
            Course::Broken => continue,
            Course::Itself => Some((Side::Right, SELF_LOOP + label + 10.0)),
            Course::Up => loops
                .iter()
                .find(|lp| lp.edge == index)
                .map(|lp| (lp.side_from, label + 18.0)),
            Course::Down => match sides[index] {
                Some(side) => Some((side, label.max(STUB) + 18.0)),
                None => Some((Side::Right, label + 10.0 - contents[edge.from].w / 2.0)),
            },
        };
        if let Some((side, room)) = side {
            let slot = &mut reserve[edge.from][side.index()];
            *slot = slot.max(room);
        }
    }
    reserve
}

/// Plans every edge's route as waypoints, and the horizontal runs between
/// ranks (to be given tracks).
fn plan_routes(
    scene: &Scene,
    courses: &[Course],
    chains: &[Vec<usize>],
    loops: &[Loop],
    ports: &[(Port, Port)],
) -> (Vec<Option<Plan>>, Vec<Jog>) {
    let chart = scene.chart;
    let mut jogs: Vec<Jog> = Vec::new();
    let mut plans: Vec<Option<Plan>> = vec![None; chart.edges.len()];
    let mut hanging = vec![0.0_f64; chart.nodes.len()];
    for (index, edge) in chart.edges.iter().enumerate() {
        let label = scene.labels[index].clone();
        let (out_port, in_port) = ports[index];
        plans[index] = match courses[index] {
            Course::Broken => None,
            Course::Down => {
                let stub = label.as_ref().map_or(STUB, |text| text.w + 15.0);
                let mut plan = plan_down(scene, &chains[index], out_port, stub, &mut jogs);
                plan.label = label.map(|text| match out_port {
                    Port::Side(side, dy) => side_label(scene, edge.from, side, dy, text),
                    Port::Top | Port::Bottom => {
                        let (x, dy) = scene.port(edge.from, Port::Bottom);
                        let top = dy + 4.0 + hanging[edge.from];
                        hanging[edge.from] += text.h + 2.0;
                        LabelPlan {
                            x: x + 5.0,
                            top: Level::Node(edge.from, top),
                            below: Some(edge.from),
                            text,
                        }
                    }
                });
                Some(plan)
            }
            Course::Up => loops.iter().find(|lp| lp.edge == index).map(|lp| {
                let stub = label.as_ref().map_or(STUB, |text| text.w + 15.0);
                let mut plan = plan_loop(scene, lp, (out_port, in_port), stub, &mut jogs);
                if let Port::Side(side, dy) = out_port {
                    plan.label = label.map(|text| side_label(scene, lp.from, side, dy, text));
                }
                plan
            }),
            Course::Itself => {
                let node = edge.from;
                let (x_out, dy_out) = scene.port(node, out_port);
                let (x_in, dy_in) = scene.port(node, in_port);
                let turn = scene.layers.x[node] + scene.contents[node].w / 2.0 + SELF_LOOP;
                let points = vec![
                    Waypoint {
                        x: x_out,
                        y: Level::Node(node, dy_out),
                    },
                    Waypoint {
                        x: turn,
                        y: Level::Node(node, dy_out),
                    },
                    Waypoint {
                        x: turn,
                        y: Level::Node(node, dy_in),
                    },
                    Waypoint {
                        x: x_in,
                        y: Level::Node(node, dy_in),
                    },
                ];
                let label = label.map(|text| LabelPlan {
                    x: turn + 5.0,
                    top: Level::Node(node, -text.h / 2.0),
                    below: None,
                    text,
                });
                Some(Plan {
                    points,
                    label,
                    kind: Course::Itself,
                })
            }
        };
    }
    (plans, jogs)
}

/// A label above the horizontal run that leaves a side corner.
fn side_label(scene: &Scene, node: usize, side: Side, dy: f64, text: LabelText) -> LabelPlan {
    let (x, dy) = scene.port(node, Port::Side(side, dy));
    let left = match side {
        Side::Right => x + 5.0,
        Side::Left => x - 5.0 - text.w,
    };
    LabelPlan {
        x: left,
        top: Level::Node(node, dy - 3.0 - text.h),
        below: None,
        text,
    }
}

/// A downward edge: from its port through its bend points to the top of its
/// target, jogging sideways only in the gaps between ranks.
fn plan_down(
    scene: &Scene,
    chain: &[usize],
    out_port: Port,
    stub: f64,
    jogs: &mut Vec<Jog>,
) -> Plan {
    let layers = scene.layers;
    let (Some(&from), Some(&to)) = (chain.first(), chain.last()) else {
        return Plan {
            points: Vec::new(),
            label: None,
            kind: Course::Down,
        };
    };
    let (x, dy) = scene.port(from, out_port);
    let mut points = vec![Waypoint {
        x,
        y: Level::Node(from, dy),
    }];
    let mut current = x;
    if let (Port::Side(side, _), Some(&next)) = (out_port, chain.get(1)) {
        // Straight out to above the next node if it stands beyond the
        // corner, else just clear of the corner, to turn down there.
        let next_x = layers.x[next];
        let beyond = (next_x - x) * side.sign() > STUB / 2.0 && scene.clear(from, x, next_x);
        current = if beyond {
            next_x
        } else {
            x + side.sign() * stub
        };
        points.push(Waypoint {
            x: current,
            y: Level::Node(from, dy),
        });
    }
    for pair in chain.windows(2) {
        let target = layers.x[pair[1]];
        let last = pair[1] == to;
        if (target - current).abs() > 0.5 || last && target != current {
            let jog = jogs.len();
            jogs.push(Jog {
                row: layers.rank[pair[0]],
                from: current,
                to: target,
                track: 0,
            });
            points.push(Waypoint {
                x: current,
                y: Level::Track(jog),
            });
            points.push(Waypoint {
                x: target,
                y: Level::Track(jog),
            });
            current = target;
        }
    }
    let (x, dy) = scene.port(to, Port::Top);
    points.push(Waypoint {
        x,
        y: Level::Node(to, dy),
    });
    Plan {
        points,
        label: None,
        kind: Course::Down,
    }
}

/// A loop: out of the lower node's side to its channel (straight if the way
/// is clear, else up through the gap above it), up the channel, and into the
/// upper node's side (straight, or from the gap below it) or, for a
/// decision, over to the line into its top corner.
fn plan_loop(
    scene: &Scene,
    lp: &Loop,
    ports: (Port, Port),
    stub: f64,
    jogs: &mut Vec<Jog>,
) -> Plan {
    let layers = scene.layers;
    let (x_from, dy_from) = scene.port(lp.from, ports.0);
    let (x_to, dy_to) = scene.port(lp.to, ports.1);
    let mut points = vec![Waypoint {
        x: x_from,
        y: Level::Node(lp.from, dy_from),
    }];
    if scene.clear(lp.from, x_from, lp.channel) {
        points.push(Waypoint {
            x: lp.channel,
            y: Level::Node(lp.from, dy_from),
        });
    } else {
        let out = x_from + lp.side_from.sign() * stub;
        let jog = jogs.len();
        jogs.push(Jog {
            row: layers.rank[lp.from].saturating_sub(1),
            from: out,
            to: lp.channel,
            track: 0,
        });
        points.push(Waypoint {
            x: out,
            y: Level::Node(lp.from, dy_from),
        });
        points.push(Waypoint {
            x: out,
            y: Level::Track(jog),
        });
        points.push(Waypoint {
            x: lp.channel,
            y: Level::Track(jog),
        });
    }
    if lp.into_top {
        let jog = jogs.len();
        jogs.push(Jog {
            row: layers.rank[lp.to].saturating_sub(1),
            from: lp.channel,
            to: x_to,
            track: 0,
        });
        points.push(Waypoint {
            x: lp.channel,
            y: Level::Track(jog),
        });
        points.push(Waypoint {
            x: x_to,
            y: Level::Track(jog),
        });
    } else if scene.clear(lp.to, x_to, lp.channel) {
        points.push(Waypoint {
            x: lp.channel,
            y: Level::Node(lp.to, dy_to),
        });
    } else {
        let into = x_to + lp.side_to.sign() * STUB;
        let jog = jogs.len();
        jogs.push(Jog {
            row: layers.rank[lp.to],
            from: lp.channel,
            to: into,
            track: 0,
        });
        points.push(Waypoint {
            x: lp.channel,
            y: Level::Track(jog),
        });
        points.push(Waypoint {
            x: into,
            y: Level::Track(jog),
        });
        points.push(Waypoint {
            x: into,
            y: Level::Node(lp.to, dy_to),
        });
    }
    points.push(Waypoint {
        x: x_to,
        y: Level::Node(lp.to, dy_to),
    });
    Plan {
        points,
        label: None,
        kind: Course::Up,
    }
}

/// Gives each horizontal run a track in its gap so that runs that overlap
/// do not share a line; returns the number of tracks per gap.
fn assign_tracks(jogs: &mut [Jog], rows: usize) -> Vec<usize> {
    let mut tracks = vec![0; rows];
    let mut indexes: Vec<usize> = (0..jogs.len()).collect();
    let span = |jog: &Jog| (jog.from.min(jog.to), jog.from.max(jog.to));
    indexes.sort_by(|&a, &b| {
        let (sa, sb) = (span(&jogs[a]), span(&jogs[b]));
        jogs[a]
            .row
            .cmp(&jogs[b].row)
            .then(sa.0.total_cmp(&sb.0))
            .then(sa.1.total_cmp(&sb.1))
            .then(a.cmp(&b))
    });
    let mut placed: Vec<usize> = Vec::new();
    for index in indexes {
        let (low, high) = span(&jogs[index]);
        if high - low < 1.0 {
            // An invisible step: any track will do.
            continue;
        }
        let row = jogs[index].row;
        let mut track = 0;
        while placed.iter().any(|&other| {
            let (o_low, o_high) = span(&jogs[other]);
            jogs[other].row == row
                && jogs[other].track == track
                && o_low < high + 6.0
                && low < o_high + 6.0
        }) {
            track += 1;
        }
        jogs[index].track = track;
        if let Some(count) = tracks.get_mut(row) {
            *count = (*count).max(track + 1);
        }
        placed.push(index);
    }
    tracks
}

// ---------------------------------------------------------------------------
// The layout

/// Where everything goes.
#[derive(Debug)]
struct Layout {
    width: f64,
    height: f64,
    heading: Vec<String>,
    /// Empty without lanes.
    lanes: Vec<LaneBox>,
    nodes: Vec<Placed>,
    /// One per chart edge; `None` for an edge whose ends are not nodes.
    edges: Vec<Option<Route>>,
}

#[derive(Debug)]
struct LaneBox {
    title: String,
    description: Vec<String>,
    column: Rect,
    header: f64,
}

#[derive(Debug)]
struct Placed {
    content: Content,
    center: Point,
    /// Its lane, and the room kept free beside the shape, left and right
    /// (labels, self-loop): what the tests check the placement against.
    #[cfg(test)]
    lane: usize,
    #[cfg(test)]
    reserve: [f64; 2],
}

impl Placed {
    fn shape(&self) -> Rect {
        Rect::centered(self.center, self.content.w, self.content.h)
    }

    /// The shape with the room kept beside it: what must not overlap.
    #[cfg(test)]
    fn outer(&self) -> Rect {
        let shape = self.shape();
        let [left, right] = self.reserve;
        Rect {
            x: shape.x - left,
            w: shape.w + left + right,
            ..shape
        }
    }
}

#[derive(Debug)]
struct Route {
    points: Vec<Point>,
    label: Option<(LabelText, Rect)>,
    kind: Course,
}

/// Lays out a chart: ranks, order and x positions first, then ports and
/// routes, then the heights of ranks and of the gaps between them.
fn layout(chart: &Chart, options: &Options) -> Layout {
    let mut placement = place(chart, options);
    let scene = Scene {
        chart,
        layers: &placement.layers,
        contents: &placement.contents,
        labels: std::mem::take(&mut placement.labels),
    };
    let Placement {
        courses,
        specs,
        layers,
        chains,
        loops,
        sides,
        columns,
        ..
    } = &placement;
    let ports = choose_ports(&scene, courses, loops, sides);
    let (plans, mut jogs) = plan_routes(&scene, courses, chains, loops, &ports);
    let tracks = assign_tracks(&mut jogs, layers.order.len());

    let content_right = columns.last().map_or_else(
        || right_edge(layers, loops, &plans),
        |column| column.x + column.w,
    );
    let heading = heading(chart, content_right);
    let width = (content_right + MARGIN).max(widest(&heading, HEADING_FONT) * 1.1 + 2.0 * MARGIN);
    let lanes_top = MARGIN + heading.len() as f64 * HEADING_LINE + 12.0;
    let mut lanes = lane_boxes(columns, specs, lanes_top);
    let first_row = lanes
        .first()
        .map_or(lanes_top + 4.0, |lane| lanes_top + lane.header + 22.0);
    let bands = Bands::new(layers, &placement.contents, &plans, &tracks, first_row);
    let level = |level: Level| bands.y(layers, &jogs, level);
    let edges = plans
        .into_iter()
        .map(|plan| {
            plan.map(|plan| Route {
                points: plan
                    .points
                    .iter()
                    .map(|w| Point {
                        x: w.x,
                        y: level(w.y),
                    })
                    .collect(),
                label: plan.label.map(|label| {
                    let rect = Rect {
                        x: label.x,
                        y: level(label.top),
                        w: label.text.w,
                        h: label.text.h,
                    };
                    (label.text, rect)
                }),
                kind: plan.kind,
            })
        })
        .collect();
    let height = bands.bottom + MARGIN + 8.0;
    for lane in &mut lanes {
        lane.column.h = height - MARGIN / 2.0 - lane.column.y;
    }
    let nodes = placement
        .contents
        .iter()
        .enumerate()
        .map(|(node, content)| Placed {
            center: Point {
                x: layers.x[node],
                y: level(Level::Node(node, 0.0)),
            },
            content: content.clone(),
            #[cfg(test)]
            lane: layers.lane[node],
            #[cfg(test)]
            reserve: placement.reserve[node],
        })
        .collect();
    Layout {
        width,
        height,
        heading,
        lanes,
        nodes,
        edges,
    }
}

/// Everything decided before heights: the layered graph with x positions,
/// and how each edge runs.
struct Placement {
    contents: Vec<Content>,
    courses: Vec<Course>,
    labels: Vec<Option<LabelText>>,
    specs: Vec<LaneSpec>,
    layers: Layers,
    /// The nodes each downward edge passes (empty for the others).
    chains: Vec<Vec<usize>>,
    loops: Vec<Loop>,
    /// The side corner each decision branch leaves from.
    sides: Vec<Option<Side>>,
    #[cfg(test)]
    reserve: Vec<[f64; 2]>,
    /// Lane columns; empty without lanes.
    columns: Vec<Column>,
}

/// Ranks, bends, order, sides and x positions (in lanes or not).
fn place(chart: &Chart, options: &Options) -> Placement {
    let contents: Vec<Content> = chart.nodes.iter().map(measure).collect();
    let courses = courses(chart);
    let labels: Vec<Option<LabelText>> = chart
        .edges
        .iter()
        .map(|edge| edge.label.as_deref().and_then(label_text))
        .collect();
    let (specs, lanes) = assign_lanes(chart, options.lanes);
    let extents = contents.iter().map(|c| [c.w / 2.0; 2]).collect();
    let mut layers = Layers::new(rank_nodes(chart, &courses), lanes, extents);
    let chains: Vec<Vec<usize>> = chart
        .edges
        .iter()
        .zip(&courses)
        .map(|(edge, course)| match course {
            Course::Down => layers.add_chain(edge.from, edge.to),
            _ => Vec::new(),
        })
        .collect();
    layers.order_ranks();
    let mut loops = plan_loops(chart, &courses, &layers);
    let sides = branch_sides(chart, &courses, &chains, &loops, &layers);
    for ((edge, side), chain) in chart.edges.iter().zip(&sides).zip(&chains) {
        let same_lane = chain
            .get(1)
            .is_some_and(|&next| layers.lane[next] == layers.lane[edge.from]);
        if let (Some(side), true) = (side, same_lane) {
            let reach = contents[edge.from].w / 2.0 + BRANCH_REACH;
            layers.shift_link(chain, side.sign() * reach);
        }
    }
    let reserve = reserves(chart, &courses, &labels, &contents, &loops, &sides);
    for (node, [left, right]) in reserve.iter().enumerate() {
        layers.extent[node][0] += left;
        layers.extent[node][1] += right;
    }
    layers.align();
    let columns = if options.lanes {
        let columns = place_in_lanes(&mut layers, &specs, &loops);
        lane_channels(&layers, &mut loops, &columns);
        columns
    } else {
        layers.place_x(&[(f64::NEG_INFINITY, f64::INFINITY)]);
        free_channels(&layers, &mut loops);
        shift_to_margin(&mut layers, &mut loops);
        Vec::new()
    };
    Placement {
        contents,
        courses,
        labels,
        specs,
        layers,
        chains,
        loops,
        sides,
        #[cfg(test)]
        reserve,
        columns,
    }
}

/// "<id> — <title>", wrapped to the chart's width (or a readable line).
fn heading(chart: &Chart, content_right: f64) -> Vec<String> {
    let text = match (one_line(&chart.sop_id), one_line(&chart.title)) {
        (id, title) if id.is_empty() && title.is_empty() => "Flowchart".to_string(),
        (id, title) if id.is_empty() => title,
        (id, title) if title.is_empty() => id,
        (id, title) => format!("{id} — {title}"),
    };
    let columns = ((content_right - MARGIN) / (HEADING_FONT * 0.6)).max(72.0) as usize;
    wrap(&text, columns)
}

/// The lanes' columns with their headers, all headers as tall as the
/// tallest; the columns' heights are set once the chart's is known.
fn lane_boxes(columns: &[Column], specs: &[LaneSpec], top: f64) -> Vec<LaneBox> {
    let mut lanes: Vec<LaneBox> = columns
        .iter()
        .zip(specs)
        .map(|(column, spec)| {
            let room = ((column.w - 20.0) / (CAPTION_FONT * 0.6)).max(10.0) as usize;
            let description = spec
                .description
                .as_deref()
                .map(|text| wrap(&one_line(text), room))
                .unwrap_or_default();
            LaneBox {
                title: spec.title.clone(),
                header: 14.0 + LINE + description.len() as f64 * CAPTION_LINE + 8.0,
                description,
                column: Rect {
                    x: column.x,
                    y: top,
                    w: column.w,
                    h: 0.0,
                },
            }
        })
        .collect();
    let header = lanes.iter().map(|lane| lane.header).fold(0.0, f64::max);
    for lane in &mut lanes {
        lane.header = header;
    }
    lanes
}

/// The heights of ranks (their tallest node) and of the gaps below them:
/// room for labels hanging below a decision, one track per overlapping
/// horizontal run, and the arrowheads.
struct Bands {
    top: Vec<f64>,
    height: Vec<f64>,
    /// Room below a rank for labels hanging from its decisions.
    hang: Vec<f64>,
    /// The lowest rank's bottom.
    bottom: f64,
}

impl Bands {
    fn new(
        layers: &Layers,
        contents: &[Content],
        plans: &[Option<Plan>],
        tracks: &[usize],
        first: f64,
    ) -> Bands {
        let rows = layers.order.len();
        let mut height = vec![0.0_f64; rows];
        for (node, content) in contents.iter().enumerate() {
            let row = layers.rank[node];
            height[row] = height[row].max(content.h);
        }
        let mut hang = vec![0.0_f64; rows];
        for label in plans
            .iter()
            .flatten()
            .filter_map(|plan| plan.label.as_ref())
        {
            if let (Some(node), Level::Node(_, top)) = (label.below, label.top) {
                let row = layers.rank[node];
                hang[row] = hang[row].max(top + label.text.h + 6.0 - height[row] / 2.0);
            }
        }
        let mut top = Vec::with_capacity(rows);
        let mut y = first;
        for row in 0..rows {
            top.push(y);
            let tracks = tracks.get(row).copied().unwrap_or(0).max(1) as f64;
            y += height[row] + EXIT + hang[row] + tracks * TRACK + ARRIVE;
        }
        Bands {
            top,
            height,
            hang,
            bottom: y - EXIT - TRACK - ARRIVE,
        }
    }

    /// The y of a level: a node's middle is its rank's middle.
    fn y(&self, layers: &Layers, jogs: &[Jog], level: Level) -> f64 {
        match level {
            Level::Node(node, dy) => {
                let row = layers.rank[node];
                self.top[row] + self.height[row] / 2.0 + dy
            }
            Level::Track(jog) => {
                let Jog { row, track, .. } = jogs[jog];
                let below = self.top[row] + self.height[row] + EXIT + self.hang[row];
                below + (track as f64 + 0.5) * TRACK
            }
        }
    }
}

/// Without lanes, moves everything so the leftmost box or channel starts at
/// the margin.
fn shift_to_margin(layers: &mut Layers, loops: &mut [Loop]) {
    let nodes = (0..layers.x.len()).map(|node| layers.x[node] - layers.extent[node][0]);
    let channels = loops.iter().map(|lp| lp.channel - 8.0);
    let left = nodes.chain(channels).fold(f64::INFINITY, f64::min);
    if left.is_finite() {
        let shift = MARGIN - left;
        layers.x.iter_mut().for_each(|x| *x += shift);
        loops.iter_mut().for_each(|lp| lp.channel += shift);
    }
}

/// The rightmost thing drawn without lanes: boxes, channels, self-loops.
fn right_edge(layers: &Layers, loops: &[Loop], plans: &[Option<Plan>]) -> f64 {
    let nodes = (0..layers.x.len()).map(|node| layers.x[node] + layers.extent[node][1]);
    let channels = loops.iter().map(|lp| lp.channel + 8.0);
    let points = plans
        .iter()
        .flatten()
        .flat_map(|plan| plan.points.iter().map(|w| w.x + 8.0));
    let labels = plans
        .iter()
        .flatten()
        .filter_map(|plan| plan.label.as_ref())
        .map(|label| label.x + label.text.w);
    nodes
        .chain(channels)
        .chain(points)
        .chain(labels)
        .fold(MARGIN, f64::max)
}

// ---------------------------------------------------------------------------
// Drawing

const INK: &str = "#1f2933";
const MUTED: &str = "#57606a";
const EDGE: &str = "#3d4852";

/// Fill and stroke of each kind of shape.
fn colors(kind: NodeKind) -> (&'static str, &'static str) {
    match kind {
        NodeKind::Start | NodeKind::End => ("#e6e9ee", "#4b5563"),
        NodeKind::Action => ("#eaf1fb", "#3b5b8c"),
        NodeKind::Call => ("#e9f5ec", "#2f6b3a"),
        NodeKind::Decision => ("#fff4d6", "#9a6b00"),
    }
}

/// A number in SVG: one decimal, no "-0".
fn num(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded == 0.0 {
        "0".to_string()
    } else if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// The id prefix of the options, reduced to characters safe in an id.
fn id_prefix(options: &Options) -> String {
    options
        .id_prefix
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

fn draw(out: &mut String, chart: &Chart, options: &Options, layout: &Layout) -> fmt::Result {
    let title = escape(&layout.heading.join(" "));
    let prefix = id_prefix(options);
    let (w, h) = (num(layout.width), num(layout.height));
    writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="Flowchart: {title}" font-family="{FONT_FAMILY}" font-size="{FONT}">"#
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
        let key = |index: usize| {
            chart
                .nodes
                .get(index)
                .map_or_else(String::new, |node| escape(&node.key))
        };
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

fn draw_lanes(out: &mut String, layout: &Layout, prefix: &str) -> fmt::Result {
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
        writeln!(
            out,
            r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#e8edf3" stroke="#d0d7de"/>"##,
            num(column.x),
            num(column.y),
            num(column.w),
            num(lane.header)
        )?;
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
        writeln!(out, "</g>")?;
    }
    Ok(())
}

fn draw_node(
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
        .and_then(|id| call_href(&options.call_href, id));
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
fn tooltip(node: &ChartNode) -> String {
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
fn draw_node_text(out: &mut String, placed: &Placed) -> fmt::Result {
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

fn draw_label(out: &mut String, text: &LabelText, rect: &Rect) -> fmt::Result {
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
fn path_data(points: &[Point]) -> String {
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
            d.push_str(&format!("{command}{},{} ", num(point.x), num(point.y)));
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
        d.push_str(&format!(
            "L{},{} Q{},{} {},{} ",
            num(a.x),
            num(a.y),
            num(point.x),
            num(point.y),
            num(b.x),
            num(b.y)
        ));
    }
    d.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::ChartEdge;
    use crate::project;

    fn sample_charts() -> Vec<Chart> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let options = project::Options::new(root, vec!["sops".into()]);
        let project = project::load(&options).unwrap();
        let charts = project.read_all(|document| crate::chart::of(&document).unwrap());
        assert!(charts.len() >= 10, "samples not found");
        charts
    }

    fn sample(id: &str) -> Chart {
        sample_charts()
            .into_iter()
            .find(|chart| chart.sop_id == id)
            .unwrap()
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
        let across = |low: f64, length: f64, start: f64, size: f64| {
            low < start + size && start < low + length
        };
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
                let document = roxmltree::Document::parse(&svg).unwrap_or_else(|error| {
                    panic!("{} lanes={lanes}: {error}\n{svg}", chart.sop_id)
                });
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
            for lanes in [false, true] {
                let drawn = layout(&chart, &options(lanes));
                let view = Rect {
                    x: 0.0,
                    y: 0.0,
                    w: drawn.width,
                    h: drawn.height,
                };
                for (index, placed) in drawn.nodes.iter().enumerate() {
                    let outer = placed.outer();
                    assert!(
                        view.contains(&outer),
                        "{} lanes={lanes}: {outer:?} outside {view:?}",
                        chart.sop_id
                    );
                    for other in &drawn.nodes[index + 1..] {
                        assert!(
                            !outer.overlaps(&other.outer()),
                            "{}: {outer:?} meets {:?}",
                            chart.sop_id,
                            other.outer()
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
            for lanes in [false, true] {
                let drawn = layout(&chart, &options(lanes));
                for (edge, route) in chart.edges.iter().zip(&drawn.edges) {
                    let route = route.as_ref().unwrap();
                    let target = &drawn.nodes[edge.to];
                    let end = *route.points.last().unwrap();
                    let shape = target.shape();
                    if route.kind == Course::Down || target.content.kind == NodeKind::Decision {
                        // Into the top: the middle of a box's top, a diamond's top corner.
                        assert!(
                            (end.x - target.center.x).abs() < 0.01
                                && (end.y - shape.y).abs() < 0.01,
                            "{end:?} {shape:?}"
                        );
                    } else {
                        let on_side =
                            (end.x - shape.x).abs() < 0.01 || (end.x - shape.right()).abs() < 0.01;
                        assert!(
                            on_side && (end.y - target.center.y).abs() < shape.h / 2.0,
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
                        assert_eq!(
                            attribute.value(),
                            "javascript%3Aalert%28document.cookie%29.svg"
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

    #[test]
    fn call_links_are_relative_and_percent_encoded() {
        assert_eq!(call_href("{id}.svg", "CS-020"), Some("CS-020.svg".into()));
        assert_eq!(
            call_href("{id}.svg", "CS 020/../x?y#z"),
            Some("CS%20020%2F..%2Fx%3Fy%23z.svg".into())
        );
        assert_eq!(
            call_href("charts/{id}.svg", "é~_."),
            Some("charts/%C3%A9~_..svg".into())
        );
        assert_eq!(
            call_href("{id}", "javascript:alert(1)"),
            Some("javascript%3Aalert%281%29".into())
        );
        assert_eq!(
            call_href("https://intranet.example/{id}", "A"),
            Some("https://intranet.example/A".into())
        );
        assert_eq!(call_href("javascript:{id}", "A"), None);
        assert_eq!(call_href(" Java\tScript:{id}", "A"), None);
        assert_eq!(call_href("data:text/html,{id}", "A"), None);

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
    fn escaping_drops_what_xml_forbids() {
        assert_eq!(escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
        assert_eq!(escape("x\u{0}\u{8}\u{1f}\u{fffe}\u{ffff}y\tz\n"), "xy z ");
        assert_eq!(escape("é 🎉 \u{85} \u{fffd}"), "é 🎉 \u{85} \u{fffd}");
        assert_eq!(
            crate::encode::percent_encode("a b/é", b""),
            "a%20b%2F%C3%A9"
        );
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
                    assert!(!placed.outer().overlaps(&other.outer()));
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

    #[test]
    fn text_fits_its_shape() {
        for chart in sample_charts().into_iter().chain([hostile_chart()]) {
            let drawn = layout(&chart, &options(false));
            for placed in &drawn.nodes {
                let content = &placed.content;
                // As drawn: the number in bold (about a tenth wider), a space, the line.
                let first = match (&content.number, content.lines.first()) {
                    (Some(number), Some(line)) => {
                        text_width(number, FONT) * 1.1 + text_width(&format!(" {line}"), FONT)
                    }
                    _ => 0.0,
                };
                let text_w = widest(&content.lines, FONT)
                    .max(first)
                    .max(widest(&content.caption, CAPTION_FONT))
                    .max(
                        content
                            .call
                            .as_deref()
                            .map_or(0.0, |call| text_width(call, FONT)),
                    );
                let text_h = content.text_height();
                match content.kind {
                    // The text's rectangle lies inside the diamond.
                    NodeKind::Decision => assert!(text_w / content.w + text_h / content.h <= 1.0),
                    NodeKind::Call => {
                        assert!(text_w + 2.0 * (BOX_PAD_X + CALL_BAR) <= content.w + 0.01)
                    }
                    _ => assert!(
                        text_w + 2.0 * BOX_PAD_X <= content.w + 0.01,
                        "{:?}",
                        content.lines
                    ),
                }
                assert!(text_h < content.h, "{:?}", content.lines);
            }
        }
    }

    #[test]
    #[ignore = "writes SVG files to the temp folder to look at"]
    #[allow(clippy::print_stdout)]
    fn write_samples_to_tmp() {
        let folder = std::env::temp_dir().join("sop-svg");
        std::fs::create_dir_all(&folder).unwrap();
        for chart in sample_charts().into_iter().chain([hostile_chart()]) {
            for lanes in [false, true] {
                let name = format!(
                    "{}{}.svg",
                    crate::encode::percent_encode(&chart.sop_id, b""),
                    if lanes { "-lanes" } else { "" }
                );
                std::fs::write(folder.join(name), render(&chart, &options(lanes))).unwrap();
            }
        }
        let chart = sample("CS-010");
        for lanes in [false, true] {
            let start = std::time::Instant::now();
            let runs = 1000;
            for _ in 0..runs {
                std::hint::black_box(render(&chart, &options(lanes)));
            }
            println!(
                "CS-010 lanes={lanes}: {:?} per render",
                start.elapsed() / runs
            );
        }
    }
}
