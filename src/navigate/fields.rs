//! The field names of the format by where they stand, with their
//! documentation: the `description` of each property of
//! `schemas/sop.schema.json`, as editors with a YAML schema show them.

use std::sync::LazyLock;

use serde_json::Value as Json;

use crate::rules::schema::SOP_SCHEMA;

/// The kind of mapping a field belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldContext {
    Sop,
    Step,
    Branch,
    Metric,
    Revision,
}

/// One field of a mapping, as the schema describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub description: &'static str,
    pub required: bool,
}

static SCHEMA: LazyLock<Json> = LazyLock::new(|| {
    serde_json::from_str(SOP_SCHEMA).expect("the embedded schema is valid JSON (tested)")
});

impl FieldContext {
    /// The context of the mapping at a path of keys from the root (`None`
    /// stands for a list item): `instructions, None` is a step.
    pub fn of_path(path: &[Option<&str>]) -> Option<FieldContext> {
        Some(match path {
            [] => FieldContext::Sop,
            [Some("instructions"), None] => FieldContext::Step,
            [Some("instructions"), None, Some("branches"), None] => FieldContext::Branch,
            [Some("metrics"), None] => FieldContext::Metric,
            [Some("revisions"), None] => FieldContext::Revision,
            _ => return None,
        })
    }

    /// What the context is called in a hover.
    pub fn name(self) -> &'static str {
        match self {
            FieldContext::Sop => "SOP",
            FieldContext::Step => "step",
            FieldContext::Branch => "branch",
            FieldContext::Metric => "metric",
            FieldContext::Revision => "revision",
        }
    }

    /// The schema object that describes this mapping.
    fn schema(self) -> &'static Json {
        let schema: &'static Json = &SCHEMA;
        match self {
            FieldContext::Sop => schema,
            FieldContext::Step => &schema["$defs"]["step"],
            FieldContext::Branch => &schema["$defs"]["branch"],
            FieldContext::Metric => &schema["$defs"]["metric"],
            FieldContext::Revision => &schema["$defs"]["revision"],
        }
    }

    /// The fields of this mapping, in the schema's order.
    pub fn fields(self) -> Vec<Field> {
        let schema = self.schema();
        let required: Vec<&str> = schema["required"]
            .as_array()
            .map(|names| names.iter().filter_map(Json::as_str).collect())
            .unwrap_or_default();
        schema["properties"]
            .as_object()
            .map(|properties| {
                properties
                    .iter()
                    .map(|(name, property)| Field {
                        name,
                        description: property["description"].as_str().unwrap_or_default(),
                        required: required.contains(&name.as_str()),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The field `name` of this mapping, if the format has it.
    pub fn field(self, name: &str) -> Option<Field> {
        self.fields().into_iter().find(|field| field.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model;

    #[test]
    fn every_field_of_the_model_is_documented() {
        for (context, names) in [
            (FieldContext::Sop, model::SOP_FIELDS),
            (FieldContext::Step, model::STEP_FIELDS),
            (FieldContext::Branch, model::BRANCH_FIELDS),
            (FieldContext::Metric, model::METRIC_FIELDS),
            (FieldContext::Revision, model::REVISION_FIELDS),
        ] {
            let fields = context.fields();
            let mut found: Vec<&str> = fields.iter().map(|field| field.name).collect();
            let mut expected = names.to_vec();
            found.sort_unstable();
            expected.sort_unstable();
            assert_eq!(found, expected, "{context:?}");
            assert!(fields.iter().all(|field| !field.description.is_empty()));
        }
        assert!(FieldContext::Sop.field("purpose").unwrap().required);
        assert!(!FieldContext::Step.field("next").unwrap().required);
    }
}
