#![cfg(not(target_arch = "wasm32"))]
//! Region, base URL validation, lead URL encoding, API key checks and headers.

use convocore_leads::http::endpoint::{
    check_api_key, check_extra_header, encode_path_segment, request_headers, Endpoint, Region, EU_BASE_URL, NA_BASE_URL,
};
use convocore_leads::http::error::ErrorKind;
use proptest::prelude::*;

fn ok(base: &str) -> String {
    match Endpoint::new(None, Some(base)) {
        Ok(e) => e.base_url().to_string(),
        Err(e) => panic!("{base:?} refused: {}", e.message),
    }
}

fn refused(base: &str) -> String {
    match Endpoint::new(None, Some(base)) {
        Ok(e) => panic!("{base:?} accepted as {}", e.base_url()),
        Err(e) => {
            assert_eq!(e.kind, ErrorKind::Validation, "{base:?}");
            assert!(!e.retryable);
            assert!(e.message.starts_with("baseUrl "), "{}", e.message);
            e.message
        }
    }
}

#[test]
fn regions() {
    assert_eq!(Region::default(), Region::Eu);
    assert_eq!(Region::parse("eu").unwrap(), Region::Eu);
    assert_eq!(Region::parse("na").unwrap(), Region::Na);
    assert_eq!(Region::parse("NA").unwrap(), Region::Na);
    assert_eq!(Region::Eu.as_str(), "eu");
    assert_eq!(Region::Na.as_str(), "na");
    assert_eq!(Region::Eu.base_url(), "https://eu-gcp-api.vg-stuff.com/v3");
    assert_eq!(Region::Na.base_url(), "https://na-gcp-api.vg-stuff.com/v3");
    for bad in ["", "us", "eu ", "europe"] {
        let e = Region::parse(bad).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Validation);
        assert!(e.message.contains("\"eu\" or \"na\""), "{}", e.message);
    }
    assert_eq!(Endpoint::new(None, None).unwrap().base_url(), EU_BASE_URL);
    assert_eq!(
        Endpoint::new(Some("na"), None).unwrap().base_url(),
        NA_BASE_URL
    );
    assert_eq!(
        Endpoint::new(Some("eu"), None).unwrap().base_url(),
        EU_BASE_URL
    );
    assert_eq!(Endpoint::for_region(Region::Na).base_url(), NA_BASE_URL);
    assert!(Endpoint::new(Some("xx"), None).is_err());
    // baseUrl overrides region.
    assert_eq!(
        Endpoint::new(Some("na"), Some("https://proxy.example.com/v3"))
            .unwrap()
            .base_url(),
        "https://proxy.example.com/v3"
    );
}

#[test]
fn accepted_base_urls() {
    let table = [
        (
            "https://eu-gcp-api.vg-stuff.com/v3",
            "https://eu-gcp-api.vg-stuff.com/v3",
        ),
        (
            "https://eu-gcp-api.vg-stuff.com/v3/",
            "https://eu-gcp-api.vg-stuff.com/v3",
        ),
        (
            "HTTPS://EU-GCP-API.VG-STUFF.COM/v3",
            "https://eu-gcp-api.vg-stuff.com/v3",
        ),
        ("https://example.com", "https://example.com"),
        ("https://example.com/", "https://example.com"),
        (
            "https://example.com:8443/api/v3",
            "https://example.com:8443/api/v3",
        ),
        ("https://example.com:443/v3", "https://example.com/v3"),
        (
            "https://example.com:08443/v3",
            "https://example.com:8443/v3",
        ),
        (
            "https://my_proxy.internal/v3",
            "https://my_proxy.internal/v3",
        ),
        ("https://10.0.0.1/v3", "https://10.0.0.1/v3"),
        ("https://[2001:db8::1]/v3", "https://[2001:db8::1]/v3"),
        ("http://localhost:8787", "http://localhost:8787"),
        ("http://localhost:8787/v3", "http://localhost:8787/v3"),
        ("http://LocalHost/v3", "http://localhost/v3"),
        ("http://localhost:80/v3", "http://localhost/v3"),
        ("http://127.0.0.1:8787/v3/", "http://127.0.0.1:8787/v3"),
        ("http://127.0.0.1:8787/v3", "http://127.0.0.1:8787/v3"),
        ("http://127.1.2.3/v3", "http://127.1.2.3/v3"),
        ("http://[::1]:8787/v3", "http://[::1]:8787/v3"),
        ("http://[0:0:0:0:0:0:0:1]/", "http://[::1]"),
        ("http://[::1]", "http://[::1]"),
        (
            "https://example.com/a%20b/v3",
            "https://example.com/a%20b/v3",
        ),
        ("https://example.com/v3//", "https://example.com/v3"),
        ("https://example.com:65535/", "https://example.com:65535"),
    ];
    for (input, want) in table {
        assert_eq!(ok(input), want, "{input}");
    }
    // A trailing slash makes no difference to the lead URL.
    let a = Endpoint::new(None, Some("http://127.0.0.1:8787/v3/")).unwrap();
    let b = Endpoint::new(None, Some("http://127.0.0.1:8787/v3")).unwrap();
    assert_eq!(a, b);
    assert_eq!(
        a.lead_url("abc").unwrap(),
        "http://127.0.0.1:8787/v3/leads/abc"
    );
}

