//! `ConvocoreClient`: its options, and `updateLead`, the whole update in Rust: each attempt's
//! PATCH (method, the client's headers, the JSON text, and an `AbortSignal` joining the
//! caller's signal and the attempt's `AbortSignal.timeout()`), the answer awaited and
//! interpreted by the core (`crate::http::answer`) through gloo-net's `Response`, and the
//! decision and the wait before a retry (`crate::http::retry`), with `onRetry` called before each.
//!
//! The request goes to the platform's fetch as `fetch(url, init)`, and to a `fetch` option as
//! one standard `Request` made from the same `init`. gloo-net's `RequestBuilder` made a
//! `Request` for both: Node 20's fetch copies a `Request` it is given into one of its own,
//! which made 2,000 concurrent updates 1.40x the time of a plain fetch loop with the same
//! timeout, against 1.13x this way, and the builder (a URL parse and a `format!` per request)
//! cost 2.6 KB of gzipped wasm (BENCHMARKS.md, issue 19).
//!
//! Every JavaScript call made while an update is under way either cannot throw (getters of a
//! genuine `Response` or `AbortSignal`, checked with `instanceof` first) or is a `catch`
//! import: an exception unwinding through a poll of the future would leave its task borrowed
//! for good. For the same reason the fetch and the answer's text are awaited here, not with
//! gloo-net's `send()` and `text()`: those panic (a trap that ends the wasm instance) when a
//! promise rejects with something that is not an `Error`, as fetch does with the caller's
//! abort reason (`controller.abort('stop')`), or when a replaced global `fetch` resolves to
//! something other than a `Response`.
use std::rc::Rc;

use gloo_net::http::Headers;
use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::AbortSignal;

use super::body;
use super::body::text_to_js;
use super::error::Caused;
use super::set_property;
use crate::contract::issue::Refused;
use crate::http::endpoint::{check_api_key, check_extra_header, is_loopback, request_headers, Endpoint, Region, MAX_EXTRA_HEADERS};
use crate::http::error::ClientError;
use crate::http::answer::interpret;
use crate::http::retry::{next_delay_ms, RetryPolicy};

const DEFAULT_TIMEOUT_MS: f64 = 10_000.0;
const MAX_TIMEOUT_MS: u32 = 600_000;
const MAX_RETRIES: u32 = 10;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn parse_json(text: &JsValue) -> Result<JsValue, JsValue>;

    // Node returns a `Timeout` object, browsers a number: kept as they come.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(timer: &JsValue);

    // `catch`: the entries of the caller's `headers` object run its getters, and a
    // Proxy's traps, which may throw.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    fn object_entries(object: &JsValue) -> Result<Array, JsValue>;

    #[wasm_bindgen(catch, js_namespace = console, js_name = warn)]
    fn console_warn(message: &str) -> Result<(), JsValue>;
}

struct Config {
    endpoint: Endpoint,
    /// None for a client of a proxy that adds the key.
    api_key: Option<String>,
    /// The headers of every request, made once per client (a `Request` copies them).
    headers: web_sys::Headers,
    /// The `credentials` of each request when not the default `same-origin`.
    credentials: Option<&'static str>,
    timeout_ms: f64,
    policy: RetryPolicy,
    fetch: Option<Function>,
    on_retry: Option<Function>,
    before_request: Option<Function>,
    after_response: Option<Function>,
}

/// Sends validated partial updates to the Convocore API, with per-attempt timeouts and
/// retries of the failures that may pass on a second try.
#[wasm_bindgen]
pub struct ConvocoreClient {
    // Shared with the updates under way: an update outlives the call that started it (and
    // may outlive `free()`), and an async method cannot hold `&self` across its awaits.
    config: Rc<Config>,
}

/// One update, checked and ready to send.
struct Update {
    url: String,
    /// The JSON text to send, as a JavaScript string.
    body: JsValue,
    signal: Option<AbortSignal>,
    fetch: Fetch,
    /// The call's own `onRetry`: the retry also waits for the promise it returns (a bulk
    /// run holds its retries while a 429 pauses every worker).
    on_retry: Option<Function>,
}

