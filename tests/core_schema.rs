#![cfg(not(target_arch = "wasm32"))]
//! The schema table and enums match the OpenAPI document field by field.

use convocore_leads::contract::schema::{Kind, ObjectSchema, UPDATE_LEAD_BODY};
use serde_json::Value as J;

fn spec_schema() -> J {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/spec/update-lead.openapi.yaml")).unwrap();
    let doc: J = serde_yaml::from_str(&text).unwrap();
    doc["paths"]["/leads/{id}"]["patch"]["requestBody"]["content"]["application/json"]["schema"].clone()
}

fn any_of_types(s: &J) -> Vec<String> {
    let mut t: Vec<String> = s["anyOf"].as_array().unwrap().iter().map(|x| x["type"].as_str().unwrap().to_string()).collect();
    t.sort();
    t
}

fn compare_kind(kind: Kind, s: &J, at: &str, seen: &mut usize) {
    match kind {
        Kind::String => {
            assert_eq!(s["type"], "string", "{}", at);
            assert!(s.get("nullable").is_none() && s.get("enum").is_none(), "{}", at);
        }
        Kind::NullableString => {
            assert_eq!(s["type"], "string", "{}", at);
            assert_eq!(s["nullable"], true, "{}", at);
        }
        Kind::Number => assert_eq!(s["type"], "number", "{}", at),
        Kind::Bool => assert_eq!(s["type"], "boolean", "{}", at),
        Kind::NumberOrString => assert_eq!(any_of_types(s), ["number", "string"], "{}", at),
        Kind::Enum(values) => {
            assert_eq!(s["type"], "string", "{}", at);
            let spec: Vec<&str> = s["enum"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
            assert_eq!(values, spec.as_slice(), "{}", at);
        }
        Kind::Object(o) => compare_object(o, s, at, seen),
        Kind::Array(item) => {
            assert_eq!(s["type"], "array", "{}", at);
            compare_kind(*item, &s["items"], &format!("{}[]", at), seen);
        }
        Kind::AnyObject => {
            assert_eq!(s["type"], "object", "{}", at);
            assert_eq!(s["additionalProperties"], serde_json::json!({}), "{}", at);
        }
    }
}

fn compare_object(o: &ObjectSchema, s: &J, at: &str, seen: &mut usize) {
    assert_eq!(s["type"], "object", "{}", at);
    assert_eq!(s["additionalProperties"], false, "{}", at);
    let props = s["properties"].as_object().unwrap();
    let spec_names: Vec<&str> = props.keys().map(String::as_str).collect();
    let our_names: Vec<&str> = o.names().collect();
    let (mut a, mut b) = (spec_names.clone(), our_names.clone());
    a.sort();
    b.sort();
    assert_eq!(a, b, "properties of {}", at);
    let required: Vec<&str> = s.get("required").and_then(J::as_array).map(|r| r.iter().map(|x| x.as_str().unwrap()).collect()).unwrap_or_default();
    for f in o.fields {
        *seen += 1;
        assert_eq!(f.required, required.contains(&f.name), "required {}.{}", at, f.name);
        let ps = &props[f.name];
        if let Some(d) = ps.get("description").and_then(J::as_str) {
            assert!(f.doc.starts_with(d), "doc of {}.{}: {:?} vs {:?}", at, f.name, f.doc, d);
        }
        compare_kind(f.kind, ps, &format!("{}.{}", at, f.name), seen);
    }
}

#[test]
fn table_matches_the_openapi_document() {
    let mut seen = 0;
    compare_object(&UPDATE_LEAD_BODY, &spec_schema(), "body", &mut seen);
    println!("schema table: {} fields checked against the OpenAPI document", seen);
    assert_eq!(seen, 2 + 11 + 18 + 7 + 14 + 4);
}

#[test]
fn every_object_has_at_most_64_fields() {
    // Validation keeps the fields present in an object as bits of a u64.
    use convocore_leads::contract::schema::{ACTIVITY, ASSIGNED_TO, LEAD, META_DATA, NOTE, UPDATE_LEAD_BODY};
    for s in [&NOTE, &ACTIVITY, &ASSIGNED_TO, &META_DATA, &LEAD, &UPDATE_LEAD_BODY] {
        assert!(s.fields.len() <= 64, "{}", s.name);
    }
}
