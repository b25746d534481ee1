//! What the differential test of the walk (tests/contract_walk.rs) and the `validate` fuzz
//! target (fuzz/, which includes this file) compare with.
use convocore_leads::Issue;

/// Issues as sorted text: the walk of a text reports them in the order of its keys, the walk
/// of its parsed value (serde_json's B-tree maps) in sorted key order.
pub fn sorted_issues(issues: &[Issue]) -> Vec<String> {
    let mut v: Vec<_> = issues.iter().map(|i| format!("{i:?}")).collect();
    v.sort();
    v
}

/// Whether JSON `text` has an object with a key twice: serde_json's value keeps the last,
/// the walk of the text sees both (and reports a schema field given twice). `false` for text
/// that is not JSON.
pub fn has_duplicate_keys(text: &str) -> bool {
    use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
    struct Dups;
    impl<'de> Visitor<'de> for Dups {
        type Value = bool;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("json")
        }
        fn visit_bool<E>(self, _: bool) -> std::result::Result<bool, E> {
            Ok(false)
        }
        fn visit_i64<E>(self, _: i64) -> std::result::Result<bool, E> {
            Ok(false)
        }
        fn visit_u64<E>(self, _: u64) -> std::result::Result<bool, E> {
            Ok(false)
        }
        fn visit_f64<E>(self, _: f64) -> std::result::Result<bool, E> {
            Ok(false)
        }
        fn visit_str<E>(self, _: &str) -> std::result::Result<bool, E> {
            Ok(false)
        }
        fn visit_unit<E>(self) -> std::result::Result<bool, E> {
            Ok(false)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> std::result::Result<bool, A::Error> {
            let mut any = false;
            while let Some(d) = s.next_element_seed(Seed)? {
                any |= d;
            }
            Ok(any)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> std::result::Result<bool, A::Error> {
            let mut keys = std::collections::HashSet::new();
            let mut any = false;
            while let Some(k) = m.next_key::<String>()? {
                any |= !keys.insert(k);
                any |= m.next_value_seed(Seed)?;
            }
            Ok(any)
        }
    }
    struct Seed;
    impl<'de> DeserializeSeed<'de> for Seed {
        type Value = bool;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<bool, D::Error> {
            d.deserialize_any(Dups)
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    Seed.deserialize(&mut de).unwrap_or(false)
}
