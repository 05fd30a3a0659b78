//! `sop render`: the handbook of a set of SOPs, as a small static HTML site
//! or as one Markdown file, from tera templates (see [`templates`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::acronym;
use crate::chart::{self, Chart};
use crate::flow::{self, Flow};
use crate::limits::Limits;
use crate::model::{self, Sop, Text, TextOwner};
use crate::project::index::Summary;
use crate::project::{Content, Document, GlossaryTerms, Model, Project};
use crate::source::SourceFile;
use crate::yaml::Node;

mod chart_fit;
mod control;
mod rich;
mod signoff;
pub mod templates;
pub mod text;

use chart_fit::ChartFit;
use control::Control;
use rich::Rich;
pub use signoff::STATEMENT as SIGN_OFF_STATEMENT;
use signoff::SignOff;
use text::{Anchors, slug};

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
}

/// The pages of an HTML handbook besides one per SOP, which no SOP page
/// may be named as (`sign-off` is written only for `--role`).
const OWN_PAGES: [&str; 4] = ["index", "glossary", "print", "sign-off"];

/// The rendered files, by path relative to the output folder.
#[derive(Debug, Default)]
pub struct Rendered {
    pub files: Vec<(PathBuf, Vec<u8>)>,
    /// How many SOPs made it into the handbook.
    pub sops: usize,
    /// Files that could not be read as SOPs (`sop lint` says why).
    pub skipped: Vec<PathBuf>,
}

/// One SOP of the project, as the project layer read it.
struct Loaded<'a> {
    source: &'a SourceFile,
    root: &'a Node,
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
    let mut loaded = Vec::new();
    let mut skipped = Vec::new();
    let mut glossary_files: BTreeMap<&Path, &GlossaryTerms> = BTreeMap::new();
    for document in documents {
        let Content::Parsed(parsed) = &document.content else {
            skipped.push(document.path.clone());
            continue;
        };
        let Model::Sop { sop, flow } = &parsed.model else {
            skipped.push(document.path.clone());
            continue;
        };
        if sop.id.is_none() {
            skipped.push(document.path.clone());
            continue;
        }
        if !settings.filters.keep(sop) {
            continue;
        }
        glossary_files.extend(project.glossary_for(document).layers);
        loaded.push(Loaded {
            source: &parsed.source,
            root: &parsed.root,
            sop,
            flow,
        });
    }
    loaded.sort_by(|a, b| {
        let key = |l: &Loaded| {
            (
                l.sop.department.as_ref().map(|d| d.value.to_lowercase()),
                l.sop.id.as_ref().map(|id| id.value.clone()),
            )
        };
        key(a).cmp(&key(b))
    });
    let glossary_definitions = glossary_files
        .values()
        .flat_map(|terms| &terms.definitions)
        .filter_map(|term| Some((term.key.clone(), term.text.as_ref()?.value.clone())))
        .collect();
    let book = Book::new(
        &loaded,
        glossary_definitions,
        settings,
        &project.config.limits,
        &retired_ids(project, documents),
    );

    let mut files = Vec::new();
    let render_template = |name: &str, context: &tera::Context| -> Result<Vec<u8>, Error> {
        templates
            .tera
            .render(name, context)
            .map(String::into_bytes)
            .map_err(|error| Error::Template(templates::describe(&error)))
    };
    match settings.format {
        Format::Html => {
            let mut context =
                tera::Context::from_serialize(&book).map_err(|e| Error::Template(e.to_string()))?;
            for name in OWN_PAGES {
                if name == "sign-off" && book.signoff.is_none() {
                    continue;
                }
                let file = format!("{name}.html");
                let page = render_template(&file, &context)?;
                files.push((PathBuf::from(file), page));
            }
            for page in &book.sops {
                context.insert("sop", page);
                files.push((
                    PathBuf::from(&page.file),
                    render_template("sop.html", &context)?,
                ));
            }
            for (name, bytes) in &templates.assets {
                files.push((PathBuf::from(name), bytes.clone()));
            }
            let index = search_index(&book);
            files.push((PathBuf::from("search-index.js"), index.into_bytes()));
        }
        Format::Markdown => {
            let context =
                tera::Context::from_serialize(&book).map_err(|e| Error::Template(e.to_string()))?;
            files.push((
                PathBuf::from("handbook.md"),
                render_template("handbook.md", &context)?,
            ));
        }
    }
    Ok(Rendered {
        files,
        sops: book.sops.len(),
        skipped,
    })
}

