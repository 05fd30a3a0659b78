//! The HTML handbook on a phone: at 360 px no page scrolls sideways, and an
//! SOP page leads to its flowchart from the top, before the steps, full
//! screen with text no smaller than the body's. Measured in headless
//! Chromium (`tests/web/phone.mjs`), which must run when `SOP_REQUIRE_TOOLS=1`.

use std::ffi::OsStr;

use serde_json::Value;

use crate::common;
use common::browser::{rendered, rendered_samples, run_script, scriptable_chromium};

/// The phone screen of `phone.mjs`, in CSS px.
const SCREEN: [f64; 2] = [360.0, 640.0];

/// Every page of a handbook of `sops` (`args` to `sop render`), as
/// `phone.mjs` measured it, by file name.
fn measured(sops: &str, args: &[&str]) -> Option<serde_json::Map<String, Value>> {
    let chromium = scriptable_chromium()?;
    let project = rendered(sops, args);
    let book = project.path("book");
    let pages: Vec<String> = project
        .names("book")
        .into_iter()
        .filter(|name| name.ends_with(".html"))
        .collect();
    let mut script_args: Vec<&OsStr> = vec![chromium.as_os_str(), book.as_os_str()];
    script_args.extend(pages.iter().map(OsStr::new));
    let Value::Object(report) = run_script("phone.mjs", &script_args) else {
        panic!("phone.mjs reports an object");
    };
    assert_eq!(report.len(), pages.len(), "every page measured");
    Some(report)
}

fn number(value: &Value, key: &str) -> f64 {
    value[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} in {value}"))
}

#[test]
fn no_page_scrolls_sideways_at_360_px() {
    // The role's handbook has the sign-off sheet too; the hostile SOPs'
    // text is long words, markup and nothing to break at.
    for (sops, args) in [
        ("sops", &[][..]),
        ("sops", &["--role", "rep"]),
        (
            "tests/handbook/hostile",
            &["--role", "<b onmouseover=alert(1)>rep</b>"],
        ),
    ] {
        let Some(report) = measured(sops, args) else {
            return;
        };
        let too_wide: Vec<String> = report
            .iter()
            .filter(|(_, page)| number(page, "scrollWidth") > number(page, "viewportWidth"))
            .map(|(name, page)| format!("{name}: {} px", page["scrollWidth"]))
            .collect();
        assert!(
            too_wide.is_empty(),
            "{sops}: wider than 360 px: {too_wide:?}"
        );
    }
}

#[test]
fn the_flowchart_is_one_tap_from_the_top_and_readable_full_screen() {
    let Some(report) = measured("sops", &[]) else {
        return;
    };
    let sop_pages: Vec<(&String, &Value)> = report
        .iter()
        .filter(|(name, page)| *name != "print.html" && page.get("fullScreen").is_some())
        .collect();
    assert_eq!(sop_pages.len(), 12);
    for (name, page) in sop_pages {
        assert!(
            number(page, "linkTop") < SCREEN[1],
            "{name}: the link to the chart is on the first screen"
        );
        assert!(
            number(page, "chartTop") < number(page, "stepsTop"),
            "{name}: the chart comes before the steps"
        );
        let full = &page["fullScreen"];
        let covered: Vec<f64> = full["box"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_f64().unwrap())
            .collect();
        assert_eq!(
            covered,
            [0.0, 0.0, SCREEN[0], SCREEN[1]],
            "{name}: full screen"
        );
        assert!(
            number(full, "smallestText") >= number(full, "bodyText") - 0.01,
            "{name}: chart text at 100 %: {full}"
        );
        assert!(
            number(full, "scrollWidth") <= number(full, "viewportWidth"),
            "{name}: the chart scrolls in its own box"
        );
    }
}

/// Pinch-zoom stays on: the viewport neither caps the scale nor disables it.
#[test]
fn pages_let_the_reader_zoom() {
    let project = rendered_samples(&[]);
    for (name, page) in common::files_in(&project.path("book")) {
        if name.ends_with(".html") {
            assert!(
                page.contains(
                    r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#
                ),
                "{name}"
            );
        }
    }
}