#[test]
fn refused_base_urls() {
    let table: &[(&str, &str)] = &[
        ("", "empty"),
        ("   ", "empty"),
        (" https://example.com/v3", "whitespace"),
        ("https://example.com/v3 ", "whitespace"),
        ("https://example.com/v3\n", "whitespace"),
        ("https://exa\u{0}mple.com/", "control"),
        ("https://example.com/a b", "whitespace"),
        ("example.com/v3", "absolute"),
        ("/v3", "absolute"),
        ("//example.com/v3", "absolute"),
        ("https:example.com/v3", "https://host/path"),
        ("https:/example.com/v3", "https://host/path"),
        ("javascript:alert(1)", "must use https"),
        ("ftp://example.com/v3", "must use https"),
        ("file:///etc/passwd", "must use https"),
        ("ws://localhost/v3", "must use https"),
        ("data:text/plain,hi", "must use https"),
        ("http://example.com", "http: is allowed only"),
        ("http://example.com/v3", "http: is allowed only"),
        ("http://10.0.0.1/v3", "http: is allowed only"),
        ("http://localhost.example.com/v3", "http: is allowed only"),
        ("http://128.0.0.1/v3", "http: is allowed only"),
        ("http://[::2]/v3", "http: is allowed only"),
        ("https://user:secret@example.com/v3", "credentials"),
        ("https://user@example.com/v3", "credentials"),
        ("https://:pw@example.com/v3", "credentials"),
        ("http://u:p@localhost/v3", "credentials"),
        ("https://example.com/v3#frag", "fragment"),
        ("https://example.com/v3#", "fragment"),
        ("https://example.com#x", "fragment"),
        ("https://example.com/v3?x=1", "query"),
        ("https://example.com/v3?", "query"),
        ("https://example.com?x", "query"),
        ("https:///v3", "no host"),
        ("https://", "no host"),
        ("https://:443/v3", "no host"),
        ("https://exa mple.com", "whitespace"),
        ("https://exa%41mple.com/", "invalid host"),
        ("https://exa<mple.com/", "invalid host"),
        ("https://a..b/", "empty label"),
        ("https://.example.com/", "empty label"),
        ("https://-a.example.com/", "'-'"),
        ("https://ex\u{e4}mple.com/", "punycode"),
        ("https://example.com:0/", "port"),
        ("https://example.com:65536/", "port"),
        ("https://example.com:99999/", "port"),
        ("https://example.com:/v3", "port"),
        ("https://example.com:http/v3", "port"),
        ("https://example.com:-1/v3", "port"),
        ("http://127.1/", "IPv4"),
        ("http://0x7f.0.0.1/", "IPv4"),
        ("http://127.0.0.01/", "IPv4"),
        ("http://256.0.0.1/", "IPv4"),
        ("http://2130706433/", "IPv4"),
        ("http://[::1/", "closing ]"),
        ("http://[::g]/", "IPv6"),
        ("http://[1::2::3]/", "IPv6"),
        ("http://[::1]x/", "after the IPv6 host"),
        ("http://[::1%25eth0]/", "IPv6"),
        ("https://example.com\\v3", "backslash"),
        ("https://example.com/a/../v3", ". or .."),
        ("https://example.com/a/./v3", ". or .."),
        ("https://example.com/a/%2e%2E/v3", ". or .."),
        ("https://example.com/a/.%2e", ". or .."),
        ("https://example.com/a%zz", "percent-escape"),
        ("https://example.com/a%2", "percent-escape"),
        ("https://example.com/a\"b", "not allowed"),
        ("https://example.com/\u{e4}", "not allowed"),
    ];
    for (input, needle) in table {
        let msg = refused(input);
        assert!(
            msg.contains(needle),
            "{input:?}: message {msg:?} should mention {needle:?}"
        );
    }
}

