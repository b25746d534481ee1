#![cfg(not(target_arch = "wasm32"))]
//! The TypeScript types, the builder's setter list, the JSON Schema and the enum lists shipped in the package are generated
//! from the Rust schema table; this fails when a checked-in copy drifts. `UPDATE_SNAPSHOTS=1
//! cargo test` rewrites them.
use convocore_leads::{schema_module, setter_paths_module, typescript_declarations};

fn check(relative: &str, generated: String) {
    let path = [env!("CARGO_MANIFEST_DIR"), "/", relative].concat();
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &generated).expect("write the generated file");
    }
    let shipped = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        shipped == generated,
        "{relative} is out of date with src/contract/schema.rs: run `UPDATE_SNAPSHOTS=1 cargo test --test typescript_snapshot`"
    );
}

#[test]
fn shipped_types_match_the_schema_table() {
    check("src/wasm/types.generated.d.ts", typescript_declarations());
}

#[test]
fn shipped_setter_list_matches_the_schema_table() {
    check("pkg-template/setter-paths.generated.js", setter_paths_module());
}

#[test]
fn shipped_json_schema_and_enum_lists_match_the_schema_table() {
    check("pkg-template/schema.generated.js", schema_module());
}
