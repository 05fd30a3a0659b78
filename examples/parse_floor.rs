//! The floor of `sop` speed: a bare parallel parse of the same files with
//! the same YAML parser (read + saphyr-parser events, nothing else), which
//! `benches/run.sh` divides every time by.
//!
//! Run: `cargo run --release --example parse_floor -- DIR`

use std::path::PathBuf;

use rayon::prelude::*;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: parse_floor DIR");
        std::process::exit(2);
    };
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|entry| entry.into_path())
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "yaml" || ext == "yml")
        })
        .collect();
    let events: usize = files
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            saphyr_parser::Parser::new_from_str(&text)
                .take_while(Result::is_ok)
                .count()
        })
        .sum();
    println!("parsed {} files ({events} events)", files.len());
}
