//! Validation straight from JSON text, with no `Value` tree built: the text is read token by
//! token by the parser's own `json::Lexer` and each value is checked as it is read, by the same
//! [`Validation`] rules as a tree (`Validation::check` and the methods around it).
//!
//! What the one pass cannot decide the way a tree would, it does not try: a duplicate key
//! (the tree keeps the last value, at the first one's place), a key with escapes, an array or
//! `metadata` object longer than its limit (the tree reports those before looking inside),
//! an object with more than 16 keys outside its schema (see `Reader::new_key`), and any
//! syntax error. The reader gives up on them and the text is parsed and validated as
//! a tree instead, which also makes the parser's error message.
use std::borrow::Cow;

use crate::json::{self, JsonError, Lexer, Token};
use crate::schema::limits::{MAX_METADATA_ARRAY_ITEMS, MAX_METADATA_KEYS};
use crate::schema::{Format, Kind, ObjectSchema, UPDATE_LEAD_BODY};
use crate::text::same;
use crate::validate::{field_bit, validate, Descend, Path, Shape, Validation};

/// Validates a request body `{agentId, lead}` given as JSON text: the result of
/// [`crate::validate_update_lead`] on the parsed text, or the parse error.
pub fn validate_update_lead_json(text: &str) -> Result<Validation, JsonError> {
    match Reader::read(text, &UPDATE_LEAD_BODY) {
        Some(validation) => Ok(validation),
        None => json::parse(text).map(|body| validate(&body, &UPDATE_LEAD_BODY)),
    }
}

/// How many keys an object may have, besides the fields of its schema, for the reader.
const LINEAR_KEYS: usize = crate::value::INDEXED_FROM;

/// The reader gave up (see the module documentation).
struct GiveUp;

impl From<JsonError> for GiveUp {
    fn from(_: JsonError) -> Self {
        GiveUp
    }
}

type Read = Result<(), GiveUp>;

struct Reader<'a> {
    lx: Lexer<'a>,
    v: Validation,
    /// The keys read so far of the objects open, where they are not schema fields (those
    /// are a bit each), to find duplicates.
    keys: Vec<&'a str>,
}

impl<'a> Reader<'a> {
    fn read(text: &'a str, schema: &'static ObjectSchema) -> Option<Validation> {
        let mut r = Reader { lx: Lexer::new(text), v: Validation::default(), keys: Vec::new() };
        r.value(Kind::Object(schema), Format::Plain, "", &Path::Root(""), 0).ok()?;
        r.lx.end().ok()?;
        Some(r.v)
    }

    /// A value of `kind` at nesting `depth`, checked.
    fn value(&mut self, kind: Kind, format: Format, name: &str, path: &Path, depth: usize) -> Read {
        let token = self.lx.token(depth)?;
        let descend = if let Token::String = token {
            let s = self.lx.string()?;
            self.v.check(Shape::String(text(&s)), kind, format, name, path)
        } else {
            let descend = self.v.check(shape(token), kind, format, name, path);
            if matches!(descend, Descend::No) && matches!(token, Token::Array | Token::Object) {
                return self.skip(depth);
            }
            descend
        };
        match descend {
            Descend::No => Ok(()),
            Descend::Object(schema) => self.object(schema, path, depth),
            Descend::Array(item, limit) => self.array(item, limit, name, path, depth),
            Descend::Any => self.any(path, 1, depth, true),
        }
    }

