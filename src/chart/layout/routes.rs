//! Routes, planned before the ranks' heights are known.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use super::*;

/// A y coordinate named before it is known: relative to a node's middle, or
/// the level of a horizontal run between two ranks.
#[derive(Debug, Clone, Copy)]
pub(super) enum Level {
    Node(usize, f64),
    Track(usize),
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Waypoint {
    pub(super) x: f64,
    pub(super) y: Level,
}

/// A horizontal run in the gap below `row`, on its own track.
#[derive(Debug, Clone)]
pub(super) struct Jog {
    pub(super) row: usize,
    pub(super) from: f64,
    pub(super) to: f64,
    pub(super) track: usize,
}

#[derive(Debug, Clone)]
pub(super) struct LabelPlan {
    pub(super) text: LabelText,
    pub(super) x: f64,
    pub(super) top: Level,
    /// Whether it hangs below the port (taking room in the gap below).
    pub(super) below: Option<usize>,
}

#[derive(Debug, Clone)]
pub(super) struct Plan {
    pub(super) points: Vec<Waypoint>,
    pub(super) label: Option<LabelPlan>,
    pub(super) kind: Course,
}

/// Everything the routing step needs to know.
pub(super) struct Scene<'a> {
    pub(super) chart: &'a Chart,
    pub(super) layers: &'a Layers,
    pub(super) contents: &'a [Content],
    pub(super) labels: Vec<Option<LabelText>>,
}

