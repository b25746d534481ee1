#![cfg(not(target_arch = "wasm32"))]
//! The TypeScript types shipped in the package are generated from the Rust schema table;
//! this fails when the checked-in copy drifts. `UPDATE_SNAPSHOTS=1 cargo test` rewrites it.
use convocore_leads::typescript_declarations;

#[test]
fn shipped_types_match_the_schema_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/wasm/types.generated.d.ts");
    let generated = typescript_declarations();
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(path, &generated).expect("write the generated types");
    }
    let shipped = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        shipped == generated,
        "src/wasm/types.generated.d.ts is out of date with src/schema.rs: run `UPDATE_SNAPSHOTS=1 cargo test --test typescript_snapshot`"
    );
}
