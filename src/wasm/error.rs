//! The one place where Rust errors become JavaScript `ConvocoreError`s: one `From` for each
//! error type of the core, [`Refused`] (the contract) and [`ClientError`] (the client), and
//! [`Caused`] for a client error that came from a value of the caller's (an abort reason).
//!
//! The class itself is plain JavaScript (`pkg-template/errors.js`, so that `instanceof`
//! works and the class loads in every module system); each package entry hands it over
//! with `__setErrorClass` once the module is ready. Without it (the binding's own
//! wasm-bindgen tests) errors are plain `Error`s named `ConvocoreError` with the same fields.
use std::cell::RefCell;

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;

use super::body::serialized;
use super::set_property;
use crate::contract::issue::Refused;
use crate::http::error::{ClientError, ErrorKind};

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
    let details = Object::new();
    set_property(&details, "status", e.status.map_or(JsValue::UNDEFINED, JsValue::from));
    set_property(&details, "code", e.code.map_or(JsValue::UNDEFINED, JsValue::from));
    set_property(&details, "issues", serialized(&e.issues));
    set_property(&details, "retryable", e.retryable.into());
    set_property(&details, "attempts", e.attempts.into());
    if let Some((method, url)) = e.request {
        set_property(&details, "method", method.into());
        set_property(&details, "url", url.into());
    }
    if let Some(id) = e.request_id {
        set_property(&details, "requestId", id.into());
    }
    if !e.headers.is_empty() {
        let headers = Object::new();
        for (name, value) in e.headers {
            set_property(&headers, &name, value.into());
        }
        set_property(&details, "headers", headers.into());
    }
    if let (ErrorKind::Aborted | ErrorKind::Timeout, Some(reason)) = (e.kind, cause) {
        set_property(&details, "reason", reason.clone());
    }
    let (kind, message) = (JsValue::from(e.kind.as_str()), JsValue::from(e.message));
    let class = ERROR_CLASS.with(|c| c.borrow().clone());
    if let Some(class) = class {
        let args = Array::of3(&kind, &message, &details);
        if let Some(cause) = cause {
            args.push(cause);
        }
        if let Ok(error) = Reflect::construct(&class, &args) {
            return error;
        }
    }
    let error = js_sys::Error::new(&message.as_string().unwrap_or_default());
    error.set_name("ConvocoreError");
    if let Some(cause) = cause {
        error.set_cause(cause);
    }
    set_property(&error, "kind", kind);
    let _ = Object::assign(&error, &details);
    error.into()
}
