//! The client-side search index: scripts, not JSON, so that they load from
//! `file://` too (where `fetch` of a JSON file is blocked). A small
//! handbook has one, `search-index.js`, defining `SOP_SEARCH`; a large one
//! has a part per print volume, `search/VOLUME.js`, each calling
//! `SOP_SEARCH_ADD`, and `search-index.js` names them in
//! `SOP_SEARCH_PARTS`: `search.js` loads them when the reader first uses
//! the search box, so that no page waits for the index of every SOP.

use super::Page;
use crate::chart;

/// What the search finds an SOP by.
pub(super) fn entry(page: &Page) -> serde_json::Value {
    let mut words = vec![page.id.clone(), page.title.clone(), page.department.clone()];
    words.extend(
        page.steps
            .iter()
            .map(|step| chart::plain_text(&step.text.md)),
    );
    words.extend(page.tags.iter().cloned());
    serde_json::json!({
        "id": page.id,
        "title": page.title,
        "href": page.href,
        "department": page.department,
        "status": page.control.status,
        "text": words.join(" "),
    })
}

/// `search-index.js` of a small handbook: every entry.
pub(super) fn whole(entries: &[serde_json::Value]) -> String {
    format!("window.SOP_SEARCH = {};\n", script_json(entries))
}

/// A part of the index of a large handbook.
pub(super) fn part(entries: &[serde_json::Value]) -> String {
    format!("window.SOP_SEARCH_ADD({});\n", script_json(entries))
}

/// `search-index.js` of a large handbook: the parts to load.
pub(super) fn parts(files: &[String]) -> String {
    format!("window.SOP_SEARCH_PARTS = {};\n", script_json(files))
}

/// The path of a part, for the volume named `volume`.
pub(super) fn part_path(volume: &str) -> String {
    format!("search/{volume}.js")
}

/// JSON safe in a script: `</` would end an inline one; the index is a
/// separate file, but keep it safe wherever it is pasted.
fn script_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "[]".to_string())
        .replace("</", "<\\/")
}
