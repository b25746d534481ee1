//! `ConvocoreClient`: the fetch loop. URL, headers, response reading and retry decisions
//! are the core's (`client.rs`, `response.rs`, `retry.rs`); this file only owns the I/O:
//! `fetch`, timers, abort signals and the conversions at the boundary.
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use super::convert::{from_js, to_js};
use super::error::{refused, to_js_error};
use crate::client::{check_api_key, request_headers, Endpoint};
use crate::error::ClientError;
use crate::json;
use crate::response::interpret;
use crate::retry::{next_delay_ms, RetryPolicy};
use crate::validate::normalize_update_lead;

const DEFAULT_TIMEOUT_MS: f64 = 10_000.0;
const MAX_TIMEOUT_MS: u32 = 600_000;
const MAX_RETRIES: u32 = 10;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);

    type AbortSignal;
    #[wasm_bindgen(method, getter)]
    fn aborted(this: &AbortSignal) -> bool;
    #[wasm_bindgen(method, js_name = addEventListener)]
    fn add_event_listener(this: &AbortSignal, kind: &str, listener: &Function);
    #[wasm_bindgen(method, js_name = removeEventListener)]
    fn remove_event_listener(this: &AbortSignal, kind: &str, listener: &Function);
    #[wasm_bindgen(catch, static_method_of = AbortSignal)]
    fn timeout(ms: f64) -> Result<AbortSignal, JsValue>;
    #[wasm_bindgen(catch, static_method_of = AbortSignal)]
    fn any(signals: &js_sys::Array) -> Result<AbortSignal, JsValue>;

    // Loosely typed: a custom `fetch` may resolve to anything, and a wrong type must
    // become an error, not an exception thrown through the wasm.
    type Response;
    #[wasm_bindgen(method, getter)]
    fn status(this: &Response) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn headers(this: &Response) -> Headers;
    #[wasm_bindgen(catch, method)]
    fn text(this: &Response) -> Result<JsValue, JsValue>;

    type Headers;
    #[wasm_bindgen(catch, method)]
    fn get(this: &Headers, name: &str) -> Result<Option<String>, JsValue>;
}

struct Config {
    endpoint: Endpoint,
    api_key: String,
    timeout_ms: f64,
    policy: RetryPolicy,
    fetch: Option<Function>,
    on_retry: Option<Function>,
}

/// Sends validated partial updates to the Convocore API, with per-attempt timeouts and
/// retries of the failures that may pass on a second try.
#[wasm_bindgen]
pub struct ConvocoreClient {
    config: Rc<Config>,
}

#[wasm_bindgen]
impl ConvocoreClient {
    /// Checks the options and makes a client; throws a `validation` `ConvocoreError` for a
    /// missing key, an unknown region or a base URL that is not https (http only on loopback).
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "ClientOptions")] options: JsValue) -> Result<ConvocoreClient, JsValue> {
        read_config(&options).map(|c| ConvocoreClient { config: Rc::new(c) }).map_err(to_js_error)
    }

    /// The base URL requests go to (`https://eu-gcp-api.vg-stuff.com/v3` by default).
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.config.endpoint.base_url().to_string()
    }

    /// `PATCH {baseUrl}/leads/{id}` with `body` (`{ agentId, lead }`), validated first.
    /// Resolves to the server's `{ success, message, data }`; rejects with a `ConvocoreError`.
    #[wasm_bindgen(js_name = updateLead, unchecked_return_type = "Promise<UpdateLeadResponse>")]
    pub fn update_lead(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "UpdateLeadBody")] body: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "UpdateLeadOptions")] options: JsValue,
    ) -> Promise {
        let config = self.config.clone();
        let prepared = prepare(&config, &id, &body, &options);
        future_to_promise(async move {
            let (url, body_value, signal) = prepared.map_err(|e| config.js_error(e))?;
            send(&config, &url, &body_value, signal.as_ref()).await.map_err(|e| config.js_error(e))
        })
    }
}

