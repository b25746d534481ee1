//! Validation as one walk over serde's data model: each value is checked by the rules of
//! [`Validation`] as a deserializer hands it over, and no tree is built. serde_json feeds it
//! JSON text (a request body, a line of NDJSON); the JavaScript binding feeds it the text of
//! `JSON.stringify` with [`Marks`] standing for what JSON cannot carry.
//!
//! A deserializer's error (bad syntax, nesting past serde_json's limit, a lone surrogate)
//! is recorded once, at the innermost path the walk had reached, and the walk stops there.
use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::contract::issue::{codes::*, Issue};
use crate::contract::schema::limits::{MAX_METADATA_ARRAY_ITEMS, MAX_METADATA_KEYS};
use crate::contract::schema::{Field, Format, Kind, ObjectSchema, UPDATE_LEAD_BODY};
use crate::contract::validation::{field_bit, Descend, Path, Shape, Validation};

/// Code of the issue for text that is not JSON.
pub const INVALID_JSON: &str = "invalid_json";

/// The prefix of the strings that stand for JavaScript values JSON cannot carry, in text
/// made by the binding: `<prefix>date:<ms>` (a `Date`, `NaN` for an invalid one),
/// `<prefix>number:<NaN|Infinity|-Infinity>`, `<prefix>value:<description>` (a BigInt,
/// function, symbol, class instance, cycle or array hole), `<prefix>array:<length>` (an
/// array longer than any the schema allows, not written out). The prefix starts with NUL and
/// holds a random token, so that no string of the caller's data is read as a mark.
#[derive(Clone, Copy)]
pub struct Marks<'a>(pub &'a str);

/// What a mark stands for.
pub(crate) enum Mark<'a> {
    Date(f64),
    Number(f64),
    Value(&'a str),
    Array(usize),
}

impl Marks<'_> {
    /// The mark `s` is, if it is one.
    #[inline(always)]
    pub(crate) fn read(self, s: &str) -> Option<Mark<'_>> {
        if !s.starts_with('\0') {
            return None;
        }
        let rest = s.strip_prefix(self.0)?;
        if let Some(ms) = rest.strip_prefix("date:") {
            Some(Mark::Date(ms.parse::<i64>().map_or(f64::NAN, |ms| ms as f64)))
        } else if let Some(n) = rest.strip_prefix("number:") {
            Some(Mark::Number(match n {
                "Infinity" => f64::INFINITY,
                "-Infinity" => f64::NEG_INFINITY,
                _ => f64::NAN,
            }))
        } else if let Some(n) = rest.strip_prefix("array:") {
            n.parse().ok().map(Mark::Array)
        } else {
            rest.strip_prefix("value:").map(Mark::Value)
        }
    }

    fn shape(self, s: &str) -> (Shape<'_>, Option<usize>) {
        match self.read(s) {
            None => (Shape::String(s), None),
            Some(Mark::Date(ms)) => (Shape::Date(ms), None),
            Some(Mark::Number(n)) => (Shape::Number(n), None),
            Some(Mark::Value(desc)) => (Shape::Foreign(desc), None),
            Some(Mark::Array(n)) => (Shape::Array, Some(n)),
        }
    }
}

/// Validates a request body `{agentId, lead}` given as JSON text; text that is not JSON
/// gets an `invalid_json` issue at the path where it stopped being JSON.
pub fn validate_update_lead_text(text: &str) -> Validation {
    validate_text(text, &UPDATE_LEAD_BODY, None)
}

/// Validates JSON text against `schema`, reading [`Marks`] when given.
pub(crate) fn validate_text(text: &str, schema: &'static ObjectSchema, marks: Option<Marks>) -> Validation {
    let mut walk = Walk { v: Validation::default(), marks, stopped: false };
    let mut de = serde_json::Deserializer::from_str(text);
    let root = Path::Root("");
    let read = At { w: &mut walk, kind: Kind::Object(schema), format: Format::Plain, name: "", path: &root }.deserialize(&mut de);
    if read.is_ok() {
        if let Err(e) = de.end() {
            walk.fail(&root, &e);
        }
    }
    walk.v
}

/// Validates a value against `schema`, reading [`Marks`] when given (a value parsed from
/// the binding's text keeps its marks as strings).
pub fn validate_value(v: &Value, schema: &'static ObjectSchema, marks: Option<Marks>) -> Validation {
    check(v, Kind::Object(schema), Format::Plain, "", &Path::Root(""), marks)
}

/// Checks one value against one field, at `path` (the builder's setters).
pub fn check_field(v: &Value, f: &Field, path: &str, marks: Option<Marks>) -> Validation {
    check(v, f.kind, f.format, f.name, &Path::Root(path), marks)
}

