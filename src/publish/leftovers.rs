//! What killed runs leave beside an output folder: staging folders
//! `.NAME.tmp-PID` and replaced folders `.NAME.old-PID`, as big as a
//! handbook each.

use std::fs;

use super::lock::Lock;
use super::target::Target;
use super::{Error, io};

/// Removes every leftover beside `target`. Only with the lock held: then
/// no live run has one, whatever its PID.
pub fn sweep(target: &Target, _held: &Lock) -> Result<(), Error> {
    let prefix = target.prefix();
    let prefix = prefix.as_encoded_bytes();
    for entry in fs::read_dir(&target.parent).map_err(io(&target.parent))? {
        let entry = entry.map_err(io(&target.parent))?;
        let name = entry.file_name();
        let is_leftover = name
            .as_encoded_bytes()
            .strip_prefix(prefix)
            .and_then(|rest| {
                rest.strip_prefix(b"tmp-")
                    .or_else(|| rest.strip_prefix(b"old-"))
            })
            .is_some_and(|pid| !pid.is_empty() && pid.iter().all(u8::is_ascii_digit));
        if is_leftover && entry.file_type().is_ok_and(|kind| kind.is_dir()) {
            let path = entry.path();
            fs::remove_dir_all(&path).map_err(io(&path))?;
        }
    }
    Ok(())
}
