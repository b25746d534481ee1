// ConvocoreClient (the built package, pkg/node) against the local sandbox API, which
// validates with the package's own validateUpdateLead and logs what it receives.
// Run after scripts/build.sh: node --test tests/js/client.test.mjs

import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { answering, hanging } from './support/fetches.mjs';
import { PKG } from './support/package.mjs';

const { ConvocoreClient, ConvocoreError, validateUpdateLead } = await import(pathToFileURL(join(PKG, 'node/index.mjs')).href);
const { startSandbox } = await import(pathToFileURL(join(PKG, 'sandbox/server.mjs')).href);

const KEY = 'ck_test_Zq8vT1-never-shown';
const LEAD = 'lead_1001';
const AGENT = 'agent_emea_01';
const BODY = { agentId: AGENT, lead: { name: 'Amelia H.', phone: null, metaData: { stage: 'won', source: 'chat' } } };
const RETRYABLE = [408, 429, 500, 502, 503, 504];
const NOT_RETRYABLE = [400, 401, 403, 404, 405, 409, 412, 413, 415, 422, 499, 501, 505];

let sandbox;
/** Every error seen in this file; the last test checks none of them holds the key. */
const seen = [];

before(async () => {
  sandbox = await startSandbox({ validate: validateUpdateLead, port: 0, apiKey: KEY });
});
after(() => sandbox.close());
beforeEach(() => control('POST', '/__sandbox/reset'));

