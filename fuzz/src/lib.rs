//! Shared by the fuzz targets: a lead-shaped `Value` drawn from fuzzer bytes.
//!
//! Random bytes alone rarely spell `metaData` or `activities`, so keys come mostly from the
//! schema's own field names and values from every kind the core must handle, host-only
//! kinds (`Date`, values with no JSON form, non-finite numbers) included, as the marks the
//! JavaScript binding writes for them (see `convocore_leads::contract::Marks`).
use arbitrary::{Result, Unstructured};
use convocore_leads::contract::Marks;
use convocore_leads::contract::schema::{ACTIVITY, ASSIGNED_TO, LEAD, META_DATA, NOTE};
use convocore_leads::{Map, Value};

/// The prefix of the marks in the values drawn here.
pub const MARK_PREFIX: &str = "\0fuzz:";

/// The marks of the values drawn here, to pass to the core.
pub fn marks() -> Marks<'static> {
    Marks(MARK_PREFIX)
}

fn mark(kind: &str, what: &str) -> Value {
    Value::String([MARK_PREFIX, kind, ":", what].concat())
}

/// A number as serde_json holds it, or its mark when JSON cannot carry it.
fn number(n: f64) -> Value {
    if n.is_nan() {
        mark("number", "NaN")
    } else if n.is_infinite() {
        mark("number", if n > 0.0 { "Infinity" } else { "-Infinity" })
    } else {
        Value::from(n)
    }
}

/// A `Date` of this time as the binding marks it: JavaScript times are whole milliseconds,
/// NaN for an invalid Date; the text after `date:` may also be anything.
fn date(u: &mut Unstructured) -> Result<Value> {
    Ok(match u.int_in_range(0..=2u8)? {
        0 => {
            let ms: f64 = u.arbitrary()?;
            mark("date", &if ms.is_finite() { (ms.trunc() as i64).to_string() } else { "NaN".to_string() })
        }
        1 => mark("date", &u.arbitrary::<i64>()?.to_string()),
        _ => mark("date", &u.arbitrary::<String>()?),
    })
}

/// Deeper than the core's own limits need, shallow enough for the derived recursive
/// `Drop`/`PartialEq` of `Value`.
const MAX_DEPTH: u32 = 12;

fn key(u: &mut Unstructured) -> Result<String> {
    let schemas = [&LEAD, &META_DATA, &ASSIGNED_TO, &ACTIVITY, &NOTE];
    Ok(match u.int_in_range(0..=9u8)? {
        0 => u.arbitrary::<String>()?,
        1 => (*u.choose(&["__proto__", "constructor", "prototype", "id", "agentId", "ts", "metaData", "source", "stage", "notes", ""])?).to_string(),
        _ => {
            let s = u.choose(&schemas)?;
            if s.fields.is_empty() {
                return Ok(String::new());
            }
            u.choose(s.fields)?.name.to_string()
        }
    })
}

/// A value of any kind, nesting at most `depth` more levels.
pub fn value(u: &mut Unstructured, depth: u32) -> Result<Value> {
    let top = if depth == 0 { 7 } else { 9 };
    Ok(match u.int_in_range(0..=top)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => number(*u.choose(&[0.0, 1.0, -1.0, 0.5, 100.0, 1e300, f64::NAN, f64::INFINITY, -0.0, 8.64e15, 8.64e15 + 1.0])?),
        3 => match u.int_in_range(0..=2u8)? {
            0 => Value::from(u.arbitrary::<i64>()?),
            1 => Value::from(u.arbitrary::<u64>()?),
            _ => number(u.arbitrary()?),
        },
        4 => Value::String(u.arbitrary()?),
        5 => Value::String((*u.choose(convocore_leads::contract::schema::ENUMS)?.1.first().unwrap_or(&"")).to_string()),
        6 => date(u)?,
        7 => mark("value", &u.arbitrary::<String>()?),
        8 => {
            let n = u.int_in_range(0..=6u8)?;
            let mut items = Vec::new();
            for _ in 0..n {
                items.push(value(u, depth - 1)?);
            }
            Value::Array(items)
        }
        _ => Value::Object(object(u, depth - 1)?),
    })
}

/// An object with schema-biased keys.
pub fn object(u: &mut Unstructured, depth: u32) -> Result<Map<String, Value>> {
    let n = u.int_in_range(0..=10u8)?;
    let mut m = Map::new();
    for _ in 0..n {
        m.insert(key(u)?, value(u, depth)?);
    }
    Ok(m)
}

/// A lead-like object.
pub fn lead(u: &mut Unstructured) -> Result<Value> {
    Ok(Value::Object(object(u, MAX_DEPTH)?))
}

// Shared with the native tests (tests/contract_walk.rs): what both compare the walks with.
#[path = "../../tests/common/walks.rs"]
mod walks;
pub use walks::{has_duplicate_keys, sorted_issues};
