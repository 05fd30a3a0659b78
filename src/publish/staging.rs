//! A folder of output being written: files go into a hidden folder beside
//! the output as they are made, from any number of threads, and the folder
//! takes the output's place only when every file is there.

use std::fs;
use std::path::{Path, PathBuf};

use super::target::Target;
use super::{Error, Owner, check, io, swap_in};

/// An output folder being staged. [`Staging::finish`] puts it in place;
/// dropped unfinished (an error on the way), it is removed and the output
/// stays as it was.
pub struct Staging {
    folder: PathBuf,
    target: Target,
    owner: &'static Owner,
    finished: bool,
    /// Held until the swap, and dropped after the staging folder is gone.
    #[cfg(unix)]
    _lock: super::lock::Lock,
}

impl Staging {
    /// Starts replacing the folder `out`, which `owner` wrote before. A
    /// folder that is not empty and holds no marker of `owner` is refused:
    /// it may be anything. When `out` is a symbolic link, the link stays
    /// and the folder it points to is replaced.
    pub fn begin(out: &Path, owner: &'static Owner) -> Result<Staging, Error> {
        // Before the lock too, so that a refused --out gets no lock file beside it.
        check(out, owner)?;
        let target = Target::resolve(out)?;
        fs::create_dir_all(&target.parent).map_err(io(&target.parent))?;
        #[cfg(unix)]
        let lock = {
            let path = target.sibling("lock");
            let lock = super::lock::Lock::acquire(path.clone()).map_err(io(&path))?;
            super::leftovers::sweep(&target, &lock)?;
            lock
        };
        // Another run may have written the folder while this one waited.
        check(out, owner)?;
        let folder = target.sibling(&format!("tmp-{}", std::process::id()));
        fs::create_dir(&folder).map_err(io(&folder))?;
        Ok(Staging {
            folder,
            target,
            owner,
            finished: false,
            #[cfg(unix)]
            _lock: lock,
        })
    }

    /// Writes one file, `relative` to the output folder, creating the
    /// folders it is in. Safe to call from many threads at once.
    pub fn write(&self, relative: &Path, bytes: &[u8]) -> Result<(), Error> {
        let path = self.folder.join(relative);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder).map_err(io(folder))?;
        }
        fs::write(&path, bytes).map_err(io(&path))
    }

    /// Writes the marker and puts the staged folder in place of the output.
    pub fn finish(mut self) -> Result<(), Error> {
        let text = format!(
            "This folder is written by `{}`, which replaces it whole.\n",
            self.owner.command
        );
        self.write(Path::new(self.owner.marker), text.as_bytes())?;
        swap_in(&self.folder, &self.target)?;
        self.finished = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.folder);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{entries, scratch};
    use super::super::{CHARTS, HANDBOOK};
    use super::*;
    use rayon::prelude::*;

    #[test]
    fn files_written_from_many_threads_are_all_swapped_in() {
        let folder = scratch("staging-parallel");
        let out = folder.join("book");
        let staging = Staging::begin(&out, &HANDBOOK).unwrap();
        (0..64).into_par_iter().for_each(|n| {
            let path = PathBuf::from(format!("part-{}/page-{n}.html", n % 4));
            staging.write(&path, n.to_string().as_bytes()).unwrap();
        });
        assert!(!out.exists(), "nothing is in place before finish");
        staging.finish().unwrap();
        assert_eq!(
            entries(&out),
            [".sop-handbook", "part-0", "part-1", "part-2", "part-3"]
        );
        assert_eq!(fs::read(out.join("part-3/page-63.html")).unwrap(), b"63");
        assert_eq!(entries(&folder), ["book"], "nothing is left beside it");
        fs::remove_dir_all(folder).unwrap();
    }

    #[test]
    fn dropped_unfinished_it_leaves_the_old_folder_as_it_was() {
        let folder = scratch("staging-drop");
        let out = folder.join("charts");
        let first = Staging::begin(&out, &CHARTS).unwrap();
        first.write(Path::new("a.svg"), b"old").unwrap();
        first.finish().unwrap();
        let second = Staging::begin(&out, &CHARTS).unwrap();
        second.write(Path::new("b.svg"), b"new").unwrap();
        drop(second);
        assert_eq!(entries(&out), [".sop-charts", "a.svg"]);
        assert_eq!(entries(&folder), ["charts"], "the staging folder is gone");
        fs::remove_dir_all(folder).unwrap();
    }
}
