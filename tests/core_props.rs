#![cfg(not(target_arch = "wasm32"))]
//! Property tests: apply∘diff round trip, diff(x, x) empty, built bodies always validate.

use convocore_leads::contract::schema::{Kind, LEAD};
use convocore_leads::*;
use proptest::prelude::*;

mod common;
use common::{date, MARK_PREFIX};

struct Bytes<'a>(&'a [u8], usize);
impl Bytes<'_> {
    fn next(&mut self, n: usize) -> usize {
        let b = self.0.get(self.1).copied().unwrap_or(0);
        self.1 += 1;
        b as usize % n
    }
}

fn obj(pairs: Vec<(&str, Value)>) -> Value {
    Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// A valid lead (with server fields `id`, `agentId`, `ts`) drawn from small pools, so two
/// draws share many fields.
fn lead_from(bytes: &[u8]) -> Value {
    let mut r = Bytes(bytes, 0);
    let mut m = Map::new();
    m.insert("id".into(), Value::from("L1"));
    m.insert("agentId".into(), Value::from("A"));
    if r.next(2) == 0 {
        m.insert("ts".into(), Value::from(r.next(3)));
    }
    for f in LEAD.fields {
        if f.name == "ts" || r.next(3) == 0 {
            continue;
        }
        let v = match f.kind {
            Kind::NullableString => [Value::from("a"), Value::from("b"), Value::Null][r.next(3)].clone(),
            Kind::NumberOrString => [Value::from(1), Value::from(2), Value::from("1")][r.next(3)].clone(),
            Kind::Number => Value::from(r.next(2) as i32 * 50),
            Kind::Enum(values) => Value::from(values[r.next(2)]),
            Kind::Object(s) if s.name == "LeadMetaData" => {
                let mut mm = Map::new();
                if r.next(2) == 0 {
                    mm.insert("source".into(), Value::from(["chat", "web"][r.next(2)]));
                }
                if r.next(2) == 0 {
                    mm.insert("stage".into(), Value::from(["won", "lost"][r.next(2)]));
                }
                if r.next(2) == 0 {
                    mm.insert("notes".into(), Value::from(["x", "y"][r.next(2)]));
                }
                Value::Object(mm)
            }
            Kind::Object(_) => {
                let mut a = vec![("userId", Value::from(["u1", "u2"][r.next(2)]))];
                if r.next(2) == 0 {
                    a.push(("status", Value::from("done")));
                }
                obj(a)
            }
            Kind::Array(_) => Value::Array(match r.next(3) {
                0 => vec![],
                1 => vec![obj(vec![("type", Value::from("Call"))])],
                _ => vec![obj(vec![("type", Value::from("Note")), ("notesHistory", Value::Array(vec![obj(vec![("text", Value::from("t"))])]))])],
            }),
            _ => Value::Null,
        };
        m.insert(f.name.into(), v);
    }
    Value::Object(m)
}

/// The lead without `ts` and with `null` at nullable fields dropped (null ≡ absent there).
fn canonical(v: &Value) -> Value {
    let mut m = v.as_object().unwrap().clone();
    m.remove("ts");
    for f in LEAD.fields {
        if f.kind == Kind::NullableString && m.get(f.name) == Some(&Value::Null) {
            m.remove(f.name);
        }
    }
    Value::Object(m)
}

fn expressible(before: &Value, after: &Value) -> bool {
    let (b, a) = (before.as_object().unwrap(), after.as_object().unwrap());
    LEAD.fields.iter().all(|f| f.name == "ts" || f.kind == Kind::NullableString || !b.contains_key(f.name) || a.contains_key(f.name))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn apply_of_diff_is_after(b in prop::collection::vec(any::<u8>(), 0..64), a in prop::collection::vec(any::<u8>(), 0..64)) {
        let (before, after) = (lead_from(&b), lead_from(&a));
        let mut as_patch = after.as_object().unwrap().clone();
        as_patch.remove("id");
        as_patch.remove("agentId");
        let after_ok = validate_lead_patch(&Value::Object(as_patch)).is_ok();
        prop_assert!(after_ok);
        match diff_lead(&before, &after, None) {
            Ok(patch) => {
                prop_assert!(expressible(&before, &after));
                let patch = serde_json::to_value(&patch).unwrap();
                let applied = apply_lead_patch(&before, &patch, None).unwrap();
                prop_assert_eq!(canonical(&applied), canonical(&after));
                // ts untouched.
                prop_assert_eq!(applied.as_object().unwrap().get("ts"), before.as_object().unwrap().get("ts"));
                // Minimal: every patched key really changed.
                for (k, _) in patch.as_object().unwrap() {
                    prop_assert!(canonical(&before).as_object().unwrap().get(k) != canonical(&after).as_object().unwrap().get(k));
                }
            }
            Err(issues) => {
                prop_assert!(!expressible(&before, &after));
                prop_assert!(issues.iter().all(|i| i.code == codes::CANNOT_REMOVE), "{:?}", issues);
            }
        }
    }

    #[test]
    fn a_builder_from_a_stored_lead_never_loses_a_stored_field(b in prop::collection::vec(any::<u8>(), 0..64), stage in 0usize..13, notes in "\\PC{0,8}") {
        let stored = lead_from(&b);
        let mut builder = LeadPatchBuilder::from_stored(&stored, None).unwrap();
        builder.stage(LeadStage::ALL[stage]).notes(notes.as_str());
        let body = builder.build();
        prop_assert!(body.is_ok(), "{:?}", body);
        let patch = serde_json::to_value(body.unwrap().lead).unwrap();
        // apply_lead_patch replaces nested objects whole, as a cautious server would.
        let after = apply_lead_patch(&stored, &patch, None).unwrap();
        let meta = after["metaData"].as_object().unwrap();
        prop_assert_eq!(&meta["stage"], LeadStage::ALL[stage].as_str());
        prop_assert_eq!(&meta["notes"], notes.as_str());
        for (k, v) in stored["metaData"].as_object().into_iter().flatten() {
            if k != "stage" && k != "notes" {
                prop_assert_eq!(meta.get(k), Some(v));
            }
        }
        for (k, v) in stored.as_object().unwrap() {
            if k != "metaData" {
                prop_assert_eq!(after.get(k), Some(v));
            }
        }
    }

    #[test]
    fn diff_of_same_is_empty(b in prop::collection::vec(any::<u8>(), 0..64)) {
        let x = lead_from(&b);
        prop_assert!(diff_lead(&x, &x, None).unwrap().is_empty());
        prop_assert!(diff_lead(&x, &x.clone(), None).unwrap().is_empty());
    }

    #[test]
    fn built_body_always_validates(ops in prop::collection::vec((0u8..24, "\\PC{0,12}", -1.0e6f64..1.0e6), 0..16)) {
        // Host `Date`s come from the JavaScript binding as marks, which the builder reads.
        let mut b = LeadPatchBuilder::new("agent").reading_marks(MARK_PREFIX);
        for (op, s, n) in &ops {
            let s = s.as_str();
            match op {
                0 => { b.name(s); }
                1 => { b.email(s); }
                2 => { b.phone(s); }
                3 => { b.clear(NullableField::Email); }
                4 => { b.stage(LeadStage::ALL[(*n as i64).rem_euclid(13) as usize]); }
                5 => { b.value(*n); }
                6 => { b.value(s); }
                7 => { b.source(s).notes(s); }
                8 => { b.hot_score(*n); }
                9 => { b.hot_label(HotLabel::ALL[(*n as i64).rem_euclid(3) as usize]); }
                10 => { b.convo_id(s); }
                11 => { b.last_activity_date(*n); }
                12 => { let mut a = Assignee::new(s); a.status = Some(AssignmentStatus::Done); a.assigned_at = Some(NumOrStr::String(s.to_string())); b.assigned_to(&a); }
                13 => { let mut a = Activity::new(ActivityType::ALL[(*n as i64).rem_euclid(10) as usize]); a.first_channel = Some(Channel::WebChat); a.title = Some(s.to_string()); a.metadata = Some([(s.to_string(), Value::from(*n))].into_iter().collect()); b.add_activity(&a); }
                14 => { let _ = b.add_note(0, &Note::new(s)); }
                15 => { let _ = b.set("metaData.demoTime", Value::from(s)); }
                16 => { let _ = b.set("lastActivityDate", date(n.round())); }
                17 => { let _ = b.set("metaData.expectedCloseDate", date(*n * 1e6)); }
                18 => { let _ = b.set(s, Value::from(s)); }
                19 => { let _ = b.unset("metaData.stage"); }
                20 => { b.demo_date(s).lost_reason(s).linked_in(s); }
                21 => { let _ = b.set("crmActivities", Value::Array(vec![])); }
                22 => { let _ = b.set("assignedTo.userId", Value::from(s)).and_then(|b| b.set("assignedTo.note", Value::from(s))); }
                _ => { b.expected_close_date(s); }
            }
        }
        let body = b.build();
        if b.lead().is_empty() {
            // Nothing set (or all unset again): nothing to send.
            prop_assert_eq!(body.map_err(|e| e[0].code), Err(codes::EMPTY_PATCH));
            return Ok(());
        }
        prop_assert!(body.is_ok(), "{:?}", body);
        let body = serde_json::to_value(body.unwrap()).unwrap();
        prop_assert!(validate_update_lead(&body).is_ok());
        // The body is plain JSON now (no marks left): it survives a text round trip unchanged
        // (floats up to serde_json's reading, see `round_trip`).
        let text = serde_json::to_string(&body).unwrap();
        prop_assert!(!text.contains("\\u0000"), "{}", text);
        let back = serde_json::from_str::<Value>(&text).unwrap();
        prop_assert!(round_trip(&body, &back), "{} read back as {}", text, back);
    }
}

/// Whether `back`, read from the JSON text of `v`, is `v`: the same structure and values, the
/// text of every number exact (read back by Rust's correctly rounded parser), and the number
/// serde_json read from it equal or one ULP off. serde_json, built without its
/// `float_roundtrip` feature (as this crate builds it), may read a float one ULP off:
/// `serde_json_reads_floats_back_exactly` below is the strict check.
fn round_trip(v: &Value, back: &Value) -> bool {
    match (v, back) {
        (Value::Number(a), Value::Number(b)) => {
            let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) else { return false };
            let exact_text = a.to_string().parse::<f64>() == Ok(x);
            let ulp_off = x.is_finite() && y.is_finite() && x.signum() == y.signum() && x.to_bits().abs_diff(y.to_bits()) <= 1;
            exact_text && (a == b || (a.is_f64() && b.is_f64() && ulp_off))
        }
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| round_trip(x, y)),
        (Value::Object(a), Value::Object(b)) => a.len() == b.len() && a.iter().zip(b).all(|((k, x), (l, y))| k == l && round_trip(x, y)),
        _ => v == back,
    }
}

