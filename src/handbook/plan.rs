//! Between the passes of a render: what is known across SOPs, built from
//! the digests of pass 1 alone. The pages' file names and links, the
//! departments, the print volumes, the glossary's definitions, the retired
//! SOPs named and the sign-off sheet.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use crate::project::index::Summary;
use crate::project::{Content, Model, Project};

use super::digest::{Digest, Entry, Kept};
use super::rich::Rich;
use super::signoff::SignOff;
use super::text::{Anchors, slug};
use super::{
    Definition, Department, Format, OWN_PAGES, Settings, SopLink, VOLUME_SOPS, github_anchor,
};

/// The handbook's SOPs in order (by department, then id) and what links them.
pub(super) struct Plan {
    pub entries: Vec<Entry>,
    /// The file each entry was read from, to read it again.
    pub paths: Vec<PathBuf>,
    /// The department of each entry, as an index into `departments`.
    pub department_of: Vec<usize>,
    pub departments: Vec<Department>,
    /// The first SOP of each id.
    pub links: BTreeMap<String, SopLink>,
    /// The file name (no extension) of each id's page, for chart call boxes.
    pub file_names: Arc<HashMap<String, String>>,
    pub retired: BTreeSet<String>,
    pub volumes: Vec<Volume>,
    /// Every term, with its definitions, in the order of the glossary file
    /// (by term).
    pub terms: Vec<(String, Vec<Definition>)>,
    pub signoff: Option<SignOff>,
    /// Files that could not be read as SOPs.
    pub skipped: Vec<PathBuf>,
}

/// A print page of up to [`VOLUME_SOPS`] SOPs. A handbook that small has
/// one, `print.html`, with every SOP; a larger one has one or more per
/// department, `print-DEPARTMENT-N.html`, and `print.html` lists them.
#[derive(Serialize, Clone)]
pub(super) struct Volume {
    /// The file name, without `.html`.
    pub name: String,
    pub href: String,
    /// Its department and the department's anchor on the index, in a
    /// large handbook.
    pub department: Option<String>,
    pub department_anchor: Option<String>,
    /// From 1, within the department.
    pub number: usize,
    /// How many volumes the department has.
    pub of: usize,
    /// The ids of its first and last SOPs (none in an empty handbook).
    pub first: Option<String>,
    pub last: Option<String>,
    pub count: usize,
    /// The page that lists its SOPs, in a large handbook: there the index
    /// lists the volumes, so that it does not grow by a line per SOP.
    pub contents_href: Option<String>,
    #[serde(skip)]
    pub sops: Range<usize>,
}

impl Volume {
    /// The file name of the contents page, without `.html`.
    pub fn contents_name(&self) -> Option<&str> {
        self.contents_href.as_deref()?.strip_suffix(".html")
    }
}

