//! `sop render`: the handbook of a set of SOPs, as a small static HTML site
//! or as one Markdown file, from tera templates (see [`templates`]).

//!
//! A render reads every SOP twice. Pass 1 is `sop lint`'s read: of each SOP
//! it keeps a [`Digest`], small, from which the pages across SOPs are
//! planned (file names, links, departments, print volumes, glossary).
//! Pass 2 reads the SOPs again a print volume at a time, in parallel, and
//! writes each volume's pages as they are made: neither the YAML trees nor
//! the pages of the whole handbook are ever held at once.
//!
//! A handbook of more than [`VOLUME_SOPS`] SOPs is large: it prints in
//! volumes of at most that many SOPs of one department
//! (`print-DEPARTMENT-N.html`, which `print.html` lists), its index leaves
//! out the process map (`sop graph --map` draws it), its search index comes
//! in parts loaded on first use, and each glossary term lists at most that
//! many SOPs that use it. So no page grows with the handbook but the index
//! (a line per SOP), the print contents (a line per volume) and the
//! sign-off sheet.

use std::cell::Cell;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::flow::Flow;
use crate::model::{Sop, Text};
use crate::project::{Document, Project};
use crate::publish::{self, Staging};
use crate::source::SourceFile;

mod chart_fit;
mod control;
mod digest;
mod glossary;
mod markdown;
mod page;
mod plan;
mod rich;
mod search;
mod signoff;
mod sink;
mod site;
mod source;
pub mod templates;
pub mod text;
mod volume;

use chart_fit::ChartFit;
use control::Control;
pub use digest::Digest;
use plan::Plan;
use rich::Rich;
pub use signoff::STATEMENT as SIGN_OFF_STATEMENT;
use signoff::SignOff;
use sink::{Memory, Sink};
use source::Source;

/// The handbook formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A static site: index, a page per SOP, a glossary, a print version.
    Html,
    /// One `handbook.md` with a table of contents.
    Markdown,
}

/// Which SOPs go into the handbook.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Only this department (ignoring case).
    pub department: Option<String>,
    /// Only SOPs in which this role has a step: the handbook for one job.
    pub role: Option<String>,
    /// Only SOPs with this status.
    pub status: Option<String>,
    /// Retired SOPs too, marked as retired; without it they are left out,
    /// unless `status` asks for them.
    pub include_retired: bool,
}

impl Filters {
    /// Whether retired SOPs go into the handbook.
    fn retired_included(&self) -> bool {
        self.include_retired || self.status.as_deref() == Some("retired")
    }

    fn keep(&self, sop: &Sop) -> bool {
        let department = sop
            .department
            .as_ref()
            .map_or("", |department| department.value.as_str());
        (self.retired_included() || sop.status() != "retired")
            && self
                .department
                .as_ref()
                .is_none_or(|wanted| wanted.eq_ignore_ascii_case(department))
            && self
                .status
                .as_ref()
                .is_none_or(|wanted| wanted == sop.status())
            && self.role.as_ref().is_none_or(|wanted| {
                sop.steps
                    .iter()
                    .any(|step| step.role.as_ref().is_some_and(|role| &role.value == wanted))
            })
    }

    /// What the filters select, in words, for the handbook's header.
    fn describe(&self) -> Vec<String> {
        let mut parts = Vec::new();
        if let Some(department) = &self.department {
            parts.push(format!("department: {department}"));
        }
        if let Some(role) = &self.role {
            parts.push(format!("role: {role}"));
        }
        if let Some(status) = &self.status {
            parts.push(format!("status: {status}"));
        }
        parts
    }
}

/// What to render.
#[derive(Debug, Clone)]
pub struct Settings {
    pub format: Format,
    pub filters: Filters,
    /// The handbook's title.
    pub title: String,
    /// Shown as the date the handbook was generated.
    pub generated: String,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Template(String),
    #[error(transparent)]
    Templates(#[from] templates::Error),
    #[error(transparent)]
    Publish(#[from] publish::Error),
    #[error("{}: changed while the handbook was rendered (it is no longer an SOP with an id); render again", .0.display())]
    Changed(PathBuf),
}

/// The most SOPs of a print volume; a handbook of more is large (see the
/// module's documentation).
pub const VOLUME_SOPS: usize = 100;

/// The pages of an HTML handbook besides one per SOP, which no SOP page
/// may be named as (`sign-off` is written only for `--role`).
const OWN_PAGES: [&str; 4] = ["index", "glossary", "print", "sign-off"];

/// The rendered files, by path relative to the output folder.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Sorted by path.
    pub files: Vec<(PathBuf, Vec<u8>)>,
    /// How many SOPs made it into the handbook.
    pub sops: usize,
    /// Files that could not be read as SOPs (`sop lint` says why).
    pub skipped: Vec<PathBuf>,
}

/// What [`publish`] wrote.
#[derive(Debug, Default)]
pub struct Published {
    /// How many SOPs made it into the handbook.
    pub sops: usize,
    /// Files that could not be read as SOPs (`sop lint` says why).
    pub skipped: Vec<PathBuf>,
}

/// One SOP of the project, as the project layer read it.
struct Loaded<'a> {
    source: &'a SourceFile,
    sop: &'a Sop,
    flow: &'a Flow,
}

