#![cfg(target_arch = "wasm32")]
//! The binding as JavaScript sees it, run by wasm-bindgen-test in Node and in headless
//! Chromium (scripts/test.sh runs both): values cross the real boundary, errors come back
//! as real `ConvocoreError`s.
use convocore_leads::wasm::builder::LeadPatchBuilder;
use convocore_leads::wasm::{apply_lead_patch, diff_lead, prepare_update_lead, validate_update_lead, validate_update_leads_ndjson};
use js_sys::{Function, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

fn js(text: &str) -> JsValue {
    JSON::parse(text).expect("test JSON")
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).expect("property")
}

fn json(v: &JsValue) -> String {
    JSON::stringify(v).expect("stringify").as_string().unwrap_or_default()
}

/// `v` as a value, for comparisons in which key order does not count (objects leave the
/// wasm with their keys sorted).
fn value(v: &JsValue) -> serde_json::Value {
    serde_json::from_str(&json(v)).expect("JSON")
}

fn parsed(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("test JSON")
}

/// A JavaScript expression's value, for what JSON cannot write (NaN, BigInt, Date, cycles).
fn eval(expr: &str) -> JsValue {
    Function::new_no_args(&format!("return ({expr});")).call0(&JsValue::UNDEFINED).expect("eval")
}

