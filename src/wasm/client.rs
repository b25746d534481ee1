//! `ConvocoreClient`: its options, what each request sends, what each answer means and
//! whether to try again. The awaiting itself (`fetch`, timers, abort signals) is
//! `updateLead` in `pkg-template/update-lead.js`, which asks this class at every step:
//! kept in JavaScript, the async machinery (futures, closures, promise glue) stays out of
//! the wasm, about a quarter of its size.
use js_sys::{Array, Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::body;
use super::convert::text_to_js;
use super::error::{refused, to_js_error};
use crate::client::{check_api_key, request_headers, Endpoint};
use crate::error::ClientError;
use crate::response::interpret;
use crate::retry::{next_delay_ms, RetryPolicy};
use crate::text::{find, replace, uint};

const DEFAULT_TIMEOUT_MS: f64 = 10_000.0;
const MAX_TIMEOUT_MS: u32 = 600_000;
const MAX_RETRIES: u32 = 10;

#[wasm_bindgen]
extern "C" {
    type AbortSignal;

    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn parse_json(text: &JsValue) -> Result<JsValue, JsValue>;

    // Loosely typed: a custom `fetch` may resolve to anything.
    type Headers;
    #[wasm_bindgen(catch, method)]
    fn get(this: &Headers, name: &str) -> Result<Option<String>, JsValue>;
}

struct Config {
    endpoint: Endpoint,
    api_key: String,
    /// `{ method, headers }` of every request, made once per client.
    request: JsValue,
    timeout_ms: f64,
    policy: RetryPolicy,
    fetch: Option<Function>,
    on_retry: Option<Function>,
}

/// Sends validated partial updates to the Convocore API, with per-attempt timeouts and
/// retries of the failures that may pass on a second try.
#[wasm_bindgen]
pub struct ConvocoreClient {
    config: Config,
}

#[wasm_bindgen]
impl ConvocoreClient {
    /// Checks the options and makes a client; throws a `validation` `ConvocoreError` for a
    /// missing key, an unknown region or a base URL that is not https (http only on loopback).
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "ClientOptions")] options: JsValue) -> Result<ConvocoreClient, JsValue> {
        read_config(&options).map(|config| ConvocoreClient { config }).map_err(to_js_error)
    }

    /// The base URL requests go to (`https://eu-gcp-api.vg-stuff.com/v3` by default).
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.config.endpoint.base_url().to_string()
    }

    /// One update's `[url, body, signal, fetch]` (`fetch`: the option, else `globalFetch`,
    /// the platform's at this call), or the refusal: everything that can be refused is
    /// refused before a request is made.
    #[wasm_bindgen(js_name = __request, skip_typescript)]
    pub fn request(&self, id: JsValue, body: JsValue, options: JsValue, global_fetch: JsValue) -> Result<Array, JsValue> {
        self.prepare(&id, &body, &options, global_fetch).map_err(|e| self.config.js_error(e))
    }

    /// What every update of this client shares: `[request, timeoutMs, onRetry]` (`request`:
    /// the `{ method, headers }` to copy per attempt). Asked once per client: each value
    /// handed across the boundary costs a call, so per update only what changes crosses.
    #[wasm_bindgen(js_name = __settings, skip_typescript)]
    pub fn settings(&self) -> Array {
        let config = &self.config;
        Array::of3(&config.request, &config.timeout_ms.into(), config.on_retry.as_ref().map_or(&JsValue::UNDEFINED, |f| f))
    }

    /// What attempt number `attempts` got back: `[value]` for the success body, else
    /// `[undefined, error, delayMs]`, `delayMs` undefined when not to try again. `text` is
    /// undefined when `response` has no `text()`.
    #[wasm_bindgen(js_name = __answer, skip_typescript)]
    pub fn answer(&self, response: JsValue, text: JsValue, attempts: u32) -> Array {
        let status = match prop(&response, "status").as_f64() {
            Some(s) if (100.0..=599.0).contains(&s) && s.fract() == 0.0 && !text.is_undefined() => s as u16,
            _ => return self.failed(ClientError::network("fetch did not resolve to a Response"), None, attempts),
        };
        // The usual answer, a 2xx the engine parses to the documented success object, is
        // checked on the engine's object: its text is not copied into the wasm and parsed a
        // second time. Anything else is interpreted in full, which words the error.
        let parsed = if (200..300).contains(&status) { parse_json(&text).ok() } else { None };
        if let Some(value) = parsed.as_ref().filter(|v| is_success_object(v)) {
            return Array::of1(value);
        }
        let headers: Headers = prop(&response, "headers").unchecked_into();
        let header = |name: &str| if headers.is_object() { headers.get(name).ok().flatten() } else { None };
        let body = text.as_string().unwrap_or_default();
        match interpret(status, header("content-type").as_deref(), &body) {
            // The lead in `data` as the engine parsed it: not written out of the wasm again
            // only to be parsed back.
            Ok(_) if !body.starts_with('\u{feff}') => Array::of1(&parsed.unwrap_or(JsValue::NULL)),
            Ok(_) => Array::of1(&text_to_js(&body['\u{feff}'.len_utf8()..])),
            Err(e) => self.failed(e, header("retry-after").as_deref(), attempts),
        }
    }

    /// The `[undefined, error, delayMs]` of attempt `attempts` when it got no answer:
    /// `kind` is `"aborted"` (by the caller; `attempts` made so far), `"aborted_wait"`
    /// (by the caller while waiting to retry), `"timeout"` or `"network"` (`cause`: what
    /// `fetch` threw).
    #[wasm_bindgen(js_name = __failure, skip_typescript)]
    pub fn failure(&self, kind: &str, cause: JsValue, attempts: u32) -> Array {
        let error = match kind {
            "aborted" => ClientError::aborted("the update was aborted"),
            "aborted_wait" => ClientError::aborted("the update was aborted while waiting to retry"),
            "timeout" => ClientError::timeout(self.config.timeout_ms),
            _ => ClientError::network(network_message(&cause)),
        };
        self.failed(error, None, attempts)
    }
}

