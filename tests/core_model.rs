#![cfg(not(target_arch = "wasm32"))]
//! The Rust model of the body follows the schema table: every body the walk accepts reads
//! into `UpdateLeadBody` and writes back unchanged, and absent, `null` and a value stay apart.

use convocore_leads::*;

mod common;
use common::{valid_body, Rng};

#[test]
fn every_valid_body_reads_into_the_model_and_back_unchanged() {
    let mut r = Rng(0x5eed_0f_0de1);
    let (mut fields, mut checked) = (std::collections::BTreeSet::new(), 0);
    for _ in 0..3000 {
        let body = valid_body(&mut r);
        let Ok((normalized, _)) = normalize_update_lead(body.clone(), None) else { continue };
        let typed: UpdateLeadBody = serde_json::from_value(normalized.clone()).unwrap_or_else(|e| panic!("{e}: {normalized}"));
        checked += 1;
        let back = serde_json::to_value(&typed).unwrap();
        assert!(same_json(&back, &normalized), "{back} != {normalized}");
        if let Some(lead) = normalized["lead"].as_object() {
            fields.extend(lead.keys().cloned());
        }
    }
    assert!(checked > 2500, "only {checked} generated bodies were valid");
    // The generator reached every field of the lead, so none is missing from the model.
    assert_eq!(fields.len(), contract::schema::LEAD.fields.len(), "{fields:?}");
}

/// Equal as JSON: numbers by value (the model writes `5315.0` as `5315`, as JavaScript does).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b)),
        (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().zip(y).all(|((k, a), (l, b))| k == l && same_json(a, b)),
        _ => a == b,
    }
}

#[test]
fn absent_null_and_value_stay_apart() {
    let read = |t: &str| serde_json::from_str::<LeadPatch>(t).unwrap();
    assert_eq!(read("{}").email, None);
    assert_eq!(read(r#"{"email":null}"#).email, Some(None));
    assert_eq!(read(r#"{"email":"a@b.co"}"#).email, Some(Some("a@b.co".into())));
    for text in ["{}", r#"{"email":null}"#, r#"{"email":"a@b.co","name":null}"#] {
        assert_eq!(serde_json::to_string(&read(text)).unwrap(), text);
    }
    assert!(read("{}").is_empty());
    assert!(!read(r#"{"name":null}"#).is_empty());
}

#[test]
fn fields_go_out_in_the_order_of_the_schema() {
    let mut b = LeadPatchBuilder::new("a");
    b.hot_score(80.0).stage(LeadStage::Won).source("web").name("N");
    let text = serde_json::to_string(&b.build().unwrap()).unwrap();
    assert_eq!(text, r#"{"agentId":"a","lead":{"name":"N","metaData":{"source":"web","stage":"won"},"hotScore":80}}"#);
}

#[test]
fn enums_and_numbers_cross_as_the_wire_writes_them() {
    let p: LeadPatch = serde_json::from_str(r#"{"hotLabel":"hot","convoId":12,"ts":"2024-01-01T00:00:00Z","hotScore":-0.0}"#).unwrap();
    assert_eq!(p.hot_label, Some(HotLabel::Hot));
    assert_eq!(p.convo_id, Some(NumOrStr::Number(12.0)));
    assert_eq!(p.ts, Some(NumOrStr::String("2024-01-01T00:00:00Z".into())));
    // -0 goes out as 0, as JSON.stringify writes it.
    assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"convoId":12,"ts":"2024-01-01T00:00:00Z","hotScore":0,"hotLabel":"hot"}"#);
    let e = serde_json::from_str::<LeadPatch>(r#"{"hotLabel":"Hot"}"#).unwrap_err().to_string();
    assert!(e.contains("unknown variant `Hot`, expected one of `hot`, `warm`, `cold`"), "{e}");
}

#[test]
fn the_success_answer_keeps_the_stored_lead_as_the_server_sent_it() {
    let text = r#"{"success":true,"message":"Lead updated","data":{"extra":1,"id":"L1","metaData":{"stage":"legacy_stage"}}}"#;
    let answer: UpdateLeadResponse = serde_json::from_str(text).unwrap();
    assert!(answer.success);
    assert_eq!(answer.data.as_ref().unwrap()["metaData"]["stage"], "legacy_stage");
    assert_eq!(serde_json::to_string(&answer).unwrap(), text);
}
