//! The handbook's tera templates: built in with `include_str!`, and
//! overridable file by file from a folder (`--templates DIR`), as zola and
//! mdBook do. A file in that folder with the name of a built-in replaces it;
//! any other file is added (for `{% include %}`) or, if it is not a template,
//! copied to the output as an asset.

use std::path::{Path, PathBuf};

use tera::Tera;

/// Built-in templates and assets: (name, contents).
pub const BUILT_IN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    (
        "contents.html",
        include_str!("../../templates/contents.html"),
    ),
    ("sop.html", include_str!("../../templates/sop.html")),
    (
        "glossary.html",
        include_str!("../../templates/glossary.html"),
    ),
    ("print.html", include_str!("../../templates/print.html")),
    (
        "sign-off.html",
        include_str!("../../templates/sign-off.html"),
    ),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("handbook.md", include_str!("../../templates/handbook.md")),
    ("style.css", include_str!("../../templates/style.css")),
    ("search.js", include_str!("../../templates/search.js")),
    ("favicon.svg", include_str!("../../templates/favicon.svg")),
];

/// Files copied to the HTML output as they are, not rendered.
pub const ASSETS: &[&str] = &["style.css", "search.js", "favicon.svg"];

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: cannot read the templates folder: {error}")]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{0}")]
    Template(String),
}

/// The templates to render with, and the assets to copy.
pub struct Templates {
    pub tera: Tera,
    pub assets: Vec<(String, Vec<u8>)>,
}

impl Templates {
    /// The built-in templates, with the files of `overrides` on top.
    pub fn load(overrides: Option<&Path>) -> Result<Templates, Error> {
        let mut sources: Vec<(String, String)> = BUILT_IN
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        let mut assets: Vec<(String, Vec<u8>)> = Vec::new();
        if let Some(folder) = overrides {
            let read_error = |error| Error::Read {
                path: folder.to_path_buf(),
                error,
            };
            let mut entries: Vec<PathBuf> = std::fs::read_dir(folder)
                .map_err(read_error)?
                .map(|entry| entry.map(|entry| entry.path()))
                .collect::<Result<_, _>>()
                .map_err(read_error)?;
            entries.sort();
            for path in entries.into_iter().filter(|path| path.is_file()) {
                let name = path
                    .file_name()
                    .map(|name| name.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let bytes = std::fs::read(&path).map_err(|error| Error::Read {
                    path: path.clone(),
                    error,
                })?;
                let is_template = name.ends_with(".html") || name.ends_with(".md");
                if is_template || ASSETS.contains(&name.as_str()) {
                    let text = String::from_utf8(bytes).map_err(|_| {
                        Error::Template(format!("{}: not UTF-8 text", path.display()))
                    })?;
                    sources.retain(|(existing, _)| *existing != name);
                    sources.push((name, text));
                } else {
                    assets.push((name, bytes));
                }
            }
        }
        for asset in ASSETS {
            if let Some((_, text)) = sources.iter().find(|(name, _)| name == asset) {
                assets.push((asset.to_string(), text.clone().into_bytes()));
            }
        }
        let templates: Vec<(String, String)> = sources
            .into_iter()
            .filter(|(name, _)| !ASSETS.contains(&name.as_str()))
            .collect();
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.add_raw_templates(templates)
            .map_err(|error| Error::Template(describe(&error)))?;
        tera.register_filter("md", markdown_text_filter);
        tera.register_filter("md_cell", markdown_cell_filter);
        tera.register_filter("css_string", css_string_filter);
        Ok(Templates { tera, assets })
    }
}

/// A tera error with its causes, which name the template and line.
pub fn describe(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// `{{ title | md }}`: plain text made safe inside Markdown.
fn markdown_text_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = tera::try_get_value!("md", "value", String, value);
    Ok(tera::Value::String(super::text::escape_markdown(&text)))
}

/// `|{{ revision.date | md_cell }}|`: a Markdown table cell with one space
/// each side, and an empty one as `| |` (markdownlint's MD060 rejects `|  |`).
fn markdown_cell_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = tera::try_get_value!("md_cell", "value", String, value);
    let cell = super::text::escape_markdown(&text);
    Ok(tera::Value::String(if cell.is_empty() {
        " ".to_string()
    } else {
        format!(" {cell} ")
    }))
}

/// `{{ sop.id | css_string }}`: text inside a CSS string in a `<style>` block.
fn css_string_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = tera::try_get_value!("css_string", "value", String, value);
    Ok(tera::Value::String(super::text::css_string(&text)))
}