async function control(method, path, body) {
  const res = await fetch(sandbox.url + path, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  assert.equal(res.status, 200, `${method} ${path}`);
  return res.json();
}
const queueFaults = (...queue) => control('POST', '/__sandbox/faults', { queue });
const logged = async () => (await control('GET', '/__sandbox/requests')).requests;

function client(options = {}) {
  return new ConvocoreClient({ apiKey: KEY, baseUrl: sandbox.baseUrl, ...options });
}

/** The ConvocoreError `run` throws or rejects with, after checking the common fields. */
async function failure(run, kind) {
  let error;
  try {
    await run();
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof ConvocoreError, `expected a ConvocoreError, got ${error}`);
  seen.push(error);
  assert.equal(error.kind, kind, error.message);
  assert.equal(typeof error.retryable, 'boolean');
  assert.equal(typeof error.attempts, 'number');
  assert.ok(error.message.length > 0);
  return error;
}

// --- construction ----------------------------------------------------------------

test('base URL: regions, override, trailing slash', () => {
  assert.equal(new ConvocoreClient({ apiKey: KEY }).baseUrl, 'https://eu-gcp-api.vg-stuff.com/v3');
  assert.equal(new ConvocoreClient({ apiKey: KEY, region: 'eu' }).baseUrl, 'https://eu-gcp-api.vg-stuff.com/v3');
  assert.equal(new ConvocoreClient({ apiKey: KEY, region: 'na' }).baseUrl, 'https://na-gcp-api.vg-stuff.com/v3');
  assert.equal(new ConvocoreClient({ apiKey: KEY, baseUrl: 'https://proxy.example.com/v3/' }).baseUrl, 'https://proxy.example.com/v3');
  assert.equal(client({ baseUrl: `${sandbox.baseUrl}/` }).baseUrl, sandbox.baseUrl);
  assert.equal(new ConvocoreClient({ apiKey: KEY, baseUrl: 'http://localhost:8787/v3' }).baseUrl, 'http://localhost:8787/v3');
});

test('bad options are validation errors at construction', async () => {
  const bad = [
    { apiKey: KEY, region: 'us' },
    { apiKey: KEY, baseUrl: 'http://api.example.com/v3' },
    { apiKey: KEY, baseUrl: 'ftp://127.0.0.1/v3' },
    { apiKey: KEY, baseUrl: 'not a url' },
    { apiKey: KEY, baseUrl: `https://user:${KEY}@example.com/v3` },
    { apiKey: '' },
    { apiKey: ` ${KEY}` },
    { apiKey: `${KEY}\n` },
    {},
    { apiKey: KEY, timeoutMs: -1 },
    { apiKey: KEY, retries: 1.5 },
    { apiKey: KEY, fetch: 'fetch' },
  ];
  for (const options of bad) {
    const e = await failure(() => new ConvocoreClient(options), 'validation');
    assert.equal(e.retryable, false);
    assert.equal(e.attempts, 0);
  }
  await failure(() => new ConvocoreClient(), 'validation');
});

test('a path as baseUrl is refused in Node, where there is no page to resolve it against', async () => {
  for (const baseUrl of ['/api/convocore', '/']) {
    for (const apiKey of [undefined, KEY]) {
      const e = await failure(() => new ConvocoreClient({ apiKey, baseUrl }), 'validation');
      assert.match(e.message, /is a path, which only a browser page resolves .*pass an absolute https:\/\/ URL/);
    }
  }
  const e = await failure(() => new ConvocoreClient({ baseUrl: '//api.example.com/v3' }), 'validation');
  assert.match(e.message, /must not start with \/\//);
});

test('without apiKey (a proxy adds it): no Authorization; extra headers and credentials are sent', async () => {
  const keyless = new ConvocoreClient({ baseUrl: sandbox.baseUrl, retries: 0, headers: { 'X-CSRF-Token': 'csrf-1', 'x-trace': 'a b' }, credentials: 'omit' });
  const e = await failure(() => keyless.updateLead(LEAD, BODY), 'http');
  assert.equal(e.status, 401, 'the sandbox wants a key: none was sent');
  const [request] = await logged();
  assert.equal(request.headers.authorization, undefined);
  assert.equal(request.headers['x-csrf-token'], 'csrf-1');
  assert.equal(request.headers['x-trace'], 'a b');
  assert.equal(request.headers['content-type'], 'application/json');
  // Beside a key, the extra headers go too, and the key as the one Authorization.
  await client({ headers: { 'X-CSRF-Token': 'csrf-2' } }).updateLead(LEAD, BODY);
  const second = (await logged())[1];
  assert.equal(second.authorized, true);
  assert.equal(second.headers['x-csrf-token'], 'csrf-2');
  // Only the region's API needs a key for sure.
  assert.match((await failure(() => new ConvocoreClient({ region: 'na' }), 'validation')).message, /apiKey is missing/);
});

test('the headers option: refused names and values, said clearly', async () => {
  const refusals = [
    [{ Cookie: 'a=b' }, /"Cookie" cannot be set: browsers forbid it/],
    [{ 'Sec-Fetch-Site': 'same-origin' }, /browsers forbid it/],
    [{ "X-HTTP-Method-Override": "DELETE" }, /would not treat the request as a PATCH/],
    [{ Accept: 'text/html' }, /the client sends application\/json/],
    [{ Authorization: 'Bearer other' }, /"Authorization" cannot be set with an apiKey/],
    [{ 'Bad Name': 'v' }, /"Bad Name" is not a header name/],
    [{ 'X-A': 'one\r\nX-B: two' }, /"X-A": its value must be visible ASCII/],
    [{ 'X-A': 1 }, /must be a plain object of header names to string values/],
    [['X-A', 'a'], /must be a plain object/],
    [new Headers({ 'X-A': 'a' }), /must be a plain object/],
    [Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`X-${i}`, 'v'])), /at most 32 headers/],
    [new Proxy({}, { ownKeys() { throw new Error('trap'); } }), /must be a plain object/],
  ];
  for (const [headers, words] of refusals) {
    const e = await failure(() => client({ headers }), 'validation');
    assert.match(e.message, words);
  }
  // One name in two spellings: the last one given is sent, as Headers.set does.
  await client({ headers: { 'X-A': 'a', 'x-a': 'b' } }).updateLead(LEAD, BODY);
  assert.equal((await logged()).at(-1).headers['x-a'], 'b');
  // Without a key, Authorization is the caller's (a session token for the proxy).
  new ConvocoreClient({ baseUrl: sandbox.baseUrl, headers: { Authorization: 'Session s1' } });
  for (const credentials of ['same-origin', 'include', 'omit']) client({ credentials });
  assert.match((await failure(() => client({ credentials: 'yes' }), 'validation')).message, /option `credentials` must be 'same-origin'/);
});

// --- the request -----------------------------------------------------------------

test('sends exactly PATCH /v3/leads/{id} with the headers and the given fields', async () => {
  const result = await client().updateLead(LEAD, BODY);
  assert.deepEqual(Object.keys(result).sort(), ['data', 'message', 'success']);
  assert.equal(result.success, true);
  assert.equal(result.data.name, 'Amelia H.');
  assert.equal(result.data.phone, undefined, 'null cleared the phone');
  assert.equal(result.data.metaData.stage, 'won');

  const [req] = await logged();
  assert.equal(req.method, 'PATCH');
  assert.equal(req.path, `/v3/leads/${LEAD}`);
  assert.equal(req.authorized, true, 'the server accepted the bearer key');
  assert.equal(req.headers.authorization, 'Bearer <redacted>');
  assert.equal(req.headers['content-type'], 'application/json');
  assert.equal(req.headers.accept, 'application/json');
  assert.deepEqual(req.body, BODY);
  assert.equal(req.status, 200);

  // The stored lead changed.
  const res = await fetch(`${sandbox.baseUrl}/leads/${LEAD}?agentId=${AGENT}`, { headers: { Authorization: `Bearer ${KEY}` } });
  assert.equal((await res.json()).data.metaData.stage, 'won');
});

