#![cfg(target_arch = "wasm32")]
//! The binding as JavaScript sees it, run by wasm-bindgen-test in Node and in headless
//! Chromium (scripts/test.sh runs both): values cross the real boundary, errors come back
//! as real `ConvocoreError`s.
use convocore_leads::wasm::builder::LeadPatchBuilder;
use convocore_leads::wasm::{apply_lead_patch, diff_lead, prepare_update_lead, validate_update_lead, validate_update_leads_ndjson};
use convocore_leads::{LeadPatch, UpdateLeadBody};
use js_sys::{Function, Reflect, JSON};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

/// An issue as JavaScript receives it.
#[derive(Debug, PartialEq, Deserialize)]
struct JsIssue {
    path: String,
    code: String,
    message: String,
    #[serde(default)]
    expected: Option<Vec<String>>,
    #[serde(default)]
    suggestion: Option<String>,
}

/// What `validateUpdateLead` returns.
#[derive(Debug, PartialEq, Deserialize)]
struct JsValidation {
    ok: bool,
    issues: Vec<JsIssue>,
    warnings: Vec<JsIssue>,
}

/// The fields of a `ConvocoreError` that carry data.
#[derive(Debug, PartialEq, Deserialize)]
struct JsError {
    name: String,
    kind: String,
    message: String,
    issues: Vec<JsIssue>,
    retryable: bool,
    attempts: u32,
}

/// A result deserialized from what crossed the boundary (serde-wasm-bindgen reads an
/// `Error`'s own and inherited data properties like an object's).
fn typed<T: DeserializeOwned>(v: &JsValue) -> T {
    serde_wasm_bindgen::from_value(v.clone()).unwrap_or_else(|e| panic!("{e}: {}", json(v)))
}

/// The `(path, code)` of each issue.
fn found(issues: &[JsIssue]) -> Vec<(&str, &str)> {
    issues.iter().map(|i| (i.path.as_str(), i.code.as_str())).collect()
}

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

/// A JavaScript expression's value, for what JSON cannot write (NaN, BigInt, Date, cycles).
fn eval(expr: &str) -> JsValue {
    Function::new_no_args(&format!("return ({expr});")).call0(&JsValue::UNDEFINED).expect("eval")
}

