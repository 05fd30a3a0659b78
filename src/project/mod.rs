//! The project: the one layer that finds, reads and parses SOP files, under
//! everything that checks, charts or renders them.
//!
//! [`load`] finds the project root from the given paths (the folder of the
//! nearest `sop.toml` above them, else the nearest `.git`, else their common
//! ancestor), walks the given folders, and reads the glossaries that apply.
//! [`Project::read_all`] then reads every SOP given, in parallel, once, with
//! one size cap and one UTF-8 policy, parses it once and builds its model and
//! flow once; the caller keeps what it needs of each, so linting 10,000 SOPs
//! does not hold 10,000 trees. The project's other SOPs (those under its SOP
//! folder that were not given) are only scanned for their ids, for the rules
//! that compare SOPs.
//! Nothing here knows the lint rules: what could not be read or parsed is a
//! [`Failure`], which `sop lint` reports under its rule.

use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::cache;
use crate::config::{self, Config};
use crate::control::Fingerprint;
use crate::flow::Flow;
use crate::limits::Limits;
use crate::model::{self, Definition, Sop};
use crate::source::{Label, SourceFile};
use crate::yaml::{self, Node, Value};

pub mod index;
pub mod lookup;
pub mod memory;
pub mod others;
pub mod overlay;
pub mod paths;
pub mod read;
pub mod remembered;
pub mod walk;

use index::{IndexEntry, Summary};
use memory::Memory;
use overlay::Overlays;
use walk::{Found, Walked, Walker};

/// What to load.
#[derive(Debug, Clone)]
pub struct Options {
    /// The current folder: relative paths start from it, and paths are shown
    /// relative to it.
    pub cwd: PathBuf,
    /// Files and folders; none means the project's SOP folder.
    pub paths: Vec<PathBuf>,
    /// A configuration file to use instead of looking for `sop.toml`.
    pub config: Option<PathBuf>,
    /// Whether `.gitignore` and `.ignore` files apply (hidden files are
    /// always skipped in folders).
    pub respect_ignore_files: bool,
    /// Texts read instead of the files at their paths (relative to `cwd`
    /// or absolute), which need not exist: standard input, an editor's
    /// unsaved buffer (see [`overlay`]). Bytes, so that they meet the size
    /// cap and UTF-8 policy of a file.
    pub overlays: HashMap<PathBuf, Vec<u8>>,
    /// Whether to use the project's cache (see [`crate::cache`]): `sop
    /// lint` does unless `--no-cache`.
    pub cache: bool,
    /// The ids of the SOP folder's files, remembered by a caller that is
    /// told when files change (see [`memory`]).
    pub memory: Option<Arc<Memory>>,
}

impl Options {
    /// Options for `paths`, seen from `cwd`, with the defaults.
    pub fn new(cwd: &Path, paths: Vec<PathBuf>) -> Self {
        Options {
            cwd: cwd.to_path_buf(),
            paths,
            config: None,
            respect_ignore_files: true,
            overlays: HashMap::new(),
            cache: false,
            memory: None,
        }
    }
}

/// Why a project could not be loaded at all (`sop` exits with 2).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: no such file or folder", .0.display())]
    NotFound(PathBuf),
    #[error("{}: cannot read the configuration: {reason}", path.display())]
    ReadConfig { path: PathBuf, reason: String },
    #[error(transparent)]
    Config(#[from] config::Error),
    #[error(
        "there is no SOP folder {}: create it, give the files or folders to check, or change `sops = \"...\"` in sop.toml",
        .0.display()
    )]
    NoSopFolder(PathBuf),
}

/// A loaded project.
#[derive(Debug)]
pub struct Project {
    /// The project root, absolute.
    pub root: PathBuf,
    pub config: Config,
    /// The SOP files given, sorted by path, not yet read (see [`Project::read_all`]).
    pub files: Vec<SopFile>,
    /// The glossaries given, and those that apply to the SOPs given.
    pub glossaries: Vec<Document>,
    /// Paths under the given folders that were not read, and why.
    pub problems: Vec<PathProblem>,
    /// The ids of the project's SOPs that were not given.
    pub others: Vec<IndexEntry>,
    /// Whether the paths given cover the whole SOP folder (none given
    /// does): the project-wide records, such as training, are then checked.
    pub whole_sop_folder: bool,
    /// The glossary of each folder that has one, by absolute folder.
    glossary_of_folder: HashMap<PathBuf, usize>,
    overlays: Overlays,
    cwd: PathBuf,
    /// The project's cache, when the options ask for it and it has one.
    cache: Option<cache::Store>,
    memory: Option<Arc<Memory>>,
}

