//! The printed handbook, measured in the PDF that headless Chromium prints
//! of `print.html` on A4 and on Letter (`tests/web/print-pdf.mjs`), read
//! with pdfplumber (`tests/web/pdf-words.py`): a title page with the
//! contents, every chart as wide as its sheet with no text under 8 pt, and
//! no date or id broken over two lines. Needs Chromium, Node with
//! `tests/web` installed, and Python with pdfplumber (`SOP_PY_TOOLS`, as
//! `.ci/run` sets it, else `python3`): required when `SOP_REQUIRE_TOOLS=1`.

use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::Html;
use serde_json::Value;

use crate::common;
use common::browser::{rendered_samples, run_script, scriptable_chromium};
use common::{select, text, tool_available};

/// 8 pt: the smallest text on paper. pdfplumber rounds sizes to 0.01 pt.
const SMALLEST_PT: f64 = 8.0 - 0.01;
/// The side margins of `style.css` on paper, in pt (16 mm), and of the
/// landscape sheets of wide charts (`macros.html`: 10 mm).
const SIDE_MARGIN_PT: f64 = 16.0 * 72.0 / 25.4;
const LANDSCAPE_SIDE_MARGIN_PT: f64 = 10.0 * 72.0 / 25.4;
/// CSS px per pt.
const PX_PER_PT: f64 = 96.0 / 72.0;

/// The Python that has pdfplumber.
fn pdf_python() -> Option<PathBuf> {
    let python = std::env::var_os("SOP_PY_TOOLS").map_or_else(
        || PathBuf::from("python3"),
        |folder| Path::new(&folder).join("python"),
    );
    tool_available(
        "pdfplumber (Python)",
        Command::new(&python).args(["-c", "import pdfplumber"]),
    )
    .then_some(python)
}

/// One word of the PDF, with its size in pt.
struct Word {
    text: String,
    size: f64,
    top: f64,
}

struct Sheet {
    width: f64,
    height: f64,
    words: Vec<Word>,
}

/// The sheets of `print.html` printed on `paper`.
fn printed(chromium: &Path, python: &Path, book: &Path, paper: &str) -> Vec<Sheet> {
    let pdf = book.join(format!("print-{paper}.pdf"));
    let url = format!("file://{}", book.join("print.html").display());
    let printed = run_script(
        "print-pdf.mjs",
        &[
            chromium.as_os_str(),
            url.as_ref(),
            paper.as_ref(),
            pdf.as_os_str(),
        ],
    );
    assert!(printed["bytes"].as_u64().unwrap() > 0);
    let output = Command::new(python)
        .arg(common::repo_file("tests/web/pdf-words.py"))
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::stderr(&output));
    let pages: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    pages
        .iter()
        .map(|page| Sheet {
            width: page["width"].as_f64().unwrap(),
            height: page["height"].as_f64().unwrap(),
            words: page["words"]
                .as_array()
                .unwrap()
                .iter()
                .map(|word| Word {
                    text: word["text"].as_str().unwrap().to_string(),
                    size: word["size"].as_f64().unwrap(),
                    top: word["top"].as_f64().unwrap(),
                })
                .collect(),
        })
        .collect()
}

/// What the HTML says of one SOP's chart: its SVG width and heading size
/// (px), and whether it is to print on landscape sheets.
struct ChartSpec {
    id: String,
    width: f64,
    heading: f64,
    landscape: bool,
}

fn number_attribute(tag: &str, name: &str) -> f64 {
    let start = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
    tag[start..].split('"').next().unwrap().parse().unwrap()
}

fn chart_specs(book: &Path) -> Vec<ChartSpec> {
    let print = Html::parse_document(&std::fs::read_to_string(book.join("print.html")).unwrap());
    select(&print, "article.sop")
        .iter()
        .map(|article| {
            let id = text(
                &article
                    .select(&scraper::Selector::parse(".sop-header .sop-id").unwrap())
                    .next()
                    .unwrap(),
            );
            let figure = article
                .select(&scraper::Selector::parse("figure.flowchart").unwrap())
                .next()
                .unwrap();
            let html = figure.html();
            let svg = &html[html.find("<svg").unwrap()..];
            let heading = &svg[svg.find("<text class=\"heading\"").unwrap()..];
            ChartSpec {
                width: number_attribute(&svg[..svg.find('>').unwrap()], "width"),
                heading: number_attribute(&heading[..heading.find('>').unwrap()], "font-size"),
                landscape: figure
                    .value()
                    .classes()
                    .any(|class| class == "chart-landscape"),
                id,
            }
        })
        .collect()
}

