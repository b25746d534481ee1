#![cfg(not(target_arch = "wasm32"))]
//! Interpretation of `PATCH /leads/{id}` answers.

use convocore_leads::http::error::{ClientError, ErrorKind};
use convocore_leads::http::answer::{interpret, reason_phrase, status_line};
use convocore_leads::{UpdateLeadResponse, Value};
use proptest::prelude::*;

const JSON: Option<&str> = Some("application/json; charset=utf-8");

fn err(status: u16, ct: Option<&str>, body: &str) -> ClientError {
    match interpret(status, ct, body) {
        Ok(v) => panic!("{status} {body:?} resolved to {v:?}"),
        Err(e) => e,
    }
}

#[test]
fn success_with_and_without_data() {
    let v = interpret(200, JSON, r#"{"success":true,"message":"Lead updated"}"#).unwrap();
    assert_eq!(v, UpdateLeadResponse { success: true, message: "Lead updated".into(), data: None });

    let v = interpret(
        200,
        JSON,
        r#"{"success":true,"message":"ok","data":{"id":"l1","lead":{"name":"John"}}}"#,
    )
    .unwrap();
    let data = serde_json::json!({"id": "l1", "lead": {"name": "John"}});
    assert_eq!(v, UpdateLeadResponse { success: true, message: "ok".into(), data: Some(data) });
    // `data: null` stays null, apart from an absent `data`.
    let v = interpret(200, JSON, r#"{"success":true,"message":"","data":null}"#).unwrap();
    assert_eq!(v.data, Some(Value::Null));

    // `data` may be anything, including null; other 2xx statuses are fine too.
    for data in ["null", "1", "\"x\"", "[1,2]", "false"] {
        let body = format!(r#"{{"data":{data},"message":"","success":true}}"#);
        assert!(interpret(201, JSON, &body).is_ok(), "{body}");
    }
    // A missing or odd Content-Type does not matter when the body is the right JSON.
    assert!(interpret(200, None, r#"{"success":true,"message":"ok"}"#).is_ok());
    assert!(interpret(
        200,
        Some("text/plain"),
        r#"{"success":true,"message":"ok"}"#
    )
    .is_ok());
    // A UTF-8 BOM and surrounding whitespace are tolerated.
    assert!(interpret(
        200,
        JSON,
        "\u{feff} {\"success\":true,\"message\":\"ok\"}\n"
    )
    .is_ok());
}

#[test]
fn success_false_is_a_response_error_with_the_server_message() {
    let e = err(
        200,
        JSON,
        r#"{"success":false,"message":"Lead not found for agent"}"#,
    );
    assert_eq!(e.kind, ErrorKind::Response);
    assert_eq!(e.status, Some(200));
    assert!(!e.retryable);
    assert!(e.message.contains("success: false"), "{}", e.message);
    assert!(
        e.message.contains("Lead not found for agent"),
        "{}",
        e.message
    );
    let e = err(200, JSON, r#"{"success":false,"message":""}"#);
    assert_eq!(e.kind, ErrorKind::Response);
}

#[test]
fn two_xx_that_does_not_fit_the_schema() {
    let cases: &[(&str, &str)] = &[
        (
            r#"{"success":true,"message":"ok","extra":1}"#,
            "unexpected property \"extra\"",
        ),
        (
            r#"{"success":true,"message":"ok","a":1,"b":2}"#,
            "unexpected properties \"a\", \"b\"",
        ),
        (r#"{"success":true}"#, "\"message\" is missing"),
        (r#"{"message":"ok"}"#, "\"success\" is missing"),
        (
            r#"{"success":"true","message":"ok"}"#,
            "\"success\" is a string instead of a boolean",
        ),
        (
            r#"{"success":true,"message":42}"#,
            "\"message\" is a number instead of a string",
        ),
        (r#"{"success":1,"message":null}"#, "\"success\" is a number"),
        ("[]", "an array instead of the JSON object"),
        ("\"ok\"", "a string instead"),
        ("null", "null instead"),
        ("true", "a boolean instead"),
    ];
    for (body, needle) in cases {
        let e = err(200, JSON, body);
        assert_eq!(e.kind, ErrorKind::Response, "{body}");
        assert_eq!(e.status, Some(200));
        assert!(!e.retryable);
        assert!(e.message.contains(needle), "{body}: {}", e.message);
    }
    // The server's message is shown when there is one.
    let e = err(200, JSON, r#"{"success":true,"message":"Saved","extra":1}"#);
    assert!(e.message.contains("server message: Saved"), "{}", e.message);
    // Many extra properties are listed briefly.
    let e = err(
        200,
        JSON,
        r#"{"success":true,"message":"ok","a":1,"b":1,"c":1,"d":1,"e":1,"f":1,"g":1}"#,
    );
    assert!(e.message.contains("…"), "{}", e.message);
    assert!(!e.message.contains("\"g\""), "{}", e.message);
}

#[test]
fn two_xx_that_is_not_json() {
    let e = err(
        200,
        Some("text/html"),
        "<html><body>Welcome to nginx!</body></html>",
    );
    assert_eq!(e.kind, ErrorKind::Response);
    assert!(!e.retryable);
    assert!(
        e.message.contains("text/html instead of JSON"),
        "{}",
        e.message
    );

    let e = err(200, JSON, "{\"success\": tru");
    assert_eq!(e.kind, ErrorKind::Response);
    assert!(e.message.contains("not valid JSON"), "{}", e.message);
    // With serde_json's own words for what is wrong, and where.
    let why = serde_json::from_str::<Value>("{\"success\": tru").unwrap_err().to_string();
    assert!(e.message.contains(&["not valid JSON (", &why, ")"].concat()), "{}", e.message);
    // A number too large for an f64 is not JSON serde_json reads (JavaScript reads Infinity).
    let e = err(200, JSON, r#"{"success":true,"message":"ok","data":{"hotScore":1e999}}"#);
    assert_eq!(e.kind, ErrorKind::Response);
    assert!(e.message.contains("not valid JSON (number out of range"), "{}", e.message);

    for body in ["", "   \n"] {
        let e = err(200, JSON, body);
        assert_eq!(e.kind, ErrorKind::Response);
        assert!(e.message.contains("empty"), "{}", e.message);
    }
    let e = err(204, None, "");
    assert_eq!(e.kind, ErrorKind::Response);
    assert_eq!(e.status, Some(204));
    assert!(
        e.message.starts_with("HTTP 204 No Content"),
        "{}",
        e.message
    );

    // The snippet is capped.
    let long = "x".repeat(10_000);
    let e = err(200, Some("text/plain"), &long);
    assert!(e.message.len() < 400, "{}", e.message.len());
}

#[test]
fn documented_error_json() {
    let body = r#"{"message":"Input validation failed","code":"BAD_REQUEST","issues":[{"message":"Required"},{"message":"Expected string, received number"}]}"#;
    let e = err(400, JSON, body);
    assert_eq!(e.kind, ErrorKind::Http);
    assert_eq!(e.status, Some(400));
    assert_eq!(e.code.as_deref(), Some("BAD_REQUEST"));
    assert!(!e.retryable);
    assert_eq!(
        e.message,
        "HTTP 400 Bad Request: Input validation failed (BAD_REQUEST)"
    );
    assert_eq!(e.issues.len(), 2);
    assert_eq!(e.issues[0].code, "server");
    assert_eq!(e.issues[0].path, "");
    assert_eq!(e.issues[0].message, "Required");
    assert_eq!(e.issues[1].message, "Expected string, received number");

    let e = err(404, JSON, r#"{"message":"Not found","code":"NOT_FOUND"}"#);
    assert_eq!(e.status, Some(404));
    assert_eq!(e.code.as_deref(), Some("NOT_FOUND"));
    assert!(e.issues.is_empty());
    assert_eq!(e.message, "HTTP 404 Not Found: Not found (NOT_FOUND)");

    let e = err(
        401,
        JSON,
        r#"{"message":"Unauthorized","code":"UNAUTHORIZED"}"#,
    );
    assert_eq!(e.code.as_deref(), Some("UNAUTHORIZED"));
    assert!(!e.retryable);

    // zod-style issues with a path get a JSON Pointer.
    let e = err(
        400,
        JSON,
        r#"{"message":"Input validation failed","code":"BAD_REQUEST","issues":[{"message":"Invalid enum","path":["lead","metaData","stage"]},{"message":"x","path":["lead","crmActivities",0,"a/b"]}]}"#,
    );
    assert_eq!(e.issues[0].path, "/lead/metaData/stage");
    assert_eq!(e.issues[1].path, "/lead/crmActivities/0/a~1b");

    // Unknown codes are kept as they are (open string).
    let e = err(418, JSON, r#"{"message":"Brewing","code":"SOME_NEW_CODE"}"#);
    assert_eq!(e.code.as_deref(), Some("SOME_NEW_CODE"));
    assert_eq!(e.message, "HTTP 418 I'm a teapot: Brewing (SOME_NEW_CODE)");

    // Malformed issues are skipped, not fatal.
    let e = err(
        400,
        JSON,
        r#"{"message":"m","code":"BAD_REQUEST","issues":[1,{"nomessage":true},{"message":"kept"}]}"#,
    );
    assert_eq!(e.issues.len(), 1);
    assert_eq!(e.issues[0].message, "kept");
    let e = err(
        400,
        JSON,
        r#"{"message":"m","code":"BAD_REQUEST","issues":"nope"}"#,
    );
    assert!(e.issues.is_empty());
}

#[test]
fn retryable_follows_the_status() {
    for (status, code) in [
        (408, "TIMEOUT"),
        (429, "TOO_MANY_REQUESTS"),
        (500, "INTERNAL_SERVER_ERROR"),
        (502, "BAD_GATEWAY"),
        (503, "SERVICE_UNAVAILABLE"),
        (504, "GATEWAY_TIMEOUT"),
    ] {
        let body = format!(r#"{{"message":"m","code":"{code}"}}"#);
        assert!(err(status, JSON, &body).retryable, "{status}");
        assert!(err(status, None, "").retryable, "{status}");
    }
    for status in [
        0, 100, 301, 304, 400, 401, 403, 404, 405, 409, 412, 413, 422, 499, 501, 505, 599, 999,
    ] {
        let e = err(status, None, "");
        assert_eq!(e.kind, ErrorKind::Http);
        assert_eq!(e.status, Some(status));
        assert!(!e.retryable, "{status}");
    }
}

#[test]
fn html_502_page() {
    let nginx = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    let e = err(502, Some("text/html"), nginx);
    assert_eq!(e.kind, ErrorKind::Http);
    assert_eq!(e.status, Some(502));
    assert!(e.code.is_none());
    assert!(e.retryable);
    assert_eq!(e.message, "HTTP 502 Bad Gateway");

    let google = r#"<!DOCTYPE html>
<html lang=en>
  <meta charset=utf-8>
  <TITLE>Error 502 (Server Error)!!1</TITLE>
  <style>*{margin:0}</style>
  <p><b>502.</b> <ins>That’s an error.</ins>"#;
    let e = err(502, Some("text/html; charset=UTF-8"), google);
    assert_eq!(
        e.message,
        "HTTP 502 Bad Gateway: Error 502 (Server Error)!!1"
    );

    // No title: the first <h1>, tags stripped, entities decoded, whitespace collapsed.
    let page = "<html><head><style>h1{}</style></head><body><h1 class=x>\n  Upstream   <b>connect</b> error &amp; reset&#33;\n</h1><p>details</p></body></html>";
    let e = err(503, None, page);
    assert_eq!(
        e.message,
        "HTTP 503 Service Unavailable: Upstream connect error & reset!"
    );

    // Neither title nor h1: the visible text, without <head>, <script> or <style>.
    let page = "<html><head><script>var secret=1;</script></head><body><script>x()</script><p>Try   again later</p></body></html>";
    let e = err(504, Some("text/html"), page);
    assert_eq!(e.message, "HTTP 504 Gateway Timeout: Try again later");

    // Long titles are capped at 200 characters.
    let page = format!("<title>{}</title>", "é".repeat(1000));
    let e = err(502, Some("text/html"), &page);
    let detail = e.message.strip_prefix("HTTP 502 Bad Gateway: ").unwrap();
    assert!(detail.chars().count() <= 201, "{}", detail.chars().count());
    assert!(detail.ends_with('…'));

    // An unterminated title still reads.
    let e = err(502, Some("text/html"), "<title>Bad thing");
    assert_eq!(e.message, "HTTP 502 Bad Gateway: Bad thing");
}

#[test]
fn empty_and_text_bodies() {
    let e = err(503, None, "");
    assert_eq!(e.message, "HTTP 503 Service Unavailable");
    assert!(e.retryable);
    assert_eq!(e.status, Some(503));
    let e = err(503, Some("text/plain"), "  \n ");
    assert_eq!(e.message, "HTTP 503 Service Unavailable");

    let e = err(
        503,
        Some("text/plain"),
        "upstream connect error or disconnect/reset before headers.\n reset reason: overflow",
    );
    assert_eq!(
        e.message,
        "HTTP 503 Service Unavailable: upstream connect error or disconnect/reset before headers. reset reason: overflow"
    );
    let e = err(500, Some("text/plain"), &"A".repeat(5000));
    assert!(e.message.chars().count() <= "HTTP 500 Internal Server Error: ".len() + 201);
    // A status without a reason phrase.
    let e = err(599, None, "boom");
    assert_eq!(e.message, "HTTP 599: boom");
    // JSON that is not the documented error shape is shown as text.
    let e = err(500, JSON, r#"{"error":"oops"}"#);
    assert_eq!(
        e.message,
        r#"HTTP 500 Internal Server Error: {"error":"oops"}"#
    );
    assert!(e.code.is_none());
    // A message without a code is still used.
    let e = err(500, JSON, r#"{"message":"Database down"}"#);
    assert_eq!(e.message, "HTTP 500 Internal Server Error: Database down");
    assert!(e.code.is_none());
    // Control characters in server text never reach the message.
    let e = err(500, None, "bad\u{1b}[31m\u{0}thing");
    assert!(!e.message.contains('\u{1b}') && !e.message.contains('\u{0}'));
}

#[test]
fn reason_phrases() {
    assert_eq!(reason_phrase(200), "OK");
    assert_eq!(reason_phrase(429), "Too Many Requests");
    assert_eq!(reason_phrase(502), "Bad Gateway");
    assert_eq!(reason_phrase(499), "Client Closed Request");
    assert_eq!(reason_phrase(422), "Unprocessable Content");
    // The first, the last and one either side of a long phrase: the two tables stay aligned.
    assert_eq!(reason_phrase(100), "Continue");
    assert_eq!(reason_phrase(203), "Non-Authoritative Information");
    assert_eq!(reason_phrase(204), "No Content");
    assert_eq!(reason_phrase(418), "I'm a teapot");
    assert_eq!(reason_phrase(511), "Network Authentication Required");
    assert_eq!(reason_phrase(0), "");
    assert_eq!(reason_phrase(102), "");
    assert_eq!(reason_phrase(799), "");
    assert_eq!(status_line(404), "HTTP 404 Not Found");
    assert_eq!(status_line(799), "HTTP 799");
    // Every status of the spec's code table has a phrase.
    for s in [
        400, 401, 403, 404, 405, 408, 409, 412, 413, 422, 429, 499, 500, 501,
    ] {
        assert!(!reason_phrase(s).is_empty(), "{s}");
    }
}

/// The 200 schema of the OpenAPI document, checked with the `jsonschema` crate, agrees
/// with `interpret` on generated bodies: `Ok` exactly when the body fits the schema and
/// says `success: true`.
mod against_the_openapi_schema {
    use super::*;

    fn success_schema() -> &'static jsonschema::Validator {
        static V: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
        V.get_or_init(build)
    }

    fn build() -> jsonschema::Validator {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/spec/update-lead.openapi.yaml"
        ))
        .unwrap();
        let doc: serde_json::Value = serde_yaml::from_str(&text).unwrap();
        let schema = doc["paths"]["/leads/{id}"]["patch"]["responses"]["200"]["content"]
            ["application/json"]["schema"]
            .clone();
        assert_eq!(
            schema["additionalProperties"],
            serde_json::Value::Bool(false)
        );
        jsonschema::validator_for(&schema).unwrap()
    }

    fn leaf() -> impl Strategy<Value = serde_json::Value> {
        prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::Bool),
            (-1e6f64..1e6).prop_map(|n| serde_json::json!(n)),
            "[a-z ]{0,8}".prop_map(serde_json::Value::String),
        ]
    }

    fn body() -> impl Strategy<Value = serde_json::Value> {
        let key = prop_oneof![
            Just("success".to_string()),
            Just("message".to_string()),
            Just("data".to_string()),
            "[a-z]{1,6}",
        ];
        let data = leaf().prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
                prop::collection::btree_map("[a-z]{1,4}", inner, 0..4)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        });
        prop_oneof![
            1 => leaf(),
            8 => prop::collection::btree_map(key, data, 0..5)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn interpret_agrees_with_jsonschema(b in body(), status in 200u16..300) {
            let validator = success_schema();
            let text = serde_json::to_string(&b).unwrap();
            let fits = validator.is_valid(&b);
            let success = b.get("success") == Some(&serde_json::Value::Bool(true));
            match interpret(status, JSON, &text) {
                Ok(_) => prop_assert!(fits && success, "{}", text),
                Err(e) => {
                    prop_assert!(!(fits && success), "{} refused: {}", text, e.message);
                    prop_assert_eq!(e.kind, ErrorKind::Response);
                    prop_assert!(!e.retryable);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn never_panics_on_any_text(status in any::<u16>(), ct in proptest::option::of("\\PC{0,20}"), body in "\\PC{0,300}") {
        check_invariants(status, ct.as_deref(), &body)?;
    }

    #[test]
    fn never_panics_on_html_like_text(status in any::<u16>(), body in "(<[/!]?(title|h1|head|script|style|html|TITLE|H1)? ?[a-z=\"]{0,5}>?|&#?[a-zA-Z0-9]{0,8};?|[^<&]{0,10}|\u{e9}|\u{1F600}){0,30}") {
        check_invariants(status, Some("text/html"), &body)?;
        check_invariants(status, None, &body)?;
    }

    #[test]
    fn never_panics_on_json_like_text(status in any::<u16>(), body in "[\\[\\]{}:,\"a-z0-9 \\\\]{0,80}") {
        check_invariants(status, JSON, &body)?;
    }
}

fn check_invariants(status: u16, ct: Option<&str>, body: &str) -> Result<(), TestCaseError> {
    match interpret(status, ct, body) {
        Ok(v) => {
            prop_assert!((200..300).contains(&status));
            prop_assert!(v.success);
        }
        Err(e) => {
            prop_assert_eq!(e.status, Some(status));
            prop_assert!(!e.message.is_empty());
            prop_assert!(e.message.chars().count() <= 1300, "{}", e.message.len());
            prop_assert!(
                !e.message.chars().any(|c| c.is_control()),
                "{:?}",
                e.message
            );
            if (200..300).contains(&status) {
                prop_assert_eq!(e.kind, ErrorKind::Response);
                prop_assert!(!e.retryable);
            } else {
                prop_assert_eq!(e.kind, ErrorKind::Http);
                prop_assert_eq!(
                    e.retryable,
                    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
                );
            }
        }
    }
    Ok(())
}

#[test]
fn large_hostile_bodies_are_fast() {
    let start = std::time::Instant::now();
    let scripts = "<script>x</script><style>".repeat(20_000);
    let _ = interpret(502, Some("text/html"), &scripts);
    let tags = "<h1<title<scrip<head ".repeat(50_000);
    let _ = interpret(502, Some("text/html"), &tags);
    let big = format!("<html><body>{}</body></html>", "<p>x</p>".repeat(200_000));
    let e = err(502, Some("text/html"), &big);
    assert!(
        e.message.starts_with("HTTP 502 Bad Gateway: x x x"),
        "{}",
        e.message
    );
    let json_like = "[".repeat(100_000);
    let _ = interpret(500, JSON, &json_like);
    let _ = interpret(200, JSON, &json_like);
    let long_message = format!(r#"{{"message":"{}","code":"X"}}"#, "m ".repeat(500_000));
    let e = err(500, JSON, &long_message);
    assert!(e.message.chars().count() < 1200);
    assert!(
        start.elapsed() < std::time::Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
}

/// The issues of this package's proxy (the validator's, with JSON Pointer paths and its
/// codes) keep their paths and codes; a server's own codes become "server".
#[test]
fn proxy_issues_keep_their_pointer_paths_and_codes() {
    let body = r#"{"success":false,"code":"BAD_REQUEST","message":"the body is invalid","issues":[
        {"path":"/lead/metaData/stage","code":"invalid_enum","message":"not a stage"},
        {"path":"","code":"ZOD_CUSTOM","message":"root"},
        {"path":["lead","crmActivities",0,"type"],"message":"array path"},
        {"path":"lead.name","code":"invalid_type","message":"dotted: not a pointer"}]}"#;
    let e = err(400, JSON, body);
    let got: Vec<(&str, &str)> = e.issues.iter().map(|i| (i.path.as_str(), i.code)).collect();
    assert_eq!(got, [("/lead/metaData/stage", "invalid_enum"), ("", "server"), ("/lead/crmActivities/0/type", "server"), ("", "invalid_type")]);
}
