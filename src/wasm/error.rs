//! The one place where Rust errors become JavaScript `ConvocoreError`s: one `From` for each
//! error type of the core, [`Refused`] (the contract) and [`ClientError`] (the client), and
//! [`Caused`] for a client error that came from a value of the caller's (an abort reason).
//!
//! The class itself is plain JavaScript (`pkg-template/errors.js`, so that `instanceof`
//! works and the class loads in every module system); each package entry hands it over
//! with `__setErrorClass` once the module is ready. Without it (the binding's own
//! wasm-bindgen tests) errors are plain `Error`s named `ConvocoreError` with the same fields.
use std::cell::RefCell;

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::prelude::*;

use super::body::serialized;
use crate::contract::issue::Refused;
use crate::http::error::ClientError;

thread_local! {
    static ERROR_CLASS: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// Called by the package entries with the `ConvocoreError` class.
#[wasm_bindgen(js_name = __setErrorClass, skip_typescript)]
pub fn set_error_class(class: Function) {
    ERROR_CLASS.with(|c| *c.borrow_mut() = Some(class));
}

/// A client error with its `cause` (the standard `Error` option, not enumerable): the
/// caller's own value it came from, such as an abort signal's reason.
pub struct Caused(pub ClientError, pub JsValue);

impl From<Refused> for JsValue {
    fn from(r: Refused) -> JsValue {
        ClientError::from(r).into()
    }
}

impl From<ClientError> for JsValue {
    fn from(e: ClientError) -> JsValue {
        convocore_error(e, None)
    }
}

impl From<Caused> for JsValue {
    fn from(Caused(e, cause): Caused) -> JsValue {
        convocore_error(e, Some(&cause))
    }
}

fn convocore_error(e: ClientError, cause: Option<&JsValue>) -> JsValue {
    let issues = serialized(&e.issues);
    let status = e.status.map_or(JsValue::UNDEFINED, JsValue::from);
    let code = e.code.map_or(JsValue::UNDEFINED, JsValue::from);
    let fields: [(&str, JsValue); 7] = [
        ("kind", e.kind.as_str().into()),
        ("message", e.message.into()),
        ("status", status),
        ("code", code),
        ("issues", issues),
        ("retryable", e.retryable.into()),
        ("attempts", e.attempts.into()),
    ];
    let class = ERROR_CLASS.with(|c| c.borrow().clone());
    if let Some(class) = class {
        let args: Array = fields.iter().map(|(_, v)| v.clone()).collect();
        if let Some(cause) = cause {
            args.push(cause);
        }
        if let Ok(error) = Reflect::construct(&class, &args) {
            return error;
        }
    }
    let error = js_sys::Error::new("");
    error.set_name("ConvocoreError");
    if let Some(cause) = cause {
        error.set_cause(cause);
    }
    for (name, value) in fields {
        let _ = Reflect::set(&error, &name.into(), &value);
    }
    error.into()
}
