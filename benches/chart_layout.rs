//! How long the in-house layout and SVG drawing take, and PNG and PDF on
//! top: every sample SOP, and a made-up chart of 500 steps with a decision
//! every tenth step whose "no" goes back five steps.
//!
//! Run: `cargo bench --bench chart_layout`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use sop::chart::{self, Chart, ChartEdge, ChartNode, NodeKind, Options};

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = sop::project::load(&sop::project::Options::new(root, vec!["sops".into()]))
        .expect("the samples load");
    let samples = project.read_all(|document| chart::of(&document).ok());
    let samples: Vec<Chart> = samples.into_iter().flatten().collect();
    for lanes in [false, true] {
        let options = Options {
            lanes,
            ..Options::default()
        };
        let each = time(100, || {
            for chart in &samples {
                black_box(chart::svg::render(chart, &options));
            }
        });
        println!(
            "{} samples, lanes={lanes}: {:.2} ms for all",
            samples.len(),
            each.as_secs_f64() * 1e3
        );
        let long = long_chart(500);
        let each = time(5, || {
            black_box(chart::svg::render(&long, &options));
        });
        println!(
            "500 steps, lanes={lanes}: {:.1} ms",
            each.as_secs_f64() * 1e3
        );
        for format in [chart::Format::Png, chart::Format::Pdf] {
            let each = time(3, || {
                for chart in &samples {
                    black_box(chart::render(chart, format, &options).ok());
                }
            });
            println!(
                "{} samples as {format:?}, lanes={lanes}: {:.0} ms for all",
                samples.len(),
                each.as_secs_f64() * 1e3
            );
            let each = time(1, || {
                black_box(chart::render(&long, format, &options).ok());
            });
            println!(
                "500 steps as {format:?}, lanes={lanes}: {:.0} ms",
                each.as_secs_f64() * 1e3
            );
        }
    }
}

/// The mean time of `runs` calls of `work`.
fn time(runs: u32, mut work: impl FnMut()) -> Duration {
    let started = Instant::now();
    for _ in 0..runs {
        work();
    }
    started.elapsed() / runs
}

/// Start, `steps` steps (every tenth a decision looping back five steps,
/// roles taking turns) and end.
fn long_chart(steps: usize) -> Chart {
    let node = |key: String, kind: NodeKind, text: String, number: Option<usize>| ChartNode {
        key,
        kind,
        step_id: None,
        number,
        text,
        role: number.map(|number| ["clerk", "manager", "auditor"][number % 3].to_string()),
        role_description: None,
        call: None,
        line: None,
    };
    let mut nodes = vec![node("start".into(), NodeKind::Start, "Start".into(), None)];
    let mut edges = Vec::new();
    for number in 1..=steps {
        let decision = number % 10 == 0;
        let kind = if decision {
            NodeKind::Decision
        } else {
            NodeKind::Action
        };
        let text = format!("Check the record of item {number} against the register");
        nodes.push(node(format!("s{number}"), kind, text, Some(number)));
        edges.push(ChartEdge {
            from: number - 1,
            to: number,
            label: ((number - 1) % 10 == 0 && number > 1).then(|| "yes".to_string()),
        });
        if decision {
            edges.push(ChartEdge {
                from: number,
                to: number - 5,
                label: Some("no, check again".into()),
            });
        }
    }
    nodes.push(node("end".into(), NodeKind::End, "End".into(), None));
    edges.push(ChartEdge {
        from: steps,
        to: steps + 1,
        label: Some("yes".into()),
    });
    Chart {
        sop_id: "BENCH-500".into(),
        title: "A long procedure".into(),
        nodes,
        edges,
    }
}