/// Renders the handbook of the SOP `documents` of `project` into memory.
pub fn render(
    project: &Project,
    documents: &[Document],
    settings: &Settings,
    templates: &templates::Templates,
) -> Result<Rendered, Error> {
    let digests = documents
        .iter()
        .map(|document| Digest::of(project, document, &settings.filters))
        .collect();
    let plan = Plan::new(project, digests, settings);
    let memory = Memory::default();
    write(
        project,
        &plan,
        &Source::given(documents),
        settings,
        templates,
        &memory,
    )?;
    let mut files = memory
        .0
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Rendered {
        files,
        sops: plan.entries.len(),
        skipped: plan.skipped,
    })
}

/// Writes the handbook of the SOPs of `project` as the folder `out` (see
/// [`publish::Staging`]), from the `digests` of their first read ([`Digest::of`]
/// on each document, as `sop lint` reads it): pass 2 reads them again.
pub fn publish(
    project: &Project,
    digests: Vec<Digest>,
    settings: &Settings,
    templates: &templates::Templates,
    out: &Path,
) -> Result<Published, Error> {
    let plan = Plan::new(project, digests, settings);
    let staging = Staging::begin(out, &publish::HANDBOOK)?;
    write(
        project,
        &plan,
        &Source::files(project),
        settings,
        templates,
        &staging,
    )?;
    staging.finish()?;
    Ok(Published {
        sops: plan.entries.len(),
        skipped: plan.skipped,
    })
}

/// Pass 2, in the format of `settings`.
fn write(
    project: &Project,
    plan: &Plan,
    source: &Source,
    settings: &Settings,
    templates: &templates::Templates,
    sink: &dyn Sink,
) -> Result<(), Error> {
    let handbook = HandbookInfo {
        title: settings.title.clone(),
        generated: settings.generated.clone(),
        filters: settings.filters.describe(),
        retired_included: settings.filters.retired_included(),
        format: match settings.format {
            Format::Html => "html",
            Format::Markdown => "markdown",
        },
        sop_count: plan.entries.len(),
        role: settings.filters.role.clone(),
        large: plan.is_large(),
        volume_sops: VOLUME_SOPS,
    };
    let limits = &project.config.limits;
    match settings.format {
        Format::Html => site::write(plan, source, &handbook, templates, limits, sink),
        Format::Markdown => markdown::write(plan, source, &handbook, templates, limits, sink),
    }
}

thread_local! {
    /// The thread's output buffer for [`render_file`], kept from file to
    /// file: a print volume is megabytes, and a buffer grown to it anew for
    /// each file copied itself and took fresh pages from the system (for
    /// the kernel to zero) at each doubling.
    static BUFFER: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Renders the template `name` with `context` into the file `path` of
/// `sink`.
fn render_file(
    templates: &templates::Templates,
    name: &str,
    context: &tera::Context,
    sink: &dyn Sink,
    path: &Path,
) -> Result<(), Error> {
    // Taken out of the cell, not borrowed: no render can find it in use.
    let mut bytes = BUFFER.take();
    bytes.clear();
    // Into bytes: tera's `render` checks that its output is UTF-8, which
    // tera's writes always are.
    let rendered = templates
        .tera
        .render_to(name, context, &mut bytes)
        .map_err(|error| Error::Template(templates::describe(&error)))
        .and_then(|()| sink.put(path, &bytes));
    // A buffer grown past the largest print volume (the one Markdown
    // handbook of a large set) is not kept for the thread's lifetime.
    if bytes.capacity() <= KEPT_BUFFER_BYTES {
        BUFFER.set(bytes);
    }
    rendered
}

/// The most a thread's output buffer keeps between files: room for the
/// largest print volume (100 SOPs, about 3 MB).
const KEPT_BUFFER_BYTES: usize = 8 << 20;

/// The context of the Markdown handbook: everything about it.
#[derive(Serialize)]
struct Book<'a> {
    handbook: &'a HandbookInfo,
    departments: &'a [Department],
    /// Empty: kept for templates written when the Markdown handbook shared
    /// the HTML one's context.
    map_svg: String,
    sops: Vec<Page>,
    glossary: Vec<GlossaryEntry<'a>>,
    /// The sign-off sheet, for a handbook of one role (`--role`).
    signoff: &'a Option<SignOff>,
}

