//! The integration tests, as one test binary: each module was a file of
//! `tests/`. One binary links once (fifty took minutes of CI) and runs the
//! slow tests of every module beside the others.

#[path = "../common/mod.rs"]
mod common;

mod approve;
mod baseline;
mod cache;
mod calendar;
mod chart_layout;
mod ci_files;
mod ci_formats;
mod cli_tests;
mod diff;
mod document_control;
mod document_control_project;
mod fingerprint;
mod formats;
mod fuzz_regressions;
mod gen_corpus;
mod graph;
mod graph_direction;
mod graph_map;
mod graph_picture;
mod handbook;
mod handbook_control;
mod handbook_large;
mod handbook_lighthouse;
mod handbook_markdown;
mod handbook_phone;
mod handbook_print;
mod handbook_signoff;
mod hostile;
mod hostile_cpu;
mod hostile_yaml;
mod lsp;
mod lsp_editors;
mod lsp_navigation;
mod lsp_neovim;
mod lsp_robust;
mod navigate;
mod output_names;
mod project;
mod register;
mod robustness;
mod rule_command;
mod rules;
mod samples;
mod scaffold;
mod schema;
mod shell;
mod staging;
mod suppression;
mod training;
mod yaml_suite;
