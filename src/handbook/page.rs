//! One SOP's page, made in pass 2 from the SOP read again and what the
//! plan knows across SOPs: its flowchart, steps, links and control block.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::chart::{self, Chart};
use crate::flow;
use crate::limits::Limits;
use crate::model::{self, Sop, Text};

use super::chart_fit::ChartFit;
use super::digest::Entry;
use super::plan::Plan;
use super::rich::Rich;
use super::text::{self, Anchors, slug};
use super::{
    BranchEntry, CallEntry, Format, Loaded, MetricEntry, Page, Reference, RevisionEntry, RoleEntry,
    SopLink, StepEntry, Target, TermEntry, WhatChanged, github_anchor, value,
};

/// The page of `entry` (the plan's entry `index`), read as `loaded`.
pub(super) fn page(
    loaded: &Loaded,
    plan: &Plan,
    index: usize,
    limits: &Limits,
    format: Format,
) -> Page {
    let entry: &Entry = &plan.entries[index];
    let link = &entry.link;
    let (links, retired) = (&plan.links, &plan.retired);
    let sop = loaded.sop;
    // Past a limit of charts, a note instead (`sop lint` reports it too).
    let (chart_svg, chart_mermaid, chart_note) =
        match chart::too_large(sop, loaded.flow, limits).first() {
            Some(reason) => (
                String::new(),
                String::new(),
                Some(format!("No flowchart: {reason}.")),
            ),
            None => {
                let chart = Chart::new(loaded.source, sop, loaded.flow);
                match format {
                    Format::Html => (
                        html_chart(&chart, link, &plan.file_names),
                        String::new(),
                        None,
                    ),
                    // The Markdown handbook is one file with no charts beside
                    // it: a call box there links nowhere (the step's text
                    // links to the called SOP's section).
                    Format::Markdown => {
                        let options = chart::Options {
                            link_only_named: true,
                            ..chart::Options::default()
                        };
                        (
                            String::new(),
                            chart::mermaid::render(&chart, &options),
                            None,
                        )
                    }
                }
            }
        };
    let steps = steps(sop, &link.id);
    Page {
        anchor: link.anchor.clone(),
        href: link.href.clone(),
        file: link.file.clone(),
        md_anchor: link.md_anchor.clone(),
        id: link.id.clone(),
        title: link.title.clone(),
        department: entry.department.clone(),
        department_anchor: plan.departments[plan.department_of[index]].anchor.clone(),
        // Made in pass 1, from the same text.
        control: entry.control.clone(),
        what_changed: WhatChanged::of(sop),
        purpose: Rich::block(
            sop.purpose
                .as_ref()
                .map_or("", |purpose| purpose.value.as_str()),
        ),
        scope: sop.scope.as_ref().map(|scope| Rich::block(&scope.value)),
        roles: sop
            .roles
            .iter()
            .map(|role| RoleEntry {
                key: role.key.clone(),
                description: role.text.as_ref().map(|text| Rich::inline(&text.value)),
            })
            .collect(),
        terms: sop
            .terms
            .iter()
            .map(|term| TermEntry {
                glossary_anchor: format!("term-{}", slug(&term.key)),
                term: term.key.clone(),
                definition: term.text.as_ref().map(|text| Rich::inline(&text.value)),
            })
            .collect(),
        steps,
        metrics: sop
            .metrics
            .iter()
            .map(|metric| MetricEntry {
                name: value(&metric.name).unwrap_or_default(),
                description: value(&metric.description),
                target: value(&metric.target),
            })
            .collect(),
        references: sop
            .references
            .iter()
            .map(|reference| {
                let text = reference.value.clone();
                if model::is_url(&text) {
                    let url = text::safe_url(&text);
                    Reference {
                        href: Some(url.clone()),
                        md_href: Some(url),
                        text,
                        sop: None,
                        retired: false,
                    }
                } else {
                    let sop = links.get(&text).cloned();
                    Reference {
                        href: sop.as_ref().map(|sop| sop.href.clone()),
                        md_href: sop.as_ref().map(|sop| format!("#{}", sop.md_anchor)),
                        retired: retired.contains(&text),
                        text,
                        sop,
                    }
                }
            })
            .collect(),
        revisions: sop
            .revisions
            .iter()
            .map(|revision| RevisionEntry {
                version: value(&revision.version),
                date: value(&revision.date),
                author: value(&revision.author),
                summary: value(&revision.summary),
            })
            .collect(),
        tags: sop.tags.iter().map(|tag| tag.value.clone()).collect(),
        chart_fit: ChartFit::of(&chart_svg),
        chart_svg,
        chart_mermaid,
        chart_note,
        source: loaded.source.path.display().to_string(),
    }
    .with_call_links(links, retired)
}

