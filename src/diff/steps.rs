//! Which step of the old revision is which step of the new one, and which
//! of the matched steps moved.
//!
//! Steps are matched in three passes, each on the steps the passes before
//! left over:
//!
//! 1. **By id**: a step id that both revisions have names the same step.
//! 2. **By text**: the most alike pairs of texts (`do` or `ask`), best
//!    first, when at least [`SIMILAR`] alike (normalised Levenshtein: at
//!    most 40% of the characters edited). A step whose id was renamed or
//!    dropped is still found so. Skipped when comparing every pair would
//!    cost more than [`SIMILARITY_BUDGET`] character comparisons: the
//!    steps are then matched by position only.
//! 3. **By position**: below the same matched step (or at the top), the
//!    steps without an id that are left on both sides are paired in order: a
//!    step rewritten in place is a reworded step, not one removed and one
//!    added.
//!
//! A matched step **moved** when it is not on the longest run of matched
//! steps that keeps its order (a longest increasing subsequence of the new
//! positions in old order): steps shifted by insertions and removals did not
//! move, the steps taken out of that order did.

use std::collections::{HashMap, VecDeque};

use crate::model::Step;

/// How alike two step texts must be to be the same step (0 to 1).
pub const SIMILAR: f64 = 0.6;

/// At most this many character comparisons for the text pass (the product
/// of the lengths of the unmatched old and new texts).
pub const SIMILARITY_BUDGET: usize = 20_000_000;

/// The pairs `(old index, new index)` of the same step, in old order.
pub fn match_steps(old: &[Step], new: &[Step]) -> Vec<(usize, usize)> {
    let mut old_to_new: Vec<Option<usize>> = vec![None; old.len()];
    let mut new_taken = vec![false; new.len()];
    by_id(old, new, &mut old_to_new, &mut new_taken);
    by_text(old, new, &mut old_to_new, &mut new_taken);
    by_position(old, new, &mut old_to_new, &mut new_taken);
    old_to_new
        .iter()
        .enumerate()
        .filter_map(|(old, new)| new.map(|new| (old, new)))
        .collect()
}

fn id(step: &Step) -> Option<&str> {
    step.id.as_ref().map(|id| id.value.as_str())
}

fn text(step: &Step) -> &str {
    step.text().map_or("", |text| text.value.as_str())
}

fn by_id(old: &[Step], new: &[Step], old_to_new: &mut [Option<usize>], new_taken: &mut [bool]) {
    let mut new_by_id: HashMap<&str, usize> = HashMap::new();
    for (index, step) in new.iter().enumerate() {
        if let Some(id) = id(step) {
            // A repeated id (a `duplicate-step-id`) names its first step.
            new_by_id.entry(id).or_insert(index);
        }
    }
    for (index, step) in old.iter().enumerate() {
        let Some(&partner) = id(step).and_then(|id| new_by_id.get(id)) else {
            continue;
        };
        if !new_taken[partner] {
            old_to_new[index] = Some(partner);
            new_taken[partner] = true;
        }
    }
}

fn by_text(old: &[Step], new: &[Step], old_to_new: &mut [Option<usize>], new_taken: &mut [bool]) {
    let old_left: Vec<usize> = (0..old.len())
        .filter(|&i| old_to_new[i].is_none())
        .collect();
    let new_left: Vec<usize> = (0..new.len()).filter(|&i| !new_taken[i]).collect();
    let length = |steps: &[Step], left: &[usize]| -> usize {
        left.iter().map(|&i| text(&steps[i]).chars().count()).sum()
    };
    let cost = length(old, &old_left).saturating_mul(length(new, &new_left));
    if cost > SIMILARITY_BUDGET {
        return;
    }
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for &o in &old_left {
        for &n in &new_left {
            let (a, b) = (text(&old[o]), text(&new[n]));
            if a.is_empty() || b.is_empty() {
                continue;
            }
            let score = strsim::normalized_levenshtein(a, b);
            if score >= SIMILAR {
                pairs.push((score, o, n));
            }
        }
    }
    // Best first; equal scores in document order, so the result is stable.
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    for (_, o, n) in pairs {
        if old_to_new[o].is_none() && !new_taken[n] {
            old_to_new[o] = Some(n);
            new_taken[n] = true;
        }
    }
}