#[derive(Serialize)]
struct HandbookInfo {
    title: String,
    generated: String,
    filters: Vec<String>,
    format: &'static str,
    /// Whether retired SOPs are in the handbook (`--include-retired`, or
    /// `--status retired`).
    retired_included: bool,
    /// How many SOPs the handbook has (every page's context has this; only
    /// some have all the SOPs).
    sop_count: usize,
    /// The role of `--role`: the handbook has a sign-off sheet.
    role: Option<String>,
    /// Whether the handbook has more than `volume_sops` SOPs.
    large: bool,
    /// [`VOLUME_SOPS`].
    volume_sops: usize,
}

#[derive(Serialize)]
struct Department {
    name: String,
    anchor: String,
    md_anchor: String,
    /// How many SOPs it has: `sops` is left empty on a large handbook's
    /// index, which lists `volumes` instead.
    count: usize,
    sops: Vec<SopLink>,
    /// Its print volumes, in a large handbook (each with a contents page).
    volumes: Vec<plan::Volume>,
}

/// A link to an SOP of the handbook.
#[derive(Serialize, Clone)]
struct SopLink {
    id: String,
    title: String,
    /// The SOP's anchor on the index page.
    anchor: String,
    /// The page's file name, percent-encoded for links.
    href: String,
    /// The page's file name, from [`crate::file_name`].
    #[serde(skip)]
    file: String,
    md_anchor: String,
    status: String,
    version: Option<String>,
}

/// One SOP page.
#[derive(Serialize)]
struct Page {
    id: String,
    anchor: String,
    /// The anchor of the SOP's department, to group pages in templates.
    department_anchor: String,
    href: String,
    /// The page's file name.
    #[serde(skip)]
    file: String,
    md_anchor: String,
    title: String,
    department: String,
    /// Status, version, owner, approval, dates and fingerprint.
    #[serde(flatten)]
    control: Control,
    /// The `revisions` entry of the current version, when it has a summary.
    what_changed: Option<WhatChanged>,
    purpose: Rich,
    scope: Option<Rich>,
    roles: Vec<RoleEntry>,
    terms: Vec<TermEntry>,
    steps: Vec<StepEntry>,
    metrics: Vec<MetricEntry>,
    references: Vec<Reference>,
    revisions: Vec<RevisionEntry>,
    tags: Vec<String>,
    /// Inline SVG flowchart (HTML).
    chart_svg: String,
    /// The sizes the chart shows at full screen and prints at.
    chart_fit: Option<ChartFit>,
    /// Mermaid flowchart text (Markdown).
    chart_mermaid: String,
    /// Why there is no chart, for an SOP past a limit of charts.
    chart_note: Option<String>,
    /// The file the SOP comes from.
    source: String,
}

#[derive(Serialize)]
struct RoleEntry {
    key: String,
    description: Option<Rich>,
}

#[derive(Serialize)]
struct TermEntry {
    term: String,
    definition: Option<Rich>,
    glossary_anchor: String,
}

/// A step; `target`s point at other steps of the same SOP.
#[derive(Serialize)]
struct StepEntry {
    number: usize,
    anchor: String,
    md_anchor: String,
    id: Option<String>,
    kind: &'static str,
    text: Rich,
    role: Option<String>,
    role_description: Option<String>,
    details: Vec<Rich>,
    call: Option<CallEntry>,
    next: Option<Target>,
    end: bool,
    /// The last step, or `end: true`: the procedure ends here.
    ends: bool,
    branches: Vec<BranchEntry>,
}

#[derive(Serialize, Clone)]
struct Target {
    number: usize,
    anchor: String,
    md_anchor: String,
}

#[derive(Serialize)]
struct BranchEntry {
    when: String,
    /// `None` when the branch names no step (a lint error).
    target: Option<Target>,
}

#[derive(Serialize)]
struct CallEntry {
    id: String,
    /// The called SOP, when it is in this handbook.
    link: Option<SopLink>,
    /// Whether the called SOP is retired (and so, unless retired SOPs are
    /// included, not in this handbook).
    retired: bool,
}

#[derive(Serialize)]
struct MetricEntry {
    name: String,
    description: Option<String>,
    target: Option<String>,
}

