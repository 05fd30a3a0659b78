//! A file named by the user gets what its name says: the extension of
//! `-o FILE` or `--out FILE` is checked before anything is read or
//! written, so `-o chart.png` never holds SVG text.

use std::path::Path;

/// Picture and print formats that other tools write and `sop` cannot yet.
const NOT_YET: &[&str] = &[
    "jpg", "jpeg", "gif", "webp", "bmp", "tif", "tiff", "ps", "eps",
];

/// The extension of `file`, in lowercase.
pub fn extension(file: &Path) -> Option<String> {
    file.extension()
        .map(|extension| extension.to_string_lossy().to_lowercase())
}

/// Whether `sop` cannot write files with this extension yet.
pub fn not_yet(extension: &str) -> bool {
    NOT_YET.contains(&extension)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_compared_in_lowercase() {
        assert_eq!(
            extension(Path::new("charts/CS-2600.SVG")).as_deref(),
            Some("svg")
        );
        assert_eq!(extension(Path::new("chart")), None);
        assert!(not_yet("jpg") && !not_yet("png") && !not_yet("pdf") && !not_yet("svg"));
    }
}
