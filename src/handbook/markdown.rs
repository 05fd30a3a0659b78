//! The Markdown handbook: one `handbook.md` of every SOP, so its pages are
//! all held at once (made volume by volume in parallel, from the SOPs read
//! again); the YAML trees are not.

use std::path::Path;

use rayon::prelude::*;

use crate::limits::Limits;

use super::glossary::{self, Patterns};
use super::plan::Plan;
use super::sink::Sink;
use super::source::Source;
use super::templates::Templates;
use super::{Book, Error, Format, HandbookInfo, render_file, volume};

pub(super) fn write(
    plan: &Plan,
    source: &Source,
    handbook: &HandbookInfo,
    templates: &Templates,
    limits: &Limits,
    sink: &dyn Sink,
) -> Result<(), Error> {
    let patterns = Patterns::new(&plan.terms);
    let made: Vec<volume::Made> = plan
        .volumes
        .par_iter()
        .map(|volume| {
            volume::make(
                plan,
                volume.sops.clone(),
                source,
                limits,
                Format::Markdown,
                &patterns,
                false,
            )
        })
        .collect::<Result<_, Error>>()?;
    let mut sops = Vec::with_capacity(plan.entries.len());
    let mut used = Vec::with_capacity(plan.entries.len());
    for volume in made {
        sops.extend(volume.pages);
        used.extend(volume.used);
    }
    let links = plan.entries.iter().map(|entry| entry.link.clone());
    let book = Book {
        handbook,
        departments: &plan.departments,
        map_svg: String::new(),
        glossary: glossary::entries(&plan.terms, links.zip(used), None),
        sops,
        signoff: &plan.signoff,
    };
    let context =
        tera::Context::from_serialize(&book).map_err(|e| Error::Template(e.to_string()))?;
    render_file(
        templates,
        "handbook.md",
        &context,
        sink,
        Path::new("handbook.md"),
    )
}
