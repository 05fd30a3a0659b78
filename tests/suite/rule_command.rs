//! `sop rule`: the list for people and for tools, and one rule's page.

use crate::common;

use common::{repo, sop, stderr, stdout};
use sop::rules::Rule;

#[test]
fn the_json_list_has_every_rule_with_its_docs_and_link() {
    let output = sop(repo(), &["rule", "--list", "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let listed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), Rule::all().count());
    for (entry, rule) in listed.iter().zip(Rule::all()) {
        assert_eq!(entry["id"], rule.id());
        assert_eq!(entry["default_severity"], rule.default_severity().as_str());
        assert_eq!(entry["summary"], rule.summary());
        assert_eq!(entry["help_uri"], rule.help_uri());
        assert_eq!(entry["docs"], rule.docs());
    }
    let one = sop(repo(), &["rule", "call-cycle", "--format", "json"]);
    let one: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    let call_cycle = listed.iter().find(|entry| entry["id"] == "call-cycle");
    assert_eq!(Some(&one), call_cycle);
}

#[test]
fn the_list_is_one_line_per_rule_with_or_without_the_flag() {
    let listed = sop(repo(), &["rule", "--list"]);
    let bare = sop(repo(), &["rule"]);
    assert_eq!(stdout(&listed), stdout(&bare));
    let lines: Vec<String> = stdout(&listed).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), Rule::all().count());
    for (line, rule) in lines.iter().zip(Rule::all()) {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words[0], rule.id());
        assert_eq!(words[1], rule.default_severity().as_str());
        assert!(line.ends_with(&rule.summary()), "{line}");
    }
}

#[test]
fn an_unknown_id_exits_2_with_the_closest_id() {
    let output = sop(repo(), &["rule", "metric-without-targt"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "");
    assert!(
        stderr(&output).contains("(did you mean `metric-without-target`?)"),
        "{}",
        stderr(&output)
    );
}