impl ConvocoreClient {
    fn prepare(&self, id: &JsValue, body: &JsValue, options: &JsValue, global_fetch: JsValue) -> Result<Array, ClientError> {
        let config = &self.config;
        let id = id.as_string().ok_or_else(|| ClientError::validation("the lead id must be a string"))?;
        let url = config.endpoint.lead_url(&id)?;
        let body: JsValue = body::prepared(body).map_err(|v| refused("the body is invalid", v.issues))?.into();
        let signal = prop(options, "signal");
        // A real AbortSignal only: a look-alike's getters could throw in the middle of the
        // loop, after requests were sent.
        if !(signal.is_undefined() || signal.is_null() || signal.is_instance_of::<AbortSignal>()) {
            return Err(ClientError::validation("option `signal` must be an AbortSignal"));
        }
        let fetch = match &config.fetch {
            Some(f) => f.clone(),
            None => global_fetch
                .dyn_into::<Function>()
                .map_err(|_| ClientError::network("this platform has no global fetch; pass `fetch` in the options"))?,
        };
        Ok(Array::of4(&url.into(), &body, &signal, &fetch))
    }

    /// `[undefined, error, delayMs]` after a failed attempt.
    fn failed(&self, error: ClientError, retry_after: Option<&str>, attempts: u32) -> Array {
        let retries_done = attempts.saturating_sub(1);
        let delay = next_delay_ms(&self.config.policy, &error, retries_done, js_sys::Math::random(), retry_after, js_sys::Date::now());
        let error = self.config.js_error(error.with_attempts(attempts));
        Array::of3(&JsValue::UNDEFINED, &error, &delay.map_or(JsValue::UNDEFINED, JsValue::from))
    }
}

impl Config {
    /// The JS error, with the key scrubbed from everything a server or a custom `fetch`
    /// may have echoed into it.
    fn js_error(&self, mut e: ClientError) -> JsValue {
        let scrub = |s: &mut String| {
            if find(s, &self.api_key).is_some() {
                *s = replace(s, &self.api_key, "[redacted]");
            }
        };
        scrub(&mut e.message);
        if let Some(code) = &mut e.code {
            scrub(code);
        }
        for issue in &mut e.issues {
            scrub(&mut issue.path);
            scrub(&mut issue.message);
            issue.suggestion.iter_mut().for_each(scrub);
            issue.expected.iter_mut().flatten().for_each(scrub);
        }
        to_js_error(e)
    }
}

