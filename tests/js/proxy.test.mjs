// `convocore-leads/proxy` from the packed package installed in a scratch project, served by
// Node's `http` through its `toNodeListener`, in front of the real sandbox on 127.0.0.1:
// only PATCH {basePath}/leads/{id} with a bounded body that validates reaches the sandbox,
// with the key the proxy adds, and the key is in no answer (status line, headers, body).
// Run after scripts/build.sh --pack: node --test tests/js/proxy.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { scratchProject } from './support/package.mjs';

const KEY = 'ck_live_proxy-test_Qm41-never-shown';
const LEAD = 'lead_1001';
const AGENT = 'agent_emea_01';
const VALID = { agentId: AGENT, lead: { name: 'Amelia via proxy', metaData: { stage: 'proposal', source: 'chat' } } };

let pkg; // what the scratch project imports
let sandbox;
const closers = [];
/** Every answer any test got from a proxy: none may hold the key. */
const answers = [];

/** Serves `handler` on a free loopback port through the package's Node adapter. */
async function serve(handler) {
  const server = http.createServer(pkg.toNodeListener(handler));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => {
    server.close(resolve);
    server.closeAllConnections();
  }));
  return `http://127.0.0.1:${server.address().port}`;
}

/** A request to a proxy, its answer read whole and kept for the key check. */
async function call(url, { method = 'PATCH', body, headers = {} } = {}) {
  const res = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  const answer = { status: res.status, headers: Object.fromEntries(res.headers), text };
  answers.push(answer);
  assert.ok(!JSON.stringify(answer).includes(KEY), `the key is in an answer: ${JSON.stringify(answer)}`);
  return { ...answer, json: () => JSON.parse(text) };
}

const patches = () => sandbox.requests().filter((r) => r.method === 'PATCH').length;

let base; // the default proxy: basePath /api/convocore, retries 0
before(async () => {
  const dir = scratchProject('proxy', {
    files: {
      'load.mjs': [
        "export { createLeadProxy, toNodeListener, DEFAULT_BASE_PATH } from 'convocore-leads/proxy';",
        "export { validateUpdateLead, ConvocoreError } from 'convocore-leads';",
        "export { startSandbox } from 'convocore-leads/sandbox';",
      ].join('\n'),
    },
  });
  pkg = await import(pathToFileURL(join(dir, 'load.mjs')).href);
  sandbox = await pkg.startSandbox({ validate: pkg.validateUpdateLead, port: 0, apiKey: KEY });
  closers.push(() => sandbox.close());
  base = `${await serve(pkg.createLeadProxy({ apiKey: KEY, baseUrl: sandbox.baseUrl, retries: 0 }))}${pkg.DEFAULT_BASE_PATH}`;
});

after(async () => {
  for (const close of closers.reverse()) await close();
});

test('a valid update reaches the sandbox with the key the proxy adds, and the answer is the sandbox\'s', async () => {
  const before = patches();
  const res = await call(`${base}/leads/${LEAD}`, { body: VALID, headers: { Authorization: 'Bearer from-the-browser' } });
  assert.equal(res.status, 200, res.text);
  const answer = res.json();
  assert.equal(answer.success, true);
  assert.equal(answer.message, 'Lead updated successfully');
  assert.equal(answer.data.name, 'Amelia via proxy');
  assert.equal(answer.data.metaData.stage, 'proposal');
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.equal(patches(), before + 1);
  const sent = sandbox.requests().at(-1);
  assert.equal(sent.authorized, true, 'the sandbox got the proxy\'s key, not the browser\'s Authorization');
  const stored = await fetch(`${sandbox.baseUrl}/leads/${LEAD}?agentId=${AGENT}`, { headers: { Authorization: `Bearer ${KEY}` } });
  assert.equal((await stored.json()).data.name, 'Amelia via proxy');
});

test('a method other than PATCH gets 405 with Allow, and nothing is sent', async () => {
  const count = sandbox.requests().length;
  for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS']) {
    const res = await call(`${base}/leads/${LEAD}`, { method, body: method === 'GET' ? undefined : VALID });
    assert.equal(res.status, 405, method);
    assert.equal(res.headers.allow, 'PATCH', method);
    assert.equal(res.json().code, 'METHOD_NOT_SUPPORTED');
  }
  assert.equal(sandbox.requests().length, count);
});

test('another path gets 404, and nothing is sent', async () => {
  const origin = new URL(base).origin;
  const count = sandbox.requests().length;
  for (const path of ['/api/convocore/leads', '/api/convocore/leads/', `/api/convocore/leads/${LEAD}/notes`, `/v3/leads/${LEAD}`,
    '/api/convocore/__sandbox/reset', `/api/convocore/../convocore/leads/${LEAD}x/y`, `/api/convocorex/leads/${LEAD}`, `/API/convocore/leads/${LEAD}`]) {
    const res = await call(`${origin}${path}`, { body: VALID });
    assert.equal(res.status, 404, path);
    assert.equal(res.json().code, 'NOT_FOUND', path);
  }
  assert.equal(sandbox.requests().length, count);
});

