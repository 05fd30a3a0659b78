//! The HTML handbook, written volume by volume: each print volume's SOPs
//! are made into pages in parallel, written with their print page and
//! search part, and dropped before the next; the pages across SOPs (index,
//! glossary, the print contents of a large handbook, sign-off sheet,
//! search index) come last, from what the volumes left.

use std::path::Path;

use rayon::prelude::*;
use serde_json::Value;

use crate::limits::Limits;

use super::glossary::{self, Patterns};
use super::plan::Plan;
use super::sink::Sink;
use super::source::Source;
use super::templates::{Templates, describe};
use super::{
    Department, Error, Format, HandbookInfo, SopLink, VOLUME_SOPS, render_file, search, volume,
};

/// What a volume leaves for the pages across SOPs.
struct Left {
    used: Vec<Vec<usize>>,
    search: Vec<serde_json::Value>,
    map_svg: Option<String>,
}

pub(super) fn write(
    plan: &Plan,
    source: &Source,
    handbook: &HandbookInfo,
    templates: &Templates,
    limits: &Limits,
    sink: &dyn Sink,
) -> Result<(), Error> {
    let large = plan.is_large();
    let mut base = tera::Context::new();
    base.insert("handbook", handbook);
    let patterns = Patterns::new(&plan.terms);
    let left: Vec<Left> = plan
        .volumes
        .par_iter()
        .map(|volume| {
            let made = volume::make(
                plan,
                volume.sops.clone(),
                source,
                limits,
                Format::Html,
                &patterns,
                !large,
            )?;
            // Each page is made a JSON value once, for its own page and
            // then for its print volume.
            let sops: Vec<Value> = made
                .pages
                .par_iter()
                .map(|page| {
                    let value =
                        tera::to_value(page).map_err(|error| Error::Template(error.to_string()))?;
                    let mut context = with(&base, "sop", value)?;
                    render_file(templates, "sop.html", &context, sink, Path::new(&page.file))?;
                    Ok(context.remove("sop").unwrap_or_default())
                })
                .collect::<Result<_, Error>>()?;
            let mut context = with(&base, "sops", Value::Array(sops))?;
            if large {
                context.insert("volume", volume);
            } else {
                context.insert("signoff", &plan.signoff);
            }
            render_file(
                templates,
                "print.html",
                &context,
                sink,
                Path::new(&volume.href),
            )?;
            if let Some(href) = &volume.contents_href {
                let links: Vec<&SopLink> = plan.entries[volume.sops.clone()]
                    .iter()
                    .map(|entry| &entry.link)
                    .collect();
                let mut context = base.clone();
                context.insert("volume", volume);
                context.insert("sops", &links);
                render_file(templates, "contents.html", &context, sink, Path::new(href))?;
            }
            let entries: Vec<serde_json::Value> = made.pages.iter().map(search::entry).collect();
            let search = if large {
                let part = search::part(&entries);
                sink.put(Path::new(&search::part_path(&volume.name)), part.as_bytes())?;
                Vec::new()
            } else {
                entries
            };
            Ok(Left {
                used: made.used,
                search,
                map_svg: made.map_svg,
            })
        })
        .collect::<Result<_, Error>>()?;

    let mut search = Vec::new();
    let mut used = Vec::with_capacity(plan.entries.len());
    let mut map_svg = String::new();
    for volume in left {
        search.extend(volume.search);
        used.extend(volume.used);
        map_svg.extend(volume.map_svg);
    }
    let index = if large {
        let parts: Vec<String> = plan
            .volumes
            .iter()
            .map(|volume| search::part_path(&volume.name))
            .collect();
        search::parts(&parts)
    } else {
        search::whole(&search)
    };
    sink.put(Path::new("search-index.js"), index.as_bytes())?;

    let links: Vec<&SopLink> = plan.entries.iter().map(|entry| &entry.link).collect();
    let glossary = glossary::entries(
        &plan.terms,
        links.iter().map(|&link| link.clone()).zip(used),
        large.then_some(VOLUME_SOPS),
    );
    let mut shared = base.clone();
    shared.insert("signoff", &plan.signoff);
    let page = |name: &str, context: &tera::Context| -> Result<(), Error> {
        render_file(templates, name, context, sink, Path::new(name))
    };
    let mut index = shared.clone();
    index.insert("map_svg", &map_svg);
    if large {
        // The volumes' contents pages list the SOPs.
        let departments: Vec<Department> = plan
            .departments
            .iter()
            .map(|department| Department {
                name: department.name.clone(),
                anchor: department.anchor.clone(),
                md_anchor: department.md_anchor.clone(),
                count: department.count,
                sops: Vec::new(),
                volumes: department.volumes.clone(),
            })
            .collect();
        index.insert("departments", &departments);
        index.insert("sops", &Vec::<()>::new());
    } else {
        index.insert("departments", &plan.departments);
        index.insert("sops", &links);
    }
    page("index.html", &index)?;
    let mut context = shared.clone();
    context.insert("glossary", &glossary);
    page("glossary.html", &context)?;
    if large {
        let mut context = shared.clone();
        context.insert("sops", &Vec::<()>::new());
        context.insert("volumes", &plan.volumes);
        page("print.html", &context)?;
    }
    if plan.signoff.is_some() {
        page("sign-off.html", &shared)?;
    }
    for (name, bytes) in &templates.assets {
        sink.put(Path::new(name), bytes)?;
    }
    Ok(())
}

/// `base` with `key` set to `value`, moved in: `Context::insert` would
/// serialize the value again, a deep copy.
fn with(base: &tera::Context, key: &str, value: Value) -> Result<tera::Context, Error> {
    let entry = [(key.to_string(), value)].into_iter().collect();
    let mut context = base.clone();
    context.extend(
        tera::Context::from_value(Value::Object(entry))
            .map_err(|error| Error::Template(describe(&error)))?,
    );
    Ok(context)
}
