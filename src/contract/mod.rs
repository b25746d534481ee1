//! The contract of `PATCH /leads/{id}`: what a body may hold, checked in one walk.
pub mod walk;

pub use walk::{validate_update_lead_text, Marks, INVALID_JSON};
