//! [`apply_lead_patch`]: the lead as it will look after a patch.

use crate::contract::issue::{codes::*, Issue};
use crate::contract::walk::{validate_value, Marks};
use crate::contract::schema::LEAD;
use serde_json::Value;

/// The lead after `patch` (the `lead` part of a body) under the rule of [`crate::diff_lead`]:
/// each top-level field of the patch replaces the stored one (nested objects and arrays
/// whole); `null` removes the key (absent and `null` are the same "cleared" state), so
/// `apply_lead_patch(before, diff_lead(before, after))` equals `after` up to `ts` and that
/// equivalence. `ts` is left untouched (the server sets it). Values are stored as given
/// (normalize the patch first to see the server's form of host `Date`s). Inputs are not
/// mutated. An invalid patch, or a lead that is not an object, gives its issues.
pub fn apply_lead_patch(lead: &Value, patch: &Value, marks: Option<Marks>) -> Result<Value, Vec<Issue>> {
    let Value::Object(stored) = lead else {
        return Err(vec![Issue::new("", INVALID_TYPE, "the lead must be an object").with_expected(&["object"])]);
    };
    let v = validate_value(patch, &LEAD, marks);
    if !v.is_ok() {
        return Err(v.issues);
    }
    let mut out = stored.clone();
    if let Value::Object(p) = patch {
        for (k, val) in p.iter() {
            if k == "ts" {
                continue;
            }
            if val.is_null() {
                out.remove(k);
            } else {
                out.insert(k.clone(), val.clone());
            }
        }
    }
    Ok(Value::Object(out))
}
