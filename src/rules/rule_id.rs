//! Rules stored by their stable ids (the lint cache, see [`crate::cache`]):
//! an id that names no rule of this build fails to load, so a cache from
//! another build is never read as this one's findings.

use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error};

use super::Rule;

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for Rule {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Rule, D::Error> {
        let id = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Rule::from_id(&id).ok_or_else(|| D::Error::custom(format!("unknown rule `{id}`")))
    }
}
