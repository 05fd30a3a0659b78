//! The file names of handbook pages and chart files, made from SOP ids. Ids
//! are untrusted text, and one handbook is opened on Windows, macOS and
//! Linux, so a name must be valid on each and distinct from every other name
//! on file systems that ignore case.
//!
//! Names are ASCII: letters, digits and `-._~` stay, every other character
//! is percent-encoded as UTF-8 (a space is `%20`). ASCII needs no Unicode
//! normalization (macOS compares names normalized) and only ASCII case
//! folding, so names that differ after ASCII lowercasing are distinct
//! everywhere. An ordinary id (`CS-010`) is its own name.

use std::collections::{HashMap, HashSet};

/// The longest name made, in bytes, without its extension: far below the
/// 255 bytes of file systems, so the extension and a staging prefix fit.
pub const MAX_LEN: usize = 100;

/// The file name (without extension) of each of `ids`, in the same order:
/// valid everywhere, and distinct from each other and from the names in
/// `taken` (a handbook's `index`), even ignoring case. When names collide,
/// the smallest id (by bytes) keeps its name and the others get a suffix
/// made from a hash of their id, so a name does not depend on the order of
/// the ids; equal ids are numbered in the order given.
pub fn distinct(ids: &[&str], taken: &[&str]) -> Vec<String> {
    let mut order: Vec<usize> = (0..ids.len()).collect();
    order.sort_by_key(|&index| ids[index]);
    // Only asked whether a name is taken: its order never shows.
    let mut taken: HashSet<String> = taken.iter().map(|name| name.to_ascii_lowercase()).collect();
    let mut names = vec![String::new(); ids.len()];
    // Where the search for each id goes on: equal ids do not try again the
    // names given to the ones before them (10,000 copies of one id would
    // otherwise cost 50 million tries).
    let mut next_round: HashMap<&str, usize> = HashMap::new();
    for index in order {
        let id = ids[index];
        let pieces = pieces(id);
        let round = next_round.entry(id).or_insert(0);
        names[index] = loop {
            let name = candidate(id, &pieces, *round);
            *round += 1;
            if taken.insert(name.to_ascii_lowercase()) {
                break name;
            }
        };
    }
    names
}

/// The `round`th name tried for `id`: its own, then with the hash of the id,
/// then with the hash and a number. An id too long for [`MAX_LEN`] always
/// gets the hash, as cutting it may make it equal to another.
fn candidate(id: &str, pieces: &[String], round: usize) -> String {
    let whole = pieces.concat();
    let hash = fnv1a(id.as_bytes());
    match round {
        0 if whole.len() <= MAX_LEN => whole,
        0 | 1 => fit(pieces, &format!("-{hash:08x}")),
        round => fit(pieces, &format!("-{hash:08x}-{round}")),
    }
}

/// The id as name parts, one per character, made safe: no leading or
/// trailing dot (hidden on Unix, dropped by Windows), no device name of
/// Windows, never empty.
fn pieces(id: &str) -> Vec<String> {
    let mut pieces: Vec<String> = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-._~".contains(c) {
                c.to_string()
            } else {
                encode(c.encode_utf8(&mut [0; 4]))
            }
        })
        .collect();
    for end in [0, pieces.len().saturating_sub(1)] {
        if pieces.get(end).is_some_and(|piece| piece == ".") {
            pieces[end] = encode(".");
        }
    }
    if is_reserved(&pieces.concat()) {
        // Device names start with a letter: encoding it keeps the name readable.
        pieces[0] = encode(&pieces[0]);
    }
    if pieces.is_empty() {
        pieces.push("_".to_string());
    }
    pieces
}

/// `pieces` cut to leave room for `suffix`, then the suffix. The cut never
/// splits a character's encoding, and drops a dot it leaves at the end.
fn fit(pieces: &[String], suffix: &str) -> String {
    let room = MAX_LEN - suffix.len();
    let mut name = String::new();
    for piece in pieces {
        if name.len() + piece.len() > room {
            break;
        }
        name.push_str(piece);
    }
    while name.ends_with('.') {
        name.pop();
    }
    name + suffix
}

fn encode(text: &str) -> String {
    text.bytes().map(|byte| format!("%{byte:02X}")).collect()
}

/// Whether Windows takes `name` for a device: CON, PRN, AUX, NUL, COM0-9,
/// LPT0-9 and COM/LPT with `¹²³`, in any case, alone or before an extension.
/// (A superscript never reaches a name, which is ASCII: it is listed so that
/// the check is the one of Windows, whatever it is given.)
fn is_reserved(name: &str) -> bool {
    let base = name.split('.').next().unwrap_or_default();
    let upper = base.to_ascii_uppercase();
    if ["CON", "PRN", "AUX", "NUL"].contains(&upper.as_str()) {
        return true;
    }
    let (Some(device), Some(number)) = (upper.get(..3), upper.get(3..)) else {
        return false;
    };
    let mut number = number.chars();
    ["COM", "LPT"].contains(&device)
        && matches!(
            (number.next(), number.next()),
            (Some('0'..='9' | '¹' | '²' | '³'), None)
        )
}

