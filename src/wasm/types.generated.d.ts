// Generated from the Convocore Update Lead schema (OpenAPI 1.0.4). Do not edit.

/** The CRM stage of a lead. */
export type LeadStage = "new" | "engaged" | "email_sent" | "follow_up" | "info_req" | "demo_req" | "demo_conf" | "demo_done" | "proposal" | "negotiation" | "trial" | "won" | "lost";

/** The type of a CRM activity. */
export type ActivityType = "Message" | "Call" | "Email" | "Demo" | "Meeting" | "Follow-Up" | "Note" | "Stage Change" | "Handoff" | "System";

/** A contact channel of a CRM activity. */
export type Channel = "LinkedIn" | "WhatsApp" | "Instagram" | "Facebook" | "Email" | "Phone/Call" | "Zoom/Video" | "In Person" | "Referral" | "Web Chat" | "Unknown";

/** The computed heat label of a lead. */
export type HotLabel = "hot" | "warm" | "cold";

/** The status of an assignment. */
export type AssignmentStatus = "pending" | "accepted" | "done";

/** Body of `PATCH /leads/{id}`: updates an existing lead (partial update). */
export interface UpdateLeadBody {
  /** The agent ID that owns this lead (required in request body) */
  agentId: string;
  /** Lead data to update (all fields optional) */
  lead: LeadPatch;
}

/** Lead data to update (all fields optional) */
export interface LeadPatch {
  /** The email of the lead. */
  email?: string | null;
  /** The name of the lead. */
  name?: string | null;
  /** The phone number of the lead. */
  phone?: string | null;
  /** CRM details of the lead. */
  metaData?: LeadMetaData;
  /** The convo id of the lead. */
  convoId?: number | string;
  /** The timestamp of the lead. Server-managed: the server sets it on every update. Epoch milliseconds or ISO 8601 string; a Date is sent as epoch milliseconds. */
  ts?: number | string | Date;
  /** Current assignee for the lead. */
  assignedTo?: AssignedTo;
  /** Computed lead heat score from 0-100. */
  hotScore?: number;
  /** Computed heat label for the lead. */
  hotLabel?: HotLabel;
  /** Most recent lead activity timestamp. Epoch milliseconds or ISO 8601 string; a Date is sent as epoch milliseconds. */
  lastActivityDate?: number | string | Date;
  /** Structured CRM activity timeline for the lead. */
  crmActivities?: CrmActivity[];
}

/** CRM details of the lead. */
export interface LeadMetaData {
  /** The address of the lead. */
  address?: string;
  /** The company of the lead. */
  company?: string;
  /** The website of the lead. */
  website?: string;
  /** The notes of the lead. */
  notes?: string;
  /** The source of the lead. Schema default: "chat". */
  source?: string;
  /** The currency associated with the lead value. */
  currency?: string;
  /** The budget or deal value of the lead. */
  value?: number | string;
  /** The CRM stage of the lead. */
  stage?: LeadStage;
  /** Expected close date of the lead. ISO 8601 date (YYYY-MM-DD); a Date is sent as its UTC date. */
  expectedCloseDate?: string | Date;
  /** The sub-industry of the lead. */
  subIndustry?: string;
  /** Preferred language of the lead. */
  language?: string;
  /** LinkedIn profile or company page. */
  linkedIn?: string;
  /** Facebook profile or company page. */
  facebook?: string;
  /** Instagram handle or profile link. */
  instagram?: string;
  /** Scheduled demo date. ISO 8601 date (YYYY-MM-DD); a Date is sent as its UTC date. */
  demoDate?: string | Date;
  /** Scheduled demo time. HH:MM or HH:MM:SS. */
  demoTime?: string;
  /** Scheduled demo meeting link. */
  demoLink?: string;
  /** Reason the lead was marked as lost. */
  lostReason?: string;
}

/** Current assignee for the lead. */
export interface AssignedTo {
  userId: string;
  name?: string;
  email?: string;
  photoUrl?: string;
  note?: string;
  /** Epoch milliseconds or ISO 8601 string; a Date is sent as epoch milliseconds. */
  assignedAt?: number | string | Date;
  status?: AssignmentStatus;
}

/** One entry of the structured CRM activity timeline. */
export interface CrmActivity {
  id?: string;
  title?: string;
  type: ActivityType;
  /** Epoch milliseconds or ISO 8601 string; a Date is sent as epoch milliseconds. */
  date?: number | string | Date;
  /** Epoch milliseconds or ISO 8601 string; a Date is sent as epoch milliseconds. */
  dueDate?: number | string | Date;
  completed?: boolean;
  responded?: boolean;
  firstChannel?: Channel;
  firstEngaged?: boolean;
  secondChannel?: Channel;
  secondEngaged?: boolean;
  note?: string;
  notesHistory?: NoteEntry[];
  metadata?: Record<string, unknown>;
}

/** One entry of an activity's notes history. */
export interface NoteEntry {
  agentId?: string;
  agentName?: string;
  text: string;
  /** Epoch milliseconds or ISO 8601 string; a Date is sent as epoch milliseconds. */
  timestamp?: number | string | Date;
}

