#![cfg(not(target_arch = "wasm32"))]
//! Differential property test: validating JSON text directly (`validate_update_lead_json`)
//! gives exactly what parsing it and validating the tree gives (the same issues, warnings
//! and truncation, or the same parse error), on generated bodies and on mutations of their
//! text, valid or not.

use convocore_leads::schema::{Field, Kind, UPDATE_LEAD_BODY};
use convocore_leads::{json, validate_update_lead, validate_update_lead_json, JsonError, Validation};
use proptest::prelude::*;
use serde_json::{json, Value as J};

mod common;
use common::*;

fn by_tree(text: &str) -> Result<Validation, JsonError> {
    json::parse(text).map(|v| validate_update_lead(&v))
}

fn assert_same(text: &str) {
    assert_eq!(validate_update_lead_json(text), by_tree(text), "text: {text}");
}

/// Pieces that change what the text means at the JSON level.
const PIECES: &[&str] = &[
    "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0041", "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\n", "\\/", "\u{1}", " ",
    "\n", "null", "true", "fals", "-", "0", "01", "1e999", "-0", "1.", ".5", "1e", "2.5e-3", "é", "\"agentId\":\"x\",",
    "\"lead\":{},", "\"ts\":1,", "\"source\":\"chat\",", "\"foo\":1,", "\"metadata\":{\"a\":[1,{\"b\":null}]},",
    "\"a\\u0067entId\":\"x\",", "\"stage\":\"wonn\",", "\"email\":\"nope\",",
];

/// Inserts, deletes or replaces text at byte offsets drawn from `edits`, on char boundaries.
fn edit(text: &str, edits: &[(usize, usize, usize)]) -> String {
    let mut t = text.to_string();
    for &(at, what, how) in edits {
        let mut at = at % (t.len() + 1);
        while !t.is_char_boundary(at) {
            at -= 1;
        }
        let piece = PIECES[what % PIECES.len()];
        match how % 3 {
            0 => t.insert_str(at, piece),
            1 => {
                let mut end = (at + 1 + what % 8).min(t.len());
                while !t.is_char_boundary(end) {
                    end += 1;
                }
                t.replace_range(at..end, "");
            }
            _ => {
                let mut end = (at + 1).min(t.len());
                while !t.is_char_boundary(end) {
                    end += 1;
                }
                t.replace_range(at..end, piece);
            }
        }
    }
    t
}

/// The body's text, compact or with whitespace, sometimes with an entry repeated after
/// the first `{` of an object (a duplicate key: the last one wins).
fn text_of(doc: &J, r: &mut common::Rng) -> String {
    let text = if r.chance(20) { serde_json::to_string_pretty(doc).unwrap() } else { serde_json::to_string(doc).unwrap() };
    let opens: Vec<usize> = text.match_indices('{').map(|(i, _)| i + 1).collect();
    if opens.is_empty() || !r.chance(15) {
        return text;
    }
    let at = opens[r.below(opens.len())];
    let entry = format!("\"{}\":{},", r.pick(ALL_KEYS), any_json(r, 2));
    let mut t = text;
    t.insert_str(at, &entry);
    t
}

