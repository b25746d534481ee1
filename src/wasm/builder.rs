//! `LeadPatchBuilder` for JavaScript: setters over the core builder, every value checked by
//! the core as it is set. Each setter returns a handle sharing the same state; the package
//! entries (`pkg-template/builder-chain.js`) free that handle and return the builder
//! itself, so both `b.name(x).stage(y)` and `b.name(x); b.stage(y)` work.
use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::convert::{from_js, to_js};
use super::error::validation_error;
use crate::builder::LeadPatchBuilder as Core;
use crate::issue::Issue;
use crate::value::Value;

/// Builds a valid `{ agentId, lead }` body field by field.
#[wasm_bindgen]
pub struct LeadPatchBuilder {
    state: Rc<RefCell<Core>>,
}

fn refused(issue: Issue) -> JsValue {
    validation_error("the value was refused", vec![issue])
}

impl LeadPatchBuilder {
    /// Runs one change on the core builder; the handle returned shares its state.
    fn change(&self, f: impl FnOnce(&mut Core) -> Result<&mut Core, Issue>) -> Result<LeadPatchBuilder, JsValue> {
        f(&mut *self.state.try_borrow_mut().map_err(|_| busy())?).map_err(refused)?;
        Ok(LeadPatchBuilder { state: self.state.clone() })
    }

