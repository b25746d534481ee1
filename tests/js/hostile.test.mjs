// Hostile input through every export in Node: random and hostile values never make an
// export throw anything but a ConvocoreError (no TypeError from the glue, no wasm trap),
// the instance keeps validating, prototypes stay clean, and the documented bounds hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as api from '../../pkg/node/index.mjs';
import * as validator from '../../pkg/validate/node/index.mjs';
import { exercise, assertStillValidates, hostileValue } from './fixtures/hostile-values.mjs';
import { rng } from './fixtures/rng.mjs';
import { startSandbox } from '../../pkg/sandbox/server.mjs';

const { ConvocoreClient, ConvocoreError, validateUpdateLead, prepareUpdateLead, applyLeadPatch } = api;
const ok = () => new Response('{"success":true,"message":"ok"}', { status: 200, headers: { 'content-type': 'application/json' } });

test('10,000 random and hostile values through every export throw nothing but ConvocoreError', async () => {
  const { failures, calls } = await exercise(api, { seed: 20260522, count: 10_000, fetchStub: ok });
  assert.deepEqual(failures.slice(0, 20), []);
  assert.ok(calls >= 18_000, `${calls} calls`);
  assertStillValidates(api);
});

// convocore-leads/validate is the same Rust code built without the client, builder, diff
// and apply: on the same values it must answer exactly as the main entry does, errors
// included, and throw nothing else either.
test('convocore-leads/validate answers 3,000 random and hostile values as the main entry does', () => {
  const r = rng(20261206);
  const outcome = (fn) => {
    try {
      return { value: fn() };
    } catch (e) {
      assert.ok(e instanceof ConvocoreError, `not a ConvocoreError: ${e?.constructor?.name}: ${String(e?.message ?? e).slice(0, 200)}`);
      return { error: { name: e.name, message: e.message, kind: e.kind, issues: e.issues, keys: Object.keys(e) } };
    }
  };
  for (let i = 0; i < 3000; i++) {
    const v = hostileValue(r);
    for (const name of ['validateUpdateLead', 'prepareUpdateLead', 'validateUpdateLeadsNdjson']) {
      assert.deepEqual(outcome(() => validator[name](v)), outcome(() => api[name](v)), `${name}, value #${i}`);
    }
  }
  assertStillValidates(validator);
});

// Found by the exercise above: the glue's string copy threw TypeErrors (or trapped the
// instance with `unreachable` / out-of-bounds) on non-string paths and NDJSON text, a
// non-number note index threw from ToNumber, and a Proxy array whose `get` trap throws
// escaped through the walk of its length, leaving the builder or client borrowed for good.
test('non-string text, paths and fields, odd note indexes and throwing proxies are ConvocoreErrors', async () => {
  const { LeadPatchBuilder, validateUpdateLeadsNdjson } = api;
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const odd = [undefined, null, 42, 1n, Symbol('s'), {}, [], { length: 2 ** 31 }, { toString: () => 'name' }, revoked.proxy,
    new Proxy({}, { get() { throw new Error('trap'); } })];
  const isValidation = (e) => e instanceof ConvocoreError && e.kind === 'validation';
  for (const v of odd) {
    assert.throws(() => validateUpdateLeadsNdjson(v), isValidation, String(typeof v));
    const b = new LeadPatchBuilder('agent');
    assert.throws(() => b.set(v, 'x'), isValidation);
    assert.throws(() => b.unset(v), isValidation);
    assert.throws(() => b.clear(v), isValidation);
    b.addActivity({ type: 'Call' });
    for (const i of [v, -1, 0.5, 2 ** 32, NaN]) assert.throws(() => b.addNote(i, { text: 't' }), isValidation);
    b.addNote(0, { text: 't' });
    assert.equal(b.build().lead.crmActivities[0].notesHistory.length, 1);
    b.free();
  }
  const trapArray = new Proxy([], { get() { throw new Error('trap'); } });
  assert.deepEqual(validateUpdateLead({ agentId: 'a', lead: { crmActivities: trapArray } }).issues.map((i) => i.code), ['unsupported_value']);
  const client = new ConvocoreClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9/v3', fetch: ok });
  assert.throws(() => prepareUpdateLead({ agentId: 'a', lead: { crmActivities: trapArray } }), isValidation);
  await assert.rejects(client.updateLead('L1', { agentId: 'a', lead: { crmActivities: trapArray } }), isValidation);
  client.free(); // would throw if an escaped exception had left it borrowed
  assertStillValidates(api);
});

test('prototype keys inside metadata stay plain data on the way out', () => {
  const body = JSON.parse('{"agentId":"a","lead":{"crmActivities":[{"type":"Call","metadata":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}},"prototype":{"polluted":3}}}]}}');
  const prepared = prepareUpdateLead(body);
  const applied = applyLeadPatch({ id: 'L1' }, prepared.lead);
  for (const out of [prepared.lead, applied]) {
    const meta = out.crmActivities[0].metadata;
    assert.deepEqual(Object.keys(meta), ['__proto__', 'constructor', 'prototype']);
    assert.equal(Object.getPrototypeOf(meta), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(meta, '__proto__').value, { polluted: 1 });
    assert.equal(meta.constructor.prototype.polluted, 2);
  }
  assert.equal({}.polluted, undefined);
  assert.equal(Object.prototype.polluted, undefined);
});

