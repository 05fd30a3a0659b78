//! The project of an open file, loaded as `sop lint FILE` loads it, with
//! every open buffer standing for its file: what diagnostics are linted
//! from, and what a request about a file asks its questions of. While the
//! client watches the files, the ids of the other SOPs on disk are
//! remembered between loads (see [`crate::project::memory`]).

use std::path::Path;
use std::sync::Arc;

use super::server::Server;
use crate::project::{self, Project};

impl Server {
    /// The project of the file at `path` (absolute), that file given.
    pub fn project_of(&self, path: &Path) -> Result<Project, project::Error> {
        let options = project::Options {
            overlays: self.documents.overlays(),
            memory: self.watching.then(|| Arc::clone(&self.memory)),
            ..project::Options::new(&self.cwd, vec![path.to_path_buf()])
        };
        project::load(&options)
    }
}