#[derive(Serialize)]
struct Reference {
    text: String,
    /// An http(s) URL, or the page of an SOP of the handbook.
    href: Option<String>,
    md_href: Option<String>,
    sop: Option<SopLink>,
    /// Whether it names a retired SOP.
    retired: bool,
}

#[derive(Serialize)]
struct RevisionEntry {
    version: Option<String>,
    date: Option<String>,
    author: Option<String>,
    summary: Option<String>,
}

/// What changed in the current version, from its `revisions` entry.
#[derive(Serialize)]
struct WhatChanged {
    version: String,
    date: Option<String>,
    author: Option<String>,
    summary: Rich,
}

impl WhatChanged {
    /// From the last `revisions` entry with the SOP's `version` (both
    /// trimmed) and a summary that is not blank.
    fn of(sop: &Sop) -> Option<WhatChanged> {
        let version = sop.version.as_ref()?.value.trim();
        let revision = sop.revisions.iter().rev().find(|revision| {
            revision
                .version
                .as_ref()
                .is_some_and(|entry| entry.value.trim() == version)
                && revision
                    .summary
                    .as_ref()
                    .is_some_and(|summary| !summary.value.trim().is_empty())
        })?;
        Some(WhatChanged {
            version: version.to_string(),
            date: value(&revision.date),
            author: value(&revision.author),
            summary: Rich::block(&revision.summary.as_ref()?.value),
        })
    }
}

#[derive(Serialize)]
struct GlossaryEntry<'a> {
    term: String,
    anchor: String,
    md_anchor: String,
    definitions: &'a [Definition],
    used_by: Vec<SopLink>,
    /// How many more SOPs use the term, past those listed (a large
    /// handbook lists at most [`VOLUME_SOPS`]).
    used_by_more: usize,
}

#[derive(Serialize)]
/// A definition of a term, once however many places give the same text
/// (every SOP of a topic may define its acronym the same way).
struct Definition {
    text: Rich,
    /// Whether a glossary file gives it.
    glossary: bool,
    /// The SOPs whose `terms` give it, in the handbook's order: at most
    /// [`VOLUME_SOPS`] in a large handbook, and `sops_more` the others.
    sops: Vec<String>,
    sops_more: usize,
    /// `glossary`, or the first of `sops`: for templates written before
    /// definitions were merged.
    source: String,
}

/// GitHub's heading anchors, which Markdown links must match: lowercase,
/// punctuation dropped, spaces as hyphens. A heading shows its text on one
/// line (the `md` filter), so line breaks count as spaces.
fn github_anchor(heading: &str) -> String {
    heading
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn value(text: &Option<Text>) -> Option<String> {
    text.as_ref().map(|text| text.value.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn echo_templates() -> templates::Templates {
        let mut templates = templates::Templates::load(None).unwrap();
        templates
            .tera
            .add_raw_template("echo.html", "[{{ text }}]")
            .unwrap();
        templates
    }

    fn render_echo(templates: &templates::Templates, sink: &Memory, file: &str, text: &str) {
        let mut context = tera::Context::new();
        context.insert("text", text);
        render_file(templates, "echo.html", &context, sink, Path::new(file)).unwrap();
    }

    /// The buffer kept across files holds nothing of the file before:
    /// a short file after a long one is only itself.
    #[test]
    fn each_file_rendered_is_only_its_own_bytes() {
        let templates = echo_templates();
        let sink = Memory::default();
        render_echo(&templates, &sink, "long", &"x".repeat(100_000));
        render_echo(&templates, &sink, "short", "y");
        let files = sink.0.into_inner().unwrap();
        assert_eq!(files[0].1.len(), 100_002);
        assert_eq!(files[1], (PathBuf::from("short"), b"[y]".to_vec()));
    }

    /// The buffer of a print volume's size is kept for the next file; one
    /// grown past the largest volume is let go once its file is written.
    #[test]
    fn a_buffer_is_kept_up_to_the_largest_volume() {
        let templates = echo_templates();
        let sink = Memory::default();
        render_echo(&templates, &sink, "volume", &"x".repeat(3 << 20));
        assert!(BUFFER.take().capacity() >= 3 << 20, "kept");
        render_echo(&templates, &sink, "book", &"x".repeat(KEPT_BUFFER_BYTES));
        assert_eq!(BUFFER.take().capacity(), 0, "let go");
        let files = sink.0.into_inner().unwrap();
        assert_eq!(files[1].1.len(), KEPT_BUFFER_BYTES + 2, "written whole");
    }
}
