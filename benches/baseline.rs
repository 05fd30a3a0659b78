//! The yardstick for `sop lint` speed: a bare parallel YAML parse of the same
//! files (read + saphyr-parser events, nothing else).
//!
//! Run: `cargo bench --bench baseline -- DIR`, then time `sop lint DIR` and
//! compare. `benches/make-corpus.py` writes a corpus of 10,000 SOPs.

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

fn main() {
    let dir = std::env::args()
        .skip(1)
        .find(|arg| !arg.starts_with('-'))
        .unwrap_or_else(|| "sops".to_string());
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|entry| entry.into_path())
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "yaml" || ext == "yml")
        })
        .collect();
    let started = Instant::now();
    let events: usize = files
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            saphyr_parser::Parser::new_from_str(&text)
                .take_while(Result::is_ok)
                .count()
        })
        .sum();
    let elapsed = started.elapsed();
    println!(
        "parsed {} files ({events} events) in {:.3} s",
        files.len(),
        elapsed.as_secs_f64()
    );
}
