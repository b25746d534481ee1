//! Raw bytes as JSON text through the parser, validation (from the text and from the tree)
//! and normalization.
#![no_main]
use convocore_leads::contract::validate_update_lead_text;
use convocore_leads::{normalize_update_lead, parse_json, to_json, validate_update_lead};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = parse_json(&text);
    let walked = validate_update_lead_text(&text);
    match parsed.as_ref().map(validate_update_lead) {
        // Numbers past f64 stop serde_json (JavaScript reads Infinity): compared in tests/contract_walk.rs.
        Ok(tree) if !walked.issues.iter().any(|i| i.message.contains("too large")) => {
            assert_eq!(walked, tree, "the serde walk differs from parse + validate")
        }
        Ok(_) => {}
        Err(_) => assert!(!walked.is_ok(), "the serde walk accepted text that is not JSON"),
    }
    let Ok(body) = parsed else { return };
    let checked = validate_update_lead(&body);
    match normalize_update_lead(body) {
        Ok((normalized, _warnings)) => {
            assert!(checked.is_ok(), "normalize accepted what validate refused");
            // What goes on the wire must read back as the same value and still validate.
            let wire = to_json(&normalized);
            let back = parse_json(&wire).expect("our own JSON must parse");
            assert!(validate_update_lead(&back).is_ok(), "normalized body no longer validates: {wire}");
        }
        Err(v) => assert!(!v.is_ok() && !checked.is_ok(), "normalize refused what validate accepted"),
    }
});
