//! The one place where Rust errors become JavaScript `ConvocoreError`s.
//!
//! The class itself is plain JavaScript (`pkg-template/errors.js`, so that `instanceof`
//! works and the class loads in every module system); each package entry hands it over
//! with `__setErrorClass` once the module is ready. Without it (the binding's own
//! wasm-bindgen tests) errors are plain `Error`s named `ConvocoreError` with the same fields.
use std::cell::RefCell;

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::prelude::*;

use super::body::serialized;
use crate::http::error::ClientError;
use crate::contract::issue::Issue;

thread_local! {
    static ERROR_CLASS: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// Called by the package entries with the `ConvocoreError` class.
#[wasm_bindgen(js_name = __setErrorClass, skip_typescript)]
pub fn set_error_class(class: Function) {
    ERROR_CLASS.with(|c| *c.borrow_mut() = Some(class));
}

pub fn to_js_error(e: ClientError) -> JsValue {
    to_js_error_with_cause(e, None)
}

/// [`to_js_error`] with a `cause` (the standard `Error` option, not enumerable): what the
/// error came from, when that is the caller's own value (an abort signal's reason).
pub fn to_js_error_with_cause(e: ClientError, cause: Option<&JsValue>) -> JsValue {
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

/// A `validation` error for input refused before anything was sent, naming the first issue.
pub fn validation_error(what: &str, issues: Vec<Issue>) -> JsValue {
    to_js_error(refused(what, issues))
}

/// The error of [`validation_error`], for callers that scrub it first.
pub fn refused(what: &str, issues: Vec<Issue>) -> ClientError {
    let mut message = String::from(what);
    if let Some(first) = issues.first() {
        message.push_str(": ");
        message.push_str(&first.describe());
        if issues.len() > 1 {
            message.push_str(" (and ");
            message.push_str(&(issues.len() - 1).to_string());
            message.push_str(" more)");
        }
    }
    ClientError::validation_with_issues(message, issues)
}
