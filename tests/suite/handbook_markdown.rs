//! SOP text in the handbooks is text: it keeps its paragraphs, emphasis,
//! code spans, lists, quotes and safe links, but cannot add or end a
//! heading, a code block (a Mermaid chart), a table or HTML of the Markdown
//! handbook, nor keep a link to another scheme in either handbook; and text
//! built to be slow renders as plain text. Each test writes its project to
//! a temporary folder and reads what `sop render` makes of it as a reader
//! would: the Markdown with pulldown-cmark, the HTML with scraper.

use std::collections::BTreeMap;
use std::process::Command;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd, TextMergeStream};
use scraper::{Html, Selector};
use sop::handbook::{self, Filters, Format, Settings, templates::Templates};

use crate::common;
use common::TempProject;

/// An SOP with every kind of text field; `{name}` is filled in by [`sop`].
const SOP: &str = r#"id: X-1
title: {title}
department: {department}
status: approved
owner: {owner}
approved_by: {approver}
approved_on: 2026-01-02
fingerprint: sha256:0000000000000000000000000000000000000000000000000000000000000000
purpose: {purpose}
scope: {scope}
roles:
  rep: {role}
terms:
  {term_key}: {term}
metrics:
  - name: {metric}
    target: {target}
    description: {measure}
references:
  - {reference}
  - https://example.org/guide
revisions:
  - version: "1.0"
    date: 2026-01-01
    author: {author}
    summary: {summary}
instructions:
  - id: greet
    do: {step}
    role: rep
    details:
      - {detail}
      - {detail2}
  - id: decide
    ask: {ask}
    branches:
      - when: {when}
        goto: greet
      - when: "no"
        goto: done
  - id: done
    do: {done}
"#;

/// Plain text in every field.
const PLAIN: &[(&str, &str)] = &[
    ("title", "Greeting a caller"),
    ("department", "Front desk"),
    ("owner", "Team lead"),
    ("approver", "Dana Reyes, Head of Customer Service"),
    ("purpose", "Answer every call."),
    ("scope", "Inbound calls."),
    ("role", "Representative"),
    ("term_key", "IVR"),
    ("term", "Interactive voice response"),
    ("metric", "Answer time"),
    ("target", "20 seconds"),
    ("measure", "From the first ring"),
    ("reference", "CS-001"),
    ("author", "A. Writer"),
    ("summary", "First issue."),
    ("step", "Greet the caller."),
    ("detail", "Smile."),
    ("detail2", "Use their name."),
    ("ask", "Is the caller known?"),
    ("when", "yes"),
    ("done", "Close the call."),
];

/// Text built to take the Markdown handbook over, in the same fields.
const HOSTILE: &[(&str, &str)] = &[
    ("title", "Greeting ## Glossary\n```mermaid `x` | y <b>"),
    ("department", "Front desk\n\n## Glossary"),
    ("owner", "[owner](javascript:alert(1))"),
    (
        "approver",
        "Dana\n\n## Glossary\n> [who](javascript:alert(12)) | `x` <b>",
    ),
    (
        "purpose",
        "Answer *every* call. [click here](javascript:alert(1)) [tab](jav&#x09;ascript:alert(2)) \
         [case](JaVaScRiPt:alert(3)) [space]( javascript:alert(4)) ![pixel](data:image/png;base64,AAAA) \
         [vb](vbscript:msgbox) [file](file:///etc/passwd) <script>alert(5)</script>\n\n\
         ```mermaid\n%%{init: {\"securityLevel\": \"loose\"}}%%\nflowchart TD\n  A --> B\n  \
         click A href \"javascript:alert(6)\"\n```\n\n\
         | a | b |\n| --- | --- |\n| 1 | 2 |\n\n\
         <div onclick=\"alert(7)\">\n\n## Glossary\n\n</div>\n\n---\n\n\
         [ref]: javascript:alert(8)\n\nSee [ref].",
    ),
    (
        "scope",
        "Inbound calls, and a fence that is never closed:\n\n```\n\n## Glossary\n\n- **fake:** entry",
    ),
    ("role", "Representative\n\n## Roles\n\n> quoted"),
    ("term_key", "IVR | x"),
    (
        "term",
        "Voice | menu\n\n# Heading in a term\n\n    indented code",
    ),
    ("metric", "Answer | time\n## x"),
    ("target", "|"),
    ("measure", "```\nnot code"),
    ("reference", "[x](javascript:alert(9))"),
    ("author", "<img src=x onerror=alert(10)>"),
    ("summary", "a | b\n\n```mermaid\nclick"),
    (
        "step",
        "Greet the caller.\n\n## Glossary\n\n- **Fake:** entry\n\n~~~\nfence\n~~~",
    ),
    ("detail", "#### Heading in a detail"),
    (
        "detail2",
        "[x](vbscript:msgbox(1)), <https://ok.example/> and <javascript:alert(11)>",
    ),
    ("ask", "Is the caller known?\n==="),
    ("when", "yes\n## Glossary"),
    (
        "done",
        "Close the call: `` ` `` and ```` ``` ```` and *a **b***, for $x$ and $$y$$.",
    ),
];

