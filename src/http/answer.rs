//! Interpreting the answer of `PATCH /leads/{id}`.
//!
//! [`interpret`] turns a status, a `Content-Type` and a body into either the documented
//! success object or a [`ClientError`]. It never panics, whatever the input.

use serde_json::Value;

use crate::contract::model::UpdateLeadResponse;
use crate::contract::issue::{self, Issue};
use crate::contract::validation::Shape;
use crate::http::endpoint::parse_uint;
use crate::http::error::ClientError;

/// Longest server text (message, HTML title, body snippet) copied into an error message,
/// in characters.
pub const MAX_SNIPPET_CHARS: usize = 200;

/// Unexpected keys of a success answer named in its error; the rest is an ellipsis.
const EXTRA_KEYS_SHOWN: usize = 5;

/// Longest server `message` of a documented error body kept in an error message.
pub const MAX_SERVER_MESSAGE_CHARS: usize = 1000;

/// Most server `issues` kept.
pub const MAX_SERVER_ISSUES: usize = 100;

/// The standard reason phrase of an HTTP status, `""` when unknown.
pub fn reason_phrase(status: u16) -> &'static str {
    // Two tables rather than a `match`: a jump table with a string per arm cost 1 KB of wasm.
    const STATUSES: [u16; 58] = [
        100, 101, 103, 200, 201, 202, 203, 204, 205, 206, 300, 301, 302, 303, 304, 307, 308, 400,
        401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418,
        421, 422, 423, 424, 425, 426, 428, 429, 431, 451, 499, 500, 501, 502, 503, 504, 505, 506,
        507, 508, 510, 511,
    ];
    const PHRASES: &str = "Continue|Switching Protocols|Early Hints|OK|Created|Accepted|\
        Non-Authoritative Information|No Content|Reset Content|Partial Content|\
        Multiple Choices|Moved Permanently|Found|See Other|Not Modified|\
        Temporary Redirect|Permanent Redirect|Bad Request|Unauthorized|Payment Required|\
        Forbidden|Not Found|Method Not Allowed|Not Acceptable|\
        Proxy Authentication Required|Request Timeout|Conflict|Gone|Length Required|\
        Precondition Failed|Content Too Large|URI Too Long|Unsupported Media Type|\
        Range Not Satisfiable|Expectation Failed|I'm a teapot|Misdirected Request|\
        Unprocessable Content|Locked|Failed Dependency|Too Early|Upgrade Required|\
        Precondition Required|Too Many Requests|Request Header Fields Too Large|\
        Unavailable For Legal Reasons|Client Closed Request|Internal Server Error|\
        Not Implemented|Bad Gateway|Service Unavailable|Gateway Timeout|\
        HTTP Version Not Supported|Variant Also Negotiates|Insufficient Storage|\
        Loop Detected|Not Extended|Network Authentication Required";
    match STATUSES.iter().position(|&s| s == status) {
        Some(i) => PHRASES.split('|').nth(i).unwrap_or(""),
        None => "",
    }
}

/// `"HTTP 502 Bad Gateway"`, or `"HTTP 599"` for a status without a known phrase.
pub fn status_line(status: u16) -> String {
    // Joined by hand, not with `format!`, here and below: each `format!` costs code in
    // the wasm.
    let mut line = String::from("HTTP ");
    line.push_str(&status.to_string());
    let phrase = reason_phrase(status);
    if !phrase.is_empty() {
        line.push(' ');
        line.push_str(phrase);
    }
    line
}

/// Interprets one response of `PATCH /leads/{id}`.
///
/// - 2xx with a JSON body fitting the documented 200 schema
///   (`{success: boolean, message: string, data?: any}`, nothing else) and
///   `success: true`: `Ok` with that object.
/// - 2xx otherwise (not JSON, wrong shape, `success: false`): `Err` of kind `Response`,
///   not retryable.
/// - Any other status: `Err` of kind `Http` with `status`; the server's `code`, `message`
///   and `issues` when the body is the documented error JSON; a readable summary of an
///   HTML page or plain text otherwise. Retryable exactly for 408, 429, 500, 502, 503, 504.
pub fn interpret(
    status: u16,
    content_type: Option<&str>,
    body: &str,
) -> Result<UpdateLeadResponse, ClientError> {
    let body = body.strip_prefix('\u{feff}').unwrap_or(body);
    if (200..300).contains(&status) {
        interpret_success(status, content_type, body)
    } else {
        Err(interpret_error(status, content_type, body))
    }
}