/// An SOP file given, to be read.
#[derive(Debug, Clone)]
pub struct SopFile {
    /// The file, as shown to the user.
    pub path: PathBuf,
    found: Found,
}

impl SopFile {
    /// The file it really is, links resolved.
    pub fn real(&self) -> &Path {
        &self.found.real
    }
}

/// What a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sop,
    /// `glossary.yaml` or `glossary.yml`: terms for its folder and those below.
    Glossary,
}

/// One file of the project.
#[derive(Debug)]
pub struct Document {
    /// The file, as shown to the user.
    pub path: PathBuf,
    pub kind: Kind,
    /// Whether it was given (only the files given get findings).
    pub given: bool,
    pub content: Content,
    /// The absolute folder of the file, where its glossaries start.
    folder: PathBuf,
}

/// A file read and parsed, or why not.
#[derive(Debug)]
pub enum Content {
    Parsed(Box<Parsed>),
    Failed(Box<Failure>),
}

/// A file that parsed as one YAML document.
#[derive(Debug)]
pub struct Parsed {
    pub source: SourceFile,
    /// The YAML tree; of a glossary, only the root's span (see [`GlossaryTerms`]).
    pub root: Node,
    pub model: Model,
    /// The content fingerprint of `root`, computed once, when first asked.
    fingerprint: OnceLock<Fingerprint>,
}

impl Parsed {
    /// The content fingerprint of the file ([`Fingerprint::of`] its root),
    /// computed at the first call: the training catalog and
    /// `changed-after-approval` share it.
    pub fn fingerprint(&self) -> &Fingerprint {
        self.fingerprint.get_or_init(|| Fingerprint::of(&self.root))
    }
}

/// What a parsed file holds. One per file, inside a boxed [`Parsed`]: the
/// size of the SOP variant costs nothing worth a second box.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum Model {
    /// An SOP and its flow graph.
    Sop {
        sop: Sop,
        flow: Flow,
    },
    Glossary(GlossaryTerms),
    /// An SOP file whose root is not a mapping.
    NotAMapping,
}

/// Why a file could not be read or parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// Not opened or not read: a special file, a link out of the project, too large.
    NotRead,
    /// Not UTF-8 text.
    NotText,
    /// Not one valid YAML document.
    Syntax,
    /// No YAML document at all.
    Empty,
}

/// A file that could not be read or parsed.
#[derive(Debug, Clone)]
pub struct Failure {
    pub cause: Cause,
    pub label: Option<Label>,
    pub message: String,
    pub help: Option<String>,
    /// The SOP id recovered from its `id:` line, so calls to it still resolve.
    pub id: Option<(String, Label)>,
}

/// A path under a given folder that was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathProblem {
    /// The path, as shown to the user.
    pub path: PathBuf,
    pub message: String,
}

/// The terms of one glossary file: the first `glossary-terms` of `[limits]`.
#[derive(Debug, Default)]
pub struct GlossaryTerms {
    pub definitions: Vec<Definition>,
    /// The definitions by key, for lookups: four bytes a term, where a set
    /// of the keys would copy each.
    by_key: Vec<u32>,
    /// Where the file breaks the glossary format (`sop lint` reports these
    /// under `schema`); the other terms still count.
    pub problems: Vec<(Label, String)>,
    /// The first term past the limit, and a message saying so (`sop lint`
    /// reports it under `limit-exceeded`); the terms from there on are not read.
    pub past_limit: Option<(Label, String)>,
}

/// The glossaries that apply to one SOP: its folder's and those above it
/// within the project, nearest first. Each glossary is read once per run,
/// with its lookup table, and shared by every SOP below it: nothing is
/// copied per SOP.
#[derive(Debug, Default)]
pub struct Glossary<'a> {
    pub layers: Vec<(&'a Path, &'a GlossaryTerms)>,
}