/// The SOP file with `fields`, each written as a YAML string.
fn sop(fields: &[(&str, &str)]) -> String {
    fields.iter().fold(SOP.to_string(), |yaml, (name, text)| {
        yaml.replace(
            &format!("{{{name}}}"),
            &serde_json::to_string(text).unwrap(),
        )
    })
}

/// A project with one SOP file.
fn project(sop_file: &str) -> TempProject {
    let project = TempProject::new("");
    project.write("sops/X-1.yaml", sop_file);
    project
}

/// The handbook of a project, rendered by the library: file name to text.
fn render(project: &TempProject, format: Format) -> BTreeMap<String, String> {
    let loaded = common::load_from(&project.root, &["sops"]);
    let documents = loaded.read_all(|document| document);
    let settings = Settings {
        format,
        filters: Filters::default(),
        title: "Handbook".to_string(),
        generated: "2026-11-22".to_string(),
    };
    let rendered = handbook::render(
        &loaded,
        &documents,
        &settings,
        &Templates::load(None).unwrap(),
    )
    .unwrap();
    common::text_files(rendered)
}

/// The same, rendered by `sop render` into `out`.
fn render_cli(project: &TempProject, format: &str) -> BTreeMap<String, String> {
    let out = project.path(&format!("out-{format}"));
    let output = Command::new(env!("CARGO_BIN_EXE_sop"))
        .current_dir(&project.root)
        .args([
            "render",
            "sops",
            "--format",
            format,
            "--today",
            "2026-11-22",
        ])
        .arg("--out")
        .arg(&out)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    common::files_in(&out)
}

/// What a reader of the Markdown handbook sees as its structure.
#[derive(Debug, Default)]
struct Structure {
    /// Every heading: its level and text.
    headings: Vec<(usize, String)>,
    /// Every code block: its info string (`indented` for an indented one).
    code_blocks: Vec<String>,
    /// The text of each Mermaid block.
    mermaid: Vec<String>,
    /// Every table, as the text of its cells, row by row.
    tables: Vec<Vec<Vec<String>>>,
    /// Every link target and image source.
    links: Vec<String>,
    images: usize,
    /// Raw HTML, inline or as a block, and math (GitHub draws `$x$`).
    html: Vec<String>,
    /// The text outside headings, code and tables.
    text: String,
}

/// How a reader with GitHub's extensions reads the Markdown files of a
/// handbook, in file order.
fn structure(files: &BTreeMap<String, String>) -> Structure {
    let mut structure = Structure::default();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM;
    for markdown in files
        .iter()
        .filter(|(name, _)| name.ends_with(".md"))
        .map(|(_, markdown)| markdown)
    {
        let mut heading: Option<(usize, String)> = None;
        let mut code: Option<String> = None;
        let mut row: Option<Vec<String>> = None;
        for event in TextMergeStream::new(Parser::new_ext(markdown, options)) {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    heading = Some((level as usize, String::new()));
                }
                Event::End(TagEnd::Heading(_)) => {
                    structure.headings.extend(heading.take());
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    structure.code_blocks.push(match kind {
                        CodeBlockKind::Fenced(info) => info.to_string(),
                        CodeBlockKind::Indented => "indented".to_string(),
                    });
                    code = Some(String::new());
                }
                Event::End(TagEnd::CodeBlock) => {
                    let text = code.take().unwrap_or_default();
                    if structure
                        .code_blocks
                        .last()
                        .is_some_and(|info| info == "mermaid")
                    {
                        structure.mermaid.push(text);
                    }
                }
                Event::Start(Tag::Table(_)) => structure.tables.push(Vec::new()),
                Event::Start(Tag::TableHead | Tag::TableRow) => row = Some(Vec::new()),
                Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                    let row = row.take().unwrap_or_default();
                    structure.tables.last_mut().unwrap().push(row);
                }
                Event::Start(Tag::TableCell) => row.as_mut().unwrap().push(String::new()),
                Event::Start(Tag::Link { dest_url, .. }) => {
                    structure.links.push(dest_url.to_string());
                }
                Event::Start(Tag::Image { dest_url, .. }) => {
                    structure.images += 1;
                    structure.links.push(dest_url.to_string());
                }
                Event::Html(html)
                | Event::InlineHtml(html)
                | Event::InlineMath(html)
                | Event::DisplayMath(html) => {
                    structure.html.push(html.to_string());
                }
                Event::Text(text) | Event::Code(text) => {
                    if let Some((_, heading)) = &mut heading {
                        heading.push_str(&text);
                    } else if let Some(code) = &mut code {
                        code.push_str(&text);
                    } else if let Some(cell) = row.as_mut().and_then(|row| row.last_mut()) {
                        cell.push_str(&text);
                    } else {
                        structure.text.push_str(&text);
                        structure.text.push(' ');
                    }
                }
                _ => {}
            }
        }
    }
    structure
}

