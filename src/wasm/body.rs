//! The one way a JavaScript value enters: its JSON text, made by the engine's
//! `JSON.stringify` with marks for what JSON cannot carry (`body.js`), read by the walk of
//! `crate::contract` (a request body, straight from the text) or by serde_json (the
//! builder's, diff's and apply's values, whose marks the walk reads when it checks them).
//! And the ways out: results of a fixed shape (validations, issues) through
//! serde-wasm-bindgen; the caller's data (leads, patches, bodies) as JSON text for the
//! engine's `JSON.parse`, because serde-wasm-bindgen sets keys with `object[key] = value`,
//! which for a `__proto__` key in `metadata` would set the object's prototype.
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::contract::walk::{validate_text, Mark, Marks};
use crate::schema::UPDATE_LEAD_BODY;
use crate::validate::{normalize_update_lead, Validation};

#[wasm_bindgen(module = "/src/wasm/body.js")]
extern "C" {
    #[wasm_bindgen(js_name = bodyText)]
    fn body_text(body: &JsValue) -> String;
    fn marks() -> String;
    #[wasm_bindgen(js_name = isWellFormed)]
    pub fn is_well_formed(text: &js_sys::JsString) -> bool;
}

#[wasm_bindgen]
extern "C" {
    // Not `js_sys::JSON::parse`, which catches: serde_json's text always parses.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse)]
    fn parse_json(text: &str) -> JsValue;
}

thread_local! {
    static MARKS: String = marks();
}

/// The prefix of this instance's marks.
pub fn with_marks<T>(f: impl FnOnce(Marks) -> T) -> T {
    MARKS.with(|m| f(Marks(m)))
}

/// The validation of a request body and its JSON text.
pub fn validated(body: &JsValue) -> (Validation, String) {
    let text = body_text(body);
    let validation = with_marks(|m| validate_text(&text, &UPDATE_LEAD_BODY, Some(m)));
    (validation, text)
}

/// The JSON text of a request body ready to send (`Date`s converted), or its validation.
pub fn prepared(body: &JsValue) -> Result<String, Validation> {
    let (validation, text) = validated(body);
    if !validation.is_ok() {
        return Err(validation);
    }
    // In a valid body, marks are Dates at date fields: the text holds them escaped.
    if !with_marks(|m| text.contains(&m.0.replace('\0', "\\u0000"))) {
        return Ok(text);
    }
    let value = serde_json::from_str(&text).map_err(|_| validation)?;
    let (body, _warnings) = with_marks(|m| normalize_update_lead(value, Some(m)))?;
    Ok(serde_json::to_string(&body).unwrap_or_default())
}

/// A JavaScript value as a [`Value`], marks kept as strings.
pub fn value(js: &JsValue) -> Value {
    let text = body_text(js);
    // Text of JSON.stringify is JSON; past serde_json's nesting limit it is not read.
    serde_json::from_str(&text).unwrap_or_else(|_| with_marks(|m| Value::String([m.0, "value:a value nested too deeply"].concat())))
}

/// `value` for JavaScript: marks left in it (a `Date` in a field outside the schema) become
/// what JSON.stringify would make of them, a Date its epoch milliseconds.
pub fn to_js(value: &mut Value) -> JsValue {
    with_marks(|m| unmark(value, m));
    text_to_js(&serde_json::to_string(value).unwrap_or_default())
}

/// A result of a fixed shape as JavaScript data (plain objects and arrays).
pub fn serialized(value: &impl Serialize) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

/// JSON text written by serde_json (always valid) as JavaScript data; `__proto__` keys stay
/// plain data, as `JSON.parse` keeps them.
pub fn text_to_js(text: &str) -> JsValue {
    parse_json(text)
}

fn unmark(value: &mut Value, marks: Marks) {
    match value {
        Value::String(s) => match marks.read(s) {
            Some(Mark::Date(ms)) if ms.is_finite() => *value = Value::from(ms as i64),
            Some(_) => *value = Value::Null,
            None => {}
        },
        Value::Array(items) => items.iter_mut().for_each(|v| unmark(v, marks)),
        Value::Object(map) => map.iter_mut().for_each(|(_, v)| unmark(v, marks)),
        _ => {}
    }
}
