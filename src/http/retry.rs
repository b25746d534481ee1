//! Retry policy: which failures are retried, how long to wait, and `Retry-After`.
//!
//! Pure functions only: the wasm binding owns the clock, the random source and the
//! async loop, and calls [`should_retry`], [`parse_retry_after`] and [`delay_ms`]
//! (or [`next_delay_ms`], which combines them).

use crate::http::error::{ClientError, ErrorKind};

/// How many times and how patiently a request is repeated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (so at most `retries + 1` attempts). Default 2.
    pub retries: u32,
    /// Backoff base in milliseconds: retry `n` (0-based) waits up to
    /// `base_delay_ms * 2^n`. Default 200.
    pub base_delay_ms: f64,
    /// Upper bound of the exponential backoff. Default 5 000.
    pub max_delay_ms: f64,
    /// Upper bound of a server-sent `Retry-After`. Default 30 000.
    pub max_retry_after_ms: f64,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            retries: 2,
            base_delay_ms: 200.0,
            max_delay_ms: 5_000.0,
            max_retry_after_ms: 30_000.0,
        }
    }
}

/// HTTP statuses worth repeating: 408, 429, 500, 502, 503, 504.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

/// Whether the retry loop should try again after `error`, given that `retries_done`
/// retries were already made. Only retryable errors are retried, and never a
/// validation error or an abort.
pub fn should_retry(policy: &RetryPolicy, error: &ClientError, retries_done: u32) -> bool {
    if matches!(error.kind, ErrorKind::Aborted | ErrorKind::Validation) {
        return false;
    }
    error.retryable && retries_done < policy.retries
}

/// A non-negative, non-NaN version of `x` (NaN and negatives become 0; +inf stays).
fn non_negative(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        0.0
    } else {
        x
    }
}

/// Milliseconds to wait before retry number `retry_index` (0 for the first retry).
///
/// With `retry_after_ms` (from [`parse_retry_after`]) it is exactly that, capped at
/// `policy.max_retry_after_ms`. Otherwise exponential backoff with full jitter:
/// `random01 * min(max_delay_ms, base_delay_ms * 2^retry_index)`, where `random01` is
/// a uniform random number in `[0, 1)` (clamped into `[0, 1]`; NaN counts as 0).
/// Never overflows, never returns NaN, a negative or an infinite number.
pub fn delay_ms(
    policy: &RetryPolicy,
    retry_index: u32,
    random01: f64,
    retry_after_ms: Option<f64>,
) -> f64 {
    if let Some(wait) = retry_after_ms {
        if !wait.is_nan() {
            let cap = non_negative(policy.max_retry_after_ms);
            return finite(non_negative(wait).min(cap));
        }
    }
    let max = non_negative(policy.max_delay_ms);
    let base = non_negative(policy.base_delay_ms);
    let ceiling = if base == 0.0 || max == 0.0 {
        0.0
    } else if retry_index >= 1024 {
        max
    } else {
        // 2^1023 is finite; base * 2^n may be +inf, which `min` turns into `max`.
        (base * 2f64.powi(retry_index as i32)).min(max)
    };
    let r = if random01.is_nan() {
        0.0
    } else {
        random01.clamp(0.0, 1.0)
    };
    finite(r * ceiling)
}

fn finite(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        0.0
    } else if x.is_infinite() {
        f64::MAX
    } else {
        x
    }
}

/// Everything the retry loop needs after a failed attempt: `None` to stop (and throw
/// `error` with its `attempts` set), or `Some(ms)` to wait before the next attempt.
///
/// `retries_done` is the number of retries already made (0 after the first attempt);
/// `retry_after` is the raw `Retry-After` header of the failed response, honoured for
/// HTTP errors only; `now_ms` is the current time in ms since the Unix epoch.
pub fn next_delay_ms(
    policy: &RetryPolicy,
    error: &ClientError,
    retries_done: u32,
    random01: f64,
    retry_after: Option<&str>,
    now_ms: f64,
) -> Option<f64> {
    if !should_retry(policy, error, retries_done) {
        return None;
    }
    let after = match (error.kind, retry_after) {
        (ErrorKind::Http, Some(v)) => parse_retry_after(v, now_ms),
        _ => None,
    };
    Some(delay_ms(policy, retries_done, random01, after))
}

/// Parses a `Retry-After` header value into milliseconds to wait (always `>= 0`).
///
/// Accepts delta-seconds (`"120"`, also tolerating decimals such as `"1.5"`) and an
/// HTTP-date in any of the three forms of RFC 9110: IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and
/// asctime (`Sun Nov  6 08:49:37 1994`). A date in the past gives 0. Anything else
/// (garbage, negative numbers, impossible dates) gives `None`.
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<f64> {
    let v = value.trim_matches(|c: char| c == ' ' || c == '\t');
    if v.is_empty() {
        return None;
    }
    if v.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return parse_delta_seconds(v);
    }
    let date_ms = parse_http_date(v, now_ms)?;
    let wait = date_ms - now_ms;
    if wait.is_nan() {
        return None;
    }
    Some(finite(wait))
}