impl Glossary<'_> {
    pub fn contains(&self, term: &str) -> bool {
        self.layers.iter().any(|(_, terms)| terms.contains(term))
    }
}

/// Loads the project of `options`.
pub fn load(options: &Options) -> Result<Project, Error> {
    let cwd = &options.cwd;
    let overlays = Overlays::new(cwd, &options.overlays);
    let mut targets = Vec::with_capacity(options.paths.len());
    for shown in &options.paths {
        let path = paths::absolute(cwd, shown);
        if fs::symlink_metadata(&path).is_err() && !overlays.contains(&path) {
            return Err(Error::NotFound(shown.clone()));
        }
        targets.push(path);
    }
    let config = find_config(options, &targets)?;
    let root = config.root.clone();
    let real_root = fs::canonicalize(&root).unwrap_or_else(|_| root.clone());
    let sop_folder = sop_folder(&config);
    if targets.is_empty() {
        if fs::symlink_metadata(&sop_folder).is_err() {
            return Err(Error::NoSopFolder(paths::display(&sop_folder, cwd)));
        }
        targets.push(sop_folder.clone());
    }
    let walker = Walker::new(&config, &real_root, options.respect_ignore_files);

    let walked = collect(&walker, &targets);
    let (glossary_files, sop_files): (Vec<&Found>, Vec<&Found>) = walked
        .files
        .iter()
        .partition(|found| is_glossary(&found.path));
    let mut glossaries: Vec<Document> = glossary_files
        .par_iter()
        .map(|found| Document::load(found, true, (cwd, &overlays), &config.limits))
        .collect();
    let folders = sop_files.iter().filter_map(|found| found.path.parent());
    let glossary_of_folder = add_glossaries(
        &mut glossaries,
        folders,
        &walker,
        (&root, cwd, &overlays),
        &config.limits,
    );
    let problems = walked
        .problems
        .iter()
        .map(|problem| PathProblem {
            path: paths::display(&problem.path, cwd),
            message: problem.message.clone(),
        })
        .collect();
    let given_real: FxHashSet<&OsStr> = walked.files.iter().map(|f| f.real.as_os_str()).collect();
    let whole_sop_folder = covered(&targets, &sop_folder);
    let cache = options
        .cache
        .then(|| cache::Store::open(&root, config.file.is_some()))
        .flatten();
    let others = if whole_sop_folder {
        Vec::new()
    } else if let Some(memory) = &options.memory {
        memory.others(
            &walker,
            &sop_folder,
            &given_real,
            (cwd, &overlays),
            config.limits.file_size(),
        )
    } else {
        others::other_ids(
            &walker,
            &sop_folder,
            &given_real,
            (cwd, &overlays),
            config.limits.file_size(),
            cache.as_ref(),
        )
    };
    let files = sop_files
        .into_iter()
        .map(|found| SopFile {
            path: paths::display(&found.path, cwd),
            found: found.clone(),
        })
        .collect();
    Ok(Project {
        root,
        config,
        files,
        glossaries,
        problems,
        others,
        whole_sop_folder,
        glossary_of_folder,
        overlays,
        cwd: cwd.clone(),
        cache,
        memory: options.memory.clone(),
    })
}

impl Project {
    /// Reads and parses one SOP file given.
    pub fn read(&self, file: &SopFile) -> Document {
        let reading = (self.cwd.as_path(), &self.overlays);
        Document::load(&file.found, true, reading, &self.config.limits)
    }

    /// Parses one SOP file given from its text, already read (the cache
    /// read it to compare hashes).
    pub fn read_from_text(&self, file: &SopFile, text: String) -> Document {
        Document::of(&file.found, true, &self.cwd, Ok(text), &self.config.limits)
    }

    /// The project's cache, when it was loaded with one.
    pub fn cache(&self) -> Option<&cache::Store> {
        self.cache.as_ref()
    }

    /// Whether the file is read from an overlay rather than from disk
    /// (which the cache cannot stamp).
    pub fn is_overlaid(&self, file: &SopFile) -> bool {
        self.overlays.contains(&file.found.path) || self.overlays.contains(&file.found.real)
    }

    /// The current folder, from which paths are shown.
    pub fn cwd(&self) -> &Path {
        &self.cwd
    }

