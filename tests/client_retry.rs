#![cfg(not(target_arch = "wasm32"))]
//! Retry policy, backoff, `Retry-After`, and the error type.

use convocore_leads::http::error::{ClientError, ErrorKind};
use convocore_leads::contract::issue::Issue;
use convocore_leads::http::retry::{
    days_from_civil, delay_ms, is_retryable_status, next_delay_ms, parse_http_date,
    parse_retry_after, should_retry, RetryPolicy,
};
use proptest::prelude::*;

/// 1994-11-06T08:49:37Z in ms.
const RFC_EXAMPLE_MS: f64 = 784_111_777_000.0;

#[test]
fn defaults() {
    let p = RetryPolicy::default();
    assert_eq!(p.retries, 2);
    assert_eq!(p.base_delay_ms, 200.0);
    assert_eq!(p.max_delay_ms, 5_000.0);
    assert_eq!(p.max_retry_after_ms, 30_000.0);
}

#[test]
fn retryable_status_set() {
    let set: Vec<u16> = (0..=u16::MAX).filter(|&s| is_retryable_status(s)).collect();
    assert_eq!(set, vec![408, 429, 500, 502, 503, 504]);
}

#[test]
fn civil_days() {
    assert_eq!(days_from_civil(1970, 1, 1), 0);
    assert_eq!(days_from_civil(1969, 12, 31), -1);
    assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    assert_eq!(days_from_civil(1994, 11, 6), 9_075);
    assert_eq!(days_from_civil(2024, 2, 29), 19_782);
    // Consecutive days across many years.
    let mut prev = days_from_civil(1899, 12, 31);
    for y in 1900..2200 {
        for m in 1..=12u32 {
            let dim = match m {
                2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            for d in 1..=dim {
                let n = days_from_civil(y, m, d);
                assert_eq!(n, prev + 1, "{y}-{m}-{d}");
                prev = n;
            }
        }
    }
}

#[test]
fn http_dates_in_all_three_forms() {
    let now = 0.0;
    for v in [
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
        "Sun Nov 6 08:49:37 1994",
        "sun, 06 nov 1994 08:49:37 gmt",
    ] {
        assert_eq!(parse_http_date(v, now), Some(RFC_EXAMPLE_MS), "{v}");
    }
    // RFC 850 two-digit years: more than 50 years ahead means the previous century.
    let now_2024 = days_from_civil(2024, 6, 1) as f64 * 86_400_000.0;
    let y2030 = parse_http_date("Monday, 01-Jul-30 00:00:00 GMT", now_2024).unwrap();
    assert_eq!(y2030, days_from_civil(2030, 7, 1) as f64 * 86_400_000.0);
    let y1994 = parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT", now_2024).unwrap();
    assert_eq!(y1994, RFC_EXAMPLE_MS);
    // Leap day, end of year.
    assert_eq!(
        parse_http_date("Thu, 29 Feb 2024 23:59:59 GMT", 0.0),
        Some((days_from_civil(2024, 2, 29) * 86_400 + 86_399) as f64 * 1000.0)
    );
    for bad in [
        "",
        "Sun, 06 Nov 1994 08:49:37",
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 06 Nov 1994 08:49:37 +0000",
        "Sun 06 Nov 1994 08:49:37 GMT",
        "Xyz, 06 Nov 1994 08:49:37 GMT",
        "Sun, 31 Nov 1994 08:49:37 GMT",
        "Sun, 29 Feb 2023 08:49:37 GMT",
        "Sun, 00 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nox 1994 08:49:37 GMT",
        "Sun, 06 Nov 94 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:60:00 GMT",
        "Sun, 06 Nov 1994 8:49:37 GMT",
        "Sun, 06 Nov 1994 08:49 GMT",
        "Sun, 06 Nov 1994 08:49:37:00 GMT",
        "Sun, 006 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-94-1 08:49:37 GMT",
        "Sun Nov  6 08:49:37 94",
        "2024-06-01T00:00:00Z",
        "tomorrow",
    ] {
        assert_eq!(parse_http_date(bad, 0.0), None, "{bad:?}");
    }
}

#[test]
fn retry_after_delta_seconds() {
    let now = 1_700_000_000_000.0;
    assert_eq!(parse_retry_after("0", now), Some(0.0));
    assert_eq!(parse_retry_after("1", now), Some(1000.0));
    assert_eq!(parse_retry_after("120", now), Some(120_000.0));
    assert_eq!(parse_retry_after(" 5 ", now), Some(5000.0));
    assert_eq!(parse_retry_after("1.5", now), Some(1500.0));
    assert_eq!(parse_retry_after("0.25", now), Some(250.0));
    assert_eq!(parse_retry_after("007", now), Some(7000.0));
    // Huge but well-formed: finite (delay_ms caps it).
    let huge = parse_retry_after(&"9".repeat(400), now).unwrap();
    assert!(huge.is_finite() && huge > 1e300);
    for bad in [
        "", " ", "-1", "+1", "1e3", "1.", ".5", "1.2.3", "abc", "5s", "0x10", "NaN", "inf", "1 2",
    ] {
        assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
    }
}

#[test]
fn retry_after_dates_past_and_future() {
    let now = days_from_civil(2024, 6, 1) as f64 * 86_400_000.0; // Sat, 01 Jun 2024 00:00:00 GMT
    assert_eq!(
        parse_retry_after("Sat, 01 Jun 2024 00:00:30 GMT", now),
        Some(30_000.0)
    );
    assert_eq!(
        parse_retry_after("Saturday, 01-Jun-24 00:01:00 GMT", now),
        Some(60_000.0)
    );
    assert_eq!(
        parse_retry_after("Sat Jun  1 00:00:02 2024", now),
        Some(2_000.0)
    );
    assert_eq!(
        parse_retry_after("Sat, 01 Jun 2024 00:00:00 GMT", now),
        Some(0.0)
    );
    // In the past: 0.
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
        Some(0.0)
    );
    assert_eq!(
        parse_retry_after("Fri, 31 May 2024 23:59:59 GMT", now),
        Some(0.0)
    );
    // Sub-second `now`.
    assert_eq!(
        parse_retry_after("Sat, 01 Jun 2024 00:00:01 GMT", now + 250.0),
        Some(750.0)
    );
    // Garbage.
    assert_eq!(
        parse_retry_after("Sat, 01 Jun 2024 25:00:00 GMT", now),
        None
    );
    assert_eq!(parse_retry_after("soon", now), None);
    // Odd clocks never give NaN or a negative wait.
    for odd_now in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -1e300, 1e300] {
        if let Some(w) = parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", odd_now) {
            assert!(w >= 0.0 && w.is_finite(), "{odd_now}: {w}");
        }
    }
}

