//! Writing one output file whole or not at all: the bytes go to a new file
//! beside it, which then takes its place by rename, so a reader (a calendar
//! application polling the file) never sees half of it.

use std::fs;
use std::io::Write;
use std::path::Path;

use super::target::Target;
use super::{Error, io};

/// Writes `bytes` as the file `out`. When `out` is a symbolic link, the
/// link stays and the file it points to is replaced.
pub fn write_file(out: &Path, bytes: &[u8]) -> Result<(), Error> {
    let target = Target::resolve(out)?;
    let staging = target.sibling(&format!("tmp-{}", std::process::id()));
    let result = stage(&staging, bytes).and_then(|()| {
        let path = target.path();
        fs::rename(&staging, &path).map_err(io(&path))
    });
    if result.is_err() {
        let _ = fs::remove_file(&staging);
    }
    result
}

fn stage(staging: &Path, bytes: &[u8]) -> Result<(), Error> {
    let mut file = fs::File::create_new(staging).map_err(io(staging))?;
    file.write_all(bytes).map_err(io(staging))?;
    file.sync_all().map_err(io(staging))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_nothing_beside_it() {
        let folder = std::env::temp_dir().join(format!("sop-publish-file-{}", std::process::id()));
        let _ = fs::remove_dir_all(&folder);
        fs::create_dir_all(&folder).unwrap();
        let out = folder.join("reviews.ics");
        write_file(&out, b"one").unwrap();
        write_file(&out, b"two").unwrap();
        assert_eq!(fs::read(&out).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(&folder).unwrap().collect();
        assert_eq!(names.len(), 1, "no staging file is left");
        fs::remove_dir_all(folder).unwrap();
    }

    #[test]
    fn a_folder_in_the_way_is_an_error_and_stays() {
        let folder = std::env::temp_dir().join(format!("sop-publish-dir-{}", std::process::id()));
        let _ = fs::remove_dir_all(&folder);
        fs::create_dir_all(folder.join("reviews.ics")).unwrap();
        let error = write_file(&folder.join("reviews.ics"), b"x").unwrap_err();
        assert!(error.to_string().contains("reviews.ics"), "{error}");
        assert!(folder.join("reviews.ics").is_dir());
        assert_eq!(fs::read_dir(&folder).unwrap().count(), 1);
        fs::remove_dir_all(folder).unwrap();
    }
}
