//! [`diff_lead`]: the minimal lead patch that turns one lead into another.
//!
//! The rule (shared with [`crate::apply_lead_patch`]), safe whether the server merges nested
//! objects or replaces them: top-level fields are replaced; when any field of `metaData` or
//! `assignedTo` changes the whole (after) object is sent; arrays are sent whole; `null`
//! clears `email`/`name`/`phone` (absent and `null` are the same state for those three);
//! `ts` is server-managed and ignored.

use crate::contract::issue::{child, codes::*, quote, Issue};
use crate::contract::model::{typed, LeadPatch};
use crate::contract::schema::{Kind, LEAD};
use crate::contract::walk::{validate_value, Marks};
use serde_json::{Map, Value};

/// The value of `key` in `lead`, treating `null` at a nullable field as absent.
pub(crate) fn state<'a>(lead: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    match lead.get(key) {
        Some(Value::Null) if matches!(LEAD.field(key).map(|f| f.kind), Some(Kind::NullableString)) => None,
        v => v,
    }
}

/// The lead patch (the `lead` part of a body) that turns `before` into `after`, both lead
/// objects (extra server fields such as `id`, `agentId`, `ts` allowed), which may hold
/// [`Marks`] when read from JavaScript.
///
/// Errors, never silently dropped: a change to `agentId` (`immutable_field`), removing a field
/// that cannot be `null` (`cannot_remove`), a change to a field outside the schema
/// (`unknown_field`), and any problem of the resulting patch itself (it must validate).
pub fn diff_lead(before: &Value, after: &Value, marks: Option<Marks>) -> Result<LeadPatch, Vec<Issue>> {
    typed(Value::Object(diff_lead_json(before, after, marks)?))
}

/// [`diff_lead`] as JSON, for a binding that hands the patch on as JSON.
pub fn diff_lead_json(before: &Value, after: &Value, marks: Option<Marks>) -> Result<Map<String, Value>, Vec<Issue>> {
    let (Value::Object(b), Value::Object(a)) = (before, after) else {
        return Err(vec![Issue::new("", INVALID_TYPE, "both leads must be objects").with_expected(&["object"])]);
    };
    let mut patch = Map::new();
    let mut issues = Vec::new();
    let keys = a.keys().chain(b.keys().filter(|k| !a.contains_key(k.as_str())));
    for k in keys {
        if k == "ts" {
            continue;
        }
        let (old, new) = (state(b, k), state(a, k));
        if old == new {
            continue;
        }
        let path = child("", k);
        if k == "agentId" {
            issues.push(Issue::new(path, IMMUTABLE_FIELD, "agentId cannot change after creation; create a new lead to reassign"));
            continue;
        }
        let Some(f) = LEAD.field(k) else {
            let mut msg = String::from("field ");
            msg.push_str(&quote(k));
            msg.push_str(" is not part of the update schema, so its change cannot be sent");
            issues.push(Issue::new(path, UNKNOWN_FIELD, msg));
            continue;
        };
        match new {
            Some(v) => {
                patch.insert(k.clone(), v.clone());
            }
            None if f.kind == Kind::NullableString => {
                patch.insert(k.clone(), Value::Null);
            }
            None => {
                let mut msg = String::from("\"");
                msg.push_str(k);
                msg.push_str("\" cannot be removed: the API has no way to clear it (it does not accept null)");
                issues.push(Issue::new(path, CANNOT_REMOVE, msg));
            }
        }
    }
    let v = validate_value(&Value::Object(patch.clone()), &LEAD, marks);
    issues.extend(v.issues);
    if issues.is_empty() {
        Ok(patch)
    } else {
        Err(issues)
    }
}
