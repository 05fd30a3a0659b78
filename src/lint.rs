//! `sop lint`: reads every file in parallel, runs the per-file rules, then the
//! rules that compare SOPs with each other.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Label};
use crate::discover::{self, Inputs};
use crate::flow::Flow;
use crate::model::{self, Sop, Text};
use crate::rules::{self, Rule};
use crate::source::SourceFile;
use crate::yaml::{self, ByteSpan, Node};

/// Files larger than this are not read (an SOP is a few kilobytes).
pub const MAX_FILE_SIZE: u64 = 8 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Discover(#[from] discover::Error),
}

/// What one lint run needs besides the paths.
#[derive(Debug, Clone)]
pub struct Settings {
    pub config: Config,
    /// The date `review-overdue` compares with.
    pub today: Date,
}

/// The outcome of a lint run.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    /// How many files (SOPs and glossaries) were checked.
    pub files: usize,
}

impl Report {
    pub fn count(&self, severity: crate::diagnostic::Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// What the cross-file rules need of one SOP: its id and the ids it names.
#[derive(Debug)]
pub struct SopSummary {
    pub path: PathBuf,
    pub id: Option<(String, Label)>,
    /// `call` targets and non-URL `references`, with where they stand.
    pub links: Vec<(String, Label)>,
}

/// Everything a per-SOP rule may look at.
pub struct Context<'a> {
    pub source: &'a SourceFile,
    pub sop: &'a Sop,
    pub flow: &'a Flow,
    /// Terms of the glossaries that apply to this SOP.
    pub glossary: &'a HashSet<String>,
    pub settings: &'a Settings,
}

impl Context<'_> {
    pub fn diagnostic(&self, rule: Rule, span: ByteSpan, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(rule, self.source, span, message)
    }

    /// Whether the configuration's allow list exempts this acronym.
    pub fn is_allowed_acronym(&self, word: &str) -> bool {
        self.settings
            .config
            .acronyms
            .allow
            .iter()
            .any(|allowed| allowed == word)
    }
}

/// Lints the SOPs under `paths` (files or folders).
pub fn lint(paths: &[PathBuf], settings: &Settings) -> Result<Report, Error> {
    let inputs = discover::collect(paths)?;
    let glossaries = Glossaries::load(&inputs, &settings.config);
    let results: Vec<(Vec<Diagnostic>, Option<SopSummary>)> = inputs
        .sops
        .par_iter()
        .map(|path| check_file(path, glossaries.terms_for(path), settings))
        .collect();

    let mut diagnostics = glossaries.diagnostics;
    let mut summaries = Vec::with_capacity(results.len());
    for (file_diagnostics, summary) in results {
        diagnostics.extend(file_diagnostics);
        summaries.extend(summary);
    }
    rules::duplicate_sop_id::check(&summaries, &mut diagnostics);
    rules::unknown_sop::check(&summaries, &mut diagnostics);

    let mut diagnostics = settings.config.apply_severities(diagnostics);
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Ok(Report {
        diagnostics,
        files: inputs.sops.len() + glossaries.files,
    })
}

/// Reads a file as UTF-8 text, or says why it cannot be.
fn read_source(path: &Path) -> Result<SourceFile, Box<Diagnostic>> {
    let empty = |message: String| {
        let source = SourceFile::new(path.to_path_buf(), String::new());
        Box::new(rules::yaml_syntax::unreadable(&source, None, message))
    };
    let read_error = |error: std::io::Error| empty(format!("cannot read the file: {error}"));
    let mut file = fs::File::open(path).map_err(read_error)?;
    let size = file.metadata().map_err(read_error)?.len();
    if size > MAX_FILE_SIZE {
        return Err(empty(format!(
            "the file is {size} bytes, more than the {MAX_FILE_SIZE} an SOP may have"
        )));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    std::io::Read::read_to_end(&mut file, &mut bytes).map_err(read_error)?;
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.replace_range(..3, "   ");
            }
            Ok(SourceFile::new(path.to_path_buf(), text))
        }
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&error.as_bytes()[..valid]).into_owned();
            let source = SourceFile::new(path.to_path_buf(), prefix);
            Err(Box::new(
                rules::yaml_syntax::unreadable(
                    &source,
                    Some(valid),
                    format!("the file is not UTF-8 text (byte {valid} is not valid UTF-8)"),
                )
                .with_help("save the file as UTF-8"),
            ))
        }
    }
}

