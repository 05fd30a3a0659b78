//! Training records (format v1.1): the roster (who holds which role) and
//! the acknowledgements (who has read which revision of which SOP), two CSV
//! files under the project root; the SOPs each person must know; and the
//! training matrix of who is current, outdated or missing.
//!
//! Nothing here prints: what is wrong with a record is a [`Problem`], which
//! `sop lint` reports under the rule `training-record`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::config::TrainingFile;
use crate::control::Fingerprint;
use crate::model::Sop;
use crate::project::{Content, Document, Model, Project};
use crate::source::Label;

pub mod acknowledgements;
pub mod changes;
pub mod matrix;
pub mod roster;
pub mod table;

pub use acknowledgements::{Acknowledgement, Acknowledgements};
pub use roster::Roster;

/// Something wrong with a training record file, a row or a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, as the user is shown it.
    pub path: PathBuf,
    pub label: Option<Label>,
    pub message: String,
    pub help: Option<String>,
}

impl Problem {
    pub fn at(path: &Path, label: Label, message: impl Into<String>) -> Problem {
        Problem {
            path: path.to_path_buf(),
            label: Some(label),
            message: message.into(),
            help: None,
        }
    }

    /// A problem with the whole file.
    pub fn file(path: &Path, message: impl Into<String>) -> Problem {
        Problem {
            path: path.to_path_buf(),
            label: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }
}

/// The training records of a project, as far as they could be read.
#[derive(Debug, Default)]
pub struct Records {
    /// `None` when there is no roster file (or it could not be read).
    pub roster: Option<Roster>,
    /// `None` when there is no acknowledgements file (or it could not be read).
    pub acknowledgements: Option<Acknowledgements>,
    /// Files that `sop.toml` names but that do not exist.
    pub missing: Vec<Problem>,
    /// What is wrong with the files as CSV, with rows or with fields read
    /// alone (a bad date); the rows in question are left out.
    pub problems: Vec<Problem>,
}

impl Records {
    /// Reads the roster and the acknowledgements that `[training]` of
    /// `sop.toml` names (by default `training/roster.csv` and
    /// `training/acknowledgements.csv`). A default file that does not exist
    /// is no records; a configured one is a problem in [`Records::missing`].
    pub fn load(project: &Project) -> Records {
        let mut records = Records::default();
        let limit = project.config.limits.file_size();
        let training = &project.config.training;
        if let Some(shown) = records.present(project, &training.roster, "roster") {
            records.roster =
                Roster::read(&training.roster.path, &shown, limit, &mut records.problems);
        }
        if let Some(shown) =
            records.present(project, &training.acknowledgements, "acknowledgements")
        {
            records.acknowledgements = Acknowledgements::read(
                &training.acknowledgements.path,
                &shown,
                limit,
                &mut records.problems,
            );
        }
        records
    }

    /// The path of `file` as shown when it exists (as anything: a folder
    /// there is a problem of reading); a missing configured file is noted.
    fn present(&mut self, project: &Project, file: &TrainingFile, key: &str) -> Option<PathBuf> {
        let shown = project.shown(&file.path);
        if std::fs::symlink_metadata(&file.path).is_ok() {
            // As for SOP files: a link out of the project is not read.
            let root =
                std::fs::canonicalize(&project.root).unwrap_or_else(|_| project.root.clone());
            if std::fs::canonicalize(&file.path).is_ok_and(|real| !real.starts_with(&root)) {
                self.problems.push(Problem::file(
                    &shown,
                    "it is a symbolic link to a file outside the project; it was not read",
                ));
                return None;
            }
            return Some(shown);
        }
        if file.configured {
            self.missing.push(
                Problem::file(
                    &shown,
                    format!("there is no such file, but `[training] {key}` in sop.toml names it"),
                )
                .with_help("create the file with its header row, or correct the path in sop.toml"),
            );
        }
        None
    }
}

/// What the training records need of one SOP.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Known {
    pub id: String,
    pub title: String,
    pub department: Option<String>,
    /// Whether it is `approved`: only approved SOPs must be known.
    pub approved: bool,
    /// Its current `version`, empty when it has none.
    pub version: String,
    /// Every version it has had: `version` and those of `revisions`.
    pub versions: BTreeSet<String>,
    /// The fingerprint of its content now.
    pub fingerprint: Fingerprint,
    /// Which of the roles asked about perform a step of it or are keys of
    /// its `roles` ([`Sop::involves_role`]).
    pub roles: BTreeSet<String>,
    /// The file, as shown.
    pub path: PathBuf,
}

