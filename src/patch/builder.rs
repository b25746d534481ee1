//! [`LeadPatchBuilder`]: build an `{agentId, lead}` body with typed setters or dotted paths.
//!
//! Absent, null and value stay distinct: a field never set is absent, [`LeadPatchBuilder::clear`]
//! sends `null` (only `email`, `name`, `phone` accept it), a setter sends the value, and
//! [`LeadPatchBuilder::unset`] makes a field absent again.

use crate::contract::issue::{codes::*, Issue};
use crate::contract::model::{number, typed, Activity, Assignee, Note, NumOrStr, UpdateLeadBody};
use crate::contract::schema::{Field, HotLabel, Kind, LeadStage, ObjectSchema, LEAD, META_DATA};
use crate::contract::suggest::suggest;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::contract::walk::{check_field, Marks};
use crate::contract::validation::{normalize_update_lead, Validation};
use crate::patch::diff::diff_lead_json;

/// The fields a builder has a setter of its own for (the JavaScript builder's `name(x)`,
/// `stage(y)`): every field of the lead but the server-managed `ts`, then every field of
/// `metaData`, each with the dotted path [`LeadPatchBuilder::set`] takes.
pub fn field_setters() -> impl Iterator<Item = (&'static Field, String)> {
    let lead = LEAD.fields.iter().filter(|f| f.name != "ts").map(|f| (f, f.name.to_string()));
    lead.chain(META_DATA.fields.iter().map(|f| (f, ["metaData.", f.name].concat())))
}

/// The lead fields that accept `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NullableField {
    /// `email`
    Email,
    /// `name`
    Name,
    /// `phone`
    Phone,
}

impl NullableField {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            NullableField::Email => "email",
            NullableField::Name => "name",
            NullableField::Phone => "phone",
        }
    }
}

/// Builds an `{agentId, lead}` body. Setters chain on `&mut Self`.
#[derive(Debug, Clone, PartialEq)]
pub struct LeadPatchBuilder {
    agent_id: String,
    lead: Map<String, Value>,
    /// The prefix of the marks in values read from JavaScript (see [`Marks`]).
    marks: Option<String>,
    /// The lead as stored, for a builder made with [`from_stored`](Self::from_stored).
    stored: Option<Map<String, Value>>,
}

