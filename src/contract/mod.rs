//! The contract of `PATCH /leads/{id}`: the schema table, its Rust types, its rules, the one walk that
//! applies them, the issues it reports (with suggestions), NDJSON, and the TypeScript types
//! and JSON Schema generated from the same table.
pub mod issue;
pub mod json_schema;
pub mod model;
pub mod ndjson;
pub mod schema;
pub mod suggest;
pub mod typescript;
pub mod validation;
pub mod walk;

pub use walk::{validate_update_lead_text, Marks, INVALID_JSON};
