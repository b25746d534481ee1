// The schema for tools that read schemas, on the built package: the enum lists, the JSON
// Schema (checked by ajv, draft 2020-12, against the validator on thousands of bodies) and
// the Standard Schema object.
// Run: node --test tests/js/schema.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { payloads } from '../../bench/payloads.mjs';
import { rng } from './fixtures/rng.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const entry = path.resolve(here, '../../pkg/node/index.mjs');
if (!fs.existsSync(entry)) throw new Error('pkg/ is missing: run scripts/build.sh first');
const api = await import(pathToFileURL(entry).href);
const { validateUpdateLead, toJSONSchema, updateLeadSchema } = api;

test('the enum lists are the values the validator takes, in the order of its messages', () => {
  const lists = { LEAD_STAGES: ['metaData', 'stage'], HOT_LABELS: ['hotLabel'], ACTIVITY_TYPES: ['crmActivities', 0, 'type'], CHANNELS: ['crmActivities', 0, 'firstChannel'], ASSIGNMENT_STATUSES: ['assignedTo', 'status'] };
  for (const [name, at] of Object.entries(lists)) {
    const values = api[name];
    assert.ok(Object.isFrozen(values) && values.length >= 3, name);
    const body = (v) => {
      const lead = { crmActivities: [{ type: 'Call' }], assignedTo: { userId: 'u' }, metaData: { source: 'chat' } };
      let o = lead;
      for (const k of at.slice(0, -1)) o = o[k];
      o[at.at(-1)] = v;
      return { agentId: 'a', lead };
    };
    for (const v of values) assert.equal(validateUpdateLead(body(v)).ok, true, `${name}: ${v}`);
    const refused = validateUpdateLead(body('not-a-value')).issues[0];
    assert.equal(refused.code, 'invalid_enum');
    assert.deepEqual(refused.expected, [...values], name);
  }
  const cjs = createRequire(import.meta.url)(path.resolve(here, '../../pkg/node/index.cjs'));
  assert.equal(cjs.LEAD_STAGES, api.LEAD_STAGES, 'import and require share one list');
});

// Small changes to valid bodies: each may or may not keep the body valid.
function mutate(r, body) {
  const out = structuredClone(body);
  const lead = out.lead;
  const pick = (list) => list[Math.floor(r() * list.length)];
  const odd = [null, 7, 'x', '', true, [], {}, -1.5, 'won', 'Call', '2025-01-01'];
  switch (Math.floor(r() * 9)) {
    case 0: delete out[pick(['agentId', 'lead'])]; break;
    case 1: lead[pick(['name', 'email', 'phone', 'hotScore', 'hotLabel', 'convoId', 'ts', 'lastActivityDate', 'bogus'])] = pick(odd); break;
    case 2: if (lead.metaData) lead.metaData[pick(['stage', 'value', 'source', 'demoDate', 'company', 'linkedin'])] = pick(odd); break;
    case 3: if (lead.crmActivities?.length) lead.crmActivities[0][pick(['type', 'firstChannel', 'completed', 'date', 'notesHistory', 'metadata', 'extra'])] = pick(odd); break;
    case 4: lead.assignedTo = pick([{}, { userId: 'u' }, { userId: 7 }, { userId: 'u', status: 'gone' }, null]); break;
    case 5: if (lead.crmActivities?.length) lead.crmActivities[0].notesHistory = pick([[{}], [{ text: 'hi' }], [{ text: 1 }], 'x']); break;
    case 6: out.agentId = pick(odd); break;
    case 7: if (lead.crmActivities?.length) lead.crmActivities[0].metadata = pick([{ a: [1, { b: null }] }, [], 'x', { k: 'v' }]); break;
    default: out.lead = pick(odd); break;
  }
  return out;
}

test('toJSONSchema(): ajv (draft 2020-12) and the validator agree on 4,000 bodies, valid and not', () => {
  const schema = toJSONSchema();
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.notEqual(toJSONSchema(), schema, 'a fresh object each call');
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, validateFormats: false });
  const check = ajv.compile(schema);
  const r = rng(20261206);
  const { small, full } = payloads(200, 77);
  const bodies = [...small, ...full];
  let valid = 0;
  let invalid = 0;
  const disagreements = [];
  for (let i = 0; i < 4000; i++) {
    const base = bodies[i % bodies.length];
    const body = i < bodies.length ? base : mutate(r, base);
    const ours = validateUpdateLead(body).ok;
    if (ours !== check(body) && disagreements.length < 5) disagreements.push({ ours, body: JSON.stringify(body).slice(0, 300), ajv: check.errors });
    ours ? valid++ : invalid++;
  }
  assert.deepEqual(disagreements, []);
  assert.ok(valid > 1000 && invalid > 1000, `${valid} valid, ${invalid} invalid`);
});

test('updateLeadSchema: Standard Schema v1, array paths, the prepared body as its value', async () => {
  const std = updateLeadSchema['~standard'];
  assert.equal(std.version, 1);
  assert.equal(std.vendor, 'convocore-leads');
  const bad = std.validate({ agentId: 'a', lead: { crmActivities: [{ type: 'Cal' }], metaData: { stage: 'won', source: 'chat', 'a/b': 1 } } });
  assert.deepEqual(bad.issues.map((i) => i.path), [['lead', 'crmActivities', 0, 'type'], ['lead', 'metaData', 'a/b']]);
  assert.match(bad.issues[0].message, /did you mean "Call"\?/);
  assert.deepEqual(std.validate(42).issues.map((i) => i.path), [[]]);
  // Keys that look like indexes stay strings in objects (free-form metadata).
  const meta = std.validate({ agentId: 'a', lead: { crmActivities: [{ type: 'Call', metadata: { 0: [1, { x: 2n }] } }] } });
  assert.deepEqual(meta.issues[0].path, ['lead', 'crmActivities', 0, 'metadata', '0', 1, 'x']);
  const good = std.validate({ agentId: 'a', lead: { lastActivityDate: new Date(Date.UTC(2026, 0, 2)), metaData: { source: 'chat', demoDate: new Date(Date.UTC(2026, 4, 6)) } } });
  assert.deepEqual(good, { value: { agentId: 'a', lead: { lastActivityDate: Date.UTC(2026, 0, 2), metaData: { demoDate: '2026-05-06', source: 'chat' } } } });
  assert.equal(good.issues, undefined);
  // A getter that throws is an issue at its path, not a crash of the path lookup.
  const trap = { agentId: 'a', lead: { get name() { throw new Error('no'); } } };
  assert.deepEqual(std.validate(trap).issues.map((i) => i.path), [['lead', 'name']]);
  // A getter whose value turns bad after some reads: a result either way, never a throw.
  const outcomes = new Set();
  for (let reads = 0; reads < 6; reads++) {
    let n = 0;
    const result = std.validate({ agentId: 'a', lead: { get name() { return n++ < reads ? 'Ada' : 5; } } });
    outcomes.add(result.issues ? JSON.stringify(result.issues) : JSON.stringify(result.value));
  }
  assert.deepEqual(outcomes, new Set([
    JSON.stringify([{ message: 'expected string or null, got a number', path: ['lead', 'name'] }]),
    JSON.stringify({ agentId: 'a', lead: { name: 'Ada' } }),
  ]));
});