    /// Reads every SOP given, in parallel, and keeps what `keep` makes of
    /// each, in the order of [`Project::files`].
    pub fn read_all<T: Send>(&self, keep: impl Fn(Document) -> T + Sync) -> Vec<T> {
        self.files
            .par_iter()
            .map(|file| keep(self.read(file)))
            .collect()
    }

    /// The glossaries that were given.
    pub fn given_glossaries(&self) -> impl Iterator<Item = &Document> {
        self.glossaries.iter().filter(|document| document.given)
    }

    /// How many files were given: SOPs, glossaries, and paths not read.
    pub fn file_count(&self) -> usize {
        self.given_paths().count()
    }

    /// The files given, as shown: SOPs, glossaries, and paths not read.
    pub fn given_paths(&self) -> impl Iterator<Item = &Path> {
        let sops = self.files.iter().map(|file| file.path.as_path());
        let glossaries = self
            .given_glossaries()
            .map(|glossary| glossary.path.as_path());
        let problems = self.problems.iter().map(|problem| problem.path.as_path());
        sops.chain(glossaries).chain(problems)
    }

    /// A path as shown (relative to the current folder, or absolute) as a
    /// path from the project root with `/` between its parts: the same on
    /// every machine and from every folder, for outputs that are kept.
    pub fn path_in_project(&self, shown: &Path) -> String {
        let absolute = paths::absolute(&self.cwd, shown);
        let Ok(relative) = absolute.strip_prefix(&self.root) else {
            // Outside the root (a `--config` elsewhere): as shown.
            return shown.to_string_lossy().into_owned();
        };
        let parts: Vec<_> = relative
            .components()
            .map(|part| part.as_os_str().to_string_lossy())
            .collect();
        parts.join("/")
    }

    /// An absolute path as the user is shown it: relative to the current
    /// folder when below it, else absolute.
    pub fn shown(&self, absolute: &Path) -> PathBuf {
        paths::display(absolute, &self.cwd)
    }

    /// The glossaries that apply to a document.
    pub fn glossary_for(&self, document: &Document) -> Glossary<'_> {
        let folders = document
            .folder
            .ancestors()
            .enumerate()
            .take_while(|(depth, folder)| *depth == 0 || folder.starts_with(&self.root));
        let layers = folders
            .filter_map(|(_, folder)| self.glossary_of_folder.get(folder))
            .filter_map(|&index| {
                let glossary = &self.glossaries[index];
                match &glossary.content {
                    Content::Parsed(parsed) => match &parsed.model {
                        Model::Glossary(terms) => Some((glossary.path.as_path(), terms)),
                        _ => None,
                    },
                    Content::Failed(_) => None,
                }
            })
            .collect();
        Glossary { layers }
    }
}

impl Project {
    /// The summaries of the SOPs not given that `given` name, and of those
    /// these call in turn, read whole: the rules across SOPs need their
    /// status and calls. Read in waves, each in parallel; usually a few
    /// files, none when the whole SOP folder is given.
    pub fn linked(&self, given: &[Summary]) -> Vec<Summary> {
        let mut files_of: FxHashMap<&str, Vec<&Found>> = FxHashMap::default();
        for entry in &self.others {
            if let Some(found) = &entry.file {
                files_of.entry(entry.id.as_str()).or_default().push(found);
            }
        }
        let mut seen: FxHashSet<String> = given
            .iter()
            .filter_map(|summary| summary.id.as_ref().map(|(id, _)| id.clone()))
            .collect();
        let mut wave: Vec<String> = given
            .iter()
            .flat_map(Summary::links)
            .map(|(id, _)| id.clone())
            .collect();
        let mut linked = Vec::new();
        while !wave.is_empty() {
            let files: Vec<&Found> = wave
                .drain(..)
                .filter(|id| seen.insert(id.clone()))
                .flat_map(|id| files_of.get(id.as_str()).cloned().unwrap_or_default())
                .collect();
            let read: Vec<Summary> = files
                .par_iter()
                .map(|found| {
                    let reading = (self.cwd.as_path(), &self.overlays);
                    let read =
                        || Document::load(found, false, reading, &self.config.limits).summary();
                    match &self.memory {
                        Some(memory) if !self.overlays.covers(found) => memory.summary(found, read),
                        _ => read(),
                    }
                })
                .collect();
            wave.extend(
                read.iter()
                    .flat_map(|summary| summary.calls.iter().map(|(id, _)| id.clone())),
            );
            linked.extend(read);
        }
        linked
    }
}

