//! The rules of the `PATCH /leads/{id}` body against [`crate::contract::schema`], and normalization.
//!
//! Accepts exactly what the OpenAPI schema accepts (plus host `Date`s at date fields, which
//! [`normalize_update_lead`] converts) and rejects exactly what it rejects, plus the hostile
//! input limits of [`crate::contract::schema::limits`]. All problems are collected in one bounded pass:
//! the walk of `crate::contract::walk`, over JSON text or a [`Value`], applies these rules.

use serde::Serialize;

use crate::contract::issue::{codes::*, push_token, quote, Issue};
use crate::contract::schema::{array_limit, limits::*, Field, Format, Kind, ObjectSchema, ASSIGNED_TO, LEAD, META_DATA, UPDATE_LEAD_BODY};
use crate::contract::suggest::suggest;
use serde_json::Value;

use crate::contract::walk::{validate_value, Mark, Marks};

/// The outcome of validation: blocking errors and non-blocking warnings, kept apart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Validation {
    /// Errors: the body must not be sent while there is any.
    pub issues: Vec<Issue>,
    /// Warnings: worth showing, never blocking.
    pub warnings: Vec<Issue>,
    /// Whether the error list was cut at [`MAX_ISSUES`] (its last entry is then `too_many_issues`).
    pub truncated: bool,
}

impl Validation {
    /// No errors (warnings allowed).
    pub fn is_ok(&self) -> bool {
        self.issues.is_empty()
    }
    /// `{ok, issues, warnings}`, with `line` last when given: the shape of the TypeScript
    /// `ValidationResult` and `NdjsonLineResult`.
    pub fn result(&self, line: Option<usize>) -> ValidationResult<'_> {
        ValidationResult { ok: self.is_ok(), issues: &self.issues, warnings: &self.warnings, line }
    }
}

/// What a validation tells its caller (see [`Validation::result`]).
#[derive(Serialize)]
pub struct ValidationResult<'a> {
    ok: bool,
    issues: &'a [Issue],
    warnings: &'a [Issue],
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
}

/// Validates a whole request body `{agentId, lead}`.
pub fn validate_update_lead(body: &Value) -> Validation {
    validate_value(body, &UPDATE_LEAD_BODY, None)
}

/// Validates only the `lead` part (a lead patch); paths are relative to the lead
/// (`/metaData/stage`).
pub fn validate_lead_patch(lead: &Value) -> Validation {
    validate_value(lead, &LEAD, None)
}

/// Validates `body` and returns it ready to send, with its warnings: host `Date`s (marks in a
/// value read from JavaScript, see [`Marks`]) become epoch milliseconds at timestamp fields
/// and `YYYY-MM-DD` (UTC) strings at `metaData.expectedCloseDate` and `metaData.demoDate`.
/// Returns the validation when there is any error.
pub fn normalize_update_lead(body: Value, marks: Option<Marks>) -> Result<(Value, Vec<Issue>), Validation> {
    normalize(body, &UPDATE_LEAD_BODY, marks)
}

/// Like [`normalize_update_lead`] for a lead patch alone.
pub fn normalize_lead_patch(lead: Value, marks: Option<Marks>) -> Result<(Value, Vec<Issue>), Validation> {
    normalize(lead, &LEAD, marks)
}

fn normalize(mut v: Value, schema: &'static ObjectSchema, marks: Option<Marks>) -> Result<(Value, Vec<Issue>), Validation> {
    let validation = validate_value(&v, schema, marks);
    if !validation.is_ok() {
        return Err(validation);
    }
    if let Some(marks) = marks {
        convert_dates(&mut v, schema, marks);
    }
    Ok((v, validation.warnings))
}

