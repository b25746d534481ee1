//! The body, the lead patch and the success answer as Rust types, for the builder, diff,
//! apply and the client.
//!
//! Absent, `null` and a value stay apart: a field never set is `None` and is not sent,
//! `Some(None)` sends `null` (only `email`, `name` and `phone` accept it), `Some(Some(v))`
//! sends `v`. Fields are declared in the order of the schema table, which is the order they
//! are sent in.
//!
//! These types hold only what the schema describes; the walk in [`super::walk`] decides what
//! is valid (ranges, formats, limits) and reports every issue with its path. A body the walk
//! accepts converts to [`UpdateLeadBody`] and back without change (`tests/core_model.rs`).
//! Numbers are `f64`, as in JavaScript, where every body of this package comes from.

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use super::issue::{codes::INVALID_TYPE, Issue};
use super::schema::{ActivityType, AssignmentStatus, Channel, HotLabel, LeadStage};

/// Body of `PATCH /leads/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateLeadBody {
    /// The agent that owns the lead.
    pub agent_id: String,
    /// The fields to change.
    pub lead: LeadPatch,
}

/// The `lead` of a body: every field optional.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeadPatch {
    /// `email` (`Some(None)` clears it)
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "nullable")]
    pub email: Option<Option<String>>,
    /// `name` (`Some(None)` clears it)
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "nullable")]
    pub name: Option<Option<String>>,
    /// `phone` (`Some(None)` clears it)
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "nullable")]
    pub phone: Option<Option<String>>,
    /// `metaData`, sent whole: a server may replace the stored one with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta_data: Option<MetaData>,
    /// `convoId`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub convo_id: Option<NumOrStr>,
    /// `ts` (server-managed)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ts: Option<NumOrStr>,
    /// `assignedTo`, sent whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<Assignee>,
    /// `hotScore` (0–100)
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "some_number")]
    pub hot_score: Option<f64>,
    /// `hotLabel`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hot_label: Option<HotLabel>,
    /// `lastActivityDate`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_activity_date: Option<NumOrStr>,
    /// `crmActivities`, sent whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crm_activities: Option<Vec<Activity>>,
}

impl LeadPatch {
    /// Whether the patch changes nothing (`{}`).
    pub fn is_empty(&self) -> bool {
        *self == LeadPatch::default()
    }
}

/// `lead.metaData`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetaData {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<NumOrStr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<LeadStage>,
    /// ISO 8601 date (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_close_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_industry: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linked_in: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facebook: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instagram: Option<String>,
    /// ISO 8601 date (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demo_date: Option<String>,
    /// `HH:MM` or `HH:MM:SS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demo_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demo_link: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lost_reason: Option<String>,
}

/// `lead.assignedTo`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Assignee {
    /// Required.
    pub user_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_at: Option<NumOrStr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AssignmentStatus>,
}

impl Assignee {
    /// An assignee with only `userId`.
    pub fn new(user_id: impl Into<String>) -> Self {
        Assignee { user_id: user_id.into(), ..Default::default() }
    }
}

/// One entry of `lead.crmActivities`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `type` (required).
    #[serde(rename = "type")]
    pub kind: ActivityType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NumOrStr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<NumOrStr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responded: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_channel: Option<Channel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_engaged: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second_channel: Option<Channel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second_engaged: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes_history: Option<Vec<Note>>,
    /// Free-form JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
}

impl Activity {
    /// An activity with only `type`.
    pub fn new(kind: ActivityType) -> Self {
        Activity {
            id: None,
            title: None,
            kind,
            date: None,
            due_date: None,
            completed: None,
            responded: None,
            first_channel: None,
            first_engaged: None,
            second_channel: None,
            second_engaged: None,
            note: None,
            notes_history: None,
            metadata: None,
        }
    }
}

/// One entry of an activity's `notesHistory`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_name: Option<String>,
    /// Required.
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<NumOrStr>,
}