fn interpret_success(
    status: u16,
    content_type: Option<&str>,
    body: &str,
) -> Result<UpdateLeadResponse, ClientError> {
    let line = status_line(status);
    if body.trim().is_empty() {
        return Err(ClientError::response(
            status,
            line + ": the response body is empty; expected the JSON object {success, message, data?}",
        ));
    }
    let value = match serde_json::from_str::<Value>(body) {
        Ok(v) => v,
        Err(e) => {
            let what = match content_type.map(media_type) {
                Some(ct) if !ct.is_empty() && !is_json_media_type(&ct) => {
                    ["the response is ", &cap_chars(&ct, 60), " instead of JSON"].concat()
                }
                _ => ["the response body is not valid JSON (", &e.to_string(), ")"].concat(),
            };
            let snippet = text_snippet(body);
            let mut msg = [&line, ": ", &what].concat();
            if !snippet.is_empty() {
                msg.push_str(": ");
                msg.push_str(&snippet);
            }
            return Err(ClientError::response(status, msg));
        }
    };
    let mut map = match value {
        Value::Object(m) => m,
        other => {
            return Err(ClientError::response(
                status,
                [&line, ": the response is ", Shape::of(&other).kind_name(), " instead of the JSON object {success, message, data?}"]
                    .concat(),
            ))
        }
    };
    let server_message = map.get("message").and_then(Value::as_str);
    let mut problems = String::new();
    match map.get("success") {
        None => push_item(&mut problems, "; ", "\"success\" is missing"),
        Some(Value::Bool(_)) => {}
        Some(v) => push_item(&mut problems, "; ", &["\"success\" is ", Shape::of(v).kind_name(), " instead of a boolean"].concat()),
    }
    match map.get("message") {
        None => push_item(&mut problems, "; ", "\"message\" is missing"),
        Some(Value::String(_)) => {}
        Some(v) => push_item(&mut problems, "; ", &["\"message\" is ", Shape::of(v).kind_name(), " instead of a string"].concat()),
    }
    let extra_keys: Vec<&String> = map
        .keys()
        .filter(|k| !matches!(k.as_str(), "success" | "message" | "data"))
        .collect();
    if !extra_keys.is_empty() {
        let mut shown = String::new();
        for k in extra_keys.iter().take(EXTRA_KEYS_SHOWN) {
            push_item(&mut shown, ", ", &issue::quote(k));
        }
        push_item(
            &mut problems,
            "; ",
            &[
                "unexpected propert",
                if extra_keys.len() == 1 { "y " } else { "ies " },
                &shown,
                if extra_keys.len() > EXTRA_KEYS_SHOWN { ", …" } else { "" },
            ]
            .concat(),
        );
    }
    if !problems.is_empty() {
        let mut msg = line + ": the response does not fit the documented schema {success, message, data?}: ";
        msg.push_str(&problems);
        if let Some(m) = server_message {
            msg.push_str(" (server message: ");
            msg.push_str(&cap_chars(&clean_text(m), MAX_SNIPPET_CHARS));
            msg.push(')');
        }
        return Err(ClientError::response(status, msg));
    }
    if let Some(Value::Bool(false)) = map.get("success") {
        let m = server_message
            .map(|m| cap_chars(&clean_text(m), MAX_SERVER_MESSAGE_CHARS))
            .unwrap_or_default();
        let mut msg = line + ": the server reported failure (success: false)";
        if !m.is_empty() {
            msg.push_str(": ");
            msg.push_str(&m);
        }
        return Err(ClientError::response(status, msg));
    }
    let message = match map.remove("message") {
        Some(Value::String(m)) => m,
        _ => String::new(),
    };
    // Taken as it is: `data: null` stays `null`.
    Ok(UpdateLeadResponse { success: true, message, data: map.remove("data") })
}

/// Appends `item` to the list in `out`, after `sep` unless it is the first. By hand: a
/// `join` of owned strings would link a second `join` beside the one of `&str`s.
fn push_item(out: &mut String, sep: &str, item: &str) {
    if !out.is_empty() {
        out.push_str(sep);
    }
    out.push_str(item);
}

