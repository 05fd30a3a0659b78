//! Which way each edge runs, and the rank of each node.

use std::collections::VecDeque;

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use super::*;

/// How an edge is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Course {
    /// Down the ranks.
    Down,
    /// Closes a cycle: a loop going back up along the side.
    Up,
    /// From a node to itself.
    Itself,
    /// An end is not a node: not drawn.
    Broken,
}

/// What ranking needs of a chart, as a petgraph graph: which nodes are
/// ends, and the edges between nodes, each weighted with its index among
/// the chart's edges. The flow graph maps to the same, so a chart's bend
/// points can be counted without building the chart.
pub(super) struct Shape {
    pub(super) graph: DiGraph<bool, usize>,
    /// All the chart's edges, with those whose ends are not nodes.
    pub(super) edges: usize,
}

impl Shape {
    pub(super) fn of(chart: &Chart) -> Shape {
        let mut graph = DiGraph::with_capacity(chart.nodes.len(), chart.edges.len());
        for node in &chart.nodes {
            graph.add_node(node.kind == NodeKind::End);
        }
        let count = chart.nodes.len();
        for (index, edge) in chart.edges.iter().enumerate() {
            if edge.from < count && edge.to < count {
                graph.add_edge(NodeIndex::new(edge.from), NodeIndex::new(edge.to), index);
            }
        }
        Shape {
            graph,
            edges: chart.edges.len(),
        }
    }
}

/// The bend points the layout gives each edge of `graph` (`is_end` says
/// which nodes are ends): one per rank a downward edge crosses. The
/// layout's cost grows with them; counting them is linear in the edges.
pub fn bend_points<N, E>(graph: &DiGraph<N, E>, is_end: impl Fn(&N) -> bool) -> Vec<usize> {
    let shape = Shape {
        graph: graph.map(|_, node| is_end(node), |edge, _| edge.index()),
        edges: graph.edge_count(),
    };
    let courses = courses(&shape);
    let rank = rank_nodes(&shape, &courses);
    graph
        .edge_references()
        .zip(&courses)
        .map(|(edge, course)| match course {
            Course::Down => {
                rank[edge.target().index()].saturating_sub(rank[edge.source().index()] + 1)
            }
            Course::Up | Course::Itself | Course::Broken => 0,
        })
        .collect()
}

/// How each chart edge runs; an edge whose ends are not both nodes is
/// [`Course::Broken`].
pub(super) fn courses(shape: &Shape) -> Vec<Course> {
    let back = back_edges(shape);
    let mut courses = vec![Course::Broken; shape.edges];
    for edge in shape.graph.edge_references() {
        courses[*edge.weight()] = if edge.source() == edge.target() {
            Course::Itself
        } else if back[*edge.weight()] {
            Course::Up
        } else {
            Course::Down
        };
    }
    courses
}

/// Edges that close a cycle, found by a depth-first search from the start
/// (node 0, then any node it misses, in list order), following edges in
/// list order of their targets so that loops are the jumps back up the list.
pub(super) fn back_edges(shape: &Shape) -> Vec<bool> {
    let graph = &shape.graph;
    let count = graph.node_count();
    // The edges out of a node as (target, edge), in the order followed.
    let out = |node: usize| {
        let mut targets: Vec<(usize, usize)> = graph
            .edges(NodeIndex::new(node))
            .map(|edge| (edge.target().index(), *edge.weight()))
            .collect();
        targets.sort_unstable();
        targets
    };
    #[derive(Clone, Copy, PartialEq)]
    enum Seen {
        New,
        OnPath,
        Done,
    }
    let mut seen = vec![Seen::New; count];
    let mut back = vec![false; shape.edges];
    for root in 0..count {
        if seen[root] != Seen::New {
            continue;
        }
        seen[root] = Seen::OnPath;
        let mut stack = vec![(root, out(root), 0)];
        while let Some(top) = stack.last_mut() {
            let node = top.0;
            if let Some(&(to, edge)) = top.1.get(top.2) {
                top.2 += 1;
                match seen[to] {
                    Seen::New => {
                        seen[to] = Seen::OnPath;
                        stack.push((to, out(to), 0));
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
pub(super) fn rank_nodes(shape: &Shape, courses: &[Course]) -> Vec<usize> {
    let graph = &shape.graph;
    let count = graph.node_count();
    // The nodes one rank below `node` at least: down the edges that run
    // down, up the loops.
    let below = |node: usize| {
        let node = NodeIndex::new(node);
        let down = graph
            .edges_directed(node, Direction::Outgoing)
            .filter(|edge| courses[*edge.weight()] == Course::Down)
            .map(|edge| edge.target().index());
        let up = graph
            .edges_directed(node, Direction::Incoming)
            .filter(|edge| courses[*edge.weight()] == Course::Up)
            .map(|edge| edge.source().index());
        down.chain(up)
    };
    let mut above = vec![0_usize; count];
    for node in 0..count {
        for to in below(node) {
            above[to] += 1;
        }
    }
    let mut rank = vec![0; count];
    let mut ready: VecDeque<usize> = (0..count).filter(|&node| above[node] == 0).collect();
    while let Some(node) = ready.pop_front() {
        for to in below(node) {
            rank[to] = rank[to].max(rank[node] + 1);
            above[to] -= 1;
            if above[to] == 0 {
                ready.push_back(to);
            }
        }
    }
    let is_end = |node: usize| graph[NodeIndex::new(node)];
    if let Some(deepest) = (0..count)
        .filter(|&node| !is_end(node))
        .map(|node| rank[node])
        .max()
    {
        for node in (0..count).filter(|&node| is_end(node) && below(node).next().is_none()) {
            rank[node] = rank[node].max(deepest + 1);
        }
    }
    rank
}