/// A value as the checks see it: its JSON shape, with the content of scalars (a `Date` and a
/// value with no JSON form come from [`Marks`]).
#[derive(Clone, Copy)]
pub(crate) enum Shape<'a> {
    Null,
    Bool,
    Number(f64),
    String(&'a str),
    Array,
    Object,
    Date(f64),
    Foreign(&'a str),
}

impl<'a> Shape<'a> {
    /// The shape of a value held as JSON (a mark in it is a string here).
    pub(crate) fn of(v: &'a Value) -> Self {
        match v {
            Value::Null => Shape::Null,
            Value::Bool(_) => Shape::Bool,
            Value::Number(n) => Shape::Number(n.as_f64().unwrap_or(0.0)),
            Value::String(s) => Shape::String(s),
            Value::Array(_) => Shape::Array,
            Value::Object(_) => Shape::Object,
        }
    }

    /// A short English name of the kind of value, used in messages.
    pub(crate) fn kind_name(self) -> &'static str {
        match self {
            Shape::Null => "null",
            Shape::Bool => "a boolean",
            Shape::Number(_) => "a number",
            Shape::String(_) => "a string",
            Shape::Array => "an array",
            Shape::Object => "an object",
            Shape::Date(_) => "a Date",
            Shape::Foreign(_) => "a value with no JSON form",
        }
    }
}

