#![cfg(not(target_arch = "wasm32"))]
use convocore_leads::*;

fn v(t: &str) -> Value {
    serde_json::from_str(t).unwrap()
}
fn to_json(v: &Value) -> String {
    serde_json::to_string(v).unwrap()
}
/// JSON text with its keys sorted, as the crate's values (serde_json's B-tree maps) write them.
fn canon(t: &str) -> String {
    to_json(&v(t))
}
fn diff(b: &str, a: &str) -> Result<String, Vec<&'static str>> {
    diff_lead(&v(b), &v(a), None).map(|m| to_json(&serde_json::to_value(m).unwrap())).map_err(|e| e.iter().map(|i| i.code).collect())
}

const BEFORE: &str = r#"{"id":"L1","agentId":"A","ts":1,"name":"Jane","email":"j@x.io","metaData":{"source":"chat","stage":"new","company":"Acme"},"assignedTo":{"userId":"u1"},"hotScore":10,"crmActivities":[{"type":"Call"}]}"#;

#[test]
fn minimal_patches() {
    assert_eq!(diff(BEFORE, BEFORE).unwrap(), "{}");
    // ts is ignored, unchanged fields omitted.
    assert_eq!(diff(BEFORE, &BEFORE.replace(r#""ts":1"#, r#""ts":2"#)).unwrap(), "{}");
    assert_eq!(diff(BEFORE, &BEFORE.replace("Jane", "Janet")).unwrap(), canon(r#"{"name":"Janet"}"#));
    // Any metaData change sends the whole after object.
    assert_eq!(
        diff(BEFORE, &BEFORE.replace(r#""stage":"new""#, r#""stage":"won""#)).unwrap(),
        canon(r#"{"metaData":{"source":"chat","stage":"won","company":"Acme"}}"#)
    );
    // Removing a metaData key is expressible by sending the whole object.
    assert_eq!(diff(BEFORE, &BEFORE.replace(r#","company":"Acme""#, "")).unwrap(), canon(r#"{"metaData":{"source":"chat","stage":"new"}}"#));
    // Key order inside objects does not count as a change.
    assert_eq!(diff(BEFORE, &BEFORE.replace(r#""source":"chat","stage":"new""#, r#""stage":"new","source":"chat""#)).unwrap(), "{}");
    assert_eq!(
        diff(BEFORE, &BEFORE.replace(r#"{"userId":"u1"}"#, r#"{"userId":"u2","status":"pending"}"#)).unwrap(),
        canon(r#"{"assignedTo":{"userId":"u2","status":"pending"}}"#)
    );
    assert_eq!(
        diff(BEFORE, &BEFORE.replace(r#"[{"type":"Call"}]"#, r#"[{"type":"Call"},{"type":"Note"}]"#)).unwrap(),
        canon(r#"{"crmActivities":[{"type":"Call"},{"type":"Note"}]}"#)
    );
    // Removing a nullable field becomes null; null and absent are the same state.
    assert_eq!(diff(BEFORE, &BEFORE.replace(r#""email":"j@x.io","#, "")).unwrap(), canon(r#"{"email":null}"#));
    assert_eq!(diff(BEFORE, &BEFORE.replace(r#""email":"j@x.io","#, r#""email":null,"#)).unwrap(), canon(r#"{"email":null}"#));
    assert_eq!(diff(r#"{"phone":null}"#, "{}").unwrap(), "{}");
    // New fields.
    assert_eq!(diff("{}", r#"{"hotLabel":"cold","phone":"1"}"#).unwrap(), canon(r#"{"hotLabel":"cold","phone":"1"}"#));
}

#[test]
fn inexpressible_changes_are_issues() {
    assert_eq!(diff(BEFORE, &BEFORE.replace(r#""agentId":"A""#, r#""agentId":"B""#)).unwrap_err(), [codes::IMMUTABLE_FIELD]);
    assert_eq!(diff(BEFORE, &BEFORE.replace(r#""hotScore":10,"#, "")).unwrap_err(), [codes::CANNOT_REMOVE]);
    assert_eq!(diff(BEFORE, &BEFORE.replace(r#""assignedTo":{"userId":"u1"},"#, "")).unwrap_err(), [codes::CANNOT_REMOVE]);
    assert_eq!(diff(BEFORE, &BEFORE.replace(r#""id":"L1""#, r#""id":"L2""#)).unwrap_err(), [codes::UNKNOWN_FIELD]);
    assert_eq!(diff(BEFORE, &BEFORE.replace(r#""stage":"new""#, r#""stage":"nope""#)).unwrap_err(), [codes::INVALID_ENUM]);
    assert_eq!(diff(BEFORE, &BEFORE.replace(r#""hotScore":10"#, r#""hotScore":null"#)).unwrap_err(), [codes::INVALID_TYPE]);
    // All issues, not the first.
    let after = BEFORE.replace(r#""agentId":"A""#, r#""agentId":"B""#).replace(r#""hotScore":10,"#, "");
    assert_eq!(diff(BEFORE, &after).unwrap_err(), [codes::IMMUTABLE_FIELD, codes::CANNOT_REMOVE]);
    assert_eq!(diff("[]", "{}").unwrap_err(), [codes::INVALID_TYPE]);
}

#[test]
fn apply_replaces_top_level_and_clears_with_null() {
    let before = v(BEFORE);
    let out = apply_lead_patch(&before, &v(r#"{"name":"Janet","email":null,"metaData":{"source":"web"},"ts":99,"phone":"7"}"#), None).unwrap();
    assert_eq!(
        to_json(&out),
        canon(r#"{"id":"L1","agentId":"A","ts":1,"name":"Janet","metaData":{"source":"web"},"assignedTo":{"userId":"u1"},"hotScore":10,"crmActivities":[{"type":"Call"}],"phone":"7"}"#)
    );
    // Inputs untouched.
    assert_eq!(before, v(BEFORE));
    // Invalid patches are refused with their issues.
    let e = apply_lead_patch(&before, &v(r#"{"hotScore":null,"foo":1}"#), None).unwrap_err();
    // In the order of the patch's keys, sorted ("foo" < "hotScore").
    assert_eq!(e.iter().map(|i| i.code).collect::<Vec<_>>(), [codes::UNKNOWN_FIELD, codes::INVALID_TYPE]);
    assert!(apply_lead_patch(&Value::Null, &v("{}"), None).is_err());
}

#[test]
fn apply_of_diff_gives_after() {
    let before = v(BEFORE);
    let after = v(&BEFORE.replace("Jane", "J").replace(r#""stage":"new""#, r#""stage":"lost","lostReason":"price""#).replace(r#""email":"j@x.io","#, ""));
    let patch = diff_lead(&before, &after, None).unwrap();
    assert_eq!(apply_lead_patch(&before, &serde_json::to_value(patch).unwrap(), None).unwrap(), after);
}

// diffLead sends metaData and assignedTo whole, so it reports no warning of its own (its
// result is the patch). The validator judges a body alone and cannot know the stored lead:
// validating the diff's patch still names, as `partial_object`, the fields that are not sent,
// which here are only fields the stored lead does not have either: none of its stored fields
// is at risk (the message says "any stored").
#[test]
fn diff_sends_whole_objects_and_partial_object_names_only_unstored_fields() {
    let after = BEFORE.replace(r#""stage":"new""#, r#""stage":"won""#).replace(r#""userId":"u1""#, r#""userId":"u2""#);
    let patch = serde_json::to_value(diff_lead(&v(BEFORE), &v(&after), None).unwrap()).unwrap();
    let r = validate_lead_patch(&patch);
    assert!(r.is_ok());
    let partial: Vec<_> = r.warnings.iter().filter(|w| w.code == codes::PARTIAL_OBJECT).collect();
    assert_eq!(partial.iter().map(|w| w.path.as_str()).collect::<Vec<_>>(), ["/assignedTo", "/metaData"]);
    let stored = v(BEFORE);
    for w in partial {
        let key = w.path.trim_start_matches('/');
        let named = w.message.split("erase any stored ").nth(1).unwrap().split(" (").next().unwrap();
        for field in named.split(", ") {
            assert!(stored[key].get(field).is_none(), "{field} is stored in {key} but not sent: {}", w.message);
            assert!(patch[key].get(field).is_none());
        }
        // Every stored field is sent.
        for field in stored[key].as_object().unwrap().keys() {
            assert!(patch[key].get(field).is_some(), "{key}.{field} is stored but not sent");
        }
    }
}
