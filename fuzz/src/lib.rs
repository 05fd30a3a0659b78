//! What the fuzz targets share: the input becomes a project on disk (an SOP
//! file and, after a `--- glossary ---` line, a glossary beside it), loaded
//! the way the CLI loads it, so every target goes through the one loader.

use std::path::PathBuf;

use sop::date::Date;
use sop::project::{self, Project};

/// Splits the SOP from the glossary in one fuzz input.
const GLOSSARY_SEPARATOR: &[u8] = b"\n--- glossary ---\n";

/// The date every target lints on, so runs repeat.
pub fn today() -> Date {
    "2026-11-22".parse().expect("a valid date")
}

/// Writes `data` as a project in this process's own folder and loads it.
pub fn project(data: &[u8]) -> Option<Project> {
    let root = folder();
    let sops = root.join("sops");
    std::fs::create_dir_all(&sops).ok()?;
    std::fs::write(root.join("sop.toml"), "sops = \"sops\"\n").ok()?;
    let (sop, glossary) = match find(data, GLOSSARY_SEPARATOR) {
        Some(at) => (&data[..at], Some(&data[at + GLOSSARY_SEPARATOR.len()..])),
        None => (data, None),
    };
    std::fs::write(sops.join("input.yaml"), sop).ok()?;
    let glossary_path = sops.join("glossary.yaml");
    match glossary {
        Some(glossary) => std::fs::write(&glossary_path, glossary).ok()?,
        None => {
            let _ = std::fs::remove_file(&glossary_path);
        }
    }
    project::load(&project::Options {
        cwd: root.clone(),
        paths: vec![PathBuf::from("sops")],
        config: None,
        respect_ignore_files: true,
    })
    .ok()
}

fn folder() -> PathBuf {
    std::env::temp_dir().join(format!("sop-fuzz-{}", std::process::id()))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// The `lint` target: load and lint, and write the findings in every format.
pub fn lint(data: &[u8]) {
    use sop::output::{self, Format};
    let Some(project) = project(data) else {
        return;
    };
    let Ok(report) = sop::lint::check(&project, today()) else {
        return;
    };
    for format in [Format::Human, Format::Json, Format::Sarif, Format::Github] {
        let mut out = Vec::new();
        output::render(format, &report, &mut out).expect("writing to memory");
        if format == Format::Json || format == Format::Sarif {
            serde_json::from_slice::<serde_json::Value>(&out).expect("valid JSON");
        }
    }
}

/// The `chart` target: every chart format of every SOP loaded.
pub fn chart(data: &[u8]) {
    use sop::chart::{self, Format, Options};
    let Some(project) = project(data) else {
        return;
    };
    for document in project.read_all(|document| document) {
        let Ok(chart) = chart::of(&document) else {
            continue;
        };
        for format in [Format::Dot, Format::Mermaid, Format::Svg, Format::Json] {
            let text = chart::render(&chart, format, &Options::default());
            if format == Format::Json {
                serde_json::from_str::<serde_json::Value>(&text).expect("valid JSON");
            }
        }
    }
}

/// The `handbook` target: lint, then the handbook in HTML and in Markdown.
pub fn handbook(data: &[u8]) {
    use sop::handbook::{self, Filters, Format, Settings, templates::Templates};
    static TEMPLATES: std::sync::OnceLock<Templates> = std::sync::OnceLock::new();
    let templates = TEMPLATES.get_or_init(|| Templates::load(None).expect("built-in templates"));
    let Some(project) = project(data) else {
        return;
    };
    let Ok((_, documents)) = sop::lint::check_keeping(&project, today(), Some) else {
        return;
    };
    for format in [Format::Html, Format::Markdown] {
        let settings = Settings {
            format,
            filters: Filters::default(),
            title: "Handbook".into(),
            generated: "2026-11-22".into(),
        };
        handbook::render(&project, &documents, &settings, templates).expect("a handbook");
    }
}
