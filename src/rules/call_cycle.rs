use std::collections::{HashMap, HashSet, VecDeque};

use petgraph::algo::tarjan_scc;
use petgraph::graphmap::DiGraphMap;
use rustc_hash::FxBuildHasher;

use crate::diagnostic::{Diagnostic, Label};
use crate::project::index::{SopSet, Summary};
use crate::rules::Rule;
use crate::suggest::{LISTED, listing_of, shortened};

declare_rule! {
    /// Finds SOPs whose steps `call` each other in a cycle: A calls B, B
    /// calls C, C calls A again; an SOP that calls itself is a cycle too.
    /// `references` do not count.
    ///
    /// Each cycle is reported once, at a `call` in the SOP given with the
    /// smallest path (its first call into the cycle), and the message names
    /// the SOPs of the cycle in order. SOPs that were not given count, so
    /// linting one file finds the cycles it is part of. When more SOPs are
    /// tangled together than one cycle shows, the message names them too.
    ///
    /// ## Why it matters
    /// ISO 9001 clause 8.5.1 asks for documented information that defines
    /// the activities to be performed. An employee who follows a cycle of
    /// calls never finishes the procedure they started, and the SOPs do not
    /// say where the work really ends.
    ///
    /// ## Example
    /// ```yaml
    /// # sops/CS-010-complaints.yaml
    /// - do: Escalate to the supervisor.
    ///   call: CS-020
    /// # sops/CS-020-escalation.yaml
    /// - do: Handle the complaint again.
    ///   call: CS-010   # CS-010 → CS-020 → CS-010: call neither from the other
    /// ```
    pub struct CallCycle;
}

pub fn check(set: &SopSet, diagnostics: &mut Vec<Diagnostic>) {
    let graph = call_graph(set);
    let cycles: Vec<HashSet<&str>> = tarjan_scc(&graph)
        .into_iter()
        .filter(|component| match component.as_slice() {
            [only] => graph.contains_edge(*only, *only),
            _ => true,
        })
        .map(|component| component.into_iter().collect())
        .collect();
    let cycle_of: HashMap<&str, usize> = cycles
        .iter()
        .enumerate()
        .flat_map(|(at, members)| members.iter().map(move |&id| (id, at)))
        .collect();
    // Where each cycle is reported: its first call in the given SOP of the
    // smallest path that calls into it.
    let mut places: Vec<Option<Place>> = vec![None; cycles.len()];
    for sop in &set.given {
        let Some((id, _)) = &sop.id else {
            continue;
        };
        let Some(&at) = cycle_of.get(id.as_str()) else {
            continue;
        };
        let Some(call) = sop
            .calls
            .iter()
            .find(|(target, _)| cycles[at].contains(target.as_str()))
        else {
            continue;
        };
        if places[at].is_none_or(|place| sop.path < place.sop.path) {
            places[at] = Some(Place { sop, id, call });
        }
    }
    for (members, place) in cycles.iter().zip(places) {
        if let Some(place) = place {
            diagnostics.push(finding(&graph, members, place));
        }
    }
}

/// A call of a given SOP into a cycle.
#[derive(Clone, Copy)]
struct Place<'a> {
    sop: &'a Summary,
    /// Its id.
    id: &'a str,
    call: &'a (String, Label),
}

/// The SOP ids as nodes, an edge for each call of every SOP given or linked.
/// The SOPs and their calls. Its nodes keep the order they were added in,
/// whatever the hasher, so the cycles come out in the same order.
type CallGraph<'s> = DiGraphMap<&'s str, (), FxBuildHasher>;

fn call_graph<'s>(set: &'s SopSet) -> CallGraph<'s> {
    let mut graph = CallGraph::default();
    for sop in set.given.iter().chain(&set.linked) {
        let Some((id, _)) = &sop.id else {
            continue;
        };
        graph.add_node(id.as_str());
        for (target, _) in &sop.calls {
            graph.add_edge(id.as_str(), target.as_str(), ());
        }
    }
    graph
}

/// The finding of one cycle (a strongly connected set of SOPs), at a call
/// into it: the cycle that call starts, and the other SOPs of the set.
fn finding(graph: &CallGraph<'_>, members: &HashSet<&str>, place: Place) -> Diagnostic {
    let Place {
        sop,
        id: start,
        call: (target, label),
    } = place;
    let mut cycle = vec![start];
    cycle.extend(shortest_path(graph, members, target, start));
    let message = if cycle.len() == 2 {
        format!("`{}` calls itself", shortened(start))
    } else {
        format!("these SOPs call each other in a cycle: {}", arrows(&cycle))
    };
    let on_cycle: HashSet<&str> = cycle.iter().copied().collect();
    let mut tangled: Vec<&str> = members
        .iter()
        .copied()
        .filter(|id| !on_cycle.contains(id))
        .collect();
    tangled.sort_unstable();
    let message = match tangled.len() {
        0 => message,
        count => format!(
            "{message}; {} {} in the same tangle of calls",
            listing_of(tangled.iter(), count),
            if count == 1 { "is" } else { "are" }
        ),
    };
    Rule::CallCycle
        .finding(&sop.path, Some(label.clone()), message)
        .with_help(
            "an employee who follows these calls never gets out of them: remove one of the calls, or make it a `references` entry",
        )
}

/// The shortest path of calls from `from` to `to` inside `members`, both
/// included, taking calls in the order they were written; `from` and `to`
/// are in one strongly connected set, so there is one.
fn shortest_path<'a>(
    graph: &CallGraph<'a>,
    members: &HashSet<&str>,
    from: &'a str,
    to: &'a str,
) -> Vec<&'a str> {
    let mut came_from: HashMap<&str, &str> = HashMap::new();
    let mut queue = VecDeque::from([from]);
    while let Some(node) = queue.pop_front() {
        if node == to {
            break;
        }
        for next in graph.neighbors(node) {
            if next != from && members.contains(next) && !came_from.contains_key(next) {
                came_from.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    let mut path = vec![to];
    while let Some(&previous) = path.last().and_then(|node| came_from.get(node)) {
        path.push(previous);
    }
    path.reverse();
    path
}

/// `A → B → A`: at most [`LISTED`] ids before the last, each cut short when
/// very long.
fn arrows(cycle: &[&str]) -> String {
    let Some((last, between)) = cycle.split_last() else {
        return String::new();
    };
    let mut shown: Vec<String> = between
        .iter()
        .take(LISTED)
        .map(|id| shortened(id))
        .collect();
    if between.len() > LISTED {
        shown.push(format!("… {} more", between.len() - LISTED));
    }
    shown.push(shortened(last));
    shown.join(" → ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_cycle_is_cut_before_its_last_id() {
        let ids: Vec<String> = (0..30).map(|n| format!("S-{n}")).collect();
        let mut cycle: Vec<&str> = ids.iter().map(String::as_str).collect();
        cycle.push("S-0");
        let shown = arrows(&cycle);
        assert!(shown.starts_with("S-0 → S-1 → "), "{shown}");
        assert!(shown.ends_with("S-19 → … 10 more → S-0"), "{shown}");
        assert_eq!(arrows(&["S-0", "S-1", "S-0"]), "S-0 → S-1 → S-0");
    }
}
