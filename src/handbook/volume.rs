//! Pass 2 for the SOPs of one print volume: read again, in parallel, and
//! made into pages; the documents are dropped once their pages are made.

use std::ops::Range;

use rayon::prelude::*;

use crate::chart;
use crate::limits::Limits;

use super::glossary::Patterns;
use super::page::page;
use super::plan::Plan;
use super::source::{Read, Source};
use super::{Error, Format, Loaded, Page};

/// The pages of a volume, and what the pages across volumes need of it.
pub(super) struct Made {
    pub pages: Vec<Page>,
    /// The glossary terms each SOP uses.
    pub used: Vec<Vec<usize>>,
    /// The process map of these SOPs, when asked for.
    pub map_svg: Option<String>,
}

/// Makes the pages of the plan's entries `sops`; with `map`, draws their
/// process map too (a small handbook's volume holds every SOP).
pub(super) fn make(
    plan: &Plan,
    sops: Range<usize>,
    source: &Source,
    limits: &Limits,
    format: Format,
    patterns: &Patterns,
    map: bool,
) -> Result<Made, Error> {
    let documents: Vec<Read> = sops
        .clone()
        .into_par_iter()
        .map(|index| source.read(&plan.paths[index]))
        .collect::<Result<_, _>>()?;
    let loaded: Vec<Loaded> = documents
        .iter()
        .map(|document| Loaded::of(document))
        .collect::<Result<_, _>>()?;
    let (pages, used) = loaded
        .par_iter()
        .zip(sops)
        .map(|(loaded, index)| {
            (
                page(loaded, plan, index, limits, format),
                patterns.used_by(loaded.sop),
            )
        })
        .unzip();
    let map_svg = map.then(|| process_map(plan, &loaded));
    Ok(Made {
        pages,
        used,
        map_svg,
    })
}

/// The process map of `loaded` as SVG, each SOP linking to its page as a
/// call box does; an SOP they name that is not in the handbook is a node
/// without a link.
fn process_map(plan: &Plan, loaded: &[Loaded]) -> String {
    let map = chart::map::Map::of_sops(
        loaded
            .iter()
            .map(|l| (super::value(&l.sop.id).unwrap_or_default(), l.sop)),
    );
    let options = chart::Options {
        call_href: "{id}.html".to_string(),
        id_prefix: "index-".to_string(),
        file_names: std::sync::Arc::clone(&plan.file_names),
        link_only_named: true,
        ..chart::Options::default()
    };
    chart::map::svg::render(&map, &options)
}