    fn set_value(&self, path: &str, value: Value) -> Result<LeadPatchBuilder, JsValue> {
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

// Doc lines are written as `#[doc = "..."]`: wasm-bindgen copies a `///` comment's raw
// string token (r"...") into the TypeScript declarations when it passes through a macro.
macro_rules! setters {
    ($($(#[doc = $doc:literal])* $js:literal $rust:ident $path:literal : $ty:literal;)+) => {
        #[wasm_bindgen]
        impl LeadPatchBuilder {
            $(
                $(#[doc = $doc])*
                #[wasm_bindgen(js_name = $js)]
                pub fn $rust(&self, #[wasm_bindgen(unchecked_param_type = $ty)] value: JsValue) -> Result<LeadPatchBuilder, JsValue> {
                    self.set_value($path, from_js(&value))
                }
            )+
        }
    };
}

setters! {
    #[doc = " `lead.email` (`null` clears it)."]
    "email" email "email": "string | null";
    #[doc = " `lead.name` (`null` clears it)."]
    "name" name "name": "string | null";
    #[doc = " `lead.phone` (`null` clears it)."]
    "phone" phone "phone": "string | null";
    #[doc = " `lead.convoId`."]
    "convoId" convo_id "convoId": "number | string";
    #[doc = " `lead.hotScore`, 0 to 100."]
    "hotScore" hot_score "hotScore": "number";
    #[doc = " `lead.hotLabel`."]
    "hotLabel" hot_label "hotLabel": "HotLabel";
    #[doc = " `lead.lastActivityDate`: epoch ms, an ISO 8601 string or a `Date`."]
    "lastActivityDate" last_activity_date "lastActivityDate": "number | string | Date";
    #[doc = " `lead.assignedTo`, replaced whole (`userId` required)."]
    "assignedTo" assigned_to "assignedTo": "AssignedTo";
    #[doc = " `lead.metaData`, replaced whole."]
    "metaData" meta_data "metaData": "LeadMetaData";
    #[doc = " `lead.crmActivities`, replaced whole."]
    "crmActivities" crm_activities "crmActivities": "CrmActivity[]";
    #[doc = " `metaData.address`."]
    "address" address "metaData.address": "string";
    #[doc = " `metaData.company`."]
    "company" company "metaData.company": "string";
    #[doc = " `metaData.website`."]
    "website" website "metaData.website": "string";
    #[doc = " `metaData.notes`."]
    "notes" notes "metaData.notes": "string";
    #[doc = " `metaData.source`; send the current source with any `metaData` change, or the"]
    #[doc = " schema default `\"chat\"` may replace it."]
    "source" source "metaData.source": "string";
    #[doc = " `metaData.currency`."]
    "currency" currency "metaData.currency": "string";
    #[doc = " `metaData.value`, the deal value."]
    "value" value "metaData.value": "number | string";
    #[doc = " `metaData.stage`."]
    "stage" stage "metaData.stage": "LeadStage";
    #[doc = " `metaData.expectedCloseDate`: an ISO 8601 date or a `Date`."]
    "expectedCloseDate" expected_close_date "metaData.expectedCloseDate": "string | Date";
    #[doc = " `metaData.subIndustry`."]
    "subIndustry" sub_industry "metaData.subIndustry": "string";
    #[doc = " `metaData.language`."]
    "language" language "metaData.language": "string";
    #[doc = " `metaData.linkedIn`."]
    "linkedIn" linked_in "metaData.linkedIn": "string";
    #[doc = " `metaData.facebook`."]
    "facebook" facebook "metaData.facebook": "string";
    #[doc = " `metaData.instagram`."]
    "instagram" instagram "metaData.instagram": "string";
    #[doc = " `metaData.demoDate`: an ISO 8601 date or a `Date`."]
    "demoDate" demo_date "metaData.demoDate": "string | Date";
    #[doc = " `metaData.demoTime`: `HH:MM` or `HH:MM:SS`."]
    "demoTime" demo_time "metaData.demoTime": "string";
    #[doc = " `metaData.demoLink`."]
    "demoLink" demo_link "metaData.demoLink": "string";
    #[doc = " `metaData.lostReason`."]
    "lostReason" lost_reason "metaData.lostReason": "string";
}

#[wasm_bindgen]
impl LeadPatchBuilder {
    /// A builder for a lead owned by `agentId` (required by the API in every body).
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(js_name = agentId, unchecked_param_type = "string")] agent_id: JsValue) -> Result<LeadPatchBuilder, JsValue> {
        let builder = LeadPatchBuilder { state: Rc::new(RefCell::new(Core::new(""))) };
        builder.set_value("agentId", from_js(&agent_id))?;
        Ok(builder)
    }

    /// Sets the field at a dotted path (`name`, `metaData.stage`, `assignedTo.userId`).
    /// Throws a `validation` `ConvocoreError` for an unknown path (with a suggestion) or a
    /// value the schema refuses.
    pub fn set(&self, #[wasm_bindgen(unchecked_param_type = "string")] path: JsValue, value: JsValue) -> Result<LeadPatchBuilder, JsValue> {
        self.set_value(&string_arg(&path, "path")?, from_js(&value))
    }

    /// Makes the field at a dotted path absent again (it will not be sent).
    pub fn unset(&self, #[wasm_bindgen(unchecked_param_type = "string")] path: JsValue) -> Result<LeadPatchBuilder, JsValue> {
        let path = string_arg(&path, "path")?;
        self.change(|b| b.unset(&path))
    }

    /// Sends `null` for `email`, `name` or `phone`, which clears it on the server.
    pub fn clear(&self, #[wasm_bindgen(unchecked_param_type = "'email' | 'name' | 'phone'")] field: JsValue) -> Result<LeadPatchBuilder, JsValue> {
        self.set_value(&string_arg(&field, "field")?, Value::Null)
    }

    /// Appends an activity to `crmActivities`. The array is sent whole: add the lead's
    /// existing activities first, or they are replaced.
    #[wasm_bindgen(js_name = addActivity)]
    pub fn add_activity(&self, #[wasm_bindgen(unchecked_param_type = "CrmActivity")] activity: JsValue) -> Result<LeadPatchBuilder, JsValue> {
        self.change(|b| b.push_activity(from_js(&activity)))
    }

    /// Appends a note to the `notesHistory` of activity `index` (0-based, in the order added).
    #[wasm_bindgen(js_name = addNote)]
    pub fn add_note(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] index: JsValue,
        #[wasm_bindgen(unchecked_param_type = "NoteEntry")] note: JsValue,
    ) -> Result<LeadPatchBuilder, JsValue> {
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
