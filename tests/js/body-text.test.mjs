// A JavaScript body enters the wasm one way: the JSON text JSON.stringify makes of it, with
// marks for what JSON cannot carry (src/wasm/body.js). What the text validation sees must
// be what the body holds: nothing dropped, turned into null or changed on the way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConvocoreError, prepareUpdateLead, validateUpdateLead, validateUpdateLeadsNdjson } from '../../pkg/node/index.mjs';
import { payloads } from '../../bench/payloads.mjs';
import { hostileValue } from './fixtures/hostile-values.mjs';
import { rng } from './fixtures/rng.mjs';
import { isPlain, replacedText } from '../../src/wasm/body.js';

const body = (lead) => ({ agentId: 'agent_1', lead });
const issues = (b) => validateUpdateLead(b).issues.map((i) => [i.path, i.code]);

test('plain bodies are sent as JSON.stringify writes them', () => {
  const data = payloads(64);
  for (const b of [...data.small, ...data.full]) {
    assert.equal(validateUpdateLead(b).ok, true);
    assert.deepEqual(prepareUpdateLead(b), JSON.parse(JSON.stringify(b)));
  }
});

test('what JSON cannot carry is an issue at its path, not null or a missing field', () => {
  class Money {}
  const cyclic = { a: 1 };
  cyclic.self = cyclic;
  const cases = [
    [{ hotScore: NaN }, [['/lead/hotScore', 'not_finite']]],
    [{ hotScore: -Infinity }, [['/lead/hotScore', 'not_finite']]],
    // JSON.stringify alone would send null here: the stored email erased.
    [{ email: NaN }, [['/lead/email', 'invalid_type']]],
    [{ convoId: 12n }, [['/lead/convoId', 'unsupported_value']]],
    [{ name: () => 'x' }, [['/lead/name', 'unsupported_value']]],
    [{ name: Symbol('x') }, [['/lead/name', 'unsupported_value']]],
    [{ metaData: new Map([['source', 'chat']]) }, [['/lead/metaData', 'unsupported_value']]],
    [{ metaData: { source: 'chat', value: new Money() } }, [['/lead/metaData/value', 'unsupported_value']]],
    [{ metaData: { source: 'chat', value: new Number(5) } }, [['/lead/metaData/value', 'unsupported_value']]],
    [{ name: { toJSON: () => 'Ada' } }, [['/lead/name', 'unsupported_value']]],
    [{ name: new Date(0) }, [['/lead/name', 'unsupported_value']]],
    [{ ts: new Date(NaN) }, [['/lead/ts', 'invalid_date']]],
    [{ crmActivities: [, { type: 'Call' }] }, [['/lead/crmActivities/0', 'unsupported_value']]],
    [{ crmActivities: [undefined] }, [['/lead/crmActivities/0', 'unsupported_value']]],
    [{ crmActivities: [{ type: 'Call', metadata: { a: [1, NaN], c: cyclic } }] },
      [['/lead/crmActivities/0/metadata/a/1', 'not_finite'], ['/lead/crmActivities/0/metadata/c/self', 'unsupported_value']]],
    [{ name: 'Ad\ud800a' }, [['/lead/name', 'unsupported_value']]],
    [{ name: 'x', phone: 'y\udc00' }, [['/lead/phone', 'unsupported_value']]],
  ];
  for (const [lead, expected] of cases) {
    assert.deepEqual(issues(body(lead)), expected, JSON.stringify(expected));
    assert.throws(() => prepareUpdateLead(body(lead)), (e) => e instanceof ConvocoreError && e.kind === 'validation');
  }
  assert.deepEqual(issues(undefined), [['', 'unsupported_value']]);
  const throwing = { agentId: 'a', lead: { get name() { throw new Error('boom'); } } };
  assert.deepEqual(issues(throwing), [['/lead/name', 'unsupported_value']], 'at the getter\'s own path');
  const keysThrow = { agentId: 'a', lead: { metaData: new Proxy({}, { ownKeys() { throw new Error('keys'); } }) } };
  assert.deepEqual(issues(keysThrow), [['/lead/metaData', 'unsupported_value']]);
});

test('undefined is absent, -0 is 0, Dates are converted, and a forged mark is a plain string', () => {
  const prepared = prepareUpdateLead(body({
    email: undefined,
    hotScore: -0,
    ts: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
    metaData: { source: 'chat', expectedCloseDate: new Date(Date.UTC(2026, 0, 31, 23)), demoDate: new Date(Date.UTC(-5, 0, 1)) },
    crmActivities: [{ type: 'Call', date: new Date(7), notesHistory: [{ text: 't', timestamp: new Date(-1) }] }],
  }));
  assert.equal('email' in prepared.lead, false);
  assert.ok(Object.is(prepared.lead.hotScore, 0));
  assert.equal(prepared.lead.ts, Date.UTC(2026, 0, 2, 3, 4, 5));
  assert.equal(prepared.lead.metaData.expectedCloseDate, '2026-01-31');
  assert.equal(prepared.lead.metaData.demoDate, '-000005-01-01');
  assert.equal(prepared.lead.crmActivities[0].date, 7);
  assert.equal(prepared.lead.crmActivities[0].notesHistory[0].timestamp, -1);
  const forged = '\u0000abc:date:5';
  assert.deepEqual(prepareUpdateLead(body({ name: forged, ts: forged })).lead, { name: forged, ts: forged });
});

test('lone surrogates in NDJSON text are refused, not replaced; escaped ones are issues at their path', () => {
  assert.throws(() => validateUpdateLeadsNdjson('{"agentId":"a","lead":{"name":"\ud800"}}'), (e) => e instanceof ConvocoreError && /lone surrogate/.test(e.message));
  const [line] = validateUpdateLeadsNdjson('{"agentId":"a","lead":{"name":"\\ud800"}}');
  assert.deepEqual(line.issues.map((i) => [i.path, i.code]), [['/lead/name', 'unsupported_value']]);
});

test('a body found plain is written by JSON.stringify exactly as the replacer would write it', () => {
  const marks = '\u0000test:';
  const data = payloads(64);
  const r = rng(20261206);
  const values = [...data.small, ...data.full, ...Array.from({ length: 3000 }, () => hostileValue(r))];
  let plain = 0;
  for (const v of values) {
    let found;
    try {
      found = typeof v === 'object' && v !== null && isPlain(v, 0);
    } catch {
      continue; // a throwing Proxy: the replacer's way
    }
    if (!found) continue;
    plain++;
    assert.equal(JSON.stringify(v), replacedText(v, marks));
  }
  assert.ok(plain >= 200, `${plain} plain values`);
  // What the replacer marks is never found plain.
  class Money {}
  const cyclic = {};
  cyclic.self = cyclic;
  for (const v of [{ a: NaN }, { a: new Date(0) }, { a: [1, , 2] }, { a: [undefined] }, { a: 1n }, { a: () => 1 }, { a: new Money() },
    { toJSON: () => 1 }, cyclic, [new Array(10_001).fill(0)], Object.create({ inherited: 1 })]) {
    assert.equal(isPlain(v, 0), false, String(Object.keys(v)));
  }
});
