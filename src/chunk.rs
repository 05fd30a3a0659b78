//! Skipping the bytes of a text that need no attention, many at a time.

/// Bytes tested at once.
pub const CHUNK: usize = 16;

/// Whether the [`CHUNK`] bytes from `at` are there and all `plain`. A test
/// of a fixed-size chunk without an early exit compiles to vector
/// instructions when `plain` has no branch (`&` and `|`, not `&&` and
/// `||`), and nearly all of a text is plain to the scans using it.
#[inline]
pub fn all_plain(bytes: &[u8], at: usize, plain: impl Fn(u8) -> bool) -> bool {
    bytes[at..]
        .first_chunk::<CHUNK>()
        .is_some_and(|chunk| chunk.iter().fold(true, |all, &byte| all & plain(byte)))
}