/// A piece of a date or an id cut at its hyphen: `2024-06-`, `2024-`, `CS-`.
fn is_cut(word: &str) -> bool {
    let Some(head) = word.strip_suffix('-') else {
        return false;
    };
    let parts: Vec<&str> = head.split('-').collect();
    let digits = |part: &str, n: usize| part.len() == n && part.bytes().all(|b| b.is_ascii_digit());
    let date =
        digits(parts[0], 4) && parts[1..].iter().all(|part| digits(part, 2)) && parts.len() <= 2;
    let id = parts.len() == 1 && head.len() >= 2 && head.bytes().all(|b| b.is_ascii_uppercase());
    date || id
}

#[test]
fn a_cut_date_or_id_is_recognised() {
    for cut in ["2024-06-", "2024-", "CS-"] {
        assert!(is_cut(cut), "{cut}");
    }
    for whole in ["2024-06-03", "CS-010", "well-", "-", "1.0"] {
        assert!(!is_cut(whole), "{whole}");
    }
}

#[test]
fn the_printed_handbook_works_on_a4_and_letter() {
    let (Some(chromium), Some(python)) = (scriptable_chromium(), pdf_python()) else {
        return;
    };
    let project = rendered_samples(&[]);
    let book = project.path("book");
    let index = Html::parse_document(&std::fs::read_to_string(book.join("index.html")).unwrap());
    let contents: Vec<String> = select(&index, ".sop-list li")
        .iter()
        .map(|entry| {
            let part = |selector: &str| {
                text(
                    &entry
                        .select(&scraper::Selector::parse(selector).unwrap())
                        .next()
                        .unwrap(),
                )
            };
            // The title page gives the version without the index's "v".
            format!(
                "{} {} {}",
                part(".sop-id"),
                part(".sop-name"),
                &part(".version")[1..]
            )
        })
        .collect();
    assert_eq!(contents.len(), 12);
    let charts = chart_specs(&book);
    assert_eq!(charts.len(), 12);
    for paper in ["A4", "Letter"] {
        let sheets = printed(&chromium, &python, &book, paper);
        let first: Vec<&str> = sheets[0]
            .words
            .iter()
            .map(|word| word.text.as_str())
            .collect();
        let first = first.join(" ");
        for line in &contents {
            assert!(
                first.contains(line.as_str()),
                "{paper}: the title page lists {line}: {first}"
            );
        }
        assert!(
            !first.contains("Document control"),
            "{paper}: the title page is the contents only"
        );

        let smallest = sheets
            .iter()
            .flat_map(|sheet| &sheet.words)
            .min_by(|a, b| a.size.total_cmp(&b.size))
            .unwrap();
        assert!(
            smallest.size >= SMALLEST_PT,
            "{paper}: {:?} at {} pt",
            smallest.text,
            smallest.size
        );

        let cut: Vec<&str> = sheets
            .iter()
            .flat_map(|sheet| &sheet.words)
            .map(|word| word.text.as_str())
            .filter(|word| is_cut(word))
            .collect();
        assert!(cut.is_empty(), "{paper}: cut over two lines: {cut:?}");

        for chart in &charts {
            // The chart's own heading, "ID — title", at the chart's scale.
            let (sheet, size) = sheets
                .iter()
                .find_map(|sheet| {
                    sheet.words.windows(2).find_map(|pair| {
                        (pair[0].text == chart.id
                            && pair[1].text == "—"
                            && pair[0].top == pair[1].top)
                            .then_some((sheet, pair[0].size))
                    })
                })
                .unwrap_or_else(|| panic!("{paper}: the chart of {} is printed", chart.id));
            assert_eq!(
                sheet.width > sheet.height,
                chart.landscape,
                "{paper}: {} is on a {} sheet",
                chart.id,
                if chart.landscape {
                    "landscape"
                } else {
                    "portrait"
                }
            );
            let scale = size * PX_PER_PT / chart.heading;
            let printed_px = chart.width * scale;
            let margin = if chart.landscape {
                LANDSCAPE_SIDE_MARGIN_PT
            } else {
                SIDE_MARGIN_PT
            };
            let printable_px = (sheet.width - 2.0 * margin) * PX_PER_PT;
            assert!(
                (printed_px - printable_px).abs() < 2.0,
                "{paper}: {} prints {printed_px:.1} px wide on {printable_px:.1} px",
                chart.id
            );
        }
    }
}