/// The retired SOPs among those given and those they name (read whole
/// when not given), so that a call to one says why it is not in the
/// handbook even when it was not given.
fn retired_ids(project: &Project, documents: &[Document]) -> BTreeSet<String> {
    let given: Vec<Summary> = documents.iter().map(Document::summary).collect();
    let linked = project.linked(&given);
    given
        .into_iter()
        .chain(linked)
        .filter(|summary| summary.status.as_deref() == Some("retired"))
        .filter_map(|summary| summary.id.map(|(id, _)| id))
        .collect()
}

/// The template context: everything about the handbook.
#[derive(Serialize)]
struct Book {
    handbook: HandbookInfo,
    departments: Vec<Department>,
    /// The process map of the handbook's SOPs, inline SVG for the index
    /// (HTML), each SOP linking to its page.
    map_svg: String,
    sops: Vec<Page>,
    glossary: Vec<GlossaryEntry>,
    /// The sign-off sheet, for a handbook of one role (`--role`).
    signoff: Option<SignOff>,
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
}

#[derive(Serialize)]
struct Department {
    name: String,
    anchor: String,
    md_anchor: String,
    sops: Vec<SopLink>,
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
struct GlossaryEntry {
    term: String,
    anchor: String,
    md_anchor: String,
    definitions: Vec<Definition>,
    used_by: Vec<SopLink>,
}

#[derive(Serialize)]
struct Definition {
    text: Rich,
    /// `glossary`, or the id of the SOP whose `terms` define it.
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

impl Book {
    fn new(
        loaded: &[Loaded],
        glossary: Vec<(String, String)>,
        settings: &Settings,
        limits: &Limits,
        retired: &BTreeSet<String>,
    ) -> Book {
        let mut own_links: Vec<SopLink> = loaded.iter().map(|l| sop_link(l.sop)).collect();
        // Two SOPs with one id (a lint error) still get a page each.
        let ids: Vec<&str> = own_links.iter().map(|link| link.id.as_str()).collect();
        let names = crate::file_name::distinct(&ids, &OWN_PAGES);
        for (link, name) in own_links.iter_mut().zip(names) {
            link.anchor = format!("sop-{name}");
            link.href = format!("{}.html", crate::encode::percent_encode(&name, b""));
            link.file = format!("{name}.html");
        }
        let mut links: BTreeMap<String, SopLink> = BTreeMap::new();
        for link in &own_links {
            links.entry(link.id.clone()).or_insert_with(|| link.clone());
        }
        // Call boxes of the charts link to the pages by these names.
        let file_names: Arc<HashMap<String, String>> = Arc::new(
            links
                .iter()
                .map(|(id, link)| {
                    let name = link.file.strip_suffix(".html").unwrap_or(&link.file);
                    (id.clone(), name.to_string())
                })
                .collect(),
        );
        let sops: Vec<Page> = loaded
            .iter()
            .zip(&own_links)
            .map(|(l, link)| page(l, link, &links, retired, limits, &file_names))
            .collect();

        let mut sops = sops;
        let mut anchors = Anchors::default();
        let mut departments: Vec<Department> = Vec::new();
        for (page, link) in sops.iter_mut().zip(&own_links) {
            let name = page.department.clone();
            let link = link.clone();
            let department = match departments
                .iter_mut()
                .position(|d| d.name.eq_ignore_ascii_case(&name))
            {
                Some(index) => &mut departments[index],
                None => {
                    departments.push(Department {
                        anchor: anchors.unique(format!("department-{}", slug(&name))),
                        md_anchor: github_anchor(&name),
                        name,
                        sops: Vec::new(),
                    });
                    departments.last_mut().expect("just pushed")
                }
            };
            page.department_anchor = department.anchor.clone();
            department.sops.push(link);
        }

        let signoff = settings
            .filters
            .role
            .as_ref()
            .map(|role| SignOff::new(role, &sops, &own_links));
        let map_svg = match settings.format {
            Format::Html => process_map(loaded, &file_names),
            Format::Markdown => String::new(),
        };
        Book {
            signoff,
            handbook: HandbookInfo {
                title: settings.title.clone(),
                generated: settings.generated.clone(),
                filters: settings.filters.describe(),
                retired_included: settings.filters.retired_included(),
                format: match settings.format {
                    Format::Html => "html",
                    Format::Markdown => "markdown",
                },
            },
            departments,
            map_svg,
            glossary: glossary_entries(loaded, &links, glossary),
            sops,
        }
    }
}

/// The process map of the handbook's SOPs as SVG, each linking to its page
/// as a call box does; an SOP they name that is not in the handbook is a
/// node without a link.
fn process_map(loaded: &[Loaded], file_names: &Arc<HashMap<String, String>>) -> String {
    let map = chart::map::Map::of_sops(
        loaded
            .iter()
            .map(|l| (value(&l.sop.id).unwrap_or_default(), l.sop)),
    );
    let options = chart::Options {
        call_href: "{id}.html".to_string(),
        id_prefix: "index-".to_string(),
        file_names: Arc::clone(file_names),
        link_only_named: true,
        ..chart::Options::default()
    };
    chart::map::svg::render(&map, &options)
}

/// The link of an SOP; `anchor`, `href` and `file` are set once names are unique.
fn sop_link(sop: &Sop) -> SopLink {
    let id = value(&sop.id).unwrap_or_default();
    let title = value(&sop.title).unwrap_or_default();
    SopLink {
        anchor: String::new(),
        href: String::new(),
        file: String::new(),
        md_anchor: github_anchor(&format!("{id} — {title}")),
        status: sop.status().to_string(),
        version: value(&sop.version),
        id,
        title,
    }
}

fn page(
    loaded: &Loaded,
    link: &SopLink,
    links: &BTreeMap<String, SopLink>,
    retired: &BTreeSet<String>,
    limits: &Limits,
    file_names: &Arc<HashMap<String, String>>,
) -> Page {
    let sop = loaded.sop;
    // Past a limit of charts, a note instead (`sop lint` reports it too).
    let (chart_svg, chart_mermaid, chart_note) =
        match chart::too_large(sop, loaded.flow, limits).first() {
            Some(reason) => (
                String::new(),
                String::new(),
                Some(format!("No flowchart: {reason}.")),
            ),
            None => {
                let chart = Chart::new(loaded.source, sop, loaded.flow);
                // Prefixed ids: the print page holds every SOP's chart.
                // A call box links only to a page of this handbook.
                let html_chart = chart::Options {
                    call_href: "{id}.html".to_string(),
                    id_prefix: format!("{}-", link.anchor),
                    file_names: Arc::clone(file_names),
                    link_only_named: true,
                    ..chart::Options::default()
                };
                // The Markdown handbook is one file with no charts beside
                // it: a call box there links nowhere (the step's text
                // links to the called SOP's section).
                let markdown_chart = chart::Options {
                    link_only_named: true,
                    ..chart::Options::default()
                };
                (
                    chart::svg::render(&chart, &html_chart),
                    chart::mermaid::render(&chart, &markdown_chart),
                    None,
                )
            }
        };
    let steps = steps(sop, &link.id);
    Page {
        anchor: link.anchor.clone(),
        department_anchor: String::new(),
        href: link.href.clone(),
        file: link.file.clone(),
        md_anchor: link.md_anchor.clone(),
        id: link.id.clone(),
        title: link.title.clone(),
        department: value(&sop.department).unwrap_or_default(),
        control: Control::of(sop, loaded.root),
        what_changed: WhatChanged::of(sop),
        purpose: Rich::block(
            sop.purpose
                .as_ref()
                .map_or("", |purpose| purpose.value.as_str()),
        ),
        scope: sop.scope.as_ref().map(|scope| Rich::block(&scope.value)),
        roles: sop
            .roles
            .iter()
            .map(|role| RoleEntry {
                key: role.key.clone(),
                description: role.text.as_ref().map(|text| Rich::inline(&text.value)),
            })
            .collect(),
        terms: sop
            .terms
            .iter()
            .map(|term| TermEntry {
                glossary_anchor: format!("term-{}", slug(&term.key)),
                term: term.key.clone(),
                definition: term.text.as_ref().map(|text| Rich::inline(&text.value)),
            })
            .collect(),
        steps,
        metrics: sop
            .metrics
            .iter()
            .map(|metric| MetricEntry {
                name: value(&metric.name).unwrap_or_default(),
                description: value(&metric.description),
                target: value(&metric.target),
            })
            .collect(),
        references: sop
            .references
            .iter()
            .map(|reference| {
                let text = reference.value.clone();
                if model::is_url(&text) {
                    let url = text::safe_url(&text);
                    Reference {
                        href: Some(url.clone()),
                        md_href: Some(url),
                        text,
                        sop: None,
                        retired: false,
                    }
                } else {
                    let sop = links.get(&text).cloned();
                    Reference {
                        href: sop.as_ref().map(|sop| sop.href.clone()),
                        md_href: sop.as_ref().map(|sop| format!("#{}", sop.md_anchor)),
                        retired: retired.contains(&text),
                        text,
                        sop,
                    }
                }
            })
            .collect(),
        revisions: sop
            .revisions
            .iter()
            .map(|revision| RevisionEntry {
                version: value(&revision.version),
                date: value(&revision.date),
                author: value(&revision.author),
                summary: value(&revision.summary),
            })
            .collect(),
        tags: sop.tags.iter().map(|tag| tag.value.clone()).collect(),
        chart_fit: ChartFit::of(&chart_svg),
        chart_svg,
        chart_mermaid,
        chart_note,
        source: loaded.source.path.display().to_string(),
    }
    .with_call_links(links, retired)
}

impl Page {
    fn with_call_links(
        mut self,
        links: &BTreeMap<String, SopLink>,
        retired: &BTreeSet<String>,
    ) -> Page {
        for step in &mut self.steps {
            if let Some(call) = &mut step.call {
                call.link = links.get(&call.id).cloned();
                call.retired = retired.contains(&call.id);
            }
        }
        self
    }
}

fn steps(sop: &Sop, sop_id: &str) -> Vec<StepEntry> {
    let ids = flow::step_ids(sop);
    // Named by step id where there is one (stable when steps move), else by number.
    let mut used = Anchors::default();
    let anchors: Vec<String> = sop
        .steps
        .iter()
        .enumerate()
        .map(|(index, step)| {
            let name = step
                .id
                .as_ref()
                .map_or_else(|| (index + 1).to_string(), |id| slug(&id.value));
            used.unique(format!("step-{name}"))
        })
        .collect();
    let anchor = |index: usize| anchors[index].clone();
    let target = |id: &Text| {
        ids.get(id.value.as_str()).map(|&index| Target {
            number: index + 1,
            anchor: anchor(index),
            md_anchor: github_anchor(&format!("{sop_id} step {}", index + 1)),
        })
    };
    sop.steps
        .iter()
        .enumerate()
        .map(|(index, step)| {
            let is_last = index + 1 == sop.steps.len();
            StepEntry {
                number: index + 1,
                anchor: anchor(index),
                md_anchor: github_anchor(&format!("{sop_id} step {}", index + 1)),
                id: step.id.as_ref().map(|id| id.value.clone()),
                kind: if step.is_decision() {
                    "decision"
                } else {
                    "action"
                },
                text: Rich::step(step.text().map_or("", |text| text.value.as_str())),
                role: value(&step.role),
                role_description: step.role.as_ref().and_then(|role| {
                    sop.roles
                        .iter()
                        .find(|r| r.key == role.value)
                        .and_then(|r| r.text.as_ref())
                        .map(|text| text.value.clone())
                }),
                details: step
                    .details
                    .iter()
                    .map(|detail| Rich::inline(&detail.value))
                    .collect(),
                call: step.call.as_ref().map(|call| CallEntry {
                    id: call.value.clone(),
                    link: None,
                    retired: false,
                }),
                next: step.next.as_ref().and_then(target),
                end: step.end,
                ends: !step.is_decision() && (step.end || (is_last && step.next.is_none())),
                branches: step
                    .branches
                    .iter()
                    .map(|branch| BranchEntry {
                        when: branch
                            .when
                            .as_ref()
                            .map_or_else(String::new, |when| when.value.clone()),
                        target: branch.goto.as_ref().and_then(target),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Every term of the handbook: from glossary files and from SOP `terms`,
/// each with the SOPs whose text uses it.
fn glossary_entries(
    loaded: &[Loaded],
    links: &BTreeMap<String, SopLink>,
    glossary: Vec<(String, String)>,
) -> Vec<GlossaryEntry> {
    let mut definitions: BTreeMap<String, Vec<Definition>> = BTreeMap::new();
    for (term, definition) in glossary {
        definitions.entry(term).or_default().push(Definition {
            text: Rich::inline(&definition),
            source: "glossary".to_string(),
        });
    }
    for l in loaded {
        let id = value(&l.sop.id).unwrap_or_default();
        for term in &l.sop.terms {
            if let Some(text) = &term.text {
                definitions
                    .entry(term.key.clone())
                    .or_default()
                    .push(Definition {
                        text: Rich::inline(&text.value),
                        source: id.clone(),
                    });
            }
        }
    }
    let texts: Vec<(String, Vec<Vec<&str>>)> = loaded
        .iter()
        .map(|l| {
            let id = value(&l.sop.id).unwrap_or_default();
            let words = l
                .sop
                .texts()
                .into_iter()
                .filter(|(owner, _)| *owner == TextOwner::Other)
                .map(|(_, text)| acronym::words(&text.value))
                .collect();
            (id, words)
        })
        .collect();
    let mut anchors = Anchors::default();
    let mut entries: Vec<GlossaryEntry> = definitions
        .into_iter()
        .map(|(term, definitions)| {
            let pattern = acronym::words(&term);
            let case_sensitive = acronym::is_acronym_shape(&term);
            let used_by = texts
                .iter()
                .filter(|(_, words)| {
                    words
                        .iter()
                        .any(|words| acronym::mentions(words, &pattern, case_sensitive))
                })
                .filter_map(|(id, _)| links.get(id).cloned())
                .collect();
            GlossaryEntry {
                anchor: anchors.unique(format!("term-{}", slug(&term))),
                md_anchor: github_anchor(&term),
                term,
                definitions,
                used_by,
            }
        })
        .collect();
    entries.sort_by(|a, b| {
        a.term
            .to_lowercase()
            .cmp(&b.term.to_lowercase())
            .then(a.term.cmp(&b.term))
    });
    entries
}

/// The client-side search index: a script that defines `SOP_SEARCH`, so it
/// loads from `file://` too (where `fetch` of a JSON file is blocked).
fn search_index(book: &Book) -> String {
    let entries: Vec<serde_json::Value> = book
        .sops
        .iter()
        .map(|page| {
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
        })
        .collect();
    // `</` would end an inline script; the index is a separate file, but keep
    // it safe wherever it is pasted.
    let json = serde_json::to_string(&entries)
        .unwrap_or_else(|_| "[]".to_string())
        .replace("</", "<\\/");
    format!("window.SOP_SEARCH = {json};\n")
}
