//! The one declarative description of the `PATCH /leads/{id}` request body.
//!
//! Validation, the builder, diff/apply and the TypeScript generator all read these tables,
//! so every rule exists once. They match `spec/update-lead.openapi.yaml` (document 1.0.4).

/// Hostile-input limits and other bounds, all in one place.
pub mod limits {
    /// Validation stops after this many errors and adds one final `too_many_issues` issue
    /// (warnings are cut at the same count).
    pub const MAX_ISSUES: usize = 100;
    /// Longest string accepted anywhere in the body (values and `metadata` keys), in Unicode
    /// scalar values (chars). Generous for `notes`/free text, it stops megabyte pastes.
    pub const MAX_STRING_CHARS: usize = 100_000;
    /// Most entries in `lead.crmActivities`.
    pub const MAX_ACTIVITIES: usize = 10_000;
    /// Most entries in one activity's `notesHistory`.
    pub const MAX_NOTES: usize = 10_000;
    /// Most items in any array inside an activity's free-form `metadata`.
    pub const MAX_METADATA_ARRAY_ITEMS: usize = 10_000;
    /// Most keys in any object inside an activity's free-form `metadata`.
    pub const MAX_METADATA_KEYS: usize = 1_000;
    /// Deepest nesting of arrays/objects inside `metadata`, counting `metadata` itself as 1.
    pub const MAX_METADATA_DEPTH: usize = 64;
    /// Largest magnitude of a valid host `Date` in ms (the ECMAScript time range).
    pub const MAX_DATE_MS: f64 = 8.64e15;
}

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $(#[doc = $s] $variant),+ }
        impl $name {
            /// Every value, in the order of the OpenAPI document.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every value as its wire string, in the order of the OpenAPI document.
            pub const VALUES: &'static [&'static str] = &[$($s),+];
            /// The wire string.
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $s),+ } }
            /// The value for an exact wire string.
            #[allow(clippy::should_implement_trait)]
            pub fn parse(s: &str) -> Option<Self> { match s { $($s => Some($name::$variant),)+ _ => None } }
        }
        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result { f.write_str(self.as_str()) }
        }
        impl From<$name> for serde_json::Value {
            fn from(v: $name) -> Self { serde_json::Value::String(v.as_str().to_string()) }
        }
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> { s.serialize_str(self.as_str()) }
        }
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                super::model::enum_from_str(d, $name::parse, $name::VALUES)
            }
        }
    };
}

string_enum! {
    /// The CRM stage of a lead (`metaData.stage`).
    LeadStage { New = "new", Engaged = "engaged", EmailSent = "email_sent", FollowUp = "follow_up",
        InfoReq = "info_req", DemoReq = "demo_req", DemoConf = "demo_conf", DemoDone = "demo_done",
        Proposal = "proposal", Negotiation = "negotiation", Trial = "trial", Won = "won", Lost = "lost" }
}
string_enum! {
    /// The type of a CRM activity (`crmActivities[].type`).
    ActivityType { Message = "Message", Call = "Call", Email = "Email", Demo = "Demo",
        Meeting = "Meeting", FollowUp = "Follow-Up", Note = "Note", StageChange = "Stage Change",
        Handoff = "Handoff", System = "System" }
}
string_enum! {
    /// A contact channel (`crmActivities[].firstChannel` / `secondChannel`).
    Channel { LinkedIn = "LinkedIn", WhatsApp = "WhatsApp", Instagram = "Instagram",
        Facebook = "Facebook", Email = "Email", PhoneCall = "Phone/Call", ZoomVideo = "Zoom/Video",
        InPerson = "In Person", Referral = "Referral", WebChat = "Web Chat", Unknown = "Unknown" }
}
string_enum! {
    /// The computed heat label of a lead (`hotLabel`).
    HotLabel { Hot = "hot", Warm = "warm", Cold = "cold" }
}
string_enum! {
    /// The status of an assignment (`assignedTo.status`).
    AssignmentStatus { Pending = "pending", Accepted = "accepted", Done = "done" }
}

/// The named string enums: (TypeScript name, values, doc).
pub const ENUMS: &[(&str, &[&str], &str)] = &[
    ("LeadStage", LeadStage::VALUES, "The CRM stage of a lead."),
    ("ActivityType", ActivityType::VALUES, "The type of a CRM activity."),
    ("Channel", Channel::VALUES, "A contact channel of a CRM activity."),
    ("HotLabel", HotLabel::VALUES, "The computed heat label of a lead."),
    ("AssignmentStatus", AssignmentStatus::VALUES, "The status of an assignment."),
];

