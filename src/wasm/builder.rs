//! `LeadPatchBuilder` for JavaScript: `set`, `unset`, `clear`, `addActivity`, `addNote`
//! and `build` over the core builder, every value checked by the core as it is set. The
//! per-field setters (`name(x)`, `stage(y)`) are defined in JavaScript over `set`, from the
//! schema's list ([`LeadPatchBuilder::setters`]). The changing methods return nothing; the
//! package entries (`pkg-template/builder-chain.js`) make them return the builder itself, so
//! both `b.name(x).stage(y)` and `b.name(x); b.stage(y)` work without a second handle.
use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use super::convert::{from_js, to_js};
use super::error::validation_error;
use crate::builder::LeadPatchBuilder as Core;
use crate::issue::Issue;
use crate::value::Value;

/// Builds a valid `{ agentId, lead }` body field by field.
#[wasm_bindgen]
pub struct LeadPatchBuilder {
    // A `RefCell` of our own, so that a getter of an argument calling back into the builder
    // gets a `ConvocoreError` rather than wasm-bindgen's aliasing error.
    state: RefCell<Core>,
}

fn refused(issue: Issue) -> JsValue {
    validation_error("the value was refused", vec![issue])
}

impl LeadPatchBuilder {
    /// Runs one change on the core builder.
    fn change(&self, f: impl FnOnce(&mut Core) -> Result<&mut Core, Issue>) -> Result<(), JsValue> {
        f(&mut *self.state.try_borrow_mut().map_err(|_| busy())?).map_err(refused)?;
        Ok(())
    }

    fn set_value(&self, path: &str, value: Value) -> Result<(), JsValue> {
        self.change(|b| b.set(path, value))
    }
}

/// A string argument. Taken as `JsValue` so that any other value is a `ConvocoreError`
/// instead of a TypeError (or worse) from the glue's string copy.
fn string_arg(v: &JsValue, name: &str) -> Result<String, JsValue> {
    v.as_string().ok_or_else(|| validation_error(&["`", name, "` must be a string"].concat(), Vec::new()))
}

fn busy() -> JsValue {
    validation_error("the builder is in use", Vec::new())
}

#[wasm_bindgen]
impl LeadPatchBuilder {
    /// A builder for a lead owned by `agentId` (required by the API in every body).
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(js_name = agentId, unchecked_param_type = "string")] agent_id: JsValue) -> Result<LeadPatchBuilder, JsValue> {
        let builder = LeadPatchBuilder { state: RefCell::new(Core::new("")) };
        builder.set_value("agentId", from_js(&agent_id))?;
        Ok(builder)
    }

    /// Sets the field at a dotted path (`name`, `metaData.stage`, `assignedTo.userId`).
    /// Throws a `validation` `ConvocoreError` for an unknown path (with a suggestion) or a
    /// value the schema refuses.
    #[wasm_bindgen(unchecked_return_type = "LeadPatchBuilder")]
    pub fn set(&self, #[wasm_bindgen(unchecked_param_type = "string")] path: JsValue, value: JsValue) -> Result<(), JsValue> {
        self.set_value(&string_arg(&path, "path")?, from_js(&value))
    }

    /// Makes the field at a dotted path absent again (it will not be sent).
    #[wasm_bindgen(unchecked_return_type = "LeadPatchBuilder")]
    pub fn unset(&self, #[wasm_bindgen(unchecked_param_type = "string")] path: JsValue) -> Result<(), JsValue> {
        let path = string_arg(&path, "path")?;
        self.change(|b| b.unset(&path))
    }

    /// Sends `null` for `email`, `name` or `phone`, which clears it on the server.
    #[wasm_bindgen(unchecked_return_type = "LeadPatchBuilder")]
    pub fn clear(&self, #[wasm_bindgen(unchecked_param_type = "'email' | 'name' | 'phone'")] field: JsValue) -> Result<(), JsValue> {
        self.set_value(&string_arg(&field, "field")?, Value::Null)
    }

    /// Appends an activity to `crmActivities`. The array is sent whole: add the lead's
    /// existing activities first, or they are replaced.
    #[wasm_bindgen(unchecked_return_type = "LeadPatchBuilder", js_name = addActivity)]
    pub fn add_activity(&self, #[wasm_bindgen(unchecked_param_type = "CrmActivity")] activity: JsValue) -> Result<(), JsValue> {
        self.change(|b| b.push_activity(from_js(&activity)))
    }

    /// Appends a note to the `notesHistory` of activity `index` (0-based, in the order added).
    #[wasm_bindgen(unchecked_return_type = "LeadPatchBuilder", js_name = addNote)]
    pub fn add_note(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] index: JsValue,
        #[wasm_bindgen(unchecked_param_type = "NoteEntry")] note: JsValue,
    ) -> Result<(), JsValue> {
        let index = match index.as_f64() {
            Some(i) if i >= 0.0 && i.fract() == 0.0 && i <= u32::MAX as f64 => i as u32,
            _ => return Err(validation_error("addNote needs an activity index: a whole number from 0", Vec::new())),
        };
        self.change(|b| b.push_note(index as usize, from_js(&note)))
    }

    /// The body `{ agentId, lead }`, ready to send (`Date`s converted). Throws a
    /// `validation` `ConvocoreError` with every issue when it is not valid yet.
    #[wasm_bindgen(unchecked_return_type = "UpdateLeadBody")]
    pub fn build(&self) -> Result<JsValue, JsValue> {
        let built = self.state.try_borrow().map_err(|_| busy())?.build();
        built.map(|body| to_js(&body)).map_err(|issues| validation_error("the body is invalid", issues))
    }
}
