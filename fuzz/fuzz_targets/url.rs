//! `retry::parse_retry_after`, `client::Endpoint::new` and `Endpoint::lead_url`.
#![no_main]
use convocore_leads::http::endpoint::Endpoint;
use convocore_leads::http::retry::parse_retry_after;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, f64, Option<&str>, Option<&str>, &str)| {
    let (retry_after, now_ms, region, base_url, id) = input;
    if let Some(ms) = parse_retry_after(retry_after, now_ms) {
        assert!(ms >= 0.0 && !ms.is_nan(), "Retry-After {retry_after:?} gave {ms}");
    }
    let Ok(endpoint) = Endpoint::new(region, base_url) else { return };
    let base = endpoint.base_url();
    // An accepted base is https (or http on loopback) without credentials, query or fragment
    // (an `@` is a plain character in a path: only the authority must not have one).
    let authority = base.split_once("://").map_or("", |(_, rest)| rest.split('/').next().unwrap_or(""));
    assert!(base.starts_with("https://") || base.starts_with("http://"), "{base}");
    assert!(!base.contains(['#', '?', '\\']) && !authority.contains('@') && !base.ends_with('/'), "{base}");
    if let Ok(url) = endpoint.lead_url(id) {
        // No id leaves its one path segment: only unreserved characters and escapes.
        let seg = url.strip_prefix(base).and_then(|r| r.strip_prefix("/leads/")).expect("url keeps its base");
        assert!(seg.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_~%".contains(&b)), "{url}");
        assert!(!seg.is_empty() && seg != "%2E" && seg != "%2E%2E", "{url}");
    }
});
