#![cfg(not(target_arch = "wasm32"))]
//! Differential test: `validate_update_lead` against the independent `jsonschema` crate on the
//! request-body schema of `spec/update-lead.openapi.yaml`, over thousands of generated valid
//! documents and mutations of them. Valid/invalid must agree on every document.

use convocore_leads::contract::validate_update_lead_text;
use convocore_leads::validate_update_lead;
use serde_json::{json, Value as J};

mod common;
use common::*;

/// OpenAPI 3.0 `nullable: true` → a JSON Schema `null` type alternative.
fn convert_nullable(v: &mut J) {
    match v {
        J::Object(m) => {
            if m.get("nullable") == Some(&J::Bool(true)) {
                m.remove("nullable");
                if let Some(J::String(t)) = m.get("type").cloned() {
                    m.insert("type".into(), json!([t, "null"]));
                }
                if let Some(J::Array(e)) = m.get_mut("enum") {
                    e.push(J::Null);
                }
            } else {
                m.remove("nullable");
            }
            for (_, child) in m.iter_mut() {
                convert_nullable(child);
            }
        }
        J::Array(items) => items.iter_mut().for_each(convert_nullable),
        _ => {}
    }
}

fn request_schema() -> J {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/spec/update-lead.openapi.yaml")).unwrap();
    let doc: J = serde_yaml::from_str(&text).unwrap();
    let mut schema = doc["paths"]["/leads/{id}"]["patch"]["requestBody"]["content"]["application/json"]["schema"].clone();
    assert!(schema.is_object());
    convert_nullable(&mut schema);
    schema
}

#[test]
fn validator_agrees_with_jsonschema_on_the_openapi_schema() {
    agrees_with(&request_schema());
}

/// The JSON Schema the package ships (`toJSONSchema()`), generated from the schema table,
/// draft 2020-12: a second, independent reading of the same rules.
#[test]
fn validator_agrees_with_jsonschema_on_its_own_json_schema() {
    let schema = convocore_leads::json_schema();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    agrees_with(&schema);
}

fn agrees_with(schema: &J) {
    let validator = jsonschema::validator_for(schema).expect("schema compiles");
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut valid, mut invalid, mut mutated_valid) = (0usize, 0usize, 0usize);
    let mut disagreements = Vec::new();
    let mut check = |doc: &J, expect_valid: Option<bool>| -> bool {
        let theirs = validator.is_valid(doc);
        let text = serde_json::to_string(doc).unwrap();
        let result = validate_update_lead(doc);
        let ours = result.is_ok();
        if ours != theirs && disagreements.len() < 10 {
            disagreements.push(format!("ours={} theirs={} doc={} issues={:?}", ours, theirs, text, result.issues));
        }
        // The same document as JSON text, walked as it is read.
        let from_text = validate_update_lead_text(&text);
        if from_text.is_ok() != theirs && disagreements.len() < 10 {
            disagreements.push(format!("text: ours={} theirs={} doc={} issues={:?}", from_text.is_ok(), theirs, text, from_text.issues));
        }
        if let Some(e) = expect_valid {
            assert_eq!(theirs, e, "generator produced an unexpected document: {}", text);
        }
        theirs
    };
    for _ in 0..3000 {
        let doc = valid_body(&mut r);
        check(&doc, Some(true));
        valid += 1;
        for _ in 0..2 {
            let mut m = doc.clone();
            for _ in 0..=r.below(2) {
                mutate(&mut r, &mut m);
            }
            if check(&m, None) {
                mutated_valid += 1;
            } else {
                invalid += 1;
            }
        }
    }
    // Targeted mutations: delete each required key.
    let mut targeted = 0;
    for _ in 0..300 {
        let mut doc = valid_body(&mut r);
        let lead = doc["lead"].as_object_mut().unwrap();
        lead.insert("assignedTo".into(), json!({"userId": "u1", "name": "Ann"}));
        lead.insert("crmActivities".into(), json!([{"type": "Call", "notesHistory": [{"text": "hi", "agentId": "a"}]}]));
        for ptr in ["/agentId", "/lead", "/lead/assignedTo/userId", "/lead/crmActivities/0/type", "/lead/crmActivities/0/notesHistory/0/text"] {
            let mut m = doc.clone();
            let (parent, key) = ptr.rsplit_once('/').unwrap();
            m.pointer_mut(if parent.is_empty() { "" } else { parent }).unwrap().as_object_mut().unwrap().remove(key);
            assert!(!check(&m, None));
            targeted += 1;
        }
    }
    println!(
        "differential: {} valid generated, {} mutated invalid, {} mutated still valid, {} targeted required-key deletions; {} disagreements",
        valid, invalid, mutated_valid, targeted, disagreements.len()
    );
    assert!(disagreements.is_empty(), "disagreements:\n{}", disagreements.join("\n"));
    assert!(valid + invalid + mutated_valid >= 9000);
}

/// The limits JSON Schema can say are in the shipped schema: both refuse past them.
#[test]
fn the_json_schema_holds_the_limits() {
    let validator = jsonschema::validator_for(&convocore_leads::json_schema()).expect("schema compiles");
    let long = "x".repeat(convocore_leads::limits::MAX_STRING_CHARS + 1);
    let many_keys: serde_json::Map<String, J> = (0..=convocore_leads::limits::MAX_METADATA_KEYS).map(|i| (i.to_string(), J::from(i))).collect();
    let cases = [
        json!({"agentId": "a", "lead": {"name": long}}),
        json!({"agentId": "a", "lead": {"crmActivities": [{"type": "Call", "metadata": {"k": [{"deep": long}]}}]}}),
        json!({"agentId": "a", "lead": {"crmActivities": [{"type": "Call", "metadata": {"k": many_keys}}]}}),
        json!({"agentId": "a", "lead": {"crmActivities": vec![json!({"type": "Call"}); convocore_leads::limits::MAX_ACTIVITIES + 1]}}),
    ];
    for doc in &cases {
        assert!(!validate_update_lead(doc).is_ok());
        assert!(!validator.is_valid(doc), "{}", &doc.to_string()[..200.min(doc.to_string().len())]);
    }
    let at_limit = json!({"agentId": "a", "lead": {"name": "x".repeat(convocore_leads::limits::MAX_STRING_CHARS)}});
    assert!(validate_update_lead(&at_limit).is_ok() && validator.is_valid(&at_limit));
}
