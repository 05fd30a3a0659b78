//! Edges that enter one node's top, spread along it: on one point they
//! would merge into one line, and the reader could not tell them apart.

use super::*;

/// Room between neighbouring entries on a top border.
const ENTRY_GAP: f64 = 16.0;

/// Gives every edge into the top of a node that more than one edge enters
/// a point of its own on that top, in the order of where the edges come
/// from (their last bend, or their loop's channel), so they do not cross
/// on the way in. `from_x` is that x for each edge drawn (none for an edge
/// that is not).
pub(super) fn spread_entries(
    chart: &Chart,
    contents: &[Content],
    from_x: &[Option<f64>],
    ports: &mut [(Port, Port)],
) {
    let mut into: Vec<Vec<(f64, usize)>> = vec![Vec::new(); contents.len()];
    for (index, edge) in chart.edges.iter().enumerate() {
        if let (Port::Top(_), Some(x)) = (ports[index].1, from_x[index]) {
            into[edge.to].push((x, index));
        }
    }
    for (node, mut entering) in into.into_iter().enumerate() {
        if entering.len() < 2 {
            continue;
        }
        entering.sort_by(|a, b| a.0.total_cmp(&b.0));
        let content = &contents[node];
        // On a diamond, near its corner; on a box, clear of its rounded
        // corners and a sub-process box's inner bars.
        let room = match content.kind {
            NodeKind::Decision => content.w / 3.0,
            NodeKind::Call => content.w - 2.0 * (BOX_PAD_X + CALL_BAR),
            _ => (content.w - 2.0 * BOX_PAD_X).max(0.0),
        };
        let count = entering.len() as f64;
        let gap = ENTRY_GAP.min(room / (count - 1.0));
        for (place, (_, index)) in entering.into_iter().enumerate() {
            ports[index].1 = Port::Top((place as f64 - (count - 1.0) / 2.0) * gap);
        }
    }
}
