//! How big a flowchart shows: full screen, large enough that its smallest
//! text is at least the body text; on paper, scaled to the sheet's width
//! but never so far that its smallest text falls under 8 pt, on landscape
//! sheets when a portrait one is too narrow for that. Its width and text
//! sizes are read from the SVG that `chart::svg` drew.

use std::sync::LazyLock;

use memchr::memmem::Finder;
use serde::Serialize;

/// CSS px per inch, and so per 72 pt or 25.4 mm.
const PX_PER_INCH: f64 = 96.0;
/// The smallest text a printed chart may have: 8 pt.
const SMALLEST_PRINTED_PX: f64 = 8.0 * PX_PER_INCH / 72.0;
/// The body text of the handbook on screen (`style.css`: 100 %, 16 px).
const BODY_PX: f64 = 16.0;
/// The printable width of a portrait A4 sheet, the narrower of A4 and
/// Letter: 210 mm less the 16 mm margins of `style.css` each side.
const PORTRAIT_PRINTABLE_PX: f64 = (210.0 - 2.0 * 16.0) * PX_PER_INCH / 25.4;

/// The sizes a chart is shown at, for the templates.
#[derive(Debug, Serialize)]
pub struct ChartFit {
    /// The CSS `zoom` of the full-screen view.
    pub full_screen_zoom: String,
    /// The narrowest the chart may print, in CSS px.
    pub print_min_width: String,
    /// `portrait`, or `landscape` when a portrait sheet is too narrow.
    pub print_sheet: &'static str,
}

impl ChartFit {
    /// The fit of an SVG chart; `None` when it has no width or text sizes.
    pub fn of(svg: &str) -> Option<ChartFit> {
        let (width, smallest_font) = measure(svg)?;
        let min_scale = SMALLEST_PRINTED_PX / smallest_font;
        let print_min_width = width * min_scale;
        Some(ChartFit {
            full_screen_zoom: format!("{:.3}", (BODY_PX / smallest_font).max(1.0)),
            print_min_width: format!("{print_min_width:.1}px"),
            print_sheet: if print_min_width <= PORTRAIT_PRINTABLE_PX {
                "portrait"
            } else {
                "landscape"
            },
        })
    }
}

/// The width of the root `<svg>` and the smallest `font-size` of any of
/// its elements, in px. Only tags are read: SOP text in the chart is
/// escaped, so no text node can pass for a tag.
fn measure(svg: &str) -> Option<(f64, f64)> {
    // Made once: a chart has hundreds of tags, and each search for a
    // pattern made anew would first study the pattern.
    static WIDTH: LazyLock<Finder> = LazyLock::new(|| Finder::new(" width=\""));
    static FONT_SIZE: LazyLock<Finder> = LazyLock::new(|| Finder::new(" font-size=\""));
    let mut tags = svg.split('<').skip(1).map(|rest| rest.split('>').next());
    let root = tags.next().flatten()?;
    let width = attribute(root, &WIDTH)?;
    let smallest_font = std::iter::once(root)
        .chain(tags.flatten())
        .filter_map(|tag| attribute(tag, &FONT_SIZE))
        .fold(f64::INFINITY, f64::min);
    smallest_font.is_finite().then_some((width, smallest_font))
}

/// A positive number attribute of a tag, found by ` name="`: ` name="12.5"`.
fn attribute(tag: &str, name: &Finder) -> Option<f64> {
    let start = name.find(tag.as_bytes())? + name.needle().len();
    let value: f64 = tag[start..].split('"').next()?.parse().ok()?;
    (value > 0.0).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_smallest_text_sets_the_sizes() {
        let svg = r#"<svg width="900" height="50" font-size="13"><text font-size="11">a font-size="1"</text></svg>"#;
        let fit = ChartFit::of(svg).unwrap();
        assert_eq!(fit.full_screen_zoom, "1.455");
        // 8 pt is 10.67 px: 11 px text may shrink to 97 %, so 872.7 px.
        assert_eq!(fit.print_min_width, "872.7px");
        assert_eq!(fit.print_sheet, "landscape");
    }

    #[test]
    fn a_narrow_chart_prints_portrait() {
        let fit = ChartFit::of(r#"<svg width="600" font-size="13"></svg>"#).unwrap();
        assert_eq!(fit.print_min_width, "492.3px");
        assert_eq!(fit.print_sheet, "portrait");
    }

    #[test]
    fn no_width_no_fit() {
        assert!(ChartFit::of(r#"<svg font-size="13"></svg>"#).is_none());
        assert!(ChartFit::of("").is_none());
    }
}
