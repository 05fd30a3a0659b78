//! `sop new`: a new SOP from a template, in the project's SOP folder. The
//! file is named as the samples are (`<id>-<title slug>.yaml`), starts with
//! the `# yaml-language-server: $schema=` line that editors read, and leaves
//! blank exactly what the writer must still write (the purpose and the
//! first step), so that `sop lint` lists what is left.

use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use super::{Error, SCHEMA_FILE, schema_url, write_new};
use crate::control::scalar::to_yaml;
use crate::file_name;
use crate::handbook::text::slug;
use crate::project::{self, Project};
use crate::yaml;

/// The built-in template (tera), overridable with a file of the same form.
pub const TEMPLATE: &str = include_str!("../../templates/scaffold/new.yaml");

/// The longest title slug in a file name, in bytes: the name stays short
/// enough to read in a listing, and under [`file_name::MAX_LEN`].
const SLUG_LEN: usize = 60;

/// What the writer gives on the command line.
#[derive(Debug, Clone)]
pub struct NewSop {
    pub id: String,
    pub title: String,
    pub department: String,
    pub roles: Vec<Role>,
}

/// A role: `KEY`, or `KEY=DESCRIPTION`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub key: String,
    pub description: Option<String>,
}

impl std::str::FromStr for Role {
    type Err = String;

    fn from_str(text: &str) -> Result<Role, String> {
        let (key, description) = match text.split_once('=') {
            Some((key, description)) => (key, Some(description.trim().to_string())),
            None => (text, None),
        };
        let key = key.trim();
        if key.is_empty() {
            return Err(format!(
                "`{text}` has no role key: write KEY or KEY=DESCRIPTION, e.g. rep=Customer service representative"
            ));
        }
        Ok(Role {
            key: key.to_string(),
            description: description.filter(|d| !d.is_empty()),
        })
    }
}

/// A new SOP ready to be written.
#[derive(Debug)]
pub struct Planned {
    /// Where it goes, absolute.
    pub path: PathBuf,
    pub text: String,
}

/// The template's context: every value already a YAML scalar that reads
/// back as what the writer typed.
#[derive(Serialize)]
struct Context {
    schema: String,
    id: String,
    title: String,
    department: String,
    roles: Vec<RoleContext>,
}

#[derive(Serialize)]
struct RoleContext {
    key: String,
    description: Option<String>,
}

/// Plans the new SOP `sop` in `folder` (absolute; default the project's
/// SOP folder), from `template` (its path as shown, and its text) or the
/// built-in one. Refuses what would not be an SOP of the project: an id
/// the format does not allow or that an SOP of the project has already, a
/// blank title or department, a folder outside the SOP folder.
pub fn plan(
    project: &Project,
    folder: Option<&Path>,
    sop: &NewSop,
    template: Option<(&Path, &str)>,
) -> Result<Planned, Error> {
    check(sop)?;
    let sop_folder = project::sop_folder(&project.config);
    let folder = folder.map_or_else(|| sop_folder.clone(), Path::to_path_buf);
    if !folder.starts_with(&sop_folder) {
        return Err(Error::Invalid(format!(
            "{} is not in the SOP folder {}: `sop lint` would not see the new SOP there (`sops = \"...\"` in sop.toml sets the folder)",
            project.shown(&folder).display(),
            project.shown(&sop_folder).display()
        )));
    }
    if let Some(used_by) = file_with_id(project, &sop.id) {
        return Err(Error::Invalid(format!(
            "the id {} is taken: {} has it (ids that differ only in case count as one)",
            sop.id,
            used_by.display()
        )));
    }
    let path = folder.join(format!("{}.yaml", name(sop)));
    let schema_file = project.root.join(SCHEMA_FILE);
    let schema = if schema_file.is_file() {
        relative(&folder, &schema_file)
    } else {
        schema_url()
    };
    let (shown, template) = match template {
        Some((path, text)) => (path.display().to_string(), text),
        None => ("the built-in template".to_string(), TEMPLATE),
    };
    let text = render(template, &context(sop, schema)).map_err(|message| Error::Template {
        path: shown.clone(),
        message,
    })?;
    reads_back(&text, sop).map_err(|message| Error::Template {
        path: shown,
        message,
    })?;
    Ok(Planned { path, text })
}

