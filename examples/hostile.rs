//! Writes the hostile inputs of `benches/scaling.sh`: one project per case,
//! each `SCALE` times its base size, so the script can time 1x, 4x and 16x
//! and show how each cost grows. At 16x every case is the size at which it
//! once took from 10 seconds to minutes (see the README's "Limits").
//!
//! Run: `cargo run --release --example hostile -- DIR SCALE`

use std::fmt::Write as _;
use std::path::Path;

/// One case: its folder name, the `sop` command the script runs in it, and
/// the files of its project.
struct Case {
    name: &'static str,
    command: &'static str,
    config: String,
    files: Vec<(String, String)>,
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(scale)) = (args.next(), args.next()) else {
        eprintln!("usage: hostile DIR SCALE");
        std::process::exit(2);
    };
    let scale: usize = scale.parse().expect("SCALE is a whole number");
    for case in cases(scale) {
        let root = Path::new(&dir).join(case.name);
        std::fs::create_dir_all(root.join("sops"))?;
        std::fs::write(root.join("sop.toml"), &case.config)?;
        std::fs::write(root.join("command"), case.command)?;
        for (name, text) in &case.files {
            let path = root.join("sops").join(name);
            std::fs::create_dir_all(path.parent().expect("a folder"))?;
            std::fs::write(path, text)?;
        }
    }
    Ok(())
}

fn cases(scale: usize) -> Vec<Case> {
    let lint = "lint sops --format json --today 2026-11-22";
    let render = "render sops --out out --format html --today 2026-11-22";
    vec![
        Case {
            name: "acronyms-on-one-line",
            command: lint,
            config: String::new(),
            files: vec![one("scope", &words(2_500 * scale, acronym))],
        },
        Case {
            name: "wrong-tags",
            command: lint,
            config: String::new(),
            files: vec![sop(
                "CS-1",
                &format!("tags: [{}]\n", vec!["1"; 1_250 * scale].join(", ")),
                "  - do: Answer the phone.\n",
            )],
        },
        Case {
            name: "aliased-string",
            command: render,
            config: String::new(),
            files: vec![sop(
                "CS-1",
                &format!(
                    "x-text: &text \"{}\"\nx-copies: [{}]\n",
                    "a".repeat(64 * 1024 * scale),
                    vec!["*text"; 300].join(", ")
                ),
                "  - do: Answer the phone.\n",
            )],
        },
        Case {
            name: "wide-decision",
            command: "graph sops/CS-1.yaml --format svg",
            config: "[limits]\nchart-branches = 500\n".into(),
            files: vec![sop("CS-1", "", &decision(30 * scale))],
        },
        Case {
            name: "nested-quotes",
            command: render,
            config: String::new(),
            files: vec![one("purpose", &">".repeat(6_250 * scale))],
        },
        Case {
            name: "nested-lists",
            command: render,
            config: String::new(),
            files: vec![one("purpose", &format!("{}x", "- ".repeat(6_250 * scale)))],
        },
        Case {
            name: "long-text-and-terms",
            command: lint,
            config: String::new(),
            files: vec![sop(
                "CS-1",
                &format!(
                    "scope: {}\nterms:\n{}",
                    words(2_500 * scale, |i| format!("word{i}")),
                    (0..100 * scale)
                        .map(|i| format!("  Term{i}: A defined term.\n"))
                        .collect::<String>()
                ),
                "  - do: Answer the phone.\n",
            )],
        },
        Case {
            name: "terms-map",
            command: lint,
            config: String::new(),
            files: vec![sop(
                "CS-1",
                &format!(
                    "terms:\n{}",
                    (0..7_750 * scale)
                        .map(|i| format!("  {}: A term.\n", acronym(i)))
                        .collect::<String>()
                ),
                "  - do: Answer the phone.\n",
            )],
        },
        Case {
            name: "big-glossary",
            command: lint,
            config: "[limits]\nglossary-terms = 1000000\n".into(),
            files: vec![
                (
                    "glossary.yaml".into(),
                    (0..7_500 * scale)
                        .map(|i| format!("{}: A term.\n", acronym(i)))
                        .collect(),
                ),
                sop("CS-1", "", "  - do: Answer the AAAB phone.\n"),
            ],
        },
        Case {
            name: "many-sops-one-glossary",
            command: lint,
            config: String::new(),
            files: std::iter::once((
                "glossary.yaml".to_string(),
                (0..10_000)
                    .map(|i| format!("{}: A term.\n", acronym(i)))
                    .collect(),
            ))
            .chain((0..625 * scale).map(|i| {
                sop(
                    &format!("CS-{i}"),
                    "",
                    "  - do: Log the call in the AAAB.\n",
                )
            }))
            .collect(),
        },
        Case {
            name: "long-ids",
            command: lint,
            config: String::new(),
            files: vec![sop(
                &"X".repeat(625 * scale),
                "",
                &format!(
                    "  - do: Answer.\n    next: {}\n  - id: {}\n    do: Close.\n",
                    "y".repeat(625 * scale),
                    "z".repeat(625 * scale)
                ),
            )],
        },
    ]
}

/// An SOP file with `extra` top-level lines and `steps` (YAML list items).
fn sop(id: &str, extra: &str, steps: &str) -> (String, String) {
    (
        format!("{}.yaml", &id[..id.len().min(40)]),
        format!(
            "id: {id}\ntitle: Procedure\ndepartment: Customer Service\npurpose: Keep the work the same.\n{extra}instructions:\n{steps}"
        ),
    )
}

/// An SOP whose `field` (`purpose` or another text field) is `text`.
fn one(field: &str, text: &str) -> (String, String) {
    let purpose = if field == "purpose" {
        text
    } else {
        "Keep the work the same."
    };
    let extra = if field == "purpose" {
        String::new()
    } else {
        format!("{field}: |\n  {text}\n")
    };
    (
        "CS-1.yaml".into(),
        format!(
            "id: CS-1\ntitle: Procedure\ndepartment: Customer Service\npurpose: |\n  {purpose}\n{extra}instructions:\n  - do: Answer the phone.\n"
        ),
    )
}

/// `count` words made by `word`, joined by spaces.
fn words(count: usize, word: impl Fn(usize) -> String) -> String {
    let mut text = String::new();
    for index in 0..count {
        let _ = write!(text, "{} ", word(index));
    }
    text
}

/// A decision with `branches` branches, all to one step.
fn decision(branches: usize) -> String {
    let mut steps = String::from("  - ask: Which product?\n    branches:\n");
    for index in 0..branches {
        let _ = write!(steps, "      - when: Product {index}\n        goto: team\n");
    }
    steps.push_str("  - id: team\n    do: Transfer the call.\n    end: true\n");
    steps
}

/// A distinct four-capital word for each number: AAAA, AAAB...
fn acronym(mut number: usize) -> String {
    let mut letters = [b'A'; 4];
    for letter in letters.iter_mut().rev() {
        *letter = b'A' + (number % 26) as u8;
        number /= 26;
    }
    String::from_utf8(letters.to_vec()).expect("ASCII")
}
