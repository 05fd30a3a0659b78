//! Command lines that the document control rules suggest, with the file's
//! own path, so that a writer can copy them as they stand.

use std::path::Path;

/// `sop approve PATH --by "Name, Function"`.
pub fn approve_command(path: &Path) -> String {
    format!("sop approve {} --by \"Name, Function\"", shell_path(path))
}

/// The path as a POSIX shell word: quoted when it holds anything but
/// letters, digits and `_./-`.
pub fn shell_path(path: &Path) -> String {
    let path = path.display().to_string();
    let plain = !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_./-".contains(c));
    if plain {
        path
    } else {
        format!("'{}'", path.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_a_path_a_shell_would_split() {
        assert_eq!(
            approve_command(Path::new("sops/CS-010.yaml")),
            "sop approve sops/CS-010.yaml --by \"Name, Function\""
        );
        assert_eq!(
            approve_command(Path::new("my sops/Bob's.yaml")),
            "sop approve 'my sops/Bob'\\''s.yaml' --by \"Name, Function\""
        );
    }
}
