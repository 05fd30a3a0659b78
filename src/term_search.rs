//! Which terms the texts of an SOP mention, for all terms at once: an
//! Aho-Corasick automaton over words, so that thousands of terms against
//! thousands of words cost one pass over the words and one over the terms,
//! instead of a search per term. Terms match as [`acronym::mentions`]
//! matches them.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use crate::acronym;

/// For each term, whether a text other than its own mentions it (`texts`
/// are the words of each text, with the term it defines, if any: each term
/// defines one text at most). A term with no words counts as used: there is
/// nothing to look for. `texts` is read only until every term is used, so
/// that the words of the rest need not be split.
pub fn used_elsewhere<'w>(
    terms: &[&str],
    texts: impl IntoIterator<Item = (Option<usize>, Vec<&'w str>)>,
) -> Vec<bool> {
    Terms::new(terms).used_elsewhere(texts)
}

/// Terms made ready once to be looked for in many SOPs (the handbook's
/// glossary, in every SOP it renders), from any thread.
pub struct Terms {
    /// Acronyms match case-sensitively, other terms by their lowercase words.
    automata: [Automaton; 2],
    /// The terms with no words.
    wordless: Vec<usize>,
    count: usize,
}

impl Terms {
    pub fn new(terms: &[&str]) -> Terms {
        let mut automata = [Automaton::default(), Automaton::default()];
        let mut wordless = Vec::new();
        for (index, term) in terms.iter().enumerate() {
            let pattern = acronym::words(term);
            if pattern.is_empty() {
                wordless.push(index);
                continue;
            }
            let exact = acronym::is_acronym_shape(term);
            let automaton = &mut automata[usize::from(!exact)];
            let mut words: Vec<String> = pattern
                .iter()
                .map(|word| {
                    if exact {
                        word.to_string()
                    } else {
                        word.to_lowercase()
                    }
                })
                .collect();
            automaton.add(&words, index);
            // The plural: the last word with an `s`.
            if let Some(last) = words.last_mut() {
                last.push('s');
            }
            automaton.add(&words, index);
        }
        for automaton in &mut automata {
            automaton.link();
        }
        Terms {
            automata,
            wordless,
            count: terms.len(),
        }
    }

    /// As [`used_elsewhere`].
    pub fn used_elsewhere<'w>(
        &self,
        texts: impl IntoIterator<Item = (Option<usize>, Vec<&'w str>)>,
    ) -> Vec<bool> {
        let mut used = vec![false; self.count];
        for &index in &self.wordless {
            used[index] = true;
        }
        let mut seen = self
            .automata
            .each_ref()
            .map(|automaton| vec![Seen::Never; automaton.nodes.len()]);
        let mut unused = used.iter().filter(|used| !**used).count();
        let mut lowercase: Vec<Cow<'_, str>> = Vec::new();
        for (text, (own, words)) in texts.into_iter().enumerate() {
            if unused == 0 {
                break;
            }
            let [exact, by_lowercase] = &self.automata;
            unused -= exact.scan(words.iter().copied(), text, own, &mut seen[0], &mut used);
            if by_lowercase.nodes.is_empty() {
                continue; // no term to match by lowercase words
            }
            lowercase.clear();
            lowercase.extend(words.iter().map(|word| lowercased(word)));
            unused -= by_lowercase.scan(
                lowercase.iter().map(|word| &**word),
                text,
                own,
                &mut seen[1],
                &mut used,
            );
        }
        used
    }

    /// For each term, whether any of `texts` mentions it, as
    /// [`acronym::mentions`] finds it; a term with no words is mentioned
    /// by any text with a word.
    pub fn mentioned<'w>(&self, texts: impl IntoIterator<Item = Vec<&'w str>>) -> Vec<bool> {
        let texts: Vec<Vec<&str>> = texts.into_iter().collect();
        let any_word = texts.iter().any(|words| !words.is_empty());
        let mut used = self.used_elsewhere(texts.into_iter().map(|words| (None, words)));
        for &index in &self.wordless {
            used[index] = any_word;
        }
        used
    }
}