test('refused before sending: empty or dot ids, bad bodies, bad signal', async () => {
  const c = client();
  const cases = [
    ['', BODY],
    ['.', BODY],
    ['..', BODY],
    [42, BODY],
    [LEAD, { agentId: AGENT }],
    [LEAD, { agentId: AGENT, lead: [] }],
    [LEAD, { agentId: AGENT, lead: { nmae: 'x' } }],
    [LEAD, { agentId: AGENT, lead: { metaData: { stage: 'closed' } } }],
    [LEAD, { agentId: AGENT, lead: {}, extra: KEY }],
    [LEAD, null],
  ];
  for (const [id, body] of cases) {
    const e = await failure(() => c.updateLead(id, body), 'validation');
    assert.equal(e.attempts, 0);
    assert.equal(e.retryable, false);
  }
  const unknown = await failure(() => c.updateLead(LEAD, { agentId: AGENT, lead: { nmae: 'x' } }), 'validation');
  assert.ok(unknown.issues.length >= 1 && unknown.issues[0].path === '/lead/nmae', JSON.stringify(unknown.issues));
  await failure(() => c.updateLead(LEAD, BODY, { signal: 'stop' }), 'validation');
  assert.deepEqual(await logged(), [], 'nothing reached the server');
});

test('hostile ids reach the server as one decoded segment', async () => {
  const ids = ['a/b', '../x', './x', 'x/..', '?q=1', '#frag', '100%', '%2e%2e', '%2F', 'with space', '...',
    'a\\b', 'ünï/cødé ✓', '😀', 'a;b=c', 'a+b&c', '\u0000\u001f'];
  for (const id of ids) sandbox.store.put({ id, agentId: AGENT, name: 'before' });
  const c = client();
  for (const id of ids) {
    const result = await c.updateLead(id, { agentId: AGENT, lead: { name: 'after' } });
    assert.equal(result.data.id, id);
    assert.equal(result.data.name, 'after');
  }
  const requests = await logged();
  assert.equal(requests.length, ids.length);
  for (const [i, req] of requests.entries()) {
    assert.equal(req.id, ids[i]);
    assert.equal(req.path.split('/').length, 4, req.path);
    assert.ok(!/[?#]/.test(req.path), req.path);
  }
});

test('a custom fetch is used for every attempt, with one argument: a standard Request', async () => {
  const calls = [];
  const c = client({
    retries: 1,
    fetch: async (...args) => {
      const [request] = args;
      calls.push({
        args: args.length,
        isRequest: request instanceof Request,
        url: request.url,
        method: request.method,
        headers: Object.fromEntries(request.headers),
        body: await request.clone().text(),
        signal: request.signal,
      });
      return fetch(request);
    },
  });
  await queueFaults({ status: 503 });
  await c.updateLead(LEAD, BODY);
  assert.equal(calls.length, 2);
  for (const call of calls) {
    assert.deepEqual([call.args, call.isRequest], [1, true]);
    assert.equal(call.url, `${sandbox.baseUrl}/leads/${LEAD}`);
    assert.equal(call.method, 'PATCH');
    assert.deepEqual(call.headers, { accept: 'application/json', authorization: `Bearer ${KEY}`, 'content-type': 'application/json' });
    assert.deepEqual(JSON.parse(call.body), BODY);
    assert.equal(call.signal.aborted, false, 'each attempt has a live signal (its timeout)');
  }
  assert.notEqual(calls[0].signal, calls[1].signal, 'a new timeout per attempt');
  assert.equal((await logged()).length, 2);
});

test('a custom fetch that throws, rejects with anything, or resolves to something other than a Response is a network error', async () => {
  const broken = new ReadableStream({ pull(c) { c.error(new Error('stream broke')); } });
  const odd = [
    () => { throw new Error('offline'); },
    () => { throw 'offline'; }, // eslint-disable-line no-throw-literal
    async () => Promise.reject(undefined),
    async () => 42,
    async () => ({}),
    () => 'not a promise',
    // A look-alike is not a Response (the client awaits a standard one).
    async () => ({ status: 200, headers: new Headers(), text: async () => '{"success":true,"message":"ok"}' }),
    async () => Response.error(), // status 0
    async () => new Response(broken, { status: 200 }), // its body fails while read
  ];
  for (const fetch of odd) {
    const e = await failure(() => client({ fetch, retries: 0 }).updateLead(LEAD, BODY), 'network');
    assert.deepEqual([e.retryable, e.attempts], [true, 1]);
  }
  // A Response from any function will do, synchronous or a subclass.
  const ok = '{"success":true,"message":"ok"}';
  assert.deepEqual(await client({ fetch: () => new Response(ok) }).updateLead(LEAD, BODY), { success: true, message: 'ok' });
  class Answer extends Response {}
  assert.deepEqual(await client({ fetch: async () => new Answer(ok) }).updateLead(LEAD, BODY), { success: true, message: 'ok' });
});

test('a global fetch that is missing or resolves to something else is an error, and the instance keeps working', async () => {
  const saved = globalThis.fetch;
  try {
    globalThis.fetch = async () => ({ status: 200 });
    const e = await failure(() => client({ retries: 0 }).updateLead(LEAD, BODY), 'network');
    assert.match(e.message, /Response/);
    // Passes `instanceof Response`, but its getters throw: a network error, not a promise
    // left pending by a throw inside the wasm.
    for (const forged of [Object.create(Response.prototype), Object.defineProperty(Object.create(Response.prototype), 'status', { value: 200 })]) {
      globalThis.fetch = async () => forged;
      assert.match((await failure(() => client({ retries: 0 }).updateLead(LEAD, BODY), 'network')).message, /Response/);
    }
    globalThis.fetch = undefined;
    const missing = await failure(() => client().updateLead(LEAD, BODY), 'network');
    assert.equal(missing.attempts, 0);
    assert.match(missing.message, /no global fetch/);
  } finally {
    globalThis.fetch = saved;
  }
  assert.equal((await client().updateLead(LEAD, BODY)).success, true);
});

// --- responses -------------------------------------------------------------------

test('non-retryable statuses fail after one attempt', async () => {
  const c = client();
  for (const status of NOT_RETRYABLE) {
    await queueFaults({ status });
    const e = await failure(() => c.updateLead(LEAD, BODY), 'http');
    assert.equal(e.status, status);
    assert.equal(e.code, status === 505 ? 'INTERNAL_SERVER_ERROR' : e.code);
    assert.equal(typeof e.code, 'string');
    assert.equal(e.retryable, false);
    assert.equal(e.attempts, 1);
  }
  assert.equal((await logged()).length, NOT_RETRYABLE.length);
});

test('real server errors: wrong key, unknown lead, other agent', async () => {
  const wrong = await failure(() => new ConvocoreClient({ apiKey: 'wrong-key', baseUrl: sandbox.baseUrl }).updateLead(LEAD, BODY), 'http');
  assert.deepEqual([wrong.status, wrong.code, wrong.retryable], [401, 'UNAUTHORIZED', false]);
  const missing = await failure(() => client().updateLead('lead_none', BODY), 'http');
  assert.deepEqual([missing.status, missing.code], [404, 'NOT_FOUND']);
  assert.match(missing.message, /Lead not found/);
  const other = await failure(() => client().updateLead(LEAD, { ...BODY, agentId: 'agent_na_01' }), 'http');
  assert.deepEqual([other.status, other.code], [403, 'FORBIDDEN']);
});

test('retryable statuses are retried, then reported with their attempts', async () => {
  const c = client({ retries: 1 });
  for (const status of RETRYABLE) {
    await queueFaults({ status }, { status });
    const e = await failure(() => c.updateLead(LEAD, BODY), 'http');
    assert.equal(e.status, status);
    assert.equal(e.retryable, true);
    assert.equal(e.attempts, 2);
  }
  assert.equal((await logged()).length, RETRYABLE.length * 2);
});

test('default: two retries, body rebuilt per attempt, success after faults', async () => {
  await queueFaults({ status: 500 }, { status: 502 });
  const retries = [];
  const result = await client({ onRetry: (info) => retries.push(info) }).updateLead(LEAD, BODY);
  assert.equal(result.success, true);
  const requests = await logged();
  assert.deepEqual(requests.map((r) => r.status), [500, 502, 200]);
  for (const r of requests) assert.deepEqual(r.body, BODY);
  assert.deepEqual(retries.map((r) => [r.attempt, r.error.status]), [[1, 500], [2, 502]]);
  for (const r of retries) {
    seen.push(r.error);
    assert.ok(r.error instanceof ConvocoreError);
    assert.equal(r.error.attempts, r.attempt);
    assert.ok(r.delayMs >= 0 && r.delayMs <= 200 * 2 ** (r.attempt - 1), `backoff ${r.delayMs}`);
  }

  await queueFaults({ status: 503 }, { status: 503 }, { status: 503 });
  const e = await failure(() => client().updateLead(LEAD, BODY), 'http');
  assert.equal(e.attempts, 3);
});

test('a throwing onRetry does not break the update', async () => {
  await queueFaults({ status: 503 });
  const result = await client({ onRetry: () => { throw new Error('observer failed'); } }).updateLead(LEAD, BODY);
  assert.equal(result.success, true);
});

test('error bodies: documented JSON with issues, HTML, empty', async () => {
  const issues = [{ message: 'lead.email: Invalid email' }];
  const json = await failure(
    () => client({ fetch: answering(400, { message: 'Input validation failed', code: 'BAD_REQUEST', issues }) }).updateLead(LEAD, BODY),
    'http',
  );
  assert.deepEqual([json.status, json.code, json.retryable], [400, 'BAD_REQUEST', false]);
  assert.match(json.message, /Input validation failed/);
  assert.equal(json.issues.length, 1);
  assert.match(json.issues[0].message, /Invalid email/);

  await queueFaults({ html: 502 }, { html: 502 }, { html: 502 });
  const html = await failure(() => client().updateLead(LEAD, BODY), 'http');
  assert.equal(html.status, 502);
  assert.ok(!/<[a-z]/i.test(html.message), `no markup in: ${html.message}`);
  assert.match(html.message, /502/);

  await queueFaults({ empty: 404 });
  const empty = await failure(() => client().updateLead(LEAD, BODY), 'http');
  assert.equal(empty.status, 404);
  assert.match(empty.message, /404/);
});

test('2xx answers that are not the success body are response errors', async () => {
  await queueFaults({ html: 200 });
  const html = await failure(() => client().updateLead(LEAD, BODY), 'response');
  assert.deepEqual([html.status, html.attempts, html.retryable], [200, 1, false]);
  await queueFaults({ empty: 200 });
  await failure(() => client().updateLead(LEAD, BODY), 'response');
  await queueFaults({ status: 200 });
  await failure(() => client().updateLead(LEAD, BODY), 'response');
  await failure(() => client({ fetch: answering(200, { success: false, message: 'Nope' }) }).updateLead(LEAD, BODY), 'response');
  await failure(() => client({ fetch: answering(200, { success: true, message: 7 }) }).updateLead(LEAD, BODY), 'response');
  await failure(() => client({ fetch: answering(200, '{"success": tru') }).updateLead(LEAD, BODY), 'response');
  // Keys beyond success, message and data, also ones that look like several of them.
  for (const extra of ['extra', 'data\nsuccess', 'message\ndata', '']) {
    const answer = { success: true, message: 'ok', [extra]: 1 };
    const e = await failure(() => client({ fetch: answering(200, answer) }).updateLead(LEAD, BODY), 'response');
    assert.match(e.message, /unexpected property/);
  }
});

// --- Retry-After -----------------------------------------------------------------

test('Retry-After in seconds is honoured', async () => {
  await queueFaults({ status: 429, retryAfter: '1' });
  const retries = [];
  await client({ onRetry: (info) => retries.push(info) }).updateLead(LEAD, BODY);
  assert.equal(retries.length, 1);
  assert.equal(retries[0].delayMs, 1000);
  const [first, second] = await logged();
  const waited = Date.parse(second.time) - Date.parse(first.time);
  assert.ok(waited >= 950, `waited ${waited} ms`);
});

test('Retry-After as an HTTP date is honoured', async () => {
  await queueFaults({ status: 503, retryAfter: new Date(Date.now() + 1500).toUTCString() });
  const retries = [];
  await client({ onRetry: (info) => retries.push(info) }).updateLead(LEAD, BODY);
  assert.equal(retries.length, 1);
  assert.ok(retries[0].delayMs > 300 && retries[0].delayMs <= 1500, `delay ${retries[0].delayMs}`);
  const [first, second] = await logged();
  const waited = Date.parse(second.time) - Date.parse(first.time);
  assert.ok(waited >= retries[0].delayMs - 50, `waited ${waited} ms for ${retries[0].delayMs}`);
});

// --- timeouts, aborts, network ---------------------------------------------------

test('a slow answer times out per attempt and is retried', async () => {
  await queueFaults({ delayMs: 2000 });
  const started = Date.now();
  const e = await failure(() => client({ timeoutMs: 150, retries: 0 }).updateLead(LEAD, BODY), 'timeout');
  assert.ok(Date.now() - started < 1500, 'did not wait for the server');
  assert.deepEqual([e.retryable, e.attempts], [true, 1]);
  assert.match(e.message, /150 ms/);

  await queueFaults({ delayMs: 2000 });
  const retries = [];
  const result = await client({ timeoutMs: 300, onRetry: (i) => retries.push(i) }).updateLead(LEAD, BODY);
  assert.equal(result.success, true);
  assert.deepEqual(retries.map((r) => [r.attempt, r.error.kind]), [[1, 'timeout']]);
});

const answered = answering(200, { success: true, message: 'ok' });
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

test('updates started together: each attempt is aborted after timeoutMs, never before, and leaves no timer', { timeout: 10_000 }, async () => {
  const before = timers();
  const waits = [];
  // The turn of the event loop in which the updates start, and when each attempt calls fetch.
  let turn;
  const fetch = (request) => {
    const t0 = performance.now();
    return hanging(request).finally(() => waits.push({ ms: performance.now() - t0, into: t0 - turn }));
  };
  const c = client({ timeoutMs: 1000, retries: 0, fetch });
  // Started first thing in a turn (setImmediate: right after libuv updated its clock).
  const updates = await new Promise((resolve) => setImmediate(() => {
    turn = performance.now();
    resolve(Array.from({ length: 20 }, () => failure(() => c.updateLead(LEAD, BODY), 'timeout')));
  }));
  await Promise.all(updates);
  assert.equal(waits.length, 20);
  for (const { ms, into } of waits) {
    // Node counts a timer (AbortSignal.timeout's too) from its clock as of the start of the
    // turn, in whole milliseconds: an attempt that calls fetch `into` ms into the turn is
    // aborted after timeoutMs counted from the turn's start, up to a millisecond early.
    assert.ok(ms + into >= 999, `aborted early, after ${ms} ms (${into} ms into the turn)`);
    assert.ok(ms < 1010 + 500, `aborted late, after ${ms} ms`);
  }
  assert.equal(timers(), before);
});

test('quick attempts leave no timer; one that hangs among them times out on its own, alone or after others', { timeout: 10_000 }, async () => {
  const before = timers();
  const quick = client({ fetch: answered });
  assert.ok((await Promise.all(Array.from({ length: 8 }, () => quick.updateLead(LEAD, BODY)))).every((r) => r.success));
  assert.equal(timers(), before, 'no timer outlives its attempts');

  let calls = 0;
  // The 8th attempt of each round hangs; the others answer at once.
  const c = client({ timeoutMs: 100, retries: 0, fetch: (request) => (++calls % 8 === 0 ? hanging(request) : answered()) });
  const settled = await Promise.allSettled(Array.from({ length: 8 }, () => c.updateLead(LEAD, BODY)));
  assert.deepEqual(settled.map((s) => s.status), [...Array(7).fill('fulfilled'), 'rejected']);
  assert.equal(settled[7].reason.kind, 'timeout');
  assert.equal(timers(), before);

  // One at a time: the hanging 16th call times out after seven that ended at once.
  for (let i = 0; i < 7; i++) assert.equal((await c.updateLead(LEAD, BODY)).success, true);
  await failure(() => c.updateLead(LEAD, BODY), 'timeout');
  assert.equal(timers(), before);
});

test('many concurrent updates through the real fetch raise no listener warning', { timeout: 10_000 }, async () => {
  const warnings = [];
  const onWarning = (w) => warnings.push(w);
  process.on('warning', onWarning);
  try {
    const c = client();
    const results = await Promise.all(Array.from({ length: 64 }, () => c.updateLead(LEAD, BODY)));
    assert.ok(results.every((r) => r.success === true));
    // Warnings are emitted on the next tick.
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('warning', onWarning);
  }
  assert.deepEqual(warnings.map(String), []);
});

test('abort before the request: nothing is sent', async () => {
  const controller = new AbortController();
  controller.abort();
  const e = await failure(() => client().updateLead(LEAD, BODY, { signal: controller.signal }), 'aborted');
  assert.deepEqual([e.retryable, e.attempts], [false, 0]);
  assert.deepEqual(await logged(), []);
});

test('a signal that is not an AbortSignal is refused before sending, even one whose getter throws', async () => {
  const throwing = { get aborted() { throw new Error('boom'); }, addEventListener() {} };
  for (const signal of [throwing, { aborted: false }, 'stop']) {
    const e = await failure(() => client().updateLead(LEAD, BODY, { signal }), 'validation');
    assert.match(e.message, /AbortSignal/);
  }
  assert.deepEqual(await logged(), []);
});

test('abort during the request stops at once, whatever the reason, which is the cause', async () => {
  // Reasons that are no Error too: the fetch rejects with the reason as it is.
  for (const reason of [undefined, 'stop', 42, null, new Error('user left')]) {
    await control('POST', '/__sandbox/reset');
    await queueFaults({ delayMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(reason), 100);
    const started = Date.now();
    const e = await failure(() => client().updateLead(LEAD, BODY, { signal: controller.signal }), 'aborted');
    assert.ok(Date.now() - started < 1000, 'did not wait for the server');
    assert.deepEqual([e.retryable, e.attempts], [false, 1]);
    assert.equal(e.cause, controller.signal.reason);
    assert.equal(e.reason, controller.signal.reason);
    assert.equal(e.method, 'PATCH');
    assert.equal(Object.keys(e).includes('cause'), false, 'cause is not enumerable, as in Error');
    assert.equal((await logged()).length, 1, 'no retry after an abort');
  }
  // The instance is unharmed.
  assert.equal((await client().updateLead(LEAD, BODY)).success, true);
});

test("the caller's AbortSignal.timeout() is a timeout, not retried, with its TimeoutError as the cause", async () => {
  await queueFaults({ delayMs: 5000 }, { delayMs: 5000 });
  const retries = [];
  const started = Date.now();
  const signal = AbortSignal.timeout(150);
  const e = await failure(() => client({ onRetry: (i) => retries.push(i) }).updateLead(LEAD, BODY, { signal }), 'timeout');
  assert.ok(Date.now() - started < 1000, 'did not wait for the server');
  assert.equal(e.attempts, 1);
  assert.equal(e.cause.name, 'TimeoutError');
  assert.deepEqual(retries, []);
  assert.equal((await logged()).length, 1);
  // Expired before the call: nothing is sent.
  const late = await failure(() => client().updateLead(LEAD, BODY, { signal }), 'timeout');
  assert.equal(late.attempts, 0);
  assert.equal((await logged()).length, 1);
});

test('abort during the retry wait stops at once (Retry-After capped)', async () => {
  await queueFaults({ status: 503, retryAfter: '3600' });
  const controller = new AbortController();
  const retries = [];
  const onRetry = (info) => {
    retries.push(info);
    setTimeout(() => controller.abort(), 50);
  };
  const started = Date.now();
  const before = timers();
  const e = await failure(() => client({ onRetry }).updateLead(LEAD, BODY, { signal: controller.signal }), 'aborted');
  assert.ok(Date.now() - started < 1000, 'did not sleep out the delay');
  assert.equal(retries[0].delayMs, 30000, 'Retry-After is capped at 30 s');
  assert.deepEqual([e.retryable, e.attempts], [false, 1]);
  assert.equal(e.cause, controller.signal.reason);
  assert.equal(timers(), before, "the wait's timer is cleared: it keeps no process alive");

  // Aborted from inside onRetry, before the wait starts.
  await queueFaults({ status: 503, retryAfter: '3600' });
  const inside = new AbortController();
  const e2 = await failure(
    () => client({ onRetry: () => inside.abort() }).updateLead(LEAD, BODY, { signal: inside.signal }),
    'aborted',
  );
  assert.equal(e2.attempts, 1);
  assert.equal((await logged()).length, 2, 'no attempt after either abort');
});

test('a closed port is a retryable network error', async () => {
  const probe = http.createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  const retries = [];
  const c = new ConvocoreClient({ apiKey: KEY, baseUrl: `http://127.0.0.1:${port}/v3`, retries: 1, onRetry: (i) => retries.push(i) });
  const e = await failure(() => c.updateLead(LEAD, BODY), 'network');
  assert.deepEqual([e.retryable, e.attempts], [true, 2]);
  assert.match(e.message, /ECONNREFUSED|fetch failed/);
  assert.deepEqual(retries.map((r) => [r.attempt, r.error.kind]), [[1, 'network']]);
  // What happened, to the request: the fetch's own error is the cause.
  assert.deepEqual([e.method, e.url], ['PATCH', `http://127.0.0.1:${port}/v3/leads/${LEAD}`]);
  assert.ok(e.cause instanceof TypeError, String(e.cause));
  assert.equal(e.requestId, undefined);
});

test('an error says what happened: the request, the server\'s request id, the headers that matter', async () => {
  const headers = {
    'Content-Type': 'application/json', 'Retry-After': '0', 'X-RateLimit-Remaining': '0', 'RateLimit-Policy': '100;w=60',
    'X-Request-Id': 'req-42', Server: 'edge', 'X-Other': 'not kept',
  };
  const e = await failure(() => client({ fetch: answering(429, { message: 'slow down', code: 'RATE_LIMITED' }, headers), retries: 0 }).updateLead(LEAD, BODY), 'http');
  assert.deepEqual([e.status, e.code, e.method, e.url, e.requestId], [429, 'RATE_LIMITED', 'PATCH', `${sandbox.baseUrl}/leads/${LEAD}`, 'req-42']);
  assert.deepEqual(e.headers, { 'ratelimit-policy': '100;w=60', 'retry-after': '0', 'x-ratelimit-remaining': '0', 'x-request-id': 'req-42' });
  // Refused before sending: no request to speak of.
  const refused = await failure(() => client().updateLead('', BODY), 'validation');
  assert.deepEqual([refused.method, refused.url, refused.headers], [undefined, undefined, undefined]);
});

test('hooks: beforeRequest sees each attempt and may add headers; afterResponse sees each answer; neither sees the key', async () => {
  await queueFaults({ status: 503 });
  const before = [];
  const after = [];
  const c = client({
    beforeRequest: async (info) => {
      before.push(structuredClone(info));
      return { headers: { traceparent: `00-${'a'.repeat(32)}-${String(info.attempt).padStart(16, '0')}-01` } };
    },
    afterResponse: (info) => {
      after.push(info);
      throw new Error('an observer that throws changes nothing');
    },
  });
  assert.equal((await c.updateLead(LEAD, BODY)).success, true);
  const url = `${sandbox.baseUrl}/leads/${LEAD}`;
  assert.deepEqual(before.map((i) => [i.method, i.url, i.attempt, i.headers['content-type']]), [['PATCH', url, 1, 'application/json'], ['PATCH', url, 2, 'application/json']]);
  assert.deepEqual(after.map((i) => [i.attempt, i.status]), [[1, 503], [2, 200]]);
  assert.ok(after.every((i) => typeof i.durationMs === 'number' && i.durationMs >= 0 && typeof i.headers === 'object'));
  const sent = (await logged()).map((r) => r.headers.traceparent);
  assert.deepEqual(sent, [`00-${'a'.repeat(32)}-0000000000000001-01`, `00-${'a'.repeat(32)}-0000000000000002-01`]);
  for (const info of [...before, ...after]) {
    assert.equal('authorization' in info.headers, false);
    assert.ok(!JSON.stringify(info).includes(KEY));
  }
});

test('hooks: a beforeRequest that throws or returns a refused header stops the update before sending', async () => {
  const boom = new Error('tracing is down');
  const e = await failure(() => client({ beforeRequest: () => { throw boom; } }).updateLead(LEAD, BODY), 'validation');
  assert.equal(e.cause, boom);
  assert.match(e.message, /beforeRequest threw: tracing is down/);
  const refused = await failure(() => client({ beforeRequest: () => ({ headers: { Authorization: 'Bearer other' } }) }).updateLead(LEAD, BODY), 'validation');
  assert.match(refused.message, /^beforeRequest's result: /);
  assert.equal((await logged()).length, 0, 'nothing was sent');
  // A hook given something that is not a function is refused at construction.
  await failure(() => client({ afterResponse: 'log' }), 'validation');
});

// --- the key ---------------------------------------------------------------------

test('the key is scrubbed even when a server or fetch repeats it', async () => {
  const echo = async (request) => new Response(
    JSON.stringify({ message: `bad token ${request.headers.get('authorization')}`, code: `E_${KEY}`, issues: [{ message: KEY }] }),
    { status: 401, headers: { 'Content-Type': 'application/json' } },
  );
  const e = await failure(() => client({ fetch: echo }).updateLead(LEAD, BODY), 'http');
  assert.equal(e.status, 401);
  const thrower = async (request) => { throw new TypeError(`cannot send ${request.headers.get('authorization')}`); };
  const thrown = await failure(() => client({ fetch: thrower, retries: 0 }).updateLead(LEAD, BODY), 'network');
  assert.equal(thrown.cause, undefined, 'a cause that shows the key is left out');
  const html = answering(200, `<p>${KEY}</p>`, { 'Content-Type': 'text/html' });
  await failure(() => client({ fetch: html }).updateLead(LEAD, BODY), 'response');
});

test('the API key appears in no error of this file', () => {
  assert.ok(seen.length >= 60, `only ${seen.length} errors collected`);
  for (const e of seen) {
    const cause = [String(e.cause), String(e.cause?.message), String(e.cause?.cause?.message)];
    for (const text of [JSON.stringify(e), e.message, e.stack, JSON.stringify(e.issues), String(e.code), ...cause]) {
      assert.ok(!text.includes(KEY), `key leaked in a ${e.kind} error: ${text.replaceAll(KEY, '<KEY>')}`);
    }
  }
});