/// `text` with runs of whitespace as single spaces, as the handbook puts
/// plain text on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn field<'a>(fields: &[(&str, &'a str)], name: &str) -> &'a str {
    fields.iter().find(|(n, _)| *n == name).unwrap().1
}

/// Whether a browser would follow `url` only to a web page, a mail or
/// another place of the handbook.
fn is_safe_target(url: &str) -> bool {
    let url = url.trim().to_ascii_lowercase();
    let scheme = url.split_once(':').map(|(scheme, _)| scheme);
    match scheme {
        Some(scheme) if !scheme.contains(['/', '?', '#']) => {
            ["http", "https", "mailto"].contains(&scheme)
        }
        _ => true,
    }
}

/// The Markdown handbook of the hostile SOP has exactly the structure of
/// the plain one: the same headings (with the title and department as
/// text), the one Mermaid chart `sop` draws, the same tables with the
/// hostile text in their cells, no HTML, and links only to safe targets.
fn assert_same_structure(plain: &Structure, hostile: &Structure) {
    let heading_text = |text: &str| {
        text.replace(field(PLAIN, "title"), &one_line(field(HOSTILE, "title")))
            .replace(
                field(PLAIN, "department"),
                &one_line(field(HOSTILE, "department")),
            )
    };
    let expected: Vec<(usize, String)> = plain
        .headings
        .iter()
        .map(|(level, text)| (*level, heading_text(text)))
        .collect();
    assert_eq!(hostile.headings, expected);
    assert_eq!(plain.code_blocks, ["mermaid"]);
    assert_eq!(hostile.code_blocks, plain.code_blocks);
    for chart in &hostile.mermaid {
        assert!(
            chart.starts_with("%% X-1 — ")
                && !chart.contains("%%{")
                && chart.lines().all(|line| !line.trim().starts_with("click")),
            "only the chart sop draws: {chart}"
        );
    }
    let shape = |tables: &Vec<Vec<Vec<String>>>| -> Vec<Vec<usize>> {
        tables
            .iter()
            .map(|rows| rows.iter().map(Vec::len).collect())
            .collect()
    };
    assert_eq!(shape(&hostile.tables), shape(&plain.tables));
    assert_eq!(
        hostile.tables[0][1],
        [
            one_line(field(HOSTILE, "metric")),
            one_line(field(HOSTILE, "target")),
            one_line(field(HOSTILE, "measure")),
        ]
    );
    assert_eq!(hostile.tables[1][1][3], one_line(field(HOSTILE, "summary")));
    assert_eq!(hostile.html, Vec::<String>::new());
    assert_eq!(hostile.images, 0);
    for link in &hostile.links {
        assert!(is_safe_target(link), "unsafe link target {link}");
    }
    assert!(hostile.links.contains(&"https://ok.example/".to_string()));
    // A dropped link keeps its text; text that looked like structure is there as typed.
    for text in [
        "click here",
        "pixel",
        "## Glossary",
        "```mermaid",
        "click A href \"javascript:alert(6)\"",
        "| 1 | 2 |",
        "<div onclick=\"alert(7)\">",
        "# Heading in a term",
        "#### Heading in a detail",
        "~~~",
        "Is the caller known?",
        "===",
        "See ref.",
        "for $x$ and $$y$$.",
        "and javascript:alert(11)",
    ] {
        assert!(
            hostile.text.contains(text),
            "{text:?} not in {}",
            hostile.text
        );
    }
    // The approver stands as typed in the control block and the notice.
    let approver = one_line(field(HOSTILE, "approver"));
    assert!(
        hostile
            .text
            .matches(&format!("approved by {approver} on"))
            .count()
            == 1
            && hostile.text.matches(&approver).count() == 3,
        "{approver:?} not as typed in {}",
        hostile.text
    );
}

/// The page of the SOP in an HTML handbook, whatever its file name.
fn sop_page(files: &BTreeMap<String, String>) -> Html {
    files
        .iter()
        .filter(|(name, _)| name.ends_with(".html"))
        .map(|(_, content)| Html::parse_document(content))
        .find(|page| {
            page.select(&Selector::parse("article.sop-page").unwrap())
                .next()
                .is_some()
        })
        .expect("a page of the SOP")
}

