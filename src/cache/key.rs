//! What a cached result depends on besides its file, hashed into the
//! name of the table that holds it: another version of `sop`, another
//! `sop.toml`, glossary, date or rule selection reads another table, so
//! nothing computed under other conditions is ever served.

use sha2::{Digest, Sha256};

/// A SHA-256 of the parts fed in, each length-prefixed so that no two
/// lists of parts hash alike.
#[derive(Clone)]
pub struct Key(Sha256);

impl Key {
    /// A key for one kind of table, of this build of `sop`: its version
    /// and its executable's size and modification time (a rebuilt `sop`
    /// with new rules has the same version).
    pub fn new(kind: &str) -> Key {
        let mut key = Key(Sha256::new());
        key.add(kind.as_bytes());
        key.add(env!("CARGO_PKG_VERSION").as_bytes());
        // Not the status-change time: cargo's hard links change it.
        let executable = std::env::current_exe()
            .ok()
            .and_then(|path| super::Stamp::of(&path))
            .map(|stamp| (stamp.len, stamp.modified));
        key.add(format!("{executable:?}").as_bytes());
        key
    }

    /// Adds one part.
    pub fn add(&mut self, part: &[u8]) -> &mut Key {
        self.0.update((part.len() as u64).to_le_bytes());
        self.0.update(part);
        self
    }

    /// The key's first 16 hex digits, for a file name.
    pub fn name(&self) -> String {
        let digest = self.0.clone().finalize();
        digest[..8]
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_not_confused_by_where_they_split() {
        let name = |parts: &[&str]| {
            let mut key = Key::new("test");
            for part in parts {
                key.add(part.as_bytes());
            }
            key.name()
        };
        assert_eq!(name(&["ab", "c"]), name(&["ab", "c"]));
        assert_ne!(name(&["ab", "c"]), name(&["a", "bc"]));
        assert_ne!(name(&["ab"]), name(&["ab", ""]));
        assert_eq!(name(&[]).len(), 16);
    }
}
