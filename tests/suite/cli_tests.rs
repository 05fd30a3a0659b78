//! CLI tests as data: each `tests/cmd/*.toml` runs `sop` and compares its
//! exit status, stdout and stderr. Regenerate expected output with
//! `TRYCMD=overwrite cargo test --test suite cli_tests`, then review the diff.

#[test]
fn cli_tests() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