impl Document {
    /// What the rules across SOPs need of a document: its id and the ids it names.
    pub fn summary(&self) -> Summary {
        let mut summary = Summary {
            path: self.path.clone(),
            id: None,
            status: None,
            calls: Vec::new(),
            references: Vec::new(),
        };
        match &self.content {
            Content::Parsed(parsed) => {
                if let Model::Sop { sop, .. } = &parsed.model {
                    let label = |text: &crate::model::Text| {
                        (text.value.clone(), Label::new(&parsed.source, text.span))
                    };
                    summary.id = sop.id.as_ref().map(label);
                    summary.status = Some(sop.status().to_string());
                    summary.calls = sop.calls().map(label).collect();
                    summary.references = sop.sop_references().map(label).collect();
                }
            }
            Content::Failed(failure) => summary.id = failure.id.clone(),
        }
        summary
    }
}

/// The configuration [`load`] finds for `options`: for a caller that must
/// know a limit before it has the texts to load (`sop lint -` reads
/// standard input up to the file size cap).
pub fn config(options: &Options) -> Result<Config, Error> {
    let targets: Vec<PathBuf> = options
        .paths
        .iter()
        .map(|path| paths::absolute(&options.cwd, path))
        .collect();
    find_config(options, &targets)
}

/// The configuration: `--config`, else the nearest `sop.toml` above the
/// targets, else defaults rooted at the nearest `.git` or the targets'
/// common ancestor.
fn find_config(options: &Options, targets: &[PathBuf]) -> Result<Config, Error> {
    if let Some(shown) = &options.config {
        return read_config(&paths::absolute(&options.cwd, shown), shown);
    }
    let starts = targets.iter().map(|target| {
        let is_folder = fs::symlink_metadata(target).is_ok_and(|m| m.is_dir());
        match target.parent() {
            Some(parent) if !is_folder => parent,
            _ => target.as_path(),
        }
    });
    let start = paths::common_ancestor(starts).unwrap_or_else(|| options.cwd.clone());
    if let Some(file) = start
        .ancestors()
        .map(|folder| folder.join(config::FILE_NAME))
        .find(|file| file.is_file())
    {
        return read_config(&file, &paths::display(&file, &options.cwd));
    }
    let root = start
        .ancestors()
        .find(|folder| fs::symlink_metadata(folder.join(".git")).is_ok())
        .unwrap_or(&start);
    Ok(Config::default_at(root))
}

fn read_config(path: &Path, shown: &Path) -> Result<Config, Error> {
    let text = read::read_text(path, Limits::default().file_size()).map_err(|error| {
        Error::ReadConfig {
            path: shown.to_path_buf(),
            reason: error.to_string(),
        }
    })?;
    Ok(Config::parse(path, shown, text)?)
}

/// The SOP folder: `sops` of `sop.toml`, else `<root>/sops`, else the root.
pub fn sop_folder(config: &Config) -> PathBuf {
    if let Some(folder) = &config.sops {
        return folder.clone();
    }
    let default = config.root.join("sops");
    if default.is_dir() {
        default
    } else {
        config.root.clone()
    }
}

/// The files under the targets: each once, sorted by path.
fn collect(walker: &Walker, targets: &[PathBuf]) -> Walked {
    let mut walked = Walked::default();
    for target in targets {
        let is_link = fs::symlink_metadata(target).is_ok_and(|m| m.file_type().is_symlink());
        let resolved = if is_link {
            walker.resolve(target)
        } else {
            Ok(fs::canonicalize(target).unwrap_or_else(|_| target.clone()))
        };
        match resolved {
            Ok(real) if real.is_dir() => walker.walk(target, &mut walked),
            Ok(real) => walked.files.push(Found {
                path: target.clone(),
                real,
            }),
            Err(message) => walked.problems.push(walk::Problem {
                path: target.clone(),
                message,
            }),
        }
    }
    walked.files.sort_by(|a, b| paths::order(&a.path, &b.path));
    // Each real file once, the first path to it kept, without copying paths.
    let mut seen = FxHashSet::default();
    let first: Vec<bool> = (walked.files.iter())
        .map(|found| seen.insert(found.real.as_os_str()))
        .collect();
    let mut first = first.into_iter();
    walked.files.retain(|_| first.next().unwrap_or(true));
    walked
        .problems
        .sort_by(|a, b| paths::order(&a.path, &b.path));
    walked.problems.dedup();
    walked
}

