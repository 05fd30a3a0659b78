//! PNG and PDF charts: the PNG decodes at twice the size of the SVG drawn
//! with the bundled font, and the PDF (read back by poppler's pdftotext,
//! which `.ci/run` installs) holds every line of every step.

use std::path::Path;
use std::process::Command;

use resvg::tiny_skia::Pixmap;
use sop::chart::layout::{Font, layout};
use sop::chart::{self, Chart, Format, Options};

use crate::common;

fn sample(path: &str) -> Chart {
    common::chart(Path::new(path)).unwrap()
}

fn options(lanes: bool) -> Options {
    Options {
        lanes,
        ..Options::default()
    }
}

#[test]
fn a_png_is_the_svg_drawn_with_the_bundled_font_at_twice_its_size() {
    let chart = sample("sops/customer-service/CS-010-complaint-handling.yaml");
    for lanes in [false, true] {
        let png = chart::render(&chart, Format::Png, &options(lanes)).unwrap();
        let pixmap = Pixmap::decode_png(&png).unwrap();
        let drawn = layout(
            &chart,
            &Options {
                font: Font::Bundled,
                ..options(lanes)
            },
        );
        let size = |length: f64| (length * 2.0).ceil() as u32;
        assert_eq!(
            (pixmap.width(), pixmap.height()),
            (size(drawn.width), size(drawn.height)),
            "lanes={lanes}"
        );
        // On white, with ink on it.
        let pixels = pixmap.pixels();
        assert_eq!(pixels[0].red(), 255);
        assert!(pixels.iter().any(|pixel| pixel.red() < 64));
    }
}

#[test]
fn a_pdf_holds_the_text_of_every_step() {
    if !common::tool_available("pdftotext", Command::new("pdftotext").arg("-v")) {
        return;
    }
    let folder = common::TempProject::new("");
    for path in [
        "sops/customer-service/CS-010-complaint-handling.yaml",
        "sops/operations/OP-010-shift-scheduling.yaml",
    ] {
        let chart = sample(path);
        let pdf = chart::render(&chart, Format::Pdf, &options(true)).unwrap();
        let file = folder.write(&format!("{}.pdf", chart.sop_id), pdf);
        let text = common::pdf_text(&file);
        let drawn = layout(
            &chart,
            &Options {
                font: Font::Bundled,
                ..options(true)
            },
        );
        assert!(text.contains(&drawn.heading.join(" ")), "{text}");
        for placed in &drawn.nodes {
            for line in &placed.content.lines {
                assert!(text.contains(line.as_str()), "{line:?} not in {text}");
            }
        }
    }
}

#[test]
fn the_file_name_says_the_format() {
    let folder = common::TempProject::new("");
    let sop = common::repo_file("sops/customer-service/CS-010-complaint-handling.yaml");
    for (name, magic) in [("chart.png", &b"\x89PNG"[..]), ("chart.PDF", b"%PDF")] {
        let file = folder.path(name);
        let status = Command::new(env!("CARGO_BIN_EXE_sop"))
            .arg("graph")
            .arg(&sop)
            .arg("-o")
            .arg(&file)
            .status()
            .unwrap();
        assert!(status.success());
        assert!(std::fs::read(&file).unwrap().starts_with(magic), "{name}");
    }
}

#[test]
fn hostile_text_still_makes_a_picture() {
    let chart = sample("tests/graph/hostile.yaml");
    for lanes in [false, true] {
        let png = chart::render(&chart, Format::Png, &options(lanes)).unwrap();
        assert!(Pixmap::decode_png(&png).is_ok(), "lanes={lanes}");
        let pdf = chart::render(&chart, Format::Pdf, &options(lanes)).unwrap();
        assert!(
            pdf.starts_with(b"%PDF-") && pdf.ends_with(b"%%EOF"),
            "lanes={lanes}"
        );
    }
}