/// FNV-1a (32 bits): a hash that is the same on every platform and release,
/// which the standard library's hashers do not promise.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |hash, &byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(id: &str) -> String {
        distinct(&[id], &[]).remove(0)
    }

    /// What every name must be, whatever the id.
    fn assert_portable(name: &str) {
        assert!(!name.is_empty() && name.len() <= MAX_LEN, "{name}");
        assert!(name.is_ascii(), "{name}");
        assert!(
            !name.contains(['<', '>', ':', '"', '/', '\\', '|', '?', '*', ' ']),
            "{name}"
        );
        assert!(!name.chars().any(|c| c.is_control()), "{name}");
        assert!(!name.starts_with('.') && !name.ends_with('.'), "{name}");
        assert!(!is_reserved(name), "{name}");
        assert!(!is_reserved(&format!("{name}.html")), "{name}");
    }

    #[test]
    fn ordinary_ids_are_their_own_names() {
        for id in ["CS-010", "package", "hr_onboarding", "v1.2", "a~b"] {
            assert_eq!(name(id), id);
        }
    }

    #[test]
    fn every_device_name_of_windows_is_avoided() {
        let mut devices: Vec<String> = ["CON", "PRN", "AUX", "NUL"].map(String::from).to_vec();
        for device in ["COM", "LPT"] {
            for number in ('0'..='9').chain(['¹', '²', '³']) {
                devices.push(format!("{device}{number}"));
            }
        }
        for device in &devices {
            for id in [
                device.clone(),
                device.to_lowercase(),
                format!("{device}.txt"),
                format!("{}.tar.gz", device.to_lowercase()),
            ] {
                assert!(is_reserved(&id), "{id}");
                assert_portable(&name(&id));
            }
        }
        assert_eq!(name("CON"), "%43ON");
        assert_eq!(name("nul.txt"), "%6Eul.txt");
        assert_eq!(name("COM¹"), "COM%C2%B9");
        for near in ["CONSOLE", "COM10", "LPT", "NUL-1", "AUX_", "COM1-x"] {
            assert!(!is_reserved(near), "{near}");
            assert_eq!(name(near), near);
        }
    }

    #[test]
    fn characters_windows_refuses_are_encoded() {
        assert_eq!(name("a/b"), "a%2Fb");
        assert_eq!(name(r#"<>:"\|?*"#), "%3C%3E%3A%22%5C%7C%3F%2A");
        assert_eq!(name("tab\there"), "tab%09here");
        assert_eq!(name("CS 010"), "CS%20010");
        assert_eq!(name("50%"), "50%25");
        assert_eq!(name("Réclamations"), "R%C3%A9clamations");
    }

    #[test]
    fn dots_at_either_end_and_empty_ids_are_avoided() {
        assert_eq!(name(""), "_");
        assert_eq!(name("."), "%2E");
        assert_eq!(name(".."), "%2E%2E");
        assert_eq!(name(".hidden"), "%2Ehidden");
        assert_eq!(name("end."), "end%2E");
        assert_eq!(name("a.b"), "a.b");
        for id in ["", ".", "..", "...", ".hidden", "end.", " ", "\u{7f}"] {
            assert_portable(&name(id));
        }
    }

    #[test]
    fn long_ids_are_cut_on_a_character_and_stay_distinct() {
        let long = "x".repeat(300);
        let cut = name(&long);
        assert_eq!(cut.len(), MAX_LEN);
        assert!(cut.starts_with(&"x".repeat(80)), "{cut}");
        let other = name(&format!("{long}y"));
        assert_ne!(cut, other);
        for id in [
            "é".repeat(200),
            format!("{}.{}", "a".repeat(90), "b".repeat(50)),
            format!("{}.", "a".repeat(91)),
            "🦀".repeat(60),
        ] {
            let cut = name(&id);
            assert_portable(&cut);
            // Whole escapes only: `%C3%A9`, never `%C3%A`.
            let escapes = cut.split('-').next().unwrap();
            assert!(
                escapes.split('%').skip(1).all(|hex| hex.len() == 2),
                "{cut}"
            );
        }
    }

    #[test]
    fn ids_that_differ_only_in_case_get_distinct_names() {
        let names = distinct(&["cs-1", "CS-1", "Cs-1"], &[]);
        assert_eq!(names[1], "CS-1", "the smallest id keeps its name");
        let folded: HashSet<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
        assert_eq!(folded.len(), 3, "{names:?}");
        assert!(names[0].starts_with("cs-1-") && names[2].starts_with("Cs-1-"));
        // The same names whatever the order of the ids.
        let again = distinct(&["Cs-1", "CS-1", "cs-1"], &[]);
        assert_eq!(again, [names[2].as_str(), &names[1], &names[0]]);
    }

    #[test]
    fn names_made_distinct_do_not_take_a_name_that_is_an_id() {
        let taken = candidate("cs-1", &pieces("cs-1"), 1);
        let names = distinct(&["CS-1", "cs-1", &taken], &[]);
        let folded: HashSet<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
        assert_eq!(folded.len(), 3, "{names:?}");
        let twice = distinct(&["CS-1", "CS-1", "CS-1"], &[]);
        assert_eq!(twice[0], "CS-1");
        assert!(
            twice[1] != twice[2] && twice[1].starts_with("CS-1-"),
            "{twice:?}"
        );
    }

    #[test]
    fn many_copies_of_one_id_get_distinct_names_in_one_pass() {
        let ids = vec!["CS-1"; 20_000];
        let names = distinct(&ids, &[]);
        let unique: HashSet<&String> = names.iter().collect();
        assert_eq!(unique.len(), 20_000);
        assert_eq!(names[0], "CS-1");
    }

    #[test]
    fn names_in_use_are_not_given() {
        let names = distinct(&["Index", "CS-1"], &["index", "print"]);
        assert!(names[0].starts_with("Index-"), "{names:?}");
        assert_eq!(names[1], "CS-1");
    }

    #[test]
    fn the_hash_is_fixed() {
        // FNV-1a's published test value: names must not change between releases.
        assert_eq!(fnv1a(b"a"), 0xe40c_292c);
    }
}