/// The JSON type a field takes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// `type: string`.
    String,
    /// `type: string, nullable: true`.
    NullableString,
    /// `type: number`.
    Number,
    /// `type: boolean`.
    Bool,
    /// `anyOf: [number, string]` (either order).
    NumberOrString,
    /// `type: string` with an `enum`.
    Enum(&'static [&'static str]),
    /// A nested object with its own fields.
    Object(&'static ObjectSchema),
    /// `type: array` of the item kind.
    Array(&'static Kind),
    /// `type: object, additionalProperties: {}`: any JSON object.
    AnyObject,
}

/// Extra meaning of a field beyond its JSON type: drives warnings and `Date` handling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Nothing more.
    Plain,
    /// A point in time: ISO 8601 date/date-time string or epoch ms; a host `Date` becomes ms.
    Timestamp,
    /// A calendar date: ISO 8601 date (or date-time) string; a host `Date` becomes `YYYY-MM-DD` (UTC).
    CalendarDate,
    /// A time of day `HH:MM` or `HH:MM:SS`.
    TimeOfDay,
    /// An email address.
    Email,
    /// A 0–100 score.
    Score,
}

/// One declared property.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    /// The property name.
    pub name: &'static str,
    /// Its type.
    pub kind: Kind,
    /// Listed in `required`.
    pub required: bool,
    /// Extra meaning.
    pub format: Format,
    /// The description from the OpenAPI document (empty when it has none, and in the
    /// wasm, which never reads it).
    pub doc: &'static str,
}

/// An object with declared properties and `additionalProperties: false`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ObjectSchema {
    /// The TypeScript interface name.
    pub name: &'static str,
    /// A description of the object (empty in the wasm, which never reads it).
    pub doc: &'static str,
    /// Declared properties, in document order.
    pub fields: &'static [Field],
}

impl ObjectSchema {
    /// The field named `name`.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.field_from(name, 0).map(|(_, f)| f)
    }
    /// The field named `name` and its index, looked for from index `from` on (wrapping
    /// around): keys mostly come in the schema's order, so from just past the previous
    /// key's field the next is usually found at once.
    pub(crate) fn field_from(&self, name: &str, from: usize) -> Option<(usize, &'static Field)> {
        let n = self.fields.len();
        for k in 0..n {
            let i = if from + k < n { from + k } else { from + k - n };
            match self.fields.get(i) {
                Some(f) if f.name == name => return Some((i, f)),
                _ => {}
            }
        }
        None
    }
    /// The declared property names.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        self.fields.iter().map(|f| f.name)
    }
}