/// `word.to_lowercase()`, borrowed when that is `word` itself: most words
/// are lowercase ASCII already.
fn lowercased(word: &str) -> Cow<'_, str> {
    if word
        .bytes()
        .all(|byte| byte.is_ascii() && !byte.is_ascii_uppercase())
    {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

/// No node, no term: the end of a chain.
const NONE: u32 = u32::MAX;

/// A trie of word sequences with the links of Aho-Corasick, in flat
/// tables of 32-bit indexes: a node costs a few dozen bytes, and an SOP
/// may have hundreds of thousands of terms.
#[derive(Default)]
struct Automaton {
    /// Words by number. Fx hashing: the words are an SOP's own text, looked
    /// up once per word of every text, and SipHash's resistance to chosen
    /// keys buys nothing against a file the user lints themselves.
    words: FxHashMap<String, u32>,
    /// Child of a node by word number; node 0 is the root.
    children: FxHashMap<(u32, u32), u32>,
    nodes: Vec<Node>,
    /// The terms that end at a node, as chains from [`Node::terms`]:
    /// (term, next in the chain).
    terms: Vec<(u32, u32)>,
}

#[derive(Clone, Copy)]
struct Node {
    parent: u32,
    /// The word from the parent.
    word: u32,
    depth: u32,
    /// The longest proper suffix that is also in the trie.
    fail: u32,
    /// The nearest node on the `fail` chain that ends a term.
    output: u32,
    /// The first of the terms that end here.
    terms: u32,
}

/// Texts that mentioned a node's terms: enough to know that every term of
/// the node is used outside its own definition once two texts did. Kept
/// apart from the nodes, a table per search, so that the automaton is
/// shared.
#[derive(Clone, Copy, PartialEq)]
enum Seen {
    Never,
    Once(u32),
    Twice,
}

impl Node {
    fn new(parent: u32, word: u32, depth: u32) -> Node {
        Node {
            parent,
            word,
            depth,
            fail: 0,
            output: NONE,
            terms: NONE,
        }
    }
}

impl Automaton {
    fn add(&mut self, words: &[String], term: usize) {
        if self.nodes.is_empty() {
            self.nodes.push(Node::new(NONE, NONE, 0));
        }
        let mut node = 0;
        for word in words {
            let next_word = self.words.len() as u32;
            let word = *self.words.entry(word.clone()).or_insert(next_word);
            node = match self.children.get(&(node, word)) {
                Some(&child) => child,
                None => {
                    let child = self.nodes.len() as u32;
                    let depth = self.nodes[node as usize].depth + 1;
                    self.nodes.push(Node::new(node, word, depth));
                    self.children.insert((node, word), child);
                    child
                }
            };
        }
        let head = &mut self.nodes[node as usize].terms;
        self.terms.push((term as u32, *head));
        *head = self.terms.len() as u32 - 1;
    }

    /// The failure and output links, shallow nodes first.
    fn link(&mut self) {
        let mut order: Vec<u32> = (1..self.nodes.len() as u32).collect();
        order.sort_by_key(|&node| self.nodes[node as usize].depth);
        for node in order {
            let Node { parent, word, .. } = self.nodes[node as usize];
            let fail = if parent == 0 {
                0
            } else {
                self.step(self.nodes[parent as usize].fail, word)
            };
            let target = self.nodes[fail as usize];
            let output = if target.terms == NONE {
                target.output
            } else {
                fail
            };
            let node = &mut self.nodes[node as usize];
            (node.fail, node.output) = (fail, output);
        }
    }

    /// Where `word` leads from `node`.
    fn step(&self, mut node: u32, word: u32) -> u32 {
        loop {
            if let Some(&child) = self.children.get(&(node, word)) {
                return child;
            }
            if node == 0 {
                return 0;
            }
            node = self.nodes[node as usize].fail;
        }
    }

    /// Marks the terms that the words of `text` mention, except the one it
    /// defines, and counts those it marks that were not yet. A node already
    /// seen in this text, or in two texts, has its whole output chain seen
    /// as well: the walk stops there, so each node is walked at most twice
    /// in all.
    fn scan<'w>(
        &self,
        words: impl Iterator<Item = &'w str>,
        text: usize,
        own: Option<usize>,
        seen: &mut [Seen],
        used: &mut [bool],
    ) -> usize {
        let mut marked = 0;
        if self.nodes.is_empty() {
            return marked;
        }
        let text = text as u32;
        let mut state = 0;
        for word in words {
            state = match self.words.get(word) {
                Some(&word) => self.step(state, word),
                None => 0,
            };
            let mut at = if self.nodes[state as usize].terms == NONE {
                self.nodes[state as usize].output
            } else {
                state
            };
            while at != NONE {
                let node = &self.nodes[at as usize];
                let node_seen = &mut seen[at as usize];
                *node_seen = match *node_seen {
                    Seen::Twice => break,
                    Seen::Once(first) if first == text => break,
                    Seen::Once(_) => Seen::Twice,
                    Seen::Never => Seen::Once(text),
                };
                let (twice, mut entry) = (*node_seen == Seen::Twice, node.terms);
                while entry != NONE {
                    let (term, next) = self.terms[entry as usize];
                    let used = &mut used[term as usize];
                    if (twice || own != Some(term as usize)) && !*used {
                        *used = true;
                        marked += 1;
                    }
                    entry = next;
                }
                at = self.nodes[at as usize].output;
            }
        }
        marked
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_random::Random;

    fn used(terms: &[&str], texts: &[(Option<usize>, &str)]) -> Vec<bool> {
        let texts: Vec<(Option<usize>, Vec<&str>)> = texts
            .iter()
            .map(|(own, text)| (*own, acronym::words(text)))
            .collect();
        used_elsewhere(terms, texts)
    }

    #[test]
    fn terms_match_as_mentions_does() {
        let terms = ["FCR", "Warm transfer", "IVR", "queue time", "SLA"];
        let texts = [
            (
                None,
                "Track FCRs and warm-transfers; the Queue Time matters",
            ),
            (Some(2), "IVR: the menu"),
            (None, "sla is not SLA in lower case"),
        ];
        assert_eq!(used(&terms, &texts), [true, true, false, true, true]);
        assert_eq!(used(&["FCR"], &[(None, "fcr")]), [false]);
        assert_eq!(used(&["ab cd"], &[(None, "ab ab cd")]), [true]);
        assert_eq!(used(&["cd ab"], &[(None, "ab cd")]), [false]);
    }

    #[test]
    fn a_term_counts_in_a_second_text_after_its_own() {
        let texts = [(Some(0), "x y"), (Some(1), "x y")];
        assert_eq!(used(&["x y", "y"], &texts), [true, true]);
        assert_eq!(used(&["", "-"], &[]), [true, true]);
    }

    #[test]
    fn nested_terms_are_all_found() {
        let terms = ["a", "a a", "a a a", "b a a"];
        assert_eq!(used(&terms, &[(None, "b a a")]), [true, true, false, true]);
    }

    /// Up to `most + 1` words of a small vocabulary of cases and plurals.
    fn phrase(next: &mut impl FnMut(usize) -> usize, most: usize) -> String {
        const VOCABULARY: [&str; 13] = [
            "a", "A", "as", "AS", "b", "bs", "B", "FCR", "FCRs", "fcr", "Ab", "é", "És",
        ];
        let words: Vec<&str> = (0..=next(most))
            .map(|_| VOCABULARY[next(VOCABULARY.len())])
            .collect();
        words.join(" ")
    }

    #[test]
    fn agrees_with_mentions() {
        let mut random = Random::new(7);
        let mut next = |n: usize| random.below(n);
        for _ in 0..2_000 {
            let count = next(4) + 1;
            let terms: Vec<String> = (0..count).map(|_| phrase(&mut next, 2)).collect();
            let texts: Vec<(Option<usize>, String)> = (0..next(4))
                .map(|text| {
                    (
                        (text < count && text % 2 == 0).then_some(text),
                        phrase(&mut next, 5),
                    )
                })
                .collect();
            let keys: Vec<&str> = terms.iter().map(String::as_str).collect();
            let words: Vec<(Option<usize>, Vec<&str>)> = texts
                .iter()
                .map(|(own, text)| (*own, acronym::words(text)))
                .collect();
            let expected: Vec<bool> = keys
                .iter()
                .enumerate()
                .map(|(index, key)| {
                    let pattern = acronym::words(key);
                    pattern.is_empty()
                        || words.iter().any(|(own, words)| {
                            *own != Some(index)
                                && acronym::mentions(
                                    words,
                                    &pattern,
                                    acronym::is_acronym_shape(key),
                                )
                        })
                })
                .collect();
            assert_eq!(
                used_elsewhere(&keys, words.iter().cloned()),
                expected,
                "{terms:?} in {texts:?}"
            );
        }
    }

    #[test]
    fn mentioned_agrees_with_mentions_search_after_search() {
        let mut random = Random::new(11);
        let mut next = |n: usize| random.below(n);
        for _ in 0..300 {
            let mut terms: Vec<String> = (0..next(5) + 1).map(|_| phrase(&mut next, 2)).collect();
            if next(4) == 0 {
                terms.push("-".to_string()); // a term with no words
            }
            let keys: Vec<&str> = terms.iter().map(String::as_str).collect();
            let search = Terms::new(&keys);
            // The same terms against several SOPs: nothing carries over.
            for _ in 0..4 {
                let texts: Vec<String> = (0..next(4)).map(|_| phrase(&mut next, 5)).collect();
                let words: Vec<Vec<&str>> = texts.iter().map(|text| acronym::words(text)).collect();
                let expected: Vec<bool> = keys
                    .iter()
                    .map(|key| {
                        let pattern = acronym::words(key);
                        words.iter().any(|words| {
                            acronym::mentions(words, &pattern, acronym::is_acronym_shape(key))
                        })
                    })
                    .collect();
                assert_eq!(
                    search.mentioned(words.iter().cloned()),
                    expected,
                    "{terms:?} in {texts:?}"
                );
            }
        }
    }
}
