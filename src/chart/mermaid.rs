//! Mermaid flowchart text, which GitHub and GitLab render in Markdown. Node
//! ids are `sop`'s own keys (prefixed `n_`, as `end` is a keyword); every
//! text is a quoted label in which anything but letters, digits, spaces and
//! a few harmless marks is written as a decimal entity code (`#35;` for `#`),
//! so SOP text can never close a label, start a comment or directive (`%%`),
//! add an edge, become Markdown (backticks) or inject HTML. Which characters
//! are harmless was measured with Mermaid's own parser (tests/mermaid).
//!
//! A step's text is one line: Mermaid wraps it to its own width (200px by
//! default), so `sop` adds no breaks that would meet Mermaid's and leave
//! orphan words. Only the called SOP and the role start lines of their own.

use std::fmt::Write as _;

use super::layout::one_line;
use super::{Chart, ChartNode, Direction, NodeKind, Options};

pub fn render(chart: &Chart, options: &Options) -> String {
    let mut out = String::new();
    // A comment, but escaped like a label: a Markdown page may show it.
    let title = escape(&format!("{} — {}", chart.sop_id, chart.title));
    let _ = writeln!(out, "%% {title}");
    // TD and TB are the same to Mermaid; the chart says TD, as it always has.
    let (chart_direction, direction) = match options.direction {
        Direction::TopDown => ("TD", "TB"),
        Direction::LeftRight => ("LR", "LR"),
    };
    let _ = writeln!(out, "flowchart {chart_direction}");
    if options.lanes {
        for node in chart.nodes.iter().filter(|node| node.role.is_none()) {
            write_node(node, "  ", &mut out);
        }
        for (index, role) in chart.lanes().into_iter().enumerate() {
            let _ = writeln!(out, "  subgraph lane{index} [\"{}\"]", escape(role));
            let _ = writeln!(out, "    direction {direction}");
            for node in chart
                .nodes
                .iter()
                .filter(|node| node.role.as_deref() == Some(role))
            {
                write_node(node, "    ", &mut out);
            }
            out.push_str("  end\n");
        }
    } else {
        for node in &chart.nodes {
            write_node(node, "  ", &mut out);
        }
    }
    for edge in &chart.edges {
        let (from, to) = (id(&chart.nodes[edge.from]), id(&chart.nodes[edge.to]));
        match edge
            .label
            .as_deref()
            .map(escape)
            .filter(|label| !label.is_empty())
        {
            // Mermaid rejects an empty label `-->|""|`.
            Some(label) => {
                let _ = writeln!(out, "  {from} -->|\"{label}\"| {to}");
            }
            None => {
                let _ = writeln!(out, "  {from} --> {to}");
            }
        }
    }
    for node in &chart.nodes {
        // A percent-encoded name holds no quote, so the link needs no escaping.
        if let Some(call) = &node.call
            && let Some(href) = options.call_link(call)
        {
            let _ = writeln!(out, "  click {} href \"{href}\"", id(node));
        }
    }
    out
}

/// `n_` keeps ids clear of Mermaid keywords such as `end`.
fn id(node: &ChartNode) -> String {
    format!("n_{}", node.key)
}

fn write_node(node: &ChartNode, indent: &str, out: &mut String) {
    let text = match node.number {
        Some(number) => format!("{number}. {}", node.text),
        None => node.text.clone(),
    };
    let mut lines = vec![escape(&one_line(&text))];
    if let Some(call) = &node.call {
        lines.push(escape(&format!("→ SOP {}", one_line(call))));
    }
    if let Some(role) = &node.role {
        lines.push(escape(&format!("({})", one_line(role))));
    }
    let label = lines.join("<br/>");
    let (open, close) = match node.kind {
        NodeKind::Start | NodeKind::End => ("([", "])"),
        NodeKind::Action => ("[", "]"),
        NodeKind::Call => ("[[", "]]"),
        NodeKind::Decision => ("{", "}"),
    };
    let _ = writeln!(out, "{indent}{}{open}\"{label}\"{close}", id(node));
}

/// Punctuation that Mermaid keeps as text inside a quoted label.
const HARMLESS: &str = ".,-_()/?!'+*=@";

/// Text for inside a quoted Mermaid label: letters, digits, spaces,
/// [`HARMLESS`] marks and any other non-ASCII character (Mermaid's syntax is
/// all ASCII) as they are, everything else as a decimal entity code;
/// control characters dropped.
pub(crate) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        let plain = c.is_alphanumeric() || c == ' ' || HARMLESS.contains(c);
        if plain || (!c.is_ascii() && !c.is_control() && !c.is_whitespace()) {
            escaped.push(c);
        } else if !c.is_control() {
            let _ = write!(escaped, "#{};", u32::from(c));
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_only_letters_digits_and_spaces() {
        assert_eq!(
            escape("a \"b\" %% --> ] `c` #1; x:y"),
            "a #34;b#34; #37;#37; --#62; #93; #96;c#96; #35;1#59; x#58;y"
        );
        assert_eq!(escape("café → 🚀\n"), "café → 🚀");
    }
}