/// Writes a planned SOP; a file already there is not replaced.
pub fn write(project: &Project, planned: &Planned) -> Result<(), Error> {
    let files = [(planned.path.clone(), planned.text.clone())];
    write_new(
        &files,
        false,
        |path| project.shown(path),
        " (choose another --title or --dir)",
    )
}

fn check(sop: &NewSop) -> Result<(), Error> {
    let mut chars = sop.id.chars();
    let valid_id = chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    if !valid_id {
        return Err(Error::Invalid(format!(
            "`{}` is not a valid SOP id: a letter or digit, then letters, digits, `.`, `_` or `-` (e.g. CS-2400)",
            sop.id
        )));
    }
    for (flag, value) in [("--title", &sop.title), ("--department", &sop.department)] {
        if value.trim().is_empty() {
            return Err(Error::Invalid(format!(
                "{flag} is blank: the format requires it"
            )));
        }
    }
    let mut keys: Vec<&str> = sop.roles.iter().map(|role| role.key.as_str()).collect();
    keys.sort_unstable();
    if let Some(pair) = keys.windows(2).find(|pair| pair[0] == pair[1]) {
        return Err(Error::Invalid(format!(
            "--role {} is given twice: a role key is written once",
            pair[0]
        )));
    }
    Ok(())
}

/// The file of the project's SOP whose id is `id`, ignoring case, as
/// `duplicate-sop-id` compares them: among the files given (read) and the
/// other SOPs of the SOP folder (scanned for their id).
fn file_with_id(project: &Project, id: &str) -> Option<PathBuf> {
    let wanted = id.to_lowercase();
    let given = project.read_all(|document| document.summary());
    let given = given
        .into_iter()
        .filter_map(|summary| summary.id.map(|(id, _)| (id, summary.path)));
    let others = project
        .others
        .iter()
        .map(|entry| (entry.id.clone(), entry.path.clone()));
    given
        .chain(others)
        .find(|(found, _)| found.to_lowercase() == wanted)
        .map(|(_, path)| path)
}

/// The file name without extension: the id, then the title's slug, made
/// safe as handbook pages are.
fn name(sop: &NewSop) -> String {
    let mut name = sop.id.clone();
    if sop.title.chars().any(char::is_alphanumeric) {
        let mut slug = slug(&sop.title);
        if slug.len() > SLUG_LEN {
            let mut cut = SLUG_LEN;
            while !slug.is_char_boundary(cut) {
                cut -= 1;
            }
            slug.truncate(slug[..cut].rfind('-').unwrap_or(cut));
        }
        name = format!("{name}-{slug}");
    }
    file_name::distinct(&[&name], &[]).remove(0)
}

/// The path from `folder` to `file` (both absolute), with `/` between its
/// parts, as a `$schema=` line wants it.
fn relative(folder: &Path, file: &Path) -> String {
    let from: Vec<Component> = folder.components().collect();
    let to: Vec<Component> = file.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let ups = std::iter::repeat_n("..".to_string(), from.len() - common);
    let downs = to[common..]
        .iter()
        .map(|part| part.as_os_str().to_string_lossy().into_owned());
    ups.chain(downs).collect::<Vec<_>>().join("/")
}

fn context(sop: &NewSop, schema: String) -> Context {
    Context {
        schema,
        id: to_yaml(&sop.id),
        title: to_yaml(sop.title.trim()),
        department: to_yaml(sop.department.trim()),
        roles: sop
            .roles
            .iter()
            .map(|role| RoleContext {
                key: to_yaml(&role.key),
                description: role.description.as_deref().map(to_yaml),
            })
            .collect(),
    }
}

