//! Writes a project of generated SOPs that lints clean: ids unique, calls
//! only to earlier SOPs (so no cycle) and from approved SOPs only to approved
//! ones, every acronym defined, approvals fingerprinted, and reviews due in
//! 2099 (the project's review interval allows it), so no day before then
//! finds an overdue one.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use rayon::prelude::*;
use sop::control::fingerprint::Fingerprint;

use super::rng::Rng;
use super::text::{self, Action, DEPARTMENTS, Department, Topic};

/// Columns that text is wrapped at, as a writer's editor would.
const WIDTH: usize = 80;

const CONFIG: &str = "\
# A generated project (examples/gen_corpus.rs). Its SOPs are due for review
# in 2099, which this interval allows, so that the corpus lints clean on any
# day a benchmark runs.
sops = \"sops\"

[review]
interval = \"80y\"
";

/// What the other SOPs need to know of one before any is written.
struct Entry {
    id: String,
    title: String,
    file: String,
    department: &'static Department,
    topic: &'static Topic,
    variant: &'static str,
    approved: bool,
    status: &'static str,
}

/// Writes `count` SOPs, their glossaries and `sop.toml` under `root`;
/// returns the bytes of SOP text written.
pub fn write(root: &Path, count: usize, seed: u64) -> io::Result<usize> {
    std::fs::create_dir_all(root)?;
    std::fs::write(root.join("sop.toml"), CONFIG)?;
    let sops = root.join("sops");
    std::fs::create_dir_all(&sops)?;
    std::fs::write(sops.join("glossary.yaml"), glossary(text::GLOSSARY))?;
    for department in DEPARTMENTS {
        let folder = sops.join(department.folder);
        std::fs::create_dir_all(&folder)?;
        std::fs::write(folder.join("glossary.yaml"), glossary(department.glossary))?;
    }
    let plan: Vec<Entry> = (0..count).map(|index| entry(seed, index)).collect();
    (0..count)
        .into_par_iter()
        .map(|index| {
            let entry = &plan[index];
            let text = sop(&plan, seed, index);
            let path = sops.join(entry.department.folder).join(&entry.file);
            std::fs::write(path, &text).map(|()| text.len())
        })
        .sum()
}

fn glossary(terms: &[(&str, &str)]) -> String {
    let mut out =
        String::from("# The acronyms of the SOPs in this folder and the folders below it.\n");
    for (term, definition) in terms {
        wrapped(&mut out, &format!("{term}: "), 2, definition);
    }
    out
}

fn entry(seed: u64, index: usize) -> Entry {
    let mut rng = Rng::new(seed, 2 * index as u64);
    let department = &DEPARTMENTS[index % DEPARTMENTS.len()];
    let topic = rng.pick(department.topics);
    let variant = rng.pick(text::VARIANTS);
    let title = format!("{} {variant}", topic.title);
    let id = format!("{}-{index:05}", department.prefix);
    let status = match rng.range(0, 99) {
        0..80 => "approved",
        80..92 => "in-review",
        _ => "draft",
    };
    Entry {
        file: format!("{id}-{}.yaml", slug(&title)),
        id,
        title,
        department,
        topic,
        variant,
        approved: status == "approved",
        status,
    }
}

fn slug(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    words.join("-")
}