test('an invalid body gets 400 with the validator\'s issues, and nothing is sent', async () => {
  const count = sandbox.requests().length;
  const res = await call(`${base}/leads/${LEAD}`, { body: { agentId: AGENT, lead: { metaData: { stage: 'wonn', source: 'chat' }, hotScore: 'hot' } } });
  assert.equal(res.status, 400);
  const body = res.json();
  assert.equal(body.code, 'BAD_REQUEST');
  const issues = body.issues.map((i) => [i.path, i.code, i.suggestion]);
  assert.deepEqual(issues.sort(), [['/lead/hotScore', 'invalid_type', undefined], ['/lead/metaData/stage', 'invalid_enum', 'won']]);
  for (const text of ['{"agentId": "a", "lead": ', 'not json', '']) {
    const bad = await call(`${base}/leads/${LEAD}`, { body: text });
    assert.equal(bad.status, 400, JSON.stringify(text));
    assert.equal(bad.json().code, 'PARSE_ERROR');
  }
  const notUtf8 = await fetch(`${base}/leads/${LEAD}`, { method: 'PATCH', body: new Uint8Array([0x7b, 0xff, 0x7d]) });
  assert.equal(notUtf8.status, 400);
  assert.equal((await notUtf8.json()).code, 'PARSE_ERROR');
  assert.equal(sandbox.requests().length, count);
});

test('a body over the limit gets 413, announced or streamed, and nothing is sent', async () => {
  const count = sandbox.requests().length;
  const huge = JSON.stringify({ agentId: AGENT, lead: { name: 'x'.repeat(2 * 1024 * 1024) } });
  const announced = await call(`${base}/leads/${LEAD}`, { body: huge });
  assert.equal(announced.status, 413);
  assert.equal(announced.json().code, 'PAYLOAD_TOO_LARGE');
  // Chunked, with no Content-Length: counted while read.
  const chunks = Array.from({ length: 40 }, () => new TextEncoder().encode('x'.repeat(64 * 1024)));
  const streamed = await fetch(`${base}/leads/${LEAD}`, {
    method: 'PATCH',
    duplex: 'half',
    body: new ReadableStream({ pull(c) { chunks.length ? c.enqueue(chunks.pop()) : c.close(); } }),
  });
  assert.equal(streamed.status, 413);
  assert.equal((await streamed.json()).code, 'PAYLOAD_TOO_LARGE');
  // A smaller limit of the caller's.
  const small = `${await serve(pkg.createLeadProxy({ apiKey: KEY, baseUrl: sandbox.baseUrl, maxBodyBytes: 64 }))}/api/convocore`;
  assert.equal((await call(`${small}/leads/${LEAD}`, { body: VALID })).status, 413);
  assert.equal(sandbox.requests().length, count);
});

test('the API\'s errors come back as it sent them, with Retry-After; retries are the client\'s', async () => {
  const missing = await call(`${base}/leads/lead_none`, { body: VALID });
  assert.equal(missing.status, 404);
  assert.equal(missing.json().code, 'NOT_FOUND', 'the sandbox\'s own answer, not the proxy\'s');

  sandbox.faults.push([{ status: 429, retryAfter: '7' }]);
  const limited = await call(`${base}/leads/${LEAD}`, { body: VALID });
  assert.equal(limited.status, 429);
  assert.equal(limited.headers['retry-after'], '7');

  // A proxy that retries: the 503 is absorbed, two PATCHes reach the sandbox.
  const retrying = `${await serve(pkg.createLeadProxy({ apiKey: KEY, baseUrl: sandbox.baseUrl, retries: 1, basePath: '/crm/' }))}/crm`;
  const before = patches();
  sandbox.faults.push([{ status: 503 }]);
  const res = await call(`${retrying}/leads/${LEAD}`, { body: VALID });
  assert.equal(res.status, 200, res.text);
  assert.equal(patches(), before + 2);
});

test('no answer in time is a 504, no server a 502, both in JSON without the key', async () => {
  const slow = `${await serve(pkg.createLeadProxy({ apiKey: KEY, baseUrl: sandbox.baseUrl, retries: 0, timeoutMs: 200 }))}/api/convocore`;
  sandbox.faults.push([{ delayMs: 2000 }]);
  const late = await call(`${slow}/leads/${LEAD}`, { body: VALID });
  assert.equal(late.status, 504);
  assert.equal(late.json().code, 'GATEWAY_TIMEOUT');

  // A port that was free a moment ago: nothing listens there.
  const probe = http.createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const closedPort = probe.address().port;
  await new Promise((resolve) => probe.close(resolve));
  const nowhere = `${await serve(pkg.createLeadProxy({ apiKey: KEY, baseUrl: `http://127.0.0.1:${closedPort}/v3`, retries: 0 }))}/api/convocore`;
  const unreachable = await call(`${nowhere}/leads/${LEAD}`, { body: VALID });
  assert.equal(unreachable.status, 502);
  assert.equal(unreachable.json().code, 'BAD_GATEWAY');
  assert.ok(!unreachable.text.includes(String(closedPort)), 'the API\'s address is not told to the browser');
});

