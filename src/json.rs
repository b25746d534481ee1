//! A small strict JSON (RFC 8259) parser and serializer for [`Value`].
//!
//! - Duplicate object keys: the last one wins (its value replaces the earlier one in place).
//! - Nesting deeper than [`MAX_DEPTH`] arrays/objects is an error (the parser never recurses
//!   past that bound, so hostile input such as a megabyte of `[` cannot overflow the stack).
//! - Numbers are `f64`; a number too large for `f64` (e.g. `1e999`) becomes an infinite
//!   `Number`, which validation then reports as `not_finite`.
//! - Lone UTF-16 surrogates in `\u` escapes are rejected (they cannot be held in a Rust string).

use std::borrow::Cow;

use crate::text::{push_uint, uint, zero_bytes, ONES};
use crate::value::{Map, Value};

/// Deepest nesting of arrays/objects accepted by [`parse`].
pub const MAX_DEPTH: usize = 128;

/// A JSON syntax error with a 1-based line and column (column counted in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// What is wrong.
    pub message: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl JsonError {
    /// `message at line L, column C`: the form of `Display`, joined by hand to keep
    /// `core::fmt` out of the wasm.
    pub fn describe(&self) -> String {
        let (line, column) = (uint(self.line as u64), uint(self.column as u64));
        [&self.message, " at line ", &line, ", column ", &column].concat()
    }
}

impl core::fmt::Display for JsonError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl std::error::Error for JsonError {}

/// The tokens of JSON text: whitespace, literals, numbers and strings. The parser and the
/// validation straight from text (`crate::validate_text`) both read through it, so the two
/// accept exactly the same grammar and read the same numbers and strings.
pub(crate) struct Lexer<'a> {
    text: &'a str,
    b: &'a [u8],
    pub(crate) pos: usize,
}

/// What the value at a position is: literals and numbers read whole, strings, arrays and
/// objects left at their first character.
#[derive(Clone, Copy)]
pub(crate) enum Token {
    Null,
    Bool(bool),
    Number(f64),
    String,
    Array,
    Object,
}

struct Parser<'a> {
    lx: Lexer<'a>,
    // Items and entries of the arrays and objects being parsed, so that each gets one
    // allocation of its final size instead of growing its own.
    items: Vec<Value>,
    entries: Vec<(String, Value)>,
}