/// The text of SOP `index`.
fn sop(plan: &[Entry], seed: u64, index: usize) -> String {
    let entry = &plan[index];
    let mut rng = Rng::new(seed, 2 * index as u64 + 1);
    let department = entry.department;
    let (term, definition) = entry.topic.term;
    let year = rng.range(2024, 2025);
    let (month, day) = (rng.range(1, 12), rng.range(1, 20));
    let approver = rng.pick(text::NAMES);

    let mut head = String::new();
    let _ = writeln!(head, "id: {}\ntitle: {}", entry.id, entry.title);
    let _ = writeln!(head, "department: {}", department.name);
    let (major, minor) = (rng.range(1, 4), rng.range(0, 3));
    let _ = writeln!(
        head,
        "version: \"{major}.{minor}\"\nstatus: {}",
        entry.status
    );
    let _ = writeln!(head, "owner: {}", department.owner);
    if entry.approved {
        let _ = writeln!(head, "approved_by: {approver}, {}", department.owner);
        let _ = writeln!(head, "approved_on: {year}-{month:02}-{day:02}");
    }
    let mut body = String::new();
    if entry.status != "draft" {
        let _ = writeln!(body, "effective: {year}-{month:02}-{:02}", day + 7);
    }
    let _ = writeln!(body, "review_by: 2099-{month:02}-{day:02}");
    body.push_str("purpose: >-\n");
    wrapped(&mut body, "  ", 2, entry.topic.purpose);
    body.push_str("scope: >-\n");
    let scope = format!(
        "Every contact about {} {}, from the first message to the last note on the case. \
         The {term} is recorded on the case whenever the customer can give it. \
         Contacts of other departments are **not** covered.",
        lowercase_first(entry.topic.title),
        entry.variant,
    );
    wrapped(&mut body, "  ", 2, &scope);
    let (specialist, specialist_is) = department.specialist;
    body.push_str("roles:\n");
    wrapped(
        &mut body,
        "  rep: ",
        4,
        "Representative who handles the contact",
    );
    wrapped(
        &mut body,
        "  team-leader: ",
        4,
        "Team leader on shift, available for advice and approvals",
    );
    wrapped(&mut body, &format!("  {specialist}: "), 4, specialist_is);
    body.push_str("terms:\n");
    wrapped(&mut body, &format!("  {term}: "), 4, definition);
    body.push_str("metrics:\n");
    for (name, description, target) in distinct(&mut rng, text::METRICS, 1 + (index % 3)) {
        wrapped(&mut body, "  - name: ", 4, name);
        wrapped(&mut body, "    description: ", 6, description);
        let _ = writeln!(body, "    target: \"{target}\"");
    }
    let callees = callees(plan, &mut rng, index);
    body.push_str("references:\n");
    if index > 0 && rng.chance(50) {
        let _ = writeln!(body, "  - {}", plan[rng.range(0, index - 1)].id);
    }
    let _ = writeln!(
        body,
        "  - https://intranet.harborlanebank.example/knowledge-base/{}",
        slug(entry.topic.title)
    );
    revisions(&mut body, &mut rng, (major, minor), year, month);
    let _ = writeln!(
        body,
        "tags: [{}, {}]",
        rng.pick(text::TAGS),
        department.folder
    );
    body.push_str("instructions:\n");
    steps(&mut body, &mut rng, department, specialist, &callees, plan);

    if !entry.approved {
        return head + &body;
    }
    let root = sop::yaml::parse(&(head.clone() + &body))
        .ok()
        .flatten()
        .expect("a generated SOP is one YAML mapping");
    format!(
        "{head}fingerprint: {}\n{body}",
        Fingerprint::of(&root).as_str()
    )
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `count` different items, in a random order.
fn distinct<'a, T>(rng: &mut Rng, items: &'a [T], count: usize) -> Vec<&'a T> {
    let mut order: Vec<&T> = items.iter().collect();
    for at in (1..order.len()).rev() {
        order.swap(at, rng.range(0, at));
    }
    order.truncate(count);
    order
}

/// The SOPs that SOP `index` calls: up to two earlier ones, approved if it is.
fn callees(plan: &[Entry], rng: &mut Rng, index: usize) -> Vec<usize> {
    let mut chosen = Vec::new();
    if index == 0 {
        return chosen;
    }
    for _ in 0..rng.range(0, 2) {
        let callee = rng.range(0, index - 1);
        if (plan[callee].approved || !plan[index].approved) && !chosen.contains(&callee) {
            chosen.push(callee);
        }
    }
    chosen
}

/// The change history up to `current`, oldest first, a year apart.
fn revisions(out: &mut String, rng: &mut Rng, current: (usize, usize), year: usize, month: usize) {
    let mut versions = vec![current];
    while versions.len() < 2 {
        let (major, minor) = versions[versions.len() - 1];
        match (major, minor) {
            (1, 0) => break,
            (major, 0) => versions.push((major - 1, 0)),
            (major, minor) => versions.push((major, minor - 1)),
        }
    }
    out.push_str("revisions:\n");
    for (back, (major, minor)) in versions.iter().enumerate().rev() {
        let _ = writeln!(out, "  - version: \"{major}.{minor}\"");
        let _ = writeln!(out, "    date: {}-{month:02}-01", year - back);
        let _ = writeln!(out, "    author: {}", rng.pick(text::NAMES));
        let summary = if back + 1 == versions.len() {
            "First issue."
        } else {
            rng.pick(&[
                "Reworded the steps after the quarterly QA review.",
                "Added the vulnerability check.",
                "Aligned the SLA with the new service standards.",
                "Moved the after-call work into the CRM screen.",
            ])
        };
        wrapped(out, "    summary: ", 6, summary);
    }
}

/// One step as written: its action, who does it, and where it leads.
struct Step {
    id: String,
    text: String,
    details: &'static [&'static str],
    role: &'static str,
    call: Option<String>,
    branches: Vec<(&'static str, String)>,
    next: Option<String>,
    end: bool,
}