/// What is left to check inside a value after [`Validation::check`].
pub(crate) enum Descend {
    No,
    /// The entries of an object of this schema.
    Object(&'static ObjectSchema),
    /// The items, of this kind, of an array with at most this many.
    Array(&'static Kind, usize),
    /// The entries of a free-form `metadata` object, from depth 1.
    Any,
}

/// The bit of the field at `index` of its schema in a set of fields present (every
/// schema has at most 64 fields: see the schema tests).
pub(crate) fn field_bit(index: usize) -> u64 {
    1u64.checked_shl(index as u32).unwrap_or(0)
}

/// Where a value sits: a chain of segments on the stack, rendered as a JSON Pointer only
/// when an issue is recorded, so that valid input costs no path allocations.
pub(crate) enum Path<'a> {
    Root(&'a str),
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    pub(crate) fn render(&self) -> String {
        // Room for the usual path without growing (the first push would allocate 8 bytes).
        let mut out = String::with_capacity(48);
        self.write(&mut out);
        out
    }
    fn write(&self, out: &mut String) {
        match self {
            Path::Root(p) => out.push_str(p),
            Path::Key(parent, key) => {
                parent.write(out);
                push_token(out, key);
            }
            Path::Index(parent, i) => {
                parent.write(out);
                out.push('/');
                out.push_str(&i.to_string());
            }
        }
    }
}

/// `v`, valid against `schema` (so its date marks are at date fields only), with those Dates
/// converted as the API takes them.
pub(crate) fn convert_dates(v: &mut Value, schema: &ObjectSchema, marks: Marks) {
    let Some(map) = v.as_object_mut() else { return };
    for (k, val) in map.iter_mut() {
        let Some(f) = schema.field(k) else { continue };
        let date = match val {
            Value::String(s) => match marks.read(s) {
                Some(Mark::Date(ms)) => Some(ms),
                _ => None,
            },
            _ => None,
        };
        match (f.kind, date) {
            (_, Some(ms)) if f.format == Format::Timestamp => *val = Value::from(ms as i64),
            (_, Some(ms)) if f.format == Format::CalendarDate => *val = Value::String(iso_date(ms)),
            (Kind::Object(s), _) => convert_dates(val, s, marks),
            (Kind::Array(Kind::Object(s)), _) => {
                if let Value::Array(items) = val {
                    for it in items {
                        convert_dates(it, s, marks);
                    }
                }
            }
            _ => {}
        }
    }
}

fn type_list(expected: &[&str]) -> String {
    let mut s = String::new();
    for (i, e) in expected.iter().enumerate() {
        if i > 0 {
            s.push_str(if i + 1 == expected.len() { " or " } else { ", " });
        }
        s.push_str(e);
    }
    s
}

impl Validation {
    pub(crate) fn error(&mut self, issue: Issue) {
        if self.truncated {
            return;
        }
        if self.issues.len() >= MAX_ISSUES {
            self.truncated = true;
            self.issues.push(Issue::new(
                "",
                TOO_MANY_ISSUES,
                "more than 100 problems were found; checking stopped here",
            ));
            return;
        }
        self.issues.push(issue);
    }

    fn warn(&mut self, issue: Issue) {
        if self.warnings.len() < MAX_ISSUES {
            self.warnings.push(issue);
        }
    }

    fn wrong_type(&mut self, got: Shape, path: &Path, expected: &[&str]) {
        let mut msg = String::from("expected ");
        msg.push_str(&type_list(expected));
        msg.push_str(", got ");
        msg.push_str(got.kind_name());
        self.error(Issue::new(path.render(), INVALID_TYPE, msg).with_expected(expected));
    }

    /// A schema field given a second time in one object of JSON text, at `path`.
    pub(crate) fn duplicate_key(&mut self, path: &Path) {
        self.error(Issue::new(path.render(), DUPLICATE_KEY, "this field is given twice; JSON parsers differ on which value they keep"));
    }

    /// A key `schema` does not declare, at `path`.
    pub(crate) fn unknown_field(&mut self, k: &str, schema: &ObjectSchema, path: &Path) {
        let mut msg = String::from("unknown field ");
        msg.push_str(&quote(k));
        msg.push_str(" (not in ");
        msg.push_str(schema.name);
        msg.push(')');
        let s = suggest(k, schema.names());
        self.error(Issue::new(path.render(), UNKNOWN_FIELD, msg).with_suggestion(s));
    }

    /// The checks after all entries of an object of `schema` were seen (not run when the
    /// walk stopped in it), `seen` holding the [`field_bit`]s of its fields present and
    /// `empty` telling that it had no entry at all: its missing required fields, `metaData`
    /// without `source`, a nested object of the lead sent in part, an empty lead.
    pub(crate) fn object_end(&mut self, schema: &'static ObjectSchema, path: &Path, seen: u64, empty: bool) {
        for (i, f) in schema.fields.iter().enumerate() {
            if f.required && seen & field_bit(i) == 0 {
                let mut msg = String::from("required field \"");
                msg.push_str(f.name);
                msg.push_str("\" is missing");
                self.error(Issue::new(Path::Key(path, f.name).render(), MISSING_FIELD, msg));
            }
        }
        let has = |name| schema.field_from(name, 0).is_some_and(|(i, _)| seen & field_bit(i) != 0);
        if core::ptr::eq(schema, &META_DATA) && !has("source") {
            self.warn(Issue::new(
                path.render(),
                DEFAULT_APPLIES,
                "metaData has no \"source\": the schema default \"chat\" may overwrite the stored source; send the current source to keep it",
            ));
        }
        if core::ptr::eq(schema, &META_DATA) || core::ptr::eq(schema, &ASSIGNED_TO) {
            self.partial_object(schema, path, seen);
        } else if empty && core::ptr::eq(schema, &LEAD) {
            self.warn(Issue::new(path.render(), EMPTY_PATCH, "lead is empty: this request changes nothing"));
        }
    }

    /// A nested object of the lead that lacks some of its schema's fields. The server's
    /// merge rule for nested objects is not documented, so the worst is assumed: it may
    /// replace the stored object, erasing every field not sent. Names those fields.
    fn partial_object(&mut self, schema: &'static ObjectSchema, path: &Path, seen: u64) {
        let mut missing = schema.fields.iter().enumerate().filter(|(i, _)| seen & field_bit(*i) == 0).map(|(_, f)| f.name);
        let Some(first) = missing.next() else { return };
        let name = LEAD.fields.iter().find(|f| matches!(f.kind, Kind::Object(s) if core::ptr::eq(s, schema))).map_or("", |f| f.name);
        let mut msg = String::from(name);
        msg.push_str(" is sent in part: a server that replaces nested objects would erase any stored ");
        msg.push_str(first);
        for f in missing {
            msg.push_str(", ");
            msg.push_str(f);
        }
        msg.push_str(" (send the whole object, or build from the stored lead)");
        self.warn(Issue::new(path.render(), PARTIAL_OBJECT, msg));
    }

    /// What a field says before its value is checked: that `ts` is the server's. Inline:
    /// called for every field, and nearly always a comparison of one byte.
    #[inline(always)]
    pub(crate) fn field_start(&mut self, f: &Field, path: &Path) {
        // The format first: it is one byte to compare, the name a call per field.
        if f.format == Format::Timestamp && f.name == "ts" {
            self.server_managed(path);
        }
    }

    fn server_managed(&mut self, path: &Path) {
        self.warn(Issue::new(path.render(), SERVER_MANAGED, "ts is managed by the server, which sets it on every update; a value sent here is overwritten"));
    }

    /// Checks a value of `kind` by its shape and content, and says what is left to check
    /// inside it: the one definition of every rule on a single value, for trees and text.
    /// Inline, the most usual value first: a string where a plain one is expected has
    /// nothing to report unless it is empty or longer in bytes than the limit in characters
    /// (see `string`).
    #[inline(always)]
    pub(crate) fn check(&mut self, v: Shape, kind: Kind, format: Format, name: &str, path: &Path) -> Descend {
        if let (Kind::String | Kind::NullableString | Kind::NumberOrString, Shape::String(s), Format::Plain) = (kind, &v, format) {
            if !s.is_empty() && s.len() <= MAX_STRING_CHARS {
                return Descend::No;
            }
        }
        self.check_value(v, kind, format, name, path)
    }

    fn check_value(&mut self, v: Shape, kind: Kind, format: Format, name: &str, path: &Path) -> Descend {
        match v {
            Shape::Foreign(desc) => {
                let mut msg = String::from("unsupported value: ");
                msg.push_str(&quote(desc));
                msg.push_str(" has no JSON form");
                self.error(Issue::new(path.render(), UNSUPPORTED_VALUE, msg));
                return Descend::No;
            }
            Shape::Date(ms) => {
                if matches!(format, Format::Timestamp | Format::CalendarDate) {
                    if !ms.is_finite() || ms.abs() > MAX_DATE_MS {
                        self.error(Issue::new(path.render(), INVALID_DATE, "invalid Date (its time is NaN)"));
                    }
                } else {
                    self.error(Issue::new(path.render(), UNSUPPORTED_VALUE, "a Date is not accepted here; send a string or number as the schema says"));
                }
                return Descend::No;
            }
            Shape::Number(n) if !n.is_finite() && matches!(kind, Kind::Number | Kind::NumberOrString) => {
                self.error(Issue::new(path.render(), NOT_FINITE, "number is NaN or infinite, which JSON cannot carry"));
                return Descend::No;
            }
            _ => {}
        }
        match (kind, v) {
            (Kind::String | Kind::NullableString, Shape::String(s)) => self.string(s, format, kind, path),
            (Kind::NullableString, Shape::Null) => {}
            (Kind::String, _) => self.wrong_type(v, path, &["string"]),
            (Kind::NullableString, _) => self.wrong_type(v, path, &["string", "null"]),
            (Kind::Number, Shape::Number(n)) => {
                if format == Format::Score && !(0.0..=100.0).contains(&n) {
                    self.warn(Issue::new(path.render(), OUT_OF_RANGE, "score outside 0–100"));
                }
            }
            (Kind::Number, _) => self.wrong_type(v, path, &["number"]),
            (Kind::Bool, Shape::Bool) => {}
            (Kind::Bool, _) => self.wrong_type(v, path, &["boolean"]),
            (Kind::NumberOrString, Shape::Number(_)) => {}
            (Kind::NumberOrString, Shape::String(s)) => self.string(s, format, kind, path),
            (Kind::NumberOrString, _) => self.wrong_type(v, path, &["number", "string"]),
            (Kind::Enum(values), Shape::String(s)) => {
                if !values.contains(&s) {
                    let mut msg = quote(s);
                    msg.push_str(" is not one of: ");
                    msg.push_str(&values.join(", "));
                    let sug = suggest(s, values.iter().copied());
                    self.error(Issue::new(path.render(), INVALID_ENUM, msg).with_expected(values).with_suggestion(sug));
                }
            }
            (Kind::Enum(values), _) => {
                let mut msg = String::from("expected one of the strings ");
                msg.push_str(&values.join(", "));
                msg.push_str(", got ");
                msg.push_str(v.kind_name());
                self.error(Issue::new(path.render(), INVALID_TYPE, msg).with_expected(values));
            }
            (Kind::Object(schema), Shape::Object) => return Descend::Object(schema),
            (Kind::Object(_), _) => self.wrong_type(v, path, &["object"]),
            (Kind::Array(item), Shape::Array) => return Descend::Array(item, array_limit(name)),
            (Kind::Array(_), _) => self.wrong_type(v, path, &["array"]),
            (Kind::AnyObject, Shape::Object) => return Descend::Any,
            (Kind::AnyObject, _) => self.wrong_type(v, path, &["object"]),
        }
        Descend::No
    }

    pub(crate) fn too_many(&mut self, path: &Path, n: usize, limit: usize, what: &str) {
        let msg = [&n.to_string(), " ", what, " exceed the limit of ", &limit.to_string()].concat();
        self.error(Issue::new(path.render(), TOO_MANY, msg));
    }

    /// Inline: called for every string, nearly all far shorter than the limit in bytes.
    #[inline(always)]
    pub(crate) fn too_long(&mut self, s: &str, path: &Path) -> bool {
        s.len() > MAX_STRING_CHARS && self.too_many_chars(s, path)
    }

    fn too_many_chars(&mut self, s: &str, path: &Path) -> bool {
        if s.chars().count() > MAX_STRING_CHARS {
            let msg = ["string is longer than the limit of ", &MAX_STRING_CHARS.to_string(), " characters"].concat();
            self.error(Issue::new(path.render(), TOO_LONG, msg));
            return true;
        }
        false
    }

    fn string(&mut self, s: &str, format: Format, kind: Kind, path: &Path) {
        if self.too_long(s, path) {
            return;
        }
        if s.is_empty() {
            let msg = if kind == Kind::NullableString {
                "empty string: to clear this field send null"
            } else {
                "empty string"
            };
            return self.warn(Issue::new(path.render(), EMPTY_STRING, msg));
        }
        let ok = match format {
            Format::Email => looks_like_email(s),
            Format::Timestamp => parse_iso(s) || s.bytes().all(|b| b.is_ascii_digit()),
            Format::CalendarDate => parse_iso(s),
            Format::TimeOfDay => parse_time(s.as_bytes(), 0, false) == Some(s.len()),
            Format::Plain | Format::Score => true,
        };
        if !ok {
            let (code, msg) = match format {
                Format::Email => (INVALID_EMAIL, "this does not look like an email address"),
                Format::TimeOfDay => (UNPARSABLE_DATE, "not a time of day HH:MM or HH:MM:SS"),
                Format::Timestamp => (UNPARSABLE_DATE, "not an ISO 8601 date/date-time or epoch milliseconds"),
                _ => (UNPARSABLE_DATE, "not an ISO 8601 date (YYYY-MM-DD) or date-time"),
            };
            self.warn(Issue::new(path.render(), code, msg));
        }
    }

    /// The checks of one free-form value at `depth` inside `metadata`; true when it is an
    /// array or object whose entries are to be checked (its entry count not yet checked).
    pub(crate) fn check_any(&mut self, v: Shape, path: &Path, depth: usize) -> bool {
        if self.truncated {
            return false;
        }
        match v {
            Shape::Foreign(_) | Shape::Date(_) => {
                self.check(v, Kind::AnyObject, Format::Plain, "", path);
            }
            Shape::Number(n) if !n.is_finite() => {
                self.error(Issue::new(path.render(), NOT_FINITE, "number is NaN or infinite, which JSON cannot carry"));
            }
            Shape::String(s) => {
                self.too_long(s, path);
            }
            Shape::Array | Shape::Object if depth > MAX_METADATA_DEPTH => {
                let msg = ["nested deeper than ", &MAX_METADATA_DEPTH.to_string(), " levels"].concat();
                self.error(Issue::new(path.render(), TOO_DEEP, msg));
            }
            Shape::Array | Shape::Object => return true,
            Shape::Null | Shape::Bool | Shape::Number(_) => {}
        }
        false
    }
}

fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else { return false };
    !local.is_empty()
        && !local.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.as_bytes().windows(2).any(|w| w == b"..")
        && if s.is_ascii() {
            !s.bytes().any(|b| b <= b' ' || b == 0x7f)
        } else {
            !s.chars().any(|c| c.is_whitespace() || c.is_control())
        }
}

fn digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let mut v = 0u32;
    for i in at..at + n {
        let c = *b.get(i)?;
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parses `HH:MM[:SS[.fff]]` at `at`; returns the end position.
fn parse_time(b: &[u8], at: usize, fraction: bool) -> Option<usize> {
    let h = digits(b, at, 2)?;
    let m = digits(b, at + 3, 2)?;
    if b.get(at + 2) != Some(&b':') || h > 23 || m > 59 {
        return None;
    }
    let mut end = at + 5;
    if b.get(end) == Some(&b':') {
        if digits(b, end + 1, 2)? > 59 {
            return None;
        }
        end += 3;
        if fraction && b.get(end) == Some(&b'.') {
            end += 1;
            let start = end;
            while b.get(end).is_some_and(u8::is_ascii_digit) {
                end += 1;
            }
            if end == start {
                return None;
            }
        }
    }
    Some(end)
}

/// Whether `s` is an ISO 8601 date `YYYY-MM-DD` or date-time
/// `YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|±HH:MM|±HHMM|±HH]`.
pub(crate) fn parse_iso(s: &str) -> bool {
    let b = s.as_bytes();
    let (Some(y), Some(m), Some(d)) = (digits(b, 0, 4), digits(b, 5, 2), digits(b, 8, 2)) else {
        return false;
    };
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return false;
    }
    if b.len() == 10 {
        return true;
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return false;
    }
    let Some(end) = parse_time(b, 11, true) else { return false };
    match b.get(end..) {
        Some(b"" | b"Z" | b"z") => true,
        Some([b'+' | b'-', rest @ ..]) => {
            let ok_h = |h: u32| h <= 23;
            match rest {
                [_, _] => digits(rest, 0, 2).is_some_and(ok_h),
                [_, _, b':', _, _] | [_, _, _, _] => {
                    let mi = if rest.len() == 5 { 3 } else { 2 };
                    digits(rest, 0, 2).is_some_and(ok_h) && digits(rest, mi, 2).is_some_and(|m| m <= 59)
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// `YYYY-MM-DD` (UTC) of epoch milliseconds, like the date part of JS `toISOString()`.
pub(crate) fn iso_date(ms: f64) -> String {
    let days = (ms / 86_400_000.0).floor() as i64;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    // `YYYY-MM-DD`, or ISO 8601's expanded `±YYYYYY-MM-DD` outside years 0 to 9999.
    let mut out = String::with_capacity(13);
    if (0..=9999).contains(&y) {
        out.push_str(&format!("{y:04}"));
    } else {
        out.push(if y < 0 { '-' } else { '+' });
        out.push_str(&format!("{:06}", y.unsigned_abs()));
    }
    for part in [m, d] {
        out.push('-');
        out.push_str(&format!("{part:02}"));
    }
    out
}