/// A description as the schema table keeps it: only the TypeScript generator reads
/// them, which never runs in the wasm, so there they are empty and cost no bytes.
const fn doc(text: &'static str) -> &'static str {
    if cfg!(target_arch = "wasm32") {
        ""
    } else {
        text
    }
}
const fn f(name: &'static str, kind: Kind, format: Format, text: &'static str) -> Field {
    Field { name, kind, required: false, format, doc: doc(text) }
}
const fn req(name: &'static str, kind: Kind, text: &'static str) -> Field {
    Field { name, kind, required: true, format: Format::Plain, doc: doc(text) }
}

use Format::*;
use Kind::{Bool as B, NullableString as NS, NumberOrString as NOS, String as S};

/// A note in an activity's `notesHistory`.
pub static NOTE: ObjectSchema = ObjectSchema {
    name: "NoteEntry",
    doc: doc("One entry of an activity's notes history."),
    fields: &[
        f("agentId", S, Plain, ""),
        f("agentName", S, Plain, ""),
        req("text", S, ""),
        f("timestamp", NOS, Timestamp, ""),
    ],
};

static NOTE_KIND: Kind = Kind::Object(&NOTE);

/// One entry of `crmActivities`.
pub static ACTIVITY: ObjectSchema = ObjectSchema {
    name: "CrmActivity",
    doc: doc("One entry of the structured CRM activity timeline."),
    fields: &[
        f("id", S, Plain, ""),
        f("title", S, Plain, ""),
        req("type", Kind::Enum(ActivityType::VALUES), ""),
        f("date", NOS, Timestamp, ""),
        f("dueDate", NOS, Timestamp, ""),
        f("completed", B, Plain, ""),
        f("responded", B, Plain, ""),
        f("firstChannel", Kind::Enum(Channel::VALUES), Plain, ""),
        f("firstEngaged", B, Plain, ""),
        f("secondChannel", Kind::Enum(Channel::VALUES), Plain, ""),
        f("secondEngaged", B, Plain, ""),
        f("note", S, Plain, ""),
        f("notesHistory", Kind::Array(&NOTE_KIND), Plain, ""),
        f("metadata", Kind::AnyObject, Plain, ""),
    ],
};

static ACTIVITY_KIND: Kind = Kind::Object(&ACTIVITY);

/// `lead.assignedTo`.
pub static ASSIGNED_TO: ObjectSchema = ObjectSchema {
    name: "AssignedTo",
    doc: doc("Current assignee for the lead."),
    fields: &[
        req("userId", S, ""),
        f("name", S, Plain, ""),
        f("email", S, Email, ""),
        f("photoUrl", S, Plain, ""),
        f("note", S, Plain, ""),
        f("assignedAt", NOS, Timestamp, ""),
        f("status", Kind::Enum(AssignmentStatus::VALUES), Plain, ""),
    ],
};

/// `lead.metaData`.
pub static META_DATA: ObjectSchema = ObjectSchema {
    name: "LeadMetaData",
    doc: doc("CRM details of the lead."),
    fields: &[
        f("address", S, Plain, "The address of the lead."),
        f("company", S, Plain, "The company of the lead."),
        f("website", S, Plain, "The website of the lead."),
        f("notes", S, Plain, "The notes of the lead."),
        f("source", S, Plain, "The source of the lead. Schema default: \"chat\"."),
        f("currency", S, Plain, "The currency associated with the lead value."),
        f("value", NOS, Plain, "The budget or deal value of the lead."),
        f("stage", Kind::Enum(LeadStage::VALUES), Plain, "The CRM stage of the lead."),
        f("expectedCloseDate", S, CalendarDate, "Expected close date of the lead."),
        f("subIndustry", S, Plain, "The sub-industry of the lead."),
        f("language", S, Plain, "Preferred language of the lead."),
        f("linkedIn", S, Plain, "LinkedIn profile or company page."),
        f("facebook", S, Plain, "Facebook profile or company page."),
        f("instagram", S, Plain, "Instagram handle or profile link."),
        f("demoDate", S, CalendarDate, "Scheduled demo date."),
        f("demoTime", S, TimeOfDay, "Scheduled demo time."),
        f("demoLink", S, Plain, "Scheduled demo meeting link."),
        f("lostReason", S, Plain, "Reason the lead was marked as lost."),
    ],
};

/// `lead`: the partial lead (all fields optional).
pub static LEAD: ObjectSchema = ObjectSchema {
    name: "LeadPatch",
    doc: doc("Lead data to update (all fields optional)"),
    fields: &[
        f("email", NS, Email, "The email of the lead."),
        f("name", NS, Plain, "The name of the lead."),
        f("phone", NS, Plain, "The phone number of the lead."),
        f("metaData", Kind::Object(&META_DATA), Plain, "CRM details of the lead."),
        f("convoId", NOS, Plain, "The convo id of the lead."),
        f("ts", NOS, Timestamp, "The timestamp of the lead. Server-managed: the server sets it on every update."),
        f("assignedTo", Kind::Object(&ASSIGNED_TO), Plain, "Current assignee for the lead."),
        f("hotScore", Kind::Number, Score, "Computed lead heat score from 0-100."),
        f("hotLabel", Kind::Enum(HotLabel::VALUES), Plain, "Computed heat label for the lead."),
        f("lastActivityDate", NOS, Timestamp, "Most recent lead activity timestamp."),
        f("crmActivities", Kind::Array(&ACTIVITY_KIND), Plain, "Structured CRM activity timeline for the lead."),
    ],
};

/// The request body `{agentId, lead}`.
pub static UPDATE_LEAD_BODY: ObjectSchema = ObjectSchema {
    name: "UpdateLeadBody",
    doc: doc("Body of `PATCH /leads/{id}`: updates an existing lead (partial update)."),
    fields: &[
        req("agentId", S, "The agent ID that owns this lead (required in request body)"),
        Field {
            name: "lead",
            kind: Kind::Object(&LEAD),
            required: true,
            format: Plain,
            doc: doc("Lead data to update (all fields optional)"),
        },
    ],
};

/// The TypeScript/enum name of an enum's value list.
pub fn enum_name(values: &[&str]) -> &'static str {
    ENUMS.iter().find(|(_, v, _)| *v == values).map(|(n, _, _)| *n).unwrap_or("string")
}

/// The largest array length allowed at a field of `kind` named `name`.
pub(crate) fn array_limit(name: &str) -> usize {
    match name {
        "crmActivities" => limits::MAX_ACTIVITIES,
        "notesHistory" => limits::MAX_NOTES,
        _ => limits::MAX_METADATA_ARRAY_ITEMS,
    }
}