fn interpret_error(status: u16, content_type: Option<&str>, body: &str) -> ClientError {
    let line = status_line(status);
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return ClientError::http(status, line);
    }
    if let Ok(value) = serde_json::from_str::<Value>(trimmed) {
        if let Some(e) = documented_error(status, &line, &value) {
            return e;
        }
    }
    let ct = content_type.map(media_type).unwrap_or_default();
    let looks_html = ct.contains("html") || {
        let head = lower_prefix(trimmed, 64);
        head.starts_with("<!doctype")
            || head.starts_with("<html")
            || head.starts_with("<head")
            || head.starts_with("<body")
            || head.starts_with("<title")
            || head.starts_with("<h1")
            || head.starts_with("<?xml")
    };
    let detail = if looks_html {
        html_summary(trimmed)
    } else {
        text_snippet(trimmed)
    };
    let redundant = detail.is_empty()
        || detail.eq_ignore_ascii_case(&line)
        || detail.eq_ignore_ascii_case(line.strip_prefix("HTTP ").unwrap_or(&line))
        || detail.eq_ignore_ascii_case(reason_phrase(status));
    if redundant {
        ClientError::http(status, line)
    } else {
        ClientError::http(status, [&line, ": ", &detail].concat())
    }
}

/// The documented error body `{message, code, issues?}` (tolerating extra properties
/// and a missing `code`), as an `Http` error.
fn documented_error(status: u16, line: &str, value: &Value) -> Option<ClientError> {
    let map = value.as_object()?;
    let message = map.get("message").and_then(Value::as_str);
    let code = map.get("code").and_then(Value::as_str);
    if message.is_none() && code.is_none() {
        return None;
    }
    let message = message
        .map(|m| cap_chars(&clean_text(m), MAX_SERVER_MESSAGE_CHARS))
        .unwrap_or_default();
    let code = code.map(|c| cap_chars(&clean_text(c), 100));
    let mut text = String::from(line);
    if !message.is_empty() {
        text.push_str(": ");
        text.push_str(&message);
    }
    if let Some(c) = &code {
        if !c.is_empty() {
            text.push_str(" (");
            text.push_str(c);
            text.push(')');
        }
    }
    let mut err = ClientError::http(status, text);
    if let Some(c) = code {
        err = err.with_code(c);
    }
    if let Some(items) = map.get("issues").and_then(Value::as_array) {
        err.issues = items
            .iter()
            .filter_map(server_issue)
            .take(MAX_SERVER_ISSUES)
            .collect();
    }
    Some(err)
}

/// One item of the server's `issues`: `{message}` (and, when present, a zod-style
/// `path` array, turned into a JSON Pointer).
fn server_issue(item: &Value) -> Option<Issue> {
    let map = item.as_object()?;
    let message = map.get("message")?.as_str()?;
    let mut path = String::new();
    // A JSON Pointer, as this package's proxy sends the validator's issues.
    if let Some(Value::String(pointer)) = map.get("path").filter(|p| p.as_str().is_some_and(|p| p.is_empty() || p.starts_with('/'))) {
        path = cap_chars(&clean_text(pointer), 1000);
    } else if let Some(parts) = map.get("path").and_then(Value::as_array) {
        for p in parts.iter().take(64) {
            match p {
                Value::String(s) => issue::push_token(&mut path, s),
                Value::Number(n) => {
                    if let Some(i) = n.as_u64().filter(|i| *i < 1_000_000_000_000_000) {
                        path.push('/');
                        path.push_str(&i.to_string());
                    }
                }
                _ => {}
            }
        }
    }
    // One of this package's codes (from its proxy) is kept; anything else is "server".
    let code = map.get("code").and_then(Value::as_str);
    let code = issue::codes::ERRORS.iter().chain(issue::codes::WARNINGS).find(|c| Some(**c) == code).copied().unwrap_or("server");
    Some(Issue::new(path, code, cap_chars(&clean_text(message), MAX_SERVER_MESSAGE_CHARS)))
}

/// The media type of a `Content-Type` value, lowercased, without parameters.
fn media_type(ct: &str) -> String {
    ct.split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn is_json_media_type(mt: &str) -> bool {
    mt == "application/json" || mt.ends_with("+json") || mt == "text/json"
}

/// The first `max_bytes` bytes (at most) of `s`, lowercased ASCII.
fn lower_prefix(s: &str, max_bytes: usize) -> String {
    let mut end = s.len().min(max_bytes);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_ascii_lowercase()
}

/// Cuts `s` to `max` characters, adding `…` when cut.
fn cap_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some((i, _)) => {
            let mut out = s[..i].trim_end().to_string();
            out.push('…');
            out
        }
    }
}