/// Parses one JSON text (surrounding whitespace allowed).
pub fn parse(text: &str) -> Result<Value, JsonError> {
    // Scratch room for a full lead (its objects and arrays open at once) without regrowing.
    let mut p = Parser { lx: Lexer::new(text), items: Vec::with_capacity(16), entries: Vec::with_capacity(48) };
    let v = p.value(0)?;
    p.lx.end()?;
    Ok(v)
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Lexer { text, b: text.as_bytes(), pos: 0 }
    }

    pub(crate) fn err(&self, message: &str) -> JsonError {
        let end = self.pos.min(self.b.len());
        let mut line = 1;
        let mut column = 1;
        for c in self.text.get(..end).unwrap_or("").chars() {
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        JsonError { message: message.to_string(), line, column }
    }

    /// Only whitespace left.
    pub(crate) fn end(&mut self) -> Result<(), JsonError> {
        self.ws();
        if self.pos < self.b.len() {
            return Err(self.err("unexpected text after the JSON value"));
        }
        Ok(())
    }

    // Inlined by hand: the release profile optimizes for size and would keep this a call
    // per byte otherwise.
    #[inline(always)]
    pub(crate) fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    #[inline(always)]
    pub(crate) fn ws(&mut self) {
        let b = self.b;
        while self.pos < b.len() && matches!(b[self.pos], b' ' | b'\t' | b'\n' | b'\r') {
            self.pos += 1;
        }
    }

    pub(crate) fn lit(&mut self, word: &str) -> Result<(), JsonError> {
        if self.b.get(self.pos..self.pos + word.len()) == Some(word.as_bytes()) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.err("invalid literal"))
        }
    }

    /// The [`Token`] at `pos`, after any whitespace, for a value at nesting `depth`. Inline:
    /// it runs for every value, and its result went through memory.
    #[inline(always)]
    pub(crate) fn token(&mut self, depth: usize) -> Result<Token, JsonError> {
        self.ws();
        Ok(match self.peek() {
            None => return Err(self.err("unexpected end of input")),
            Some(b'n') => self.lit("null").map(|()| Token::Null)?,
            Some(b't') => self.lit("true").map(|()| Token::Bool(true))?,
            Some(b'f') => self.lit("false").map(|()| Token::Bool(false))?,
            Some(b'"') => Token::String,
            Some(b'-' | b'0'..=b'9') => Token::Number(self.number()?),
            Some(b'[' | b'{') if depth >= MAX_DEPTH => return Err(self.err("nesting too deep")),
            Some(b'[') => Token::Array,
            Some(b'{') => Token::Object,
            Some(_) => return Err(self.err("unexpected character")),
        })
    }

    #[inline(always)]
    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    /// Not inline: `token`, which calls it, is inline at each of its callers.
    #[inline(never)]
    pub(crate) fn number(&mut self) -> Result<f64, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.err("leading zeros are not allowed"));
                }
            }
            Some(b'1'..=b'9') => {
                // A whole number of at most 19 digits, the usual case, is read in the pass that
                // finds its digits: it fits a `u64`, whose conversion rounds correctly.
                let (b, mut i, mut n) = (self.b, self.pos, 0u64);
                while let Some(&c @ b'0'..=b'9') = b.get(i) {
                    n = n.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
                    i += 1;
                }
                let whole = i - self.pos <= 19 && !matches!(b.get(i), Some(b'.' | b'e' | b'E'));
                self.pos = i;
                if whole {
                    let n = n as f64;
                    return Ok(if b.get(start) == Some(&b'-') { -n } else { n });
                }
            }
            _ => return Err(self.err("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.err("expected digits after '.'"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.err("expected digits in the exponent"));
            }
        }
        let s = self.text.get(start..self.pos).unwrap_or("");
        if let Some(n) = exact_decimal(s.as_bytes()) {
            return Ok(n);
        }
        crate::float::parse(s).ok_or_else(|| self.err("invalid number"))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut n = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(self.err("expected 4 hex digits in \\u escape")),
            };
            n = n * 16 + d as u32;
            self.pos += 1;
        }
        Ok(n)
    }

    /// An object key and its colon, after any whitespace.
    pub(crate) fn key(&mut self) -> Result<Cow<'a, str>, JsonError> {
        self.ws();
        if self.peek() != Some(b'"') {
            return Err(self.err("expected a string key"));
        }
        let key = self.string()?;
        self.ws();
        if self.peek() != Some(b':') {
            return Err(self.err("expected ':'"));
        }
        self.pos += 1;
        Ok(key)
    }


    /// After an item of an array (`close` `]`) or object (`}`): whether another follows;
    /// `None` when neither a `,` nor `close` does (see [`Lexer::more_or_err`]). No error is
    /// made here: a result that fits a register, for a step taken after every item, inline.
    #[inline(always)]
    pub(crate) fn more(&mut self, close: u8) -> Option<bool> {
        self.ws();
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Some(true)
            }
            Some(c) if c == close => {
                self.pos += 1;
                Some(false)
            }
            _ => None,
        }
    }

    /// [`Lexer::more`], with the parser's error.
    fn more_or_err(&mut self, close: u8) -> Result<bool, JsonError> {
        self.more(close).ok_or_else(|| self.err(if close == b']' { "expected ',' or ']'" } else { "expected ',' or '}'" }))
    }

    /// Past `open` (`[` or `{`) and any whitespace: whether the array or object is empty
    /// (its `close` is consumed then).
    pub(crate) fn open(&mut self, close: u8) -> bool {
        self.pos += 1;
        self.ws();
        if self.peek() == Some(close) {
            self.pos += 1;
            return true;
        }
        false
    }

    /// The string at `pos` (at its opening quote): borrowed from the text when it has no
    /// escapes (the common case), so that reading it costs no allocation. Inline: returned
    /// through memory, its `Cow` was copied back with loads wider than its stores, which
    /// stalls the CPU (store forwarding fails) on every string the text validation reads.
    #[inline(always)]
    pub(crate) fn string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        self.pos += 1; // opening quote
        let start = self.pos;
        self.plain_run();
        if self.peek() == Some(b'"') {
            self.pos += 1;
            // Stops only at ASCII bytes, so the slice is on char boundaries.
            return Ok(Cow::Borrowed(self.text.get(start..self.pos - 1).unwrap_or("")));
        }
        self.escaped(start).map(Cow::Owned)
    }

    /// Past the bytes of string content that need no decoding.
    #[inline(always)]
    fn plain_run(&mut self) {
        self.pos = plain_end(self.b, self.pos);
    }

    /// The string from `start` on, decoded, at its first escape (or end, or error) at `pos`.
    fn escaped(&mut self, start: usize) -> Result<String, JsonError> {
        let mut out = String::new();
        let mut run = start;
        loop {
            // Stops only at ASCII bytes, so the slice is on char boundaries.
            out.push_str(self.text.get(run..self.pos).unwrap_or(""));
            match self.peek() {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = self.peek();
                    self.pos += 1;
                    match c {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if self.b.get(self.pos..self.pos + 2) != Some(b"\\u") {
                                    return Err(self.err("lone surrogate in \\u escape"));
                                }
                                self.pos += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("lone surrogate in \\u escape"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else if (0xDC00..0xE000).contains(&hi) {
                                return Err(self.err("lone surrogate in \\u escape"));
                            } else {
                                hi
                            };
                            match char::from_u32(code) {
                                Some(ch) => out.push(ch),
                                None => return Err(self.err("invalid \\u escape")),
                            }
                        }
                        _ => {
                            self.pos -= 1;
                            return Err(self.err("invalid escape"));
                        }
                    }
                }
                Some(_) => return Err(self.err("control character in string")),
            }
            run = self.pos;
            self.plain_run();
        }
    }
}

