//! The values of the builder, diff and apply across the boundary, until they move onto
//! serde-wasm-bindgen (request bodies enter as text: `body.rs`). JavaScript values are
//! walked (so that `NaN`, `BigInt`, functions, class instances, throwing getters and cycles
//! each become a precise issue at their path instead of being mangled); values go out as
//! JSON text parsed by `JSON.parse`, one crossing, and `__proto__` keys stay plain data.
use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::json;
use crate::schema::limits;
use crate::value::{Map, Value};

/// Deeper than this the walk stops; the core's own limits are far lower.
const MAX_WALK_DEPTH: usize = 256;
const MAX_ARRAY_WALK: u32 = limits::MAX_ACTIVITIES as u32 + 1;

#[wasm_bindgen]
extern "C" {
    // `catch`: a Proxy's traps may throw, and an exception must not unwind through Rust.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(value: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Object, js_name = getPrototypeOf)]
    fn prototype_of(value: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(thread_local_v2, js_namespace = Object, js_name = prototype)]
    static OBJECT_PROTOTYPE: JsValue;
}

/// A JavaScript value as the core's input model. `undefined` properties count as absent.
pub fn from_js(value: &JsValue) -> Value {
    let mut ancestors = Vec::new();
    walk(value, &mut ancestors)
}

fn walk(value: &JsValue, ancestors: &mut Vec<JsValue>) -> Value {
    if value.is_null() {
        return Value::Null;
    }
    if let Some(b) = value.as_bool() {
        return Value::Bool(b);
    }
    if let Some(n) = value.as_f64() {
        return Value::Number(n);
    }
    if let Some(s) = value.as_string() {
        return Value::String(s);
    }
    if value.is_undefined() {
        return Value::Foreign("undefined".into());
    }
    if value.is_bigint() {
        return Value::Foreign("a BigInt".into());
    }
    if value.is_symbol() {
        return Value::Foreign("a symbol".into());
    }
    if value.is_function() {
        return Value::Foreign("a function".into());
    }
    if let Some(date) = value.dyn_ref::<js_sys::Date>() {
        return Value::Date(date.get_time());
    }
    if ancestors.iter().any(|a| a == value) {
        return Value::Foreign("a cyclic reference".into());
    }
    if ancestors.len() >= MAX_WALK_DEPTH {
        return Value::Foreign("a value nested too deeply".into());
    }
    ancestors.push(value.clone());
    let out = match is_array(value) {
        Ok(true) => walk_array(value.unchecked_ref(), ancestors),
        Ok(false) => match plain_object_kind(value) {
            Ok(()) => walk_object(value, ancestors),
            Err(what) => Value::Foreign(what),
        },
        Err(_) => Value::Foreign("an object that throws when inspected".into()),
    };
    ancestors.pop();
    out
}

fn walk_array(array: &Array, ancestors: &mut Vec<JsValue>) -> Value {
    // Through Reflect: a Proxy's `get` trap may throw, which `Array::length` cannot catch.
    let len = match Reflect::get(array, &JsValue::from_str("length")).map(|l| l.as_f64()) {
        Ok(Some(l)) if l >= 0.0 => l.min(u32::MAX as f64) as u32,
        _ => return Value::Foreign("an array whose length cannot be read".into()),
    };
    // One past the longest array the core accepts is enough for it to refuse the array;
    // reading the rest would only cost time and memory.
    let take = len.min(MAX_ARRAY_WALK);
    let mut items = Vec::with_capacity(take as usize);
    for i in 0..take {
        let item = match Reflect::get_u32(array, i) {
            Ok(v) if v.is_undefined() && !Reflect::has(array, &JsValue::from(i)).unwrap_or(false) => {
                Value::Foreign("an empty array slot".into())
            }
            Ok(v) => walk(&v, ancestors),
            Err(_) => Value::Foreign("an element whose getter throws".into()),
        };
        items.push(item);
    }
    Value::Array(items)
}

fn walk_object(object: &JsValue, ancestors: &mut Vec<JsValue>) -> Value {
    let keys = match object_keys(object) {
        Ok(k) => k,
        Err(_) => return Value::Foreign("an object whose keys cannot be read".into()),
    };
    let mut map = Map::new();
    for key in keys.iter() {
        let Some(name) = key.as_string() else { continue };
        match Reflect::get(object, &key) {
            Ok(v) if v.is_undefined() => {}
            Ok(v) => {
                map.insert(name, walk(&v, ancestors));
            }
            Err(_) => {
                map.insert(name, Value::Foreign("a property whose getter throws".into()));
            }
        }
    }
    Value::Object(map)
}

/// Plain objects are those made by literals, `JSON.parse` or `Object.create(null)`.
fn plain_object_kind(value: &JsValue) -> Result<(), String> {
    let proto = prototype_of(value).map_err(|_| "an object that throws when inspected".to_string())?;
    if proto.is_null() || OBJECT_PROTOTYPE.with(|p| *p == proto) {
        return Ok(());
    }
    let name = Reflect::get(&proto, &JsValue::from_str("constructor"))
        .ok()
        .and_then(|c| Reflect::get(&c, &JsValue::from_str("name")).ok())
        .and_then(|n| n.as_string())
        .filter(|n| !n.is_empty() && n.len() <= 64);
    Err(match name {
        Some(n) => ["an instance of ", &n].concat(),
        None => "an object that is not a plain object".to_string(),
    })
}

/// A core value as plain JavaScript data.
pub fn to_js(value: &Value) -> JsValue {
    text_to_js(&json::to_string(value))
}

/// JSON text written by the core (always valid, so parsing it cannot fail) as JavaScript data.
pub fn text_to_js(text: &str) -> JsValue {
    JSON::parse(text).unwrap_or(JsValue::NULL)
}