impl Page {
    fn with_call_links(
        mut self,
        links: &BTreeMap<String, SopLink>,
        retired: &BTreeSet<String>,
    ) -> Page {
        for step in &mut self.steps {
            if let Some(call) = &mut step.call {
                call.link = links.get(&call.id).cloned();
                call.retired = retired.contains(&call.id);
            }
        }
        self
    }
}

fn steps(sop: &Sop, sop_id: &str) -> Vec<StepEntry> {
    let ids = flow::step_ids(sop);
    // Named by step id where there is one (stable when steps move), else by number.
    let mut used = Anchors::default();
    let anchors: Vec<String> = sop
        .steps
        .iter()
        .enumerate()
        .map(|(index, step)| {
            let name = step
                .id
                .as_ref()
                .map_or_else(|| (index + 1).to_string(), |id| slug(&id.value));
            used.unique(format!("step-{name}"))
        })
        .collect();
    let anchor = |index: usize| anchors[index].clone();
    let target = |id: &Text| {
        ids.get(id.value.as_str()).map(|&index| Target {
            number: index + 1,
            anchor: anchor(index),
            md_anchor: github_anchor(&format!("{sop_id} step {}", index + 1)),
        })
    };
    sop.steps
        .iter()
        .enumerate()
        .map(|(index, step)| {
            let is_last = index + 1 == sop.steps.len();
            StepEntry {
                number: index + 1,
                anchor: anchor(index),
                md_anchor: github_anchor(&format!("{sop_id} step {}", index + 1)),
                id: step.id.as_ref().map(|id| id.value.clone()),
                kind: if step.is_decision() {
                    "decision"
                } else {
                    "action"
                },
                text: Rich::step(step.text().map_or("", |text| text.value.as_str())),
                role: value(&step.role),
                role_description: step.role.as_ref().and_then(|role| {
                    sop.roles
                        .iter()
                        .find(|r| r.key == role.value)
                        .and_then(|r| r.text.as_ref())
                        .map(|text| text.value.clone())
                }),
                details: step
                    .details
                    .iter()
                    .map(|detail| Rich::inline(&detail.value))
                    .collect(),
                call: step.call.as_ref().map(|call| CallEntry {
                    id: call.value.clone(),
                    link: None,
                    retired: false,
                }),
                next: step.next.as_ref().and_then(target),
                end: step.end,
                ends: !step.is_decision() && (step.end || (is_last && step.next.is_none())),
                branches: step
                    .branches
                    .iter()
                    .map(|branch| BranchEntry {
                        when: branch
                            .when
                            .as_ref()
                            .map_or_else(String::new, |when| when.value.clone()),
                        target: branch.goto.as_ref().and_then(target),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The SVG chart of a page. Prefixed ids: a print page holds many SOPs'
/// charts. A call box links only to a page of this handbook.
fn html_chart(
    chart: &Chart,
    link: &SopLink,
    file_names: &Arc<std::collections::HashMap<String, String>>,
) -> String {
    let options = chart::Options {
        call_href: "{id}.html".to_string(),
        id_prefix: format!("{}-", link.anchor),
        file_names: Arc::clone(file_names),
        link_only_named: true,
        ..chart::Options::default()
    };
    chart::svg::render(chart, &options)
}
