#![cfg(not(target_arch = "wasm32"))]
//! Differential property test of the serde walk (`contract::validate_update_lead_text`):
//! on JSON text it reports exactly what the tree validation reports, and text that is not
//! JSON ends in one issue at the path where the walk stopped.

use convocore_leads::contract::{validate_update_lead_text, INVALID_JSON};
use convocore_leads::{codes, json, validate_update_lead, Validation};
use proptest::prelude::*;
use serde_json::{json, Value as J};

mod common;
use common::*;

/// What the tree validation says, `None` for text it cannot parse.
fn by_tree(text: &str) -> Option<Validation> {
    json::parse(text).ok().map(|v| validate_update_lead(&v))
}

fn assert_same(text: &str) {
    let walked = validate_update_lead_text(text);
    match by_tree(text) {
        // serde_json stops at a number too large for an f64 (JavaScript reads Infinity and
        // goes on): what the walk found up to there is what the tree found first.
        Some(tree) if walked.issues.last().is_some_and(|i| i.code == codes::NOT_FINITE && i.message.contains("too large")) => {
            let (stop, before) = walked.issues.split_last().unwrap();
            assert_eq!(tree.issues.get(..before.len()), Some(before), "text: {text}");
            // There the tree has Infinity: not_finite, or invalid_type where no number goes.
            assert_eq!(tree.issues.get(before.len()).map(|i| &i.path), Some(&stop.path), "text: {text}");
            assert_eq!(tree.warnings.get(..walked.warnings.len()), Some(&walked.warnings[..]), "text: {text}");
        }
        Some(tree) => assert_eq!(walked, tree, "text: {text}"),
        // Text that is not JSON is never accepted. The walk stops with an issue where it
        // finds out, or, when the fault is in a value it only skips (serde_json does not
        // check the escapes of skipped strings), it has an error already: values are
        // skipped only under one (an unknown field, a wrong type, a limit).
        None => assert!(!walked.is_ok(), "accepted text that is not JSON: {text}"),
    }
}

const PIECES: &[&str] = &[
    "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0041", "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\n", "\\/", "\u{1}", " ",
    "\n", "null", "true", "fals", "-", "0", "01", "1e999", "-0", "1.", ".5", "1e", "2.5e-3", "é", "\"agentId\":\"x\",",
    "\"lead\":{},", "\"ts\":1,", "\"source\":\"chat\",", "\"foo\":1,", "\"metadata\":{\"a\":[1,{\"b\":null}]},",
    "\"a\\u0067entId\":\"x\",", "\"stage\":\"wonn\",", "\"email\":\"nope\",",
];

fn edit(text: &str, edits: &[(usize, usize, usize)]) -> String {
    let mut t = text.to_string();
    for &(at, what, how) in edits {
        let mut at = at % (t.len() + 1);
        while !t.is_char_boundary(at) {
            at -= 1;
        }
        let piece = PIECES[what % PIECES.len()];
        let mut end = (at + 1 + what % 8 * (how % 3 % 2)).min(t.len());
        while !t.is_char_boundary(end) {
            end += 1;
        }
        match how % 3 {
            0 => t.insert_str(at, piece),
            1 => t.replace_range(at..end, ""),
            _ => t.replace_range(at..end, piece),
        }
    }
    t
}

/// Whether the text has an object with a key twice (the tree keeps the last, the walk
/// reports it): such texts are compared apart.
fn has_duplicate_keys(v: &J) -> bool {
    fn walk(text: &str) -> bool {
        let mut de = serde_json::Deserializer::from_str(text);
        serde::de::Deserializer::deserialize_any(&mut de, Dups).map(|d| d).unwrap_or(false)
    }
    struct Dups;
    impl<'de> serde::de::Visitor<'de> for Dups {
        type Value = bool;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result { f.write_str("json") }
        fn visit_bool<E>(self, _: bool) -> Result<bool, E> { Ok(false) }
        fn visit_i64<E>(self, _: i64) -> Result<bool, E> { Ok(false) }
        fn visit_u64<E>(self, _: u64) -> Result<bool, E> { Ok(false) }
        fn visit_f64<E>(self, _: f64) -> Result<bool, E> { Ok(false) }
        fn visit_str<E>(self, _: &str) -> Result<bool, E> { Ok(false) }
        fn visit_unit<E>(self) -> Result<bool, E> { Ok(false) }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut s: A) -> Result<bool, A::Error> {
            let mut any = false;
            while let Some(d) = s.next_element_seed(Seed)? { any |= d; }
            Ok(any)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<bool, A::Error> {
            let mut keys = std::collections::HashSet::new();
            let mut any = false;
            while let Some(k) = m.next_key::<String>()? {
                any |= !keys.insert(k);
                any |= m.next_value_seed(Seed)?;
            }
            Ok(any)
        }
    }
    struct Seed;
    impl<'de> serde::de::DeserializeSeed<'de> for Seed {
        type Value = bool;
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> { d.deserialize_any(Dups) }
    }
    walk(v.as_str().unwrap_or(""))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn walk_equals_tree_validation(
        seed in 1u64..,
        mutations in 0usize..4,
        edits in proptest::collection::vec((any::<usize>(), any::<usize>(), any::<usize>()), 0..3),
    ) {
        let mut r = common::Rng(seed);
        let mut doc = valid_body(&mut r);
        for _ in 0..mutations {
            mutate(&mut r, &mut doc);
        }
        let text = serde_json::to_string(&doc).unwrap();
        assert_same(&text);
        let edited = edit(&text, &edits);
        if !has_duplicate_keys(&J::String(edited.clone())) {
            assert_same(&edited);
        }
    }
}

