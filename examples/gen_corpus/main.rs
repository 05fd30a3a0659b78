//! Writes a benchmark corpus: a project of realistic, clean SOPs (6 to 18
//! steps with decisions, calls across SOPs, terms, metrics and a glossary
//! per department folder, about 4 KB each), the same for the same seed.
//!
//! Run: `cargo run --release --example gen_corpus -- DIR COUNT [SEED]`

mod corpus;
mod rng;
mod text;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(count)) = (args.next(), args.next()) else {
        eprintln!("usage: gen_corpus DIR COUNT [SEED]");
        std::process::exit(2);
    };
    let count: usize = count.parse().expect("COUNT is a whole number");
    let seed: u64 = args
        .next()
        .map_or(1, |seed| seed.parse().expect("SEED is a whole number"));
    let bytes = corpus::write(std::path::Path::new(&dir), count, seed)?;
    println!(
        "wrote {count} SOPs, {:.1} MB ({} bytes each on average), to {dir}",
        bytes as f64 / 1e6,
        bytes / count.max(1)
    );
    Ok(())
}