fn check(v: &Value, kind: Kind, format: Format, name: &'static str, path: &Path, marks: Option<Marks>) -> Validation {
    let mut walk = Walk { v: Validation::default(), marks, stopped: false };
    // A `Value` is read without errors: it is JSON already.
    let _ = At { w: &mut walk, kind, format, name, path }.deserialize(v);
    walk.v
}

/// The validation under way.
pub(crate) struct Walk<'m> {
    pub(crate) v: Validation,
    marks: Option<Marks<'m>>,
    /// A deserializer's error was recorded: nothing more is.
    stopped: bool,
}

impl Walk<'_> {
    /// Records the deserializer's error `e` met at `path`, once.
    fn fail(&mut self, path: &Path, e: &dyn fmt::Display) {
        if self.stopped {
            return;
        }
        self.stopped = true;
        let text = e.to_string();
        let (code, message) = if text.contains("recursion limit") {
            // Past serde_json's nesting limit, in a value already reported as too deep.
            if self.v.issues.last().is_some_and(|i| i.code == TOO_DEEP) {
                return;
            }
            (TOO_DEEP, "nested deeper than JSON text is read".to_string())
        } else if text.contains("surrogate") || text.contains("hex escape") {
            // serde_json's words for `\ud800` not followed by its other half, and for a lone `\udc00`.
            (UNSUPPORTED_VALUE, "a string with a lone surrogate (half of a UTF-16 pair) has no UTF-8 form".to_string())
        } else if text.contains("number out of range") {
            (NOT_FINITE, "number is too large to be finite, which JSON cannot carry".to_string())
        } else {
            (INVALID_JSON, ["not JSON: ", &text].concat())
        };
        self.v.error(Issue::new(path.render(), code, message));
    }

    /// The shape of a string, and the length of the array it stands for when it is a mark
    /// of one too long to read.
    fn shape<'s>(&self, s: &'s str) -> (Shape<'s>, Option<usize>) {
        match self.marks {
            Some(m) => m.shape(s),
            None => (Shape::String(s), None),
        }
    }
}

/// The value of `kind` at `path`, checked as it is read.
struct At<'w, 'm, 'p> {
    w: &'w mut Walk<'m>,
    kind: Kind,
    format: Format,
    /// The name of the field the value belongs to (array limits depend on it).
    name: &'static str,
    path: &'p Path<'p>,
}

impl<'de> DeserializeSeed<'de> for At<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let At { w, kind, format, name, path } = self;
        let r = d.deserialize_any(At { w: &mut *w, kind, format, name, path });
        if let Err(e) = &r {
            w.fail(path, e);
        }
        r
    }
}

