//! `diff_lead` and `apply_lead_patch` on arbitrary lead-shaped values.
#![no_main]
use arbitrary::Unstructured;
use convocore_leads::{apply_lead_patch, diff_lead, Value};
use fuzz_support::{lead, value};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let (Ok(before), Ok(after), Ok(patch)) = (lead(&mut u), lead(&mut u), value(&mut u, 4)) else { return };
    if let Ok(diff) = diff_lead(&before, &after) {
        // diff_lead only returns patches that validate, so applying one must succeed.
        let applied = apply_lead_patch(&before, &Value::Object(diff));
        assert!(applied.is_ok(), "a patch from diff_lead was refused: {:?}", applied.err());
    }
    let _ = apply_lead_patch(&before, &patch);
    let _ = apply_lead_patch(&patch, &after);
    let _ = diff_lead(&patch, &before);
});