/// `secs[.frac]` (ASCII digits, checked by the caller) in ms, without `f64::from_str`,
/// whose tables would be ~10 KB of the wasm. Exact (one correctly rounded division of
/// exact integers, as `parse` gives) up to 15 significant digits; beyond 22 fraction
/// digits the rest is dropped, a change below any timer's resolution.
fn parse_delta_seconds(v: &str) -> Option<f64> {
    let mut parts = v.split('.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    if parts.next().is_some() || int.is_empty() {
        return None;
    }
    if let Some(f) = frac {
        if f.is_empty() {
            return None;
        }
    }
    let frac = frac.unwrap_or("").trim_end_matches('0');
    let frac = &frac[..frac.len().min(22)];
    let mantissa = int.bytes().chain(frac.bytes()).fold(0.0, |m, b| m * 10.0 + f64::from(b - b'0'));
    let secs = mantissa / 10f64.powi(frac.len() as i32);
    let ms = secs * 1000.0;
    if ms.is_nan() || ms < 0.0 {
        return None;
    }
    Some(if ms.is_infinite() { f64::MAX } else { ms })
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400; // [0, 399]
    let m = month as i64;
    let mp = if m > 2 { m - 3 } else { m + 9 }; // [0, 11]
    let doy = (153 * mp + 2) / 5 + day as i64 - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian year containing day `days` since 1970-01-01.
fn year_from_days(days: i64) -> i64 {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400;
    if m <= 2 {
        y + 1
    } else {
        y
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const DAYS_SHORT: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAYS_LONG: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn month_number(s: &str) -> Option<u32> {
    if s.len() != 3 {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == lower)
        .map(|i| i as u32 + 1)
}

fn is_day_name(s: &str, long: bool) -> bool {
    let lower = s.to_ascii_lowercase();
    if long {
        DAYS_LONG.contains(&lower.as_str())
    } else {
        DAYS_SHORT.contains(&lower.as_str())
    }
}

fn digits(s: &str, min: usize, max: usize) -> Option<u32> {
    if s.len() < min || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    crate::http::endpoint::parse_uint(s, 10)
}

/// `HH:MM:SS` → seconds of the day (a leap second 60 is tolerated).
fn time_of_day(s: &str) -> Option<i64> {
    let mut it = s.split(':');
    let h = digits(it.next()?, 2, 2)?;
    let m = digits(it.next()?, 2, 2)?;
    let sec = digits(it.next()?, 2, 2)?;
    if it.next().is_some() || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    Some(h as i64 * 3600 + m as i64 * 60 + sec as i64)
}

fn to_epoch_ms(year: i64, month: u32, day: u32, secs: i64) -> Option<f64> {
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some((days * 86_400 + secs) as f64 * 1000.0)
}

/// Parses an HTTP-date (IMF-fixdate, RFC 850 or asctime) into ms since the Unix
/// epoch. `now_ms` resolves the two-digit year of the RFC 850 form (RFC 9110: a year
/// that would be more than 50 years in the future means the previous century).
pub fn parse_http_date(value: &str, now_ms: f64) -> Option<f64> {
    let tokens: Vec<&str> = value.split_ascii_whitespace().collect();
    match tokens.as_slice() {
        // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        [wd, d, mon, y, t, gmt] => {
            let wd = wd.strip_suffix(',')?;
            if !is_day_name(wd, false) || !gmt.eq_ignore_ascii_case("GMT") {
                return None;
            }
            let day = digits(d, 1, 2)?;
            let month = month_number(mon)?;
            let year = digits(y, 4, 4)? as i64;
            to_epoch_ms(year, month, day, time_of_day(t)?)
        }
        // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
        [wd, dmy, t, gmt] => {
            let wd = wd.strip_suffix(',')?;
            if !(is_day_name(wd, true) || is_day_name(wd, false))
                || !gmt.eq_ignore_ascii_case("GMT")
            {
                return None;
            }
            let mut parts = dmy.split('-');
            let day = digits(parts.next()?, 1, 2)?;
            let month = month_number(parts.next()?)?;
            let ys = parts.next()?;
            if parts.next().is_some() {
                return None;
            }
            let year = if ys.len() == 2 {
                let yy = digits(ys, 2, 2)? as i64;
                let now_year = if now_ms.is_finite() {
                    // Clamp to the range of JS dates so the arithmetic cannot overflow.
                    let now = now_ms.clamp(-8.64e15, 8.64e15);
                    year_from_days((now / 86_400_000.0).floor() as i64)
                } else {
                    1970
                };
                let mut year = now_year - now_year.rem_euclid(100) + yy;
                if year > now_year + 50 {
                    year -= 100;
                }
                year
            } else {
                digits(ys, 4, 4)? as i64
            };
            to_epoch_ms(year, month, day, time_of_day(t)?)
        }
        // asctime: Sun Nov  6 08:49:37 1994
        [wd, mon, d, t, y] => {
            if !is_day_name(wd, false) {
                return None;
            }
            let month = month_number(mon)?;
            let day = digits(d, 1, 2)?;
            let year = digits(y, 4, 4)? as i64;
            to_epoch_ms(year, month, day, time_of_day(t)?)
        }
        _ => None,
    }
}