    /// An object key, borrowed from the text; gives up on keys with escapes.
    fn key(&mut self) -> Result<&'a str, GiveUp> {
        match self.lx.key()? {
            Cow::Borrowed(k) => Ok(k),
            Cow::Owned(_) => Err(GiveUp),
        }
    }

    /// Records `key` among the keys of the object whose keys start at `from`; gives up on a
    /// duplicate, and on more keys than are worth searching one by one: each key is looked
    /// for among those before it, so a hostile object of n such keys would cost O(n²). The
    /// parser's maps are indexed from as many keys on.
    fn new_key(&mut self, from: usize, key: &'a str) -> Read {
        let seen = self.keys.get(from..).unwrap_or_default();
        if seen.len() == LINEAR_KEYS || seen.iter().any(|k| same(k, key)) {
            return Err(GiveUp);
        }
        self.keys.push(key);
        Ok(())
    }

    /// The entries of an object of `schema`, at its `{`. Once the issue list is full, the
    /// rest is only read, as the tree walk stops there.
    fn object(&mut self, schema: &'static ObjectSchema, path: &Path, depth: usize) -> Read {
        let (mut seen, mut next) = (0, 0);
        let from = self.keys.len();
        let mut stopped = false;
        if !self.lx.open(b'}') {
            loop {
                let expected = schema.fields.get(next).filter(|f| self.lx.key_is(f.name));
                let (key, field) = match expected {
                    Some(f) => (f.name, Some((next, f))),
                    None => {
                        let key = self.key()?;
                        (key, schema.field_from(key, next))
                    }
                };
                match field {
                    Some((i, _)) => {
                        next = i + 1;
                        let bit = field_bit(i);
                        if seen & bit != 0 {
                            return Err(GiveUp);
                        }
                        seen |= bit;
                    }
                    None => self.new_key(from, key)?,
                }
                stopped |= self.v.truncated;
                let p = Path::Key(path, key);
                match field {
                    _ if stopped => self.skip(depth + 1)?,
                    Some((_, f)) => {
                        self.v.field_start(f, &p);
                        self.value(f.kind, f.format, f.name, &p, depth + 1)?;
                    }
                    None => {
                        self.v.unknown_field(key, schema, &p);
                        self.skip(depth + 1)?;
                    }
                }
                if !self.lx.more(b'}').ok_or(GiveUp)? {
                    break;
                }
            }
        }
        self.keys.truncate(from);
        if !stopped {
            self.v.object_end(schema, path, seen);
        }
        Ok(())
    }

    /// The items of an array of `item`s, at its `[`.
    fn array(&mut self, item: &Kind, limit: usize, name: &str, path: &Path, depth: usize) -> Read {
        if self.lx.open(b']') {
            return Ok(());
        }
        let mut stopped = false;
        for i in 0.. {
            if i == limit {
                return Err(GiveUp);
            }
            stopped |= self.v.truncated;
            if stopped {
                self.skip(depth + 1)?;
            } else {
                self.value(*item, Format::Plain, name, &Path::Index(path, i), depth + 1)?;
            }
            if !self.lx.more(b']').ok_or(GiveUp)? {
                break;
            }
        }
        Ok(())
    }

    /// A free-form value at `level` inside `metadata` (and nesting `depth` in the text);
    /// with `check` false the value is only read (skipped), wherever it is.
    fn any(&mut self, path: &Path, level: usize, depth: usize, check: bool) -> Read {
        let token = self.lx.token(depth)?;
        if let Token::String = token {
            let s = self.lx.string()?;
            if check {
                self.v.check_any(Shape::String(text(&s)), path, level);
            }
            return Ok(());
        }
        let check = check && self.v.check_any(shape(token), path, level);
        let close = match token {
            Token::Array => b']',
            Token::Object => b'}',
            _ => return Ok(()),
        };
        let from = self.keys.len();
        if !self.lx.open(close) {
            for i in 0.. {
                if close == b']' {
                    if check && i == MAX_METADATA_ARRAY_ITEMS {
                        return Err(GiveUp);
                    }
                    self.any(&Path::Index(path, i), level + 1, depth + 1, check)?;
                } else {
                    let key = self.lx.key()?;
                    let mut check_item = check;
                    if check {
                        let Cow::Borrowed(key) = key else { return Err(GiveUp) };
                        if i == MAX_METADATA_KEYS {
                            return Err(GiveUp);
                        }
                        self.new_key(from, key)?;
                        check_item = !self.v.too_long(key, &Path::Key(path, key));
                    }
                    self.any(&Path::Key(path, text(&key)), level + 1, depth + 1, check_item)?;
                }
                if !self.lx.more(close).ok_or(GiveUp)? {
                    break;
                }
            }
        }
        self.keys.truncate(from);
        Ok(())
    }

    /// Reads the value at `pos` without checking it against anything.
    fn skip(&mut self, depth: usize) -> Read {
        self.any(&Path::Root(""), 0, depth, false)
    }
}

/// The text of a string as read, inline (`Cow`'s own `Deref` stays a call per string at
/// the size-optimizing opt-level).
#[inline(always)]
#[allow(clippy::ptr_arg)] // the point is to take the `Cow` itself, not what it derefs to
fn text<'c>(s: &'c Cow<str>) -> &'c str {
    match s {
        Cow::Borrowed(s) => s,
        Cow::Owned(s) => s,
    }
}

/// The shape of a token other than a string (whose content is read apart).
fn shape(token: Token) -> Shape<'static> {
    match token {
        Token::Null => Shape::Null,
        Token::Bool(_) => Shape::Bool,
        Token::Number(n) => Shape::Number(n),
        Token::Array => Shape::Array,
        Token::Object => Shape::Object,
        Token::String => Shape::String(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Correctness is tests/core_text_validation.rs; this is that the usual bodies, valid or
    // not, are read in the one pass rather than handed to the parser.
    #[test]
    fn usual_bodies_are_read_without_the_parser() {
        let keys = |n| (0..n).map(|i| format!("\"x{i}\":1")).collect::<Vec<_>>().join(",");
        let many = keys(LINEAR_KEYS);
        for text in [
            r#"{"agentId":"a","lead":{"name":"Ann","metaData":{"stage":"won","notes":"x"}}}"#.to_string(),
            r#"{"agentId":1,"lead":{"email":"no","ts":"x","crmActivities":[{"type":"Cal","metadata":{"a":[1,{"b":"c"}]},"notesHistory":[{"text":""}]}]}}"#.to_string(),
            format!(r#"{{"agentId":"a","lead":{{"name":"Ann",{many}}}}}"#),
            format!(r#"{{"agentId":"a","lead":{{"crmActivities":[{{"type":"Call","metadata":{{{many}}}}}]}}}}"#),
        ] {
            let read = Reader::read(&text, &UPDATE_LEAD_BODY);
            assert_eq!(read, Some(validate(&json::parse(&text).unwrap(), &UPDATE_LEAD_BODY)), "{text}");
        }
        // One key more than are searched one by one: the parser's indexed maps take over.
        let more = keys(LINEAR_KEYS + 1);
        for text in [
            format!(r#"{{"agentId":"a","lead":{{{more}}}}}"#),
            format!(r#"{{"agentId":"a","lead":{{"crmActivities":[{{"type":"Call","metadata":{{{more}}}}}]}}}}"#),
        ] {
            assert_eq!(Reader::read(&text, &UPDATE_LEAD_BODY), None, "{text}");
        }
    }
}