#[test]
fn refusal_messages_never_echo_a_password() {
    for url in [
        "https://user:hunter2-S3CRET@example.com/v3",
        "http://user:hunter2-S3CRET@localhost:8787/v3",
        "https://user:hunter2-S3CRET@example.com/v3?x#y",
        "https://user:hunter2-S3CRET/x@example.com/v3",
        "https://user:hunter2-S3CRET",
        "ftp://user:hunter2-S3CRET@example.com/",
    ] {
        let e = Endpoint::new(None, Some(url)).unwrap_err();
        assert!(!e.message.contains("hunter2"), "{url}: {}", e.message);
        assert!(!e.message.contains("S3CRET"), "{url}: {}", e.message);
    }
}

/// Asserts that `url` is `{base}/leads/{one segment}` with a safe segment, and that the
/// segment decodes back to `id`.
fn assert_one_segment(base: &str, id: &str, url: &str) {
    let prefix = format!("{base}/leads/");
    let seg = url
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{url} does not start with {prefix}"));
    assert!(!seg.is_empty());
    for bad in ['/', '?', '#', '\\', '.', ' '] {
        assert!(
            !seg.contains(bad),
            "id {id:?}: segment {seg:?} contains {bad:?}"
        );
    }
    assert!(
        seg.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_~%".contains(&b)),
        "{seg:?}"
    );
    assert_ne!(seg, ".");
    assert_ne!(seg, "..");
    // Percent-decode and compare.
    let bytes = seg.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            assert_eq!(
                hex,
                hex.to_ascii_uppercase(),
                "hex must be uppercase in {seg:?}"
            );
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    assert_eq!(String::from_utf8(out).unwrap(), id);
}

const HOSTILE_IDS: &[&str] = &[
    "abc",
    "a/b",
    "../x",
    "../../admin",
    "x/..",
    "?",
    "#",
    "%",
    "%2e%2e",
    "%2E%2E",
    ".%2e",
    "%2e",
    "...",
    ".x",
    "x.",
    "a b",
    " ",
    "  leading",
    "trailing ",
    "tab\there",
    "line\nbreak",
    "\r\n",
    "\u{0}",
    "\u{7f}",
    "ünïcödé",
    "日本語",
    "😀",
    "a?b=c#d",
    "a;b",
    "a\\b",
    "a+b",
    "a&b=c",
    "~tilde-_",
    "@user:pw",
    "%00",
    "//",
    "\u{202e}rtl",
];