fn by_position(
    old: &[Step],
    new: &[Step],
    old_to_new: &mut [Option<usize>],
    new_taken: &mut [bool],
) {
    // The gap of an unmatched step: the matched step above it (by its old
    // index), or none at the top.
    let new_to_old: Vec<Option<usize>> = {
        let mut back = vec![None; new.len()];
        for (o, n) in old_to_new.iter().enumerate() {
            if let Some(n) = n {
                back[*n] = Some(o);
            }
        }
        back
    };
    let gaps_of = |matched: &mut dyn Iterator<Item = Option<usize>>| -> Vec<Option<usize>> {
        let mut above = None;
        matched
            .map(|partner| {
                let gap = above;
                above = partner.or(above);
                gap
            })
            .collect()
    };
    let old_gaps = gaps_of(&mut (0..old.len()).map(|i| old_to_new[i].map(|_| i)));
    let new_gaps = gaps_of(&mut new_to_old.iter().copied());
    let mut gaps: HashMap<Option<usize>, VecDeque<usize>> = HashMap::new();
    for index in 0..new.len() {
        if !new_taken[index] && id(&new[index]).is_none() {
            gaps.entry(new_gaps[index]).or_default().push_back(index);
        }
    }
    for index in 0..old.len() {
        if old_to_new[index].is_some() || id(&old[index]).is_some() {
            continue;
        }
        let Some(waiting) = gaps.get_mut(&old_gaps[index]) else {
            continue;
        };
        if let Some(partner) = waiting.pop_front() {
            old_to_new[index] = Some(partner);
            new_taken[partner] = true;
        }
    }
}

/// Which of `pairs` (in old order) moved: those off a longest increasing
/// subsequence of their new indexes.
pub fn moved(pairs: &[(usize, usize)]) -> Vec<bool> {
    // Patience sorting: `tails[k]` is the pair index ending the best run of
    // length k + 1 found so far; `previous` links each pair to the one
    // before it on its run.
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<Option<usize>> = vec![None; pairs.len()];
    for (index, &(_, new)) in pairs.iter().enumerate() {
        let at = tails.partition_point(|&tail| pairs[tail].1 < new);
        previous[index] = at.checked_sub(1).map(|before| tails[before]);
        if at == tails.len() {
            tails.push(index);
        } else {
            tails[at] = index;
        }
    }
    let mut moved = vec![true; pairs.len()];
    let mut cursor = tails.last().copied();
    while let Some(index) = cursor {
        moved[index] = false;
        cursor = previous[index];
    }
    moved
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;
    use crate::yaml::{ByteSpan, Style};

    fn text_of(value: &str) -> Text {
        Text {
            value: value.into(),
            span: ByteSpan { start: 0, end: 0 },
            style: Style::Plain,
        }
    }

    fn step(id: Option<&str>, action: &str) -> Step {
        Step {
            id: id.map(text_of),
            action: Some(text_of(action)),
            ..Step::default()
        }
    }

    #[test]
    fn ids_first_then_similar_text_then_position_in_the_same_gap() {
        let old = [
            step(Some("a"), "Open the queue."),
            step(None, "Listen to the whole message twice."),
            step(None, "Write it down."),
            step(Some("z"), "Close the ticket."),
        ];
        let new = [
            step(Some("z"), "Close the ticket now."),
            step(Some("a"), "Open the queue."),
            step(None, "Listen to the whole message once."),
            step(None, "Something else entirely, typed anew."),
        ];
        // `z` by id, the listening step by text, the written one by position
        // (below the listening step on both sides).
        assert_eq!(match_steps(&old, &new), [(0, 1), (1, 2), (2, 3), (3, 0)]);
    }

    #[test]
    fn unlike_steps_with_ids_are_not_paired() {
        let old = [step(Some("a"), "Open the queue.")];
        let new = [step(Some("b"), "Phone the supplier about the invoice.")];
        assert!(match_steps(&old, &new).is_empty());
    }

    #[test]
    fn only_the_steps_taken_out_of_order_moved() {
        // A B C D -> B C D A: A moved, the others only shifted.
        assert_eq!(
            moved(&[(0, 3), (1, 0), (2, 1), (3, 2)]),
            [true, false, false, false]
        );
        // An insertion shifts, it does not move.
        assert_eq!(moved(&[(0, 0), (1, 2), (2, 3)]), [false, false, false]);
    }
}