/// Which fetch an update calls, and how (see [`Config::attempt`]).
enum Fetch {
    /// The `fetch` option: called with one standard `Request`.
    Custom(Function),
    /// The platform's: called with the URL and the request's options.
    Platform(Function),
}

/// How an attempt ended without the success body.
enum Failure {
    /// It may be retried: the error, the answer's `Retry-After` if any, and what the fetch
    /// threw when it threw.
    Failed(ClientError, Option<String>, Option<JsValue>),
    /// The caller's signal aborted it.
    Stopped,
}

#[wasm_bindgen]
impl ConvocoreClient {
    /// Checks the options and makes a client; throws a `validation` `ConvocoreError` for a
    /// missing key (one is needed for the region's API, not for a `baseUrl` that may be a
    /// proxy adding it), an unknown region, a base URL that is not https (http only on
    /// loopback), a path as base URL where there is no page, or a refused header.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "ClientOptions")] options: JsValue) -> Result<ConvocoreClient, JsValue> {
        read_config(&options).map(|config| ConvocoreClient { config: Rc::new(config) }).map_err(JsValue::from)
    }

    /// The base URL requests go to (`https://eu-gcp-api.vg-stuff.com/v3` by default).
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.config.endpoint.base_url().to_string()
    }

    /// `PATCH {baseUrl}/leads/{id}` with `body`, validated first: a promise of the server's
    /// `{ success, message, data }`, rejected with a `ConvocoreError`. Everything that can be
    /// refused is refused (a rejected promise, never a throw) before a request is made.
    /// Declared in `client.d.ts`, with its options.
    #[wasm_bindgen(js_name = updateLead, skip_typescript)]
    pub fn update_lead(&self, id: JsValue, body: JsValue, options: JsValue) -> Promise {
        let config = &self.config;
        match config.prepare(&id, &body, &options) {
            Ok(update) => {
                let config = Rc::clone(config);
                future_to_promise(async move { config.send(update).await })
            }
            Err(e) => Promise::reject(&config.js_error(e, None)),
        }
    }
}

impl Config {
    fn prepare(&self, id: &JsValue, body: &JsValue, options: &JsValue) -> Result<Update, ClientError> {
        let id = id.as_string().ok_or_else(|| ClientError::validation("the lead id must be a string"))?;
        let url = self.endpoint.lead_url(&id)?;
        let body = body_text(body)?;
        let signal = prop(options, "signal");
        // A real AbortSignal only: a look-alike's getters could throw in the middle of the
        // loop, after requests were sent.
        let signal = if signal.is_undefined() || signal.is_null() {
            None
        } else {
            Some(signal.dyn_into::<AbortSignal>().map_err(|_| ClientError::validation("option `signal` must be an AbortSignal"))?)
        };
        check_platform(signal.is_some())?;
        let fetch = match &self.fetch {
            Some(f) => Fetch::Custom(f.clone()),
            None => Fetch::Platform(
                prop(&js_sys::global(), "fetch")
                    .dyn_into::<Function>()
                    .map_err(|_| ClientError::network("this platform has no global fetch; pass `fetch` in the options"))?,
            ),
        };
        let on_retry = optional_function(options, "onRetry")?;
        Ok(Update { url, body, signal, fetch, on_retry })
    }