impl Parser<'_> {
    /// The value at `pos`, after any whitespace.
    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        let lx = &mut self.lx;
        match lx.token(depth)? {
            Token::Null => Ok(Value::Null),
            Token::Bool(b) => Ok(Value::Bool(b)),
            Token::Number(n) => Ok(Value::Number(n)),
            Token::String => lx.string().map(|s| Value::String(s.into_owned())),
            Token::Array => {
                if lx.open(b']') {
                    return Ok(Value::Array(Vec::new()));
                }
                let start = self.items.len();
                loop {
                    let item = self.value(depth + 1)?;
                    self.items.push(item);
                    if !self.lx.more_or_err(b']')? {
                        return Ok(Value::Array(self.items.split_off(start)));
                    }
                }
            }
            Token::Object => {
                if lx.open(b'}') {
                    return Ok(Value::Object(Map::new()));
                }
                let start = self.entries.len();
                loop {
                    let key = self.lx.key()?.into_owned();
                    let v = self.value(depth + 1)?;
                    self.entries.push((key, v));
                    if !self.lx.more_or_err(b'}')? {
                        return Ok(Value::Object(Map::from_entries(self.entries.split_off(start))));
                    }
                }
            }
        }
    }
}

/// Where the run of bytes from `from` on that a JSON string holds as they are (no `"`, `\\`
/// or control byte) ends: read when parsing, written when serializing. The position is kept
/// in a local (stored back on every byte otherwise).
fn plain_end(b: &[u8], from: usize) -> usize {
    let mut i = from;
    // Eight bytes at a time, to the first byte that ends the run.
    while let Some(Ok(word)) = b.get(i..i + 8).map(<&[u8; 8]>::try_from) {
        let ends = run_ends(u64::from_le_bytes(*word));
        if ends != 0 {
            return i + (ends.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && !matches!(b[i], b'"' | b'\\' | 0..=0x1f) {
        i += 1;
    }
    i
}

/// The bytes of `word` (little-endian) that may end a run of plain string content (`"`,
/// `\\` or a control byte), as their high bits: `text::zero_bytes` of the word XOR each of
/// the two, and the same test for bytes below 0x20. The lowest one marked is exact; above
/// it a borrow may mark more. None is marked when no byte ends the run.
#[inline(always)]
fn run_ends(word: u64) -> u64 {
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & (ONES << 7);
    zero_bytes(word ^ (ONES * u64::from(b'"'))) | zero_bytes(word ^ (ONES * u64::from(b'\\'))) | below_space
}

/// The value of a syntactically valid JSON number when a single exact operation gives it:
/// at most 15 digits (exact in an `f64`) with no exponent, divided by an exact power of ten,
/// so the one division rounds correctly (Clinger's fast path). `None` otherwise.
fn exact_decimal(s: &[u8]) -> Option<f64> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let (negative, digits) = match s {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, s),
    };
    let mut mantissa = 0u64;
    let mut count = 0;
    let mut scale = None;
    for &c in digits {
        match c {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(c - b'0');
                count += 1;
                if count > 15 {
                    return None;
                }
                if let Some(k) = &mut scale {
                    *k += 1;
                }
            }
            b'.' => scale = Some(0),
            _ => return None, // an exponent
        }
    }
    let n = mantissa as f64 / POW10.get(scale.unwrap_or(0))?;
    Some(if negative { -n } else { n })
}

/// Compact JSON. `Date` is written as its epoch-millisecond number, non-finite numbers and
/// `Foreign` values as `null` (only reachable for input that does not validate).
pub fn to_string(v: &Value) -> String {
    let mut out = String::with_capacity(256);
    write(&mut out, v, None, 0);
    out
}

