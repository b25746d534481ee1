#![cfg(not(target_arch = "wasm32"))]
//! Regressions from fuzzing and hostile-input review (see SECURITY.md). Each test names what
//! once went wrong; the bounds are the documented ones.

use std::time::{Duration, Instant};

use convocore_leads::contract::validate_update_lead_text;
use convocore_leads::*;

fn parse_json(text: &str) -> serde_json::Result<Value> {
    serde_json::from_str(text)
}
fn to_json(v: &Value) -> String {
    serde_json::to_string(v).unwrap()
}

fn codes_of(v: &Validation) -> Vec<&str> {
    v.issues.iter().map(|i| i.code).collect()
}

/// Generous: linear work here takes well under a second even unoptimized, the quadratic
/// work this guards against took minutes.
const LINEAR: Duration = Duration::from_secs(20);

fn object_text(keys: usize) -> String {
    let mut s = String::from("{");
    for i in 0..keys {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&format!("\"k{i}\":{i}"));
    }
    s.push('}');
    s
}

// Map::insert searched linearly, so parsing (or converting) an object with n keys cost
// O(n²): 30,000 keys took 21 s in wasm. Now serde_json's (indexed) map.
#[test]
fn objects_with_200k_keys_parse_validate_diff_and_apply_in_linear_time() {
    let many = object_text(200_000);
    let start = Instant::now();
    let body = parse_json(&format!("{{\"agentId\":\"a\",\"lead\":{{\"crmActivities\":[{{\"type\":\"Call\",\"metadata\":{many}}}]}}}}")).unwrap();
    let v = validate_update_lead(&body);
    assert!(codes_of(&v).contains(&codes::TOO_MANY), "{:?}", codes_of(&v));

    let lead = parse_json(&many).unwrap();
    let v = validate_update_lead(&parse_json(&format!("{{\"agentId\":\"a\",\"lead\":{many}}}")).unwrap());
    assert_eq!(v.issues.last().map(|i| i.code), Some(codes::TOO_MANY_ISSUES));
    assert!(diff_lead(&lead, &lead, None).unwrap().is_empty());
    assert!(diff_lead(&lead, &Value::Object(Map::new()), None).is_err()); // unknown fields cannot be removed
    assert!(apply_lead_patch(&lead, &parse_json("{\"name\":\"x\"}").unwrap(), None).is_ok());
    assert!(start.elapsed() < LINEAR, "{:?}", start.elapsed());
}

// Validation straight from text looked for a duplicate among all the unknown keys read so
// far in the object, so a body whose lead had n unknown keys cost O(n²): 100,000 keys took
// 15.7 s in wasm (validateUpdateLead and validateUpdateLeadsNdjson). The serde walk checks
// only schema fields for duplicates, a bit each.
#[test]
fn bodies_with_200k_unknown_keys_validate_from_text_in_linear_time() {
    let many = object_text(200_000);
    let start = Instant::now();
    for text in [format!("{{\"agentId\":\"a\",\"lead\":{many}}}"), format!("{{\"agentId\":\"a\",\"lead\":{{\"assignedTo\":{many}}}}}")] {
        let v = validate_update_lead_text(&text);
        // The same as the walk of the parsed value, whose keys are sorted: read in that order.
        let value = parse_json(&text).unwrap();
        assert_eq!(validate_update_lead_text(&to_json(&value)), validate_update_lead(&value));
        assert_eq!(v.issues.last().map(|i| i.code), Some(codes::TOO_MANY_ISSUES));
    }
    assert!(start.elapsed() < LINEAR, "{:?}", start.elapsed());
}