impl Note {
    /// A note with only `text`.
    pub fn new(text: impl Into<String>) -> Self {
        Note { text: text.into(), ..Default::default() }
    }
}

/// The answer of a successful update (`2xx` with `success: true`).
///
/// `data` is the lead as the server returns it, kept as a JSON object: a stored lead may hold
/// fields and values the update schema does not describe (older stages, server fields), and
/// a stricter type would turn an update that succeeded into an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpdateLeadResponse {
    pub success: bool,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
}

/// A number-or-string value (`metaData.value`, `convoId`, timestamps).
#[derive(Debug, Clone, PartialEq)]
pub enum NumOrStr {
    /// A number (epoch milliseconds for timestamps).
    Number(f64),
    /// A string (ISO 8601 for timestamps).
    String(String),
}

impl From<f64> for NumOrStr {
    fn from(n: f64) -> Self {
        NumOrStr::Number(n)
    }
}
impl From<i64> for NumOrStr {
    fn from(n: i64) -> Self {
        NumOrStr::Number(n as f64)
    }
}
impl From<&str> for NumOrStr {
    fn from(s: &str) -> Self {
        NumOrStr::String(s.to_string())
    }
}
impl From<String> for NumOrStr {
    fn from(s: String) -> Self {
        NumOrStr::String(s)
    }
}

impl Serialize for NumOrStr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            NumOrStr::Number(n) => number(*n).serialize(s),
            NumOrStr::String(t) => s.serialize_str(t),
        }
    }
}

impl<'de> Deserialize<'de> for NumOrStr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = NumOrStr;
            fn expecting(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
                f.write_str("a number or a string")
            }
            fn visit_f64<E>(self, n: f64) -> Result<NumOrStr, E> {
                Ok(NumOrStr::Number(n))
            }
            fn visit_i64<E>(self, n: i64) -> Result<NumOrStr, E> {
                Ok(NumOrStr::Number(n as f64))
            }
            fn visit_u64<E>(self, n: u64) -> Result<NumOrStr, E> {
                Ok(NumOrStr::Number(n as f64))
            }
            fn visit_str<E>(self, s: &str) -> Result<NumOrStr, E> {
                Ok(NumOrStr::String(s.to_string()))
            }
            fn visit_string<E>(self, s: String) -> Result<NumOrStr, E> {
                Ok(NumOrStr::String(s))
            }
        }
        d.deserialize_any(V)
    }
}

/// A number as JSON, written as `JSON.stringify` writes it: whole numbers as integers (`-0`
/// as `0`); NaN and infinities, which JSON cannot carry, as `null`, which the walk refuses
/// where a number goes.
pub(crate) fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
        Value::from(n as i64)
    } else {
        Value::from(n)
    }
}

fn some_number<S: Serializer>(n: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match n {
        Some(n) => number(*n).serialize(s),
        None => s.serialize_none(),
    }
}

/// A present field that may be `null`: `Some(None)` for `null`, where serde alone would
/// read `null` as absent.
fn nullable<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// The string enums of the schema cross as their wire strings.
pub(crate) fn enum_from_str<'de, D: Deserializer<'de>, T>(d: D, parse: fn(&str) -> Option<T>, values: &'static [&'static str]) -> Result<T, D::Error> {
    struct V<T>(fn(&str) -> Option<T>, &'static [&'static str]);
    impl<T> Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
            f.write_str("one of the enum's strings")
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<T, E> {
            (self.0)(s).ok_or_else(|| E::unknown_variant(s, self.1))
        }
    }
    d.deserialize_str(V(parse, values))
}

/// A value the walk accepted, as its Rust type. The types follow the schema table, so this
/// does not fail (`tests/core_model.rs` checks it on generated bodies); if it ever did, the
/// caller gets an issue, never a panic.
pub(crate) fn typed<T: DeserializeOwned>(v: Value) -> Result<T, Vec<Issue>> {
    serde_json::from_value(v).map_err(|e| vec![Issue::new("", INVALID_TYPE, ["the value does not fit its Rust type: ", &e.to_string()].concat())])
}