fn render(template: &str, context: &Context) -> Result<String, String> {
    let context = tera::Context::from_serialize(context).map_err(|error| error.to_string())?;
    tera::Tera::one_off(template, &context, false).map_err(|error| {
        // Tera's message is a chain whose first link only names the
        // template; its causes say what is wrong.
        let mut causes = Vec::new();
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            causes.push(cause.to_string());
            source = cause.source();
        }
        if causes.is_empty() {
            causes.push(error.to_string());
        }
        causes
            .join(": ")
            .replace(" while rendering '__tera_one_off'", "")
    })
}

/// Whether the text is one YAML document whose id, title and department
/// are what the writer gave: a template of one's own may break either.
fn reads_back(text: &str, sop: &NewSop) -> Result<(), String> {
    let root = match yaml::parse(text) {
        Ok(Some(root)) => root,
        Ok(None) => return Err("it gives an empty file".to_string()),
        Err(error) => return Err(format!("it gives invalid YAML: {}", error.message)),
    };
    for (field, value) in [
        ("id", sop.id.as_str()),
        ("title", sop.title.trim()),
        ("department", sop.department.trim()),
    ] {
        if root.get(field).and_then(yaml::Node::as_str) != Some(value) {
            return Err(format!(
                "its `{field}` is not {value:?}: write `{field}: {{{{ {field} }}}}`"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sop(id: &str, title: &str) -> NewSop {
        NewSop {
            id: id.to_string(),
            title: title.to_string(),
            department: "Customer Service".to_string(),
            roles: Vec::new(),
        }
    }

    #[test]
    fn names_are_the_id_and_the_title_slug() {
        assert_eq!(
            name(&sop("CS-2400", "Refunding a duplicate card payment")),
            "CS-2400-refunding-a-duplicate-card-payment"
        );
        assert_eq!(name(&sop("CS-2400", "???")), "CS-2400");
        assert_eq!(
            name(&sop("CS-2400", "Café: à la carte")),
            "CS-2400-caf%C3%A9-%C3%A0-la-carte"
        );
        let long = name(&sop("CS-2400", &"word ".repeat(40)));
        assert!(long.len() <= "CS-2400-".len() + SLUG_LEN, "{long}");
        assert!(long.ends_with("-word"), "{long}");
    }

    #[test]
    fn relative_paths_climb_to_the_common_folder() {
        let file = Path::new("/p/schemas/sop.schema.json");
        assert_eq!(
            relative(Path::new("/p/sops"), file),
            "../schemas/sop.schema.json"
        );
        assert_eq!(
            relative(Path::new("/p/sops/billing/cards"), file),
            "../../../schemas/sop.schema.json"
        );
        assert_eq!(relative(Path::new("/p"), file), "schemas/sop.schema.json");
    }

    #[test]
    fn roles_are_keys_with_an_optional_description() {
        assert_eq!(
            "rep".parse(),
            Ok(Role {
                key: "rep".into(),
                description: None
            })
        );
        assert_eq!(
            "lead = Team lead: email queue".parse(),
            Ok(Role {
                key: "lead".into(),
                description: Some("Team lead: email queue".into())
            })
        );
        assert!(" =x".parse::<Role>().is_err());
    }

    #[test]
    fn bad_ids_and_blank_fields_are_refused() {
        for id in ["", "-CS", "CS 1", "CS/1", "ÉX-1"] {
            assert!(check(&sop(id, "T")).is_err(), "{id:?}");
        }
        assert!(check(&sop("CS-2400", "  ")).is_err());
        let mut twice = sop("CS-2400", "T");
        twice.roles = vec!["rep".parse().unwrap(), "rep=Again".parse().unwrap()];
        assert!(check(&twice).is_err());
    }

    #[test]
    fn a_template_that_loses_a_field_is_refused() {
        let context = context(&sop("CS-2400", "T"), "x".into());
        let text = render("id: {{ id }}\ntitle: other\n", &context).unwrap();
        assert!(
            reads_back(&text, &sop("CS-2400", "T"))
                .unwrap_err()
                .contains("`title`")
        );
        assert!(render("{{ nothing }}", &context).is_err());
    }
}
