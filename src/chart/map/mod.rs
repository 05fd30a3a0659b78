//! The process map: every SOP of a set as one node, grouped by department,
//! with an arrow for each SOP that another one `call`s or names in its
//! `references`, so a reader sees how the procedures hang together. One
//! module per format; PNG and PDF are the SVG through [`super::picture`].
//!
//! An SOP named but not in the set (not given, or no such SOP) is drawn
//! as a dashed node marked "not in this set", outside every department,
//! so a broken or outside link shows rather than vanishes.

use std::collections::{HashMap, HashSet};

use crate::model::Sop;
use crate::project::{Content, Document, Model};

use super::{Options, picture, plain_text};

pub mod dot;
pub mod mermaid;
pub mod svg;

/// Why one SOP points at another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkKind {
    /// A step `call`s it.
    Call,
    /// It is in `references`.
    Reference,
}

impl LinkKind {
    /// The edge's label in every format.
    pub fn label(self) -> &'static str {
        match self {
            LinkKind::Call => "calls",
            LinkKind::Reference => "references",
        }
    }
}

/// One SOP, or one SOP id named but not in the set. `key` is made by `sop`
/// (`m0`, `m1`...), never SOP text, so no format's syntax breaks through it.
#[derive(Debug, Clone, PartialEq)]
pub struct MapNode {
    pub key: String,
    pub id: String,
    /// Plain text; empty for an id not in the set.
    pub title: String,
    /// `draft` when unset.
    pub status: String,
    /// Index into [`Map::departments`]; `None` for an id not in the set.
    pub department: Option<usize>,
}

impl MapNode {
    pub fn retired(&self) -> bool {
        self.status == "retired"
    }

    pub fn in_set(&self) -> bool {
        self.department.is_some()
    }
}

/// A department and its SOPs (indexes into [`Map::nodes`]), sorted by id.
#[derive(Debug, Clone, PartialEq)]
pub struct MapDepartment {
    /// As the first of its SOPs spells it; empty for SOPs with none.
    pub name: String,
    pub nodes: Vec<usize>,
}

impl MapDepartment {
    /// The name, or "No department".
    pub fn label(&self) -> &str {
        if self.name.is_empty() {
            "No department"
        } else {
            &self.name
        }
    }
}

/// One arrow, from the SOP that calls or references to the one named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MapEdge {
    pub from: usize,
    pub to: usize,
    pub kind: LinkKind,
}

/// The process map of a set of SOPs, ready for any format.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Map {
    /// Sorted by name, ignoring case, as the handbook's index lists them.
    pub departments: Vec<MapDepartment>,
    /// The SOPs department by department, then the ids not in the set in
    /// the order they are first named.
    pub nodes: Vec<MapNode>,
    /// At most one per pair of SOPs and kind; none from an SOP to itself.
    pub edges: Vec<MapEdge>,
}

impl Map {
    /// The map of the SOPs among `documents`; documents that are not SOPs
    /// are left out (the caller reports them). An SOP without an id stands
    /// as its file's name.
    pub fn of(documents: &[Document]) -> Map {
        Map::of_sops(
            documents
                .iter()
                .filter_map(|document| match &document.content {
                    Content::Parsed(parsed) => match &parsed.model {
                        Model::Sop { sop, .. } => {
                            let id = sop.id.as_ref().map_or_else(
                                || {
                                    document.path.file_stem().map_or_else(String::new, |stem| {
                                        stem.to_string_lossy().into_owned()
                                    })
                                },
                                |id| id.value.clone(),
                            );
                            Some((id, sop))
                        }
                        _ => None,
                    },
                    Content::Failed(_) => None,
                }),
        )
    }

