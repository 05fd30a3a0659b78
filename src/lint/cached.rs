//! `sop lint` with the project's cache (see [`crate::cache`]): each file's
//! findings, suppressions and summary come from the cache when the file is
//! the one they were computed from, under the same configuration,
//! glossaries, date and rules; only the other files are read. The rules
//! across SOPs always run, on the summaries, so a changed file changes the
//! findings of the files that name it.

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use super::{FileFindings, Levels, Settings, Training, across_files, settings};
use crate::cache::{self, Entry, Key, Lookup, Stamp, Store};
use crate::date::Date;
use crate::diagnostic::Report;
use crate::project::{Content, Document, Project, SopFile, read};

/// The cache table of linting.
const KIND: &str = "lint";

/// A lint run through the cache.
#[derive(Debug)]
pub struct CachedRun {
    /// The same report as without the cache.
    pub report: Report,
    /// How many SOP files given were not parsed: their findings came from the cache.
    pub reused: usize,
    /// Why the cache could not be written, if so (the next run reads the files again).
    pub unsaved: Option<cache::Error>,
}

/// Lints like [`super::check_with`], through the project's cache when it
/// has one.
pub fn check_cached(project: &Project, today: Date, levels: &Levels) -> CachedRun {
    let settings = settings(project, today);
    let Some(store) = project.cache() else {
        return CachedRun {
            report: super::check_with(project, today, levels),
            reused: 0,
            unsaved: None,
        };
    };
    let training = Training::of(project, levels);
    let key = key(project, &settings, levels, &training);
    let table = store.table(KIND, &key);
    let run = Run {
        project,
        settings: &settings,
        levels,
        training: &training,
        table: &table,
    };
    let outcomes: Vec<Outcome> = project
        .files
        .par_iter()
        .map(|file| run.file(file))
        .collect();
    let reused = outcomes.iter().filter(|outcome| outcome.reused).count();
    let mut updates = Vec::new();
    let checked = outcomes.into_iter().map(|outcome| {
        updates.extend(outcome.update);
        outcome.checked
    });
    let report = across_files(project, &settings, levels, &training, checked);
    let saved = save(store, &table, updates, project);
    CachedRun {
        report,
        reused,
        unsaved: saved.err(),
    }
}

/// What the files of one run are checked with.
struct Run<'a> {
    project: &'a Project,
    settings: &'a Settings,
    levels: &'a Levels,
    training: &'a Training,
    table: &'a cache::Table,
}

/// One file of a run: its findings, whether they came from the cache, and
/// the entry to record for it.
struct Outcome {
    checked: FileFindings,
    reused: bool,
    update: Option<(Vec<u8>, Entry)>,
}

impl Run<'_> {
    fn file(&self, file: &SopFile) -> Outcome {
        // The text, when the cache already read it to compare hashes.
        let check = |text: Option<String>| {
            let document = match text {
                Some(text) => self.project.read_from_text(file, text),
                None => self.project.read(file),
            };
            let checked =
                (self.training).check_file(self.project, &document, self.settings, self.levels);
            (checked, document)
        };
        if self.project.is_overlaid(file) {
            return Outcome {
                checked: check(None).0,
                reused: false,
                update: None,
            };
        }
        let path = file.path.as_os_str().as_encoded_bytes();
        let limit = self.project.config.limits.file_size();
        let read = || read::read_text(file.real(), limit).ok();
        let (stamp, text) = match self.table.lookup(path, Stamp::of(file.real()), read) {
            Lookup::Hit { value, restamped } => match cache::decode(value) {
                Some(checked) => {
                    return Outcome {
                        checked,
                        reused: true,
                        update: restamped.map(|entry| (path.to_vec(), entry)),
                    };
                }
                None => (None, None),
            },
            Lookup::Miss { stamp, text } => (Some(stamp), text),
            Lookup::Uncached => (None, None),
        };
        let (checked, document) = check(text);
        let update =
            stamp
                .zip(cached_value(&checked, &document))
                .map(|(stamp, (digest, value))| {
                    (
                        path.to_vec(),
                        Entry {
                            stamp,
                            digest,
                            value,
                        },
                    )
                });
        Outcome {
            checked,
            reused: false,
            update,
        }
    }
}

/// What the table records of a file just checked: the hash of the text
/// it was read as, and the findings. A file that could not be read or
/// parsed is not recorded: why may lie outside it (a file too large, a
/// link), and reading it again is cheap.
fn cached_value(
    checked: &FileFindings,
    document: &Document,
) -> Option<(cache::table::Digest32, Vec<u8>)> {
    let Content::Parsed(parsed) = &document.content else {
        return None;
    };
    Some((
        cache::table::digest(&parsed.source.text),
        cache::encode(checked)?,
    ))
}

/// Writes the table back; a run over the whole SOP folder keeps only the
/// files it saw, so deleted files leave the cache.
fn save(
    store: &Store,
    table: &cache::Table,
    updates: Vec<(Vec<u8>, Entry)>,
    project: &Project,
) -> Result<(), cache::Error> {
    if !project.whole_sop_folder {
        return store.save(KIND, table, updates, None);
    }
    let seen: FxHashSet<&[u8]> = (project.files.iter())
        .map(|file| file.path.as_os_str().as_encoded_bytes())
        .collect();
    store.save(KIND, table, updates, Some(&|path| seen.contains(path)))
}

/// Everything a file's findings depend on besides its text: the current
/// folder (paths are shown from it), `sop.toml` as written, the settings
/// and date, the rules and their levels, the roster's roles, and every
/// glossary read, with its path and text.
fn key(project: &Project, settings: &Settings, levels: &Levels, training: &Training) -> Key {
    let mut key = Key::new(KIND);
    key.add(project.cwd().as_os_str().as_encoded_bytes());
    key.add(project.root.as_os_str().as_encoded_bytes());
    let config_text = project
        .config
        .file
        .as_ref()
        .and_then(|file| std::fs::read(project.cwd().join(file)).ok());
    key.add(format!("{:?}", project.config.file).as_bytes());
    key.add(config_text.as_deref().unwrap_or_default());
    key.add(format!("{settings:?}").as_bytes());
    key.add(levels.describe().as_bytes());
    key.add(
        format!(
            "{:?} {:?}",
            training.records.is_some(),
            training.roster_roles
        )
        .as_bytes(),
    );
    for glossary in &project.glossaries {
        key.add(glossary.path.as_os_str().as_encoded_bytes());
        match &glossary.content {
            Content::Parsed(parsed) => key.add(parsed.source.text.as_bytes()),
            Content::Failed(failure) => key.add(format!("{failure:?}").as_bytes()),
        };
    }
    key
}