impl Plan {
    pub fn new(project: &Project, digests: Vec<Digest>, settings: &Settings) -> Plan {
        let retired = retired_ids(project, &digests);
        let mut skipped = Vec::new();
        let mut kept: Vec<(PathBuf, Entry)> = Vec::new();
        for digest in digests {
            match digest.kept {
                Kept::Skipped => skipped.push(digest.path),
                Kept::Filtered => {}
                Kept::Sop(entry) => kept.push((digest.path, *entry)),
            }
        }
        kept.sort_by(|(_, a), (_, b)| {
            let key = |entry: &Entry| (entry.department.to_lowercase(), entry.link.id.clone());
            key(a).cmp(&key(b))
        });
        let (paths, mut entries): (Vec<PathBuf>, Vec<Entry>) = kept.into_iter().unzip();
        let (departments, department_of) = departments(&entries);
        let volumes = volumes(&entries, &departments, &department_of);
        // Two SOPs with one id (a lint error) still get a page each.
        let ids: Vec<&str> = entries.iter().map(|entry| entry.link.id.as_str()).collect();
        let mut taken: Vec<&str> = OWN_PAGES.to_vec();
        taken.extend(volumes.iter().map(|volume| volume.name.as_str()));
        taken.extend(volumes.iter().filter_map(|volume| volume.contents_name()));
        let names = crate::file_name::distinct(&ids, &taken);
        for (entry, name) in entries.iter_mut().zip(names) {
            entry.link.anchor = format!("sop-{name}");
            entry.link.href = format!("{}.html", crate::encode::percent_encode(&name, b""));
            entry.link.file = format!("{name}.html");
        }
        let mut links: BTreeMap<String, SopLink> = BTreeMap::new();
        for entry in &entries {
            links
                .entry(entry.link.id.clone())
                .or_insert_with(|| entry.link.clone());
        }
        // Call boxes of the charts link to the pages by these names.
        let file_names = Arc::new(
            links
                .iter()
                .map(|(id, link)| {
                    let name = link.file.strip_suffix(".html").unwrap_or(&link.file);
                    (id.clone(), name.to_string())
                })
                .collect(),
        );
        // A large HTML handbook lists each department's volumes on the index
        // and at most VOLUME_SOPS SOPs on a glossary line; the Markdown
        // handbook is one page, which lists them all.
        let paged = entries.len() > VOLUME_SOPS && settings.format == Format::Html;
        let mut departments = departments;
        for (entry, &department) in entries.iter().zip(&department_of) {
            departments[department].count += 1;
            departments[department].sops.push(entry.link.clone());
        }
        if paged {
            for volume in &volumes {
                departments[department_of[volume.sops.start]]
                    .volumes
                    .push(volume.clone());
            }
        }
        let signoff = settings.filters.role.as_ref().map(|role| {
            SignOff::new(
                role,
                entries.iter().map(|entry| (&entry.link, &entry.control)),
            )
        });
        Plan {
            terms: terms(project, &entries, paged.then_some(VOLUME_SOPS)),
            entries,
            paths,
            department_of,
            departments,
            links,
            file_names,
            retired,
            volumes,
            signoff,
            skipped,
        }
    }

    /// Whether the handbook is past [`VOLUME_SOPS`]: printed in volumes,
    /// its index without the process map, its search index in parts.
    pub fn is_large(&self) -> bool {
        self.entries.len() > VOLUME_SOPS
    }
}

/// The retired SOPs among those given and those they name (read whole
/// when not given), so that a call to one says why it is not in the
/// handbook even when it was not given.
fn retired_ids(project: &Project, digests: &[Digest]) -> BTreeSet<String> {
    let given: Vec<Summary> = digests
        .iter()
        .map(|digest| digest.summary.clone())
        .collect();
    let linked = project.linked(&given);
    given
        .into_iter()
        .chain(linked)
        .filter(|summary| summary.status.as_deref() == Some("retired"))
        .filter_map(|summary| summary.id.map(|(id, _)| id))
        .collect()
}

/// The departments in order of first SOP (the entries are sorted by
/// department), and the department of each entry.
fn departments(entries: &[Entry]) -> (Vec<Department>, Vec<usize>) {
    let mut anchors = Anchors::default();
    let mut departments: Vec<Department> = Vec::new();
    let mut of = Vec::with_capacity(entries.len());
    for entry in entries {
        let name = &entry.department;
        let index = match departments
            .iter()
            .position(|d| d.name.eq_ignore_ascii_case(name))
        {
            Some(index) => index,
            None => {
                departments.push(Department {
                    anchor: anchors.unique(format!("department-{}", slug(name))),
                    md_anchor: github_anchor(name),
                    name: name.clone(),
                    count: 0,
                    sops: Vec::new(),
                    volumes: Vec::new(),
                });
                departments.len() - 1
            }
        };
        of.push(index);
    }
    (departments, of)
}

