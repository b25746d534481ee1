//! What the package's TypeScript and JavaScript take from the schema table, generated
//! (deterministic output; the checked-in copies are compared by tests/typescript_snapshot.rs).

use crate::contract::issue::codes;
use crate::contract::walk::INVALID_JSON;
use crate::contract::schema::{enum_name, Field, Format, Kind, ObjectSchema, ENUMS, UPDATE_LEAD_BODY};

fn doc(out: &mut String, indent: &str, text: &str) {
    if !text.is_empty() {
        out.push_str(indent);
        out.push_str("/** ");
        out.push_str(&text.replace("*/", "*\\/"));
        out.push_str(" */\n");
    }
}

fn ts_type(kind: Kind, format: Format) -> String {
    let date = matches!(format, Format::Timestamp | Format::CalendarDate);
    let mut t = match kind {
        Kind::String => "string".to_string(),
        Kind::NullableString => "string | null".to_string(),
        Kind::Number => "number".to_string(),
        Kind::Bool => "boolean".to_string(),
        Kind::NumberOrString => "number | string".to_string(),
        Kind::Enum(values) => enum_name(values).to_string(),
        Kind::Object(s) => s.name.to_string(),
        Kind::Array(item) => {
            let inner = ts_type(*item, Format::Plain);
            if inner.contains(' ') {
                format!("Array<{}>", inner)
            } else {
                inner + "[]"
            }
        }
        Kind::AnyObject => "Record<string, unknown>".to_string(),
    };
    if date {
        t.push_str(" | Date");
    }
    t
}

fn collect(schema: &'static ObjectSchema, out: &mut Vec<&'static ObjectSchema>) {
    if out.iter().any(|s| core::ptr::eq(*s, schema)) {
        return;
    }
    out.push(schema);
    for f in schema.fields {
        let mut k = f.kind;
        while let Kind::Array(item) = k {
            k = *item;
        }
        if let Kind::Object(s) = k {
            collect(s, out);
        }
    }
}

fn field_doc(f: &Field) -> String {
    let mut d = f.doc.to_string();
    let extra = match f.format {
        Format::Timestamp => "Epoch milliseconds or ISO 8601 string; a Date is sent as epoch milliseconds.",
        Format::CalendarDate => "ISO 8601 date (YYYY-MM-DD); a Date is sent as its UTC date.",
        Format::TimeOfDay => "HH:MM or HH:MM:SS.",
        _ => "",
    };
    if !extra.is_empty() {
        if !d.is_empty() {
            d.push(' ');
        }
        d.push_str(extra);
    }
    d
}

/// The TypeScript declarations of the request body, its parts, the enums and the issue types.
pub fn typescript_declarations() -> String {
    let mut out = String::from("// Generated from the Convocore Update Lead schema (OpenAPI 1.0.4). Do not edit.\n\n");
    for (name, values, d) in ENUMS {
        doc(&mut out, "", d);
        out.push_str("export type ");
        out.push_str(name);
        out.push_str(" =");
        for (i, v) in values.iter().enumerate() {
            out.push_str(if i == 0 { " " } else { " | " });
            out.push_str(&serde_json::to_string(v).unwrap_or_default());
        }
        out.push_str(";\n\n");
    }
    let mut objects = Vec::new();
    collect(&UPDATE_LEAD_BODY, &mut objects);
    for s in objects {
        doc(&mut out, "", s.doc);
        out.push_str("export interface ");
        out.push_str(s.name);
        out.push_str(" {\n");
        for f in s.fields {
            doc(&mut out, "  ", &field_doc(f));
            out.push_str("  ");
            out.push_str(f.name);
            if !f.required {
                out.push('?');
            }
            out.push_str(": ");
            out.push_str(&ts_type(f.kind, f.format));
            out.push_str(";\n");
        }
        out.push_str("}\n\n");
    }
    // The setters are defined in JavaScript from the same list (pkg-template/builder-chain.js);
    // this interface merges into the `LeadPatchBuilder` class wasm-bindgen declares.
    out.push_str("/** One setter per field; each checks its value at once and returns the builder. */\n");
    out.push_str("export interface LeadPatchBuilder {\n");
    for (f, path) in crate::patch::builder::field_setters() {
        let mut d = ["`", &path, "`"].concat();
        if f.kind == Kind::NullableString {
            d.push_str(" (`null` clears it)");
        }
        let more = field_doc(f);
        if !more.is_empty() {
            d.push_str(": ");
            d.push_str(&more);
        }
        if matches!(f.kind, Kind::Object(_) | Kind::Array(_)) {
            d.push_str(" Sent whole: it replaces the stored value.");
        }
        doc(&mut out, "  ", &d);
        out.push_str("  ");
        out.push_str(f.name);
        out.push_str("(value: ");
        out.push_str(&ts_type(f.kind, f.format));
        out.push_str("): LeadPatchBuilder;\n");
    }
    out.push_str("}\n\n");
    // The codes as unions, for callers that switch on them; `Issue.code` stays a string,
    // as a newer package may add codes.
    let union = |codes: &mut dyn Iterator<Item = &&str>| codes.map(|c| ["\"", c, "\""].concat()).collect::<Vec<_>>().join(" | ");
    out.push_str("/** The codes of blocking issues (`ValidationResult.issues`). */\nexport type ErrorCode = ");
    out.push_str(&union(&mut codes::ERRORS.iter().chain(&[INVALID_JSON])));
    out.push_str(";\n\n/** The codes of warnings (`ValidationResult.warnings`): worth showing, never blocking. `partial_object`: `metaData` or `assignedTo` sent without some of its fields, which a server that replaces nested objects would erase (the message names them); `empty_patch`: `lead` is `{}`. */\nexport type WarningCode = ");
    out.push_str(&union(&mut codes::WARNINGS.iter()));
    out.push_str(";\n\n");
    out.push_str(
        "/** One problem found in a value. */
export interface Issue {
  /** JSON Pointer (RFC 6901) to the value; \"\" is the root. */
  path: string;
  /** Stable machine-readable code: an `ErrorCode` or a `WarningCode`, e.g. \"invalid_enum\". */
  code: string;
  /** Clear English message. */
  message: string;
  /** The allowed values or types, when there is a set. */
  expected?: string[];
  /** A likely intended value or key for a near miss. */
  suggestion?: string;
}

/** The outcome of validation: errors block sending, warnings never do. */
export interface ValidationResult {
  ok: boolean;
  issues: Issue[];
  warnings: Issue[];
}
",
    );
    out
}

/// `pkg-template/setter-paths.generated.js`: the paths of the fields with a setter of their
/// own, which the package defines over `set` (`pkg-template/builder-chain.js`). A module
/// rather than a call into the wasm at every start (~0.3 ms of a cold start).
pub fn setter_paths_module() -> String {
    let mut out = String::from(
        "// Generated from the Rust schema table by tests/typescript_snapshot.rs; do not edit.\n\
         // The fields with a setter of their own on LeadPatchBuilder, by path.\n\
         export const SETTER_PATHS = [\n",
    );
    for (_, path) in crate::patch::builder::field_setters() {
        out.push_str("  '");
        out.push_str(&path);
        out.push_str("',\n");
    }
    out.push_str("];\n");
    out
}
