//! `diff_lead` and `apply_lead_patch` on arbitrary lead-shaped values, holding the marks the
//! JavaScript binding writes for host values (`Date`s and the like).
#![no_main]
use arbitrary::Unstructured;
use convocore_leads::patch::diff::diff_lead_json;
use convocore_leads::{apply_lead_patch, diff_lead, Value};
use fuzz_support::{lead, marks, value};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let (Ok(before), Ok(after), Ok(patch)) = (lead(&mut u), lead(&mut u), value(&mut u, 4)) else { return };
    for m in [Some(marks()), None] {
        if let Ok(diff) = diff_lead_json(&before, &after, m) {
            // Every patch the diff makes reads into the Rust model.
            let typed = diff_lead(&before, &after, m);
            assert!(typed.is_ok(), "the model refused a patch from diff_lead_json: {:?}", typed.err());
            // diff_lead only returns patches that validate, so applying one must succeed.
            let applied = apply_lead_patch(&before, &Value::Object(diff), m);
            assert!(applied.is_ok(), "a patch from diff_lead was refused: {:?}", applied.err());
        }
        let _ = apply_lead_patch(&before, &patch, m);
        let _ = apply_lead_patch(&patch, &after, m);
        let _ = diff_lead(&patch, &before, m);
    }
});