    /// The update's loop: attempts, and between them `onRetry` and the wait.
    async fn send(&self, update: Update) -> Result<JsValue, JsValue> {
        let signal = update.signal.as_ref();
        let mut attempts = 0;
        loop {
            if signal.is_some_and(|s| s.aborted()) {
                return Err(self.stopped(&update, attempts, "the update was aborted"));
            }
            let headers = match self.before_request(&update, attempts + 1).await {
                Ok(headers) => headers,
                Err((error, thrown)) => return Err(self.js_error(error.with_attempts(attempts), thrown.as_ref())),
            };
            attempts += 1;
            let (error, retry_after, thrown) = match self.attempt(&update, attempts, headers.as_ref()).await {
                Ok(value) => return Ok(value),
                Err(Failure::Stopped) => return Err(self.stopped(&update, attempts, "the update was aborted")),
                Err(Failure::Failed(error, retry_after, thrown)) => (error, retry_after, thrown),
            };
            let delay = next_delay_ms(&self.policy, &error, attempts - 1, js_sys::Math::random(), retry_after.as_deref(), js_sys::Date::now());
            let error = self.js_error(error.with_attempts(attempts).with_request("PATCH", &update.url), thrown.as_ref());
            let Some(delay) = delay else { return Err(error) };
            let mut hold = None;
            if self.on_retry.is_some() || update.on_retry.is_some() {
                let info = js_sys::Object::new();
                for (name, value) in [("attempt", JsValue::from(attempts)), ("delayMs", delay.round().into()), ("error", error)] {
                    set_property(&info, name, value);
                }
                // A throwing observer must not break the update it observes.
                if let Some(on_retry) = &self.on_retry {
                    let _ = on_retry.call1(&JsValue::UNDEFINED, &info);
                }
                hold = update.on_retry.as_ref().and_then(|f| f.call1(&JsValue::UNDEFINED, &info).ok());
            }
            if !sleep(delay, signal).await {
                return Err(self.stopped(&update, attempts, "the update was aborted while waiting to retry"));
            }
            // `Promise.resolve` never throws (a throwing `then` makes a rejected promise); the
            // loop's first check sees an abort that came meanwhile.
            if let Some(hold) = hold.filter(|h| h.is_object()) {
                let _ = JsFuture::from(Promise::resolve(&hold)).await;
            }
        }
    }

    /// `beforeRequest`, when given: called with what attempt `attempt` will send (never the
    /// key); it may return `{ headers }` (or a promise of it) to add to this attempt, checked
    /// as the `headers` option is. A hook that throws stops the update, its error the cause.
    async fn before_request(&self, update: &Update, attempt: u32) -> Result<Option<web_sys::Headers>, (ClientError, Option<JsValue>)> {
        let Some(hook) = &self.before_request else { return Ok(None) };
        let info = self.request_info(update, attempt, &Headers::from_raw(self.headers.clone()));
        let returned = match hook.call1(&JsValue::UNDEFINED, &info) {
            Ok(returned) => JsFuture::from(Promise::resolve(&returned)).await,
            Err(thrown) => Err(thrown),
        };
        let returned = returned.map_err(|thrown| (ClientError::validation(["beforeRequest threw: ", &thrown_message(&thrown)].concat()), Some(thrown)))?;
        if returned.is_undefined() || returned.is_null() {
            return Ok(None);
        }
        let copy = web_sys::Headers::new_with_headers(&self.headers).map_err(|_| (ClientError::validation("beforeRequest: the headers could not be copied"), None))?;
        let headers = Headers::from_raw(copy);
        add_extra_headers(&returned, &headers, self.api_key.is_some()).map_err(|e| (ClientError::validation(["beforeRequest's result: ", &e.message].concat()), None))?;
        Ok(Some(headers.into_raw()))
    }