#[test]
fn backoff_bounds_over_many_random_values() {
    let p = RetryPolicy::default();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for retry in 0..40u32 {
        let cap = (200.0 * 2f64.powi(retry as i32)).min(5_000.0);
        let mut max_seen: f64 = 0.0;
        for _ in 0..2000 {
            // xorshift64*
            seed ^= seed >> 12;
            seed ^= seed << 25;
            seed ^= seed >> 27;
            let r = (seed.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64;
            let d = delay_ms(&p, retry, r, None);
            assert!((0.0..=cap).contains(&d), "retry {retry}: {d} > {cap}");
            assert_eq!(d, r * cap);
            max_seen = max_seen.max(d);
        }
        assert!(
            max_seen > cap * 0.95,
            "full jitter should reach close to the cap"
        );
    }
    assert_eq!(delay_ms(&p, 0, 1.0, None), 200.0);
    assert_eq!(delay_ms(&p, 1, 1.0, None), 400.0);
    assert_eq!(delay_ms(&p, 4, 1.0, None), 3_200.0);
    assert_eq!(delay_ms(&p, 5, 1.0, None), 5_000.0);
    assert_eq!(delay_ms(&p, 0, 0.0, None), 0.0);
    assert_eq!(delay_ms(&p, 2, 0.5, None), 400.0);
}

#[test]
fn backoff_is_overflow_safe() {
    let p = RetryPolicy::default();
    for idx in [63, 64, 1000, 1023, 1024, 1025, u32::MAX / 2, u32::MAX] {
        assert_eq!(delay_ms(&p, idx, 1.0, None), 5_000.0, "{idx}");
    }
    let odd = RetryPolicy {
        retries: u32::MAX,
        base_delay_ms: f64::MAX,
        max_delay_ms: f64::INFINITY,
        max_retry_after_ms: f64::NAN,
    };
    for idx in [0, 1, 10, u32::MAX] {
        for r in [0.0, 0.5, 1.0, f64::NAN, -1.0, 2.0, f64::INFINITY] {
            let d = delay_ms(&odd, idx, r, None);
            assert!(d.is_finite() && d >= 0.0, "{idx} {r}: {d}");
            let d = delay_ms(&odd, idx, r, Some(1000.0));
            assert!(d.is_finite() && d >= 0.0, "{idx} {r}: {d}");
        }
    }
    let zero = RetryPolicy {
        base_delay_ms: 0.0,
        ..RetryPolicy::default()
    };
    assert_eq!(delay_ms(&zero, u32::MAX, 1.0, None), 0.0);
    let neg = RetryPolicy {
        base_delay_ms: -5.0,
        max_delay_ms: -1.0,
        ..RetryPolicy::default()
    };
    assert_eq!(delay_ms(&neg, 3, 1.0, None), 0.0);
    // random01 outside [0, 1] is clamped.
    assert_eq!(delay_ms(&RetryPolicy::default(), 0, 7.0, None), 200.0);
    assert_eq!(delay_ms(&RetryPolicy::default(), 0, -7.0, None), 0.0);
}

#[test]
fn retry_after_is_exact_and_capped() {
    let p = RetryPolicy::default();
    assert_eq!(delay_ms(&p, 0, 0.3, Some(1234.0)), 1234.0);
    assert_eq!(delay_ms(&p, 9, 0.0, Some(0.0)), 0.0);
    assert_eq!(delay_ms(&p, 0, 0.3, Some(29_999.0)), 29_999.0);
    assert_eq!(delay_ms(&p, 0, 0.3, Some(30_000.0)), 30_000.0);
    assert_eq!(delay_ms(&p, 0, 0.3, Some(120_000.0)), 30_000.0);
    assert_eq!(delay_ms(&p, 0, 0.3, Some(f64::MAX)), 30_000.0);
    assert_eq!(delay_ms(&p, 0, 0.3, Some(f64::INFINITY)), 30_000.0);
    assert_eq!(delay_ms(&p, 0, 0.3, Some(-5.0)), 0.0);
    // NaN is ignored: plain backoff.
    assert_eq!(delay_ms(&p, 0, 0.5, Some(f64::NAN)), 100.0);
    let tight = RetryPolicy {
        max_retry_after_ms: 500.0,
        ..p
    };
    assert_eq!(delay_ms(&tight, 0, 0.3, Some(1234.0)), 500.0);
}

fn issue() -> Issue {
    Issue::new("/lead/name", "invalid_type", "must be a string")
}

#[test]
fn should_retry_rules() {
    let p = RetryPolicy::default();
    let e503 = ClientError::http(503, "HTTP 503 Service Unavailable");
    assert!(e503.retryable);
    assert!(should_retry(&p, &e503, 0));
    assert!(should_retry(&p, &e503, 1));
    assert!(!should_retry(&p, &e503, 2));
    assert!(!should_retry(&p, &e503, u32::MAX));
    let none = RetryPolicy { retries: 0, ..p };
    assert!(!should_retry(&none, &e503, 0));

    assert!(!should_retry(&p, &ClientError::http(400, "x"), 0));
    assert!(!should_retry(&p, &ClientError::http(404, "x"), 0));
    assert!(should_retry(&p, &ClientError::http(429, "x"), 0));
    assert!(should_retry(
        &p,
        &ClientError::network("connection reset"),
        0
    ));
    assert!(should_retry(&p, &ClientError::timeout(10_000.0), 0));
    assert!(!should_retry(
        &p,
        &ClientError::response(200, "bad body"),
        0
    ));
    assert!(!should_retry(&p, &ClientError::aborted("aborted"), 0));
    assert!(!should_retry(&p, &ClientError::validation("bad"), 0));
    // Even if someone marks them retryable, never Aborted or Validation.
    let mut a = ClientError::aborted("aborted");
    a.retryable = true;
    assert!(!should_retry(&p, &a, 0));
    let mut v = ClientError::validation_with_issues("bad", vec![issue()]);
    v.retryable = true;
    assert!(!should_retry(&p, &v, 0));
}

#[test]
fn next_delay_combines_the_rules() {
    let p = RetryPolicy::default();
    let now = 1_000_000.0;
    let e429 = ClientError::http(429, "x");
    assert_eq!(
        next_delay_ms(&p, &e429, 0, 0.5, Some("3"), now),
        Some(3000.0)
    );
    assert_eq!(
        next_delay_ms(&p, &e429, 0, 0.5, Some("3600"), now),
        Some(30_000.0)
    );
    assert_eq!(
        next_delay_ms(&p, &e429, 0, 0.5, Some("garbage"), now),
        Some(100.0)
    );
    assert_eq!(next_delay_ms(&p, &e429, 1, 0.5, None, now), Some(200.0));
    assert_eq!(next_delay_ms(&p, &e429, 2, 0.5, None, now), None);
    assert_eq!(
        next_delay_ms(&p, &ClientError::http(400, "x"), 0, 0.5, Some("1"), now),
        None
    );
    // Retry-After applies to HTTP answers only.
    let net = ClientError::network("reset");
    assert_eq!(next_delay_ms(&p, &net, 0, 0.5, Some("9"), now), Some(100.0));
    assert_eq!(
        next_delay_ms(&p, &ClientError::aborted("x"), 0, 0.5, None, now),
        None
    );
}

#[test]
fn error_kinds_and_constructors() {
    let names: Vec<&str> = [
        ErrorKind::Validation,
        ErrorKind::Http,
        ErrorKind::Response,
        ErrorKind::Network,
        ErrorKind::Timeout,
        ErrorKind::Aborted,
    ]
    .iter()
    .map(|k| k.as_str())
    .collect();
    assert_eq!(
        names,
        [
            "validation",
            "http",
            "response",
            "network",
            "timeout",
            "aborted"
        ]
    );
    assert_eq!(ErrorKind::Http.to_string(), "http");

    let v = ClientError::validation_with_issues("Invalid body", vec![issue()]);
    assert_eq!(v.kind, ErrorKind::Validation);
    assert_eq!(v.issues, vec![issue()]);
    assert_eq!(
        (v.status, v.code.as_deref(), v.retryable, v.attempts),
        (None, None, false, 0)
    );
    assert_eq!(v.to_string(), "Invalid body");

    let h = ClientError::http(502, "HTTP 502 Bad Gateway")
        .with_code("X")
        .with_attempts(3);
    assert_eq!(h.kind, ErrorKind::Http);
    assert_eq!(h.status, Some(502));
    assert_eq!(h.code.as_deref(), Some("X"));
    assert!(h.retryable);
    assert_eq!(h.attempts, 3);
    let h = ClientError::http(409, "x").with_issues(vec![issue()]);
    assert!(!h.retryable);
    assert_eq!(h.issues.len(), 1);

    let r = ClientError::response(200, "bad");
    assert_eq!(
        (r.kind, r.status, r.retryable),
        (ErrorKind::Response, Some(200), false)
    );
    let n = ClientError::network("Failed to fetch");
    assert_eq!(
        (n.kind, n.status, n.retryable),
        (ErrorKind::Network, None, true)
    );
    let t = ClientError::timeout(2500.4);
    assert_eq!((t.kind, t.retryable), (ErrorKind::Timeout, true));
    assert_eq!(t.message, "The request timed out after 2500 ms");
    assert_eq!(
        ClientError::timeout(f64::NAN).message,
        "The request timed out after 0 ms"
    );
    let a = ClientError::aborted("The request was aborted");
    assert_eq!((a.kind, a.retryable), (ErrorKind::Aborted, false));
    let boxed: Box<dyn std::error::Error> = Box::new(a);
    assert_eq!(boxed.to_string(), "The request was aborted");
}

proptest! {
    #[test]
    fn delay_is_always_finite_and_bounded(
        retries in any::<u32>(),
        base in any::<f64>(),
        max in any::<f64>(),
        cap in any::<f64>(),
        idx in any::<u32>(),
        r in any::<f64>(),
        after in proptest::option::of(any::<f64>()),
    ) {
        let p = RetryPolicy { retries, base_delay_ms: base, max_delay_ms: max, max_retry_after_ms: cap };
        let d = delay_ms(&p, idx, r, after);
        prop_assert!(d.is_finite() && d >= 0.0);
        match after {
            Some(a) if !a.is_nan() => {
                if cap >= 0.0 { prop_assert!(d <= cap); }
            }
            _ => {
                if max >= 0.0 { prop_assert!(d <= max); }
            }
        }
    }

    #[test]
    fn retry_after_never_panics(v in "\\PC{0,40}", now in any::<f64>()) {
        if let Some(w) = parse_retry_after(&v, now) {
            prop_assert!(w >= 0.0 && !w.is_nan());
        }
    }

    #[test]
    fn retry_after_dates_roundtrip(days in -700_000i64..2_900_000, secs in 0i64..86_400, offset in -1e9f64..1e9) {
        // Format an IMF-fixdate for `days`, parse it back.
        let (y, m, d) = civil_from_days(days);
        prop_assume!((1000..=9999).contains(&y));
        let wd = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][days.rem_euclid(7) as usize];
        let mon = ["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sep","Oct","Nov","Dec"][m as usize - 1];
        let text = format!("{wd}, {d:02} {mon} {y} {:02}:{:02}:{:02} GMT", secs / 3600, secs / 60 % 60, secs % 60);
        let at = (days * 86_400 + secs) as f64 * 1000.0;
        prop_assert_eq!(parse_http_date(&text, 0.0), Some(at));
        let now = at - offset;
        let w = parse_retry_after(&text, now).unwrap();
        prop_assert_eq!(w, (at - now).max(0.0));
    }
}

/// Reference inverse of `days_from_civil`, for the round-trip test.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}