#[test]
fn duplicate_schema_fields_are_reported() {
    let v = validate_update_lead_text(r#"{"agentId":"a","lead":{"name":"A","name":null}}"#);
    assert_eq!(v.issues.iter().map(|i| (i.path.as_str(), i.code)).collect::<Vec<_>>(), vec![("/lead/name", codes::DUPLICATE_KEY)]);
}

#[test]
fn text_that_is_not_json_is_reported_where_it_stops() {
    let v = validate_update_lead_text(r#"{"agentId":"a","lead":{"metaData":{"stage":"won","notes":}}}"#);
    assert_eq!(v.issues.len(), 1, "{v:?}");
    assert_eq!((v.issues[0].path.as_str(), v.issues[0].code), ("/lead/metaData/notes", INVALID_JSON));
    let v = validate_update_lead_text(r#"{"agentId":"a","lead":{"name":"\ud800"}}"#);
    assert_eq!((v.issues[0].path.as_str(), v.issues[0].code), ("/lead/name", codes::UNSUPPORTED_VALUE));
    let v = validate_update_lead_text(r#"{"agentId":"a","lead":{"hotScore":1e999}}"#);
    assert_eq!((v.issues[0].path.as_str(), v.issues[0].code), ("/lead/hotScore", codes::NOT_FINITE));
    let v = validate_update_lead_text(r#"{"agentId":"a","lead":{}} x"#);
    assert_eq!((v.issues[0].path.as_str(), v.issues[0].code), ("", INVALID_JSON));
}

#[test]
fn limits_are_those_of_the_tree() {
    let deep = |n: usize, open: &str, close: &str| format!("{{\"agentId\":\"a\",\"lead\":{{\"crmActivities\":[{{\"type\":\"Call\",\"metadata\":{{\"a\":{}1{}}}}}]}}}}", open.repeat(n), close.repeat(n));
    let mut texts = vec![deep(62, "[", "]"), deep(63, "[", "]"), deep(64, "[", "]"), deep(62, "{\"k\":", "}"), deep(64, "{\"k\":", "}")];
    for (n, limit) in [(10_000, "crmActivities"), (10_001, "crmActivities"), (10_001, "notesHistory")] {
        let items = vec![if limit == "crmActivities" { "{\"type\":\"Call?\"}" } else { "{\"text\":\"\"}" }; n].join(",");
        texts.push(if limit == "crmActivities" {
            format!("{{\"agentId\":\"a\",\"lead\":{{\"crmActivities\":[{items}]}}}}")
        } else {
            format!("{{\"agentId\":\"a\",\"lead\":{{\"crmActivities\":[{{\"type\":\"Call\",\"notesHistory\":[{items}]}}]}}}}")
        });
    }
    for n in [1_000, 1_001] {
        let keys = (0..n).map(|i| format!("\"k{i}\":{i}")).collect::<Vec<_>>().join(",");
        texts.push(format!("{{\"agentId\":\"a\",\"lead\":{{\"crmActivities\":[{{\"type\":\"Call\",\"metadata\":{{{keys}}}}}]}}}}"));
        let items = vec!["0"; n * 10 + 1].join(",");
        texts.push(format!("{{\"agentId\":\"a\",\"lead\":{{\"crmActivities\":[{{\"type\":\"Call\",\"metadata\":{{\"a\":[{items}]}}}}]}}}}"));
    }
    texts.push("{\"agentId\":\"a\",\"lead\":{\"metaData\":{\"notes\":\"".to_string() + &"n".repeat(100_001) + "\"}}}");
    texts.push("{\"agentId\":\"a\",\"lead\":{\"metaData\":{\"notes\":\"".to_string() + &"é".repeat(60_000) + "\"}}}");
    for text in &texts {
        assert_same(text);
    }
    // Deeper than serde_json reads: one too_deep, at the level past the limit.
    let v = validate_update_lead_text(&deep(200, "[", "]"));
    assert_eq!(v.issues.iter().map(|i| i.code).collect::<Vec<_>>(), vec![codes::TOO_DEEP], "{v:?}");
    let _ = json!(null);
}
