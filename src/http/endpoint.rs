//! Where and how requests are sent: region, base URL, the lead URL, the API key and
//! the request headers.
//!
//! Hand-written and small on purpose (no `url` crate in the wasm). Everything that can
//! be refused is refused with a `Validation` [`ClientError`] whose message names the
//! problem; no message ever contains the API key or a password from a URL.

use crate::http::error::ClientError;

/// The Convocore API region of an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Region {
    /// `https://eu-gcp-api.vg-stuff.com/v3` (the default).
    #[default]
    Eu,
    /// `https://na-gcp-api.vg-stuff.com/v3`.
    Na,
}

/// Base URL of the EU servers.
pub const EU_BASE_URL: &str = "https://eu-gcp-api.vg-stuff.com/v3";
/// Base URL of the NA servers.
pub const NA_BASE_URL: &str = "https://na-gcp-api.vg-stuff.com/v3";

impl Region {
    /// `"eu"` or `"na"` (ASCII case-insensitive).
    pub fn parse(s: &str) -> Result<Region, ClientError> {
        if s.eq_ignore_ascii_case("eu") {
            Ok(Region::Eu)
        } else if s.eq_ignore_ascii_case("na") {
            Ok(Region::Na)
        } else {
            Err(ClientError::validation(
                ["region must be \"eu\" or \"na\" (got ", &crate::contract::issue::quote(s), ")"].concat(),
            ))
        }
    }

    /// `"eu"` or `"na"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Region::Eu => "eu",
            Region::Na => "na",
        }
    }

    /// The API base URL of the region (no trailing slash).
    pub fn base_url(self) -> &'static str {
        match self {
            Region::Eu => EU_BASE_URL,
            Region::Na => NA_BASE_URL,
        }
    }
}

/// A validated API base URL (normalized: lowercase scheme and host, no default port,
/// no trailing slash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    base: String,
}

impl Endpoint {
    /// The endpoint for `base_url` when given (it overrides `region`), else for
    /// `region` (default `"eu"`). A given `region` is validated even when `base_url`
    /// overrides it.
    ///
    /// `base_url` must be an absolute `https:` URL (`http:` only for a loopback host:
    /// `localhost`, `127.x.x.x`, `[::1]`) without credentials, query or fragment.
    pub fn new(region: Option<&str>, base_url: Option<&str>) -> Result<Endpoint, ClientError> {
        let region = match region {
            Some(r) => Region::parse(r)?,
            None => Region::default(),
        };
        match base_url {
            Some(url) => Ok(Endpoint {
                base: normalize_base_url(url)?,
            }),
            None => Ok(Endpoint::for_region(region)),
        }
    }

    /// The endpoint for a base URL that is a path (`/api/convocore`, a same-origin proxy),
    /// resolved against `origin`, the page's `location.origin` (`None` where there is no page,
    /// e.g. in Node). `with_key`: the requests carry an API key, so an `http:` page must be on
    /// a loopback host, as for an absolute `http:` base URL; without a key, the requests go
    /// to the page's own origin however it is served.
    pub fn on_page(path: &str, origin: Option<&str>, with_key: bool) -> Result<Endpoint, ClientError> {
        let shown = crate::contract::issue::quote(path);
        if path.starts_with("//") {
            return Err(refuse(&[&shown, " must not start with // (it would name another host)"].concat()));
        }
        let Some(origin) = origin else {
            return Err(refuse(&[
                &shown,
                " is a path, which only a browser page resolves (against its location): pass an absolute https:// URL here",
            ].concat()));
        };
        if !origin.starts_with("https://") && !origin.starts_with("http://") {
            return Err(refuse(&[
                &shown,
                " is a path, resolved against the page's origin, and this page has none that can be fetched (its origin is ",
                &crate::contract::issue::quote(origin),
                ")",
            ].concat()));
        }
        let base = normalize(&[origin, path].concat(), true)?;
        // The origin alone passes the rule for absolute URLs exactly when it is https: or loopback.
        if with_key && normalize(origin, false).is_err() {
            return Err(refuse(&[
                &shown,
                " would send the apiKey over http: to this page's host: serve the page over https, or leave the apiKey to the proxy",
            ].concat()));
        }
        Ok(Endpoint { base })
    }

    /// The endpoint of a region.
    pub fn for_region(region: Region) -> Endpoint {
        Endpoint {
            base: region.base_url().to_string(),
        }
    }

