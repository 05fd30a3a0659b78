//! `sop`: Standard Operating Procedures as code.
//!
//! The library reads SOP files, checks them against the document format and
//! its lint rules, and renders findings. It never prints: the `sop` binary
//! decides where output goes.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod acronym;
pub mod baseline;
pub mod cache;
pub mod chart;
mod chunk;
pub mod config;
pub mod control;
pub mod date;
pub mod diagnostic;
pub mod diff;
pub mod encode;
pub mod file_name;
pub mod flow;
pub mod handbook;
pub mod limits;
pub mod lint;
pub mod lsp;
pub mod model;
pub mod navigate;
pub mod output;
pub mod project;
pub mod publish;
pub mod rules;
pub mod scaffold;
pub mod source;
pub mod suggest;
pub mod suppression;
pub mod term_search;
#[cfg(test)]
mod test_random;
pub mod training;
pub mod yaml;