    /// `afterResponse`, when given: called with each answer (status, headers, request id,
    /// duration), never the key. Only observes: what it throws or rejects with is dropped.
    fn after_response(&self, update: &Update, attempt: u32, response: &web_sys::Response, started: f64) {
        let Some(hook) = &self.after_response else { return };
        let headers = Headers::from_raw(response.headers());
        let info = self.request_info(update, attempt, &headers);
        set_property(&info, "status", response.status().into());
        set_property(&info, "durationMs", (js_sys::Date::now() - started).round().into());
        if let Some(id) = headers.get("x-request-id").or_else(|| headers.get("request-id")) {
            set_property(&info, "requestId", self.scrubbed(id).into());
        }
        if let Ok(returned) = hook.call1(&JsValue::UNDEFINED, &info) {
            if let Ok(promise) = returned.dyn_into::<Promise>() {
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = JsFuture::from(promise).await;
                });
            }
        }
    }

    /// `{ method, url, attempt, headers }` for a hook: the headers as a plain object, without
    /// `authorization`, values that show the key redacted.
    fn request_info(&self, update: &Update, attempt: u32, headers: &Headers) -> js_sys::Object {
        let info = js_sys::Object::new();
        set_property(&info, "method", "PATCH".into());
        set_property(&info, "url", update.url.as_str().into());
        set_property(&info, "attempt", attempt.into());
        let shown = js_sys::Object::new();
        for (name, value) in headers.entries() {
            if name != "authorization" {
                set_property(&shown, &name, self.scrubbed(value).into());
            }
        }
        set_property(&info, "headers", shown.into());
        info
    }

    /// `text` with the key, if it shows it, redacted (without a key there is nothing to
    /// redact, and "" is in every string).
    fn scrubbed(&self, text: String) -> String {
        match self.api_key.as_deref() {
            Some(key) if !key.is_empty() && text.contains(key) => text.replace(key, "[redacted]"),
            _ => text,
        }
    }

    /// One request and its answer: the success body, or why not.
    async fn attempt(&self, update: &Update, attempt: u32, headers: Option<&web_sys::Headers>) -> Result<JsValue, Failure> {
        let started = if self.after_response.is_some() { js_sys::Date::now() } else { 0.0 };
        let timeout = AbortSignal::timeout_with_f64(self.timeout_ms);
        let signal = match &update.signal {
            Some(caller) => AbortSignal::any(&Array::of2(caller, &timeout)),
            None => timeout.clone(),
        };
        let init = web_sys::RequestInit::new();
        init.set_method("PATCH");
        init.set_headers(headers.unwrap_or(&self.headers));
        init.set_signal(Some(&signal));
        init.set_body(&update.body);
        if let Some(credentials) = self.credentials {
            // A plain property of the init dictionary (no web-sys binding needed for one string).
            let _ = Reflect::set(&init, &"credentials".into(), &credentials.into());
        }
        let called = match &update.fetch {
            Fetch::Custom(custom) => {
                web_sys::Request::new_with_str_and_init(&update.url, &init).and_then(|r| custom.call1(&JsValue::UNDEFINED, &r))
            }
            // Not a `Request`: Node 20's fetch would copy it into one of its own (module doc).
            Fetch::Platform(platform) => platform.call2(&JsValue::UNDEFINED, &update.url.as_str().into(), &init),
        };
        let answer = match called {
            Ok(answer) => JsFuture::from(Promise::resolve(&answer)).await,
            Err(thrown) => Err(thrown),
        };
        let answer = answer.map_err(|e| self.failure(update, &timeout, &e))?;
        // Read through `Reflect` (which catches) first: the getters of an object that only
        // claims to be a Response (`Object.create(Response.prototype)`) throw, and a throw
        // while the future is polled would leave the update's promise pending for good.
        let genuine = |key: &str| Reflect::get(&answer, &key.into()).ok();
        let status_ok = genuine("status").and_then(|s| s.as_f64()).is_some_and(|s| (100.0..=599.0).contains(&s));
        let headers_ok = genuine("headers").is_some_and(|h| h.is_instance_of::<web_sys::Headers>());
        let response = match answer.dyn_into::<web_sys::Response>() {
            Ok(r) if status_ok && headers_ok => r,
            _ => return Err(Failure::Failed(ClientError::network("fetch did not resolve to a Response"), None, None)),
        };
        let text = match response.text() {
            Ok(text) => JsFuture::from(text).await,
            Err(thrown) => Err(thrown),
        };
        let text = text.map_err(|e| self.failure(update, &timeout, &e))?;
        self.after_response(update, attempt, &response, started);
        self.answer(gloo_net::http::Response::from(response), &text)
    }

    /// What an attempt that got no answer (or could not read it) failed with.
    fn failure(&self, update: &Update, timeout: &AbortSignal, thrown: &JsValue) -> Failure {
        if update.signal.as_ref().is_some_and(|s| s.aborted()) {
            Failure::Stopped
        } else if timeout.aborted() {
            Failure::Failed(ClientError::timeout(self.timeout_ms), None, None)
        } else {
            Failure::Failed(ClientError::network(network_message(thrown)), None, Some(thrown.clone()))
        }
    }

    /// The success body of an answer, or its error and `Retry-After`.
    fn answer(&self, response: gloo_net::http::Response, text: &JsValue) -> Result<JsValue, Failure> {
        let status = response.status();
        // The usual answer, a 2xx the engine parses to the documented success object, is
        // checked on the engine's object: its text is not copied into the wasm and parsed a
        // second time. Anything else is interpreted in full, which words the error.
        let parsed = if (200..300).contains(&status) { parse_json(text).ok() } else { None };
        if let Some(value) = parsed.as_ref().filter(|v| is_success_object(v)) {
            return Ok(value.clone());
        }
        let headers = response.headers();
        // Response.text() decodes UTF-8 with replacement: never a lone surrogate.
        let body = text.as_string().unwrap_or_default();
        match interpret(status, headers.get("content-type").as_deref(), &body) {
            // The lead in `data` as the engine parsed it: not written out of the wasm again
            // only to be parsed back.
            Ok(_) if !body.starts_with('\u{feff}') => Ok(parsed.unwrap_or(JsValue::NULL)),
            Ok(_) => Ok(text_to_js(&body['\u{feff}'.len_utf8()..])),
            Err(e) => {
                let e = e.with_answer_headers(headers.entries());
                Err(Failure::Failed(e, headers.get("retry-after"), None))
            }
        }
    }

    /// The error of an update the caller's `signal` stopped after `attempts` requests: kind
    /// `timeout` when its reason is a `TimeoutError` (an `AbortSignal.timeout()` of the
    /// caller's), else `aborted`; the reason is its `cause`.
    fn stopped(&self, update: &Update, attempts: u32, aborted: &str) -> JsValue {
        let reason = update.signal.as_ref().map_or(JsValue::UNDEFINED, AbortSignal::reason);
        let error = if prop(&reason, "name").as_string().as_deref() == Some("TimeoutError") {
            let mut e = ClientError::timeout(0.0);
            e.message = "the update timed out: its signal's timeout expired".into();
            e
        } else {
            ClientError::aborted(aborted)
        };
        let error = error.with_attempts(attempts);
        let error = if attempts > 0 { error.with_request("PATCH", &update.url) } else { error };
        self.js_error(error, Some(&reason))
    }

    /// The JS error, with the key scrubbed from everything a server or a custom `fetch`
    /// may have echoed into it. `cause`: the caller's abort reason, or what the fetch threw,
    /// left out when its text holds the key (a custom fetch could have put it there).
    fn js_error(&self, mut e: ClientError, cause: Option<&JsValue>) -> JsValue {
        let key = self.api_key.as_deref().unwrap_or_default();
        let cause = cause.filter(|c| key.is_empty() || !shows(c, key));
        let scrub = |s: &mut String| *s = self.scrubbed(core::mem::take(s));
        scrub(&mut e.message);
        if let Some(code) = &mut e.code {
            scrub(code);
        }
        for (_, value) in &mut e.headers {
            scrub(value);
        }
        e.request_id.iter_mut().for_each(scrub);
        for issue in &mut e.issues {
            scrub(&mut issue.path);
            scrub(&mut issue.message);
            issue.suggestion.iter_mut().for_each(scrub);
            issue.expected.iter_mut().flatten().for_each(scrub);
        }
        match cause {
            Some(cause) => Caused(e, cause.clone()).into(),
            None => e.into(),
        }
    }
}

