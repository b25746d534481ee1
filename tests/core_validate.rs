#![cfg(not(target_arch = "wasm32"))]
use convocore_leads::limits::*;
use convocore_leads::{codes, json, normalize_update_lead, validate_lead_patch, validate_update_lead, Issue, Map, Validation, Value};

fn v(text: &str) -> Value {
    json::parse(text).unwrap()
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
    lead.insert(key, value);
    let mut b = Map::new();
    b.insert("agentId", Value::from("a"));
    b.insert("lead", Value::Object(lead));
    Value::Object(b)
}
fn meta_with(key: &str, value: Value) -> Value {
    let mut m = Map::new();
    m.insert("source", Value::from("chat"));
    m.insert(key, value);
    lead_with("metaData", Value::Object(m))
}
fn activity_with(key: &str, value: Value) -> Value {
    let mut a = Map::new();
    a.insert("type", Value::from("Call"));
    a.insert(key, value);
    lead_with("crmActivities", Value::Array(vec![Value::Object(a)]))
}
fn codes_of(list: &[Issue]) -> Vec<&'static str> {
    list.iter().map(|i| i.code).collect()
}

#[test]
fn minimal_and_full_bodies_pass() {
    assert!(check("{}").is_ok());
    let full = check(r#"{"email":"a@b.co","name":"N","phone":null,"metaData":{"source":"chat","stage":"won","value":"5k","expectedCloseDate":"2025-01-31","demoTime":"10:30"},
        "convoId":7,"assignedTo":{"userId":"u","status":"done","assignedAt":"2025-01-01T09:00:00+02:00"},"hotScore":50,"hotLabel":"warm",
        "lastActivityDate":1700000000000,"crmActivities":[{"type":"Follow-Up","firstChannel":"Phone/Call","completed":true,
        "notesHistory":[{"text":"t","timestamp":"2025-01-01"}],"metadata":{"any":[1,{"x":null}]}}]}"#);
    assert!(full.is_ok(), "{:#?}", full);
    assert!(full.warnings.is_empty(), "{:#?}", full.warnings);
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
    b.insert("agentId", Value::from("a"));
    b.insert("lead", Value::Object(lead));
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
        assert_eq!(r.warnings.len(), 1, "{}: {:#?}", lead, r.warnings);
        assert_eq!((r.warnings[0].path.as_str(), r.warnings[0].code), (*path, *code), "{}", lead);
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
        assert!(r.is_ok() && r.warnings.is_empty(), "{}: {:#?}", ok, r);
    }
    let r = check(r#"{"name":"","hotScore":500,"ts":"x"}"#);
    assert_eq!(r.warnings.len(), 4, "{:#?}", r.warnings);
}

#[test]
fn dates_from_the_host() {
    let ms = 1_700_000_000_000.0; // 2023-11-14T22:13:20Z
    for key in ["ts", "lastActivityDate"] {
        assert!(validate_update_lead(&lead_with(key, Value::Date(ms))).is_ok());
    }
    assert!(validate_update_lead(&activity_with("date", Value::Date(ms))).is_ok());
    assert!(validate_update_lead(&meta_with("demoDate", Value::Date(ms))).is_ok());
    let r = validate_update_lead(&lead_with("lastActivityDate", Value::Date(f64::NAN)));
    assert_eq!(only_issue(&r).code, codes::INVALID_DATE);
    let r = validate_update_lead(&meta_with("expectedCloseDate", Value::Date(f64::NAN)));
    assert_eq!(only_issue(&r).code, codes::INVALID_DATE);
    for wrong in [lead_with("name", Value::Date(ms)), meta_with("notes", Value::Date(ms)), lead_with("hotScore", Value::Date(ms)), activity_with("metadata", Value::Object([("when", Value::Date(ms))].into_iter().collect()))] {
        let r = validate_update_lead(&wrong);
        assert_eq!(only_issue(&r).code, codes::UNSUPPORTED_VALUE, "{:?}", wrong);
    }
    let r = validate_update_lead(&activity_with("metadata", Value::Object([("when", Value::Date(ms))].into_iter().collect())));
    assert_eq!(r.issues[0].path, "/lead/crmActivities/0/metadata/when");
}