#[wasm_bindgen_test]
fn valid_body_is_ok_with_warnings_apart() {
    let r = validate_update_lead(js(r#"{"agentId":"a1","lead":{"name":"John Smith","metaData":{"notes":"Follow up"}}}"#));
    assert_eq!(get(&r, "ok"), JsValue::TRUE);
    assert_eq!(json(&get(&r, "issues")), "[]");
    assert!(json(&get(&r, "warnings")).contains("default_applies"));
}

#[wasm_bindgen_test]
fn text_beyond_ascii_crosses_whole() {
    // Text is copied into the wasm by a fast path for ASCII: other text, with its first
    // non-ASCII character anywhere, must arrive whole too (a cut text is not JSON).
    let line = |name: &str| format!(r#"{{"agentId":"a1","lead":{{"name":"{name}","email":"x@y.z"}}}}"#);
    for name in ["Zoë", "é", "😀", "a😀", "Ångström 😀 ✓", "\\u00e9"] {
        for text in [line(name), format!("{}\n{}", line("Ada"), line(name)), format!("{}\r\n", line(name))] {
            let results = validate_update_leads_ndjson(JsValue::from_str(&text)).expect("a string");
            let results = js_sys::Array::from(&results);
            assert!(results.length() >= 1, "{text}");
            for r in results.iter() {
                assert_eq!(get(&r, "ok"), JsValue::TRUE, "{text}: {}", json(&r));
            }
        }
    }
    // Characters are counted, not bytes: 60,000 two-byte characters are within the limit
    // of 100,000, one more than the limit is not.
    for (n, ok) in [(60_000, true), (100_001, false)] {
        let results = validate_update_leads_ndjson(JsValue::from_str(&line(&"é".repeat(n)))).expect("a string");
        let r = js_sys::Array::from(&results).get(0);
        assert_eq!(get(&r, "ok"), JsValue::from_bool(ok), "{n}");
        assert_eq!(json(&get(&r, "issues")).contains("too_long"), !ok, "{n}");
    }
}

#[wasm_bindgen_test]
fn near_miss_gets_a_suggestion_at_its_path() {
    let r = validate_update_lead(js(r#"{"agentId":"a1","lead":{"metaData":{"stage":"wonn","source":"chat"}}}"#));
    assert_eq!(get(&r, "ok"), JsValue::FALSE);
    let issue = Reflect::get_u32(&get(&r, "issues"), 0).unwrap();
    assert_eq!(get(&issue, "path").as_string().unwrap(), "/lead/metaData/stage");
    assert_eq!(get(&issue, "code").as_string().unwrap(), "invalid_enum");
    assert_eq!(get(&issue, "suggestion").as_string().unwrap(), "won");
}

#[wasm_bindgen_test]
fn javascript_only_values_are_precise_issues_not_crashes() {
    let body = eval("(() => { const o = {agentId: 'a', lead: {hotScore: NaN, convoId: 10n, name: () => 1, metaData: new Map(), crmActivities: [ , {type: 'Call'}]}}; o.lead.assignedTo = {userId: 'u', self: o}; return o; })()");
    let r = validate_update_lead(body);
    let text = json(&get(&r, "issues"));
    for path in ["/lead/hotScore", "/lead/convoId", "/lead/name", "/lead/metaData", "/lead/crmActivities/0", "/lead/assignedTo/self"] {
        assert!(text.contains(&format!("\"path\":\"{path}\"")), "no issue at {path}: {text}");
    }
    // The instance is still healthy afterwards.
    let again = validate_update_lead(js(r#"{"agentId":"a","lead":{}}"#));
    assert_eq!(get(&again, "ok"), JsValue::TRUE);
}

#[wasm_bindgen_test]
fn undefined_properties_count_as_absent_and_dates_are_converted() {
    let body = eval("({agentId: 'a', lead: {name: undefined, lastActivityDate: new Date(Date.UTC(2026, 0, 2)), metaData: {source: 'chat', demoDate: new Date(Date.UTC(2026, 4, 6))}}})");
    let prepared = prepare_update_lead(body).expect("valid");
    assert_eq!(
        value(&prepared),
        parsed(r#"{"agentId":"a","lead":{"lastActivityDate":1767312000000,"metaData":{"source":"chat","demoDate":"2026-05-06"}}}"#)
    );
}

#[wasm_bindgen_test]
fn refusals_are_convocore_errors_with_all_issues() {
    let err = prepare_update_lead(js(r#"{"lead":{"hotScore":"hot","bogus":1}}"#)).expect_err("invalid");
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&err, "name").as_string().unwrap(), "ConvocoreError");
    assert_eq!(get(&err, "kind").as_string().unwrap(), "validation");
    assert_eq!(get(&err, "retryable"), JsValue::FALSE);
    assert_eq!(Reflect::get(&get(&err, "issues"), &"length".into()).unwrap().as_f64(), Some(3.0));
}

#[wasm_bindgen_test]
fn diff_then_apply_round_trips_and_never_mutates() {
    let before = js(r#"{"agentId":"a","name":"Ann","email":"ann@example.com","metaData":{"source":"web","stage":"new"}}"#);
    let after = js(r#"{"agentId":"a","name":"Ann","metaData":{"source":"web","stage":"won"}}"#);
    let patch = diff_lead(before.clone(), after.clone()).expect("expressible");
    assert_eq!(value(&patch), parsed(r#"{"metaData":{"source":"web","stage":"won"},"email":null}"#));
    let applied = apply_lead_patch(before.clone(), patch).expect("applies");
    assert_eq!(value(&applied), value(&after));
    assert!(json(&before).contains("ann@example.com"));
    let err = diff_lead(before, js(r#"{"agentId":"b"}"#)).expect_err("agentId cannot change");
    assert_eq!(get(&err, "kind").as_string().unwrap(), "validation");
}

#[wasm_bindgen_test]
fn builder_sets_and_reports_every_issue_on_build() {
    let b = LeadPatchBuilder::new("agent_1".into()).expect("builder");
    // The per-field setters are JavaScript over `set` (tests/js covers them).
    b.set("name".into(), "John".into()).unwrap();
    b.set("metaData.stage".into(), "won".into()).unwrap();
    b.set("metaData.source".into(), "chat".into()).unwrap();
    b.clear("email".into()).unwrap();
    let body = b.build().expect("valid");
    assert_eq!(value(&body), parsed(r#"{"agentId":"agent_1","lead":{"name":"John","metaData":{"stage":"won","source":"chat"},"email":null}}"#));
    let refused = b.set("metaData.stage".into(), "wonn".into()).err().expect("refused");
    assert_eq!(get(&Reflect::get_u32(&get(&refused, "issues"), 0).unwrap(), "suggestion").as_string().unwrap(), "won");
    let partial = LeadPatchBuilder::new("a".into()).unwrap();
    partial.set("assignedTo.note".into(), "x".into()).unwrap();
    let err = partial.build().expect_err("userId missing");
    assert!(json(&get(&err, "issues")).contains("missing_field"));
}

#[wasm_bindgen_test]
fn errors_are_instances_of_the_registered_class() {
    let class = eval("class ConvocoreError extends Error { constructor(kind, message, status, code, issues, retryable, attempts) { super(message); this.name = 'ConvocoreError'; Object.assign(this, { kind, status, code, issues, retryable, attempts }); } }");
    convocore_leads::wasm::error::set_error_class(class.clone().into());
    let err = prepare_update_lead(js(r#"{"agentId":"a"}"#)).expect_err("lead missing");
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(Reflect::get(&err, &"constructor".into()).unwrap(), class);
    assert_eq!(get(&err, "kind").as_string().unwrap(), "validation");
}

#[wasm_bindgen_test]
fn numbers_beyond_the_fast_paths_cross_exactly() {
    // Read by serde_json, and a body sent as JSON.stringify's text.
    let text = r#"{"agentId":"a","lead":{"hotScore":0.30000000000000004,"crmActivities":[{"type":"Call","metadata":{"tiny":1.5e-7,"huge":1e+21,"long":123456789.12345678,"big":9007199254740993}}]}}"#;
    let lines = convocore_leads::wasm::validate_update_leads_ndjson(JsValue::from_str(text)).expect("ndjson");
    let first = Reflect::get_u32(&lines, 0).unwrap();
    assert_eq!(get(&first, "ok"), JsValue::TRUE, "{}", json(&lines));
    let prepared = prepare_update_lead(js(text)).expect("valid");
    // 9007199254740993 is not a double: both sides read it as 9007199254740992.
    assert_eq!(json(&prepared), text.replace("9007199254740993", "9007199254740992"));
}