    /// The map of SOPs by id (such as those of a handbook). Of two SOPs
    /// with one id, links go to the first.
    pub fn of_sops<'a>(sops: impl IntoIterator<Item = (String, &'a Sop)>) -> Map {
        let mut sops: Vec<(String, &Sop)> = sops.into_iter().collect();
        sops.sort_by_cached_key(|(id, sop)| (department_of(sop).to_lowercase(), id.clone()));

        let mut map = Map::default();
        let mut by_id: HashMap<String, usize> = HashMap::new();
        for (id, sop) in &sops {
            let name = department_of(sop);
            let department = match map
                .departments
                .iter()
                .position(|department| department.name.to_lowercase() == name.to_lowercase())
            {
                Some(index) => index,
                None => {
                    map.departments.push(MapDepartment {
                        name: name.clone(),
                        nodes: Vec::new(),
                    });
                    map.departments.len() - 1
                }
            };
            let index = map.nodes.len();
            map.departments[department].nodes.push(index);
            by_id.entry(id.clone()).or_insert(index);
            map.nodes.push(MapNode {
                key: format!("m{index}"),
                id: id.clone(),
                title: sop
                    .title
                    .as_ref()
                    .map_or_else(String::new, |title| plain_text(&title.value)),
                status: sop.status().to_string(),
                department: Some(department),
            });
        }
        let mut seen = HashSet::new();
        for (from, (_, sop)) in sops.iter().enumerate() {
            let links = sop
                .calls()
                .map(|id| (id, LinkKind::Call))
                .chain(sop.sop_references().map(|id| (id, LinkKind::Reference)));
            for (id, kind) in links {
                let to = match by_id.get(&id.value) {
                    Some(&to) => to,
                    None => {
                        let to = map.nodes.len();
                        by_id.insert(id.value.clone(), to);
                        map.nodes.push(MapNode {
                            key: format!("m{to}"),
                            id: id.value.clone(),
                            title: String::new(),
                            status: String::new(),
                            department: None,
                        });
                        to
                    }
                };
                let edge = MapEdge { from, to, kind };
                if from != to && seen.insert(edge) {
                    map.edges.push(edge);
                }
            }
        }
        map
    }

    /// "Process map: 12 SOPs in 4 departments", the title of every format.
    pub fn heading(&self) -> String {
        let sops = self.nodes.iter().filter(|node| node.in_set()).count();
        let departments = self.departments.len();
        format!(
            "Process map: {sops} SOP{} in {departments} department{}",
            if sops == 1 { "" } else { "s" },
            if departments == 1 { "" } else { "s" }
        )
    }

    /// The ids not in the set, in the order they were first named.
    pub fn outside(&self) -> impl Iterator<Item = &MapNode> {
        self.nodes.iter().filter(|node| !node.in_set())
    }

    /// The link of a node to its SOP's page or chart, as a call box links
    /// ([`Options::call_link`]); none for an id not in the set.
    pub fn link(&self, node: &MapNode, options: &Options) -> Option<String> {
        node.in_set().then(|| options.call_link(&node.id)).flatten()
    }
}

/// The department on one line: every format draws it as one.
fn department_of(sop: &Sop) -> String {
    sop.department
        .as_ref()
        .map_or_else(String::new, |department| {
            department
                .value
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
}

/// The lines of a node's label: its id, its title wrapped at `width`, and
/// "(retired)" or "(not in this set)".
pub fn label_lines(node: &MapNode, width: usize) -> Vec<String> {
    let mut lines = vec![node.id.clone()];
    if !node.title.is_empty() {
        lines.extend(super::wrap(&node.title, width));
    }
    if !node.in_set() {
        lines.push("(not in this set)".to_string());
    } else if node.retired() {
        lines.push("(retired)".to_string());
    }
    lines
}

/// The map as a PNG, drawn in the bundled font.
pub fn png(map: &Map, options: &Options) -> Result<Vec<u8>, picture::Error> {
    picture::png_of_svg(&svg::render(map, &bundled(options)))
}

/// The map as a one-page PDF, its text as text in the bundled font.
pub fn pdf(map: &Map, options: &Options) -> Result<Vec<u8>, picture::Error> {
    picture::pdf_of_svg(&svg::render(map, &bundled(options)))
}

fn bundled(options: &Options) -> Options {
    Options {
        font: super::layout::Font::Bundled,
        ..options.clone()
    }
}