/// JSON indented with two spaces.
pub fn to_string_pretty(v: &Value) -> String {
    let mut out = String::new();
    write(&mut out, v, Some(2), 0);
    out
}

fn newline(out: &mut String, indent: Option<usize>, level: usize) {
    if let Some(n) = indent {
        out.push('\n');
        for _ in 0..n * level {
            out.push(' ');
        }
    }
}

fn write(out: &mut String, v: &Value, indent: Option<usize>, level: usize) {
    match v {
        Value::Null | Value::Foreign(_) => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) | Value::Date(n) => write_number(out, *n),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent, level + 1);
                write(out, item, indent, level + 1);
            }
            if !items.is_empty() {
                newline(out, indent, level);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent, level + 1);
                write_string(out, k);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                write(out, item, indent, level + 1);
            }
            if !map.is_empty() {
                newline(out, indent, level);
            }
            out.push('}');
        }
    }
}

/// Writes a number the way JavaScript's `JSON.stringify` does: integers without ".0",
/// `-0` as `0`, non-finite as `null`.
pub(crate) fn write_number(out: &mut String, n: f64) {
    const EXACT_INTEGERS: f64 = 9_007_199_254_740_992.0; // 2^53
    if !n.is_finite() {
        out.push_str("null");
    } else if n.trunc() == n && n.abs() < EXACT_INTEGERS {
        // The common case, without float formatting: below 2^53 the exact digits are the
        // shortest ones.
        if n < 0.0 {
            out.push('-');
        }
        push_uint(out, n.abs() as u64);
    } else {
        crate::float::format(out, n);
    }
}

/// Writes `[item,item,...]`, each item by `write_item`.
pub(crate) fn write_array<T>(out: &mut String, items: impl IntoIterator<Item = T>, mut write_item: impl FnMut(&mut String, T)) {
    out.push('[');
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_item(out, item);
    }
    out.push(']');
}

/// Writes `s` as a JSON string literal, copying the runs between escapes whole.
pub(crate) fn write_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut run = 0;
    loop {
        let i = plain_end(s.as_bytes(), run);
        // Escapes are ASCII, so `run..i` lies on char boundaries.
        out.push_str(s.get(run..i).unwrap_or(""));
        let Some(&b) = s.as_bytes().get(i) else { break };
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            _ => "\\u00",
        };
        out.push_str(escape);
        if escape.len() == 4 {
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
        run = i + 1;
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_ends_finds_the_first_quote_backslash_or_control_byte() {
        let ends = |c: u8| matches!(c, b'"' | b'\\' | 0..=0x1f);
        // Every pair of bytes at every pair of places: the tests borrow across bytes.
        for x in 0..=255u8 {
            for y in 0..=255u8 {
                for i in 0..8 {
                    for j in i + 1..8 {
                        let mut word = [b'a'; 8];
                        word[i] = x;
                        word[j] = y;
                        let marked = run_ends(u64::from_le_bytes(word));
                        let first = word.iter().position(|&c| ends(c));
                        assert_eq!((marked != 0).then(|| marked.trailing_zeros() as usize / 8), first, "{word:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        let mut cases: Vec<String> = (0..0x80u8).map(|b| format!("ab{}cdefghijkl{}", b as char, b as char)).collect();
        cases.extend(["", "\"", "plain text longer than eight bytes", "ünï\u{1}cødé ✓ \u{2028}", "\\\\\"\n"].map(String::from));
        for s in cases {
            let mut out = String::new();
            write_string(&mut out, &s);
            assert_eq!(out, serde_json::to_string(&s).unwrap());
        }
    }

    #[test]
    fn fast_numbers_equal_the_exact_parse() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut cases: Vec<String> = ["0", "-0", "0.1", "-0.000001", "123456789012345", "0.3", "99.99", "1.7976931348623157"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            // Up to 18 digits, with the point anywhere (or none, or after a leading "0").
            let digits = (seed % 1_000_000_000_000_000_000).to_string();
            let cut = (seed >> 50) as usize % (digits.len() + 2);
            let mut s = String::from(if seed & 1 == 1 { "-" } else { "" });
            match cut {
                0 => s.push_str(&digits),
                c if c >= digits.len() => s.push_str(&format!("0.{digits}")),
                c => s.push_str(&format!("{}.{}", &digits[..c], &digits[c..])),
            }
            cases.push(s);
        }
        for s in cases {
            let exact = s.parse::<f64>().unwrap();
            match parse(&s) {
                Ok(Value::Number(n)) => assert_eq!(n.to_bits(), exact.to_bits(), "{s}"),
                other => panic!("{s}: {other:?}"),
            }
        }
    }
}
