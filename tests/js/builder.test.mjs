// LeadPatchBuilder on the built package: validate() shows what build() would refuse and the
// warnings it does not return; LeadPatchBuilder.from(storedLead) starts from the lead as
// stored and sends nested objects whole, so that a server which replaces them erases
// nothing, against the real sandbox (which replaces nested objects whole, the cautious
// assumption).
// Run: node --test tests/js/builder.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const entry = path.resolve(here, '../../pkg/node/index.mjs');
if (!fs.existsSync(entry)) throw new Error('pkg/ is missing: run scripts/build.sh first');
const { LeadPatchBuilder, ConvocoreClient, ConvocoreError } = await import(pathToFileURL(entry).href);
const { startSandbox } = await import(pathToFileURL(path.resolve(here, '../../pkg/sandbox/server.mjs')).href);
const { validateUpdateLead } = await import(pathToFileURL(entry).href);

const KEY = 'stored-builder-key-3f9a';
let sandbox;
let client;

before(async () => {
  sandbox = await startSandbox({ port: 0, apiKey: KEY, validate: validateUpdateLead });
  client = new ConvocoreClient({ apiKey: KEY, baseUrl: `${sandbox.url}/v3`, retries: 0 });
});
after(() => sandbox.close());

async function stored(id, agentId) {
  const res = await fetch(`${sandbox.url}/v3/leads/${id}?agentId=${agentId}`, { headers: { Authorization: `Bearer ${KEY}` } });
  assert.equal(res.status, 200);
  return (await res.json()).data;
}

test('a stage set on a builder from the stored lead keeps every other stored metaData field', async () => {
  const lead = await stored('lead_1001', 'agent_emea_01');
  const fields = Object.keys(lead.metaData);
  assert.ok(fields.length >= 10, 'the seed lead has a full metaData');
  const fromStored = LeadPatchBuilder.from(lead).stage('won');
  assert.deepEqual(fromStored.validate().warnings.filter((w) => w.code === 'partial_object'), [], 'whole objects: nothing to warn about');
  const body = fromStored.build();
  assert.deepEqual(body, { agentId: 'agent_emea_01', lead: { metaData: { ...lead.metaData, stage: 'won' } } });
  await client.updateLead('lead_1001', body);
  const now = await stored('lead_1001', 'agent_emea_01');
  assert.deepEqual(now.metaData, { ...lead.metaData, stage: 'won' });
});

test('under a merging sandbox too, the builder from the stored lead leaves every stored field as it was but the one changed', async () => {
  const merging = await startSandbox({ port: 0, apiKey: KEY, validate: validateUpdateLead, mergeNested: 'merge' });
  try {
    const get = async () => (await (await fetch(`${merging.url}/v3/leads/lead_1001?agentId=agent_emea_01`, { headers: { Authorization: `Bearer ${KEY}` } })).json()).data;
    const lead = await get();
    const c = new ConvocoreClient({ apiKey: KEY, baseUrl: `${merging.url}/v3`, retries: 0 });
    await c.updateLead('lead_1001', LeadPatchBuilder.from(lead).stage('lost').lostReason('budget').build());
    const now = await get();
    assert.deepEqual(now.metaData, { ...lead.metaData, stage: 'lost', lostReason: 'budget' });
    assert.deepEqual(now.assignedTo, lead.assignedTo);
  } finally {
    await merging.close();
  }
});

test('the same change from an empty builder erases the rest under a replacing server (what from() prevents)', async () => {
  const list = await fetch(`${sandbox.url}/v3/leads`, { headers: { Authorization: `Bearer ${KEY}` } }).then((r) => r.json());
  const { agentId } = list.data.find((l) => l.id === 'lead_1002');
  const lead = await stored('lead_1002', agentId);
  await client.updateLead('lead_1002', new LeadPatchBuilder(agentId).stage('won').build());
  const now = await stored('lead_1002', agentId);
  // The replaced object holds the one field sent; the rest is gone.
  assert.deepEqual(now.metaData, { stage: 'won' });
  assert.ok(Object.keys(lead.metaData).length > Object.keys(now.metaData).length);
});

