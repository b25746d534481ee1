#![cfg(not(target_arch = "wasm32"))]
use convocore_leads::json::{parse, to_string, to_string_pretty, MAX_DEPTH};
use convocore_leads::{Map, Value};

#[test]
fn parses_scalars_and_containers() {
    assert_eq!(parse("null").unwrap(), Value::Null);
    assert_eq!(parse(" true ").unwrap(), Value::Bool(true));
    assert_eq!(parse("false").unwrap(), Value::Bool(false));
    assert_eq!(parse("[]").unwrap(), Value::Array(vec![]));
    assert_eq!(parse("{}").unwrap(), Value::Object(Map::new()));
    let v = parse(r#"{"a": [1, "x", {"b": null}], "c": -0.5}"#).unwrap();
    let m = v.as_object().unwrap();
    assert_eq!(m.keys().collect::<Vec<_>>(), ["a", "c"]);
    assert_eq!(m.get("c"), Some(&Value::Number(-0.5)));
}

#[test]
fn numbers() {
    for (t, n) in [("0", 0.0), ("-0", -0.0), ("12", 12.0), ("1.5e3", 1500.0), ("1E-2", 0.01), ("-7.25", -7.25), ("1e+2", 100.0)] {
        assert_eq!(parse(t).unwrap(), Value::Number(n), "{}", t);
    }
    for bad in ["01", "1.", ".5", "+1", "-", "1e", "1e+", "0x10", "NaN", "Infinity", "-Infinity", "1.e5"] {
        assert!(parse(bad).is_err(), "{} should fail", bad);
    }
    // Whole numbers up to 19 digits take a one-pass path, longer ones and fractions the other:
    // both give what Rust's own parser gives, rounded.
    for t in ["7", "-7", "10", "1745107200000", "-1745107200000", "999999999999999", "-999999999999999", "1000000000000000",
        "9007199254740993", "9999999999999999999", "12345678901234567890", "99999999999999999999", "123456789012345678901234567890",
        "12.5", "12e3", "-12E-3", "100.000"] {
        assert_eq!(parse(t).unwrap(), Value::Number(t.parse().unwrap()), "{t}");
        assert_eq!(parse(&format!("[{t}]")).unwrap(), Value::Array(vec![Value::Number(t.parse().unwrap())]), "{t}");
    }
    // Too large for f64: parses to infinity (validation reports not_finite).
    assert_eq!(parse("1e999").unwrap(), Value::Number(f64::INFINITY));
}

#[test]
fn strings_escapes_and_surrogates() {
    assert_eq!(parse(r#""a\"b\\c\/d\b\f\n\r\t""#).unwrap(), Value::from("a\"b\\c/d\u{8}\u{c}\n\r\t"));
    assert_eq!(parse(r#""\u00e9\u4e2d""#).unwrap(), Value::from("é中"));
    assert_eq!(parse(r#""\ud83d\ude00""#).unwrap(), Value::from("😀"));
    assert_eq!(parse(r#""😀 raw""#).unwrap(), Value::from("😀 raw"));
    for bad in [r#""\ud83d""#, r#""\ude00""#, r#""\ud83d\u0041""#, r#""\x""#, r#""\u12""#, "\"a\nb\"", "\"open", "'single'"] {
        assert!(parse(bad).is_err(), "{:?} should fail", bad);
    }
}

#[test]
fn structural_errors_with_position() {
    let e = parse("{\n  \"a\": 1,\n  \"b\" 2\n}").unwrap_err();
    assert_eq!((e.line, e.column), (3, 7));
    assert!(e.message.contains("':'"));
    for bad in ["", "[1,]", "{\"a\":1,}", "[1 2]", "{a:1}", "[1] x", "tru", "{\"a\"}", "[", "{"] {
        assert!(parse(bad).is_err(), "{:?} should fail", bad);
    }
}

#[test]
fn duplicate_keys_last_wins() {
    let v = parse(r#"{"a":1,"b":2,"a":3}"#).unwrap();
    let m = v.as_object().unwrap();
    assert_eq!(m.len(), 2);
    assert_eq!(m.get("a"), Some(&Value::Number(3.0)));
    assert_eq!(m.keys().next().map(String::as_str), Some("a"));
}

#[test]
fn duplicate_keys_in_large_objects_match_inserting_one_by_one() {
    // From 16 keys on the map is hash-indexed; duplicates near and past that size, of the
    // first, a middle and the last key, and several times over.
    for n in [15, 16, 17, 40] {
        for dups in [vec![0], vec![n / 2], vec![n - 1], vec![0, 0, n - 1, 3]] {
            let mut pairs: Vec<(String, f64)> = (0..n).map(|i| (format!("k{i}"), i as f64)).collect();
            for (j, &d) in dups.iter().enumerate() {
                pairs.push((format!("k{d}"), 1000.0 + j as f64));
            }
            let text = format!("{{{}}}", pairs.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect::<Vec<_>>().join(","));
            let parsed = parse(&text).unwrap();
            let mut expected = Map::new();
            for (k, v) in &pairs {
                expected.insert(k.clone(), Value::Number(*v));
            }
            let m = parsed.as_object().unwrap();
            assert_eq!(m.len(), n, "{text}");
            assert!(m.keys().eq(expected.keys()), "{text}");
            assert!(m.iter().all(|(k, v)| expected.get(k) == Some(v) && m.get(k) == Some(v)), "{text}");
        }
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = "[".repeat(1_000_000);
    let e = parse(&deep).unwrap_err();
    assert!(e.message.contains("too deep"));
    let deep_obj = "{\"a\":".repeat(200_000);
    assert!(parse(&deep_obj).is_err());
    let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
    assert!(parse(&ok).is_ok());
    let too = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
    assert!(parse(&too).is_err());
}

#[test]
fn serializes_compactly() {
    let v = parse(r#"{"n":1.0,"f":0.1,"neg":-0,"big":1e21,"s":"q\"\u0001\n","a":[true,null],"o":{}}"#).unwrap();
    assert_eq!(to_string(&v), r#"{"n":1,"f":0.1,"neg":0,"big":1e+21,"s":"q\"\u0001\n","a":[true,null],"o":{}}"#);
    assert_eq!(to_string(&Value::Number(f64::NAN)), "null");
    assert_eq!(to_string(&Value::Number(f64::INFINITY)), "null");
    assert_eq!(to_string(&Value::Date(1_700_000_000_000.0)), "1700000000000");
    assert_eq!(to_string(&Value::Foreign("BigInt".into())), "null");
    assert_eq!(to_string(&Value::Number(1234567.5)), "1234567.5");
    let pretty = to_string_pretty(&parse(r#"{"a":[1,2],"b":{}}"#).unwrap());
    assert_eq!(pretty, "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}");
}

#[test]
fn round_trips() {
    let text = r#"{"agentId":"a","lead":{"name":"Zoë \"Z\"","metaData":{"value":12.75,"stage":"won"},"crmActivities":[{"type":"Call","completed":false}]}}"#;
    assert_eq!(to_string(&parse(text).unwrap()), text);
}

#[test]
fn map_semantics() {
    let mut m = Map::new();
    assert!(m.is_empty());
    m.insert("a", Value::from(1));
    m.insert("b", Value::from(2));
    assert_eq!(m.insert("a", Value::from(3)), Some(Value::from(1)));
    assert_eq!(m.keys().collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(m.remove("a"), Some(Value::from(3)));
    assert_eq!(m.remove("zz"), None);
    assert_eq!(m.len(), 1);
    let x: Map = [("p", Value::Null), ("q", Value::Bool(true))].into_iter().collect();
    let y: Map = [("q", Value::Bool(true)), ("p", Value::Null)].into_iter().collect();
    assert_eq!(x, y, "equality ignores order");
}