impl Scene<'_> {
    /// A port's point: x absolute, y relative to the node's middle.
    pub(super) fn port(&self, node: usize, port: Port) -> (f64, f64) {
        let offset = port_offset(&self.contents[node], port);
        (self.layers.x[node] + offset.x, offset.y)
    }

    /// Whether a horizontal run at a node's level from `a` to `b` meets no
    /// other box of its rank.
    pub(super) fn clear(&self, node: usize, a: f64, b: f64) -> bool {
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
pub(super) fn branch_sides(
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
    let mut down_from: Vec<Vec<usize>> = vec![Vec::new(); chart.nodes.len()];
    for (index, edge) in chart.edges.iter().enumerate() {
        if courses[index] == Course::Down {
            down_from[edge.from].push(index);
        }
    }
    for node in (0..chart.nodes.len()).filter(|&node| chart.nodes[node].kind == NodeKind::Decision)
    {
        let lane = layers.lane[node];
        let mut branches: Vec<(usize, usize, usize)> = down_from[node]
            .iter()
            .filter_map(|&index| {
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
        let mut bottom: VecDeque<usize> = branches
            .iter()
            .filter(|branch| branch.2 == lane)
            .map(|branch| branch.1)
            .collect();
        while bottom.len() > 1 {
            let taken = if open[Side::Right.index()] {
                bottom.pop_back().map(|index| (index, Side::Right))
            } else if open[Side::Left.index()] {
                bottom.pop_front().map(|index| (index, Side::Left))
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
pub(super) fn claim(open: &mut [bool; 2], branch: &mut Option<Side>, side: Side) {
    if open[side.index()] {
        open[side.index()] = false;
        *branch = Some(side);
    }
}

/// Picks the ports: edges leave at the bottom and enter at the top; loops
/// and a decision's side branches use the sides.
pub(super) fn choose_ports(
    scene: &Scene,
    courses: &[Course],
    chains: &[Vec<usize>],
    loops: &[Loop],
    sides: &[Option<Side>],
) -> Vec<(Port, Port)> {
    let chart = scene.chart;
    let mut ports = vec![(Port::Bottom, Port::Top(0.0)); chart.edges.len()];
    let mut entries = vec![[0_usize; 2]; chart.nodes.len()];
    let mut leaves = vec![[false; 2]; chart.nodes.len()];
    for lp in loops {
        leaves[lp.from][lp.side_from.index()] = true;
        if !lp.into_top {
            entries[lp.to][lp.side_to.index()] += 1;
        }
    }
    for lp in loops {
        let shared = entries[lp.from][lp.side_from.index()] > 0;
        let dy_from = if shared {
            scene.contents[lp.from].h / 4.0
        } else {
            0.0
        };
        let both = leaves[lp.to][lp.side_to.index()];
        let dy_to = if both {
            -scene.contents[lp.to].h / 4.0
        } else {
            0.0
        };
        let into = if lp.into_top {
            Port::Top(0.0)
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
    // Where each edge into a top comes from: its last bend, or its channel.
    let mut from_x: Vec<Option<f64>> = chains
        .iter()
        .map(|chain| chain.iter().rev().nth(1).map(|&bend| scene.layers.x[bend]))
        .collect();
    for lp in loops.iter().filter(|lp| lp.into_top) {
        from_x[lp.edge] = Some(lp.channel);
    }
    spread_entries(chart, scene.contents, &from_x, &mut ports);
    ports
}

/// Room a node needs beside its shape, left and right: for the labels of
/// edges leaving from its sides or hanging below it, and for a self-loop.
pub(super) fn reserves(
    chart: &Chart,
    courses: &[Course],
    labels: &[Option<LabelText>],
    contents: &[Content],
    loops: &[Loop],
    sides: &[Option<Side>],
) -> Vec<[f64; 2]> {
    let mut reserve = vec![[0.0_f64; 2]; chart.nodes.len()];
    let loop_of = loop_of_edge(loops, chart.edges.len());
    for (index, edge) in chart.edges.iter().enumerate() {
        let label = labels[index].as_ref().map_or(0.0, |label| label.w);
        let side = match courses[index] {
            Course::Broken => continue,
            Course::Itself => Some((Side::Right, SELF_LOOP + label + 10.0)),
            Course::Up => loop_of[index].map(|lp| (lp.side_from, label + 18.0)),
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
pub(super) fn plan_routes(
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
    let loop_of = loop_of_edge(loops, chart.edges.len());
    for (index, edge) in chart.edges.iter().enumerate() {
        let label = scene.labels[index].clone();
        let (out_port, in_port) = ports[index];
        plans[index] = match courses[index] {
            Course::Broken => None,
            Course::Down => {
                let stub = label.as_ref().map_or(STUB, |text| text.w + 15.0);
                let mut plan =
                    plan_down(scene, &chains[index], (out_port, in_port), stub, &mut jogs);
                plan.label = label.map(|text| match out_port {
                    Port::Side(side, dy) => side_label(scene, edge.from, side, dy, text),
                    Port::Top(_) | Port::Bottom => {
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
            Course::Up => loop_of[index].map(|lp| {
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
pub(super) fn side_label(
    scene: &Scene,
    node: usize,
    side: Side,
    dy: f64,
    text: LabelText,
) -> LabelPlan {
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
pub(super) fn plan_down(
    scene: &Scene,
    chain: &[usize],
    (out_port, in_port): (Port, Port),
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
    let (x_in, dy_in) = scene.port(to, in_port);
    if let (Port::Side(side, _), Some(&next)) = (out_port, chain.get(1)) {
        // Straight out to above the next node (above the very port if the
        // next is the target, so as not to run down another edge's line
        // into it) if it stands beyond the corner, else just clear of the
        // corner, to turn down there.
        let next_x = if next == to { x_in } else { layers.x[next] };
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
        let last = pair[1] == to;
        let target = if last { x_in } else { layers.x[pair[1]] };
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
    points.push(Waypoint {
        x: x_in,
        y: Level::Node(to, dy_in),
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
pub(super) fn plan_loop(
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
/// do not share a line; returns the number of tracks per gap. Runs are
/// taken by their left end, each on the lowest track whose last run ends
/// (with 6px to spare) before it starts: the tracks in use wait on a heap by
/// where their last run ends, so a gap with thousands of runs costs
/// n log n, not a scan of every run per track.
pub(super) fn assign_tracks(jogs: &mut [Jog], rows: usize) -> Vec<usize> {
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
    let mut busy: BinaryHeap<Reverse<TrackEnd>> = BinaryHeap::new();
    let mut free: BinaryHeap<Reverse<usize>> = BinaryHeap::new();
    let (mut row, mut opened) = (usize::MAX, 0);
    for index in indexes {
        let (low, high) = span(&jogs[index]);
        if high - low < 1.0 {
            // An invisible step: any track will do.
            continue;
        }
        if jogs[index].row != row {
            (row, opened) = (jogs[index].row, 0);
            busy.clear();
            free.clear();
        }
        while let Some(Reverse(end)) = busy.peek()
            && low >= end.high + 6.0
        {
            free.push(Reverse(end.track));
            busy.pop();
        }
        let track = free.pop().map_or_else(
            || {
                opened += 1;
                opened - 1
            },
            |Reverse(track)| track,
        );
        jogs[index].track = track;
        busy.push(Reverse(TrackEnd { high, track }));
        if let Some(count) = tracks.get_mut(row) {
            *count = (*count).max(track + 1);
        }
    }
    tracks
}

/// A track in use, and where its last run ends.
#[derive(Debug, Clone, Copy)]
struct TrackEnd {
    high: f64,
    track: usize,
}

impl PartialEq for TrackEnd {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for TrackEnd {}

impl PartialOrd for TrackEnd {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for TrackEnd {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.high
            .total_cmp(&other.high)
            .then(self.track.cmp(&other.track))
    }
}