test('only what changed is sent; unset goes back to the stored value; activities are appended', async () => {
  const lead = await stored('lead_1001', 'agent_emea_01');
  const b = LeadPatchBuilder.from(lead);
  assert.ok(b instanceof LeadPatchBuilder);
  b.name(lead.name).company(lead.metaData.company);
  assert.deepEqual(b.build().lead, {});
  b.company('Other Ltd').unset('metaData.company');
  assert.deepEqual(b.build().lead, {});
  b.clear('email');
  assert.deepEqual(b.build().lead, { email: null });
  const before = lead.crmActivities?.length ?? 0;
  b.addActivity({ type: 'Call', date: new Date(Date.UTC(2026, 0, 2)) });
  const sent = b.build().lead.crmActivities;
  assert.equal(sent.length, before + 1);
  assert.deepEqual(sent.slice(0, before), lead.crmActivities ?? []);
  assert.equal(sent[before].date, Date.UTC(2026, 0, 2));
});

test('from() refuses what it cannot start from, with a ConvocoreError', () => {
  for (const [lead, agentId, code] of [[null, undefined, 'invalid_type'], ['lead_1001', undefined, 'invalid_type'], [{ name: 'x' }, undefined, 'missing_field']]) {
    assert.throws(() => LeadPatchBuilder.from(lead, agentId), (e) => e instanceof ConvocoreError && e.kind === 'validation' && e.issues[0].code === code);
  }
  assert.throws(() => LeadPatchBuilder.from({ name: 'x' }, 7), (e) => e instanceof ConvocoreError && /agentId/.test(e.message));
  assert.equal(LeadPatchBuilder.from({ name: 'x' }, 'agent_1').name('y').build().agentId, 'agent_1');
  assert.throws(() => LeadPatchBuilder.from({ name: 'x' }, 'agent_1').build(), (e) => e instanceof ConvocoreError && e.issues[0].code === 'empty_patch', 'nothing set: nothing to send');
  // A stored value the schema refuses is named when its object has to be sent whole.
  const b = LeadPatchBuilder.from({ agentId: 'a', metaData: { stage: 'legacy', source: 'web' } }).company('Acme');
  assert.throws(() => b.build(), (e) => e.issues[0].path === '/lead/metaData/stage' && e.issues[0].code === 'invalid_enum');
});

test('validate() gives the errors and warnings of the body as it stands, and never changes it', () => {
  const b = new LeadPatchBuilder('agent-1').stage('won');
  const first = b.validate();
  assert.deepEqual([first.ok, first.issues], [true, []]);
  // Without a stored lead, a part of metaData is at risk under a replacing server.
  assert.deepEqual(first.warnings.map((w) => [w.path, w.code]), [['/lead/metaData', 'default_applies'], ['/lead/metaData', 'partial_object']]);
  b.set('assignedTo.note', 'call back');
  const v = b.validate();
  assert.equal(v.ok, false);
  assert.deepEqual(v.issues.map((i) => [i.path, i.code]), [['/lead/assignedTo/userId', 'missing_field']]);
  assert.throws(() => b.build(), (e) => e instanceof ConvocoreError && e.issues[0].code === 'missing_field');
  b.set('assignedTo.userId', 'u1').source('chat');
  const last = b.validate();
  assert.deepEqual([last.ok, last.issues], [true, []]);
  assert.deepEqual(last.warnings.map((w) => [w.path, w.code]), [['/lead/assignedTo', 'partial_object'], ['/lead/metaData', 'partial_object']]);
  assert.deepEqual(b.build().lead, { assignedTo: { note: 'call back', userId: 'u1' }, metaData: { source: 'chat', stage: 'won' } });
});
