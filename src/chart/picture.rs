//! PNG and PDF charts, made in-process from the SVG drawn with the bundled
//! font: usvg reads it back, resvg paints it, svg2pdf writes it as vector
//! PDF with the text as text.

use resvg::{tiny_skia, usvg};

use super::layout::Font;
use super::{Chart, Options, font, svg};

/// PNGs are drawn at twice the SVG's size, sharp on a projector...
const PNG_SCALE: f32 = 2.0;
/// ...unless that takes more pixels than this (256 MiB of RGBA); a larger
/// chart is drawn smaller.
const MAX_PIXELS: f32 = 64.0 * 1024.0 * 1024.0;

/// Why a chart could not be made a picture.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the chart's SVG could not be read back: {0}")]
    Svg(#[from] usvg::Error),
    #[error("the chart is too large for a PNG ({width}×{height} px)")]
    TooLarge { width: f32, height: f32 },
    #[error("the PNG could not be encoded: {0}")]
    Png(String),
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

/// The chart's SVG drawn with the bundled font.
fn bundled_svg(chart: &Chart, options: &Options) -> String {
    let options = Options {
        font: Font::Bundled,
        ..options.clone()
    };
    svg::render(chart, &options)
}

/// An SVG drawn in the bundled font, as usvg's tree of it.
fn tree(svg: &str) -> Result<usvg::Tree, Error> {
    let read = usvg::Options {
        fontdb: font::database(),
        ..usvg::Options::default()
    };
    Ok(usvg::Tree::from_str(svg, &read)?)
}

/// The chart as a PNG image, on white, at twice the SVG's size (less for a
/// chart of more than [`MAX_PIXELS`]).
pub fn png(chart: &Chart, options: &Options) -> Result<Vec<u8>, Error> {
    png_of_svg(&bundled_svg(chart, options))
}

/// The chart as a one-page PDF the size of the SVG (1 px a point), its
/// text as text in the embedded font.
pub fn pdf(chart: &Chart, options: &Options) -> Result<Vec<u8>, Error> {
    pdf_of_svg(&bundled_svg(chart, options))
}

/// An SVG drawn in the bundled font (such as the process map's) as a PNG,
/// as [`png`] makes it of a chart.
pub fn png_of_svg(svg: &str) -> Result<Vec<u8>, Error> {
    let tree = tree(svg)?;
    let size = tree.size();
    let area = size.width() * size.height();
    let scale = PNG_SCALE.min((MAX_PIXELS / area).sqrt());
    let (width, height) = (
        (size.width() * scale).ceil(),
        (size.height() * scale).ceil(),
    );
    let mut pixmap = tiny_skia::Pixmap::new(width as u32, height as u32)
        .ok_or(Error::TooLarge { width, height })?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|error| Error::Png(error.to_string()))
}

/// An SVG drawn in the bundled font as a one-page PDF, as [`pdf`] makes
/// it of a chart.
pub fn pdf_of_svg(svg: &str) -> Result<Vec<u8>, Error> {
    let tree = tree(svg)?;
    svg2pdf::to_pdf(
        &tree,
        svg2pdf::ConversionOptions::default(),
        svg2pdf::PageOptions::default(),
    )
    .map_err(|error| Error::Pdf(error.to_string()))
}