/// The JSON text to send for a request body (a JavaScript string), or the refusal with
/// every issue: the one call that validates a body for the client.
fn body_text(body: &JsValue) -> Result<JsValue, ClientError> {
    body::prepared(body).map(JsValue::from).map_err(|v| Refused::new("the body is invalid", v.issues).into())
}

thread_local! {
    /// Whether `AbortSignal.timeout` (bit 0) and `AbortSignal.any` (bit 1) exist, asked once.
    static PLATFORM: u8 = {
        let class = Reflect::get(&js_sys::global(), &"AbortSignal".into()).unwrap_or(JsValue::UNDEFINED);
        let has = |name: &str| class.is_function() && Reflect::get(&class, &name.into()).is_ok_and(|f| f.is_function());
        u8::from(has("timeout")) | (u8::from(has("any")) << 1)
    };
}

/// Refuses an update on a platform without what it needs (a call of a missing function
/// would throw in the middle of the update).
fn check_platform(with_signal: bool) -> Result<(), ClientError> {
    let has = PLATFORM.with(|p| *p);
    if has & 1 == 0 {
        return Err(ClientError::network("this platform has no AbortSignal.timeout()"));
    }
    if with_signal && has & 2 == 0 {
        return Err(ClientError::network("option `signal` needs AbortSignal.any() (Node 18.17+, current browsers)"));
    }
    Ok(())
}

