//! The file of a `file:` URI, and the URI of a file. Documents of other
//! schemes (`untitled:`, a git revision) have no project and are not linted.

use std::path::{Path, PathBuf};

use lsp_types::Uri;

/// The absolute path a `file:` URI names, if it names one.
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let scheme = uri.scheme()?;
    if !scheme.as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    // A host other than `localhost` is another machine's file.
    if let Some(authority) = uri.authority()
        && !matches!(authority.as_str(), "" | "localhost")
    {
        return None;
    }
    let decoded = uri.path().as_estr().decode().into_bytes();
    let path = bytes_to_path(decoded.into_owned())?;
    path.is_absolute().then_some(path)
}

/// The `file:` URI of an absolute path (for the files an answer points
/// into that the client has not opened): bytes other than letters,
/// digits and `/-._~` percent-encoded, as VS Code writes them.
pub fn from_path(path: &Path) -> Option<Uri> {
    let text = path.to_str()?.replace(std::path::MAIN_SEPARATOR, "/");
    // `C:/folder` is `file:///C:/folder`.
    let slash = if text.starts_with('/') { "" } else { "/" };
    let mut uri = format!("file://{slash}");
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri.parse().ok()
}

#[cfg(unix)]
fn bytes_to_path(bytes: Vec<u8>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

/// `/C:/folder/file.yaml` is `C:/folder/file.yaml` on Windows.
#[cfg(not(unix))]
fn bytes_to_path(bytes: Vec<u8>) -> Option<PathBuf> {
    let text = String::from_utf8(bytes).ok()?;
    let text = match text.strip_prefix('/') {
        Some(rest) if rest.as_bytes().get(1) == Some(&b':') => rest.to_string(),
        _ => text,
    };
    Some(PathBuf::from(text))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn path(uri: &str) -> Option<PathBuf> {
        to_path(&uri.parse().unwrap())
    }

    #[test]
    fn file_uris_are_decoded() {
        assert_eq!(
            path("file:///work/sops/CS%202300%20caf%C3%A9.yaml"),
            Some(PathBuf::from("/work/sops/CS 2300 café.yaml"))
        );
        assert_eq!(
            path("file://localhost/a.yaml"),
            Some(PathBuf::from("/a.yaml"))
        );
    }

    #[test]
    fn a_path_becomes_the_uri_it_is_read_from() {
        let path = Path::new("/work/sops/CS 2300 café#1.yaml");
        let uri = from_path(path).unwrap();
        assert_eq!(
            uri.as_str(),
            "file:///work/sops/CS%202300%20caf%C3%A9%231.yaml"
        );
        assert_eq!(to_path(&uri).as_deref(), Some(path));
    }

    #[test]
    fn other_uris_have_no_file() {
        assert_eq!(path("untitled:Untitled-1"), None);
        assert_eq!(path("file://server/share/a.yaml"), None);
        assert_eq!(path("https://example.com/a.yaml"), None);
    }
}
