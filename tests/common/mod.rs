//! Generated request bodies and their mutations, shared by the differential tests.
#![allow(dead_code)] // each test crate uses its part

use serde_json::{json, Map as JMap, Value as J};

pub mod walks;

pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const STAGES: &[&str] = &["new", "engaged", "email_sent", "follow_up", "info_req", "demo_req", "demo_conf", "demo_done", "proposal", "negotiation", "trial", "won", "lost"];
pub const TYPES: &[&str] = &["Message", "Call", "Email", "Demo", "Meeting", "Follow-Up", "Note", "Stage Change", "Handoff", "System"];
pub const CHANNELS: &[&str] = &["LinkedIn", "WhatsApp", "Instagram", "Facebook", "Email", "Phone/Call", "Zoom/Video", "In Person", "Referral", "Web Chat", "Unknown"];
pub const STRINGS: &[&str] = &["", "x", "Acme Ltd", "jane@example.com", "2024-05-01", "2024-05-01T10:00:00Z", "10:30", "won", "Call", "hot", "pending", "LinkedIn", "wonn", "Follow-up", "ünïcødé ✓", "with \"quotes\" and \\ and \n", "null", "0"];
pub const META_STRING_KEYS: &[&str] = &["address", "company", "website", "notes", "source", "currency", "expectedCloseDate", "subIndustry", "language", "linkedIn", "facebook", "instagram", "demoDate", "demoTime", "demoLink", "lostReason"];
pub const ALL_KEYS: &[&str] = &["agentId", "lead", "email", "name", "phone", "metaData", "metadata", "convoId", "ts", "assignedTo", "hotScore", "hotLabel", "lastActivityDate", "crmActivities", "userId", "photoUrl", "note", "assignedAt", "status", "id", "title", "type", "date", "dueDate", "completed", "responded", "firstChannel", "firstEngaged", "secondChannel", "secondEngaged", "notesHistory", "agentName", "text", "timestamp", "stage", "value", "source", "foo", "agentID", "e-mail", ""];

pub fn s(r: &mut Rng) -> J {
    J::String(r.pick(STRINGS).to_string())
}
pub fn num(r: &mut Rng) -> J {
    match r.below(4) {
        0 => json!(r.below(200) as i64 - 50),
        1 => json!(1_700_000_000_000i64 + r.below(1_000_000) as i64),
        2 => json!((r.below(100_000) as f64) / 7.0),
        _ => json!(0),
    }
}
pub fn num_or_str(r: &mut Rng) -> J {
    if r.chance(50) {
        num(r)
    } else {
        s(r)
    }
}

pub fn any_json(r: &mut Rng, depth: usize) -> J {
    match r.below(if depth > 2 { 4 } else { 6 }) {
        0 => J::Null,
        1 => J::Bool(r.chance(50)),
        2 => num(r),
        3 => s(r),
        4 => J::Array((0..r.below(3)).map(|_| any_json(r, depth + 1)).collect()),
        _ => {
            let mut m = JMap::new();
            for _ in 0..r.below(3) {
                m.insert(r.pick(ALL_KEYS).to_string(), any_json(r, depth + 1));
            }
            J::Object(m)
        }
    }
}

pub fn valid_body(r: &mut Rng) -> J {
    let mut lead = JMap::new();
    for k in ["email", "name", "phone"] {
        if r.chance(40) {
            lead.insert(k.into(), if r.chance(25) { J::Null } else { s(r) });
        }
    }
    if r.chance(60) {
        let mut m = JMap::new();
        for k in META_STRING_KEYS {
            if r.chance(25) {
                m.insert(k.to_string(), s(r));
            }
        }
        if r.chance(30) {
            m.insert("value".into(), num_or_str(r));
        }
        if r.chance(40) {
            m.insert("stage".into(), json!(r.pick(STAGES)));
        }
        lead.insert("metaData".into(), J::Object(m));
    }
    for k in ["convoId", "ts", "lastActivityDate"] {
        if r.chance(30) {
            lead.insert(k.into(), num_or_str(r));
        }
    }
    if r.chance(50) {
        let mut m = JMap::new();
        m.insert("userId".into(), s(r));
        for k in ["name", "email", "photoUrl", "note"] {
            if r.chance(30) {
                m.insert(k.into(), s(r));
            }
        }
        if r.chance(30) {
            m.insert("assignedAt".into(), num_or_str(r));
        }
        if r.chance(30) {
            m.insert("status".into(), json!(r.pick(&["pending", "accepted", "done"])));
        }
        lead.insert("assignedTo".into(), J::Object(m));
    }
    if r.chance(30) {
        lead.insert("hotScore".into(), num(r));
    }
    if r.chance(30) {
        lead.insert("hotLabel".into(), json!(r.pick(&["hot", "warm", "cold"])));
    }
    if r.chance(60) {
        let mut acts = Vec::new();
        for _ in 0..r.below(4) {
            let mut a = JMap::new();
            a.insert("type".into(), json!(r.pick(TYPES)));
            for k in ["id", "title", "note"] {
                if r.chance(30) {
                    a.insert(k.into(), s(r));
                }
            }
            for k in ["date", "dueDate"] {
                if r.chance(30) {
                    a.insert(k.into(), num_or_str(r));
                }
            }
            for k in ["completed", "responded", "firstEngaged", "secondEngaged"] {
                if r.chance(25) {
                    a.insert(k.into(), J::Bool(r.chance(50)));
                }
            }
            for k in ["firstChannel", "secondChannel"] {
                if r.chance(30) {
                    a.insert(k.into(), json!(r.pick(CHANNELS)));
                }
            }
            if r.chance(50) {
                let mut notes = Vec::new();
                for _ in 0..r.below(3) {
                    let mut n = JMap::new();
                    n.insert("text".into(), s(r));
                    for k in ["agentId", "agentName"] {
                        if r.chance(40) {
                            n.insert(k.into(), s(r));
                        }
                    }
                    if r.chance(40) {
                        n.insert("timestamp".into(), num_or_str(r));
                    }
                    notes.push(J::Object(n));
                }
                a.insert("notesHistory".into(), J::Array(notes));
            }
            if r.chance(30) {
                let mut m = JMap::new();
                for _ in 0..r.below(3) {
                    m.insert(r.pick(ALL_KEYS).to_string(), any_json(r, 1));
                }
                a.insert("metadata".into(), J::Object(m));
            }
            acts.push(J::Object(a));
        }
        lead.insert("crmActivities".into(), J::Array(acts));
    }
    json!({"agentId": s(r), "lead": J::Object(lead)})
}

