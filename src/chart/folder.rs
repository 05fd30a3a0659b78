//! `sop graph --out DIR`: one chart per SOP into a folder, in two passes
//! as `sop render` does. The first read names the charts; the second reads
//! each SOP again, lays it out and writes its file at once, in parallel,
//! so that no more than a chart per thread is held.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{Format, NotAnSop, Options, of, render};
use crate::project::{Content, Document, Model, Project};
use crate::publish::{self, Staging};

/// An SOP to chart, from its first read: its place in
/// [`Project::files`] and the id its chart is named by.
pub struct Planned {
    index: usize,
    path: PathBuf,
    id: String,
}

impl Planned {
    /// The chart to draw of `document`, the file `index` of the project;
    /// a document that parsed but holds no SOP with steps gets none.
    pub fn of(index: usize, document: &Document) -> Result<Planned, NotAnSop> {
        let not_an_sop = || NotAnSop(document.path.clone());
        let Content::Parsed(parsed) = &document.content else {
            return Err(not_an_sop());
        };
        let Model::Sop { sop, .. } = &parsed.model else {
            return Err(not_an_sop());
        };
        if sop.steps.is_empty() {
            return Err(not_an_sop());
        }
        let id = match &sop.id {
            Some(id) if !id.value.is_empty() => id.value.clone(),
            _ => document
                .path
                .file_stem()
                .map_or_else(|| "sop".into(), |stem| stem.to_string_lossy().into_owned()),
        };
        Ok(Planned {
            index,
            path: document.path.clone(),
            id,
        })
    }
}

/// What [`write_charts`] did.
#[derive(Debug, Default)]
pub struct Written {
    /// The chart files, one per SOP.
    pub files: Vec<PathBuf>,
    /// SOPs that got no chart, and why.
    pub problems: Vec<String>,
}

/// Writes one chart per SOP `planned` as the folder `out`, each named by
/// its id through [`crate::file_name`] (`<id>.<ext>`, or the file's name
/// for an SOP without one), replacing what `sop graph` wrote there before
/// (see [`crate::publish`]). An SOP whose id another SOP already took is
/// skipped and named in [`Written::problems`]; so is a file that parsed but
/// is not an SOP.
pub fn write_charts(
    project: &Project,
    planned: Vec<Result<Planned, NotAnSop>>,
    format: Format,
    options: &Options,
    out: &Path,
) -> Result<Written, publish::Error> {
    let mut written = Written::default();
    let mut charts: Vec<Planned> = Vec::new();
    let mut taken: HashMap<String, PathBuf> = HashMap::new();
    for planned in planned {
        let planned = match planned {
            Ok(planned) => planned,
            Err(error) => {
                written.problems.push(error.to_string());
                continue;
            }
        };
        if let Some(first) = taken.get(&planned.id) {
            written.problems.push(format!(
                "{}: the id `{}` is also used by {}; skipped (run `sop lint`)",
                planned.path.display(),
                planned.id.escape_debug(),
                first.display()
            ));
            continue;
        }
        taken.insert(planned.id.clone(), planned.path.clone());
        charts.push(planned);
    }
    let ids: Vec<&str> = charts.iter().map(|chart| chart.id.as_str()).collect();
    let names = crate::file_name::distinct(&ids, &[]);
    let options = Options {
        file_names: Arc::new(
            ids.iter()
                .map(|id| id.to_string())
                .zip(names.iter().cloned())
                .collect(),
        ),
        ..options.clone()
    };
    let staging = Staging::begin(out, &publish::CHARTS)?;
    // A chart that cannot be drawn is a problem; a file that cannot be
    // written stops the run (and the staging folder goes).
    let made: Vec<Result<PathBuf, String>> = charts
        .par_iter()
        .zip(names)
        .map(
            |(planned, name)| -> Result<Result<PathBuf, String>, publish::Error> {
                let document = project.read(&project.files[planned.index]);
                let drawn = of(&document)
                    .map_err(|error| error.to_string())
                    .and_then(|chart| {
                        render(&chart, format, &options)
                            .map_err(|error| format!("{}: {error}", planned.id.escape_debug()))
                    });
                let bytes = match drawn {
                    Ok(bytes) => bytes,
                    Err(problem) => return Ok(Err(problem)),
                };
                let file = PathBuf::from(format!("{name}.{}", format.extension()));
                staging.write(&file, &bytes)?;
                Ok(Ok(file))
            },
        )
        .collect::<Result<_, _>>()?;
    for made in made {
        match made {
            Ok(file) => written.files.push(out.join(file)),
            Err(problem) => written.problems.push(problem),
        }
    }
    staging.finish()?;
    Ok(written)
}