/// Reads and parses a file: the source and its root node, or the findings that stop it.
fn parse_file(path: &Path) -> Result<(SourceFile, Node), Vec<Diagnostic>> {
    let source = read_source(path).map_err(|diagnostic| vec![*diagnostic])?;
    match yaml::parse(&source.text) {
        Ok(Some(root)) => Ok((source, root)),
        Ok(None) => Err(vec![rules::schema::empty(&source)]),
        Err(error) => Err(vec![rules::yaml_syntax::check(&source, &error)]),
    }
}

/// Runs every per-file rule on one SOP file.
fn check_file(
    path: &Path,
    glossary: &HashSet<String>,
    settings: &Settings,
) -> (Vec<Diagnostic>, Option<SopSummary>) {
    let (source, root) = match parse_file(path) {
        Ok(parsed) => parsed,
        Err(diagnostics) => return (diagnostics, None),
    };
    let mut diagnostics = rules::schema::check(&source, &root);
    diagnostics.extend(rules::missing_purpose::check(&source, &root));
    let Some(sop) = Sop::from_node(&root) else {
        return (diagnostics, None);
    };
    let flow = Flow::build(&sop);
    let context = Context {
        source: &source,
        sop: &sop,
        flow: &flow,
        glossary,
        settings,
    };
    for check in PER_SOP_RULES {
        check(&context, &mut diagnostics);
    }
    let label = |text: &Text| (text.value.clone(), Label::new(&source, text.span));
    let calls = sop.steps.iter().filter_map(|step| step.call.as_ref());
    let references = sop
        .references
        .iter()
        .filter(|reference| !is_url(&reference.value));
    let summary = SopSummary {
        path: path.to_path_buf(),
        id: sop.id.as_ref().map(label),
        links: calls.chain(references).map(label).collect(),
    };
    (diagnostics, Some(summary))
}

type Check = fn(&Context, &mut Vec<Diagnostic>);

/// The rules that look at one SOP at a time, in rule-table order.
const PER_SOP_RULES: &[Check] = &[
    rules::duplicate_step_id::check,
    rules::unknown_step::check,
    rules::decision_branches::check,
    rules::unreachable_step::check,
    rules::no_exit::check,
    rules::undefined_acronym::check,
    rules::unused_term::check,
    rules::unknown_role::check,
    rules::review_overdue::check,
    rules::metric_without_target::check,
];

/// Whether a `references` entry is a URL rather than an SOP id.
pub fn is_url(reference: &str) -> bool {
    reference.starts_with("http://") || reference.starts_with("https://")
}

/// The glossary files that apply to the SOPs being linted.
struct Glossaries {
    /// Terms defined for SOPs in each folder (own and inherited), by folder.
    by_folder: HashMap<PathBuf, Arc<HashSet<String>>>,
    diagnostics: Vec<Diagnostic>,
    files: usize,
    none: HashSet<String>,
}

impl Glossaries {
    /// Loads the glossaries of every folder holding an SOP and of its parent
    /// folders up to the project root (the folder of `sop.toml`, or the
    /// current directory), plus any glossary among the given paths.
    fn load(inputs: &Inputs, config: &Config) -> Glossaries {
        let root = config
            .root
            .canonicalize()
            .unwrap_or_else(|_| config.root.clone());
        let folders = sop_folders(inputs);
        let glossary_files = applicable_glossaries(inputs, &folders, &root);

        let mut diagnostics = Vec::new();
        let mut own_terms: HashMap<PathBuf, HashSet<String>> = HashMap::new();
        for (folder, path) in &glossary_files {
            let (terms, file_diagnostics) = read_glossary(path);
            diagnostics.extend(file_diagnostics);
            own_terms.insert(folder.clone(), terms);
        }

        let by_folder = folders
            .iter()
            .map(|(folder, canonical)| {
                let terms: HashSet<String> = ancestors_within(folder, canonical, &root)
                    .iter()
                    .filter_map(|(_, real)| own_terms.get(real))
                    .flatten()
                    .cloned()
                    .collect();
                (folder.clone(), Arc::new(terms))
            })
            .collect();
        Glossaries {
            by_folder,
            diagnostics,
            files: glossary_files.len(),
            none: HashSet::new(),
        }
    }

