#![cfg(not(target_arch = "wasm32"))]
use convocore_leads::*;

mod common;
use common::{date, MARK_PREFIX};

fn to_string(v: &impl serde::Serialize) -> String {
    serde_json::to_string(v).unwrap()
}
fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

#[test]
fn builds_a_full_body() {
    let mut b = LeadPatchBuilder::new("agent-1");
    b.name("Jane").email("jane@example.com").phone("+1 555").source("chat").company("Acme").stage(LeadStage::FollowUp)
        .value(12_500.0).currency("EUR").expected_close_date("2025-03-01").demo_time("10:30").linked_in("https://l.in/x")
        .convo_id("c-1").hot_score(80.0).hot_label(HotLabel::Hot).last_activity_date(1_700_000_000_000i64);
    let mut who = Assignee::new("user-9");
    who.status = Some(AssignmentStatus::Accepted);
    b.assigned_to(&who);
    let mut act = Activity::new(ActivityType::Call);
    act.first_channel = Some(Channel::PhoneCall);
    act.completed = Some(true);
    b.add_activity(&act);
    b.add_note(0, &Note::new("called back")).unwrap();
    let (body, warnings) = b.build_with_warnings().unwrap();
    // Nothing is wrong but the two nested objects sent in part (see contract_walk's tests).
    let warned: Vec<_> = warnings.iter().map(|w| (w.code, w.path.as_str())).collect();
    assert_eq!(warned, [(codes::PARTIAL_OBJECT, "/lead/assignedTo"), (codes::PARTIAL_OBJECT, "/lead/metaData")], "{warnings:#?}");
    assert_eq!(
        body,
        serde_json::from_str::<UpdateLeadBody>(r#"{"agentId":"agent-1","lead":{"name":"Jane","email":"jane@example.com","phone":"+1 555","metaData":{"source":"chat","company":"Acme","stage":"follow_up","value":12500,"currency":"EUR","expectedCloseDate":"2025-03-01","demoTime":"10:30","linkedIn":"https://l.in/x"},"convoId":"c-1","hotScore":80,"hotLabel":"hot","lastActivityDate":1700000000000,"assignedTo":{"userId":"user-9","status":"accepted"},"crmActivities":[{"type":"Call","completed":true,"firstChannel":"Phone/Call","notesHistory":[{"text":"called back"}]}]}}"#).unwrap()
    );
    assert!(validate_update_lead(&serde_json::to_value(&body).unwrap()).is_ok());
}

#[test]
fn absent_null_and_value_stay_distinct() {
    let mut b = LeadPatchBuilder::new("a");
    let nothing = |b: &LeadPatchBuilder| b.build().unwrap_err().iter().map(|i| (i.code, i.path.clone())).collect::<Vec<_>>();
    assert_eq!(nothing(&b), [(codes::EMPTY_PATCH, "/lead".to_string())], "nothing set: nothing to send");
    b.clear(NullableField::Name);
    assert_eq!(to_string(&b.build().unwrap()), r#"{"agentId":"a","lead":{"name":null}}"#);
    b.name("N");
    assert_eq!(to_string(&b.build().unwrap()), r#"{"agentId":"a","lead":{"name":"N"}}"#);
    b.unset("name").unwrap();
    assert_eq!(nothing(&b), [(codes::EMPTY_PATCH, "/lead".to_string())]);
    // validate() reports it too.
    b.set("metaData", Value::Object(Map::new())).unwrap().unset("metaData").unwrap();
    assert_eq!(b.validate().issues[0].code, codes::EMPTY_PATCH);
}

#[test]
fn set_by_dotted_path() {
    // Host `Date`s reach the builder from the JavaScript binding, as marks it reads.
    let mut b = LeadPatchBuilder::new("a").reading_marks(MARK_PREFIX);
    b.set("metaData.stage", Value::from("won")).unwrap();
    b.set("lead.metaData.source", Value::from("web")).unwrap();
    b.set("assignedTo.userId", Value::from("u")).unwrap();
    b.set("email", Value::Null).unwrap();
    b.set("agentId", Value::from("agent-2")).unwrap();
    b.set("lastActivityDate", date(0.0)).unwrap();
    let body = b.build().unwrap();
    assert_eq!(
        body,
        serde_json::from_str::<UpdateLeadBody>(r#"{"agentId":"agent-2","lead":{"metaData":{"stage":"won","source":"web"},"assignedTo":{"userId":"u"},"email":null,"lastActivityDate":0}}"#).unwrap()
    );
    let e = b.set("metaData.stage", Value::from("wonn")).unwrap_err();
    assert_eq!((e.code, e.path.as_str(), e.suggestion.as_deref()), (codes::INVALID_ENUM, "/lead/metaData/stage", Some("won")));
    let e = b.set("metadata.stage", Value::from("won")).unwrap_err();
    assert_eq!((e.code, e.suggestion.as_deref()), (codes::UNKNOWN_FIELD, Some("metaData")));
    let e = b.set("metaData.linkedin", Value::from("x")).unwrap_err();
    assert_eq!(e.suggestion.as_deref(), Some("linkedIn"));
    let e = b.set("name.first", Value::from("x")).unwrap_err();
    assert_eq!(e.code, codes::INVALID_PATH);
    let e = b.set("hotScore", Value::from("high")).unwrap_err();
    assert_eq!(e.code, codes::INVALID_TYPE);
    let e = b.set("", Value::Null).unwrap_err();
    assert_eq!(e.code, codes::UNKNOWN_FIELD);
    let e = b.set("agentId", Value::Null).unwrap_err();
    assert_eq!(e.code, codes::INVALID_TYPE);
    // A failed set changes nothing.
    assert_eq!(b.build().unwrap(), body);
}

#[test]
fn build_reports_all_issues() {
    let mut b = LeadPatchBuilder::new("a").reading_marks(MARK_PREFIX);
    b.hot_score(f64::NAN).name("x".repeat(limits::MAX_STRING_CHARS + 1));
    assert_eq!(b.set("lastActivityDate", date(f64::NAN)).map(|_| ()).unwrap_err().code, codes::INVALID_DATE);
    let issues = b.build().unwrap_err();
    // A serde_json value cannot hold NaN: the typed setter stores it as null (builder::number),
    // so the build refuses it as null where a number is required, no longer as not_finite.
    let found: Vec<_> = issues.iter().map(|i| (i.code, i.path.as_str())).collect();
    assert_eq!(found, [(codes::INVALID_TYPE, "/lead/hotScore"), (codes::TOO_LONG, "/lead/name")]);
    let e = LeadPatchBuilder::new("a").add_note(3, &Note::new("t")).map(|_| ()).unwrap_err();
    assert_eq!((e.code, e.path.as_str()), (codes::INVALID_PATH, "/lead/crmActivities/3"));
}

#[test]
fn nested_set_without_required_field_fails_at_build() {
    let mut b = LeadPatchBuilder::new("a");
    b.set("assignedTo.note", Value::from("n")).unwrap();
    let issues = b.build().unwrap_err();
    assert_eq!((issues[0].code, issues[0].path.as_str()), (codes::MISSING_FIELD, "/lead/assignedTo/userId"));
    b.set("assignedTo.userId", Value::from("u")).unwrap();
    assert!(b.build().is_ok());
}

#[test]
fn warnings_from_build() {
    let mut b = LeadPatchBuilder::new("a");
    b.stage(LeadStage::Won);
    let (_, w) = b.build_with_warnings().unwrap();
    assert_eq!(w.iter().map(|i| i.code).collect::<Vec<_>>(), [codes::DEFAULT_APPLIES, codes::PARTIAL_OBJECT]);
}

#[test]
fn enums_round_trip() {
    assert_eq!(LeadStage::ALL.len(), 13);
    assert_eq!(ActivityType::ALL.len(), 10);
    assert_eq!(Channel::ALL.len(), 11);
    assert_eq!(HotLabel::ALL.len(), 3);
    assert_eq!(AssignmentStatus::ALL.len(), 3);
    for s in LeadStage::ALL {
        assert_eq!(LeadStage::parse(s.as_str()), Some(*s));
    }
    for s in Channel::ALL {
        assert_eq!(Channel::parse(&s.to_string()), Some(*s));
    }
    assert_eq!(ActivityType::parse("Follow-Up"), Some(ActivityType::FollowUp));
    assert_eq!(LeadStage::parse("Won"), None);
}

#[test]
fn value_appends_are_checked_and_leave_the_builder_unchanged_when_refused() {
    let mut b = LeadPatchBuilder::new("a");
    let call = parse(r#"{"type":"Call"}"#);
    b.push_activity(call).unwrap();
    b.push_note(0, parse(r#"{"text":"hi","timestamp":1}"#)).unwrap();
    let before = b.clone();
    let e = b.push_activity(parse(r#"{"type":"Cal"}"#)).map(|_| ()).unwrap_err();
    assert_eq!((e.path.as_str(), e.code, e.suggestion.as_deref()), ("/lead/crmActivities/1/type", "invalid_enum", Some("Call")));
    let e = b.push_note(0, parse(r#"{"txt":"hi"}"#)).map(|_| ()).unwrap_err();
    assert_eq!((e.path.as_str(), e.code), ("/lead/crmActivities/0/notesHistory/1/txt", "unknown_field"));
    let e = b.push_note(5, parse(r#"{"text":"hi"}"#)).map(|_| ()).unwrap_err();
    assert_eq!(e.code, "invalid_path");
    assert_eq!(b, before);
    assert_eq!(
        b.build().unwrap(),
        serde_json::from_str::<UpdateLeadBody>(r#"{"agentId":"a","lead":{"crmActivities":[{"type":"Call","notesHistory":[{"text":"hi","timestamp":1}]}]}}"#).unwrap()
    );
}

fn stored_lead() -> Value {
    parse(
        r#"{"id":"L1","agentId":"agent_emea_01","ts":1700000000000,"name":"Ada","email":"ada@example.com",
        "metaData":{"company":"Acme","address":"1 Main St","website":"https://acme.test","notes":"n","source":"web",
        "currency":"EUR","value":12000,"stage":"proposal","language":"en","linkedIn":"li","facebook":"fb","instagram":"ig","lostReason":"-"},
        "assignedTo":{"userId":"u1","name":"Bo","status":"pending"},
        "crmActivities":[{"type":"Call","note":"first"}]}"#,
    )
}

#[test]
fn a_builder_from_the_stored_lead_sends_nested_objects_whole() {
    let stored = stored_lead();
    let mut b = LeadPatchBuilder::from_stored(&stored, None).unwrap();
    b.stage(LeadStage::Won);
    b.set("assignedTo.status", Value::from("accepted")).unwrap();
    let (body, warnings) = b.build_with_warnings().unwrap();
    assert_eq!(warnings, []);
    let mut meta = stored["metaData"].clone();
    meta["stage"] = Value::from("won");
    let mut who = stored["assignedTo"].clone();
    who["status"] = Value::from("accepted");
    assert_eq!(serde_json::to_value(&body).unwrap(), serde_json::json!({"agentId": "agent_emea_01", "lead": {"metaData": meta, "assignedTo": who}}));
    // Under either merge rule the server keeps every stored field.
    let after = apply_lead_patch(&stored, &serde_json::to_value(&body.lead).unwrap(), None).unwrap();
    assert_eq!(after["metaData"].as_object().unwrap().len(), 13);
}

#[test]
fn a_builder_from_the_stored_lead_sends_only_what_changed() {
    let stored = stored_lead();
    let mut b = LeadPatchBuilder::from_stored(&stored, None).unwrap();
    b.name("Ada").company("Acme");
    assert!(b.build().unwrap().lead.is_empty(), "values equal to the stored ones are not sent");
    b.clear(NullableField::Email).clear(NullableField::Phone);
    assert_eq!(to_string(&b.build().unwrap().lead), r#"{"email":null}"#, "phone is not stored: nothing to clear");
    // unset undoes: a nested field goes back to its stored value, a top-level one is not sent.
    b.company("Beta");
    b.unset("metaData.company").unwrap().unset("email").unwrap();
    assert!(b.build().unwrap().lead.is_empty());
    // The agent may be given, or is taken from the stored lead.
    let mut other = LeadPatchBuilder::from_stored(&stored, Some("other".into())).unwrap();
    assert_eq!(other.phone("1").build().unwrap().agent_id, "other");
}

#[test]
fn a_builder_from_the_stored_lead_appends_activities_to_the_stored_ones() {
    let stored = stored_lead();
    let mut b = LeadPatchBuilder::from_stored(&stored, None).unwrap();
    b.add_activity(&Activity::new(ActivityType::Email));
    b.add_note(0, &Note::new("called back")).unwrap();
    let sent = b.build().unwrap().lead.crm_activities.unwrap();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].note.as_deref(), Some("first"));
    assert_eq!(sent[0].notes_history.as_ref().map(Vec::len), Some(1));
    assert_eq!(sent[1].kind, ActivityType::Email);
}

#[test]
fn a_builder_from_the_stored_lead_refuses_what_it_cannot_start_from() {
    let e = LeadPatchBuilder::from_stored(&Value::from("L1"), None).unwrap_err();
    assert_eq!((e.code, e.path.as_str()), (codes::INVALID_TYPE, ""));
    let e = LeadPatchBuilder::from_stored(&parse(r#"{"name":"x"}"#), None).unwrap_err();
    assert_eq!((e.code, e.path.as_str()), (codes::MISSING_FIELD, "/agentId"));
    // A stored value the schema refuses is reported when its object must be sent whole.
    let mut b = LeadPatchBuilder::from_stored(&parse(r#"{"agentId":"a","metaData":{"stage":"legacy","source":"web"}}"#), None).unwrap();
    b.company("Acme");
    let issues = b.build().unwrap_err();
    assert_eq!((issues[0].code, issues[0].path.as_str()), (codes::INVALID_ENUM, "/lead/metaData/stage"));
}

#[test]
fn validate_reports_what_build_would_with_the_warnings() {
    let mut b = LeadPatchBuilder::new("a");
    b.stage(LeadStage::Won);
    let v = b.validate();
    assert!(v.is_ok());
    // Without a stored lead, a part of metaData is at risk under a replacing server.
    assert_eq!(v.warnings.iter().map(|i| i.code).collect::<Vec<_>>(), [codes::DEFAULT_APPLIES, codes::PARTIAL_OBJECT]);
    b.set("assignedTo.note", Value::from("n")).unwrap();
    let v = b.validate();
    assert_eq!(v.issues.iter().map(|i| (i.code, i.path.as_str())).collect::<Vec<_>>(), [(codes::MISSING_FIELD, "/lead/assignedTo/userId")]);
    assert_eq!(v.warnings.len(), 3, "warnings stay beside errors (the metaData and the assignedTo in part)");
    assert_eq!(b.build().unwrap_err(), v.issues);
}