/** One setter per field; each checks its value at once and returns the builder. */
export interface LeadPatchBuilder {
  /** `email` (`null` clears it): The email of the lead. */
  email(value: string | null): LeadPatchBuilder;
  /** `name` (`null` clears it): The name of the lead. */
  name(value: string | null): LeadPatchBuilder;
  /** `phone` (`null` clears it): The phone number of the lead. */
  phone(value: string | null): LeadPatchBuilder;
  /** `metaData`: CRM details of the lead. Sent whole: it replaces the stored value. */
  metaData(value: LeadMetaData): LeadPatchBuilder;
  /** `convoId`: The convo id of the lead. */
  convoId(value: number | string): LeadPatchBuilder;
  /** `assignedTo`: Current assignee for the lead. Sent whole: it replaces the stored value. */
  assignedTo(value: AssignedTo): LeadPatchBuilder;
  /** `hotScore`: Computed lead heat score from 0-100. */
  hotScore(value: number): LeadPatchBuilder;
  /** `hotLabel`: Computed heat label for the lead. */
  hotLabel(value: HotLabel): LeadPatchBuilder;
  /** `lastActivityDate`: Most recent lead activity timestamp. Epoch milliseconds or ISO 8601 string; a Date is sent as epoch milliseconds. */
  lastActivityDate(value: number | string | Date): LeadPatchBuilder;
  /** `crmActivities`: Structured CRM activity timeline for the lead. Sent whole: it replaces the stored value. */
  crmActivities(value: CrmActivity[]): LeadPatchBuilder;
  /** `metaData.address`: The address of the lead. */
  address(value: string): LeadPatchBuilder;
  /** `metaData.company`: The company of the lead. */
  company(value: string): LeadPatchBuilder;
  /** `metaData.website`: The website of the lead. */
  website(value: string): LeadPatchBuilder;
  /** `metaData.notes`: The notes of the lead. */
  notes(value: string): LeadPatchBuilder;
  /** `metaData.source`: The source of the lead. Schema default: "chat". */
  source(value: string): LeadPatchBuilder;
  /** `metaData.currency`: The currency associated with the lead value. */
  currency(value: string): LeadPatchBuilder;
  /** `metaData.value`: The budget or deal value of the lead. */
  value(value: number | string): LeadPatchBuilder;
  /** `metaData.stage`: The CRM stage of the lead. */
  stage(value: LeadStage): LeadPatchBuilder;
  /** `metaData.expectedCloseDate`: Expected close date of the lead. ISO 8601 date (YYYY-MM-DD); a Date is sent as its UTC date. */
  expectedCloseDate(value: string | Date): LeadPatchBuilder;
  /** `metaData.subIndustry`: The sub-industry of the lead. */
  subIndustry(value: string): LeadPatchBuilder;
  /** `metaData.language`: Preferred language of the lead. */
  language(value: string): LeadPatchBuilder;
  /** `metaData.linkedIn`: LinkedIn profile or company page. */
  linkedIn(value: string): LeadPatchBuilder;
  /** `metaData.facebook`: Facebook profile or company page. */
  facebook(value: string): LeadPatchBuilder;
  /** `metaData.instagram`: Instagram handle or profile link. */
  instagram(value: string): LeadPatchBuilder;
  /** `metaData.demoDate`: Scheduled demo date. ISO 8601 date (YYYY-MM-DD); a Date is sent as its UTC date. */
  demoDate(value: string | Date): LeadPatchBuilder;
  /** `metaData.demoTime`: Scheduled demo time. HH:MM or HH:MM:SS. */
  demoTime(value: string): LeadPatchBuilder;
  /** `metaData.demoLink`: Scheduled demo meeting link. */
  demoLink(value: string): LeadPatchBuilder;
  /** `metaData.lostReason`: Reason the lead was marked as lost. */
  lostReason(value: string): LeadPatchBuilder;
}

/** The codes of blocking issues (`ValidationResult.issues`). */
export type ErrorCode = "missing_field" | "unknown_field" | "invalid_type" | "invalid_enum" | "not_finite" | "unsupported_value" | "invalid_date" | "too_deep" | "too_long" | "too_many" | "too_many_issues" | "immutable_field" | "cannot_remove" | "invalid_path" | "duplicate_key" | "invalid_json";

/** The codes of warnings (`ValidationResult.warnings`): worth showing, never blocking. `partial_object`: `metaData` or `assignedTo` sent without some of its fields, which a server that replaces nested objects would erase (the message names them); `empty_patch`: `lead` is `{}`. */
export type WarningCode = "out_of_range" | "invalid_email" | "empty_string" | "unparsable_date" | "server_managed" | "default_applies" | "partial_object" | "empty_patch";

/** One problem found in a value. */
export interface Issue {
  /** JSON Pointer (RFC 6901) to the value; "" is the root. */
  path: string;
  /** Stable machine-readable code: an `ErrorCode` or a `WarningCode`, e.g. "invalid_enum". */
  code: string;
  /** Clear English message. */
  message: string;
  /** The allowed values or types, when there is a set. */
  expected?: string[];
  /** A likely intended value or key for a near miss. */
  suggestion?: string;
}

/** The outcome of validation: errors block sending, warnings never do. */
export interface ValidationResult {
  ok: boolean;
  issues: Issue[];
  warnings: Issue[];
}
