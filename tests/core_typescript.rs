#![cfg(not(target_arch = "wasm32"))]
use convocore_leads::typescript_declarations;

#[test]
fn declarations_cover_the_schema() {
    let ts = typescript_declarations();
    assert_eq!(ts, typescript_declarations(), "deterministic");
    for needle in [
        "export type LeadStage = \"new\" | \"engaged\" | \"email_sent\" | \"follow_up\" | \"info_req\" | \"demo_req\" | \"demo_conf\" | \"demo_done\" | \"proposal\" | \"negotiation\" | \"trial\" | \"won\" | \"lost\";",
        "export type ActivityType = \"Message\" | \"Call\" | \"Email\" | \"Demo\" | \"Meeting\" | \"Follow-Up\" | \"Note\" | \"Stage Change\" | \"Handoff\" | \"System\";",
        "export type Channel = \"LinkedIn\" | \"WhatsApp\" | \"Instagram\" | \"Facebook\" | \"Email\" | \"Phone/Call\" | \"Zoom/Video\" | \"In Person\" | \"Referral\" | \"Web Chat\" | \"Unknown\";",
        "export type HotLabel = \"hot\" | \"warm\" | \"cold\";",
        "export type AssignmentStatus = \"pending\" | \"accepted\" | \"done\";",
        "export interface UpdateLeadBody {\n",
        "  agentId: string;\n",
        "  lead: LeadPatch;\n",
        "export interface LeadPatch {\n",
        "  /** The email of the lead. */\n  email?: string | null;\n",
        "  name?: string | null;\n",
        "  phone?: string | null;\n",
        "  metaData?: LeadMetaData;\n",
        "  convoId?: number | string;\n",
        "  ts?: number | string | Date;\n",
        "  lastActivityDate?: number | string | Date;\n",
        "  assignedTo?: AssignedTo;\n",
        "  hotScore?: number;\n",
        "  hotLabel?: HotLabel;\n",
        "  crmActivities?: CrmActivity[];\n",
        "export interface LeadMetaData {\n",
        "  stage?: LeadStage;\n",
        "  value?: number | string;\n",
        "  expectedCloseDate?: string | Date;\n",
        "  demoDate?: string | Date;\n",
        "  demoTime?: string;\n",
        "  lostReason?: string;\n",
        "export interface AssignedTo {\n  userId: string;\n",
        "  assignedAt?: number | string | Date;\n",
        "  status?: AssignmentStatus;\n",
        "export interface CrmActivity {\n",
        "  type: ActivityType;\n",
        "  date?: number | string | Date;\n",
        "  dueDate?: number | string | Date;\n",
        "  completed?: boolean;\n",
        "  firstChannel?: Channel;\n",
        "  notesHistory?: NoteEntry[];\n",
        "  metadata?: Record<string, unknown>;\n",
        "export interface NoteEntry {\n",
        "  text: string;\n",
        "  timestamp?: number | string | Date;\n",
        "export interface Issue {\n",
        "  expected?: string[];\n",
        "  suggestion?: string;\n",
        "export interface ValidationResult {\n  ok: boolean;\n  issues: Issue[];\n  warnings: Issue[];\n}",
    ] {
        assert!(ts.contains(needle), "missing {:?} in\n{}", needle, ts);
    }
    // Nullable only at email/name/phone, as fields and as the builder's setters.
    assert_eq!(ts.matches("?: string | null;").count(), 3);
    assert_eq!(ts.matches("(value: string | null): LeadPatchBuilder;").count(), 3);
    assert_eq!(ts.matches("| null").count(), 6);
    // A setter per field of the lead and of metaData, none for the server-managed `ts`.
    for needle in ["  name(value: string | null): LeadPatchBuilder;\n", "  stage(value: LeadStage): LeadPatchBuilder;\n", "  crmActivities(value: CrmActivity[]): LeadPatchBuilder;\n", "  demoDate(value: string | Date): LeadPatchBuilder;\n"] {
        assert!(ts.contains(needle), "missing {:?}", needle);
    }
    assert!(!ts.contains("  ts(value"));
    // Balanced braces, every doc comment closed.
    assert_eq!(ts.matches('{').count(), ts.matches('}').count());
    assert_eq!(ts.matches("/**").count(), ts.matches("*/").count());
}
