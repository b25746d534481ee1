//! The one place where Rust errors become JavaScript `ConvocoreError`s.
use wasm_bindgen::prelude::*;

use super::convert::to_js;
use crate::error::ClientError;
use crate::issue::Issue;
use crate::value::Value;

#[wasm_bindgen(raw_module = "./errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = ConvocoreError)]
    type JsConvocoreError;

    #[wasm_bindgen(constructor, js_class = ConvocoreError)]
    fn new(
        kind: &str,
        message: &str,
        status: Option<u16>,
        code: Option<String>,
        issues: JsValue,
        retryable: bool,
        attempts: u32,
    ) -> JsConvocoreError;
}

pub fn to_js_error(e: ClientError) -> JsValue {
    let issues = to_js(&Value::Array(e.issues.iter().map(Issue::to_value).collect()));
    JsConvocoreError::new(e.kind.as_str(), &e.message, e.status, e.code, issues, e.retryable, e.attempts).into()
}

/// A `validation` error for input refused before anything was sent, naming the first issue.
pub fn validation_error(what: &str, issues: Vec<Issue>) -> JsValue {
    let mut message = String::from(what);
    if let Some(first) = issues.first() {
        message.push_str(": ");
        message.push_str(&first.to_string());
        if issues.len() > 1 {
            message.push_str(&format!(" (and {} more)", issues.len() - 1));
        }
    }
    to_js_error(ClientError::validation_with_issues(message, issues))
}