function codes(body) {
  return validateUpdateLead(body).issues.map((i) => i.code);
}

function timed(fn) {
  const start = performance.now();
  const out = fn();
  return [out, performance.now() - start];
}

test('bounded work: 10 MB strings, 100,000 activities and 10,000-level nesting are refused with their codes', () => {
  const [longString, t1] = timed(() => codes({ agentId: 'a', lead: { name: 'x'.repeat(10 * 1024 * 1024) } }));
  assert.deepEqual(longString, ['too_long']);
  const [many, t2] = timed(() => codes({ agentId: 'a', lead: { crmActivities: Array.from({ length: 100_000 }, () => ({ type: 'Call' })) } }));
  assert.deepEqual(many, ['too_many']);
  let nested = 'x';
  for (let i = 0; i < 10_000; i++) nested = { a: nested };
  const [deep, t3] = timed(() => codes({ agentId: 'a', lead: { crmActivities: [{ type: 'Call', metadata: nested }] } }));
  assert.deepEqual(deep, ['too_deep']);
  const keys = {};
  for (let i = 0; i < 100_000; i++) keys['k' + i] = i;
  const [wide, t4] = timed(() => codes({ agentId: 'a', lead: { crmActivities: [{ type: 'Call', metadata: keys }] } }));
  assert.deepEqual(wide, ['too_many']);
  // Bounded time: each is linear work well under these limits (see SECURITY.md for the figures).
  for (const [what, ms] of [['10 MB string', t1], ['100,000 activities', t2], ['10,000 levels', t3], ['100,000 keys', t4]]) {
    assert.ok(ms < 5000, `${what}: ${ms.toFixed(0)} ms`);
  }
  assertStillValidates(api);
});

test('no id changes the path or host of the request', async () => {
  const sandbox = await startSandbox({ validate: validateUpdateLead, port: 0, apiKey: 'hostile-test-key' });
  try {
    const seen = [];
    const recording = (request) => { seen.push(new URL(request.url)); return fetch(request); };
    const client = new ConvocoreClient({ apiKey: 'hostile-test-key', baseUrl: sandbox.baseUrl, retries: 0, fetch: recording });
    const base = new URL(sandbox.baseUrl);
    const ids = ['../../admin', '..%2F..%2Fadmin', 'a/b', 'a?b=c', 'a#b', '//evil.example/x', '@evil.example', '\\..\\x', '%2e%2e', '.%2E', 'x\r\nHost: evil', '\u0000', ' ', '…', 'https://evil.example/'];
    for (const id of ids) {
      try {
        await client.updateLead(id, { agentId: 'agent_1', lead: { name: 'n' } });
      } catch (e) {
        assert.ok(e instanceof ConvocoreError, `${id}: ${e}`);
      }
    }
    assert.equal(seen.length, ids.length);
    // The sandbox received each of them at /leads/{id} (a 404 for unknown ids, not another route).
    assert.equal(sandbox.requests().filter((q) => q.method === 'PATCH').length, ids.length);
    for (const [i, url] of seen.entries()) {
      assert.equal(url.host, base.host, ids[i]);
      const rest = url.pathname.slice(base.pathname.length);
      assert.match(rest, /^\/leads\/[^/]+$/, `${ids[i]} -> ${url.pathname}`);
      assert.equal(decodeURIComponent(rest.slice('/leads/'.length)), ids[i]);
      assert.equal(url.search, '');
      assert.equal(url.hash, '');
    }
    for (const id of ['', '.', '..']) {
      await assert.rejects(client.updateLead(id, { agentId: 'a', lead: {} }), (e) => e instanceof ConvocoreError && e.kind === 'validation');
    }
    client.free();
  } finally {
    await sandbox.close();
  }
});

test('a baseUrl with credentials, a fragment, a query or a non-http scheme is refused', () => {
  for (const baseUrl of ['https://user:pass@api.example/v3', 'https://k@api.example', 'http://127.0.0.1:1/v3#frag', 'https://api.example/v3?x=1',
    'ftp://api.example', 'javascript:alert(1)', 'file:///etc/passwd', 'data:text/plain,x', 'ws://127.0.0.1', 'http://api.example/v3', '//api.example', 'https:api.example',
    'https://api.example\\@evil.example', ' https://api.example', 'https://api.example/v3\n']) {
    assert.throws(() => new ConvocoreClient({ apiKey: 'k', baseUrl }), (e) => e instanceof ConvocoreError && e.kind === 'validation' && !e.message.includes('pass@'), baseUrl);
  }
});
