//! The flow of an SOP's instructions as a petgraph graph: one start node, one
//! end node, a node per step. The flow rules run on it, and flowchart exports
//! draw it.

use std::collections::HashMap;

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Dfs, EdgeRef, NodeFiltered, Reversed};

use crate::model::Sop;
use crate::suggest::Suggestions;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowNode {
    Start,
    /// A step, by its index in `instructions`.
    Step(usize),
    End,
}

/// Why one node follows another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlowEdge {
    /// Into the first step, or to the step below.
    Sequence,
    /// A `do` step's `next`.
    Next,
    /// A decision's branch, with its `when` label.
    Branch(String),
    /// `end: true`, the last step, or a target that names no step.
    Finish,
}

#[derive(Debug)]
pub struct Flow {
    pub graph: DiGraph<FlowNode, FlowEdge>,
    pub start: NodeIndex,
    pub end: NodeIndex,
    /// The node of each step, by step index.
    pub steps: Vec<NodeIndex>,
    /// Steps that a misspelt `next` or `goto` most likely meant.
    pub meant_targets: Vec<usize>,
}

impl Flow {
    /// Builds the flow as the format defines it. A `next` or `goto` naming no
    /// step ends the flow (that is an `unknown-step` finding, not a flow one),
    /// and so does a decision with no usable branch (`decision-branches`).
    pub fn build(sop: &Sop) -> Flow {
        let mut graph = DiGraph::new();
        let start = graph.add_node(FlowNode::Start);
        let steps: Vec<NodeIndex> = (0..sop.steps.len())
            .map(|index| graph.add_node(FlowNode::Step(index)))
            .collect();
        let end = graph.add_node(FlowNode::End);
        let ids = step_ids(sop);
        let target = |id: &str| ids.get(id).map_or(end, |&index| steps[index]);
        let mut suggestions = Suggestions::new(ids.keys().copied().collect());
        let meant_targets = sop
            .steps
            .iter()
            .flat_map(|step| {
                step.next
                    .iter()
                    .chain(step.branches.iter().filter_map(|b| b.goto.as_ref()))
            })
            .filter(|target| !ids.contains_key(target.value.as_str()))
            .filter_map(|target| suggestions.closest(&target.value).map(|id| ids[id]))
            .collect();

        graph.add_edge(
            start,
            steps.first().copied().unwrap_or(end),
            FlowEdge::Sequence,
        );
        for (index, step) in sop.steps.iter().enumerate() {
            let node = steps[index];
            if step.is_decision() {
                let mut continues = false;
                for branch in &step.branches {
                    if let Some(goto) = &branch.goto {
                        let label = branch.when.as_ref().map_or("", |when| &when.value);
                        graph.add_edge(node, target(&goto.value), FlowEdge::Branch(label.into()));
                        continues = true;
                    }
                }
                if !continues {
                    graph.add_edge(node, end, FlowEdge::Finish);
                }
            } else if let Some(next) = &step.next {
                let to = target(&next.value);
                let kind = if to == end {
                    FlowEdge::Finish
                } else {
                    FlowEdge::Next
                };
                graph.add_edge(node, to, kind);
            } else if step.end {
                graph.add_edge(node, end, FlowEdge::Finish);
            } else {
                match steps.get(index + 1) {
                    Some(&below) => graph.add_edge(node, below, FlowEdge::Sequence),
                    None => graph.add_edge(node, end, FlowEdge::Finish),
                };
            }
        }
        Flow {
            graph,
            start,
            end,
            steps,
            meant_targets,
        }
    }

    fn step_index(&self, node: NodeIndex) -> Option<usize> {
        match self.graph[node] {
            FlowNode::Step(index) => Some(index),
            FlowNode::Start | FlowNode::End => None,
        }
    }

    /// Steps that no path from the start reaches, grouped by where each
    /// unreachable stretch begins: one group per mistake, its first element
    /// the step to report. A step that a misspelt jump most likely meant
    /// counts as reached: the jump is one mistake, an `unknown-step`.
    pub fn unreachable_groups(&self) -> Vec<Vec<usize>> {
        // One walk from the start and from every meant step: what any of them reaches.
        let mut reached = vec![false; self.graph.node_count()];
        let mut dfs = Dfs::new(&self.graph, self.start);
        let roots = self.meant_targets.iter().map(|&meant| self.steps[meant]);
        for root in std::iter::once(self.start).chain(roots) {
            dfs.move_to(root);
            while let Some(node) = dfs.next(&self.graph) {
                reached[node.index()] = true;
            }
        }
        let lost: Vec<bool> = self
            .graph
            .node_indices()
            .map(|n| !reached[n.index()])
            .collect();
        self.groups(&lost, Direction::Incoming)
    }