    /// The normalized base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// `{base}/leads/{id}` with `id` percent-encoded as exactly one path segment
    /// (see [`encode_path_segment`]).
    ///
    /// Refused (kind `Validation`): an empty id, and the ids `.` and `..`. The WHATWG URL
    /// standard (which `fetch` follows) treats `.`, `..` and their encoded forms `%2E`,
    /// `%2E%2E`, `.%2E`, `%2E.` (any case) as dot segments and removes them, so no
    /// encoding can send these two ids: `PATCH` would reach `{base}/leads/` or `{base}/`.
    /// Every other id, including `...`, `%2e%2e`, `a/b` or control characters, is sent.
    pub fn lead_url(&self, id: &str) -> Result<String, ClientError> {
        if id.is_empty() {
            return Err(ClientError::validation("lead id must not be empty"));
        }
        if id == "." || id == ".." {
            return Err(ClientError::validation(
                [
                    "lead id must not be \"",
                    id,
                    "\": URLs treat it as a dot segment, so the request would not reach /leads/{id}",
                ]
                .concat(),
            ));
        }
        let seg = encode_path_segment(id);
        let mut url = String::with_capacity(self.base.len() + 7 + seg.len());
        url.push_str(&self.base);
        url.push_str("/leads/");
        url.push_str(&seg);
        Ok(url)
    }
}

/// Percent-encodes `s` as one path segment: every byte of its UTF-8 form except the
/// RFC 3986 unreserved characters `A-Z a-z 0-9 - _ ~` becomes `%XX` (uppercase hex).
/// `.` is encoded too (`%2E`). Note that this alone does not protect the ids `.` and
/// `..`: WHATWG URL parsers also collapse `%2E` and `%2E%2E`, which is why
/// [`Endpoint::lead_url`] refuses those two ids.
pub fn encode_path_segment(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len() * 3);
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'~' {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
    out
}

/// Checks that an API key can be sent in an `Authorization` header: not empty, only
/// visible ASCII (no spaces, line breaks, control or non-ASCII characters). The
/// message says what is wrong and never contains the key.
pub fn check_api_key(key: &str) -> Result<(), ClientError> {
    if key.is_empty() {
        return Err(ClientError::validation(
            "apiKey must not be empty: pass the workspace or agent secret from the Convocore dashboard",
        ));
    }
    if key.chars().all(char::is_whitespace) {
        return Err(ClientError::validation(
            "apiKey must not be blank (it contains only whitespace)",
        ));
    }
    if key.contains(['\r', '\n']) {
        return Err(ClientError::validation(
            "apiKey must not contain line breaks (CR or LF); check for a trailing newline from copy-paste",
        ));
    }
    let (trim_start, trim_end) = (
        key.trim_start().len() != key.len(),
        key.trim_end().len() != key.len(),
    );
    if trim_start || trim_end {
        return Err(ClientError::validation(
            "apiKey must not start or end with whitespace; check for spaces from copy-paste",
        ));
    }
    if key.chars().any(char::is_whitespace) {
        return Err(ClientError::validation(
            "apiKey must not contain spaces or other whitespace",
        ));
    }
    if key.chars().any(char::is_control) {
        return Err(ClientError::validation(
            "apiKey must not contain control characters",
        ));
    }
    if !key.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        return Err(ClientError::validation(
            "apiKey must contain only visible ASCII characters (no accents, emoji or typographic quotes)",
        ));
    }
    Ok(())
}

/// The headers of every request: `Authorization: Bearer <key>` when there is a key (a client
/// of a proxy that adds it has none), `Content-Type: application/json`,
/// `Accept: application/json`. Call [`check_api_key`] first.
pub fn request_headers(api_key: Option<&str>) -> Vec<(&'static str, String)> {
    let mut headers = Vec::with_capacity(3);
    if let Some(key) = api_key {
        headers.push(("Authorization", ["Bearer ", key].concat()));
    }
    headers.push(("Content-Type", "application/json".to_string()));
    headers.push(("Accept", "application/json".to_string()));
    headers
}

/// Most entries of the `headers` option.
pub const MAX_EXTRA_HEADERS: usize = 32;
/// Longest value of an extra header, in bytes.
pub const MAX_HEADER_VALUE_BYTES: usize = 4096;

