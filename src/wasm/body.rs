//! The one way a JavaScript body enters: its JSON text, made by the engine's
//! `JSON.stringify` with marks for what JSON cannot carry (`body.js`), validated by the
//! walk of `crate::contract`. That text, once valid, is what is sent.
use wasm_bindgen::prelude::*;

use crate::contract::walk::{validate_text, Mark, Marks};
use crate::schema::UPDATE_LEAD_BODY;
use crate::validate::{normalize_update_lead, Validation};
use crate::value::Value;

#[wasm_bindgen(module = "/src/wasm/body.js")]
extern "C" {
    #[wasm_bindgen(js_name = bodyText)]
    fn body_text(body: &JsValue) -> String;
    fn marks() -> String;
    #[wasm_bindgen(js_name = isWellFormed)]
    pub fn is_well_formed(text: &js_sys::JsString) -> bool;
}

thread_local! {
    static MARKS: String = marks();
}

/// The validation of `body` and its JSON text.
pub fn validated(body: &JsValue) -> (Validation, String) {
    let text = body_text(body);
    let validation = MARKS.with(|m| validate_text(&text, &UPDATE_LEAD_BODY, Some(Marks(m))));
    (validation, text)
}

/// The JSON text of `body` ready to send (`Date`s converted), or its validation.
pub fn prepared(body: &JsValue) -> Result<String, Validation> {
    let (validation, text) = validated(body);
    if !validation.is_ok() {
        return Err(validation);
    }
    // In a valid body, marks are Dates at date fields: the text holds them escaped.
    let has_marks = MARKS.with(|m| text.contains(&m.replace('\0', "\\u0000")));
    if !has_marks {
        return Ok(text);
    }
    let mut value = crate::json::parse(&text).map_err(|_| validation)?;
    MARKS.with(|m| dates(&mut value, Marks(m)));
    normalize_update_lead(value).map(|(body, _)| crate::json::to_string(&body))
}

/// `value` with its date marks as `Value::Date`s, for `normalize_update_lead` to convert.
fn dates(value: &mut Value, marks: Marks) {
    match value {
        Value::String(s) => {
            if let Some(Mark::Date(ms)) = marks.read(s) {
                *value = Value::Date(ms);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| dates(v, marks)),
        Value::Object(map) => map.iter_mut().for_each(|(_, v)| dates(v, marks)),
        _ => {}
    }
}