/// Every node's location as a list of steps.
pub fn locations(v: &J, here: &mut Vec<J>, out: &mut Vec<Vec<J>>) {
    out.push(here.clone());
    match v {
        J::Object(m) => {
            for (k, c) in m {
                here.push(J::String(k.clone()));
                locations(c, here, out);
                here.pop();
            }
        }
        J::Array(items) => {
            for (i, c) in items.iter().enumerate() {
                here.push(json!(i));
                locations(c, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

pub fn at<'a>(v: &'a mut J, loc: &[J]) -> &'a mut J {
    let mut cur = v;
    for step in loc {
        cur = match step {
            J::String(k) => cur.get_mut(k.as_str()).unwrap(),
            _ => cur.get_mut(step.as_u64().unwrap() as usize).unwrap(),
        };
    }
    cur
}

pub fn mutate(r: &mut Rng, doc: &mut J) {
    let mut locs = Vec::new();
    locations(doc, &mut Vec::new(), &mut locs);
    let loc = r.pick(&locs).clone();
    let node = at(doc, &loc);
    match r.below(7) {
        // replace with a random value of any type
        0 | 1 => *node = any_json(r, 2),
        2 => *node = J::Null,
        // number <-> string swap
        3 => {
            *node = match node {
                J::Number(n) => J::String(n.to_string()),
                J::String(_) => num(r),
                J::Bool(b) => J::String(b.to_string()),
                _ => s(r),
            }
        }
        // add a key (known at some level, or unknown) to an object
        4 => match node {
            J::Object(m) => {
                m.insert(r.pick(ALL_KEYS).to_string(), any_json(r, 2));
            }
            _ => *node = any_json(r, 2),
        },
        // delete a key (including required ones)
        5 => match node {
            J::Object(m) if !m.is_empty() => {
                let k = m.keys().nth(r.below(m.len())).unwrap().clone();
                m.remove(&k);
            }
            _ => *node = s(r),
        },
        // a near-miss or wrong enum value
        _ => *node = json!(r.pick(&["wonn", "follow up", "Follow-up", "call", "HOT", "Pending", "linkedin", "Web chat", ""])),
    }
}


/// The prefix of the marks used natively to stand for host values JSON cannot carry, as the
/// JavaScript binding writes them (`src/wasm/body.js`): `<prefix>date:<ms>`,
/// `<prefix>number:<NaN|Infinity|-Infinity>`, `<prefix>value:<description>`.
pub const MARK_PREFIX: &str = "\0native-test:";

pub fn marks() -> convocore_leads::contract::Marks<'static> {
    convocore_leads::contract::Marks(MARK_PREFIX)
}

/// A host `Date` with this time, as the binding marks it (a JS time is a whole number of
/// milliseconds; an invalid Date's is NaN).
pub fn date(ms: f64) -> J {
    let time = if ms.is_finite() { (ms.trunc() as i64).to_string() } else { "NaN".to_string() };
    J::String(format!("{MARK_PREFIX}date:{time}"))
}

/// A host number JSON cannot carry (NaN, ±Infinity), as the binding marks it.
pub fn non_finite(n: f64) -> J {
    let n = if n.is_nan() { "NaN" } else if n > 0.0 { "Infinity" } else { "-Infinity" };
    J::String(format!("{MARK_PREFIX}number:{n}"))
}

/// A host value with no JSON form (a BigInt, a function…), as the binding marks it.
pub fn foreign(description: &str) -> J {
    J::String(format!("{MARK_PREFIX}value:{description}"))
}

/// An object of these entries, in this order.
pub fn obj(pairs: &[(&str, J)]) -> J {
    J::Object(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
}