/// 6 to 18 steps: a main line of actions with decisions on the way, each
/// decision's other answer leading to a step after the main line that ends
/// the flow, rejoins it further on, or goes back to try again.
fn steps(
    out: &mut String,
    rng: &mut Rng,
    department: &'static Department,
    specialist: &'static str,
    callees: &[usize],
    plan: &[Entry],
) {
    let total = rng.range(6, 18);
    let decisions = rng.range(1, 3.min((total - 2) / 3));
    let main = total - 2 * decisions;
    let actions: Vec<&'static Action> = text::SHARED.iter().chain(department.steps).collect();
    let pool: Vec<&'static Action> = distinct(rng, &actions, actions.len())
        .into_iter()
        .copied()
        .collect();
    let mut line: Vec<Step> = Vec::new();
    for at in 0..main {
        let action = if at == 0 {
            rng.pick(text::OPENINGS)
        } else {
            pool[(at - 1) % pool.len()]
        };
        let role = if department.steps.iter().any(|own| std::ptr::eq(own, action)) {
            specialist
        } else {
            "rep"
        };
        let mut main_step = step(
            format!("{}-{}", first_word(action.text), at + 1),
            action.text.into(),
            role,
        );
        if rng.chance(45) {
            main_step.details = action.details;
        }
        line.push(main_step);
    }
    for (slot, &callee) in callees.iter().enumerate() {
        let at = 1 + (slot * 7 + callee) % (main - 1);
        let callee = &plan[callee];
        line[at].details = &[];
        line[at].id = format!("follow-{}", at + 1);
        line[at].text = format!(
            "Carry out {} ({}) with the customer, then continue here.",
            lowercase_first(&callee.title),
            callee.id
        );
        line[at].call = Some(callee.id.clone());
    }
    line[main - 1].end = true;

    // The decisions go before main-line steps 1..main, at distinct places.
    let mut places: Vec<usize> = distinct(rng, &(1..main).collect::<Vec<_>>(), decisions)
        .into_iter()
        .copied()
        .collect();
    places.sort_unstable();
    let chosen = distinct(rng, text::DECISIONS, decisions);
    let mut asides = Vec::new();
    let mut asks = Vec::new();
    for (number, (&place, decision)) in places.iter().zip(chosen).enumerate() {
        let aside_id = format!(
            "{}-{}",
            first_word(decision.aside.text),
            main + decisions + number + 1
        );
        let mut ask = step(
            format!("decide-{}", main + number + 1),
            decision.ask.into(),
            "rep",
        );
        ask.branches = vec![
            (decision.yes, line[place].id.clone()),
            (decision.no, aside_id.clone()),
        ];
        asks.push((place, ask));
        let mut aside = step(aside_id, decision.aside.text.into(), "team-leader");
        aside.details = decision.aside.details;
        match rng.range(0, 9) {
            0..2 => aside.next = Some(line[place - 1].id.clone()),
            2..6 if place + 1 < main => {
                aside.next = Some(line[rng.range(place + 1, main - 1)].id.clone())
            }
            _ => aside.end = true,
        }
        asides.push(aside);
    }
    let mut asks = asks.into_iter().peekable();
    for (at, main_step) in line.into_iter().enumerate() {
        while let Some((_, ask)) = asks.next_if(|(place, _)| *place == at) {
            write_step(out, &ask);
        }
        write_step(out, &main_step);
    }
    for aside in &asides {
        write_step(out, aside);
    }
}

fn step(id: String, text: String, role: &'static str) -> Step {
    Step {
        id,
        text,
        details: &[],
        role,
        call: None,
        branches: Vec::new(),
        next: None,
        end: false,
    }
}

fn first_word(text: &str) -> String {
    text.split(' ')
        .next()
        .unwrap_or("step")
        .to_ascii_lowercase()
}

fn write_step(out: &mut String, step: &Step) {
    let _ = writeln!(out, "  - id: {}", step.id);
    if step.branches.is_empty() {
        wrapped(out, "    do: ", 6, &step.text);
    } else {
        wrapped(out, "    ask: ", 6, &step.text);
    }
    let _ = writeln!(out, "    role: {}", step.role);
    if let Some(callee) = &step.call {
        let _ = writeln!(out, "    call: {callee}");
    }
    if !step.details.is_empty() {
        out.push_str("    details:\n");
        for detail in step.details {
            wrapped(out, "      - ", 8, detail);
        }
    }
    if !step.branches.is_empty() {
        out.push_str("    branches:\n");
        for (when, goto) in &step.branches {
            let _ = writeln!(out, "      - when: \"{when}\"\n        goto: {goto}");
        }
    }
    if let Some(next) = &step.next {
        let _ = writeln!(out, "    next: {next}");
    }
    if step.end {
        out.push_str("    end: true\n");
    }
}

/// `prefix` and `text` as a plain scalar, continued on lines indented by
/// `indent` when it passes [`WIDTH`]. The texts are written to need no quotes.
fn wrapped(out: &mut String, prefix: &str, indent: usize, text: &str) {
    debug_assert!(!text.contains(": ") && !text.contains(" #"), "{text}");
    out.push_str(prefix);
    let mut column = prefix.len();
    for (at, word) in text.split(' ').enumerate() {
        if at > 0 && column + 1 + word.len() > WIDTH {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', indent));
            column = indent;
        } else if at > 0 {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += word.len();
    }
    out.push('\n');
}