/// Waits `ms`, or less when `signal` aborts: false then. The timer is cleared either way, so
/// a long `Retry-After` keeps no Node process alive after an abort.
async fn sleep(ms: f64, signal: Option<&AbortSignal>) -> bool {
    let mut timer = JsValue::UNDEFINED;
    let mut listener = None;
    // `resolve` itself is the timer's handler and the abort listener: no closure to keep.
    let done = Promise::new(&mut |resolve, _reject| {
        timer = set_timeout(&resolve, ms);
        if let Some(s) = signal {
            if s.add_event_listener_with_callback("abort", &resolve).is_ok() {
                listener = Some(resolve);
            }
        }
    });
    let _ = JsFuture::from(done).await;
    clear_timeout(&timer);
    if let (Some(s), Some(listener)) = (signal, listener) {
        let _ = s.remove_event_listener_with_callback("abort", &listener);
    }
    !signal.is_some_and(|s| s.aborted())
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

/// Options are read with wasm-bindgen's checks, not serde-wasm-bindgen's deserializer: on
/// hostile values (a revoked Proxy, an array of 2^32 - 1 items) that one throws from inside
/// the wasm (`Array.isArray`, `Array.from`), where nothing may throw.
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
        return Err(ClientError::validation("ConvocoreClient needs an options object with at least `apiKey` or `baseUrl`"));
    }
    let api_key = optional_string(options, "apiKey")?;
    if let Some(key) = &api_key {
        check_api_key(key)?;
    }
    let region = optional_string(options, "region")?;
    let base_url = optional_string(options, "baseUrl")?;
    let page = Page::read();
    let endpoint = match base_url.as_deref() {
        Some(path) if path.starts_with('/') => {
            // Validated even though the path overrides it, as for an absolute base URL.
            region.as_deref().map(Region::parse).transpose()?;
            Endpoint::on_page(path, page.origin.as_deref(), api_key.is_some())?
        }
        _ => Endpoint::new(region.as_deref(), base_url.as_deref())?,
    };
    if api_key.is_none() && base_url.is_none() {
        return Err(ClientError::validation(
            "apiKey is missing: the Convocore API needs it. Without a key, set baseUrl to a proxy that adds it (e.g. '/api/convocore', see convocore-leads/proxy)",
        ));
    }
    let timeout_ms = optional_number(options, "timeoutMs", 1, MAX_TIMEOUT_MS)?.unwrap_or(DEFAULT_TIMEOUT_MS);
    let mut policy = RetryPolicy::default();
    if let Some(r) = optional_number(options, "retries", 0, MAX_RETRIES)? {
        if r.fract() != 0.0 {
            return Err(ClientError::validation("option `retries` must be a whole number"));
        }
        policy.retries = r as u32;
    }
    let credentials = match optional_string(options, "credentials")?.as_deref() {
        None | Some("same-origin") => None,
        Some("include") => Some("include"),
        Some("omit") => Some("omit"),
        Some(_) => return Err(option_error("credentials", "'same-origin' (the default), 'include' or 'omit'")),
    };
    let headers = Headers::new();
    add_extra_headers(options, &headers, api_key.is_some())?;
    // After the extra ones (whose checks refuse these names anyway).
    for (name, value) in request_headers(api_key.as_deref()) {
        headers.set(name, &value);
    }
    let config = Config {
        endpoint,
        api_key,
        headers: headers.into_raw(),
        credentials,
        timeout_ms,
        policy,
        fetch: optional_function(options, "fetch")?,
        on_retry: optional_function(options, "onRetry")?,
        before_request: optional_function(options, "beforeRequest")?,
        after_response: optional_function(options, "afterResponse")?,
    };
    if config.api_key.is_some() {
        page.warn_of_key();
    }
    Ok(config)
}