// Names a browser's fetch forbids in a request (the Fetch standard's "forbidden request-header
// names"): browsers drop them without a word, so they are refused instead; `Proxy-` and
// `Sec-` names are forbidden as prefixes. Each is also meaningless or unsafe from Node.
const FORBIDDEN_HEADERS: [&str; 21] = [
    "accept-charset", "accept-encoding", "access-control-request-headers",
    "access-control-request-method", "connection", "content-length", "cookie", "cookie2",
    "date", "dnt", "expect", "host", "keep-alive", "origin", "referer", "set-cookie", "te",
    "trailer", "transfer-encoding", "upgrade", "via",
];
// Honoured by some servers and proxies as the real method: a PATCH would become another one.
const METHOD_OVERRIDES: [&str; 3] = ["x-http-method", "x-http-method-override", "x-method-override"];

fn header_error(name: &str, what: &str) -> ClientError {
    ClientError::validation(["option `headers`: ", &crate::contract::issue::quote(name), what].concat())
}

/// Checks one entry of the client's `headers` option (extra headers of every request): a
/// valid name that neither a browser forbids nor the client sets itself (`Content-Type`,
/// `Accept`, and `Authorization` when there is an `apiKey`), and a value of visible ASCII,
/// spaces and tabs. Messages name the header, never its value (it may be a secret).
pub fn check_extra_header(name: &str, value: &str, with_key: bool) -> Result<(), ClientError> {
    let tchar = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() || !name.bytes().all(tchar) {
        return Err(header_error(name, " is not a header name (letters, digits and !#$%&'*+-.^_`|~ only)"));
    }
    let lower = name.to_ascii_lowercase();
    let lower = lower.as_str();
    let refused = if FORBIDDEN_HEADERS.contains(&lower) || lower.starts_with("proxy-") || lower.starts_with("sec-") {
        " cannot be set: browsers forbid it in fetch"
    } else if METHOD_OVERRIDES.contains(&lower) {
        " cannot be set: servers that honour it would not treat the request as a PATCH"
    } else if lower == "content-type" || lower == "accept" {
        " cannot be set: the client sends application/json"
    } else if lower == "authorization" && with_key {
        " cannot be set with an apiKey: the client sends the key as Authorization: Bearer"
    } else if value.len() > MAX_HEADER_VALUE_BYTES {
        ": its value is longer than 4096 bytes"
    } else if !value.bytes().all(|b| b == b'\t' || (0x20..=0x7e).contains(&b)) {
        ": its value must be visible ASCII, spaces and tabs"
    } else if value.bytes().next().is_some_and(|b| b == b' ' || b == b'\t') || value.bytes().last().is_some_and(|b| b == b' ' || b == b'\t') {
        ": its value must not start or end with whitespace"
    } else {
        return Ok(());
    };
    Err(header_error(name, refused))
}

// Messages are joined with `concat`, not `format!`: each `format!` costs code in the wasm.
fn refuse(what: &str) -> ClientError {
    ClientError::validation(["baseUrl ", what].concat())
}

/// Validates and normalizes a base URL (see [`Endpoint::new`]).
pub fn normalize_base_url(url: &str) -> Result<String, ClientError> {
    normalize(url, false)
}

