#![cfg(not(target_arch = "wasm32"))]
use convocore_leads::contract::walk::validate_value;
use convocore_leads::limits::*;
use convocore_leads::contract::schema::UPDATE_LEAD_BODY;
use convocore_leads::{codes, normalize_update_lead, validate_lead_patch, validate_update_lead, Issue, Map, Validation, Value};

mod common;
use common::{date, foreign, marks, non_finite, obj};

fn v(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}
/// Validation of a body that may hold host values, marked as the JavaScript binding marks them.
fn with_host_values(body: &Value) -> Validation {
    validate_value(body, &UPDATE_LEAD_BODY, Some(marks()))
}
fn body(lead: &str) -> Value {
    v(&format!(r#"{{"agentId":"agent-1","lead":{}}}"#, lead))
}
fn check(lead: &str) -> Validation {
    validate_update_lead(&body(lead))
}
fn only_issue(val: &Validation) -> &Issue {
    assert_eq!(val.issues.len(), 1, "{:#?}", val.issues);
    &val.issues[0]
}
fn lead_with(key: &str, value: Value) -> Value {
    let mut lead = Map::new();
    lead.insert(key.into(), value);
    let mut b = Map::new();
    b.insert("agentId".into(), Value::from("a"));
    b.insert("lead".into(), Value::Object(lead));
    Value::Object(b)
}
fn meta_with(key: &str, value: Value) -> Value {
    let mut m = Map::new();
    m.insert("source".into(), Value::from("chat"));
    m.insert(key.into(), value);
    lead_with("metaData", Value::Object(m))
}
fn activity_with(key: &str, value: Value) -> Value {
    let mut a = Map::new();
    a.insert("type".into(), Value::from("Call"));
    a.insert(key.into(), value);
    lead_with("crmActivities", Value::Array(vec![Value::Object(a)]))
}
fn codes_of(list: &[Issue]) -> Vec<&'static str> {
    list.iter().map(|i| i.code).collect()
}
/// The warnings other than `partial_object`, which any nested object sent in part has
/// (tested on its own in `partial_objects_and_empty_patches`).
fn other_warnings(r: &Validation) -> Vec<&Issue> {
    r.warnings.iter().filter(|w| w.code != codes::PARTIAL_OBJECT).collect()
}

#[test]
fn minimal_and_full_bodies_pass() {
    assert!(check("{}").is_ok());
    let full = check(r#"{"email":"a@b.co","name":"N","phone":null,"metaData":{"source":"chat","stage":"won","value":"5k","expectedCloseDate":"2025-01-31","demoTime":"10:30"},
        "convoId":7,"assignedTo":{"userId":"u","status":"done","assignedAt":"2025-01-01T09:00:00+02:00"},"hotScore":50,"hotLabel":"warm",
        "lastActivityDate":1700000000000,"crmActivities":[{"type":"Follow-Up","firstChannel":"Phone/Call","completed":true,
        "notesHistory":[{"text":"t","timestamp":"2025-01-01"}],"metadata":{"any":[1,{"x":null}]}}]}"#);
    assert!(full.is_ok(), "{:#?}", full);
    assert!(other_warnings(&full).is_empty(), "{:#?}", full.warnings);
}

#[test]
fn required_fields() {
    let r = validate_update_lead(&v(r#"{}"#));
    assert_eq!(codes_of(&r.issues), [codes::MISSING_FIELD, codes::MISSING_FIELD]);
    assert_eq!(r.issues[0].path, "/agentId");
    assert_eq!(r.issues[1].path, "/lead");
    let r = check(r#"{"assignedTo":{"name":"x"}}"#);
    assert_eq!(only_issue(&r).path, "/lead/assignedTo/userId");
    let r = check(r#"{"crmActivities":[{"title":"x"}]}"#);
    assert_eq!(only_issue(&r).path, "/lead/crmActivities/0/type");
    let r = check(r#"{"crmActivities":[{"type":"Call","notesHistory":[{"agentId":"a"}]}]}"#);
    assert_eq!(only_issue(&r).path, "/lead/crmActivities/0/notesHistory/0/text");
    assert_eq!(r.issues[0].code, codes::MISSING_FIELD);
}

#[test]
fn unknown_fields_everywhere_with_suggestions() {
    let cases = [
        (r#"{"metadata":{}}"#, "/lead/metadata", Some("metaData")),
        (r#"{"e-mail":"a@b.c"}"#, "/lead/e-mail", Some("email")),
        (r#"{"metaData":{"source":"x","linkedin":"l"}}"#, "/lead/metaData/linkedin", Some("linkedIn")),
        (r#"{"crmActivities":[{"type":"Call","notesHistory":[{"text":"t","agentID":"a"}]}]}"#, "/lead/crmActivities/0/notesHistory/0/agentID", Some("agentId")),
        (r#"{"assignedTo":{"userId":"u","userid2":"x"}}"#, "/lead/assignedTo/userid2", Some("userId")),
        (r#"{"crmActivities":[{"type":"Call","metaData":{}}]}"#, "/lead/crmActivities/0/metaData", Some("metadata")),
        (r#"{"zzzzzz":1}"#, "/lead/zzzzzz", None),
        (r#"{"a/b~c":1}"#, "/lead/a~1b~0c", None),
    ];
    for (lead, path, sug) in cases {
        let r = check(lead);
        let i = only_issue(&r);
        assert_eq!((i.code, i.path.as_str(), i.suggestion.as_deref()), (codes::UNKNOWN_FIELD, path, sug), "{}", lead);
    }
    let r = validate_update_lead(&v(r#"{"agentID":"a","lead":{}}"#));
    assert_eq!(codes_of(&r.issues), [codes::UNKNOWN_FIELD, codes::MISSING_FIELD]);
    assert_eq!(r.issues[0].suggestion.as_deref(), Some("agentId"));
}

#[test]
fn enums_with_expected_and_suggestions() {
    let cases = [
        (r#"{"metaData":{"source":"s","stage":"wonn"}}"#, "won"),
        (r#"{"metaData":{"source":"s","stage":"follow up"}}"#, "follow_up"),
        (r#"{"metaData":{"source":"s","stage":"Follow-up"}}"#, "follow_up"),
        (r#"{"metaData":{"source":"s","stage":"WON"}}"#, "won"),
        (r#"{"crmActivities":[{"type":"follow up"}]}"#, "Follow-Up"),
        (r#"{"crmActivities":[{"type":"call"}]}"#, "Call"),
        (r#"{"crmActivities":[{"type":"Call","firstChannel":"linkedin"}]}"#, "LinkedIn"),
        (r#"{"crmActivities":[{"type":"Call","secondChannel":"phone call"}]}"#, "Phone/Call"),
        (r#"{"hotLabel":"Hot"}"#, "hot"),
        (r#"{"assignedTo":{"userId":"u","status":"acepted"}}"#, "accepted"),
    ];
    for (lead, sug) in cases {
        let r = check(lead);
        let i = only_issue(&r);
        assert_eq!(i.code, codes::INVALID_ENUM, "{}", lead);
        assert_eq!(i.suggestion.as_deref(), Some(sug), "{}", lead);
        assert!(i.expected.as_ref().unwrap().iter().any(|e| e == sug));
    }
    let r = check(r#"{"metaData":{"source":"s","stage":"banana"}}"#);
    let i = only_issue(&r);
    assert_eq!(i.suggestion, None);
    assert_eq!(i.expected.as_ref().unwrap().len(), 13);
    let r = check(r#"{"hotLabel":3}"#);
    assert_eq!(only_issue(&r).code, codes::INVALID_TYPE);
    assert_eq!(r.issues[0].expected.as_ref().unwrap(), &["hot", "warm", "cold"]);
}

#[test]
fn types_nullable_number_or_string_booleans_arrays() {
    for ok in [r#"{"name":null}"#, r#"{"email":null}"#, r#"{"phone":"1"}"#, r#"{"convoId":"c"}"#, r#"{"convoId":3}"#, r#"{"metaData":{"source":"s","value":1.5}}"#, r#"{"metaData":{"source":"s","value":"1.5"}}"#, r#"{"crmActivities":[]}"#] {
        assert!(check(ok).is_ok(), "{}", ok);
    }
    let cases = [
        (r#"{"name":1}"#, vec!["string", "null"]),
        (r#"{"metaData":null}"#, vec!["object"]),
        (r#"{"metaData":{"source":null}}"#, vec!["string"]),
        (r#"{"hotScore":"50"}"#, vec!["number"]),
        (r#"{"hotScore":null}"#, vec!["number"]),
        (r#"{"convoId":true}"#, vec!["number", "string"]),
        (r#"{"convoId":null}"#, vec!["number", "string"]),
        (r#"{"crmActivities":{}}"#, vec!["array"]),
        (r#"{"crmActivities":[1]}"#, vec!["object"]),
        (r#"{"crmActivities":[{"type":"Call","completed":"yes"}]}"#, vec!["boolean"]),
        (r#"{"crmActivities":[{"type":"Call","metadata":[]}]}"#, vec!["object"]),
        (r#"{"assignedTo":{"userId":5}}"#, vec!["string"]),
    ];
    for (lead, expected) in cases {
        let r = check(lead);
        let i = only_issue(&r);
        assert_eq!(i.code, codes::INVALID_TYPE, "{}", lead);
        assert_eq!(i.expected.as_ref().unwrap(), &expected, "{}", lead);
    }
    let r = validate_update_lead(&v(r#"{"agentId":"a","lead":[]}"#));
    assert_eq!(only_issue(&r).path, "/lead");
    assert_eq!(only_issue(&validate_update_lead(&v("[]"))).path, "");
}

#[test]
fn all_problems_in_one_pass() {
    let r = check(r#"{"name":1,"hotScore":"x","foo":1,"metaData":{"stage":"nope"},"crmActivities":[{},{"type":"Bad"}]}"#);
    assert_eq!(r.issues.len(), 6, "{:#?}", r.issues);
    assert!(!r.truncated);
}

#[test]
fn issues_are_bounded() {
    let mut lead = Map::new();
    for i in 0..500 {
        lead.insert(format!("unknown{}", i), Value::Null);
    }
    let mut b = Map::new();
    b.insert("agentId".into(), Value::from("a"));
    b.insert("lead".into(), Value::Object(lead));
    let r = validate_update_lead(&Value::Object(b));
    assert!(r.truncated);
    assert_eq!(r.issues.len(), MAX_ISSUES + 1);
    assert_eq!(r.issues.last().unwrap().code, codes::TOO_MANY_ISSUES);
}

#[test]
fn warnings_never_block() {
    let cases: &[(&str, &str, &str)] = &[
        (r#"{"hotScore":101}"#, "/lead/hotScore", codes::OUT_OF_RANGE),
        (r#"{"hotScore":-1}"#, "/lead/hotScore", codes::OUT_OF_RANGE),
        (r#"{"email":"not-an-address"}"#, "/lead/email", codes::INVALID_EMAIL),
        (r#"{"email":"a b@c.d"}"#, "/lead/email", codes::INVALID_EMAIL),
        (r#"{"assignedTo":{"userId":"u","email":"x@y"}}"#, "/lead/assignedTo/email", codes::INVALID_EMAIL),
        (r#"{"name":""}"#, "/lead/name", codes::EMPTY_STRING),
        (r#"{"lastActivityDate":"yesterday"}"#, "/lead/lastActivityDate", codes::UNPARSABLE_DATE),
        (r#"{"lastActivityDate":"2025-02-30"}"#, "/lead/lastActivityDate", codes::UNPARSABLE_DATE),
        (r#"{"metaData":{"source":"s","expectedCloseDate":"31/01/2025"}}"#, "/lead/metaData/expectedCloseDate", codes::UNPARSABLE_DATE),
        (r#"{"metaData":{"source":"s","demoDate":"soon"}}"#, "/lead/metaData/demoDate", codes::UNPARSABLE_DATE),
        (r#"{"metaData":{"source":"s","demoTime":"25:00"}}"#, "/lead/metaData/demoTime", codes::UNPARSABLE_DATE),
        (r#"{"metaData":{"source":"s","demoTime":"10am"}}"#, "/lead/metaData/demoTime", codes::UNPARSABLE_DATE),
        (r#"{"crmActivities":[{"type":"Call","dueDate":"next week"}]}"#, "/lead/crmActivities/0/dueDate", codes::UNPARSABLE_DATE),
        (r#"{"ts":1700000000000}"#, "/lead/ts", codes::SERVER_MANAGED),
        (r#"{"metaData":{"stage":"won"}}"#, "/lead/metaData", codes::DEFAULT_APPLIES),
    ];
    for (lead, path, code) in cases {
        let r = check(lead);
        assert!(r.is_ok(), "{}: {:#?}", lead, r.issues);
        let w = other_warnings(&r);
        assert_eq!(w.len(), 1, "{}: {:#?}", lead, r.warnings);
        assert_eq!((w[0].path.as_str(), w[0].code), (*path, *code), "{}", lead);
    }
    for ok in [
        r#"{"lastActivityDate":"2024-02-29T23:59:59.123Z"}"#,
        r#"{"lastActivityDate":"2024-02-29 10:00+0530"}"#,
        r#"{"lastActivityDate":"1700000000000"}"#,
        r#"{"lastActivityDate":-5}"#,
        r#"{"metaData":{"source":"s","demoTime":"09:05:07","demoDate":"2025-12-01T10:00:00-05:00"}}"#,
        r#"{"hotScore":0}"#,
        r#"{"hotScore":100}"#,
        r#"{"email":"first.last+tag@sub.example.org"}"#,
    ] {
        let r = check(ok);
        assert!(r.is_ok() && other_warnings(&r).is_empty(), "{}: {:#?}", ok, r);
    }
    let r = check(r#"{"name":"","hotScore":500,"ts":"x"}"#);
    assert_eq!(r.warnings.len(), 4, "{:#?}", r.warnings);
}

// Host `Date`s, NaN, infinities and values with no JSON form reach the core only from the
// JavaScript binding, as marks in the value (see `contract::walk::Marks`); here they are
// marked the same way.
#[test]
fn dates_from_the_host() {
    let ms = 1_700_000_000_000.0; // 2023-11-14T22:13:20Z
    for key in ["ts", "lastActivityDate"] {
        assert!(with_host_values(&lead_with(key, date(ms))).is_ok());
    }
    assert!(with_host_values(&activity_with("date", date(ms))).is_ok());
    assert!(with_host_values(&meta_with("demoDate", date(ms))).is_ok());
    let r = with_host_values(&lead_with("lastActivityDate", date(f64::NAN)));
    assert_eq!(only_issue(&r).code, codes::INVALID_DATE);
    let r = with_host_values(&meta_with("expectedCloseDate", date(f64::NAN)));
    assert_eq!(only_issue(&r).code, codes::INVALID_DATE);
    for wrong in [lead_with("name", date(ms)), meta_with("notes", date(ms)), lead_with("hotScore", date(ms)), activity_with("metadata", obj(&[("when", date(ms))]))] {
        let r = with_host_values(&wrong);
        assert_eq!(only_issue(&r).code, codes::UNSUPPORTED_VALUE, "{:?}", wrong);
    }
    let r = with_host_values(&activity_with("metadata", obj(&[("when", date(ms))])));
    assert_eq!(r.issues[0].path, "/lead/crmActivities/0/metadata/when");
    // Without marks (every native caller) such a string is only a string.
    assert!(validate_update_lead(&lead_with("name", date(ms))).is_ok());
}

#[test]
fn normalization_converts_dates() {
    let ms = 1_700_000_000_000.0;
    let mut lead = Map::new();
    lead.insert("lastActivityDate".into(), date(ms));
    let mut meta = Map::new();
    meta.insert("source".into(), Value::from("chat"));
    meta.insert("expectedCloseDate".into(), date(ms));
    meta.insert("demoDate".into(), date(-1.0));
    lead.insert("metaData".into(), Value::Object(meta));
    lead.insert("assignedTo".into(), v(r#"{"userId":"u"}"#));
    if let Some(Value::Object(a)) = lead.get_mut("assignedTo") {
        a.insert("assignedAt".into(), date(ms));
    }
    let mut act = Map::new();
    act.insert("type".into(), Value::from("Note"));
    act.insert("dueDate".into(), date(0.0));
    let mut note = Map::new();
    note.insert("text".into(), Value::from("t"));
    note.insert("timestamp".into(), date(ms));
    act.insert("notesHistory".into(), Value::Array(vec![Value::Object(note)]));
    lead.insert("crmActivities".into(), Value::Array(vec![Value::Object(act)]));
    let mut b = Map::new();
    b.insert("agentId".into(), Value::from("a"));
    b.insert("lead".into(), Value::Object(lead));
    let (out, warnings) = normalize_update_lead(Value::Object(b), Some(marks())).unwrap();
    assert_eq!(codes_of(&warnings), [codes::PARTIAL_OBJECT, codes::PARTIAL_OBJECT], "{:#?}", warnings);
    assert_eq!(
        out,
        v(r#"{"agentId":"a","lead":{"lastActivityDate":1700000000000,"metaData":{"source":"chat","expectedCloseDate":"2023-11-14","demoDate":"1969-12-31"},"assignedTo":{"userId":"u","assignedAt":1700000000000},"crmActivities":[{"type":"Note","dueDate":0,"notesHistory":[{"text":"t","timestamp":1700000000000}]}]}}"#)
    );
    // Leap day and far dates.
    let (out, _) = normalize_update_lead(meta_with("demoDate", date(951_782_400_000.0)), Some(marks())).unwrap();
    assert!(serde_json::to_string(&out).unwrap().contains("\"2000-02-29\""));
    let (out, _) = normalize_update_lead(meta_with("demoDate", date(8.64e15)), Some(marks())).unwrap();
    assert!(serde_json::to_string(&out).unwrap().contains("\"+275760-09-13\""));
    // Errors come back as the validation.
    let err = normalize_update_lead(lead_with("name", date(0.0)), Some(marks())).unwrap_err();
    assert_eq!(err.issues[0].code, codes::UNSUPPORTED_VALUE);
    // Without marks nothing is converted: a plain body comes back as it went in.
    let plain = meta_with("demoDate", Value::from("2025-01-31"));
    assert_eq!(normalize_update_lead(plain.clone(), None).unwrap().0, plain);
}

#[test]
fn hostile_input_limits() {
    // Non-finite numbers.
    for key in ["hotScore", "convoId", "lastActivityDate"] {
        let r = with_host_values(&lead_with(key, non_finite(f64::NAN)));
        assert_eq!(only_issue(&r).code, codes::NOT_FINITE, "{}", key);
    }
    let r = with_host_values(&activity_with("metadata", obj(&[("x", non_finite(f64::INFINITY))])));
    assert_eq!(only_issue(&r).code, codes::NOT_FINITE);
    let r = with_host_values(&lead_with("name", non_finite(f64::NAN)));
    assert_eq!(only_issue(&r).code, codes::INVALID_TYPE);
    // Foreign host values.
    let r = with_host_values(&lead_with("convoId", foreign("a BigInt")));
    let i = only_issue(&r);
    assert_eq!((i.code, i.path.as_str()), (codes::UNSUPPORTED_VALUE, "/lead/convoId"));
    assert!(i.message.contains("BigInt"));
    let r = with_host_values(&activity_with("metadata", obj(&[("f", Value::Array(vec![foreign("a function")]))])));
    assert_eq!(only_issue(&r).path, "/lead/crmActivities/0/metadata/f/0");
    // Deep metadata: depth 64 ok, 65 not.
    fn nested(levels: usize) -> Value {
        let mut v = Value::Object(Map::new());
        for _ in 1..levels {
            v = obj(&[("a", v)]);
        }
        v
    }
    assert!(validate_update_lead(&activity_with("metadata", nested(MAX_METADATA_DEPTH))).is_ok());
    let r = validate_update_lead(&activity_with("metadata", nested(MAX_METADATA_DEPTH + 1)));
    assert_eq!(only_issue(&r).code, codes::TOO_DEEP);
    // Values as deep as the JSON parser (serde_json: 128 levels) allows: reported, not descended.
    const SERDE_JSON_RECURSION_LIMIT: usize = 128;
    let r = validate_update_lead(&activity_with("metadata", nested(SERDE_JSON_RECURSION_LIMIT)));
    assert_eq!(only_issue(&r).code, codes::TOO_DEEP);
    // Long strings.
    let long = "x".repeat(MAX_STRING_CHARS + 1);
    let r = validate_update_lead(&meta_with("notes", Value::from(long.as_str())));
    assert_eq!(only_issue(&r).code, codes::TOO_LONG);
    assert!(validate_update_lead(&meta_with("notes", Value::from("é".repeat(MAX_STRING_CHARS).as_str()))).is_ok());
    let r = validate_update_lead(&activity_with("metadata", obj(&[(long.as_str(), Value::Null)])));
    assert_eq!(only_issue(&r).code, codes::TOO_LONG);
    // Big arrays and objects.
    let act = v(r#"{"type":"Call"}"#);
    let r = validate_update_lead(&lead_with("crmActivities", Value::Array(vec![act.clone(); MAX_ACTIVITIES + 1])));
    assert_eq!(only_issue(&r).code, codes::TOO_MANY);
    assert!(validate_update_lead(&lead_with("crmActivities", Value::Array(vec![act; MAX_ACTIVITIES]))).is_ok());
    let note = v(r#"{"text":"t"}"#);
    let r = validate_update_lead(&activity_with("notesHistory", Value::Array(vec![note; MAX_NOTES + 1])));
    assert_eq!(only_issue(&r).code, codes::TOO_MANY);
    let many: Map<String, Value> = (0..=MAX_METADATA_KEYS).map(|i| (i.to_string(), Value::Null)).collect();
    let r = validate_update_lead(&activity_with("metadata", Value::Object(many)));
    assert_eq!(only_issue(&r).code, codes::TOO_MANY);
    let r = validate_update_lead(&activity_with("metadata", obj(&[("a", Value::Array(vec![Value::Null; MAX_METADATA_ARRAY_ITEMS + 1]))])));
    assert_eq!(only_issue(&r).code, codes::TOO_MANY);
    // JSON text 1e999 is too large for an f64: serde_json refuses it, and the walk of the text
    // reports it as not finite where it stands.
    assert!(serde_json::from_str::<Value>(r#"{"hotScore":1e999}"#).is_err());
    let r = convocore_leads::contract::validate_update_lead_text(r#"{"agentId":"agent-1","lead":{"hotScore":1e999}}"#);
    let i = only_issue(&r);
    assert_eq!((i.code, i.path.as_str()), (codes::NOT_FINITE, "/lead/hotScore"));
}

#[test]
fn lead_patch_validation_is_relative() {
    let r = validate_lead_patch(&v(r#"{"metaData":{"stage":"x","source":"s"}}"#));
    assert_eq!(only_issue(&r).path, "/metaData/stage");
}

#[test]
fn issue_shape_and_messages() {
    let r = check(r#"{"metaData":{"source":"s","stage":"wonn"}}"#);
    let out = serde_json::to_string(&r.result(None)).unwrap();
    assert!(out.starts_with(r#"{"ok":false,"issues":[{"path":"/lead/metaData/stage","code":"invalid_enum","message":"\"wonn\" is not one of: new, engaged"#), "{}", out);
    assert!(out.contains(r#""suggestion":"won"}],"warnings":[{"path":"/lead/metaData","code":"partial_object","#), "{}", out);
    assert_eq!(r.issues[0].to_string(), "/lead/metaData/stage: \"wonn\" is not one of: new, engaged, email_sent, follow_up, info_req, demo_req, demo_conf, demo_done, proposal, negotiation, trial, won, lost [invalid_enum] (did you mean \"won\"?)");
    // Long values are cut in messages.
    let long = "y".repeat(500);
    let r = validate_update_lead(&meta_with("stage", Value::from(long.as_str())));
    assert!(r.issues[0].message.len() < 300);
    for c in codes::ERRORS.iter().chain(codes::WARNINGS) {
        assert!(c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'));
    }
}

// The JSON written for JavaScript (serde_json now; the hand-written writer of
// tests/core_json.rs is gone): `{ok, issues, warnings}` and, per NDJSON line, `line` last;
// an issue's `expected` and `suggestion` only when set.
#[test]
fn results_as_json_text() {
    let r = check(r#"{"name":"","hotLabel":"Hot"}"#);
    assert_eq!(
        serde_json::to_string(&r.result(None)).unwrap(),
        r#"{"ok":false,"issues":[{"path":"/lead/hotLabel","code":"invalid_enum","message":"\"Hot\" is not one of: hot, warm, cold","expected":["hot","warm","cold"],"suggestion":"hot"}],"warnings":[{"path":"/lead/name","code":"empty_string","message":"empty string: to clear this field send null"}]}"#
    );
    let text = "{\"agentId\":\"a\",\"lead\":{}}\r\n\n  \n{\"agentId\":\"a\",\"lead\":{\"ts\":1}}\nnot json";
    let out = serde_json::to_string(&convocore_leads::contract::ndjson::validate_ndjson(text)).unwrap();
    let parsed: Value = serde_json::from_str(&out).unwrap();
    let lines: Vec<_> = parsed.as_array().unwrap().iter().map(|r| (r["line"].as_u64().unwrap(), r["ok"].as_bool().unwrap())).collect();
    assert_eq!(lines, [(1, true), (4, true), (5, false)]);
    assert!(out.starts_with(r#"[{"ok":true,"issues":[],"warnings":[{"path":"/lead","code":"empty_patch","message":"lead is empty: this request changes nothing"}],"line":1},{"ok":true,"issues":[],"warnings":[{"path":"/lead/ts","code":"server_managed","#), "{out}");
    assert!(out.contains(r#"{"ok":false,"issues":[{"path":"","code":"invalid_json","message":"not JSON: expected ident at line 1 column 2"}],"warnings":[],"line":5}]"#), "{out}");
    assert_eq!(serde_json::to_string(&convocore_leads::contract::ndjson::validate_ndjson("")).unwrap(), "[]");
}

// The server's merge rule for nested objects is not documented: a nested object sent in
// part gets a warning naming the fields a replacing server would erase; an empty lead gets
// one too. Warnings only, from every entry point (value, text, lead patch, normalize, NDJSON).
#[test]
fn partial_objects_and_empty_patches() {
    use convocore_leads::contract::schema::{ASSIGNED_TO, META_DATA};
    use convocore_leads::contract::walk::validate_update_lead_text;
    let lead = r#"{"metaData":{"stage":"won"}}"#;
    let r = check(lead);
    assert!(r.is_ok());
    assert_eq!(codes_of(&r.warnings), [codes::DEFAULT_APPLIES, codes::PARTIAL_OBJECT]);
    let w = &r.warnings[1];
    assert_eq!(w.path, "/lead/metaData");
    assert_eq!(
        w.message,
        "metaData is sent in part: a server that replaces nested objects would erase any stored address, company, website, notes, source, currency, value, expectedCloseDate, subIndustry, language, linkedIn, facebook, instagram, demoDate, demoTime, demoLink, lostReason (send the whole object, or build from the stored lead)"
    );
    // The same from the text walk, from the lead patch alone (relative path) and from normalize.
    assert_eq!(validate_update_lead_text(&format!(r#"{{"agentId":"a","lead":{lead}}}"#)).warnings, r.warnings);
    let rel = validate_lead_patch(&v(lead));
    assert_eq!((rel.warnings[1].code, rel.warnings[1].path.as_str()), (codes::PARTIAL_OBJECT, "/metaData"));
    let (_, warned) = normalize_update_lead(body(lead), None).unwrap();
    assert_eq!(warned, r.warnings);

    // Every field given: nothing is at risk, whatever the values.
    let whole_meta = r#"{"address":"a","company":"c","website":"w","notes":"n","source":"chat","currency":"EUR","value":1,"stage":"won",
        "expectedCloseDate":"2025-01-31","subIndustry":"s","language":"en","linkedIn":"l","facebook":"f","instagram":"i",
        "demoDate":"2025-02-01","demoTime":"10:30","demoLink":"d","lostReason":"r"}"#;
    let whole_assignee = r#"{"userId":"u","name":"n","email":"u@example.com","photoUrl":"p","note":"n","assignedAt":1,"status":"done"}"#;
    assert_eq!(META_DATA.fields.len(), 18);
    assert_eq!(ASSIGNED_TO.fields.len(), 7);
    let r = check(&format!(r#"{{"metaData":{whole_meta},"assignedTo":{whole_assignee}}}"#));
    assert!(r.is_ok() && r.warnings.is_empty(), "{:#?}", r);

    // assignedTo: its one required field given, the six others at risk.
    let r = check(r#"{"assignedTo":{"userId":"u","status":"done"}}"#);
    assert_eq!(r.warnings.len(), 1);
    assert_eq!((r.warnings[0].code, r.warnings[0].path.as_str()), (codes::PARTIAL_OBJECT, "/lead/assignedTo"));
    assert!(r.warnings[0].message.starts_with("assignedTo is sent in part: a server that replaces nested objects would erase any stored name, email, photoUrl, note, assignedAt ("), "{}", r.warnings[0].message);
    // One field short of whole: exactly that field is named.
    let r = check(&format!(r#"{{"metaData":{}}}"#, whole_meta.replace(r#""lostReason":"r""#, r#""language":"en""#).replace(r#""language":"en","linkedIn""#, r#""linkedIn""#)));
    assert!(r.is_ok(), "{:#?}", r);
    assert_eq!(codes_of(&r.warnings), [codes::PARTIAL_OBJECT]);
    assert!(r.warnings[0].message.contains("erase any stored lostReason ("), "{}", r.warnings[0].message);
    // Beside errors the warning still comes; it never turns into an error.
    let r = check(r#"{"metaData":{"stage":"wonn","source":"s"}}"#);
    assert_eq!((codes_of(&r.issues), codes_of(&r.warnings)), (vec![codes::INVALID_ENUM], vec![codes::PARTIAL_OBJECT]));

    // An empty lead changes nothing: a warning, at the lead.
    let r = check("{}");
    assert!(r.is_ok());
    assert_eq!(codes_of(&r.warnings), [codes::EMPTY_PATCH]);
    assert_eq!(r.warnings[0].path, "/lead");
    assert_eq!(validate_update_lead_text(r#"{"agentId":"a","lead":{}}"#).warnings, r.warnings);
    assert_eq!(validate_lead_patch(&v("{}")).warnings[0].path, "");
    // A lead with only an unknown key is not empty: its error says what is wrong.
    let r = check(r#"{"nmae":"x"}"#);
    assert_eq!((codes_of(&r.issues), r.warnings.len()), (vec![codes::UNKNOWN_FIELD], 0));
    // Empty nested objects are partial objects, not empty patches.
    assert_eq!(codes_of(&check(r#"{"metaData":{}}"#).warnings), [codes::DEFAULT_APPLIES, codes::PARTIAL_OBJECT]);
}