/// The text of `doc` with the keys of each object in its schema's order, then any others:
/// as `JSON.stringify` writes objects built field by field, the order the text validation
/// reads fastest (serde_json's own maps sort their keys).
fn in_schema_order(doc: &J, kind: Option<&Kind>) -> String {
    match (doc, kind) {
        (J::Object(m), _) => {
            let fields: Vec<&Field> = match kind {
                Some(Kind::Object(schema)) => schema.fields.iter().collect(),
                _ => Vec::new(),
            };
            let known = fields.iter().filter(|f| m.contains_key(f.name)).map(|f| (f.name, Some(&f.kind)));
            let others = m.keys().filter(|k| !fields.iter().any(|f| f.name == k.as_str())).map(|k| (k.as_str(), None));
            let entries: Vec<String> =
                known.chain(others).map(|(k, kind)| format!("{}:{}", J::from(k), in_schema_order(&m[k], kind))).collect();
            format!("{{{}}}", entries.join(","))
        }
        (J::Array(items), _) => {
            let item = match kind {
                Some(Kind::Array(item)) => Some(*item),
                _ => None,
            };
            format!("[{}]", items.iter().map(|v| in_schema_order(v, item)).collect::<Vec<_>>().join(","))
        }
        _ => doc.to_string(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn text_validation_equals_tree_validation(
        seed in 1u64..,
        mutations in 0usize..4,
        edits in proptest::collection::vec((any::<usize>(), any::<usize>(), any::<usize>()), 0..3),
    ) {
        let mut r = common::Rng(seed);
        let mut doc = valid_body(&mut r);
        for _ in 0..mutations {
            mutate(&mut r, &mut doc);
        }
        // serde_json's key order (sorted), and the schema's.
        for text in [text_of(&doc, &mut r), in_schema_order(&doc, Some(&Kind::Object(&UPDATE_LEAD_BODY)))] {
            assert_same(&text);
            assert_same(&edit(&text, &edits));
        }
    }
}

/// A body with `n` copies of a problem at every level, to reach the issue limit at many
/// places (the walk stops in the middle of objects and arrays).
fn many_problems(n: usize, r: &mut common::Rng) -> J {
    let mut doc = valid_body(r);
    let lead = doc["lead"].as_object_mut().unwrap();
    for i in 0..n {
        lead.insert(format!("x{i}"), json!(i));
    }
    let acts: Vec<J> = (0..n).map(|i| json!({"type": "Call?", "date": "soon", "metadata": {"k": [i, "s"]}})).collect();
    lead.insert("crmActivities".into(), J::Array(acts));
    lead.insert("metaData".into(), json!({"stage": 1, "notes": "", "demoTime": "25:00"}));
    lead.insert("ts".into(), json!("yesterday"));
    doc
}

#[test]
fn truncation_is_the_same_wherever_it_falls() {
    let mut r = common::Rng(7);
    for n in 0..120 {
        let doc = many_problems(n, &mut r);
        let text = serde_json::to_string(&doc).unwrap();
        assert_same(&text);
        // The warning of a metaData without source still comes after a stop in it.
        assert_same(&text.replacen("\"metaData\":{", &format!("\"metaData\":{{{}", (0..n).map(|i| format!("\"y{i}\":0,")).collect::<String>()), 1));
    }
}

#[test]
fn limits_depth_and_escapes_are_the_same() {
    let deep = |n: usize, open: &str, close: &str| format!("{{\"agentId\":\"a\",\"lead\":{{\"crmActivities\":[{{\"type\":\"Call\",\"metadata\":{{\"a\":{}1{}}}}}]}}}}", open.repeat(n), close.repeat(n));
    let mut texts = vec![
        deep(62, "[", "]"),
        deep(63, "[", "]"),
        deep(64, "[", "]"),
        deep(130, "[", "]"),
        deep(62, "{\"k\":", "}"),
        deep(64, "{\"k\":", "}"),
        format!("{{\"agentId\":\"a\",\"lead\":{{\"name\":{}1{}}}}}", "[".repeat(127), "]".repeat(127)),
        format!("{{\"agentId\":\"a\",\"lead\":{{\"name\":{}1{}}}}}", "[".repeat(125), "]".repeat(125)),
        "{\"agentId\":\"a\\u0000\",\"lead\":{\"name\":\"\\ud83d\\ude00\",\"phone\":\"\\ud83d\"}}".to_string(),
        "{\"agentId\":\"a\",\"lead\":{\"name\":\"\\ud83d\\ude00\",\"email\":\"\\u0061@b.c\"}}".to_string(),
        "{\"agentId\":\"a\",\"lead\":{\"hotScore\":1e999,\"convoId\":-1e999,\"ts\":-0,\"metaData\":{\"value\":1e400}}}".to_string(),
        "{\"agentId\":\"a\",\"lead\":{\"crmActivities\":[{\"type\":\"Call\",\"metadata\":{\"x\":1e999,\"y\":[1e999]}}]}}".to_string(),
        "{\"agentId\":\"a\",\"lead\":{},\"lead\":{\"name\":1}}".to_string(),
        "{\"agentId\":\"a\",\"lead\":{\"foo\":1,\"foo\":2}}".to_string(),
        "{\"agentId\":\"a\",\"lead\":{\"crmActivities\":[{\"type\":\"Call\",\"metadata\":{\"k\":1,\"k\":[]}}]}}".to_string(),
        " \r\n\t{\"agentId\":\"a\",\"lead\":{}} \n".to_string(),
        "{\"agentId\":\"a\",\"lead\":{}} x".to_string(),
        "[]".to_string(),
        "\"text\"".to_string(),
        "".to_string(),
        "{\"agentId\":\"a\",\"lead\":{\"metaData\":{\"notes\":\"".to_string() + &"n".repeat(100_001) + "\"}}}",
        "{\"agentId\":\"a\",\"lead\":{\"metaData\":{\"notes\":\"".to_string() + &"é".repeat(60_000) + "\"}}}",
    ];
    for (n, limit) in [(10_000, "crmActivities"), (10_001, "crmActivities"), (10_001, "notesHistory")] {
        let items = vec![if limit == "crmActivities" { "{\"type\":\"Call\"}" } else { "{\"text\":\"t\"}" }; n].join(",");
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
    for text in &texts {
        assert_same(text);
    }
}