/// [`normalize_base_url`], with `http:` to any host when `any_http` (no key to expose).
fn normalize(url: &str, any_http: bool) -> Result<String, ClientError> {
    if url.is_empty() || url.chars().all(char::is_whitespace) {
        return Err(refuse("must not be empty"));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(refuse(
            "must not contain whitespace or control characters (check for leading or trailing spaces)",
        ));
    }
    // Scheme.
    let colon = url.find(':');
    let scheme = match colon {
        Some(i)
            if i > 0
                && url.as_bytes()[0].is_ascii_alphabetic()
                && url[..i].bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')) =>
        {
            url[..i].to_ascii_lowercase()
        }
        _ => {
            return Err(refuse(
                "must be an absolute URL starting with https:// (for example https://eu-gcp-api.vg-stuff.com/v3)",
            ))
        }
    };
    let secure = match scheme.as_str() {
        "https" => true,
        "http" => false,
        other => {
            return Err(refuse(&["must use https: (got ", crate::contract::issue::quote(other).trim_matches('"'), ":)"].concat()))
        }
    };
    let rest = &url[scheme.len() + 1..];
    let rest = match rest.strip_prefix("//") {
        Some(r) => r,
        None => {
            return Err(refuse(&["must be an absolute URL of the form ", &scheme, "://host/path"].concat()))
        }
    };
    if rest.contains('\\') {
        return Err(refuse("must not contain backslashes"));
    }
    let auth_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..auth_end];
    let tail = &rest[auth_end..];
    if authority.contains('@') {
        return Err(refuse(
            "must not contain credentials (user:password@); pass the secret as apiKey instead",
        ));
    }
    if tail.contains('#') {
        return Err(refuse("must not contain a fragment (#...)"));
    }
    if tail.contains('?') {
        return Err(refuse("must not contain a query (?...)"));
    }
    // Host and port.
    let (host, port_text) = if let Some(after) = authority.strip_prefix('[') {
        let close = after
            .find(']')
            .ok_or_else(|| refuse("has an IPv6 host without a closing ]"))?;
        let ip = &after[..close];
        let groups = match parse_ipv6(ip) {
            Some(g) => g,
            None => {
                return Err(refuse(&["has an invalid IPv6 host [", crate::contract::issue::quote(ip).trim_matches('"'), "]"].concat()))
            }
        };
        let after_host = &after[close + 1..];
        let port = match after_host {
            "" => None,
            p => Some(
                p.strip_prefix(':')
                    .ok_or_else(|| refuse("has unexpected text after the IPv6 host"))?,
            ),
        };
        (["[", &format_ipv6(&groups), "]"].concat(), port)
    } else {
        let (h, p) = match authority.find(':') {
            Some(i) => (&authority[..i], Some(&authority[i + 1..])),
            None => (authority, None),
        };
        (check_host(h)?, p)
    };
    let port = match port_text {
        None => None,
        Some(p) => {
            if p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(refuse(
                    "has an invalid port (it must be a number from 1 to 65535)",
                ));
            }
            let n = parse_uint(p, 10).ok_or_else(|| refuse("has an invalid port"))?;
            if n == 0 || n > 65535 {
                return Err(refuse(&["has an invalid port ", &n.to_string(), " (it must be from 1 to 65535)"].concat()));
            }
            Some(n as u16)
        }
    };
    if !secure && !any_http && !is_loopback(&host) {
        return Err(refuse(
            &["must use https: (http: is allowed only for localhost, 127.x.x.x and [::1], not ", &host, ")"].concat(),
        ));
    }
    // Path.
    let path = tail.trim_end_matches('/');
    for seg in path.split('/').skip(1) {
        check_path_segment(seg)?;
    }
    let mut out = String::with_capacity(url.len());
    out.push_str(&scheme);
    out.push_str("://");
    out.push_str(&host);
    match (port, secure) {
        (Some(443), true) | (Some(80), false) | (None, _) => {}
        (Some(p), _) => {
            out.push(':');
            out.push_str(&p.to_string());
        }
    }
    out.push_str(path);
    Ok(out)
}

fn check_path_segment(seg: &str) -> Result<(), ClientError> {
    let bytes = seg.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let ok = i + 2 < bytes.len()
                && bytes[i + 1].is_ascii_hexdigit()
                && bytes[i + 2].is_ascii_hexdigit();
            if !ok {
                return Err(refuse("has an invalid percent-escape in its path (% must be followed by two hex digits)"));
            }
            i += 3;
            continue;
        }
        let allowed = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
            );
        if !allowed {
            return Err(refuse(
                "has a character that is not allowed in a URL path (percent-encode it, e.g. %20)",
            ));
        }
        i += 1;
    }
    let decoded_lower = seg.to_ascii_lowercase().replace("%2e", ".");
    if decoded_lower == "." || decoded_lower == ".." {
        return Err(refuse("must not contain . or .. path segments"));
    }
    Ok(())
}

