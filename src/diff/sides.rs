//! The SOPs of each side of a comparison, and their pairing by id.

use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;

use super::{Report, Side, SopEntry, Status, Unreadable, compare};
use crate::limits::Limits;
use crate::model::Sop;
use crate::project::{self, Content, Model, Project};

/// One revision of an SOP, and where it was read.
#[derive(Debug, Clone)]
pub struct Revision {
    pub path: String,
    pub sop: Sop,
}

/// The SOPs of one side, and the files of it that are not readable SOPs
/// (path, why).
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub sops: Vec<Revision>,
    pub unreadable: Vec<(String, String)>,
}

impl Loaded {
    /// Adds a file read as `content`.
    pub fn add(&mut self, path: String, content: Content) {
        match content {
            Content::Parsed(parsed) => match parsed.model {
                Model::Sop { sop, .. } => self.sops.push(Revision { path, sop }),
                _ => self.unreadable.push((
                    path,
                    "not an SOP: the file is not a mapping of fields".into(),
                )),
            },
            Content::Failed(failure) => self.unreadable.push((path, failure.message)),
        }
    }

    /// Adds the text of a file that is not on disk (a revision from git).
    pub fn add_text(&mut self, path: String, text: String, limits: &Limits) {
        let content = project::parse_sop_text(PathBuf::from(&path), text, limits);
        self.add(path, content);
    }
}

/// The SOPs given to a project, read once each.
pub fn from_project(project: &Project) -> Loaded {
    let documents = project.read_all(|document| (document.path, document.content));
    let mut loaded = Loaded::default();
    for (path, content) in documents {
        loaded.add(path.display().to_string(), content);
    }
    for problem in &project.problems {
        loaded
            .unreadable
            .push((problem.path.display().to_string(), problem.message.clone()));
    }
    loaded
}

/// Compares two files: their SOPs whatever their ids (an id changed is a
/// field changed), as a writer who names both files means.
pub fn pair_files(old: Loaded, new: Loaded) -> Report {
    if old.sops.len() != 1 || new.sops.len() != 1 {
        return pair(old, new);
    }
    pair_by(old, new, |_| (false, String::new()))
}

/// Pairs the SOPs of both sides by id (SOPs without an id by path) and
/// compares each pair. A repeated id pairs in file order.
pub fn pair(old: Loaded, new: Loaded) -> Report {
    pair_by(old, new, |revision| match &revision.sop.id {
        Some(id) => (false, id.value.clone()),
        None => (true, revision.path.clone()),
    })
}

fn pair_by(old: Loaded, new: Loaded, key: impl Fn(&Revision) -> (bool, String)) -> Report {
    let mut waiting: HashMap<(bool, String), VecDeque<Revision>> = HashMap::new();
    let mut old_order = Vec::new();
    for revision in old.sops {
        let key = key(&revision);
        old_order.push(key.clone());
        waiting.entry(key).or_default().push_back(revision);
    }
    let text = |sop: &Sop, field: fn(&Sop) -> &Option<crate::model::Text>| {
        field(sop).as_ref().map(|text| text.value.clone())
    };
    let mut sops = Vec::new();
    for revision in new.sops {
        let before = waiting
            .get_mut(&key(&revision))
            .and_then(VecDeque::pop_front);
        let status = match &before {
            Some(before) => Status::Compared(compare(&before.sop, &revision.sop)),
            None => Status::Added,
        };
        sops.push(SopEntry {
            id: text(&revision.sop, |sop| &sop.id),
            title: text(&revision.sop, |sop| &sop.title),
            old_path: before.map(|before| before.path),
            new_path: Some(revision.path),
            status,
        });
    }
    for key in old_order {
        if let Some(revision) = waiting.get_mut(&key).and_then(VecDeque::pop_front) {
            sops.push(SopEntry {
                id: text(&revision.sop, |sop| &sop.id),
                title: text(&revision.sop, |sop| &sop.title),
                old_path: Some(revision.path),
                new_path: None,
                status: Status::Removed,
            });
        }
    }
    sops.sort_by(|a, b| {
        let order = |entry: &SopEntry| {
            let path = entry.new_path.clone().or(entry.old_path.clone());
            (entry.id.is_none(), entry.id.clone(), path)
        };
        order(a).cmp(&order(b))
    });
    let unreadable = [(Side::Old, old.unreadable), (Side::New, new.unreadable)]
        .into_iter()
        .flat_map(|(side, files)| {
            files.into_iter().map(move |(path, message)| Unreadable {
                side,
                path,
                message,
            })
        })
        .collect();
    Report { sops, unreadable }
}
