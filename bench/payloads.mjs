// Fixed, realistic request bodies for the benchmarks, generated from a seed so every run
// (and every library in a run) sees the same data.
import { rng } from '../tests/js/fixtures/rng.mjs';

const FIRST = ['Amelia', 'Noah', 'Sofia', 'Lukas', 'Priya', 'Mateo', 'Yuki', 'Chloe', 'Omar', 'Ingrid'];
const LAST = ['Hartley', 'Okafor', 'Rossi', 'Schmidt', 'Nair', 'Garcia', 'Tanaka', 'Dubois', 'Haddad', 'Lund'];
const COMPANIES = ['Northwind Logistics', 'Blue Fjord Dental', 'Casa Verde Foods', 'Helix Robotics', 'Atlas Fitness'];
const STAGES = ['new', 'engaged', 'email_sent', 'follow_up', 'demo_req', 'demo_conf', 'proposal', 'negotiation'];
const TYPES = ['Message', 'Call', 'Email', 'Demo', 'Meeting', 'Follow-Up', 'Note', 'Stage Change'];
const CHANNELS = ['LinkedIn', 'WhatsApp', 'Instagram', 'Email', 'Phone/Call', 'Web Chat'];
const CURRENCIES = ['EUR', 'GBP', 'USD', 'SEK'];
const T0 = Date.UTC(2025, 2, 1);
const DAY = 86_400_000;

function make(seed) {
  const r = rng(seed);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const int = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
  const date = (ms) => new Date(ms).toISOString().slice(0, 10);
  const person = () => {
    const first = pick(FIRST);
    const last = pick(LAST);
    return { name: `${first} ${last}`, email: `${first}.${last}@example.com`.toLowerCase() };
  };
  const agentId = `agent_${int(1, 40)}`;

  /** A 3-field patch: what a UI sends after one edit. */
  const small = () => ({
    agentId,
    lead: { ...person(), metaData: { stage: pick(STAGES), notes: 'Asked for a callback next week.' } },
  });

  /** A full lead with 5 activities, the largest body a CRM sync usually sends. */
  const full = () => {
    const p = person();
    const ts = T0 + int(0, 90) * DAY;
    const company = pick(COMPANIES);
    const activity = (i) => ({
      id: `act_${seed}_${i}`,
      title: `${pick(TYPES)} with ${p.name}`,
      type: pick(TYPES),
      date: ts + i * DAY,
      dueDate: date(ts + (i + 3) * DAY),
      completed: r() < 0.5,
      responded: r() < 0.5,
      firstChannel: pick(CHANNELS),
      firstEngaged: true,
      note: 'Discussed pricing tiers and onboarding; follow up with a proposal.',
      notesHistory: [
        { agentId, agentName: 'Support Bot', text: 'Lead came in through the website chat.', timestamp: ts + i * DAY },
        { agentId, text: 'Sent the pricing sheet.', timestamp: new Date(ts + i * DAY + 3_600_000).toISOString() },
      ],
      metadata: { campaign: `spring-${int(1, 9)}`, utm: { source: 'google', medium: 'cpc' }, tags: ['b2b', 'eu'] },
    });
    return {
      agentId,
      lead: {
        ...p,
        phone: `+44 20 7946 0${int(100, 999)}`,
        convoId: `convo_${seed.toString(16)}`,
        ts,
        metaData: {
          address: `${int(1, 200)} Calder Street, Manchester M1 4AB, United Kingdom`,
          company,
          website: `https://${company.toLowerCase().replace(/ /g, '-')}.example.com`,
          notes: 'Runs a 40-vehicle fleet; wants WhatsApp booking confirmations.',
          source: 'chat',
          currency: pick(CURRENCIES),
          value: int(1000, 90000),
          stage: pick(STAGES),
          expectedCloseDate: date(ts + 60 * DAY),
          subIndustry: 'Freight & Logistics',
          language: 'en-GB',
          linkedIn: `https://www.linkedin.example.com/in/${p.name.toLowerCase().replace(' ', '-')}`,
          demoDate: date(ts + 14 * DAY),
          demoTime: '14:00',
          demoLink: 'https://meet.example.com/abc-defg-hij',
        },
        assignedTo: { userId: `user_${int(1, 20)}`, name: 'Dana Whitfield', email: 'dana@example.com', assignedAt: ts, status: 'accepted' },
        hotScore: int(0, 100),
        hotLabel: pick(['hot', 'warm', 'cold']),
        lastActivityDate: ts + 4 * DAY,
        crmActivities: [0, 1, 2, 3, 4].map(activity),
      },
    };
  };
  return { small: small(), full: full() };
}

/** `count` different small and full bodies, the same for a given seed. */
export function payloads(count = 256, seed = 20251126) {
  const small = [];
  const full = [];
  for (let i = 0; i < count; i++) {
    const p = make(seed + i);
    small.push(p.small);
    full.push(p.full);
  }
  return { small, full };
}

/**
 * NDJSON text of `lines` full bodies: compact as `JSON.stringify` writes it, or `spaced` as
 * Python's `json.dumps` does by default (`", "` and `": "` between tokens), which is what many
 * bulk exports hold.
 */
export function ndjson(lines = 2000, seed = 20251126, { spaced = false } = {}) {
  const line = spaced ? spacedJson : (b) => JSON.stringify(b);
  return payloads(lines, seed).full.map(line).join('\n') + '\n';
}

// An indented text has a newline only between tokens (a string's is escaped): fold each
// one into Python's separators.
function spacedJson(value) {
  return JSON.stringify(value, null, 1)
    .replace(/([[{])\n */g, '$1')
    .replace(/\n *([\]}])/g, '$1')
    .replace(/\n */g, ' ');
}