/// Validates a registered-name or IPv4 host; returns it lowercased.
fn check_host(h: &str) -> Result<String, ClientError> {
    if h.is_empty() {
        return Err(refuse("has no host"));
    }
    if !h.is_ascii() {
        return Err(refuse(
            "has a non-ASCII host; write internationalized domain names in punycode (xn--...)",
        ));
    }
    let host = h.to_ascii_lowercase();
    if host.len() > 253 {
        return Err(refuse("has a host longer than 253 characters"));
    }
    let labels: Vec<&str> = host.split('.').collect();
    for label in &labels {
        if label.is_empty() {
            return Err(refuse(&["has an invalid host ", &host, " (empty label)"].concat()));
        }
        if label.len() > 63 {
            return Err(refuse("has a host label longer than 63 characters"));
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(refuse(
                &["has an invalid host ", &crate::contract::issue::quote(&host), " (only letters, digits, '-', '_' and '.' are allowed)"]
                    .concat(),
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(refuse(&["has an invalid host ", &host, " (a label starts or ends with '-')"].concat()));
        }
    }
    // A last label that is numeric (or hex) makes URL parsers read the host as an IPv4
    // address: require the canonical dotted quad then.
    let last = labels[labels.len() - 1];
    let numeric = last.bytes().all(|b| b.is_ascii_digit()) || last.starts_with("0x");
    if numeric && parse_ipv4(&host).is_none() {
        return Err(refuse(
            &["has an invalid IPv4 host ", &host, " (write four decimal numbers 0-255 without leading zeros)"].concat(),
        ));
    }
    Ok(host)
}

/// A canonical dotted-quad IPv4 address (no leading zeros).
fn parse_ipv4(s: &str) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let mut n = 0;
    for part in s.split('.') {
        if n == 4 || part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        if part.len() > 1 && part.starts_with('0') {
            return None;
        }
        let v = parse_uint(part, 10)?;
        if v > 255 {
            return None;
        }
        out[n] = v as u8;
        n += 1;
    }
    if n == 4 {
        Some(out)
    } else {
        None
    }
}

/// An IPv6 address (RFC 4291 text forms, including `::` and a trailing IPv4).
fn parse_ipv6(s: &str) -> Option<[u16; 8]> {
    if s.is_empty() || s.len() > 45 {
        return None;
    }
    fn groups(part: &str) -> Option<Vec<u16>> {
        let mut out = Vec::new();
        if part.is_empty() {
            return Some(out);
        }
        let pieces: Vec<&str> = part.split(':').collect();
        for (i, p) in pieces.iter().enumerate() {
            if i == pieces.len() - 1 && p.contains('.') {
                let v4 = parse_ipv4(p)?;
                out.push(u16::from_be_bytes([v4[0], v4[1]]));
                out.push(u16::from_be_bytes([v4[2], v4[3]]));
            } else {
                if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return None;
                }
                out.push(parse_uint(p, 16)? as u16);
            }
        }
        Some(out)
    }
    let mut out = [0u16; 8];
    match s.find("::") {
        Some(i) => {
            let head = groups(&s[..i])?;
            let tail_text = &s[i + 2..];
            if tail_text.contains("::") {
                return None;
            }
            let tail = groups(tail_text)?;
            if head.len() + tail.len() > 7 {
                return None;
            }
            out[..head.len()].copy_from_slice(&head);
            out[8 - tail.len()..].copy_from_slice(&tail);
        }
        None => {
            let all = groups(s)?;
            if all.len() != 8 {
                return None;
            }
            out.copy_from_slice(&all);
        }
    }
    Some(out)
}

/// The RFC 5952 text of an IPv6 address (lowercase, longest zero run as `::`).
fn format_ipv6(g: &[u16; 8]) -> String {
    // Longest run of at least two zero groups (first one on ties).
    let (mut best_start, mut best_len) = (8, 0);
    let mut i = 0;
    while i < 8 {
        if g[i] == 0 {
            let start = i;
            while i < 8 && g[i] == 0 {
                i += 1;
            }
            if i - start > best_len && i - start >= 2 {
                best_start = start;
                best_len = i - start;
            }
        } else {
            i += 1;
        }
    }
    // Lowercase hex without leading zeros, groups joined by `:`.
    let hex = |out: &mut String, range: &[u16]| {
        for (i, &x) in range.iter().enumerate() {
            if i > 0 {
                out.push(':');
            }
            let digits = (16 - x.leading_zeros()).div_ceil(4).max(1);
            for d in (0..digits).rev() {
                out.push(char::from_digit(u32::from(x >> (4 * d)) & 15, 16).unwrap_or('0'));
            }
        }
    };
    let mut out = String::new();
    if best_len == 0 {
        hex(&mut out, &g[..]);
    } else {
        hex(&mut out, &g[..best_start]);
        out.push_str("::");
        hex(&mut out, &g[best_start + best_len..]);
    }
    out
}

/// `localhost`, `127.x.x.x` or `[::1]` (`host` as normalized by [`normalize_base_url`], or a
/// page's `location.hostname`).
pub fn is_loopback(host: &str) -> bool {
    if host == "localhost" {
        return true;
    }
    if let Some(ip) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return parse_ipv6(ip) == Some([0, 0, 0, 0, 0, 0, 0, 1]);
    }
    matches!(parse_ipv4(host), Some([127, _, _, _]))
}

/// The whole number written in `s` with digits of `radix` (2 to 16) only: no sign, no
/// space, not empty (`u32::from_str_radix` takes a `+`); `None` when it does not fit in a `u32`.
pub(crate) fn parse_uint(s: &str, radix: u32) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    s.chars().try_fold(0u32, |n, c| n.checked_mul(radix)?.checked_add(c.to_digit(radix)?))
}