#[test]
fn normalization_converts_dates() {
    let ms = 1_700_000_000_000.0;
    let mut lead = Map::new();
    lead.insert("lastActivityDate", Value::Date(ms));
    let mut meta = Map::new();
    meta.insert("source", Value::from("chat"));
    meta.insert("expectedCloseDate", Value::Date(ms));
    meta.insert("demoDate", Value::Date(-1.0));
    lead.insert("metaData", Value::Object(meta));
    lead.insert("assignedTo", v(r#"{"userId":"u"}"#));
    if let Some(Value::Object(a)) = lead.get_mut("assignedTo") {
        a.insert("assignedAt", Value::Date(ms));
    }
    let mut act = Map::new();
    act.insert("type", Value::from("Note"));
    act.insert("dueDate", Value::Date(0.0));
    let mut note = Map::new();
    note.insert("text", Value::from("t"));
    note.insert("timestamp", Value::Date(ms));
    act.insert("notesHistory", Value::Array(vec![Value::Object(note)]));
    lead.insert("crmActivities", Value::Array(vec![Value::Object(act)]));
    let mut b = Map::new();
    b.insert("agentId", Value::from("a"));
    b.insert("lead", Value::Object(lead));
    let (out, warnings) = normalize_update_lead(Value::Object(b)).unwrap();
    assert!(warnings.is_empty(), "{:#?}", warnings);
    assert_eq!(
        json::to_string(&out),
        r#"{"agentId":"a","lead":{"lastActivityDate":1700000000000,"metaData":{"source":"chat","expectedCloseDate":"2023-11-14","demoDate":"1969-12-31"},"assignedTo":{"userId":"u","assignedAt":1700000000000},"crmActivities":[{"type":"Note","dueDate":0,"notesHistory":[{"text":"t","timestamp":1700000000000}]}]}}"#
    );
    // Leap day and far dates.
    let (out, _) = normalize_update_lead(meta_with("demoDate", Value::Date(951_782_400_000.0))).unwrap();
    assert!(json::to_string(&out).contains("\"2000-02-29\""));
    let (out, _) = normalize_update_lead(meta_with("demoDate", Value::Date(8.64e15))).unwrap();
    assert!(json::to_string(&out).contains("\"+275760-09-13\""));
    // Errors come back as the validation.
    let err = normalize_update_lead(lead_with("name", Value::Date(0.0))).unwrap_err();
    assert_eq!(err.issues[0].code, codes::UNSUPPORTED_VALUE);
}

#[test]
fn hostile_input_limits() {
    // Non-finite numbers.
    for key in ["hotScore", "convoId", "lastActivityDate"] {
        let r = validate_update_lead(&lead_with(key, Value::Number(f64::NAN)));
        assert_eq!(only_issue(&r).code, codes::NOT_FINITE, "{}", key);
    }
    let r = validate_update_lead(&activity_with("metadata", Value::Object([("x", Value::Number(f64::INFINITY))].into_iter().collect())));
    assert_eq!(only_issue(&r).code, codes::NOT_FINITE);
    let r = validate_update_lead(&lead_with("name", Value::Number(f64::NAN)));
    assert_eq!(only_issue(&r).code, codes::INVALID_TYPE);
    // Foreign host values.
    let r = validate_update_lead(&lead_with("convoId", Value::Foreign("BigInt".into())));
    let i = only_issue(&r);
    assert_eq!((i.code, i.path.as_str()), (codes::UNSUPPORTED_VALUE, "/lead/convoId"));
    assert!(i.message.contains("BigInt"));
    let r = validate_update_lead(&activity_with("metadata", Value::Object([("f", Value::Array(vec![Value::Foreign("function".into())]))].into_iter().collect())));
    assert_eq!(only_issue(&r).path, "/lead/crmActivities/0/metadata/f/0");
    // Deep metadata: depth 64 ok, 65 not.
    fn nested(levels: usize) -> Value {
        let mut v = Value::Object(Map::new());
        for _ in 1..levels {
            v = Value::Object([("a", v)].into_iter().collect());
        }
        v
    }
    assert!(validate_update_lead(&activity_with("metadata", nested(MAX_METADATA_DEPTH))).is_ok());
    let r = validate_update_lead(&activity_with("metadata", nested(MAX_METADATA_DEPTH + 1)));
    assert_eq!(only_issue(&r).code, codes::TOO_DEEP);
    // Values as deep as the JSON parser allows: reported, not descended.
    let r = validate_update_lead(&activity_with("metadata", nested(json::MAX_DEPTH)));
    assert_eq!(only_issue(&r).code, codes::TOO_DEEP);
    // Long strings.
    let long = "x".repeat(MAX_STRING_CHARS + 1);
    let r = validate_update_lead(&meta_with("notes", Value::from(long.as_str())));
    assert_eq!(only_issue(&r).code, codes::TOO_LONG);
    assert!(validate_update_lead(&meta_with("notes", Value::from("é".repeat(MAX_STRING_CHARS).as_str()))).is_ok());
    let r = validate_update_lead(&activity_with("metadata", Value::Object([(long.as_str(), Value::Null)].into_iter().collect())));
    assert_eq!(only_issue(&r).code, codes::TOO_LONG);
    // Big arrays and objects.
    let act = v(r#"{"type":"Call"}"#);
    let r = validate_update_lead(&lead_with("crmActivities", Value::Array(vec![act.clone(); MAX_ACTIVITIES + 1])));
    assert_eq!(only_issue(&r).code, codes::TOO_MANY);
    assert!(validate_update_lead(&lead_with("crmActivities", Value::Array(vec![act; MAX_ACTIVITIES]))).is_ok());
    let note = v(r#"{"text":"t"}"#);
    let r = validate_update_lead(&activity_with("notesHistory", Value::Array(vec![note; MAX_NOTES + 1])));
    assert_eq!(only_issue(&r).code, codes::TOO_MANY);
    let many: Map = (0..=MAX_METADATA_KEYS).map(|i| (i.to_string(), Value::Null)).collect();
    let r = validate_update_lead(&activity_with("metadata", Value::Object(many)));
    assert_eq!(only_issue(&r).code, codes::TOO_MANY);
    let r = validate_update_lead(&activity_with("metadata", Value::Object([("a", Value::Array(vec![Value::Null; MAX_METADATA_ARRAY_ITEMS + 1]))].into_iter().collect())));
    assert_eq!(only_issue(&r).code, codes::TOO_MANY);
    // JSON text 1e999 becomes infinity and is reported.
    assert_eq!(only_issue(&check(r#"{"hotScore":1e999}"#)).code, codes::NOT_FINITE);
}

#[test]
fn lead_patch_validation_is_relative() {
    let r = validate_lead_patch(&v(r#"{"metaData":{"stage":"x","source":"s"}}"#));
    assert_eq!(only_issue(&r).path, "/metaData/stage");
}

#[test]
fn issue_shape_and_messages() {
    let r = check(r#"{"metaData":{"source":"s","stage":"wonn"}}"#);
    let out = json::to_string(&r.to_value());
    assert!(out.starts_with(r#"{"ok":false,"issues":[{"path":"/lead/metaData/stage","code":"invalid_enum","message":"\"wonn\" is not one of: new, engaged"#), "{}", out);
    assert!(out.contains(r#""suggestion":"won"}],"warnings":[]}"#), "{}", out);
    assert_eq!(r.issues[0].to_string(), "/lead/metaData/stage: \"wonn\" is not one of: new, engaged, email_sent, follow_up, info_req, demo_req, demo_conf, demo_done, proposal, negotiation, trial, won, lost [invalid_enum] (did you mean \"won\"?)");
    // Long values are cut in messages.
    let long = "y".repeat(500);
    let r = validate_update_lead(&meta_with("stage", Value::from(long.as_str())));
    assert!(r.issues[0].message.len() < 300);
    for c in codes::ERRORS.iter().chain(codes::WARNINGS) {
        assert!(c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'));
    }
}