impl Config {
    /// The JS error, with the key scrubbed from everything a server or a custom `fetch`
    /// may have echoed into it.
    fn js_error(&self, mut e: ClientError) -> JsValue {
        let scrub = |s: &mut String| {
            if s.contains(&self.api_key) {
                *s = s.replace(&self.api_key, "[redacted]");
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
        _ => Err(option_error(name, &["a number from ", &min.to_string(), " to ", &max.to_string()].concat())),
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
    Ok(Config {
        endpoint,
        api_key,
        timeout_ms,
        policy,
        fetch: optional_function(options, "fetch")?,
        on_retry: optional_function(options, "onRetry")?,
    })
}

type Prepared = (String, crate::value::Value, Option<AbortSignal>);

/// Everything that can be refused before a request is made.
fn prepare(config: &Config, id: &JsValue, body: &JsValue, options: &JsValue) -> Result<Prepared, ClientError> {
    let id = id.as_string().ok_or_else(|| ClientError::validation("the lead id must be a string"))?;
    let url = config.endpoint.lead_url(&id)?;
    let (body, _warnings) = normalize_update_lead(from_js(body)).map_err(|v| refused("the body is invalid", v.issues))?;
    let signal = prop(options, "signal");
    let signal = if signal.is_undefined() || signal.is_null() {
        None
    } else {
        // A real AbortSignal only: a look-alike's getters could throw inside the future,
        // where nothing would turn the exception into a rejection.
        Some(signal.dyn_into::<AbortSignal>().map_err(|_| ClientError::validation("option `signal` must be an AbortSignal"))?)
    };
    Ok((url, body, signal))
}

/// The retry loop.
async fn send(config: &Config, url: &str, body: &crate::value::Value, signal: Option<&AbortSignal>) -> Result<JsValue, ClientError> {
    let mut retries_done = 0;
    loop {
        if signal.is_some_and(|s| s.aborted()) {
            return Err(ClientError::aborted("the update was aborted").with_attempts(retries_done));
        }
        let attempts = retries_done + 1;
        let (error, retry_after) = match attempt(config, url, body, signal).await {
            Ok(value) => return Ok(to_js(&value)),
            Err(failure) => failure,
        };
        let delay = next_delay_ms(&config.policy, &error, retries_done, js_sys::Math::random(), retry_after.as_deref(), js_sys::Date::now());
        let error = error.with_attempts(attempts);
        let Some(delay) = delay else { return Err(error) };
        if let Some(callback) = &config.on_retry {
            let info = Object::new();
            let _ = Reflect::set(&info, &"attempt".into(), &attempts.into());
            let _ = Reflect::set(&info, &"delayMs".into(), &delay.round().into());
            let _ = Reflect::set(&info, &"error".into(), &config.js_error(error.clone()));
            // A throwing callback must not break the update it observes.
            let _ = callback.call1(&JsValue::UNDEFINED, &info);
        }
        if !sleep(delay, signal).await {
            return Err(ClientError::aborted("the update was aborted while waiting to retry").with_attempts(attempts));
        }
        retries_done += 1;
    }
}

/// One request; on failure the error and the raw `Retry-After` header.
async fn attempt(config: &Config, url: &str, body: &crate::value::Value, caller: Option<&AbortSignal>) -> Result<crate::value::Value, (ClientError, Option<String>)> {
    let timeout = AbortSignal::timeout(config.timeout_ms).map_err(|_| (ClientError::network("AbortSignal.timeout is not available here"), None))?;
    let signal = match caller {
        Some(c) => AbortSignal::any(&js_sys::Array::of2(c, &timeout)).map_err(|_| (ClientError::network("AbortSignal.any is not available here"), None))?,
        None => timeout,
    };
    let failed = |e: JsValue| {
        if caller.is_some_and(|c| c.aborted()) {
            ClientError::aborted("the update was aborted")
        } else if signal.aborted() {
            ClientError::timeout(config.timeout_ms)
        } else {
            ClientError::network(network_message(&e))
        }
    };
    let init = request_init(config, body, &signal);
    let fetch = match &config.fetch {
        Some(f) => f.clone(),
        None => Reflect::get(&js_sys::global(), &"fetch".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .ok_or_else(|| (ClientError::network("this platform has no global fetch; pass `fetch` in the options"), None))?,
    };
    let pending = fetch.call2(&JsValue::UNDEFINED, &JsValue::from_str(url), &init).map_err(|e| (failed(e), None))?;
    let response = JsFuture::from(Promise::resolve(&pending)).await.map_err(|e| (failed(e), None))?;
    let status = match prop(&response, "status").as_f64() {
        Some(s) if (100.0..=599.0).contains(&s) && s.fract() == 0.0 => s as u16,
        _ => return Err((ClientError::network("fetch did not resolve to a Response"), None)),
    };
    let response: Response = response.unchecked_into();
    let headers = response.headers();
    let header = |name: &str| if headers.is_object() { headers.get(name).ok().flatten() } else { None };
    let text_promise = response.text().map_err(|e| (failed(e), None))?;
    let text = JsFuture::from(Promise::resolve(&text_promise)).await.map_err(|e| (failed(e), None))?.as_string().unwrap_or_default();
    interpret(status, header("content-type").as_deref(), &text).map_err(|e| (e, header("retry-after")))
}

fn request_init(config: &Config, body: &crate::value::Value, signal: &AbortSignal) -> Object {
    let headers = Object::new();
    for (name, value) in request_headers(&config.api_key) {
        let _ = Reflect::set(&headers, &name.into(), &value.into());
    }
    let init = Object::new();
    let _ = Reflect::set(&init, &"method".into(), &"PATCH".into());
    let _ = Reflect::set(&init, &"headers".into(), &headers);
    // Serialized per attempt: a request body is consumed by the request that sends it.
    let _ = Reflect::set(&init, &"body".into(), &json::to_string(body).into());
    let _ = Reflect::set(&init, &"signal".into(), signal);
    init
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

/// Waits `ms`; false, at once, when the caller aborts (or already has). The timer is
/// cleared on abort so a long `Retry-After` does not keep the process alive.
async fn sleep(ms: f64, signal: Option<&AbortSignal>) -> bool {
    if signal.is_some_and(|s| s.aborted()) {
        return false;
    }
    let mut timer = JsValue::UNDEFINED;
    let mut wake = None;
    let done = Promise::new(&mut |resolve, _| {
        timer = set_timeout(&resolve, ms);
        if let Some(s) = signal {
            s.add_event_listener("abort", &resolve);
        }
        wake = Some(resolve);
    });
    let _ = JsFuture::from(done).await;
    clear_timeout(&timer);
    if let (Some(s), Some(wake)) = (signal, wake) {
        s.remove_event_listener("abort", &wake);
    }
    !signal.is_some_and(|s| s.aborted())
}