#[test]
fn hostile_ids_stay_one_segment() {
    let base = "https://eu-gcp-api.vg-stuff.com/v3";
    let e = Endpoint::new(None, None).unwrap();
    for id in HOSTILE_IDS {
        let url = e.lead_url(id).unwrap();
        assert_one_segment(base, id, &url);
    }
    assert_eq!(
        e.lead_url("abc-123_~").unwrap(),
        format!("{base}/leads/abc-123_~")
    );
    assert_eq!(e.lead_url("a/b").unwrap(), format!("{base}/leads/a%2Fb"));
    assert_eq!(
        e.lead_url("../x").unwrap(),
        format!("{base}/leads/%2E%2E%2Fx")
    );
    assert_eq!(
        e.lead_url("%2e%2e").unwrap(),
        format!("{base}/leads/%252e%252e")
    );
    assert_eq!(
        e.lead_url("...").unwrap(),
        format!("{base}/leads/%2E%2E%2E")
    );
    assert_eq!(e.lead_url("é").unwrap(), format!("{base}/leads/%C3%A9"));
    assert_eq!(e.lead_url("a b").unwrap(), format!("{base}/leads/a%20b"));
    assert_eq!(e.lead_url("\n").unwrap(), format!("{base}/leads/%0A"));
    assert_eq!(encode_path_segment("A-z_0~. "), "A-z_0~%2E%20");
}

#[test]
fn empty_and_dot_ids_are_refused() {
    let e = Endpoint::new(None, None).unwrap();
    for id in ["", ".", ".."] {
        let err = e.lead_url(id).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Validation, "{id:?}");
        assert!(
            err.message.starts_with("lead id must not be"),
            "{}",
            err.message
        );
    }
}

proptest! {
    #[test]
    fn any_id_stays_one_segment(id in any::<String>()) {
        let e = Endpoint::new(None, Some("http://[::1]:8787/v3/")).unwrap();
        match e.lead_url(&id) {
            Ok(url) => assert_one_segment("http://[::1]:8787/v3", &id, &url),
            Err(err) => {
                prop_assert!(id.is_empty() || id == "." || id == "..");
                prop_assert_eq!(err.kind, ErrorKind::Validation);
            }
        }
    }

    #[test]
    fn base_url_never_panics_and_stays_clean(s in "\\PC{0,40}", t in "(https?|ftp)://[a-zA-Z0-9:@/?#%.\\[\\]_-]{0,30}") {
        for input in [s.as_str(), t.as_str()] {
            if let Ok(e) = Endpoint::new(None, Some(input)) {
                let b = e.base_url();
                prop_assert!(b.starts_with("https://") || b.starts_with("http://"));
                prop_assert!(!b.ends_with('/'));
                prop_assert!(!b.contains(['?', '#', ' ', '\\']));
                // A path may hold `@` (`https://a/@`); the authority never does (credentials).
                let authority = b.split_once("://").map_or("", |(_, rest)| rest.split('/').next().unwrap_or(""));
                prop_assert!(!authority.contains('@'), "{}", b);
                // Normalizing is idempotent.
                let again = Endpoint::new(None, Some(b)).unwrap();
                prop_assert_eq!(again.base_url(), b);
            }
        }
    }
}

/// `node`, which the project requires (the package's tests and tools run on it): a test
/// that needs it fails with this message when it is missing instead of passing unchecked.
fn node() -> std::process::Command {
    use std::process::Command;
    match Command::new("node").arg("--version").output() {
        Ok(out) if out.status.success() => Command::new("node"),
        Ok(out) => panic!("`node --version` failed ({}): Node.js 20+ is required to run these tests", out.status),
        Err(e) => panic!("`node` not found ({e}): Node.js 20+ is required to run these tests (README: Node 20 and rustup)"),
    }
}

