//! The generator of the rule catalog and registry (`build/rules.rs`, run by `build.rs`): what it
//! reads from a doc and a rule file, and the errors that tell a contributor what is missing.

#![allow(clippy::unwrap_used, clippy::panic, reason = "a test fails loudly on unexpected data")]

#[path = "../build/rules.rs"]
mod rules;

use std::path::Path;

use rules::{Doc, RuleFile, check, parse_doc, parse_rule_file, registry_rs};

const DOC: &str = "# JC777 some-rule\n\nSeverity: **warning**. AWS documentation: [x](https://docs.aws.amazon.com/x).\n\n\
                   Fires when a value is odd and\nspans two lines.\n\n## Why\n\nBecause.\n";

#[test]
fn a_doc_gives_id_name_severity_and_summary() {
    let d = parse_doc("JC777.md", DOC).unwrap();
    assert_eq!(
        d,
        Doc { id: "JC777".into(), name: "some-rule".into(), severity: "Warning", summary: "a value is odd and spans two lines".into() }
    );
}

#[test]
fn a_doc_without_its_metadata_is_an_error_naming_what_is_missing() {
    let err = |file: &str, text: &str| parse_doc(file, text).unwrap_err();
    assert!(err("JC778.md", DOC).contains("the title's ID must be the file's name"));
    assert!(err("JC777.md", &DOC.replace("some-rule", "Some_Rule")).contains("lowercase"));
    assert!(err("JC777.md", &DOC.replace("**warning**", "**fatal**")).contains("Severity"));
    assert!(err("JC777.md", &DOC.replace("Fires when", "Reports when")).contains("Fires when"));
    assert!(err("JC777.md", "no title").contains("# JCNNN rule-name"));
}

#[test]
fn a_rule_file_gives_its_module_id_and_rule_type() {
    let text = "use super::Rule;\npub struct OddValue;\n\nimpl Rule for OddValue {\n    fn meta(&self) {}\n}\n";
    assert_eq!(
        parse_rule_file("jc777_odd_value", text).unwrap(),
        RuleFile { module: "jc777_odd_value".into(), id: "JC777".into(), rule: Some("OddValue".into()) }
    );
    // JC002's and JC005's files build findings for other layers: modules, not registered rules.
    assert_eq!(parse_rule_file("jc002_value_unresolved", "pub fn note() {}\n").unwrap().rule, None);
    assert!(parse_rule_file("odd_value", text).unwrap_err().contains("jcNNN_rule_name.rs"));
    assert!(parse_rule_file("jc777-odd", text).unwrap_err().contains("jcNNN_rule_name.rs"));
    let two = format!("{text}impl Rule for Other {{}}\n");
    assert!(parse_rule_file("jc777_odd_value", &two).unwrap_err().contains("one `impl Rule for`"));
}

#[test]
fn a_rule_file_needs_a_doc_and_its_own_id() {
    let doc = parse_doc("JC777.md", DOC).unwrap();
    let file = |m: &str| parse_rule_file(m, "impl Rule for X {}\n").unwrap();
    assert!(check(std::slice::from_ref(&doc), &[file("jc777_odd_value")]).is_ok());
    assert!(check(std::slice::from_ref(&doc), &[file("jc778_other")]).unwrap_err().contains("write rules/JC778.md"));
    assert!(check(&[doc], &[file("jc777_a"), file("jc777_b")]).unwrap_err().contains("share an ID"));
}

#[test]
fn the_registry_declares_every_module_and_registers_only_rules() {
    let files = [
        parse_rule_file("jc002_value_unresolved", "pub fn note() {}\n").unwrap(),
        parse_rule_file("jc777_odd_value", "impl Rule for OddValue {}\n").unwrap(),
    ];
    let text = registry_rs(Path::new("/r"), &files);
    assert!(text.contains("#[path = \"/r/jc002_value_unresolved.rs\"]\npub(crate) mod jc002_value_unresolved;"), "{text}");
    assert!(text.contains("pub static ALL: &[&dyn Rule] = &[&jc777_odd_value::OddValue, ];"), "{text}");
}

/// The repository's own docs and rule files generate without error, one rule per doc.
#[test]
fn the_repository_generates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (catalog, registry) = rules::generate(&root.join("rules"), &root.join("src/rules")).unwrap();
    assert_eq!(catalog.matches("pub static JC").count(), jobcheck::rules::CATALOG.len());
    assert_eq!(registry.matches("pub(crate) mod jc").count(), jobcheck::rules::ALL.len() + 2);
}
