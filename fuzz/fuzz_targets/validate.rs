//! Raw bytes as JSON text through serde_json, validation (the walk of the text and the walk
//! of the parsed value) and normalization (with and without the binding's marks).
#![no_main]
use convocore_leads::contract::validate_update_lead_text;
use convocore_leads::{normalize_update_lead, validate_update_lead, Value};
use fuzz_support::{has_duplicate_keys, marks, sorted_issues};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = serde_json::from_str::<Value>(&text);
    let walked = validate_update_lead_text(&text);
    match parsed.as_ref().map(validate_update_lead) {
        // A key given twice: serde_json keeps the last, the walk of the text sees both.
        Ok(_) if has_duplicate_keys(&text) => {}
        Ok(by_value) => {
            // The value's keys are sorted (serde_json's B-tree): its own text reads the same
            // exactly; the text as written finds the same issues in its keys' order.
            let own = serde_json::to_string(parsed.as_ref().expect("parsed")).expect("a value serializes");
            assert_eq!(validate_update_lead_text(&own), by_value, "the walk of the value's text differs from the walk of the value");
            if !walked.truncated && !by_value.truncated {
                assert_eq!(sorted_issues(&walked.issues), sorted_issues(&by_value.issues), "the walk of the text differs from the walk of its value");
                assert_eq!(sorted_issues(&walked.warnings), sorted_issues(&by_value.warnings), "the walk of the text differs from the walk of its value");
            }
        }
        // serde_json refuses it (not JSON, a number past f64, a lone surrogate, too deep).
        Err(_) => assert!(!walked.is_ok(), "the walk of the text accepted what serde_json refuses"),
    }
    let Ok(body) = parsed else { return };
    let checked = validate_update_lead(&body);
    for m in [None, Some(marks())] {
        match normalize_update_lead(body.clone(), m) {
            Ok((normalized, _warnings)) => {
                assert!(m.is_some() || checked.is_ok(), "normalize accepted what validate refused");
                // What goes on the wire must read back and still validate (marks converted).
                let wire = serde_json::to_string(&normalized).expect("a value serializes");
                let back = serde_json::from_str::<Value>(&wire).expect("serde_json's own JSON must parse");
                assert!(validate_update_lead(&back).is_ok(), "normalized body no longer validates: {wire}");
            }
            Err(v) => assert!(!v.is_ok() && (m.is_some() || !checked.is_ok()), "normalize refused what validate accepted"),
        }
    }
});