/// Whether walking the targets already walks all of `folder`.
fn covered(targets: &[PathBuf], folder: &Path) -> bool {
    let Ok(real) = fs::canonicalize(folder) else {
        return true;
    };
    targets.iter().any(|target| {
        fs::symlink_metadata(target).is_ok_and(|m| m.is_dir())
            && fs::canonicalize(target).is_ok_and(|target| real.starts_with(target))
    })
}

/// Adds the glossaries that apply to SOPs in `folders` without being given,
/// and returns the glossary of each folder, by index into `glossaries`.
fn add_glossaries<'a>(
    glossaries: &mut Vec<Document>,
    folders: impl Iterator<Item = &'a Path>,
    walker: &Walker,
    (root, cwd, overlays): (&Path, &Path, &Overlays),
    limits: &Limits,
) -> HashMap<PathBuf, usize> {
    let mut by_folder: HashMap<PathBuf, usize> = glossaries
        .iter()
        .enumerate()
        .map(|(index, document)| (document.folder.clone(), index))
        .collect();
    // Each folder once: the walk up stops at a folder already seen, whose
    // own way up was walked then (400 nested folders are 400 folders to
    // look at, not 80,000 paths).
    let mut seen: HashSet<&Path> = HashSet::new();
    let mut needed: Vec<&Path> = Vec::new();
    for folder in folders {
        for (depth, ancestor) in folder.ancestors().enumerate() {
            if depth > 0 && !ancestor.starts_with(root) || !seen.insert(ancestor) {
                break;
            }
            needed.push(ancestor);
        }
    }
    needed.sort();
    for folder in needed {
        if by_folder.contains_key(folder) {
            continue;
        }
        let Some(path) = ["glossary.yaml", "glossary.yml"]
            .into_iter()
            .map(|name| folder.join(name))
            .find(|path| fs::symlink_metadata(path).is_ok())
        else {
            continue;
        };
        let is_link = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        let real = if is_link {
            walker.resolve(&path)
        } else {
            Ok(path.clone())
        };
        // A glossary that may not be read is reported when it is linted itself.
        let Ok(real) = real else {
            continue;
        };
        let document = Document::load(&Found { path, real }, false, (cwd, overlays), limits);
        by_folder.insert(folder.to_path_buf(), glossaries.len());
        glossaries.push(document);
    }
    by_folder
}

/// Whether the file is a glossary, by its name.
pub fn is_glossary(path: &Path) -> bool {
    paths::split_file(path)
        .is_some_and(|(_, name)| name == "glossary.yaml" || name == "glossary.yml")
}

impl Document {
    /// Reads and parses one file (its overlay, if it has one).
    fn load(
        found: &Found,
        given: bool,
        (cwd, overlays): (&Path, &Overlays),
        limits: &Limits,
    ) -> Document {
        let read = overlays.read_text(found, limits.file_size());
        Document::of(found, given, cwd, read, limits)
    }

    /// Parses what reading a file gave.
    fn of(
        found: &Found,
        given: bool,
        cwd: &Path,
        read: Result<String, read::ReadError>,
        limits: &Limits,
    ) -> Document {
        let shown = paths::display(&found.path, cwd);
        let kind = if is_glossary(&found.path) {
            Kind::Glossary
        } else {
            Kind::Sop
        };
        let content = match read {
            Ok(text) => parse(SourceFile::new(shown.clone(), text), kind, limits),
            Err(read::ReadError::NotUtf8 {
                valid_up_to,
                prefix,
            }) => {
                let message = read::ReadError::NotUtf8 {
                    valid_up_to,
                    prefix: String::new(),
                }
                .to_string();
                let source = SourceFile::new(shown.clone(), prefix);
                Content::Failed(Box::new(Failure {
                    cause: Cause::NotText,
                    label: Some(Label::at(&source, valid_up_to)),
                    message,
                    help: Some("save the file as UTF-8".into()),
                    id: recovered_id(&source),
                }))
            }
            Err(error) => Content::Failed(Box::new(Failure {
                cause: Cause::NotRead,
                label: None,
                message: error.to_string(),
                help: None,
                id: None,
            })),
        };
        Document {
            path: shown,
            kind,
            given,
            content,
            folder: found
                .path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default(),
        }
    }
}