/// Each page of the HTML handbook: no link or source but to a safe target,
/// no image, and on the SOP's page only the headings, tables and no code
/// block but those of the template.
fn assert_safe_html(files: &BTreeMap<String, String>) {
    let select = |page: &Html, selector: &str| -> Vec<String> {
        page.select(&Selector::parse(selector).unwrap())
            .map(|element| one_line(&element.text().collect::<String>()))
            .collect()
    };
    for (name, content) in files.iter().filter(|(name, _)| name.ends_with(".html")) {
        let page = Html::parse_document(content);
        for element in page.select(&Selector::parse("*").unwrap()) {
            for (attribute, value) in element.value().attrs() {
                if ["href", "src", "action", "formaction", "xlink:href"].contains(&attribute) {
                    let value: String = value.chars().filter(|c| !c.is_whitespace()).collect();
                    assert!(is_safe_target(&value), "{name}: {attribute}={value}");
                }
            }
        }
        assert!(
            select(&page, "img, iframe, object, embed").is_empty(),
            "{name}"
        );
    }
    let page = sop_page(files);
    assert_eq!(
        select(&page, "h1, h2, h3, h4, h5, h6"),
        [
            one_line(field(HOSTILE, "title")).as_str(),
            "Document control",
            "Purpose",
            "Scope",
            "Flowchart",
            "Roles",
            "Terms",
            "Instructions",
            "Metrics",
            "References",
            "Revision history"
        ]
    );
    assert_eq!(select(&page, "table").len(), 2);
    assert!(select(&page, "pre, hr").is_empty());
    let purpose = select(&page, ".sop-section")[0].clone();
    assert!(
        purpose.contains("click here") && purpose.contains("## Glossary"),
        "{purpose}"
    );
}

#[test]
fn sop_text_cannot_change_the_markdown_handbook() {
    let plain = structure(&render(&project(&sop(PLAIN)), Format::Markdown));
    let hostile = structure(&render(&project(&sop(HOSTILE)), Format::Markdown));
    assert_same_structure(&plain, &hostile);
}

#[test]
fn sop_text_keeps_its_formatting_in_the_markdown_handbook() {
    let fields: Vec<(&str, &str)> = PLAIN
        .iter()
        .map(|&(name, text)| match name {
            "purpose" => (
                name,
                "Answer **every** call *quickly*, ~~never~~ `later`:\n\n- greet\n- listen\n\n> Be kind.\n\nSee [the guide](https://example.org/guide \"Guide\").",
            ),
            "step" => (name, "Greet the caller:\n\n1. name\n2. bank"),
            _ => (name, text),
        })
        .collect();
    let markdown: String = render(&project(&sop(&fields)), Format::Markdown)
        .into_values()
        .collect();
    for kept in [
        "**Purpose:** Answer **every** call *quickly*, ~~never~~ `later`:\n\n- greet\n- listen\n\n> Be kind.\n\nSee [the guide](<https://example.org/guide>).\n",
        "Greet the caller:\n\n1. name\n2. bank *(rep)*\n",
    ] {
        assert!(markdown.contains(kept), "{kept:?} not in {markdown}");
    }
}

#[test]
fn the_html_handbook_has_only_safe_links_and_its_own_headings() {
    assert_safe_html(&render(&project(&sop(HOSTILE)), Format::Html));
}

/// The same through the binary, as CI runs it.
#[test]
fn sop_render_keeps_both_handbooks_safe() {
    let plain = structure(&render_cli(&project(&sop(PLAIN)), "markdown"));
    let hostile_project = project(&sop(HOSTILE));
    let hostile = structure(&render_cli(&hostile_project, "markdown"));
    assert_same_structure(&plain, &hostile);
    assert_safe_html(&render_cli(&hostile_project, "html"));
}

/// Text nested past the limit renders quickly, as the plain text it is.
#[test]
fn deeply_nested_text_is_rendered_as_plain_text() {
    let plain = structure(&render(&project(&sop(PLAIN)), Format::Markdown));
    for purpose in [">".repeat(100_000), format!("{}x", "- ".repeat(100_000))] {
        let fields: Vec<(&str, &str)> = PLAIN
            .iter()
            .map(|&(name, text)| (name, if name == "purpose" { &purpose } else { text }))
            .collect();
        let project = project(&sop(&fields));
        let markdown = structure(&render(&project, Format::Markdown));
        assert!(
            markdown.text.contains(purpose.trim_end()),
            "the purpose is plain text in Markdown"
        );
        assert_eq!(markdown.headings, plain.headings);
        let html = render(&project, Format::Html);
        let page = sop_page(&html);
        let purpose_text: String = page
            .select(&Selector::parse(".sop-section p").unwrap())
            .next()
            .unwrap()
            .text()
            .collect();
        assert_eq!(purpose_text, purpose, "the purpose is plain text in HTML");
    }
}
