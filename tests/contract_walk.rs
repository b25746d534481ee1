#![cfg(not(target_arch = "wasm32"))]
//! Differential property test of the walk over JSON text (`contract::validate_update_lead_text`)
//! against the same walk over the `Value` serde_json parses from that text
//! (`validate_update_lead`): equal whenever serde_json reads the text; text it refuses is
//! never accepted, and ends in one issue at the path where the walk stopped.

use convocore_leads::contract::{validate_update_lead_text, INVALID_JSON};
use convocore_leads::{codes, validate_update_lead, Validation};
use proptest::prelude::*;
use serde_json::{json, Value as J};

mod common;
use common::*;

/// What the walk of the parsed value says, `None` for text serde_json does not read.
fn by_value(text: &str) -> Option<Validation> {
    serde_json::from_str::<J>(text).ok().map(|v| validate_update_lead(&v))
}

fn assert_same(text: &str) {
    let walked = validate_update_lead_text(text);
    match by_value(text) {
        Some(value) => {
            // A parsed value's keys are sorted (serde_json's B-tree): its own text, in that
            // order, reads exactly the same; the text as written finds the same issues, in
            // the order of its keys (which ones, when they are cut at 100, can differ).
            let parsed: J = serde_json::from_str(text).unwrap();
            assert_eq!(validate_update_lead_text(&serde_json::to_string(&parsed).unwrap()), value, "text: {text}");
            if !walked.truncated && !value.truncated {
                assert_eq!(walks::sorted_issues(&walked.issues), walks::sorted_issues(&value.issues), "text: {text}");
                assert_eq!(walks::sorted_issues(&walked.warnings), walks::sorted_issues(&value.warnings), "text: {text}");
            }
        }
        // Text serde_json refuses (not JSON, a number too large for an f64, a lone surrogate,
        // nesting past its limit) is never accepted. The walk stops with an issue where it
        // finds out, or, when the fault is in a value it only skips (serde_json does not
        // check the escapes or the range of what it skips), it has an error already: values
        // are skipped only under one (an unknown field, a wrong type, a limit).
        None => assert!(!walked.is_ok(), "accepted text that serde_json refuses: {text}"),
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn walk_of_text_equals_walk_of_parsed_value(
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
        if !walks::has_duplicate_keys(&edited) {
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

// From tests/core_json.rs (the hand-written parser's tests): what the text walk, now the
// crate's one reader of JSON text, makes of escapes, numbers and broken structure.
#[test]
fn escapes_numbers_and_structure_of_the_text() {
    let body = |name: &str| format!(r#"{{"agentId":"a","lead":{{"name":{name}}}}}"#);
    for ok in [r#""a\"b\\c\/d\b\f\n\r\t""#, r#""\u00e9\u4e2d""#, r#""\ud83d\ude00""#, r#""😀 raw""#] {
        let v = validate_update_lead_text(&body(ok));
        assert!(v.is_ok() && v.warnings.is_empty(), "{ok}: {v:?}");
    }
    let first = |text: &str| validate_update_lead_text(text).issues.first().map(|i| (i.path.clone(), i.code));
    for lone in [r#""\ud83d""#, r#""\ude00""#, r#""\ud83d\u0041""#] {
        assert_eq!(first(&body(lone)), Some(("/lead/name".to_string(), codes::UNSUPPORTED_VALUE)), "{lone}");
    }
    for bad in [r#""\x""#, r#""\u12""#, "\"a\nb\"", "\"open", "'single'"] {
        assert_eq!(first(&body(bad)), Some(("/lead/name".to_string(), INVALID_JSON)), "{bad:?}");
    }
    let score = |n: &str| format!(r#"{{"agentId":"a","lead":{{"hotScore":{n}}}}}"#);
    for n in ["0", "-0", "12", "1.5e3", "1E-2", "-7.25", "1e+2", "9007199254740993", "99999999999999999999", "100.000"] {
        assert!(validate_update_lead_text(&score(n)).is_ok(), "{n}");
    }
    for bad in ["01", "1.", ".5", "+1", "-", "1e", "1e+", "0x10", "NaN", "Infinity", "-Infinity", "1.e5"] {
        // At the number, or just after it where a number ends early (`0` of `0x10`).
        let v = validate_update_lead_text(&score(bad));
        let stop = v.issues.last().map(|i| (i.path.as_str(), i.code));
        assert!(matches!(stop, Some(("/lead/hotScore" | "/lead", INVALID_JSON))) && v.issues.len() == 1, "{bad}: {v:?}");
    }
    for bad in ["", "[1,]", "{\"a\":1,}", "[1 2]", "{a:1}", "[1] x", "tru", "{\"a\"}", "[", "{", "{\"agentId\":\"a\",\"lead\":{}} x"] {
        let v = validate_update_lead_text(bad);
        assert_eq!(v.issues.iter().filter(|i| i.code == INVALID_JSON).count(), 1, "{bad:?}: {v:?}");
    }
    // The message says where, in serde_json's words.
    let v = validate_update_lead_text("{\n  \"agentId\": \"a\",\n  \"lead\" {}\n}");
    let i = v.issues.last().unwrap();
    // Before the value of "lead" was reached: at the root object.
    assert_eq!((i.path.as_str(), i.code), ("", INVALID_JSON), "{v:?}");
    assert!(i.message.contains("line 3 column 10"), "{}", i.message);
}

#[test]
fn limits_are_those_of_the_value_walk() {
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
