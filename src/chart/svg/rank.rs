//! Which way each edge runs, and the rank of each node.

use std::collections::VecDeque;

use super::*;

/// How an edge is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Course {
    /// Down the ranks.
    Down,
    /// Closes a cycle: a loop going back up along the side.
    Up,
    /// From a node to itself.
    Itself,
    /// An end is not a node: not drawn.
    Broken,
}

pub(super) fn courses(chart: &Chart) -> Vec<Course> {
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
pub(super) fn back_edges(chart: &Chart) -> Vec<bool> {
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
pub(super) fn rank_nodes(chart: &Chart, courses: &[Course]) -> Vec<usize> {
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