impl<'de> Visitor<'de> for At<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.w.v.check(Shape::Bool, self.kind, self.format, self.name, self.path);
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<(), E> {
        self.visit_f64(n as f64)
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<(), E> {
        self.visit_f64(n as f64)
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<(), E> {
        self.w.v.check(Shape::Number(n), self.kind, self.format, self.name, self.path);
        Ok(())
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<(), E> {
        let (shape, items) = self.w.shape(s);
        if let (Descend::Array(_, limit), Some(n)) = (self.w.v.check(shape, self.kind, self.format, self.name, self.path), items) {
            if n > limit {
                self.w.v.too_many(self.path, n, limit, "items");
            }
        }
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.w.v.check(Shape::Null, self.kind, self.format, self.name, self.path);
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let At { w, name, path, .. } = self;
        match w.v.check(Shape::Array, self.kind, self.format, name, path) {
            Descend::Array(item, limit) => {
                let before = Checkpoint::of(&w.v);
                let mut i = 0;
                loop {
                    let at = Path::Index(path, i);
                    let more = if i == limit || w.v.truncated {
                        seq.next_element::<IgnoredAny>()?.is_some()
                    } else {
                        seq.next_element_seed(At { w: &mut *w, kind: *item, format: Format::Plain, name, path: &at })?.is_some()
                    };
                    if !more {
                        break;
                    }
                    i += 1;
                }
                if i > limit {
                    before.restore(&mut w.v);
                    w.v.too_many(path, i, limit, "items");
                }
                Ok(())
            }
            Descend::Any => any_seq(w, path, 1, seq),
            Descend::No | Descend::Object(_) => skip_seq(seq),
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let At { w, name, path, .. } = self;
        let schema = match w.v.check(Shape::Object, self.kind, self.format, name, path) {
            Descend::Object(schema) => schema,
            Descend::Any => return any_map(w, path, 1, map),
            Descend::No | Descend::Array(..) => return skip_map(map),
        };
        let (mut seen, mut next) = (0u64, 0);
        let (mut stopped, mut empty) = (false, true);
        while let Some(key) = map.next_key::<Key>()? {
            empty = false;
            stopped |= w.v.truncated;
            let at = Path::Key(path, &key.0);
            if stopped {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            match schema.field_from(&key.0, next) {
                Some((i, f)) => {
                    next = i + 1;
                    let bit = field_bit(i);
                    if seen & bit != 0 {
                        w.v.duplicate_key(&at);
                    }
                    seen |= bit;
                    w.v.field_start(f, &at);
                    map.next_value_seed(At { w: &mut *w, kind: f.kind, format: f.format, name: f.name, path: &at })?;
                }
                None => {
                    w.v.unknown_field(&key.0, schema, &at);
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !stopped {
            w.v.object_end(schema, path, seen, empty);
        }
        Ok(())
    }
}

/// Where the issue lists stood, to take back what was found inside an array or object
/// that turns out to exceed its limit: the limit is then its one issue, as when it is
/// counted before its entries are looked at.
struct Checkpoint {
    issues: usize,
    warnings: usize,
    truncated: bool,
}

impl Checkpoint {
    fn of(v: &Validation) -> Self {
        Checkpoint { issues: v.issues.len(), warnings: v.warnings.len(), truncated: v.truncated }
    }
    fn restore(self, v: &mut Validation) {
        v.issues.truncate(self.issues);
        v.warnings.truncate(self.warnings);
        v.truncated = self.truncated;
    }
}

/// An object key, borrowed from the text where it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(s)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s.to_string())))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// A free-form value at `level` inside an activity's `metadata`.
struct Any<'w, 'm, 'p> {
    w: &'w mut Walk<'m>,
    path: &'p Path<'p>,
    level: usize,
}

impl<'de> DeserializeSeed<'de> for Any<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let Any { w, path, level } = self;
        let r = d.deserialize_any(Any { w: &mut *w, path, level });
        if let Err(e) = &r {
            w.fail(path, e);
        }
        r
    }
}

impl<'de> Visitor<'de> for Any<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.w.v.check_any(Shape::Bool, self.path, self.level);
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<(), E> {
        self.visit_f64(n as f64)
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<(), E> {
        self.visit_f64(n as f64)
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<(), E> {
        self.w.v.check_any(Shape::Number(n), self.path, self.level);
        Ok(())
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<(), E> {
        let (shape, items) = self.w.shape(s);
        if self.w.v.check_any(shape, self.path, self.level) {
            if let Some(n) = items {
                self.w.v.too_many(self.path, n, MAX_METADATA_ARRAY_ITEMS, "items");
            }
        }
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.w.v.check_any(Shape::Null, self.path, self.level);
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        if self.w.v.check_any(Shape::Array, self.path, self.level) {
            any_seq(self.w, self.path, self.level, seq)
        } else {
            skip_seq(seq)
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        if self.w.v.check_any(Shape::Object, self.path, self.level) {
            any_map(self.w, self.path, self.level, map)
        } else {
            skip_map(map)
        }
    }
}

/// The items of a free-form array at `level`.
fn any_seq<'de, A: SeqAccess<'de>>(w: &mut Walk, path: &Path, level: usize, mut seq: A) -> Result<(), A::Error> {
    let before = Checkpoint::of(&w.v);
    let mut i = 0;
    loop {
        let at = Path::Index(path, i);
        let more = if i >= MAX_METADATA_ARRAY_ITEMS || w.v.truncated {
            seq.next_element::<IgnoredAny>()?.is_some()
        } else {
            seq.next_element_seed(Any { w: &mut *w, path: &at, level: level + 1 })?.is_some()
        };
        if !more {
            break;
        }
        i += 1;
    }
    if i > MAX_METADATA_ARRAY_ITEMS {
        before.restore(&mut w.v);
        w.v.too_many(path, i, MAX_METADATA_ARRAY_ITEMS, "items");
    }
    Ok(())
}

/// The entries of a free-form object at `level`.
fn any_map<'de, A: MapAccess<'de>>(w: &mut Walk, path: &Path, level: usize, mut map: A) -> Result<(), A::Error> {
    let before = Checkpoint::of(&w.v);
    let mut n = 0;
    while let Some(key) = map.next_key::<Key>()? {
        n += 1;
        let at = Path::Key(path, &key.0);
        if n > MAX_METADATA_KEYS || w.v.truncated || w.v.too_long(&key.0, &at) {
            map.next_value::<IgnoredAny>()?;
        } else {
            map.next_value_seed(Any { w: &mut *w, path: &at, level: level + 1 })?;
        }
    }
    if n > MAX_METADATA_KEYS {
        before.restore(&mut w.v);
        w.v.too_many(path, n, MAX_METADATA_KEYS, "keys");
    }
    Ok(())
}

fn skip_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

fn skip_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}