/// Parses `text` as the SOP file `path` that is not on disk (a revision
/// from git), as [`Project::read`] parses a file.
pub fn parse_sop_text(path: PathBuf, text: String, limits: &Limits) -> Content {
    parse(SourceFile::new(path, text), Kind::Sop, limits)
}

fn parse(source: SourceFile, kind: Kind, limits: &Limits) -> Content {
    let mut root = match yaml::parse(&source.text) {
        Ok(Some(root)) => root,
        Ok(None) => {
            return Content::Failed(Box::new(Failure {
                cause: Cause::Empty,
                label: Some(Label::at(&source, 0)),
                message: "the file is empty".into(),
                help: Some(match kind {
                    Kind::Sop => "an SOP needs at least `id`, `title`, `department`, `purpose` and `instructions`".into(),
                    Kind::Glossary => "a glossary is a mapping `TERM: definition`".into(),
                }),
                id: None,
            }));
        }
        Err(error) => {
            return Content::Failed(Box::new(Failure {
                cause: Cause::Syntax,
                label: Some(Label::at(&source, error.offset)),
                message: error.message,
                help: error.help,
                id: recovered_id(&source),
            }));
        }
    };
    let model = match kind {
        Kind::Glossary => {
            let terms = GlossaryTerms::read(&source, &root, limits.glossary_terms);
            // The terms are all that is used of a glossary: its tree would
            // be a second copy of them, for every glossary of the run.
            root = Node {
                value: Value::Null,
                span: root.span,
            };
            Model::Glossary(terms)
        }
        Kind::Sop => match Sop::from_node(&root) {
            Some(sop) => {
                let flow = Flow::build(&sop);
                Model::Sop { sop, flow }
            }
            None => Model::NotAMapping,
        },
    };
    Content::Parsed(Box::new(Parsed {
        source,
        root,
        model,
        fingerprint: OnceLock::new(),
    }))
}

fn recovered_id(source: &SourceFile) -> Option<(String, Label)> {
    index::recover_id(&source.text).map(|(id, span)| (id, Label::new(source, span)))
}

impl GlossaryTerms {
    pub fn contains(&self, term: &str) -> bool {
        self.get(term).is_some()
    }

    fn read(source: &SourceFile, root: &Node, limit: usize) -> GlossaryTerms {
        if !matches!(root.value, Value::Map(_)) {
            let message = format!(
                "a glossary is a mapping `TERM: definition`, but this file holds {}",
                root.type_name()
            );
            return GlossaryTerms {
                problems: vec![(Label::new(source, root.span), message)],
                ..GlossaryTerms::default()
            };
        }
        let entries = root.as_map();
        let past_limit = entries.get(limit).map(|entry| {
            let message = format!(
                "this glossary has {} terms; at most {limit} are read",
                entries.len()
            );
            (Label::new(source, entry.key_span), message)
        });
        let mut definitions = model::glossary_terms(root);
        definitions.truncate(limit);
        let mut problems: Vec<(Label, String)> = entries
            .iter()
            .take(limit)
            .filter(|entry| !matches!(entry.value.value, Value::String(..)))
            .map(|entry| {
                let message = format!("the definition of `{}` must be text", entry.key);
                (Label::new(source, entry.value.span), message)
            })
            .collect();
        if let Value::Map(map) = &root.value {
            let message = "a term must be plain text, not a list or a mapping";
            problems.extend(
                map.complex_keys
                    .iter()
                    .map(|span| (Label::new(source, *span), message.to_string())),
            );
        }
        // At most `glossary-terms` definitions, so their indexes fit.
        let mut by_key: Vec<u32> = (0..definitions.len() as u32).collect();
        by_key.sort_by(|&a, &b| {
            definitions[a as usize]
                .key
                .cmp(&definitions[b as usize].key)
        });
        GlossaryTerms {
            definitions,
            by_key,
            problems,
            past_limit,
        }
    }
}
