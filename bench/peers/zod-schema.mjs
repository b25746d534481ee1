// The peer: the PATCH /leads/{id} request body of spec/update-lead.openapi.yaml written
// the way a zod 4 user would (strict objects for `additionalProperties: false`).
import * as z from 'zod';

const stringOrNumber = z.union([z.string(), z.number()]);
const channel = z.enum(['LinkedIn', 'WhatsApp', 'Instagram', 'Facebook', 'Email', 'Phone/Call', 'Zoom/Video', 'In Person', 'Referral', 'Web Chat', 'Unknown']);

const metaData = z.strictObject({
  address: z.string().optional(),
  company: z.string().optional(),
  website: z.string().optional(),
  notes: z.string().optional(),
  source: z.string().optional(),
  currency: z.string().optional(),
  value: stringOrNumber.optional(),
  stage: z.enum(['new', 'engaged', 'email_sent', 'follow_up', 'info_req', 'demo_req', 'demo_conf', 'demo_done', 'proposal', 'negotiation', 'trial', 'won', 'lost']).optional(),
  expectedCloseDate: z.string().optional(),
  subIndustry: z.string().optional(),
  language: z.string().optional(),
  linkedIn: z.string().optional(),
  facebook: z.string().optional(),
  instagram: z.string().optional(),
  demoDate: z.string().optional(),
  demoTime: z.string().optional(),
  demoLink: z.string().optional(),
  lostReason: z.string().optional(),
});

const activity = z.strictObject({
  id: z.string().optional(),
  title: z.string().optional(),
  type: z.enum(['Message', 'Call', 'Email', 'Demo', 'Meeting', 'Follow-Up', 'Note', 'Stage Change', 'Handoff', 'System']),
  date: stringOrNumber.optional(),
  dueDate: stringOrNumber.optional(),
  completed: z.boolean().optional(),
  responded: z.boolean().optional(),
  firstChannel: channel.optional(),
  firstEngaged: z.boolean().optional(),
  secondChannel: channel.optional(),
  secondEngaged: z.boolean().optional(),
  note: z.string().optional(),
  notesHistory: z
    .array(z.strictObject({ agentId: z.string().optional(), agentName: z.string().optional(), text: z.string(), timestamp: stringOrNumber.optional() }))
    .optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

export const updateLeadBody = z.strictObject({
  agentId: z.string(),
  lead: z.strictObject({
    email: z.string().nullable().optional(),
    name: z.string().nullable().optional(),
    phone: z.string().nullable().optional(),
    metaData: metaData.optional(),
    convoId: stringOrNumber.optional(),
    ts: stringOrNumber.optional(),
    assignedTo: z
      .strictObject({
        userId: z.string(),
        name: z.string().optional(),
        email: z.string().optional(),
        photoUrl: z.string().optional(),
        note: z.string().optional(),
        assignedAt: stringOrNumber.optional(),
        status: z.enum(['pending', 'accepted', 'done']).optional(),
      })
      .optional(),
    hotScore: z.number().optional(),
    hotLabel: z.enum(['hot', 'warm', 'cold']).optional(),
    lastActivityDate: stringOrNumber.optional(),
    crmActivities: z.array(activity).optional(),
  }),
});
