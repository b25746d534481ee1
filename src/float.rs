//! Decimal text ↔ `f64` beyond the exact fast paths of `json.rs`.
//!
//! Natively these are core's own routines. A wasm build leaves them to its host, whose
//! engine has both built in (`parseFloat`, `String(n)`): core's versions cost the wasm
//! ~20 KB of code and tables. The binding installs the host's with [`use_host`] before
//! anything runs; both sides give the correctly rounded value and the shortest text that
//! reads back to it, so results are identical.
use std::sync::OnceLock;

/// The host's conversions: `parse` is only given syntactically valid JSON numbers.
pub struct HostFloats {
    pub parse: fn(&str) -> f64,
    pub format: fn(f64) -> String,
}

static HOST: OnceLock<HostFloats> = OnceLock::new();

/// Installs the host's conversions (the first call wins).
pub fn use_host(host: HostFloats) {
    let _ = HOST.set(host);
}

/// The value of a valid JSON number (±infinity beyond the `f64` range).
pub(crate) fn parse(s: &str) -> Option<f64> {
    match HOST.get() {
        Some(host) => Some((host.parse)(s)),
        None => native_parse(s),
    }
}

/// Appends a finite, non-integral or large `n` as JavaScript writes it: the shortest
/// digits that read back to `n`, with an exponent (`1e+21`, `1.5e-7`) outside
/// `1e-7 < |n| < 1e21`.
pub(crate) fn format(out: &mut String, n: f64) {
    match HOST.get() {
        Some(host) => out.push_str(&(host.format)(n)),
        None => native_format(out, n),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn native_parse(s: &str) -> Option<f64> {
    s.parse().ok()
}

#[cfg(not(target_arch = "wasm32"))]
fn native_format(out: &mut String, n: f64) {
    use core::fmt::Write;
    if n.abs() >= 1e21 || n.abs() < 1e-6 {
        let start = out.len();
        let _ = write!(out, "{:e}", n);
        // Rust writes `1e21`; JavaScript (and so every other copy of this text) `1e+21`.
        if let Some(e) = out[start..].find('e') {
            if out.as_bytes().get(start + e + 1) != Some(&b'-') {
                out.insert(start + e + 1, '+');
            }
        }
    } else {
        let _ = write!(out, "{}", n);
    }
}

// Unreachable in the wasm (the binding installs the host's first); kept total so that a
// missing installation shows as a refused number, never as a crash.
#[cfg(target_arch = "wasm32")]
fn native_parse(_: &str) -> Option<f64> {
    None
}

#[cfg(target_arch = "wasm32")]
fn native_format(out: &mut String, _: f64) {
    out.push_str("null");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_javascript() {
        for (n, js) in [(1e21, "1e+21"), (1.5e-7, "1.5e-7"), (-2.5e300, "-2.5e+300"), (0.1, "0.1"), (123.456, "123.456"), (1e-6, "0.000001"), (2f64.powi(60), "1152921504606847000")] {
            let mut s = String::new();
            format(&mut s, n);
            assert_eq!(s, js);
        }
    }
}
