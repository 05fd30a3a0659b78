//! `--direction LR`: a linear SOP's chart is wider than tall in every
//! format that has a size, and says left-to-right in those that do not.

use resvg::tiny_skia::Pixmap;
use sop::chart::{self, Chart, ChartEdge, ChartNode, Direction, Format, NodeKind, Options};

/// Start, six steps one after the other, end.
fn linear() -> Chart {
    let node = |key: String, kind: NodeKind, number: Option<usize>| ChartNode {
        text: format!("Do step {key} of the procedure carefully"),
        key,
        kind,
        step_id: None,
        number,
        role: None,
        role_description: None,
        call: None,
        line: None,
    };
    let mut nodes = vec![node("start".into(), NodeKind::Start, None)];
    nodes.extend((1..=6).map(|number| node(format!("s{number}"), NodeKind::Action, Some(number))));
    nodes.push(node("end".into(), NodeKind::End, None));
    let edges = (1..nodes.len())
        .map(|to| ChartEdge {
            from: to - 1,
            to,
            label: None,
        })
        .collect();
    Chart {
        sop_id: "LIN-1".into(),
        title: "Straight through".into(),
        nodes,
        edges,
    }
}

fn render(format: Format, direction: Direction) -> Vec<u8> {
    let options = Options {
        direction,
        ..Options::default()
    };
    chart::render(&linear(), format, &options).unwrap()
}

/// Width and height of a picture in `format`.
fn size(format: Format, bytes: &[u8]) -> (f64, f64) {
    match format {
        Format::Svg => {
            let text = String::from_utf8(bytes.to_vec()).unwrap();
            let svg = roxmltree::Document::parse(&text).unwrap();
            let root = svg.root_element();
            let length = |name| root.attribute(name).unwrap().parse().unwrap();
            (length("width"), length("height"))
        }
        Format::Png => {
            let pixmap = Pixmap::decode_png(bytes).unwrap();
            (f64::from(pixmap.width()), f64::from(pixmap.height()))
        }
        Format::Pdf => {
            // The page dictionary is not in a compressed stream.
            let text = String::from_utf8_lossy(bytes);
            let start = text.find("/MediaBox [").unwrap() + "/MediaBox [".len();
            let numbers: Vec<f64> = text[start..]
                .split(']')
                .next()
                .unwrap()
                .split_whitespace()
                .map(|number| number.parse().unwrap())
                .collect();
            (numbers[2] - numbers[0], numbers[3] - numbers[1])
        }
        Format::Dot | Format::Mermaid | Format::Json => unreachable!("no size"),
    }
}

#[test]
fn left_to_right_is_wider_than_tall() {
    for format in [Format::Svg, Format::Png, Format::Pdf] {
        let (width, height) = size(format, &render(format, Direction::TopDown));
        assert!(
            height > 2.0 * width,
            "{format:?} top-down: {width}×{height}"
        );
        let (width, height) = size(format, &render(format, Direction::LeftRight));
        assert!(
            width > 2.0 * height,
            "{format:?} left to right: {width}×{height}"
        );
    }
}

#[test]
fn dot_and_mermaid_say_left_to_right() {
    let text = |format, direction| String::from_utf8(render(format, direction)).unwrap();
    assert!(text(Format::Dot, Direction::TopDown).contains("rankdir=TB"));
    assert!(text(Format::Dot, Direction::LeftRight).contains("rankdir=LR"));
    assert!(text(Format::Mermaid, Direction::TopDown).contains("\nflowchart TD\n"));
    assert!(text(Format::Mermaid, Direction::LeftRight).contains("\nflowchart LR\n"));
}