/// The strict form of the round trip: a float the builder stores comes back from its JSON text
/// as the same f64. Without serde_json's `float_roundtrip` it read `3834.9165792444355` as
/// `3834.916579244435` (JavaScript's JSON.parse does not), changing data on its way through.
#[test]
fn serde_json_reads_floats_back_exactly() {
    let mut b = LeadPatchBuilder::new("agent");
    b.hot_score(3834.9165792444355);
    let body = serde_json::to_value(b.build().unwrap()).unwrap();
    let back = serde_json::from_str::<Value>(&serde_json::to_string(&body).unwrap()).unwrap();
    assert_eq!(back, body);
}

/// The round-trip property is not vacuous: both expressible and inexpressible pairs occur.
#[test]
fn round_trip_cases_are_mixed() {
    let mut x: u64 = 88172645463325252;
    let mut bytes = || {
        (0..64)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect::<Vec<u8>>()
    };
    let (mut ok, mut err, mut nonempty) = (0, 0, 0);
    for _ in 0..2000 {
        let (b, a) = (lead_from(&bytes()), lead_from(&bytes()));
        match diff_lead(&b, &a, None) {
            Ok(p) => {
                ok += 1;
                nonempty += usize::from(!p.is_empty());
                assert_eq!(canonical(&apply_lead_patch(&b, &serde_json::to_value(p).unwrap(), None).unwrap()), canonical(&a));
            }
            Err(_) => err += 1,
        }
    }
    println!("round trip: {} expressible ({} non-empty patches), {} inexpressible", ok, nonempty, err);
    assert!(ok > 200 && err > 200 && nonempty > 200);
}
