//! Looking up the project's other files from one of them, for editors
//! ([`crate::navigate`]): the SOP files of the project (given or not) read
//! on demand with the project's limits and overlays, the text of a file
//! that did not parse, and a glossary's definition of a term.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::walk::Found;
use super::{Document, GlossaryTerms, Kind, paths};
use crate::model::Definition;

/// One SOP file of the project, not yet read.
#[derive(Debug, Clone, Copy)]
pub struct SopSource<'a> {
    /// The file, as shown.
    pub path: &'a Path,
    /// Its id as the index scanned it, for the files not given; `None` for
    /// a file given, whose id is known once it is read.
    pub id: Option<&'a str>,
    found: &'a Found,
}

impl super::Project {
    /// An absolute path for a path as shown.
    pub fn absolute(&self, shown: &Path) -> PathBuf {
        paths::absolute(&self.cwd, shown)
    }

    /// Every SOP file of the project: the files given, then the others of
    /// its SOP folder (their ids scanned, see [`super::index`]).
    pub fn sop_sources(&self) -> Vec<SopSource<'_>> {
        let given = self.files.iter().map(|file| SopSource {
            path: &file.path,
            id: None,
            found: &file.found,
        });
        let others = self.others.iter().filter_map(|entry| {
            Some(SopSource {
                path: &entry.path,
                id: Some(&entry.id),
                found: entry.file.as_ref()?,
            })
        });
        given.chain(others).collect()
    }

    /// Reads and parses the `sources` whose text `wanted` accepts, in
    /// parallel, as [`super::Project::read`] reads a file given: a cheap
    /// look at the text spares parsing the files that cannot matter. A
    /// file that cannot be read is left out.
    pub fn read_sources(
        &self,
        sources: &[SopSource<'_>],
        wanted: impl Fn(&str) -> bool + Sync,
    ) -> Vec<Document> {
        let limits = &self.config.limits;
        sources
            .par_iter()
            .filter_map(|source| {
                let text = self
                    .overlays
                    .read_text(source.found, limits.file_size())
                    .ok()?;
                if !wanted(&text) {
                    return None;
                }
                let shown = source.path.to_path_buf();
                let content = super::parse(
                    crate::source::SourceFile::new(shown.clone(), text),
                    Kind::Sop,
                    limits,
                );
                Some(Document {
                    path: shown,
                    kind: Kind::Sop,
                    given: false,
                    content,
                    folder: source.found.path.parent().map(Path::to_path_buf)?,
                })
            })
            .collect()
    }

    /// The text of a document given, read again (its overlay, if it has
    /// one): what a file that did not parse held, which its
    /// [`super::Failure`] does not keep.
    pub fn text_of(&self, document: &Document) -> Option<String> {
        let found = match document.kind {
            Kind::Sop => {
                &self
                    .files
                    .iter()
                    .find(|file| file.path == document.path)?
                    .found
            }
            Kind::Glossary => return None,
        };
        self.overlays
            .read_text(found, self.config.limits.file_size())
            .ok()
    }
}

impl GlossaryTerms {
    /// The definition of `term`, by its lookup table.
    pub fn get(&self, term: &str) -> Option<&Definition> {
        let at = self
            .by_key
            .binary_search_by(|&index| self.definitions[index as usize].key.as_str().cmp(term))
            .ok()?;
        Some(&self.definitions[self.by_key[at] as usize])
    }
}
