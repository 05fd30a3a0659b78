//! Lighthouse (pinned in `tests/web`, run with Debian's Chromium) scores
//! every page of a handbook of the samples 1.0 for accessibility, best
//! practices and SEO, served from a loopback port as a real site is. The
//! handbook of role `rep`, so that the sign-off sheet is among the pages.
//! Required when `SOP_REQUIRE_TOOLS=1`.

use std::process::Command;

use serde_json::Value;

use crate::common;
use common::browser::{rendered_samples, scriptable_chromium};
use common::npm_installed;
use common::serve::Server;

const CATEGORIES: [&str; 3] = ["accessibility", "best-practices", "seo"];

/// Lighthouse's report of one URL.
fn lighthouse(chromium: &std::path::Path, url: &str) -> Value {
    let output = Command::new("node")
        .current_dir(common::repo())
        .env("CHROME_PATH", chromium)
        .arg("tests/web/node_modules/lighthouse/cli/index.js")
        .arg(url)
        .arg(format!("--only-categories={}", CATEGORIES.join(",")))
        .args(["--output=json", "--output-path=stdout", "--quiet"])
        .arg("--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{url}: {}",
        common::stderr(&output)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The audits that cost a category points: id and title.
fn failed_audits(report: &Value, category: &str) -> Vec<String> {
    report["categories"][category]["auditRefs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|reference| reference["weight"].as_f64() > Some(0.0))
        .filter_map(|reference| {
            let audit = &report["audits"][reference["id"].as_str()?];
            (audit["score"].as_f64()? < 1.0)
                .then(|| format!("{}: {}", reference["id"], audit["title"]))
        })
        .collect()
}

#[test]
fn lighthouse_scores_every_page_1_0() {
    let Some(chromium) = scriptable_chromium() else {
        return;
    };
    if !npm_installed("tests/web", "lighthouse") {
        return;
    }
    let project = rendered_samples(&["--role", "rep"]);
    let pages: Vec<String> = project
        .names("book")
        .into_iter()
        .filter(|name| name.ends_with(".html"))
        .collect();
    assert!(pages.contains(&"sign-off.html".to_string()), "{pages:?}");
    let server = Server::start(&project.path("book"));
    let mut below: Vec<String> = Vec::new();
    for page in &pages {
        let report = lighthouse(&chromium, &server.url(page));
        for category in CATEGORIES {
            let score = report["categories"][category]["score"].as_f64();
            if score != Some(1.0) {
                below.push(format!(
                    "{page} {category} {score:?}: {:?}",
                    failed_audits(&report, category)
                ));
            }
        }
    }
    assert!(below.is_empty(), "{below:#?}");
}
