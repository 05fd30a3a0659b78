//! Document control (format v1.1): the content fingerprint an approval
//! records, what `sop approve` changes in a file, the register of
//! `sop list` and the review calendar of `sop calendar`. ISO 9001 clause 7.5.2
//! asks that documents be reviewed and approved, 7.5.3 that the approved
//! revision is the one in use; the fingerprint is how `sop` shows the second.

pub mod approve;
pub mod calendar;
pub mod edit;
pub mod fingerprint;
pub mod register;
pub mod scalar;
pub mod write;

pub use fingerprint::{CONTROL_FIELDS, Fingerprint, Seal};
