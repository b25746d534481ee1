//! The error type of the HTTP client (the contract's is [`crate::contract::issue::Refused`]).
//!
//! Every failure the client can report (a refused option, an HTTP error status, an
//! unexpected response body, a network failure, a timeout, an abort) is a
//! [`ClientError`]. The wasm binding converts it to a JS `ConvocoreError` in one place.
//!
//! No constructor here ever receives the API key, so no message can contain it.

use crate::contract::issue::{Issue, Refused};

/// What kind of failure a [`ClientError`] describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The request was refused before being sent (bad option, bad id, bad body, bad key).
    Validation,
    /// The server answered with a non-2xx status.
    Http,
    /// The server answered 2xx, but the body is not the documented success response
    /// (or says `success: false`).
    Response,
    /// The request could not be sent or the response could not be read.
    Network,
    /// The request took longer than the configured timeout.
    Timeout,
    /// The caller aborted the request (AbortSignal).
    Aborted,
}

impl ErrorKind {
    /// The lowercase name used on the JS side: `"validation"`, `"http"`, `"response"`,
    /// `"network"`, `"timeout"`, `"aborted"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Validation => "validation",
            ErrorKind::Http => "http",
            ErrorKind::Response => "response",
            ErrorKind::Network => "network",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Aborted => "aborted",
        }
    }
}

impl core::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error of the HTTP client.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientError {
    pub kind: ErrorKind,
    /// Human-readable; never contains the API key.
    pub message: String,
    /// The HTTP status, when the server answered.
    pub status: Option<u16>,
    /// The server's error `code` (an open string, e.g. `"BAD_REQUEST"`), when it sent one.
    pub code: Option<String>,
    /// Validation issues (local) or the server's `issues`.
    pub issues: Vec<Issue>,
    /// Whether repeating the same request may succeed.
    pub retryable: bool,
    /// How many attempts were made (0 when the request was refused before sending);
    /// the retry loop sets it with [`ClientError::with_attempts`].
    pub attempts: u32,
    /// The request's method and URL, once there was a request. The URL holds no secret: a
    /// base URL with credentials, a query or a fragment is refused.
    pub request: Option<(&'static str, String)>,
    /// The server's id of the request (`x-request-id` or `request-id`), when it sent one.
    pub request_id: Option<String>,
    /// The answer's headers that say what to do next ([`is_notable_header`]), names in
    /// lowercase, in the order received.
    pub headers: Vec<(String, String)>,
}

/// The answer headers an error keeps: `retry-after`, the rate-limit headers
/// (`ratelimit-*`, `x-ratelimit-*`, `ratelimit`, `ratelimit-policy`) and the request id.
pub fn is_notable_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name == "retry-after"
        || name.starts_with("ratelimit")
        || name.starts_with("x-ratelimit-")
        || name == "x-request-id"
        || name == "request-id"
}

impl ClientError {
    fn base(kind: ErrorKind, message: impl Into<String>, retryable: bool) -> ClientError {
        ClientError {
            kind,
            message: message.into(),
            status: None,
            code: None,
            issues: Vec::new(),
            retryable,
            attempts: 0,
            request: None,
            request_id: None,
            headers: Vec::new(),
        }
    }

    /// A request refused before being sent. Not retryable.
    pub fn validation(message: impl Into<String>) -> ClientError {
        ClientError::base(ErrorKind::Validation, message, false)
    }

    /// A request refused before being sent, with the validator's issues. Not retryable.
    pub fn validation_with_issues(message: impl Into<String>, issues: Vec<Issue>) -> ClientError {
        let mut e = ClientError::validation(message);
        e.issues = issues;
        e
    }

    /// A non-2xx answer. `retryable` follows [`crate::http::retry::is_retryable_status`].
    pub fn http(status: u16, message: impl Into<String>) -> ClientError {
        let mut e = ClientError::base(
            ErrorKind::Http,
            message,
            crate::http::retry::is_retryable_status(status),
        );
        e.status = Some(status);
        e
    }

    /// A 2xx answer whose body is not the documented success response. Not retryable.
    pub fn response(status: u16, message: impl Into<String>) -> ClientError {
        let mut e = ClientError::base(ErrorKind::Response, message, false);
        e.status = Some(status);
        e
    }

    /// The request could not be completed (DNS, connection reset, CORS, ...).
    /// Retryable: a PATCH that sets fields is idempotent.
    pub fn network(message: impl Into<String>) -> ClientError {
        ClientError::base(ErrorKind::Network, message, true)
    }

    /// The attempt exceeded its timeout. Retryable.
    pub fn timeout(timeout_ms: f64) -> ClientError {
        let ms = if timeout_ms.is_finite() && timeout_ms >= 0.0 {
            timeout_ms
        } else {
            0.0
        };
        ClientError::base(
            ErrorKind::Timeout,
            ["The request timed out after ", &(ms.round() as u64).to_string(), " ms"].concat(),
            true,
        )
    }

    /// The caller aborted the request. Never retryable.
    pub fn aborted(message: impl Into<String>) -> ClientError {
        ClientError::base(ErrorKind::Aborted, message, false)
    }

    /// Sets the server's error code.
    pub fn with_code(mut self, code: impl Into<String>) -> ClientError {
        self.code = Some(code.into());
        self
    }

    /// Sets the issues.
    pub fn with_issues(mut self, issues: Vec<Issue>) -> ClientError {
        self.issues = issues;
        self
    }

    /// Sets the number of attempts made.
    pub fn with_attempts(mut self, attempts: u32) -> ClientError {
        self.attempts = attempts;
        self
    }

    /// Sets the request the error is about.
    pub fn with_request(mut self, method: &'static str, url: impl Into<String>) -> ClientError {
        self.request = Some((method, url.into()));
        self
    }

    /// Keeps the notable headers of the answer ([`is_notable_header`]) and its request id.
    pub fn with_answer_headers(mut self, headers: impl IntoIterator<Item = (String, String)>) -> ClientError {
        for (name, value) in headers {
            if is_notable_header(&name) {
                let name = name.to_ascii_lowercase();
                if self.request_id.is_none() && (name == "x-request-id" || name == "request-id") {
                    self.request_id = Some(value.clone());
                }
                self.headers.push((name, value));
            }
        }
        self
    }
}

impl core::fmt::Display for ClientError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ClientError {}

/// A body the client refuses to send is a `validation` error of the client.
impl From<Refused> for ClientError {
    fn from(r: Refused) -> ClientError {
        ClientError::validation_with_issues(r.message, r.issues)
    }
}
