//! The `handbook` target (see `sop_fuzz::handbook`), for AFL++ or, with the
//! `libfuzzer` feature, for cargo-fuzz.
#![cfg_attr(feature = "libfuzzer", no_main)]

#[cfg(feature = "libfuzzer")]
libfuzzer_sys::fuzz_target!(|data: &[u8]| sop_fuzz::handbook(data));

#[cfg(not(feature = "libfuzzer"))]
fn main() {
    afl::fuzz!(|data: &[u8]| sop_fuzz::handbook(data));
}
