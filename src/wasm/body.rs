//! The one way a JavaScript value enters: its JSON text, made by the engine's
//! `JSON.stringify` with marks for what JSON cannot carry (`body.js`), read by the walk of
//! `crate::contract` (a request body, straight from the text) or by serde_json (the
//! builder's, diff's and apply's values, whose marks the walk reads when it checks them).
//! And the ways out: results of a fixed shape (validations, issues) through
//! serde-wasm-bindgen; the caller's data (leads, patches, bodies) as JSON text for the
//! engine's `JSON.parse`, because serde-wasm-bindgen sets keys with `object[key] = value`,
//! which for a `__proto__` key in `metadata` would set the object's prototype.
use js_sys::JsString;
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::contract::schema::UPDATE_LEAD_BODY;
use crate::contract::validation::{convert_dates, Validation};
use crate::contract::walk::{validate_text, Mark, Marks};

#[wasm_bindgen(module = "/src/wasm/body.js")]
extern "C" {
    #[wasm_bindgen(js_name = bodyText)]
    fn body_text_js(body: &JsValue, marks: &JsValue) -> JsString;
    #[wasm_bindgen(js_name = isWellFormed)]
    fn is_well_formed(text: &JsString) -> bool;
}

#[wasm_bindgen]
extern "C" {
    // Not `js_sys::JSON::parse`, which catches: serde_json's text always parses.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse)]
    fn parse_json(text: &str) -> JsValue;

    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, text: &JsString, into: &mut [u8]) -> EncodeIntoResult;
    type EncodeIntoResult;
    #[wasm_bindgen(method, getter)]
    fn read(this: &EncodeIntoResult) -> u32;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeIntoResult) -> u32;
}

thread_local! {
    /// The prefix of this instance's marks (NUL and 64 random bits, so that no string of the
    /// caller's data is a mark), the same as a JavaScript string for `bodyText`, and as it
    /// stands escaped in JSON text.
    static MARKS: (String, JsValue, String) = {
        let bits = |_| (js_sys::Math::random() * 4_294_967_296.0) as u64;
        let prefix = ["\0", &format!("{:x}", bits(0) << 32 | bits(1)), ":"].concat();
        let js = JsValue::from_str(&prefix);
        let escaped = prefix.replace('\0', "\\u0000");
        (prefix, js, escaped)
    };
    static ENCODER: TextEncoder = TextEncoder::new();
}

/// A JavaScript string as UTF-8, `None` when it holds a lone surrogate (which has no UTF-8
/// form: wasm-bindgen's own copy would silently make it U+FFFD). One `encodeInto` straight
/// into the wasm's memory: wasm-bindgen's copy takes ASCII text one character per step of a
/// JavaScript loop, ~8 ms for 2 MB (BENCHMARKS.md).
pub fn utf8(text: &JsString) -> Option<String> {
    if !is_well_formed(text) {
        return None;
    }
    let units = text.length() as usize;
    // One byte per UTF-16 unit first (ASCII fills it exactly), else room for three.
    let mut buf = vec![0u8; units];
    let mut done = ENCODER.with(|e| e.encode_into(text, &mut buf));
    if done.read() as usize != units {
        buf = vec![0u8; units * 3];
        done = ENCODER.with(|e| e.encode_into(text, &mut buf));
    }
    buf.truncate(done.written() as usize);
    String::from_utf8(buf).ok()
}

/// The text of `JSON.stringify` with marks (always well-formed: lone surrogates come out
/// escaped).
fn body_text(body: &JsValue) -> String {
    utf8(&MARKS.with(|(_, js, _)| body_text_js(body, js))).unwrap_or_default()
}

/// The prefix of this instance's marks.
pub fn with_marks<T>(f: impl FnOnce(Marks) -> T) -> T {
    MARKS.with(|(m, _, _)| f(Marks(m)))
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
    if !MARKS.with(|(_, _, escaped)| text.contains(escaped.as_str())) {
        return Ok(text);
    }
    // Validated already: the Dates are only converted.
    let mut body = serde_json::from_str(&text).map_err(|_| validation)?;
    with_marks(|m| convert_dates(&mut body, &UPDATE_LEAD_BODY, m));
    Ok(serde_json::to_string(&body).unwrap_or_default())
}

/// A JavaScript value as a [`Value`], marks kept as strings.
pub fn value(js: &JsValue) -> Value {
    let text = body_text(js);
    // Text of JSON.stringify is JSON; past serde_json's nesting limit it is not read.
    serde_json::from_str(&text).unwrap_or_else(|_| with_marks(|m| Value::String([m.0, "value:a value nested too deeply"].concat())))
}

/// A caller's data (a body, a patch, a lead) for JavaScript: marks left in it (a `Date` in a
/// field outside the schema) become what JSON.stringify would make of them, a Date its epoch
/// milliseconds.
pub fn to_js(data: &impl Serialize) -> JsValue {
    let Ok(mut value) = serde_json::to_value(data) else { return JsValue::NULL };
    with_marks(|m| unmark(&mut value, m));
    text_to_js(&serde_json::to_string(&value).unwrap_or_default())
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
