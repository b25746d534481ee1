//! Patches of a lead: built field by field, the difference of two leads, and a lead after a
//! patch, under one rule for nested objects (sent whole).
pub mod apply;
pub mod builder;
pub mod diff;