/// Cross-check with a real WHATWG URL parser (Node's `URL`, which is what `fetch`
/// uses): every accepted base URL parses to the same href, and every lead URL keeps
/// exactly one segment after `/leads/`.
#[test]
fn whatwg_parser_agrees() {
    let bases = [
        "https://EU-GCP-API.vg-stuff.com/v3/",
        "https://example.com:443/v3",
        "http://localhost:80/x/",
        "http://[0:0:0:0:0:0:0:1]:8787/v3",
        "https://[::ffff:127.0.0.1]:1/v3",
        "https://example.com/a%20b/",
        "https://example.com",
        "https://10.0.0.1:08443/v3",
        "https://example.com/@team/v3",
    ];
    let mut lines = Vec::new();
    for b in bases {
        let e = Endpoint::new(None, Some(b)).unwrap();
        lines.push(format!("B\t{}\t{}", b, e.base_url()));
        for id in HOSTILE_IDS.iter().filter(|id| !id.is_empty()) {
            let url = e.lead_url(id).unwrap();
            lines.push(format!("L\t{}\t{}", e.base_url(), url));
        }
    }
    let script = r#"
const lines = require('fs').readFileSync(0, 'utf8').split('\n').filter(Boolean);
const bad = [];
for (const line of lines) {
  const [kind, a, b] = line.split('\t');
  if (kind === 'B') {
    const href = new URL(a).href.replace(/\/$/, '');
    if (href !== b) bad.push(`base ${a}: node ${href} vs ours ${b}`);
  } else {
    const u = new URL(b);
    const basePath = new URL(a + '/').pathname;
    if (u.href !== b) bad.push(`lead ${b}: node re-serialized it as ${u.href}`);
    const rest = u.pathname.slice(basePath.length);
    if (!u.pathname.startsWith(basePath + 'leads/') || rest.slice(6).includes('/') || rest.length <= 6 || u.search || u.hash)
      bad.push(`lead ${b}: pathname ${u.pathname}`);
  }
}
console.log(JSON.stringify(bad));
"#;
    let mut child = node()
        .arg("-e")
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(lines.join("\n").as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text.trim(),
        "[]",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn whatwg_collapses_encoded_dot_ids_which_is_why_they_are_refused() {
    let out = node()
        .arg("-e")
        .arg("console.log(new URL('https://h/v3/leads/%2E').pathname, new URL('https://h/v3/leads/%2E%2E').pathname)")
        .output()
        .expect("running node");
    assert!(out.status.success(), "node failed: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "/v3/leads/ /v3/"
    );
}

const KEY: &str = "sk_live_4fJ9-abc.DEF~123";

#[test]
fn api_key_checks_never_echo_the_key() {
    assert!(check_api_key(KEY).is_ok());
    assert!(check_api_key("x").is_ok());
    assert!(check_api_key("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~").is_ok());
    let bad = [
        (String::new(), "empty"),
        ("   ".to_string(), "blank"),
        ("\t".to_string(), "blank"),
        (format!("{KEY}\n"), "line breaks"),
        (format!("{KEY}\r\nX-Evil: 1"), "line breaks"),
        (format!("\r{KEY}"), "line breaks"),
        (format!(" {KEY}"), "start or end with whitespace"),
        (format!("{KEY} "), "start or end with whitespace"),
        (format!("Bearer {KEY}"), "whitespace"),
        (format!("{KEY}\u{0}"), "control"),
        (format!("{KEY}\u{7f}"), "control"),
        (format!("{KEY}\u{1b}"), "control"),
        (format!("{KEY}é"), "visible ASCII"),
        (format!("“{KEY}”"), "visible ASCII"),
        (format!("{KEY}\u{a0}x"), "whitespace"),
        (format!("{KEY}\u{200b}"), "visible ASCII"),
    ];
    for (key, needle) in &bad {
        let e = check_api_key(key).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Validation);
        assert!(!e.retryable);
        assert!(e.message.contains(needle), "{key:?}: {}", e.message);
        assert!(
            !e.message.contains(KEY),
            "message leaks the key: {}",
            e.message
        );
        assert!(
            !e.message.contains("4fJ9"),
            "message leaks the key: {}",
            e.message
        );
    }
}

proptest! {
    #[test]
    fn api_key_check_is_header_safe_and_silent(key in any::<String>()) {
        match check_api_key(&key) {
            Ok(()) => {
                prop_assert!(!key.is_empty());
                prop_assert!(key.bytes().all(|b| (0x21..=0x7e).contains(&b)));
            }
            Err(e) => {
                prop_assert_eq!(e.kind, ErrorKind::Validation);
                if key.chars().count() >= 6 {
                    prop_assert!(!e.message.contains(key.as_str()));
                }
            }
        }
    }
}

#[test]
fn headers() {
    let h = request_headers(Some(KEY));
    assert_eq!(h[0], ("Authorization", format!("Bearer {KEY}")));
    assert_eq!(h[1], ("Content-Type", "application/json".to_string()));
    assert_eq!(h[2], ("Accept", "application/json".to_string()));
    assert_eq!(h.len(), 3);
    // A client of a proxy that adds the key sends no Authorization.
    let h = request_headers(None);
    assert_eq!(h, vec![("Content-Type", "application/json".to_string()), ("Accept", "application/json".to_string())]);
}

#[test]
fn base_url_as_a_path_on_the_page() {
    let on = |path, origin, key| Endpoint::on_page(path, origin, key).map(|e| e.base_url().to_string());
    assert_eq!(on("/api/convocore", Some("https://crm.example.com"), false).unwrap(), "https://crm.example.com/api/convocore");
    assert_eq!(on("/api/convocore/", Some("https://crm.example.com:8443"), true).unwrap(), "https://crm.example.com:8443/api/convocore");
    assert_eq!(on("/", Some("http://127.0.0.1:8080"), true).unwrap(), "http://127.0.0.1:8080");
    // Without a key the requests go to the page's own origin, however it is served.
    assert_eq!(on("/api", Some("http://intranet"), false).unwrap(), "http://intranet/api");
    assert_eq!(on("/api", Some("http://[::1]:3000"), true).unwrap(), "http://[::1]:3000/api");
    let refused = |path, origin, key, words: &str| {
        let e = on(path, origin, key).unwrap_err();
        assert!(e.message.contains(words), "{path} {origin:?}: {}", e.message);
        assert_eq!(e.kind, ErrorKind::Validation);
    };
    refused("/api", None, false, "only a browser page resolves");
    refused("//evil.example/api", Some("https://crm.example.com"), false, "must not start with //");
    refused("/api", Some("null"), false, "its origin is \"null\"");
    refused("/api", Some("http://intranet"), true, "would send the apiKey over http:");
    refused("/a b", Some("https://crm.example.com"), false, "whitespace");
    refused("/a/../b", Some("https://crm.example.com"), false, ". or ..");
    refused("/a?x=1", Some("https://crm.example.com"), false, "query");
    refused("/\\evil.example", Some("https://crm.example.com"), false, "backslashes");
}

#[test]
fn extra_headers() {
    for (name, value) in [("X-Requested-With", "dashboard"), ("x-csrf-token", "a b\tc"), ("Authorization", "Session 123")] {
        assert!(check_extra_header(name, value, false).is_ok(), "{name}");
    }
    let refused = |name: &str, value: &str, with_key: bool, words: &str| {
        let e = check_extra_header(name, value, with_key).unwrap_err();
        assert!(e.message.starts_with("option `headers`: "), "{}", e.message);
        assert!(e.message.contains(words), "{name}: {}", e.message);
        assert!(value.len() < 3 || !e.message.contains(value), "the value is never shown: {}", e.message);
    };
    refused("Authorization", "Bearer other-secret", true, "\"Authorization\" cannot be set with an apiKey");
    for name in ["Cookie", "host", "Origin", "Content-Length", "Proxy-Authorization", "Sec-Fetch-Mode", "Transfer-Encoding"] {
        refused(name, "v", false, "browsers forbid it");
    }
    refused("X-HTTP-Method-Override", "DELETE", false, "not treat the request as a PATCH");
    refused("content-type", "text/plain", false, "the client sends application/json");
    refused("Accept", "text/html", false, "the client sends application/json");
    refused("X Name", "v", false, "is not a header name");
    refused("", "v", false, "is not a header name");
    refused("X-Token", "line\r\nInjected: yes", false, "visible ASCII");
    refused("X-Token", "caf\u{e9}-secret", false, "visible ASCII");
    refused("X-Token", " padded-secret", false, "must not start or end with whitespace");
    refused("X-Token", &"s".repeat(4097), false, "longer than 4096 bytes");
}