    fn terms_for(&self, sop: &Path) -> &HashSet<String> {
        sop.parent()
            .and_then(|folder| self.by_folder.get(folder))
            .map_or(&self.none, |terms| terms.as_ref())
    }
}

/// The folders holding SOPs, as (path as given, canonical path).
fn sop_folders(inputs: &Inputs) -> BTreeMap<PathBuf, PathBuf> {
    inputs
        .sops
        .iter()
        .filter_map(|path| {
            let folder = path.parent()?.to_path_buf();
            let canonical = folder.canonicalize().ok()?;
            Some((folder, canonical))
        })
        .collect()
}

/// The glossary files that apply to the given SOPs, by canonical folder:
/// those among the inputs and those in an SOP's folder or a parent folder up
/// to `root`.
fn applicable_glossaries(
    inputs: &Inputs,
    folders: &BTreeMap<PathBuf, PathBuf>,
    root: &Path,
) -> BTreeMap<PathBuf, PathBuf> {
    let mut glossary_files: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    for path in &inputs.glossaries {
        if let Some(canonical) = path.parent().and_then(|folder| folder.canonicalize().ok()) {
            glossary_files.insert(canonical, path.clone());
        }
    }
    for (folder, canonical) in folders {
        for (shown, real) in ancestors_within(folder, canonical, root) {
            if glossary_files.contains_key(&real) {
                continue;
            }
            if let Some(file) = discover::glossary_in(&shown) {
                glossary_files.insert(real, file);
            }
        }
    }
    glossary_files
}

/// The glossary files that apply to the SOPs of `inputs`, for handbooks.
pub fn glossary_files(inputs: &Inputs, config: &Config) -> Vec<PathBuf> {
    let root = config
        .root
        .canonicalize()
        .unwrap_or_else(|_| config.root.clone());
    applicable_glossaries(inputs, &sop_folders(inputs), &root)
        .into_values()
        .collect()
}

/// A folder and its parents while they stay inside `root` (just the folder
/// when it is outside), as (path to show, canonical path).
fn ancestors_within(folder: &Path, canonical: &Path, root: &Path) -> Vec<(PathBuf, PathBuf)> {
    if !canonical.starts_with(root) {
        return vec![(folder.to_path_buf(), canonical.to_path_buf())];
    }
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|cwd| cwd.canonicalize().ok());
    canonical
        .ancestors()
        .take_while(|real| real.starts_with(root))
        .map(|real| {
            let shown = cwd
                .as_deref()
                .and_then(|cwd| real.strip_prefix(cwd).ok())
                .map_or_else(|| real.to_path_buf(), Path::to_path_buf);
            (shown, real.to_path_buf())
        })
        .collect()
}

/// Reads a glossary file: its terms, and findings if it is not a `TERM: definition` map.
fn read_glossary(path: &Path) -> (HashSet<String>, Vec<Diagnostic>) {
    let (source, root) = match parse_file(path) {
        Ok(parsed) => parsed,
        Err(diagnostics) => return (HashSet::new(), diagnostics),
    };
    let mut diagnostics = Vec::new();
    if !matches!(root.value, yaml::Value::Map(_)) {
        diagnostics.push(Diagnostic::at(
            Rule::Schema,
            &source,
            root.span,
            format!(
                "a glossary is a mapping `TERM: definition`, but this file holds {}",
                root.type_name()
            ),
        ));
        return (HashSet::new(), diagnostics);
    }
    let terms = model::glossary_terms(&root);
    for term in &terms {
        if term.text.is_none() {
            let value = root.get(&term.key).map_or(term.key_span, |node| node.span);
            diagnostics.push(Diagnostic::at(
                Rule::Schema,
                &source,
                value,
                format!("the definition of `{}` must be text", term.key),
            ));
        }
    }
    (
        terms.into_iter().map(|term| term.key).collect(),
        diagnostics,
    )
}
