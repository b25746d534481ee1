// No silent data loss, on the packed package installed as a user would: the validator's
// `partial_object` and `empty_patch` warnings, and what a nested object sent in part does
// to a stored lead under each merge rule of the sandbox (`replace`, the default, and
// `merge`), sent through the real client over loopback.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { scratchProject } from './support/package.mjs';

const KEY = 'sk-partial-test-51e0c7';
let leads;
let sandboxes;

before(async () => {
  const dir = scratchProject('partial-object', { files: { 'load.mjs': "export * from 'convocore-leads';\nexport * as sandbox from 'convocore-leads/sandbox';\n" } });
  leads = await import(pathToFileURL(join(dir, 'load.mjs')));
  sandboxes = {};
  for (const mode of ['replace', 'merge']) {
    sandboxes[mode] = await leads.sandbox.startSandbox({ validate: leads.validateUpdateLead, port: 0, apiKey: KEY, ...(mode === 'merge' ? { mergeNested: 'merge' } : {}) });
  }
});
after(async () => {
  for (const s of Object.values(sandboxes ?? {})) await s.close();
});

const codes = (warnings) => warnings.map((w) => `${w.code} ${w.path}`);

test('partial_object names the fields a replacing server would erase; empty_patch; warnings only', () => {
  const r = leads.validateUpdateLead({ agentId: 'a', lead: { metaData: { stage: 'won', source: 'chat' }, assignedTo: { userId: 'u', name: 'N' } } });
  assert.equal(r.ok, true);
  assert.deepEqual(r.issues, []);
  assert.deepEqual(codes(r.warnings), ['partial_object /lead/metaData', 'partial_object /lead/assignedTo']);
  assert.equal(
    r.warnings[0].message,
    'metaData is sent in part: a server that replaces nested objects would erase any stored address, company, website, notes, currency, value, expectedCloseDate, subIndustry, language, linkedIn, facebook, instagram, demoDate, demoTime, demoLink, lostReason (send the whole object, or build from the stored lead)',
  );
  assert.match(r.warnings[1].message, /^assignedTo is sent in part: .*erase any stored email, photoUrl, note, assignedAt, status \(/);
  assert.deepEqual(codes(leads.validateUpdateLead({ agentId: 'a', lead: {} }).warnings), ['empty_patch /lead']);
  // The same per NDJSON line; prepareUpdateLead still returns the body (warnings never block).
  const lines = leads.validateUpdateLeadsNdjson('{"agentId":"a","lead":{"metaData":{"stage":"won","source":"chat"}}}\n{"agentId":"a","lead":{}}\n');
  assert.deepEqual(lines.map((l) => [l.line, l.ok, codes(l.warnings)]), [[1, true, ['partial_object /lead/metaData']], [2, true, ['empty_patch /lead']]]);
  assert.deepEqual(leads.prepareUpdateLead({ agentId: 'a', lead: { metaData: { stage: 'won' } } }).lead, { metaData: { stage: 'won' } });
});

test('a partial metaData erases the stored fields under replace, not under merge; diffLead erases nothing under either', async () => {
  for (const mode of ['replace', 'merge']) {
    const sb = sandboxes[mode];
    const client = new leads.ConvocoreClient({ apiKey: KEY, baseUrl: sb.baseUrl, retries: 0 });
    try {
      const stored = sb.store.get('lead_1001');
      assert.ok(Object.keys(stored.metaData).length >= 10, 'the seed lead has a full metaData');
      await client.updateLead('lead_1001', { agentId: stored.agentId, lead: { metaData: { stage: 'won' } } });
      const now = sb.store.get('lead_1001').metaData;
      if (mode === 'replace') assert.deepEqual(now, { stage: 'won' }, 'replace: every other field erased');
      else assert.deepEqual(now, { ...stored.metaData, stage: 'won' }, 'merge: every other field kept');

      // diffLead sends the whole object: nothing stored is lost whichever rule the server has.
      const lead = sb.store.get('lead_1002');
      const patch = leads.diffLead(lead, { ...lead, metaData: { ...lead.metaData, stage: 'lost', lostReason: 'budget' } });
      assert.deepEqual(Object.keys(patch), ['metaData']);
      await client.updateLead('lead_1002', { agentId: lead.agentId, lead: patch });
      assert.deepEqual(sb.store.get('lead_1002').metaData, { ...lead.metaData, stage: 'lost', lostReason: 'budget' }, mode);
      // Validating the diff's patch names only fields the stored lead does not have.
      for (const w of leads.validateUpdateLead({ agentId: lead.agentId, lead: patch }).warnings.filter((x) => x.code === 'partial_object')) {
        const named = w.message.split('erase any stored ')[1].split(' (')[0].split(', ');
        for (const field of named) assert.ok(!(field in lead.metaData), `${field} is stored and would be at risk`);
      }
    } finally {
      client.free();
    }
  }
});