    /// Reached steps from which no path leads to the end, grouped by the loop
    /// they are caught in: one group per trap, its first element the step to report.
    pub fn trapped_groups(&self) -> Vec<Vec<usize>> {
        let reached = self.reached_from(self.start, false);
        let exits = self.reached_from(self.end, true);
        let trapped: Vec<bool> = self
            .graph
            .node_indices()
            .map(|n| reached[n.index()] && !exits[n.index()])
            .collect();
        self.groups(&trapped, Direction::Outgoing)
    }

    fn reached_from(&self, from: NodeIndex, backwards: bool) -> Vec<bool> {
        let mut seen = vec![false; self.graph.node_count()];
        if backwards {
            let reversed = Reversed(&self.graph);
            let mut dfs = Dfs::new(reversed, from);
            while let Some(node) = dfs.next(reversed) {
                seen[node.index()] = true;
            }
        } else {
            let mut dfs = Dfs::new(&self.graph, from);
            while let Some(node) = dfs.next(&self.graph) {
                seen[node.index()] = true;
            }
        }
        seen
    }

    /// The strongly connected components of the marked nodes that no other
    /// marked component feeds (`Incoming`) or drains into (`Outgoing`). Each
    /// group is the component's steps in list order, followed (for
    /// `Incoming`) by the other marked steps it leads to.
    fn groups(&self, marked: &[bool], boundary: Direction) -> Vec<Vec<usize>> {
        let subgraph = NodeFiltered::from_fn(&self.graph, |n| marked[n.index()]);
        // Kosaraju's walks are iterative: Tarjan's recursion overflows the
        // stack on a long stretch of steps. The order of the components and
        // of the nodes in one does not matter: the groups are sorted below.
        let components = petgraph::algo::kosaraju_scc(&subgraph);
        let mut component_of = HashMap::new();
        for (id, component) in components.iter().enumerate() {
            for &node in component {
                component_of.insert(node, id);
            }
        }
        // The last group whose followers were collected through each node.
        let mut visited = vec![usize::MAX; self.graph.node_count()];
        let mut groups = Vec::new();
        for (id, component) in components.iter().enumerate() {
            let closed = component.iter().all(|&node| {
                self.graph
                    .edges_directed(node, boundary)
                    .map(|edge| match boundary {
                        Direction::Incoming => edge.source(),
                        Direction::Outgoing => edge.target(),
                    })
                    .all(|other| component_of.get(&other).is_none_or(|&c| c == id))
            });
            if !closed {
                continue;
            }
            let mut steps: Vec<usize> = component
                .iter()
                .filter_map(|&n| self.step_index(n))
                .collect();
            steps.sort_unstable();
            if boundary == Direction::Incoming {
                // The marked steps reachable from the component, outside it.
                let mut followers: Vec<usize> = Vec::new();
                let mut pending = vec![component[0]];
                visited[component[0].index()] = id;
                while let Some(node) = pending.pop() {
                    if let Some(index) = self.step_index(node)
                        && component_of.get(&node) != Some(&id)
                    {
                        followers.push(index);
                    }
                    for next in self.graph.neighbors(node) {
                        if marked[next.index()] && visited[next.index()] != id {
                            visited[next.index()] = id;
                            pending.push(next);
                        }
                    }
                }
                followers.sort_unstable();
                steps.extend(followers);
            }
            if !steps.is_empty() {
                groups.push(steps);
            }
        }
        groups.sort();
        groups
    }
}

/// Step ids to step indexes; a repeated id keeps its first step.
pub fn step_ids(sop: &Sop) -> HashMap<&str, usize> {
    let mut ids = HashMap::new();
    for (index, step) in sop.steps.iter().enumerate() {
        if let Some(id) = &step.id {
            ids.entry(id.value.as_str()).or_insert(index);
        }
    }
    ids
}