/// One volume of every SOP for a small handbook; else each department's
/// SOPs in as few volumes of at most [`VOLUME_SOPS`] as can hold them, of
/// sizes that differ by one at most.
fn volumes(entries: &[Entry], departments: &[Department], department_of: &[usize]) -> Vec<Volume> {
    let id = |index: usize| entries.get(index).map(|entry| entry.link.id.clone());
    let volume =
        |name: String, department: Option<&Department>, number, of, sops: Range<usize>| Volume {
            href: format!("{name}.html"),
            contents_href: department.map(|_| {
                format!(
                    "contents-{}.html",
                    name.strip_prefix("print-").unwrap_or(&name)
                )
            }),
            name,
            department: department.map(|department| department.name.clone()),
            department_anchor: department.map(|department| department.anchor.clone()),
            number,
            of,
            first: id(sops.start),
            last: id(sops.end.saturating_sub(1)),
            count: sops.len(),
            sops,
        };
    if entries.len() <= VOLUME_SOPS {
        // Even with no SOP: `print.html` is always there.
        return vec![volume("print".to_string(), None, 1, 1, 0..entries.len())];
    }
    let mut volumes = Vec::new();
    let mut start = 0;
    while start < entries.len() {
        let index = department_of[start];
        let end = start + department_of[start..].partition_point(|&d| d == index);
        let department = &departments[index];
        let count = end - start;
        let of = count.div_ceil(VOLUME_SOPS);
        let stem = department
            .anchor
            .strip_prefix("department-")
            .unwrap_or(&department.anchor);
        let mut from = start;
        for number in 1..=of {
            // The first `count % of` volumes take one more.
            let to = from + count / of + usize::from(number <= count % of);
            volumes.push(volume(
                format!("print-{stem}-{number}"),
                Some(department),
                number,
                of,
                from..to,
            ));
            from = to;
        }
        start = end;
    }
    volumes
}

/// Every term of the handbook, from the glossary files that apply to its
/// SOPs and from their own `terms`: the glossary files first, in path
/// order, then the SOPs in the handbook's order. A definition given again
/// with the same words (ignoring line breaks and spacing) is merged into
/// the first; past `most` SOPs it lists no more of them, and counts them.
fn terms(
    project: &Project,
    entries: &[Entry],
    most: Option<usize>,
) -> Vec<(String, Vec<Definition>)> {
    let files: BTreeSet<&PathBuf> = entries.iter().flat_map(|entry| &entry.glossaries).collect();
    let glossaries = project
        .glossaries
        .iter()
        .filter(|glossary| files.contains(&glossary.path));
    let mut ordered: BTreeMap<&PathBuf, _> = BTreeMap::new();
    for glossary in glossaries {
        if let Content::Parsed(parsed) = &glossary.content
            && let Model::Glossary(terms) = &parsed.model
        {
            ordered.insert(&glossary.path, terms);
        }
    }
    let mut merged = Merged::default();
    for terms in ordered.values() {
        for term in &terms.definitions {
            if let Some(text) = &term.text {
                merged.add(&term.key, &text.value, None, most);
            }
        }
    }
    for entry in entries {
        for (term, text) in &entry.terms {
            merged.add(term, text, Some(&entry.link.id), most);
        }
    }
    merged.definitions.into_iter().collect()
}

/// The definitions of each term, and where each text already is.
#[derive(Default)]
struct Merged {
    definitions: BTreeMap<String, Vec<Definition>>,
    /// (term, words of the text) to the index in the term's definitions.
    seen: HashMap<(String, String), usize>,
}

impl Merged {
    /// Adds `text` as a definition of `term`, from the SOP `sop` or (none)
    /// a glossary file.
    fn add(&mut self, term: &str, text: &str, sop: Option<&str>, most: Option<usize>) {
        let list = self.definitions.entry(term.to_string()).or_default();
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let index = *self
            .seen
            .entry((term.to_string(), words))
            .or_insert_with(|| {
                list.push(Definition {
                    text: Rich::inline(text),
                    glossary: false,
                    sops: Vec::new(),
                    sops_more: 0,
                    source: sop.unwrap_or("glossary").to_string(),
                });
                list.len() - 1
            });
        let definition = &mut list[index];
        match sop {
            None => definition.glossary = true,
            Some(_) if most.is_some_and(|most| definition.sops.len() >= most) => {
                definition.sops_more += 1;
            }
            Some(id) => definition.sops.push(id.to_string()),
        }
    }
}