impl Known {
    /// The SOP of a document read by the project, as [`Known::of`]; `None`
    /// for a file that is not a readable SOP with an id.
    pub fn of_document(document: &Document, roles: &BTreeSet<String>) -> Option<Known> {
        let Content::Parsed(parsed) = &document.content else {
            return None;
        };
        let Model::Sop { sop, .. } = &parsed.model else {
            return None;
        };
        // No id, no fingerprint to compute.
        sop.id.as_ref()?;
        Known::of(sop, parsed.fingerprint(), &document.path, roles)
    }

    /// The SOP whose content has the fingerprint `fingerprint`, with the
    /// `roles` of the roster that it involves; `None` for an SOP without an id.
    pub fn of(
        sop: &Sop,
        fingerprint: &Fingerprint,
        path: &Path,
        roles: &BTreeSet<String>,
    ) -> Option<Known> {
        let id = sop.id.as_ref()?.value.clone();
        let version = sop
            .version
            .as_ref()
            .map(|version| version.value.clone())
            .unwrap_or_default();
        let mut versions: BTreeSet<String> = sop
            .revisions
            .iter()
            .filter_map(|revision| revision.version.as_ref())
            .map(|version| version.value.clone())
            .collect();
        versions.insert(version.clone());
        Some(Known {
            id,
            title: sop
                .title
                .as_ref()
                .map(|title| title.value.clone())
                .unwrap_or_default(),
            department: sop.department.as_ref().map(|d| d.value.clone()),
            approved: sop.status() == "approved",
            version,
            versions,
            fingerprint: fingerprint.clone(),
            roles: roles
                .iter()
                .filter(|role| sop.involves_role(role))
                .cloned()
                .collect(),
            path: path.to_path_buf(),
        })
    }

    /// Whether an acknowledgement is of this SOP as it is now: its version,
    /// and its fingerprint when it has one.
    pub fn is_current(&self, acknowledgement: &Acknowledgement) -> bool {
        acknowledgement.sop.value == self.id
            && acknowledgement.version.value == self.version
            && (acknowledgement.fingerprint.value.is_empty()
                || self.fingerprint.matches(&acknowledgement.fingerprint.value))
    }
}

/// The SOPs the records are checked against, by id.
#[derive(Debug, Default)]
pub struct Catalog {
    /// By id; an id that two SOPs share keeps the first (`duplicate-sop-id`
    /// reports the other).
    pub sops: Vec<Known>,
}

impl Catalog {
    pub fn new(mut sops: Vec<Known>) -> Catalog {
        sops.sort_by(|a, b| (&a.id, &a.path).cmp(&(&b.id, &b.path)));
        sops.dedup_by(|later, first| later.id == first.id);
        Catalog { sops }
    }

    pub fn get(&self, id: &str) -> Option<&Known> {
        self.sops
            .binary_search_by(|known| known.id.as_str().cmp(id))
            .ok()
            .map(|at| &self.sops[at])
    }

    /// Whether some SOP involves the role.
    pub fn uses_role(&self, role: &str) -> bool {
        self.sops.iter().any(|known| known.roles.contains(role))
    }
}

/// Why an acknowledgement does not count, though its fields are well formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Its person is not in the roster (or there is no roster).
    UnknownPerson,
    /// No SOP has its id.
    UnknownSop,
    /// The SOP never had its version.
    UnknownVersion,
}

/// What is wrong with an acknowledgement against the roster and the SOPs;
/// `None` when it counts. One with a fault does not count in the matrix.
pub fn fault(
    acknowledgement: &Acknowledgement,
    roster: Option<&Roster>,
    catalog: &Catalog,
) -> Option<Fault> {
    if !roster.is_some_and(|roster| roster.has_person(&acknowledgement.person.value)) {
        return Some(Fault::UnknownPerson);
    }
    let Some(known) = catalog.get(&acknowledgement.sop.value) else {
        return Some(Fault::UnknownSop);
    };
    if !known.versions.contains(&acknowledgement.version.value) {
        return Some(Fault::UnknownVersion);
    }
    None
}
