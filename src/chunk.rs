//! Skipping the bytes of a text that need no attention, many at a time.

/// Bytes tested at once.
pub const CHUNK: usize = 16;

/// How many bytes `a` and `b` begin with alike, compared [`CHUNK`] at a
/// time (paths sorted side by side share most of their bytes).
pub fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let mut same = 0;
    while let (Some(x), Some(y)) = (
        a[same..].first_chunk::<CHUNK>(),
        b[same..].first_chunk::<CHUNK>(),
    ) {
        if x != y {
            break;
        }
        same += CHUNK;
    }
    same + (a[same..].iter().zip(&b[same..]))
        .take_while(|(a, b)| a == b)
        .count()
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_prefix_counts_the_bytes_alike() {
        let long = "customer-service/CS-0001-first.yaml";
        for (a, b, same) in [
            ("", "", 0),
            ("a", "", 0),
            ("abc", "abd", 2),
            (long, long, long.len()),
            (long, "customer-service/CS-0002-second.yaml", 23),
            ("0123456789abcdef", "0123456789abcdefX", 16),
            ("0123456789abcdefgh", "0123456789abcdefgX", 17),
            ("0123456789abcdeX", "0123456789abcdefgh", 15),
        ] {
            assert_eq!(
                common_prefix(a.as_bytes(), b.as_bytes()),
                same,
                "{a:?} {b:?}"
            );
            assert_eq!(
                common_prefix(b.as_bytes(), a.as_bytes()),
                same,
                "{b:?} {a:?}"
            );
        }
    }
}