/// Adds the `headers` option to `headers`, checked: a plain object of header names to strings.
fn add_extra_headers(options: &JsValue, headers: &Headers, with_key: bool) -> Result<(), ClientError> {
    let v = prop(options, "headers");
    if v.is_undefined() || v.is_null() {
        return Ok(());
    }
    let what = "a plain object of header names to string values, like { 'X-Requested-With': 'dashboard' }";
    // A `Headers` has no own entries: refused rather than sent as none.
    if !v.is_object() || v.is_function() || Array::is_array(&v) || v.is_instance_of::<web_sys::Headers>() {
        return Err(option_error("headers", what));
    }
    let entries = object_entries(&v).map_err(|_| option_error("headers", what))?;
    if entries.length() as usize > MAX_EXTRA_HEADERS {
        return Err(option_error("headers", "at most 32 headers"));
    }
    for i in 0..entries.length() {
        // A real array, made by Object.entries: read by index, no iterator a caller could replace.
        let entry: Array = entries.get(i).unchecked_into();
        let name = entry.get(0).as_string().unwrap_or_default();
        let value = entry.get(1).as_string().ok_or_else(|| option_error("headers", what))?;
        check_extra_header(&name, &value, with_key)?;
        // Cannot throw: the name and the value were checked. One name in two spellings: the
        // last one stands, as with Headers.set.
        headers.set(&name, &value);
    }
    Ok(())
}

/// What the client needs to know of the page it runs in, if any.
struct Page {
    /// `location.origin`, where there is a location (browsers, workers).
    origin: Option<String>,
    /// `location.hostname` of a browser page (a `window` and a `document`).
    browser_host: Option<String>,
}

thread_local! {
    static WARNED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl Page {
    fn read() -> Page {
        let global = js_sys::global();
        // `prop` catches: Deno's `location` getter throws when it was not given one.
        let location = prop(&global, "location");
        let in_page = prop(&global, "window").is_object() && prop(&global, "document").is_object();
        Page {
            origin: prop(&location, "origin").as_string(),
            browser_host: if in_page { prop(&location, "hostname").as_string() } else { None },
        }
    }

    /// Warns, once per page, that a key given in a browser page is readable by every visitor
    /// (not on a loopback host, where a developer tries things). Never shows the key.
    fn warn_of_key(&self) {
        let Some(host) = self.browser_host.as_deref() else { return };
        if is_loopback(host) || WARNED.with(|w| w.replace(true)) {
            return;
        }
        let _ = console_warn(
            "convocore-leads: ConvocoreClient was given an apiKey in a browser page, where every visitor can read it. \
             Keep it on a server (convocore-leads/proxy) and use { baseUrl: '/api/convocore' } without one.",
        );
    }
}

/// Whether `value`'s text, its message or its cause's shows `key`.
fn shows(value: &JsValue, key: &str) -> bool {
    let text = |v: &JsValue| js_sys::JsString::from(v.clone()).as_string().unwrap_or_default().contains(key);
    let message = |v: &JsValue| prop(v, "message").as_string().is_some_and(|m| m.contains(key));
    let cause = prop(value, "cause");
    (value.is_string() && text(value)) || message(value) || message(&cause) || (cause.is_string() && text(&cause))
}

/// What a caller's function threw, in words: its message, or the value as a string.
fn thrown_message(thrown: &JsValue) -> String {
    prop(thrown, "message").as_string().unwrap_or_else(|| js_sys::JsString::from(thrown.clone()).as_string().unwrap_or_default())
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