macro_rules! string_setters {
    ($($(#[$m:meta])* $fn_name:ident => $target:ident . $key:literal;)+) => {
        $( $(#[$m])* pub fn $fn_name(&mut self, value: impl Into<String>) -> &mut Self {
            self.$target($key, Value::String(value.into()))
        } )+
    };
}

impl LeadPatchBuilder {
    /// A builder for the lead owned by `agent_id`, with an empty patch.
    pub fn new(agent_id: impl Into<String>) -> Self {
        LeadPatchBuilder { agent_id: agent_id.into(), lead: Map::new(), marks: None, stored: None }
    }

    /// A builder that starts from the lead as stored (an object as the API returns it, server
    /// fields allowed), so that nothing stored is lost whether the server merges nested
    /// objects or replaces them: a field set in `metaData` or `assignedTo` edits the stored
    /// object, which is sent whole; an activity added is appended to the stored ones; and
    /// [`build`](Self::build) sends what changed, by the rule of [`crate::diff_lead`] (the
    /// patch is that diff). `agent_id` defaults to the stored lead's `agentId`.
    pub fn from_stored(stored: &Value, agent_id: Option<String>) -> Result<Self, Issue> {
        let Value::Object(stored) = stored else {
            return Err(Issue::new("", INVALID_TYPE, "the stored lead must be an object, as the API returns it").with_expected(&["object"]));
        };
        let agent_id = match (agent_id, stored.get("agentId")) {
            (Some(id), _) => id,
            (None, Some(Value::String(id))) => id.clone(),
            _ => return Err(Issue::new("/agentId", MISSING_FIELD, "the stored lead has no agentId: give the agent id too")),
        };
        Ok(LeadPatchBuilder { agent_id, lead: Map::new(), marks: None, stored: Some(stored.clone()) })
    }

    /// Values given to this builder may hold [`Marks`] with this prefix (the binding's).
    pub fn reading_marks(mut self, prefix: &str) -> Self {
        self.marks = Some(prefix.to_string());
        self
    }

    fn marks(&self) -> Option<Marks<'_>> {
        self.marks.as_deref().map(Marks)
    }

    /// The lead patch built so far (not normalized).
    pub fn lead(&self) -> &Map<String, Value> {
        &self.lead
    }

    fn top(&mut self, key: &str, v: Value) -> &mut Self {
        self.lead.insert(key.into(), v);
        self
    }

    fn meta(&mut self, key: &str, v: Value) -> &mut Self {
        if let Value::Object(m) = self.edit("metaData", Value::Object(Map::new())) {
            m.insert(key.into(), v);
        }
        self
    }

    /// The lead's `key` as this builder will send it, made first when absent: from the stored
    /// lead's when there is one of the same kind as `empty`, else `empty`.
    fn edit(&mut self, key: &str, empty: Value) -> &mut Value {
        let same_kind = |v: &&Value| core::mem::discriminant(*v) == core::mem::discriminant(&empty);
        if !self.lead.get(key).is_some_and(|v| same_kind(&v)) {
            let start = self.stored.as_ref().and_then(|s| s.get(key)).filter(same_kind).cloned();
            self.lead.insert(key.into(), start.unwrap_or_else(|| empty.clone()));
        }
        self.lead.entry(key).or_insert(empty)
    }

    string_setters! {
        /// `lead.email`
        email => top."email";
        /// `lead.name`
        name => top."name";
        /// `lead.phone`
        phone => top."phone";
        /// `metaData.address`
        address => meta."address";
        /// `metaData.company`
        company => meta."company";
        /// `metaData.website`
        website => meta."website";
        /// `metaData.notes`
        notes => meta."notes";
        /// `metaData.source` (send the current source with every metaData change: the schema
        /// default "chat" may otherwise overwrite it)
        source => meta."source";
        /// `metaData.currency`
        currency => meta."currency";
        /// `metaData.expectedCloseDate` (ISO 8601 date)
        expected_close_date => meta."expectedCloseDate";
        /// `metaData.subIndustry`
        sub_industry => meta."subIndustry";
        /// `metaData.language`
        language => meta."language";
        /// `metaData.linkedIn`
        linked_in => meta."linkedIn";
        /// `metaData.facebook`
        facebook => meta."facebook";
        /// `metaData.instagram`
        instagram => meta."instagram";
        /// `metaData.demoDate` (ISO 8601 date)
        demo_date => meta."demoDate";
        /// `metaData.demoTime` (HH:MM or HH:MM:SS)
        demo_time => meta."demoTime";
        /// `metaData.demoLink`
        demo_link => meta."demoLink";
        /// `metaData.lostReason`
        lost_reason => meta."lostReason";
    }

    /// Sends `null` for `email`, `name` or `phone` (clears it).
    pub fn clear(&mut self, field: NullableField) -> &mut Self {
        self.top(field.as_str(), Value::Null)
    }
    /// `metaData.value`
    pub fn value(&mut self, value: impl Into<NumOrStr>) -> &mut Self {
        self.meta("value", json(&value.into()))
    }
    /// `metaData.stage`
    pub fn stage(&mut self, stage: LeadStage) -> &mut Self {
        self.meta("stage", stage.into())
    }
    /// `lead.convoId`
    pub fn convo_id(&mut self, id: impl Into<NumOrStr>) -> &mut Self {
        self.top("convoId", json(&id.into()))
    }
    /// `lead.hotScore` (0–100)
    pub fn hot_score(&mut self, score: f64) -> &mut Self {
        self.top("hotScore", number(score))
    }
    /// `lead.hotLabel`
    pub fn hot_label(&mut self, label: HotLabel) -> &mut Self {
        self.top("hotLabel", label.into())
    }
    /// `lead.lastActivityDate`
    pub fn last_activity_date(&mut self, when: impl Into<NumOrStr>) -> &mut Self {
        self.top("lastActivityDate", json(&when.into()))
    }
    /// `lead.assignedTo` (replaces the whole assignee).
    pub fn assigned_to(&mut self, assignee: &Assignee) -> &mut Self {
        self.top("assignedTo", json(assignee))
    }
    /// Appends to `lead.crmActivities`. The array is sent whole: include the existing
    /// activities too, or they are replaced.
    pub fn add_activity(&mut self, activity: &Activity) -> &mut Self {
        self.append_activity(json(activity));
        self
    }
    /// Appends a note to the `notesHistory` of activity `activity_index` (0-based, in the
    /// order added).
    pub fn add_note(&mut self, activity_index: usize, note: &Note) -> Result<&mut Self, Issue> {
        self.append_note(activity_index, json(note))?;
        Ok(self)
    }

    /// [`add_activity`](Self::add_activity) for an activity given as a value (from a host
    /// language), checked against the schema at once: when refused, nothing changes.
    pub fn push_activity(&mut self, activity: Value) -> Result<&mut Self, Issue> {
        self.checked_change(|next| {
            next.append_activity(activity);
            Ok(())
        })
    }

    /// [`add_note`](Self::add_note) for a note given as a value, checked at once like
    /// [`push_activity`](Self::push_activity).
    pub fn push_note(&mut self, activity_index: usize, note: Value) -> Result<&mut Self, Issue> {
        self.checked_change(|next| next.append_note(activity_index, note))
    }

    /// Makes `change` on a copy and keeps it only when `crmActivities` still passes the
    /// check: when refused, nothing changes.
    fn checked_change(&mut self, change: impl FnOnce(&mut Self) -> Result<(), Issue>) -> Result<&mut Self, Issue> {
        let mut next = self.clone();
        change(&mut next)?;
        next.recheck_activities()?;
        *self = next;
        Ok(self)
    }

    fn append_activity(&mut self, activity: Value) {
        if let Value::Array(a) = self.edit("crmActivities", Value::Array(Vec::new())) {
            a.push(activity);
        }
    }

    fn append_note(&mut self, activity_index: usize, note: Value) -> Result<(), Issue> {
        let path = crate::contract::issue::index("/lead/crmActivities", activity_index);
        let act = match self.lead.get_mut("crmActivities") {
            Some(Value::Array(a)) => a.get_mut(activity_index),
            _ => None,
        };
        let Some(Value::Object(act)) = act else {
            return Err(Issue::new(path, INVALID_PATH, "no activity at this index; add the activity first"));
        };
        if !matches!(act.get("notesHistory"), Some(Value::Array(_))) {
            act.insert("notesHistory".into(), Value::Array(Vec::new()));
        }
        if let Some(Value::Array(n)) = act.get_mut("notesHistory") {
            n.push(note);
        }
        Ok(())
    }

    /// Checks `crmActivities` as it now stands, through the same check as [`set`](Self::set).
    fn recheck_activities(&mut self) -> Result<(), Issue> {
        let list = self.lead.get("crmActivities").cloned().unwrap_or(Value::Array(Vec::new()));
        self.set("crmActivities", list).map(|_| ())
    }

    fn resolve(path: &str) -> Result<(Vec<&'static str>, &'static crate::contract::schema::Field), Issue> {
        let rel = path.strip_prefix("lead.").unwrap_or(path);
        let mut schema: &'static ObjectSchema = &LEAD;
        let mut names = Vec::new();
        let mut pointer = String::from("/lead");
        let mut parts = rel.split('.').peekable();
        while let Some(part) = parts.next() {
            crate::contract::issue::push_token(&mut pointer, part);
            let Some(f) = schema.field(part) else {
                let mut msg = String::from("unknown field ");
                msg.push_str(&crate::contract::issue::quote(part));
                msg.push_str(" in ");
                msg.push_str(schema.name);
                return Err(Issue::new(pointer, UNKNOWN_FIELD, msg).with_suggestion(suggest(part, schema.names())));
            };
            names.push(f.name);
            if parts.peek().is_none() {
                return Ok((names, f));
            }
            match f.kind {
                Kind::Object(s) => schema = s,
                _ => {
                    return Err(Issue::new(pointer, INVALID_PATH, "this field has no fields inside it; set it whole"));
                }
            }
        }
        Err(Issue::new("/lead", INVALID_PATH, "empty path"))
    }

    /// Sets the field at a dotted path (`name`, `metaData.stage`, `assignedTo.userId`; a
    /// leading `lead.` is allowed; `agentId` sets the agent) after checking the value against
    /// the schema. Nested objects on the way are created. Returns the first problem found.
    pub fn set(&mut self, path: &str, value: Value) -> Result<&mut Self, Issue> {
        if path == "agentId" {
            return match value {
                Value::String(s) => {
                    self.agent_id = s;
                    Ok(self)
                }
                other => Err(Issue::new("/agentId", INVALID_TYPE, "expected string, got ".to_string() + crate::contract::validation::Shape::of(&other).kind_name())
                    .with_expected(&["string"])),
            };
        }
        let (names, f) = Self::resolve(path)?;
        let mut pointer = String::from("/lead");
        for n in &names {
            crate::contract::issue::push_token(&mut pointer, n);
        }
        let v = check_field(&value, f, &pointer, self.marks());
        if let Some(first) = v.issues.into_iter().next() {
            return Err(first);
        }
        let (last, parents) = match names.split_last() {
            Some(x) => x,
            None => return Err(Issue::new("/lead", INVALID_PATH, "empty path")),
        };
        if let Some(first) = parents.first() {
            self.edit(first, Value::Object(Map::new()));
        }
        let mut map = &mut self.lead;
        for p in parents {
            if !matches!(map.get(*p), Some(Value::Object(_))) {
                map.insert(p.to_string(), Value::Object(Map::new()));
            }
            map = match map.get_mut(*p) {
                Some(Value::Object(m)) => m,
                _ => return Err(Issue::new(pointer, INVALID_PATH, "cannot descend here")),
            };
        }
        map.insert(last.to_string(), value);
        Ok(self)
    }

    /// Makes the field at a dotted path absent again (no-op if it is): not sent, or, for a
    /// builder made with [`from_stored`](Self::from_stored), as stored.
    pub fn unset(&mut self, path: &str) -> Result<&mut Self, Issue> {
        let (names, _) = Self::resolve(path)?;
        let mut map = &mut self.lead;
        let mut kept = self.stored.as_ref();
        if let Some((last, parents)) = names.split_last() {
            for p in parents {
                map = match map.get_mut(*p) {
                    Some(Value::Object(m)) => m,
                    _ => return Ok(self),
                };
                kept = kept.and_then(|k| k.get(*p)?.as_object());
            }
            match kept.and_then(|k| k.get(*last)).filter(|_| !parents.is_empty()) {
                Some(v) => map.insert(last.to_string(), v.clone()),
                None => map.remove(*last),
            };
        }
        Ok(self)
    }

    /// The normalized body `{agentId, lead}` with its warnings, or every error.
    pub fn build_with_warnings(&self) -> Result<(UpdateLeadBody, Vec<Issue>), Vec<Issue>> {
        let (body, warnings) = self.build_json().map_err(|v| v.issues)?;
        Ok((typed(body)?, warnings))
    }

    /// The normalized body `{agentId, lead}`, or every error; `empty_patch` when nothing was
    /// set (an empty PATCH changes nothing, and is most likely a mistake).
    pub fn build(&self) -> Result<UpdateLeadBody, Vec<Issue>> {
        self.build_with_warnings().map(|(b, _)| b)
    }

    /// The errors and warnings of the body as it stands, as [`build`](Self::build) would
    /// find them (for a form that shows them as the user types).
    pub fn validate(&self) -> Validation {
        match self.build_json() {
            Ok((_, warnings)) => Validation { issues: Vec::new(), warnings, truncated: false },
            Err(v) => v,
        }
    }

    /// [`build_with_warnings`](Self::build_with_warnings) as JSON, for a binding that hands
    /// the body on as JSON; its error is the whole validation, warnings too.
    pub fn build_json(&self) -> Result<(Value, Vec<Issue>), Validation> {
        if self.lead.is_empty() {
            let nothing = Issue::new("/lead", EMPTY_PATCH, "nothing to send: set a field of the lead first");
            return Err(Validation { issues: vec![nothing], warnings: Vec::new(), truncated: false });
        }
        let lead = match &self.stored {
            None => self.lead.clone(),
            Some(stored) => {
                let mut after = stored.clone();
                after.extend(self.lead.clone());
                let diff = diff_lead_json(&Value::Object(stored.clone()), &Value::Object(after), self.marks());
                // Issues of the diff are at paths in the lead; here they are in the body.
                let in_body = |issues: Vec<Issue>| issues.into_iter().map(|i| Issue { path: ["/lead", &i.path].concat(), ..i }).collect();
                let mut patch = diff.map_err(|issues| Validation { issues: in_body(issues), warnings: Vec::new(), truncated: false })?;
                // The diff leaves out `ts`, which the server sets; one set here is sent, with
                // the warning that says so.
                if let Some(ts) = self.lead.get("ts") {
                    patch.insert("ts".into(), ts.clone());
                }
                patch
            }
        };
        let mut body = Map::new();
        body.insert("agentId".into(), Value::String(self.agent_id.clone()));
        body.insert("lead".into(), Value::Object(lead));
        // From a stored lead, nested objects are the stored ones, whole: the fields they lack
        // are not stored either, so there is nothing a replacing server could erase.
        let whole = |warnings: &mut Vec<Issue>| {
            if self.stored.is_some() {
                warnings.retain(|w| w.code != PARTIAL_OBJECT);
            }
        };
        match normalize_update_lead(Value::Object(body), self.marks()) {
            Ok((body, mut warnings)) => {
                whole(&mut warnings);
                Ok((body, warnings))
            }
            Err(mut v) => {
                whole(&mut v.warnings);
                Err(v)
            }
        }
    }
}

/// A typed value as JSON. Infallible for the model's types: their fields are strings,
/// numbers, booleans, enums and JSON maps with string keys.
fn json(v: &impl Serialize) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}