thread_local! {
    // Made once: a key made from a Rust string is decoded anew on every use.
    static SUCCESS_KEYS: [JsValue; 3] = [JsValue::from_str("success"), JsValue::from_str("message"), JsValue::from_str("data")];
}

/// `{success: true, message: string, data?}` with nothing else, as [`interpret`] accepts it.
fn is_success_object(value: &JsValue) -> bool {
    if !value.is_object() || Array::is_array(value) {
        return false;
    }
    SUCCESS_KEYS.with(|[success, message, data]| {
        let get = |key| Reflect::get(value, key).unwrap_or(JsValue::UNDEFINED);
        get(success) == JsValue::TRUE
            && get(message).is_string()
            && js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).iter().all(|k| k == *success || k == *message || k == *data)
    })
}

fn prop(object: &JsValue, name: &str) -> JsValue {
    if object.is_object() {
        Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

fn optional_string(options: &JsValue, name: &str) -> Result<Option<String>, ClientError> {
    let v = prop(options, name);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_string().map(Some).ok_or_else(|| option_error(name, "a string"))
}

fn optional_function(options: &JsValue, name: &str) -> Result<Option<Function>, ClientError> {
    let v = prop(options, name);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.dyn_into::<Function>().map(Some).map_err(|_| option_error(name, "a function"))
}

/// Whole bounds: printed without float formatting, which the wasm would otherwise carry.
fn optional_number(options: &JsValue, name: &str, min: u32, max: u32) -> Result<Option<f64>, ClientError> {
    let v = prop(options, name);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    match v.as_f64() {
        Some(n) if n >= f64::from(min) && n <= f64::from(max) => Ok(Some(n)),
        _ => Err(option_error(name, &["a number from ", &uint(min.into()), " to ", &uint(max.into())].concat())),
    }
}

// Messages are joined with `concat`, not `format!`: each `format!` costs code in the wasm.
fn option_error(name: &str, what: &str) -> ClientError {
    ClientError::validation(["option `", name, "` must be ", what].concat())
}

fn read_config(options: &JsValue) -> Result<Config, ClientError> {
    if !options.is_object() {
        return Err(ClientError::validation("ConvocoreClient needs an options object with at least `apiKey`"));
    }
    let api_key = optional_string(options, "apiKey")?.unwrap_or_default();
    check_api_key(&api_key)?;
    let region = optional_string(options, "region")?;
    let base_url = optional_string(options, "baseUrl")?;
    let endpoint = Endpoint::new(region.as_deref(), base_url.as_deref())?;
    let timeout_ms = optional_number(options, "timeoutMs", 1, MAX_TIMEOUT_MS)?.unwrap_or(DEFAULT_TIMEOUT_MS);
    let mut policy = RetryPolicy::default();
    if let Some(r) = optional_number(options, "retries", 0, MAX_RETRIES)? {
        if r.fract() != 0.0 {
            return Err(ClientError::validation("option `retries` must be a whole number"));
        }
        policy.retries = r as u32;
    }
    let headers = js_sys::Object::new();
    for (name, value) in request_headers(&api_key) {
        let _ = Reflect::set(&headers, &name.into(), &value.into());
    }
    let request = js_sys::Object::new();
    let _ = Reflect::set(&request, &"method".into(), &"PATCH".into());
    let _ = Reflect::set(&request, &"headers".into(), &headers);
    Ok(Config {
        endpoint,
        api_key,
        request: request.into(),
        timeout_ms,
        policy,
        fetch: optional_function(options, "fetch")?,
        on_retry: optional_function(options, "onRetry")?,
    })
}

/// The platform's words for a failed fetch (`fetch failed: ECONNREFUSED`), never a header.
fn network_message(e: &JsValue) -> String {
    let message = prop(e, "message").as_string().unwrap_or_else(|| "the request failed".to_string());
    let cause = prop(&prop(e, "cause"), "code").as_string();
    match cause {
        Some(code) => ["network error: ", &message, " (", &code, ")"].concat(),
        None => ["network error: ", &message].concat(),
    }
}
