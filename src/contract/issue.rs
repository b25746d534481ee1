//! Issues (errors and warnings) with a JSON Pointer path, a stable code and an English message.

use serde::Serialize;

/// The stable issue codes. Errors block a request; warnings never do.
pub mod codes {
    // ---- errors ----
    /// A required field is absent.
    pub const MISSING_FIELD: &str = "missing_field";
    /// A field the schema does not declare (`additionalProperties: false`).
    pub const UNKNOWN_FIELD: &str = "unknown_field";
    /// The value has the wrong JSON type.
    pub const INVALID_TYPE: &str = "invalid_type";
    /// A string that is not one of the enum's values.
    pub const INVALID_ENUM: &str = "invalid_enum";
    /// A number that is NaN or infinite.
    pub const NOT_FINITE: &str = "not_finite";
    /// A host value with no JSON form, or a `Date` where the schema takes no date.
    pub const UNSUPPORTED_VALUE: &str = "unsupported_value";
    /// A `Date` that is invalid (NaN time).
    pub const INVALID_DATE: &str = "invalid_date";
    /// Nesting deeper than [`crate::limits::MAX_METADATA_DEPTH`].
    pub const TOO_DEEP: &str = "too_deep";
    /// A string longer than [`crate::limits::MAX_STRING_CHARS`].
    pub const TOO_LONG: &str = "too_long";
    /// An array or object with more entries than its limit allows.
    pub const TOO_MANY: &str = "too_many";
    /// The issue list was cut at [`crate::limits::MAX_ISSUES`].
    pub const TOO_MANY_ISSUES: &str = "too_many_issues";
    /// A change the API cannot express: `agentId` cannot change after creation.
    pub const IMMUTABLE_FIELD: &str = "immutable_field";
    /// A change the API cannot express: removing a field that cannot be set to null.
    pub const CANNOT_REMOVE: &str = "cannot_remove";
    /// A path given to the builder that does not name a settable place.
    pub const INVALID_PATH: &str = "invalid_path";
    /// A field given twice in one object of JSON text: parsers differ on which they keep.
    pub const DUPLICATE_KEY: &str = "duplicate_key";
    // ---- warnings ----
    /// `hotScore` outside 0–100.
    pub const OUT_OF_RANGE: &str = "out_of_range";
    /// An email that cannot be an address.
    pub const INVALID_EMAIL: &str = "invalid_email";
    /// An empty string (for `email`/`name`/`phone`, `null` is the way to clear).
    pub const EMPTY_STRING: &str = "empty_string";
    /// A date/time string (or number) that does not parse.
    pub const UNPARSABLE_DATE: &str = "unparsable_date";
    /// `ts` set by hand: the server overwrites it.
    pub const SERVER_MANAGED: &str = "server_managed";
    /// `metaData` without `source`: the schema default `chat` may overwrite the stored source.
    pub const DEFAULT_APPLIES: &str = "default_applies";
    /// `metaData` or `assignedTo` sent without some of its fields: a server that replaces
    /// nested objects whole would erase the fields not sent (the message names them).
    pub const PARTIAL_OBJECT: &str = "partial_object";
    /// `lead` is `{}`: the request changes nothing.
    pub const EMPTY_PATCH: &str = "empty_patch";

    /// Every error code.
    pub const ERRORS: &[&str] = &[
        MISSING_FIELD, UNKNOWN_FIELD, INVALID_TYPE, INVALID_ENUM, NOT_FINITE, UNSUPPORTED_VALUE,
        INVALID_DATE, TOO_DEEP, TOO_LONG, TOO_MANY, TOO_MANY_ISSUES, IMMUTABLE_FIELD,
        CANNOT_REMOVE, INVALID_PATH, DUPLICATE_KEY,
    ];
    /// Every warning code.
    pub const WARNINGS: &[&str] = &[
        OUT_OF_RANGE, INVALID_EMAIL, EMPTY_STRING, UNPARSABLE_DATE, SERVER_MANAGED,
        DEFAULT_APPLIES, PARTIAL_OBJECT, EMPTY_PATCH,
    ];
}

/// One problem found in a value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    /// JSON Pointer (RFC 6901) to the value, `""` for the root.
    pub path: String,
    /// A stable code from [`codes`].
    pub code: &'static str,
    /// A clear English message.
    pub message: String,
    /// The allowed values or types, when there is a set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<Vec<String>>,
    /// A likely intended value or key for a near miss.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

impl Issue {
    /// A new issue without `expected` or `suggestion`.
    pub fn new(path: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Issue { path: path.into(), code, message: message.into(), expected: None, suggestion: None }
    }
    /// Sets `expected`.
    pub fn with_expected(mut self, expected: &[&str]) -> Self {
        self.expected = Some(expected.iter().map(|s| s.to_string()).collect());
        self
    }
    /// Sets `suggestion`.
    pub fn with_suggestion(mut self, suggestion: Option<&str>) -> Self {
        self.suggestion = suggestion.map(str::to_string);
        self
    }
    /// `path: message [code]`, with `(did you mean "x"?)` when there is a suggestion: the
    /// one-line form of messages and of `Display`, joined by hand to keep `core::fmt` out of
    /// the wasm.
    pub fn describe(&self) -> String {
        let path = if self.path.is_empty() { "(root)" } else { &self.path };
        let mut out = [path, ": ", &self.message, " [", self.code, "]"].concat();
        if let Some(s) = &self.suggestion {
            out.push_str(" (did you mean \"");
            out.push_str(s);
            out.push_str("\"?)");
        }
        out
    }
}

impl core::fmt::Display for Issue {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.describe())
    }
}

/// Input refused before anything was sent: a body, a patch, a lead or a builder value that
/// does not fit the contract, with every issue found.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused {
    /// `what` was refused, then the first issue and how many more there are.
    pub message: String,
    /// Every issue, in the order found.
    pub issues: Vec<Issue>,
}

impl Refused {
    /// `what` (e.g. "the body is invalid") refused for `issues`.
    pub fn new(what: &str, issues: Vec<Issue>) -> Refused {
        let mut message = String::from(what);
        if let Some(first) = issues.first() {
            message.push_str(": ");
            message.push_str(&first.describe());
            if issues.len() > 1 {
                message.push_str(" (and ");
                message.push_str(&(issues.len() - 1).to_string());
                message.push_str(" more)");
            }
        }
        Refused { message, issues }
    }
}

impl core::fmt::Display for Refused {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Refused {}

/// Appends one reference token to a JSON Pointer, escaping `~` as `~0` and `/` as `~1`.
pub fn push_token(path: &mut String, token: &str) {
    path.push('/');
    let mut rest = token;
    // By bytes: `str::find` with a char set walks chars, several calls each.
    while let Some(i) = rest.bytes().position(|b| b == b'~' || b == b'/') {
        path.push_str(rest.get(..i).unwrap_or(""));
        path.push_str(if rest.as_bytes().get(i) == Some(&b'~') { "~0" } else { "~1" });
        rest = rest.get(i + 1..).unwrap_or("");
    }
    path.push_str(rest);
}

/// `path` extended by an object key.
pub fn child(path: &str, key: &str) -> String {
    let mut p = path.to_string();
    push_token(&mut p, key);
    p
}

/// `path` extended by an array index.
pub fn index(path: &str, i: usize) -> String {
    let mut p = path.to_string();
    p.push('/');
    p.push_str(&i.to_string());
    p
}

/// Quotes a user-supplied string for a message, cut to 40 characters.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for (i, c) in s.chars().enumerate() {
        if i == 40 {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out.push('"');
    out
}
