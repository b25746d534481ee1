//! The request body as a JSON Schema (draft 2020-12), and the module of the package that
//! ships it with the enums' value lists, generated from the schema table.
//!
//! The schema is what this package enforces on JSON: the OpenAPI document's types
//! (`nullable` as a `null` type), `additionalProperties: false`, and the limits of
//! [`crate::limits`] that JSON Schema can say (lengths, counts; not the depth of `metadata`).
//! Warnings (an odd email, a score past 100) are not in it: they never refuse a body.

use serde_json::{json, Map, Value};

use crate::contract::schema::{array_limit, limits, Field, Format, Kind, ObjectSchema, ENUMS, UPDATE_LEAD_BODY};

/// The JSON Schema of `PATCH /leads/{id}`'s body.
pub fn json_schema() -> Value {
    let mut root = Map::new();
    root.insert("$schema".into(), "https://json-schema.org/draft/2020-12/schema".into());
    root.insert("title".into(), UPDATE_LEAD_BODY.name.into());
    root.extend(object(&UPDATE_LEAD_BODY));
    let any = json!({"$ref": "#/$defs/metadataValue"});
    let mut value = of_type(json!(["object", "array", "string", "number", "boolean", "null"]));
    value.extend(free_object(&any));
    value.insert("items".into(), any);
    value.insert("maxItems".into(), limits::MAX_METADATA_ARRAY_ITEMS.into());
    value.insert("maxLength".into(), limits::MAX_STRING_CHARS.into());
    root.insert("$defs".into(), json!({ "metadataValue": value }));
    Value::Object(root)
}

fn object(s: &ObjectSchema) -> Map<String, Value> {
    let mut out = of_type("object".into());
    if !s.doc.is_empty() {
        out.insert("description".into(), s.doc.into());
    }
    out.insert("properties".into(), s.fields.iter().map(|f| (f.name.to_string(), Value::Object(field(f)))).collect());
    let required: Vec<&str> = s.fields.iter().filter(|f| f.required).map(|f| f.name).collect();
    if !required.is_empty() {
        out.insert("required".into(), required.into());
    }
    out.insert("additionalProperties".into(), false.into());
    out
}

fn field(f: &Field) -> Map<String, Value> {
    let mut out = kind(f.kind, f.name);
    if !f.doc.is_empty() {
        out.insert("description".into(), f.doc.into());
    }
    let format = match f.format {
        Format::Email => Some("email"),
        Format::CalendarDate => Some("date"),
        _ => None,
    };
    if let Some(format) = format {
        out.insert("format".into(), format.into());
    }
    out
}

fn kind(k: Kind, name: &str) -> Map<String, Value> {
    let string = |types: Value| {
        let mut m = of_type(types);
        m.insert("maxLength".into(), limits::MAX_STRING_CHARS.into());
        m
    };
    match k {
        Kind::String => string("string".into()),
        Kind::NullableString => string(json!(["string", "null"])),
        Kind::NumberOrString => string(json!(["number", "string"])),
        Kind::Number => of_type("number".into()),
        Kind::Bool => of_type("boolean".into()),
        Kind::Enum(values) => {
            let mut m = of_type("string".into());
            m.insert("enum".into(), values.into());
            m
        }
        Kind::Object(s) => object(s),
        Kind::Array(item) => {
            let mut m = of_type("array".into());
            m.insert("items".into(), Value::Object(kind(*item, name)));
            m.insert("maxItems".into(), array_limit(name).into());
            m
        }
        Kind::AnyObject => {
            let mut m = of_type("object".into());
            m.extend(free_object(&json!({"$ref": "#/$defs/metadataValue"})));
            m
        }
    }
}

fn of_type(types: Value) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("type".into(), types);
    m
}

/// The keywords of a free-form object whose values are `value`.
fn free_object(value: &Value) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("maxProperties".into(), limits::MAX_METADATA_KEYS.into());
    m.insert("propertyNames".into(), json!({"maxLength": limits::MAX_STRING_CHARS}));
    m.insert("additionalProperties".into(), value.clone());
    m
}

/// `pkg-template/schema.generated.js`: the enums' value lists (`LEAD_STAGES`, …) and the JSON
/// Schema as text (each `toJSONSchema()` parses a fresh copy).
pub fn schema_module() -> String {
    let mut out = String::from("// Generated from the Rust schema table by tests/typescript_snapshot.rs; do not edit.\n");
    for (name, values, doc) in ENUMS {
        out.push_str("/** ");
        out.push_str(doc);
        out.push_str(" Every value, in the order of the OpenAPI document. */\n");
        out.push_str("export const ");
        out.push_str(&list_name(name));
        out.push_str(" = Object.freeze(");
        out.push_str(&serde_json::to_string(values).unwrap_or_default());
        out.push_str(");\n");
    }
    out.push_str("export const UPDATE_LEAD_JSON_SCHEMA = ");
    out.push_str(&serde_json::to_string(&json_schema().to_string()).unwrap_or_default());
    out.push_str(";\n");
    out
}

/// `LeadStage` → `LEAD_STAGES`, `AssignmentStatus` → `ASSIGNMENT_STATUSES`.
pub fn list_name(type_name: &str) -> String {
    let mut out = String::new();
    for (i, c) in type_name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out.push_str(if out.ends_with('S') { "ES" } else { "S" });
    out
}