/// Control characters become spaces; runs of whitespace collapse to one space; trimmed.
fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(4096));
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c.is_control() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// A short, single-line excerpt of a text body.
fn text_snippet(body: &str) -> String {
    // Look at a bounded prefix only: the body may be huge.
    let mut end = body.len().min(4 * MAX_SNIPPET_CHARS * 4);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    cap_chars(&clean_text(&body[..end]), MAX_SNIPPET_CHARS)
}

/// The text of the `<title>` of an HTML page, else of its first `<h1>`, else of the
/// page with its tags stripped; entities decoded, whitespace collapsed, capped.
fn html_summary(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    for tag in ["title", "h1"] {
        if let Some(inner) = element_text(html, &lower, tag) {
            let text = cap_chars(
                &clean_text(&decode_entities(&strip_tags(inner))),
                MAX_SNIPPET_CHARS,
            );
            if !text.is_empty() {
                return text;
            }
        }
    }
    // No title: the visible text, without <head>, <script> and <style> contents.
    let mut end = html.len().min(64 * 1024);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    let body = drop_elements(&html[..end], &lower[..end], &["head", "script", "style"]);
    cap_chars(
        &clean_text(&decode_entities(&strip_tags(&body))),
        MAX_SNIPPET_CHARS,
    )
}

/// The raw inner HTML of the first `<tag ...>...</tag>` (`lower` is `html` ASCII-lowercased,
/// so byte offsets agree and every match is at a char boundary).
fn element_text<'a>(html: &'a str, lower: &str, tag: &str) -> Option<&'a str> {
    // `<title>` or `<title attr...>`, not `<titles>`.
    let start = find_open(lower, 0, tag)?;
    let after = start + 1 + tag.len();
    let gt = after + lower.get(after..)?.find('>')?;
    let content_start = gt + 1;
    let close = ["</", tag].concat();
    let content_end = match lower.get(content_start..)?.find(close.as_str()) {
        Some(i) => content_start + i,
        None => html.len(),
    };
    html.get(content_start..content_end)
}

/// `html` without the elements named in `tags` (with their contents). Linear: the next
/// opening of each tag is searched for again only once the scan has passed it.
fn drop_elements(html: &str, lower: &str, tags: &[&str]) -> String {
    let mut out = String::new();
    let mut pos = 0;
    let mut next: Vec<Option<usize>> = tags.iter().map(|t| find_open(lower, 0, t)).collect();
    while pos < html.len() {
        for (slot, tag) in next.iter_mut().zip(tags) {
            if matches!(*slot, Some(at) if at < pos) {
                *slot = find_open(lower, pos, tag);
            }
        }
        let best = next
            .iter()
            .zip(tags)
            .filter_map(|(at, tag)| at.map(|a| (a, *tag)))
            .min_by_key(|(a, _)| *a);
        let Some((at, tag)) = best else {
            out.push_str(&html[pos..]);
            break;
        };
        out.push_str(&html[pos..at]);
        out.push(' ');
        let close = ["</", tag].concat();
        let Some(c) = lower[at..].find(close.as_str()) else {
            break;
        };
        let close_at = at + c;
        pos = match lower[close_at..].find('>') {
            Some(g) => close_at + g + 1,
            None => html.len(),
        };
    }
    out
}

/// The byte offset of the first `<tag` at or after `from` that opens that element
/// (followed by `>`, whitespace, `/` or the end), in the lowercased text.
fn find_open(lower: &str, mut from: usize, tag: &str) -> Option<usize> {
    let open = ["<", tag].concat();
    loop {
        let at = from + lower.get(from..)?.find(open.as_str())?;
        let after = lower.as_bytes().get(at + open.len()).copied();
        if matches!(
            after,
            None | Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/')
        ) {
            return Some(at);
        }
        from = at + open.len();
    }
}

/// Removes `<...>` tags (each replaced by a space).
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match (in_tag, c) {
            (false, '<') => in_tag = true,
            (false, c) => out.push(c),
            (true, '>') => {
                in_tag = false;
                out.push(' ');
            }
            (true, _) => {}
        }
    }
    out
}

/// Decodes the common named entities and numeric character references.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .map(|(j, _)| j);
        let decoded = end.and_then(|j| {
            let name = &rest[1..j];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => {
                    let code = if let Some(hex) =
                        name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
                    {
                        parse_uint(hex, 16)
                    } else if let Some(dec) = name.strip_prefix('#') {
                        parse_uint(dec, 10)
                    } else {
                        None
                    };
                    code.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, j))
        });
        match decoded {
            Some((c, j)) => {
                out.push(c);
                rest = &rest[j + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
