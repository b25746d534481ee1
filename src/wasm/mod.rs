//! The JavaScript binding: every export converts its arguments with `convert`, calls the
//! core, and converts the result or error back. No rules live here. The builder, diff and
//! apply (feature `patch`) and the client (`client`) are left out of the validator-only
//! wasm (Cargo.toml).
pub mod body;
#[cfg(feature = "patch")]
pub mod builder;
#[cfg(feature = "client")]
pub mod client;
pub mod error;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use body::{serialized, text_to_js};
#[cfg(feature = "patch")]
use body::{to_js, value, with_marks};
use crate::contract::issue::Refused;

// The schema's types, generated from the Rust schema table (see tests/typescript_snapshot.rs).
#[wasm_bindgen(typescript_custom_section)]
const SCHEMA_TYPES: &'static str = include_str!("types.generated.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const API_TYPES: &'static str = include_str!("api.d.ts");

#[cfg(feature = "client")]
#[wasm_bindgen(typescript_custom_section)]
const CLIENT_TYPES: &'static str = include_str!("client.d.ts");

/// Checks a request body `{ agentId, lead }` against the API contract. Never throws:
/// every problem is in `issues` (blocking) or `warnings` (worth showing, never blocking).
#[wasm_bindgen(js_name = validateUpdateLead, unchecked_return_type = "ValidationResult")]
pub fn validate_update_lead(#[wasm_bindgen(unchecked_param_type = "unknown")] body: JsValue) -> JsValue {
    serialized(&body::validated(&body).0.result(None))
}

/// Validates a body and returns it ready to send: `Date`s become epoch milliseconds at
/// timestamp fields and `YYYY-MM-DD` at `expectedCloseDate` and `demoDate`. Throws a
/// `validation` `ConvocoreError` with every issue when the body is invalid.
#[wasm_bindgen(js_name = prepareUpdateLead, unchecked_return_type = "UpdateLeadBody")]
pub fn prepare_update_lead(#[wasm_bindgen(unchecked_param_type = "unknown")] body: JsValue) -> Result<JsValue, JsValue> {
    match body::prepared(&body) {
        Ok(text) => Ok(text_to_js(&text)),
        Err(v) => Err(refused("the body is invalid", v.issues)),
    }
}

/// The minimal `lead` patch that turns `before` into `after` (`{}` when nothing changed).
/// `metaData` and `assignedTo` are sent whole when any of their fields changed, arrays
/// whole, and a removed `email`/`name`/`phone` becomes `null`. Throws a `validation`
/// `ConvocoreError` listing the changes the API cannot express.
#[cfg(feature = "patch")]
#[wasm_bindgen(js_name = diffLead, unchecked_return_type = "LeadPatch")]
pub fn diff_lead(
    #[wasm_bindgen(unchecked_param_type = "Lead")] before: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Lead")] after: JsValue,
) -> Result<JsValue, JsValue> {
    with_marks(|m| crate::patch::diff::diff_lead_json(&value(&before), &value(&after), Some(m)))
        .map(|patch| to_js(&patch))
        .map_err(|issues| refused("the change cannot be expressed as an update", issues))
}

/// The lead as it will look after `patch` is applied (for optimistic UIs). Returns a new
/// object and never mutates its arguments. Throws a `validation` `ConvocoreError` when the
/// patch is invalid.
#[cfg(feature = "patch")]
#[wasm_bindgen(js_name = applyLeadPatch, unchecked_return_type = "Lead")]
pub fn apply_lead_patch(
    #[wasm_bindgen(unchecked_param_type = "Lead")] lead: JsValue,
    #[wasm_bindgen(unchecked_param_type = "LeadPatch")] patch: JsValue,
) -> Result<JsValue, JsValue> {
    with_marks(|m| crate::apply_lead_patch(&value(&lead), &value(&patch), Some(m)))
        .map(|lead| to_js(&lead))
        .map_err(|issues| refused("the patch cannot be applied", issues))
}

/// Validates NDJSON text, one `{ agentId, lead }` body per line; blank lines are skipped.
/// One result per non-blank line, with its 1-based line number. Throws a `validation`
/// `ConvocoreError` only when `text` is not a string.
#[wasm_bindgen(js_name = validateUpdateLeadsNdjson, unchecked_return_type = "NdjsonLineResult[]")]
pub fn validate_update_leads_ndjson(#[wasm_bindgen(unchecked_param_type = "string")] text: JsValue) -> Result<JsValue, JsValue> {
    // A `JsValue`, not `&str`: the glue's string copy fails on other values with a TypeError.
    let Some(text) = text.dyn_ref::<js_sys::JsString>() else {
        return Err(refused("validateUpdateLeadsNdjson needs NDJSON text (a string)", Vec::new()));
    };
    let Some(text) = body::utf8(text) else {
        return Err(refused("the NDJSON text has a lone surrogate (half of a UTF-16 pair), which has no UTF-8 form", Vec::new()));
    };
    Ok(serialized(&crate::contract::ndjson::validate_ndjson(&text)))
}

/// The package version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// A `validation` `ConvocoreError`: `what` was refused, for `issues`.
pub(crate) fn refused(what: &str, issues: Vec<crate::Issue>) -> JsValue {
    Refused::new(what, issues).into()
}

/// Sets `name` on a plain object made by the binding (which cannot throw: the result is not
/// needed).
pub(crate) fn set_property(on: &JsValue, name: &str, value: JsValue) {
    let _ = js_sys::Reflect::set(on, &name.into(), &value);
}
