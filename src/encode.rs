//! Percent-encoding, for links and URIs built from SOP ids, paths and URLs.

/// Percent-encodes every byte of `text` but ASCII letters, digits, `-._~`
/// (the unreserved characters of RFC 3986) and the bytes of `also_safe`.
pub fn percent_encode(text: &str, also_safe: &[u8]) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) || also_safe.contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unreserved_and_chosen_bytes_stay() {
        assert_eq!(percent_encode("a b/é", b""), "a%20b%2F%C3%A9");
        assert_eq!(percent_encode("a b/é", b"/"), "a%20b/%C3%A9");
    }
}
