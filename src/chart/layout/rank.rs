//! Which way each edge runs, and the rank of each node.

use std::collections::VecDeque;

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

/// What ranking needs of a chart: which nodes are ends, and the edges as
/// (from, to). The flow graph gives the same, so a chart's bend points can
/// be counted without building the chart.
pub(super) struct Shape {
    pub(super) count: usize,
    pub(super) ends: Vec<bool>,
    pub(super) edges: Vec<(usize, usize)>,
}

impl Shape {
    pub(super) fn of(chart: &Chart) -> Shape {
        Shape {
            count: chart.nodes.len(),
            ends: chart
                .nodes
                .iter()
                .map(|node| node.kind == NodeKind::End)
                .collect(),
            edges: chart
                .edges
                .iter()
                .map(|edge| (edge.from, edge.to))
                .collect(),
        }
    }
}

/// The bend points the layout gives each edge between nodes (`ends` says
/// which are ends): one per rank a downward edge crosses. The layout's cost
/// grows with them; counting them is linear in the edges.
pub fn bend_points(ends: Vec<bool>, edges: Vec<(usize, usize)>) -> Vec<usize> {
    let shape = Shape {
        count: ends.len(),
        ends,
        edges,
    };
    let courses = courses(&shape);
    let rank = rank_nodes(&shape, &courses);
    shape
        .edges
        .iter()
        .zip(&courses)
        .map(|(&(from, to), course)| match course {
            Course::Down => rank[to].saturating_sub(rank[from] + 1),
            Course::Up | Course::Itself | Course::Broken => 0,
        })
        .collect()
}

pub(super) fn courses(shape: &Shape) -> Vec<Course> {
    let back = back_edges(shape);
    let count = shape.count;
    shape
        .edges
        .iter()
        .zip(back)
        .map(|(&(from, to), back)| {
            if from >= count || to >= count {
                Course::Broken
            } else if from == to {
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
pub(super) fn back_edges(shape: &Shape) -> Vec<bool> {
    let count = shape.count;
    let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); count];
    for (index, &(from, to)) in shape.edges.iter().enumerate() {
        if from < count && to < count {
            out[from].push((to, index));
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
    let mut back = vec![false; shape.edges.len()];
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
pub(super) fn rank_nodes(shape: &Shape, courses: &[Course]) -> Vec<usize> {
    let count = shape.count;
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut indegree = vec![0_usize; count];
    for (&(from, to), course) in shape.edges.iter().zip(courses) {
        let (from, to) = match course {
            Course::Down => (from, to),
            Course::Up => (to, from),
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
    let is_end = |node: usize| shape.ends[node];
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