// `Map` is serde_json's B-tree (no `preserve_order`, whose IndexMap hashes with std's
// SipHash: on wasm32-unknown-unknown its keys are fixed, so keys made to collide could be
// searched for offline — SECURITY.md): lookups stay O(log n) whatever the keys, and objects
// come out with their keys sorted.
#[test]
fn map_lookups_and_removals_across_many_keys() {
    let mut m = Map::new();
    for i in 0..40 {
        m.insert(format!("k{i}"), Value::from(i));
    }
    m.insert("k3".into(), Value::from(-3));
    assert_eq!(m.remove("k0"), Some(Value::from(0)));
    assert_eq!(m.get("k3"), Some(&Value::from(-3)));
    assert_eq!(m.get("k39"), Some(&Value::from(39)));
    assert!(!m.contains_key("k0"));
    assert_eq!(m.len(), 39);
    // What the crate does with it: clearing a field in the middle of a lead.
    let lead = parse_json(r#"{"a":1,"email":"e@x.io","b":2,"c":3}"#).unwrap();
    let after = apply_lead_patch(&lead, &parse_json(r#"{"email":null}"#).unwrap(), None).unwrap();
    assert_eq!(to_json(&after), r#"{"a":1,"b":2,"c":3}"#);
    let mut b = LeadPatchBuilder::new("x");
    b.name("n").email("e@x.io").phone("1");
    b.unset("name").unwrap();
    assert_eq!(serde_json::to_string(&b.build().unwrap()).unwrap(), r#"{"agentId":"x","lead":{"email":"e@x.io","phone":"1"}}"#);
}

#[test]
fn a_10_mb_string_is_refused_as_too_long() {
    let name = "x".repeat(10 * 1024 * 1024);
    let body = parse_json(&format!("{{\"agentId\":\"a\",\"lead\":{{\"name\":\"{name}\"}}}}")).unwrap();
    assert_eq!(codes_of(&validate_update_lead(&body)), [codes::TOO_LONG]);
}

#[test]
fn a_100k_activity_array_is_refused_as_too_many() {
    let activities = vec!["{\"type\":\"Call\"}"; 100_000].join(",");
    let body = parse_json(&format!("{{\"agentId\":\"a\",\"lead\":{{\"crmActivities\":[{activities}]}}}}")).unwrap();
    assert_eq!(codes_of(&validate_update_lead(&body)), [codes::TOO_MANY]);
}

#[test]
fn nesting_10000_levels_is_a_parse_error_not_a_stack_overflow() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(parse_json(&deep).is_err());
    assert!(!validate_update_lead_text(&deep).is_ok());
    let deep = format!("{{\"agentId\":\"a\",\"lead\":{{\"crmActivities\":[{{\"type\":\"Call\",\"metadata\":{{\"a\":{}1{}}}}}]}}}}", "{\"b\":".repeat(10_000), "}".repeat(10_000));
    assert!(parse_json(&deep).is_err());
    // The walk of the text stops there too: too deep, once.
    assert_eq!(codes_of(&validate_update_lead_text(&deep)), [codes::TOO_DEEP]);
}

#[test]
fn metadata_nested_past_its_limit_is_too_deep() {
    let n = limits::MAX_METADATA_DEPTH + 10;
    let text = format!("{{\"agentId\":\"a\",\"lead\":{{\"crmActivities\":[{{\"type\":\"Call\",\"metadata\":{}1{}}}]}}}}", "{\"b\":".repeat(n), "}".repeat(n));
    assert_eq!(codes_of(&validate_update_lead(&parse_json(&text).unwrap())), [codes::TOO_DEEP]);
}

#[test]
fn prototype_keys_in_metadata_stay_plain_data() {
    let text = r#"{"agentId":"a","lead":{"crmActivities":[{"type":"Call","metadata":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}},"prototype":3}}]}}"#;
    let (body, _) = normalize_update_lead(parse_json(text).unwrap(), None).unwrap();
    assert_eq!(body, parse_json(text).unwrap());
    assert!(to_json(&body).contains(r#""metadata":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}},"prototype":3}"#));
    let lead = parse_json(r#"{"id":"L"}"#).unwrap();
    let patch = body.as_object().unwrap().get("lead").unwrap();
    let after = apply_lead_patch(&lead, patch, None).unwrap();
    assert!(to_json(&after).contains(r#""metadata":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}},"prototype":3}"#));
}

#[test]
fn an_at_sign_in_a_base_url_path_is_a_path_character_not_credentials() {
    // From fuzz/fuzz_targets/url.rs, whose check had taken any `@` of a base for credentials.
    let endpoint = convocore_leads::http::endpoint::Endpoint::new(None, Some("http://localhost//.2ss)@sss3s")).expect("a path may hold @");
    assert_eq!(endpoint.base_url(), "http://localhost//.2ss)@sss3s");
    assert!(convocore_leads::http::endpoint::Endpoint::new(None, Some("https://user@example.com/v3")).is_err());
}
