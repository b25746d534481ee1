//! The host-neutral value model: JSON plus the two host-only kinds `Date` and `Foreign`.

use std::collections::BTreeMap;

use crate::text::same;

/// A JSON-like value as received from a host (JSON text, or a JS value converted by a binding).
///
/// Validation never descends a value without a bound, but `Drop`, `Clone`, `PartialEq` and
/// `Debug` are the derived recursive ones: whoever builds a `Value` must bound its depth.
/// [`crate::json::parse`] stops at [`crate::json::MAX_DEPTH`]; a binding converting host values
/// should stop at the same depth (e.g. with a `Foreign("nesting too deep")` leaf, which
/// validation then reports).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// JSON `null`.
    Null,
    /// JSON `true` / `false`.
    Bool(bool),
    /// A JSON number (always `f64`; may be non-finite when it comes from a host).
    Number(f64),
    /// A JSON string.
    String(String),
    /// A JSON array.
    Array(Vec<Value>),
    /// A JSON object (insertion ordered).
    Object(Map),
    /// A date coming from a host (e.g. a JS `Date`), in milliseconds since the Unix epoch.
    /// `NaN` marks an invalid date.
    Date(f64),
    /// A host value that has no JSON form; the string describes it ("BigInt", "function",
    /// "symbol", "undefined in an array", "cyclic reference", "instance of Map", ...).
    Foreign(String),
}

impl Value {
    /// The string, if this is a `String`.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    /// The number, if this is a `Number`.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }
    /// The map, if this is an `Object`.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }
    /// The mutable map, if this is an `Object`.
    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }
    /// The items, if this is an `Array`.
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }
    /// Whether this is `Null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
    /// A short English name of the kind of value, used in messages.
    pub fn kind_name(&self) -> &'static str {
        crate::validate::Shape::of(self).kind_name()
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}
impl From<f64> for Value {
    fn from(n: f64) -> Self {
        Value::Number(n)
    }
}
impl From<i32> for Value {
    fn from(n: i32) -> Self {
        Value::Number(n as f64)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
impl From<Map> for Value {
    fn from(m: Map) -> Self {
        Value::Object(m)
    }
}
impl From<Vec<Value>> for Value {
    fn from(a: Vec<Value>) -> Self {
        Value::Array(a)
    }
}

/// An insertion-ordered string-keyed map with unique keys.
///
/// Equality ignores order: two maps are equal when they hold the same keys with equal values.
///
/// Small maps are searched linearly; from `INDEXED_FROM` (16) entries on a B-tree index keeps
/// lookups and inserts O(log n), so hostile objects with 100,000 keys cost n log n, not
/// quadratic, time. Not a hash map: std has no randomness on `wasm32-unknown-unknown`, so its
/// SipHash seed would come from a stack and a heap address, and keys made to collide could be
/// searched for offline (SECURITY.md).
#[derive(Debug, Default)]
pub struct Map {
    entries: Vec<(String, Value)>,
    /// Key to position in `entries`; `None` while the map is small. Boxed, so that maps and
    /// the values holding them stay small.
    #[allow(clippy::box_collection)]
    index: Option<Box<BTreeMap<String, usize>>>,
}

pub(crate) const INDEXED_FROM: usize = 16;

impl Map {
    /// An empty map.
    pub fn new() -> Self {
        Map::default()
    }
    /// The map of `entries` in their order; of duplicate keys the last value wins, at the
    /// place of the first (as with [`Map::insert`]). Takes the vector as it is when its keys
    /// are unique (the usual case), instead of moving each entry in with a lookup.
    pub(crate) fn from_entries(entries: Vec<(String, Value)>) -> Self {
        let mut map = Map { entries, index: None };
        map.reindex();
        let unique = match &map.index {
            Some(index) => index.len() == map.entries.len(),
            None => {
                let e = &map.entries;
                (1..e.len()).all(|i| e[..i].iter().all(|(k, _)| !same(k, &e[i].0)))
            }
        };
        if unique {
            return map;
        }
        let mut deduped = Map::new();
        for (k, v) in map.entries {
            deduped.insert_key(k, v);
        }
        deduped
    }
    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            None => self.entries.iter().position(|(k, _)| same(k, key)),
            Some(index) => index.get(key).copied(),
        }
    }
    fn reindex(&mut self) {
        self.index = None;
        if self.entries.len() >= INDEXED_FROM {
            let mut index = Box::<BTreeMap<String, usize>>::default();
            for (i, (k, _)) in self.entries.iter().enumerate() {
                index_key(&mut index, k.clone(), i);
            }
            self.index = Some(index);
        }
    }
    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.position(key).map(|i| &self.entries[i].1)
    }
    /// The mutable value under `key`.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.position(key).map(|i| &mut self.entries[i].1)
    }
    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_some()
    }
    /// Sets `key` to `value`: replaces in place if present (keeping its position), else appends.
    /// Returns the previous value.
    pub fn insert(&mut self, key: impl Into<String>, value: Value) -> Option<Value> {
        self.insert_key(key.into(), value)
    }
    // One body for every key type `insert` takes.
    fn insert_key(&mut self, key: String, value: Value) -> Option<Value> {
        if let Some(i) = self.position(&key) {
            return Some(core::mem::replace(&mut self.entries[i].1, value));
        }
        if let Some(index) = &mut self.index {
            index_key(index, key.clone(), self.entries.len());
        }
        self.entries.push((key, value));
        if self.entries.len() == INDEXED_FROM {
            self.reindex();
        }
        None
    }
    /// Removes `key`, keeping the order of the others. Returns the removed value.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let pos = self.position(key)?;
        let (_, value) = self.entries.remove(pos);
        if self.index.is_some() {
            self.reindex();
        }
        Some(value)
    }
    /// The entries in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }
    /// The entries in insertion order, values mutable.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&String, &mut Value)> {
        self.entries.iter_mut().map(|(k, v)| (&*k, v))
    }
    /// The keys in insertion order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.entries.iter().map(|(k, _)| k)
    }
    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// One copy of the B-tree's insertion in the wasm, not one inlined per caller (or a second,
/// bulk-building one for `collect`).
#[inline(never)]
fn index_key(index: &mut BTreeMap<String, usize>, key: String, at: usize) {
    index.insert(key, at);
}

impl Clone for Map {
    /// The index is made again rather than cloned: one way of filling a B-tree in the wasm.
    fn clone(&self) -> Self {
        let mut map = Map { entries: self.entries.clone(), index: None };
        map.reindex();
        map
    }
}

impl PartialEq for Map {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl<K: Into<String>> FromIterator<(K, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (K, Value)>>(iter: I) -> Self {
        let mut m = Map::new();
        for (k, v) in iter {
            m.insert(k, v);
        }
        m
    }
}

impl IntoIterator for Map {
    type Item = (String, Value);
    type IntoIter = std::vec::IntoIter<(String, Value)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}