#[wasm_bindgen_test]
fn valid_body_is_ok_with_warnings_apart() {
    let r: JsValidation = typed(&validate_update_lead(js(r#"{"agentId":"a1","lead":{"name":"John Smith","metaData":{"notes":"Follow up"}}}"#)));
    assert!(r.ok);
    assert_eq!(r.issues, []);
    assert_eq!(found(&r.warnings), [("/lead/metaData", "default_applies"), ("/lead/metaData", "partial_object")]);
}

// A nested object sent in part and an empty lead are warnings, through the binding and
// per NDJSON line; the body stays valid.
#[wasm_bindgen_test]
fn partial_objects_and_empty_patches_are_warnings() {
    let r: JsValidation = typed(&validate_update_lead(js(r#"{"agentId":"a1","lead":{"metaData":{"stage":"won","source":"chat"},"assignedTo":{"userId":"u"}}}"#)));
    assert!(r.ok);
    // In the order of the text's keys.
    assert_eq!(found(&r.warnings), [("/lead/metaData", "partial_object"), ("/lead/assignedTo", "partial_object")]);
    assert!(r.warnings[0].message.contains("would erase any stored address, company, website, notes, currency, value,"), "{}", r.warnings[0].message);
    let lines: Vec<JsValidation> = typed(&validate_update_leads_ndjson(JsValue::from_str("{\"agentId\":\"a\",\"lead\":{}}\n")).unwrap());
    assert!(lines[0].ok);
    assert_eq!(found(&lines[0].warnings), [("/lead", "empty_patch")]);
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
        let r: JsValidation = typed(&js_sys::Array::from(&results).get(0));
        assert_eq!(r.ok, ok, "{n}");
        let expected: &[_] = if ok { &[] } else { &[("/lead/name", "too_long")] };
        assert_eq!(found(&r.issues), expected, "{n}");
    }
}

#[wasm_bindgen_test]
fn near_miss_gets_a_suggestion_at_its_path() {
    let r: JsValidation = typed(&validate_update_lead(js(r#"{"agentId":"a1","lead":{"metaData":{"stage":"wonn","source":"chat"}}}"#)));
    assert!(!r.ok);
    assert_eq!(found(&r.issues), [("/lead/metaData/stage", "invalid_enum")]);
    assert_eq!(r.issues[0].suggestion.as_deref(), Some("won"));
    assert_eq!(r.issues[0].expected.as_ref().map(Vec::len), Some(13));
}

#[wasm_bindgen_test]
fn javascript_only_values_are_precise_issues_not_crashes() {
    let body = eval("(() => { const o = {agentId: 'a', lead: {hotScore: NaN, convoId: 10n, name: () => 1, metaData: new Map(), crmActivities: [ , {type: 'Call'}]}}; o.lead.assignedTo = {userId: 'u', self: o}; return o; })()");
    let r: JsValidation = typed(&validate_update_lead(body));
    let mut issues = found(&r.issues);
    issues.sort();
    let mut expected = [
        // The cycle is not followed: the unknown key is reported once.
        ("/lead/assignedTo/self", "unknown_field"),
        ("/lead/convoId", "unsupported_value"),
        ("/lead/crmActivities/0", "unsupported_value"),
        ("/lead/hotScore", "not_finite"),
        ("/lead/metaData", "unsupported_value"),
        ("/lead/name", "unsupported_value"),
    ];
    expected.sort();
    assert_eq!(issues, expected);
    // The instance is still healthy afterwards.
    let again = validate_update_lead(js(r#"{"agentId":"a","lead":{}}"#));
    assert_eq!(get(&again, "ok"), JsValue::TRUE);
}

#[wasm_bindgen_test]
fn undefined_properties_count_as_absent_and_dates_are_converted() {
    let body = eval("({agentId: 'a', lead: {name: undefined, lastActivityDate: new Date(Date.UTC(2026, 0, 2)), metaData: {source: 'chat', demoDate: new Date(Date.UTC(2026, 4, 6))}}})");
    let prepared: UpdateLeadBody = typed(&prepare_update_lead(body).expect("valid"));
    assert_eq!(
        prepared,
        serde_json::from_str(r#"{"agentId":"a","lead":{"lastActivityDate":1767312000000,"metaData":{"source":"chat","demoDate":"2026-05-06"}}}"#).unwrap()
    );
}

#[wasm_bindgen_test]
fn refusals_are_convocore_errors_with_all_issues() {
    let err = prepare_update_lead(js(r#"{"lead":{"hotScore":"hot","bogus":1}}"#)).expect_err("invalid");
    assert!(err.is_instance_of::<js_sys::Error>());
    let e: JsError = typed(&err);
    assert_eq!((e.name.as_str(), e.kind.as_str(), e.retryable, e.attempts), ("ConvocoreError", "validation", false, 0));
    assert_eq!(found(&e.issues), [("/lead/hotScore", "invalid_type"), ("/lead/bogus", "unknown_field"), ("/agentId", "missing_field")]);
    assert_eq!(e.message, "the body is invalid: /lead/hotScore: expected number, got a string [invalid_type] (and 2 more)");
}

#[wasm_bindgen_test]
fn diff_then_apply_round_trips_and_never_mutates() {
    let before = js(r#"{"agentId":"a","name":"Ann","email":"ann@example.com","metaData":{"source":"web","stage":"new"}}"#);
    let after = js(r#"{"agentId":"a","name":"Ann","metaData":{"source":"web","stage":"won"}}"#);
    let patch = diff_lead(before.clone(), after.clone()).expect("expressible");
    assert_eq!(typed::<LeadPatch>(&patch), serde_json::from_str(r#"{"metaData":{"source":"web","stage":"won"},"email":null}"#).unwrap());
    let applied = apply_lead_patch(before.clone(), patch).expect("applies");
    assert_eq!(value(&applied), value(&after));
    assert!(json(&before).contains("ann@example.com"));
    let err: JsError = typed(&diff_lead(before, js(r#"{"agentId":"b"}"#)).expect_err("agentId cannot change"));
    assert_eq!(err.kind, "validation");
    assert!(found(&err.issues).contains(&("/agentId", "immutable_field")), "{:?}", err.issues);
}

#[wasm_bindgen_test]
fn builder_sets_and_reports_every_issue_on_build() {
    let b = LeadPatchBuilder::new("agent_1".into()).expect("builder");
    // The per-field setters are JavaScript over `set` (tests/js covers them).
    b.set("name".into(), "John".into()).unwrap();
    b.set("metaData.stage".into(), "won".into()).unwrap();
    b.set("metaData.source".into(), "chat".into()).unwrap();
    b.clear("email".into()).unwrap();
    let body: UpdateLeadBody = typed(&b.build().expect("valid"));
    assert_eq!(body, serde_json::from_str(r#"{"agentId":"agent_1","lead":{"name":"John","metaData":{"stage":"won","source":"chat"},"email":null}}"#).unwrap());
    assert_eq!(body.lead.email, Some(None));
    let refused: JsError = typed(&b.set("metaData.stage".into(), "wonn".into()).err().expect("refused"));
    assert_eq!(refused.issues[0].suggestion.as_deref(), Some("won"));
    let partial = LeadPatchBuilder::new("a".into()).unwrap();
    partial.set("assignedTo.note".into(), "x".into()).unwrap();
    let err: JsError = typed(&partial.build().expect_err("userId missing"));
    assert_eq!(found(&err.issues), [("/lead/assignedTo/userId", "missing_field")]);
}

#[wasm_bindgen_test]
fn errors_are_instances_of_the_registered_class() {
    let class = eval("class ConvocoreError extends Error { constructor(kind, message, details) { super(message); this.name = 'ConvocoreError'; Object.assign(this, { kind }, details); } }");
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