test('an API that echoes the key gets it scrubbed from the body and the passed headers', async () => {
  // A careless server on loopback: it answers each request with its Authorization header.
  const echo = http.createServer((req, res) => {
    res.writeHead(400, { 'Content-Type': 'application/json', 'X-Request-Id': `req-${req.headers.authorization}`, 'X-Debug': req.headers.authorization });
    res.end(JSON.stringify({ message: `bad request with ${req.headers.authorization}`, code: 'BAD_REQUEST' }));
  });
  await new Promise((resolve) => echo.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => echo.close(resolve)));
  const proxy = `${await serve(pkg.createLeadProxy({ apiKey: KEY, baseUrl: `http://127.0.0.1:${echo.address().port}/v3` }))}/api/convocore`;
  const res = await call(`${proxy}/leads/${LEAD}`, { body: VALID }); // `call` asserts the key is absent
  assert.equal(res.status, 400);
  assert.equal(res.json().message, 'bad request with Bearer [redacted]');
  assert.equal(res.headers['x-request-id'], 'req-Bearer [redacted]');
  assert.equal(res.headers['x-debug'], undefined, 'only the listed headers cross');
});

test('authorize decides before anything is read or sent', async () => {
  const count = sandbox.requests().length;
  const seen = [];
  const guarded = `${await serve(pkg.createLeadProxy({
    apiKey: KEY,
    baseUrl: sandbox.baseUrl,
    authorize: async (request, { id }) => {
      seen.push(id);
      if (request.headers.get('x-session') === 'ok') return true;
      if (request.headers.get('x-session') === 'expired') return new Response('log in again', { status: 401 });
      return false;
    },
  }))}/api/convocore`;
  assert.equal((await call(`${guarded}/leads/${LEAD}`, { body: VALID })).status, 403);
  const expired = await call(`${guarded}/leads/${LEAD}`, { body: VALID, headers: { 'X-Session': 'expired' } });
  assert.deepEqual([expired.status, expired.text], [401, 'log in again']);
  assert.equal(sandbox.requests().length, count);
  assert.equal((await call(`${guarded}/leads/a%2Fb`, { body: VALID, headers: { 'X-Session': 'ok' } })).status, 404, 'the sandbox has no lead a/b');
  assert.deepEqual(seen, [LEAD, LEAD, 'a/b']);
  assert.equal(sandbox.requests().at(-1).id, 'a/b', 'sent on as one path segment');
});

test('the handler takes a Fetch API Request as Workers, Deno, Bun and Next.js give it', async () => {
  const handler = pkg.createLeadProxy({ apiKey: KEY, baseUrl: sandbox.baseUrl, basePath: '' });
  const res = await handler(new Request(`https://dashboard.example/leads/${LEAD}`, { method: 'PATCH', body: JSON.stringify(VALID) }));
  assert.equal(res.status, 200);
  assert.equal((await res.json()).data.name, 'Amelia via proxy');
  const wrong = await handler(new Request(`https://dashboard.example/api/convocore/leads/${LEAD}`, { method: 'PATCH', body: '{}' }));
  assert.equal(wrong.status, 404);
});

test('bad options throw at creation, without the key', () => {
  assert.throws(() => pkg.createLeadProxy({ baseUrl: sandbox.baseUrl }), { name: 'TypeError', message: /apiKey/ });
  assert.throws(() => pkg.createLeadProxy({ apiKey: KEY, basePath: 'api' }), { name: 'TypeError', message: /basePath/ });
  assert.throws(() => pkg.createLeadProxy({ apiKey: KEY, maxBodyBytes: 0 }), { name: 'TypeError', message: /maxBodyBytes/ });
  for (const options of [
    { apiKey: KEY, baseUrl: 'http://api.example.com/v3' },
    { apiKey: KEY, baseUrl: '/api/convocore' }, // a path: there is no page on a server
    { apiKey: `${KEY}\n` },
    { apiKey: KEY, region: 'us' },
  ]) {
    assert.throws(() => pkg.createLeadProxy(options), (e) => e instanceof pkg.ConvocoreError && e.kind === 'validation' && !`${e.message}${e.stack}`.includes(KEY));
  }
});

test('no answer held the key', () => {
  assert.ok(answers.length > 20, `${answers.length} answers checked`);
  assert.ok(answers.every((a) => !JSON.stringify(a).includes(KEY)));
});
