//! # convocore-leads
//!
//! The core for partial updates of Convocore CRM leads
//! (`PATCH /leads/{id}`, OpenAPI document 1.0.4 in `spec/update-lead.openapi.yaml`):
//!
//! - [`validate_update_lead`] / [`normalize_update_lead`]: check a body against the contract
//!   (errors and warnings apart, with JSON Pointer paths, stable codes and suggestions) and
//!   turn host `Date`s into what the API takes;
//! - [`UpdateLeadBody`], [`LeadPatch`] and the other model types: the body as Rust types,
//!   absent, `null` and a value kept apart;
//! - [`LeadPatchBuilder`]: build a body with typed setters or dotted paths;
//! - [`diff_lead`] / [`apply_lead_patch`]: the minimal patch between two leads, and the lead
//!   after a patch, under the rule "top-level fields replaced, nested objects and arrays
//!   whole, null clears";
//! - [`typescript_declarations`], [`json_schema`]: the TypeScript types and the JSON Schema,
//!   generated from the same schema table.
//!
//! Nothing here panics on any input, and nothing recurses without a bound.
// No unsafe code: wasm-bindgen's generated glue in the binding is the only unsafe there is.
#![deny(unsafe_code)]

pub mod contract;
pub mod http;
pub mod patch;

pub use contract::issue::{codes, Issue};
pub use contract::model::{Activity, Assignee, LeadPatch, MetaData, Note, NumOrStr, UpdateLeadBody, UpdateLeadResponse};
pub use contract::schema::{limits, ActivityType, AssignmentStatus, Channel, HotLabel, LeadStage};
pub use contract::json_schema::{json_schema, schema_module};
pub use contract::typescript::{setter_paths_module, typescript_declarations};
pub use contract::validation::{normalize_lead_patch, normalize_update_lead, validate_lead_patch, validate_update_lead, Validation};
pub use patch::apply::apply_lead_patch;
pub use patch::builder::{LeadPatchBuilder, NullableField};
pub use patch::diff::diff_lead;
pub use serde_json::{Map, Value};

#[cfg(target_arch = "wasm32")]
pub mod wasm;
