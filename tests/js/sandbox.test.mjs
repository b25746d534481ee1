// Tests of the local sandbox API (pkg-template/sandbox/server.mjs).
// Run: node --test tests/js/sandbox.test.mjs
//
// The sandbox validates PATCH bodies with the package's own validator, so these tests use
// the built package (pkg/node/index.mjs, made by scripts/build.sh); without it they fail
// at once, saying so.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { startSandbox, parseSandboxArgs, runSandboxCli, DEFAULT_SANDBOX_KEY } from '../../pkg-template/sandbox/server.mjs';
import { seedLeads } from '../../pkg-template/sandbox/seed.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkgEntry = path.resolve(here, '../../pkg/node/index.mjs');

// --- The validator: the built package's own, never a stand-in. ---------------------

if (!fs.existsSync(pkgEntry)) {
  throw new Error(`${path.relative(process.cwd(), pkgEntry)} is missing: the sandbox tests need the built package (run scripts/build.sh first)`);
}
const { validateUpdateLead: validate } = await import(pathToFileURL(pkgEntry).href);
assert.equal(typeof validate, 'function', 'pkg/node/index.mjs must export validateUpdateLead');

// --- Helpers ------------------------------------------------------------------------

const KEY = 'test-key-7c1e5b0d9a';

function auth(key = KEY) {
  return { Authorization: `Bearer ${key}` };
}

async function json(res) {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`not JSON (status ${res.status}): ${text.slice(0, 200)}`);
  }
}

function patch(base, id, body, headers = {}) {
  return fetch(`${base}/v3/leads/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    headers: { ...auth(), 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function addFaults(base, spec) {
  return fetch(`${base}/__sandbox/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(spec),
  });
}

// --- Tests --------------------------------------------------------------------------

describe('sandbox API', () => {
  let sb;
  let base;
  const logLines = [];

  before(async () => {
    sb = await startSandbox({ port: 0, apiKey: KEY, validate, log: (l) => logLines.push(l) });
    base = sb.url;
  });
  after(async () => {
    await sb.close();
  });

  test('starts on an ephemeral loopback port', () => {
    assert.equal(sb.host, '127.0.0.1');
    assert.ok(sb.port > 0);
    assert.equal(sb.url, `http://127.0.0.1:${sb.port}`);
    assert.equal(sb.store.size, seedLeads().length);
  });

  test('missing or wrong key: 401 with the same exact JSON', async () => {
    const body = { agentId: 'agent_emea_01', lead: { name: 'X' } };
    const answers = [
      await fetch(`${base}/v3/leads/lead_1001`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
      await patch(base, 'lead_1001', body, auth('wrong-key')),
      await patch(base, 'lead_1001', body, { Authorization: KEY }), // no "Bearer"
      await fetch(`${base}/v3/leads/lead_1001?agentId=agent_emea_01`, { headers: auth('nope') }),
      await fetch(`${base}/v3/leads`),
    ];
    for (const res of answers) {
      assert.equal(res.status, 401);
      assert.match(res.headers.get('content-type'), /^application\/json/);
      assert.deepEqual(await json(res), { message: 'Unauthorized', code: 'UNAUTHORIZED' });
    }
    assert.equal(sb.store.get('lead_1001').name, 'Amelia Hartley', 'nothing changed');
  });

  test('valid PATCH merges: fields replaced, nested objects whole, null clears, ts updated; GET shows it', async () => {
    const before = sb.store.get('lead_1001');
    assert.ok(before.phone && before.metaData.company && before.assignedTo.name);
    const t0 = Date.now();
    const res = await patch(base, 'lead_1001', {
      agentId: 'agent_emea_01',
      lead: {
        name: 'Amelia Hartley-Stone',
        phone: null,
        metaData: { stage: 'won', notes: 'Signed' },
        assignedTo: { userId: 'user_x' },
        crmActivities: [{ type: 'Note', title: 'Closed' }],
        ts: 1, // the server sets ts itself
      },
    });
    assert.equal(res.status, 200);
    const out = await json(res);
    assert.equal(out.success, true);
    assert.equal(out.message, 'Lead updated successfully');
    const lead = out.data;
    assert.equal(lead.id, 'lead_1001');
    assert.equal(lead.agentId, 'agent_emea_01');
    assert.equal(lead.name, 'Amelia Hartley-Stone');
    assert.ok(!('phone' in lead), 'null removed phone');
    assert.equal(lead.email, before.email, 'untouched field kept');
    assert.deepEqual(lead.metaData, { stage: 'won', notes: 'Signed' }, 'metaData replaced whole');
    assert.deepEqual(lead.assignedTo, { userId: 'user_x' }, 'assignedTo replaced whole');
    assert.deepEqual(lead.crmActivities, [{ type: 'Note', title: 'Closed' }], 'array replaced whole');
    assert.equal(lead.hotScore, before.hotScore);
    assert.equal(typeof lead.ts, 'number');
    assert.ok(lead.ts >= t0 && lead.ts <= Date.now() + 1000, 'ts is server time');

    const got = await fetch(`${base}/v3/leads/lead_1001?agentId=agent_emea_01`, { headers: auth() });
    assert.equal(got.status, 200);
    assert.deepEqual(await json(got), { success: true, message: 'Lead retrieved', data: lead });

    // Repeating the same PATCH leaves the same state apart from ts.
    const again = await json(await patch(base, 'lead_1001', {
      agentId: 'agent_emea_01',
      lead: { name: 'Amelia Hartley-Stone', phone: null, metaData: { stage: 'won', notes: 'Signed' }, assignedTo: { userId: 'user_x' }, crmActivities: [{ type: 'Note', title: 'Closed' }] },
    }));
    assert.deepEqual({ ...again.data, ts: 0 }, { ...lead, ts: 0 });
  });

  test('ids are one percent-decoded path segment (a/b arrives as a%2Fb)', async () => {
    const res = await patch(base, 'legacy/4471', { agentId: 'agent_apac_03', lead: { hotLabel: 'warm' } });
    assert.equal(res.status, 200);
    assert.equal((await json(res)).data.id, 'legacy/4471');
    const raw = await fetch(`${base}/v3/leads/legacy%2F4471?agentId=agent_apac_03`, { headers: auth() });
    assert.equal(raw.status, 200);
    assert.equal((await json(raw)).data.hotLabel, 'warm');
    // Unencoded, it is two segments: no such route.
    const two = await fetch(`${base}/v3/leads/legacy/4471?agentId=agent_apac_03`, { headers: auth() });
    assert.equal(two.status, 404);
    assert.deepEqual(await json(two), { message: 'Not found', code: 'NOT_FOUND' });
  });

  test('validation failure: 400 Input validation failed with message-only issues', async () => {
    const res = await patch(base, 'lead_1002', {
      agentId: 'agent_emea_01',
      lead: { metaData: { stage: 'closed-won' }, hotLabel: 'lukewarm' },
    });
    assert.equal(res.status, 400);
    const out = await json(res);
    assert.equal(out.message, 'Input validation failed');
    assert.equal(out.code, 'BAD_REQUEST');
    assert.deepEqual(Object.keys(out).sort(), ['code', 'issues', 'message']);
    assert.ok(Array.isArray(out.issues) && out.issues.length >= 1);
    for (const issue of out.issues) {
      assert.deepEqual(Object.keys(issue), ['message']);
      assert.equal(typeof issue.message, 'string');
    }
    // "<path>: <message>", the JSON Pointer path written the zod way (dotted).
    assert.ok(out.issues.some((i) => i.message.startsWith('lead.metaData.stage: ')), JSON.stringify(out.issues));
    assert.ok(out.issues.some((i) => i.message.startsWith('lead.hotLabel: ')), JSON.stringify(out.issues));
    assert.equal(sb.store.get('lead_1002').metaData.stage, 'proposal', 'nothing changed');

    // agentId missing is a validation error too.
    const noAgent = await patch(base, 'lead_1002', { lead: { name: 'X' } });
    assert.equal(noAgent.status, 400);
    assert.equal((await json(noAgent)).message, 'Input validation failed');
  });

  test('content type, parse errors and size limit', async () => {
    const wrongType = await patch(base, 'lead_1002', '{"agentId":"agent_emea_01","lead":{}}', { 'Content-Type': 'text/plain' });
    assert.equal(wrongType.status, 400);
    assert.equal((await json(wrongType)).code, 'BAD_REQUEST');

    const bad = await patch(base, 'lead_1002', '{"agentId": "agent_emea_01", "lead": {');
    assert.equal(bad.status, 400);
    const badOut = await json(bad);
    assert.equal(badOut.code, 'PARSE_ERROR');
    assert.deepEqual(Object.keys(badOut).sort(), ['code', 'message']);

    const big = await patch(base, 'lead_1002', { agentId: 'agent_emea_01', lead: { metaData: { notes: 'x'.repeat(1024 * 1024) } } });
    assert.equal(big.status, 413);
    assert.equal((await json(big)).code, 'PAYLOAD_TOO_LARGE');
  });

  test('unknown lead: 404 Lead not found', async () => {
    for (const res of [
      await patch(base, 'lead_9999', { agentId: 'agent_emea_01', lead: { name: 'X' } }),
      await fetch(`${base}/v3/leads/lead_9999?agentId=agent_emea_01`, { headers: auth() }),
    ]) {
      assert.equal(res.status, 404);
      assert.deepEqual(await json(res), { message: 'Lead not found', code: 'NOT_FOUND' });
    }
  });

  test('owner mismatch: 403 FORBIDDEN (PATCH and GET)', async () => {
    const res = await patch(base, 'lead_1004', { agentId: 'agent_emea_01', lead: { name: 'Hijack' } });
    assert.equal(res.status, 403);
    const out = await json(res);
    assert.equal(out.code, 'FORBIDDEN');
    assert.equal(typeof out.message, 'string');
    assert.equal(sb.store.get('lead_1004').name, 'Marcus Reed');
    const got = await fetch(`${base}/v3/leads/lead_1004?agentId=agent_emea_01`, { headers: auth() });
    assert.equal(got.status, 403);
  });

  test('GET lead needs agentId; list by agent and all', async () => {
    const noAgent = await fetch(`${base}/v3/leads/lead_1004`, { headers: auth() });
    assert.equal(noAgent.status, 400);
    assert.equal((await json(noAgent)).code, 'BAD_REQUEST');

    const na = await json(await fetch(`${base}/v3/leads?agentId=agent_na_02`, { headers: auth() }));
    assert.equal(na.success, true);
    assert.ok(na.data.length >= 2);
    assert.ok(na.data.every((l) => l.agentId === 'agent_na_02'));
    const all = await json(await fetch(`${base}/v3/leads`, { headers: auth() }));
    assert.equal(all.data.length, sb.store.size);
    const none = await json(await fetch(`${base}/v3/leads?agentId=agent_nobody`, { headers: auth() }));
    assert.deepEqual(none.data, []);
  });

  test('unknown route 404, wrong method 405', async () => {
    for (const p of ['/', '/v3', '/v2/leads/lead_1001', '/v3/lead/lead_1001', '/v3/leads/lead_1001/notes', '/favicon.ico']) {
      const res = await fetch(base + p, { headers: auth() });
      assert.equal(res.status, 404, p);
      assert.deepEqual(await json(res), { message: 'Not found', code: 'NOT_FOUND' });
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
    }
    for (const [method, p] of [['POST', '/v3/leads/lead_1001'], ['DELETE', '/v3/leads/lead_1001'], ['PUT', '/v3/leads/lead_1001'], ['PATCH', '/v3/leads'], ['POST', '/v3/leads']]) {
      const res = await fetch(base + p, { method, headers: { ...auth(), 'Content-Type': 'application/json' }, body: '{}' });
      assert.equal(res.status, 405, `${method} ${p}`);
      const out = await json(res);
      assert.equal(out.code, 'METHOD_NOT_SUPPORTED');
      assert.equal(typeof out.message, 'string');
    }
  });

  test('CORS: preflight 204 and headers on every answer (errors too)', async () => {
    const pre = await fetch(`${base}/v3/leads/lead_1001`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'PATCH',
        'Access-Control-Request-Headers': 'authorization, content-type',
      },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    assert.equal(pre.headers.get('access-control-allow-methods'), 'GET, PATCH, OPTIONS');
    assert.equal(pre.headers.get('access-control-allow-headers'), 'Authorization, Content-Type, Accept');
    assert.ok(Number(pre.headers.get('access-control-max-age')) > 0);
    assert.equal(await pre.text(), '');
    // Any OPTIONS is answered as a preflight (control paths list their own methods).
    const plain = await fetch(`${base}/__sandbox/faults`, { method: 'OPTIONS' });
    assert.equal(plain.status, 204);
    assert.equal(plain.headers.get('access-control-allow-origin'), '*');
    assert.equal(plain.headers.get('access-control-allow-methods'), 'GET, POST, DELETE, OPTIONS');
    await plain.arrayBuffer();

    const origin = { Origin: 'https://demo.example.com' };
    for (const res of [
      await fetch(`${base}/v3/leads/lead_1001?agentId=agent_emea_01`, { headers: { ...auth(), ...origin } }),
      await fetch(`${base}/v3/leads/lead_1001?agentId=agent_emea_01`, { headers: origin }), // 401
      await fetch(`${base}/nope`, { headers: origin }),
      await fetch(`${base}/__sandbox/requests`, { headers: origin }),
    ]) {
      assert.equal(res.headers.get('access-control-allow-origin'), 'https://demo.example.com');
      assert.equal(res.headers.get('access-control-expose-headers'), 'Retry-After');
      await res.arrayBuffer();
    }
    const noOrigin = await fetch(`${base}/v3/leads`, { headers: auth() });
    assert.equal(noOrigin.headers.get('access-control-allow-origin'), '*');
    await noOrigin.arrayBuffer();
  });

  describe('fault injection', () => {
    const body = { agentId: 'agent_na_02', lead: { hotScore: 50 } };

    test('429 keeps the Retry-After value, then the next request is normal', async () => {
      const date = 'Wed, 21 Oct 2015 07:28:00 GMT';
      assert.equal((await addFaults(base, { queue: [{ status: 429, retryAfter: '1' }, { status: 429, retryAfter: date }] })).status, 200);
      const r1 = await patch(base, 'lead_1005', body);
      assert.equal(r1.status, 429);
      assert.equal(r1.headers.get('retry-after'), '1');
      assert.equal(r1.headers.get('access-control-expose-headers'), 'Retry-After');
      assert.deepEqual(await json(r1), { message: 'Too Many Requests', code: 'TOO_MANY_REQUESTS' });
      const r2 = await patch(base, 'lead_1005', body);
      assert.equal(r2.status, 429);
      assert.equal(r2.headers.get('retry-after'), date);
      await r2.arrayBuffer();
      const r3 = await patch(base, 'lead_1005', body);
      assert.equal(r3.status, 200);
      await r3.arrayBuffer();
    });

    test('503 with error JSON; other statuses and custom codes', async () => {
      await addFaults(base, { queue: [{ status: 503 }, { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'boom' }] });
      const r1 = await patch(base, 'lead_1005', body);
      assert.equal(r1.status, 503);
      assert.match(r1.headers.get('content-type'), /^application\/json/);
      const o1 = await json(r1);
      assert.equal(o1.code, 'SERVICE_UNAVAILABLE');
      assert.equal(typeof o1.message, 'string');
      const r2 = await fetch(`${base}/v3/leads`, { headers: auth() });
      assert.equal(r2.status, 500);
      assert.deepEqual(await json(r2), { message: 'boom', code: 'INTERNAL_SERVER_ERROR' });
    });

    test('html 502 page from a proxy', async () => {
      await addFaults(base, { queue: [{ html: 502 }] });
      const res = await patch(base, 'lead_1005', body);
      assert.equal(res.status, 502);
      assert.match(res.headers.get('content-type'), /^text\/html/);
      assert.match(await res.text(), /<html>[\s\S]*502 Bad Gateway/);
    });

    test('empty body', async () => {
      await addFaults(base, { queue: [{ empty: 503 }] });
      const res = await patch(base, 'lead_1005', body);
      assert.equal(res.status, 503);
      assert.equal(await res.text(), '');
    });

    test('delay, then normal processing', async () => {
      await addFaults(base, { queue: [{ delayMs: 300 }] });
      const t0 = Date.now();
      const res = await patch(base, 'lead_1005', { agentId: 'agent_na_02', lead: { hotScore: 51 } });
      assert.ok(Date.now() - t0 >= 280, `took ${Date.now() - t0} ms`);
      assert.equal(res.status, 200);
      assert.equal((await json(res)).data.hotScore, 51);
    });

    test('drop: the socket is destroyed, fetch rejects', async () => {
      await addFaults(base, { queue: [{ drop: true }] });
      await assert.rejects(patch(base, 'lead_1005', body), TypeError);
      // The server is still fine afterwards.
      const res = await patch(base, 'lead_1005', body);
      assert.equal(res.status, 200);
      await res.arrayBuffer();
    });

    test('match: a fault waits for the matching request; preflights never consume faults', async () => {
      await addFaults(base, { queue: [{ status: 503 }], match: { method: 'PATCH', id: 'lead_1004' } });
      const pre = await fetch(`${base}/v3/leads/lead_1004`, { method: 'OPTIONS', headers: { 'Access-Control-Request-Method': 'PATCH' } });
      assert.equal(pre.status, 204);
      const other = await patch(base, 'lead_1005', body);
      assert.equal(other.status, 200);
      await other.arrayBuffer();
      const get = await fetch(`${base}/v3/leads/lead_1004?agentId=agent_na_02`, { headers: auth() });
      assert.equal(get.status, 200);
      await get.arrayBuffer();
      const hit = await patch(base, 'lead_1004', { agentId: 'agent_na_02', lead: { hotScore: 90 } });
      assert.equal(hit.status, 503);
      await hit.arrayBuffer();
      const state = await json(await fetch(`${base}/__sandbox/faults`));
      assert.deepEqual(state.queue, []);
    });

    test('random faults: rate 1 always, rate 0 off; DELETE clears; bad specs are refused', async () => {
      await addFaults(base, { rate: 1, kinds: ['429'] });
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${base}/v3/leads`, { headers: auth() });
        assert.equal(res.status, 429);
        assert.equal(res.headers.get('retry-after'), '1');
        await res.arrayBuffer();
      }
      await addFaults(base, { rate: 0 });
      const ok = await fetch(`${base}/v3/leads`, { headers: auth() });
      assert.equal(ok.status, 200);
      await ok.arrayBuffer();

      await addFaults(base, { queue: [{ status: 503 }, { status: 503 }], rate: 1 });
      const del = await fetch(`${base}/__sandbox/faults`, { method: 'DELETE' });
      assert.equal(del.status, 200);
      await del.arrayBuffer();
      const ok2 = await fetch(`${base}/v3/leads`, { headers: auth() });
      assert.equal(ok2.status, 200);
      await ok2.arrayBuffer();

      for (const spec of [{ queue: [{ status: 42 }] }, { queue: [{}] }, { rate: 2 }, { kinds: ['x'], rate: 0.5 }, { nothing: true }]) {
        const res = await addFaults(base, spec);
        assert.equal(res.status, 400, JSON.stringify(spec));
        assert.equal((await json(res)).code, 'BAD_REQUEST');
      }
    });
  });

  test('request log: method, raw path, decoded id, query, parsed body, fault; key redacted everywhere', async () => {
    await fetch(`${base}/__sandbox/requests`, { method: 'DELETE' });
    await addFaults(base, { queue: [{ status: 429, retryAfter: '3' }] });
    await (await patch(base, 'legacy/4471', { agentId: 'agent_apac_03', lead: { hotScore: 30 } })).arrayBuffer();
    await (await patch(base, 'legacy/4471', { agentId: 'agent_apac_03', lead: { hotScore: 31 } })).arrayBuffer();
    await (await fetch(`${base}/v3/leads?agentId=agent_apac_03`, { headers: auth('a-wrong-key-123') })).arrayBuffer();
    const res = await fetch(`${base}/__sandbox/requests`);
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.ok(!text.includes(KEY), 'the API key must not appear in the request log');
    assert.ok(!text.includes('a-wrong-key-123'), 'a wrong key must not appear either');
    const { requests } = JSON.parse(text);
    assert.equal(requests.length, 3);
    const [a, b, c] = requests;
    assert.equal(a.method, 'PATCH');
    assert.equal(a.path, '/v3/leads/legacy%2F4471');
    assert.equal(a.id, 'legacy/4471');
    assert.equal(a.headers.authorization, 'Bearer <redacted>');
    assert.equal(a.authorized, true);
    assert.deepEqual(a.body, { agentId: 'agent_apac_03', lead: { hotScore: 30 } });
    assert.equal(a.fault.status, 429);
    assert.equal(a.fault.retryAfter, '3');
    assert.equal(a.status, 429);
    assert.ok(!Number.isNaN(Date.parse(a.time)));
    assert.equal(b.fault, null);
    assert.equal(b.status, 200);
    assert.deepEqual(c.query, { agentId: 'agent_apac_03' });
    assert.equal(c.authorized, false);
    assert.equal(c.status, 401);
    // The per-request log lines never contain the key either.
    assert.ok(logLines.length > 0);
    assert.ok(!logLines.join('\n').includes(KEY));
    const cleared = await fetch(`${base}/__sandbox/requests`, { method: 'DELETE' });
    assert.equal(cleared.status, 200);
    await cleared.arrayBuffer();
    assert.deepEqual((await json(await fetch(`${base}/__sandbox/requests`))).requests, []);
  });

  test('reset restores the seed, clears faults and the log', async () => {
    await (await patch(base, 'lead_1006', { agentId: 'agent_apac_03', lead: { name: 'Changed' } })).arrayBuffer();
    await addFaults(base, { queue: [{ status: 503 }] });
    const res = await fetch(`${base}/__sandbox/reset`, { method: 'POST' });
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    assert.deepEqual(sb.store.list(), seedLeads());
    assert.deepEqual((await json(await fetch(`${base}/__sandbox/faults`))).queue, []);
    assert.deepEqual((await json(await fetch(`${base}/__sandbox/requests`))).requests, []);
  });
});

describe('sandbox seed', () => {
  test('6-8 leads, 2-3 agents, each valid as the lead of a PATCH body', async () => {
    const leads = seedLeads();
    assert.ok(leads.length >= 6 && leads.length <= 8);
    const agents = new Set(leads.map((l) => l.agentId));
    assert.ok(agents.size >= 2 && agents.size <= 3);
    for (const { id, agentId, ...lead } of leads) {
      assert.equal(typeof id, 'string');
      const r = await validate({ agentId, lead });
      assert.equal(r.ok, true, `${id}: ${JSON.stringify(r.issues)}`);
      assert.ok(lead.name && lead.email && lead.phone && lead.metaData, id);
    }
    assert.ok(leads.some((l) => l.assignedTo) && leads.some((l) => l.crmActivities?.some((a) => a.notesHistory)));
    // A fresh deep copy every time.
    leads[0].metaData.company = 'mutated';
    assert.notEqual(seedLeads()[0].metaData.company, 'mutated');
  });
});

describe('sandbox options and persistence', () => {
  let dir;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convocore-sandbox-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('validate is required; non-loopback host is refused unless allowRemote', async () => {
    await assert.rejects(startSandbox({ port: 0 }), TypeError);
    await assert.rejects(startSandbox({ port: 0, host: '0.0.0.0', validate }), /non-loopback/);
  });

  test('state is written atomically to the file after each change and loaded at start', async () => {
    const file = path.join(dir, 'state.json');
    const s1 = await startSandbox({ port: 0, apiKey: KEY, validate, file });
    try {
      assert.equal(s1.store.loadedFromFile, false);
      const res = await patch(s1.url, 'lead_1003', { agentId: 'agent_emea_01', lead: { metaData: { stage: 'engaged' }, email: null } });
      assert.equal(res.status, 200);
      await res.arrayBuffer();
      const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
      const l = saved.leads.find((x) => x.id === 'lead_1003');
      assert.deepEqual(l.metaData, { stage: 'engaged' });
      assert.ok(!('email' in l));
      assert.deepEqual(fs.readdirSync(dir), ['state.json'], 'no temp file left behind');
      assert.ok(!fs.readFileSync(file, 'utf8').includes(KEY), 'the key is not stored');
    } finally {
      await s1.close();
    }
    const s2 = await startSandbox({ port: 0, apiKey: KEY, validate, file });
    try {
      assert.equal(s2.store.loadedFromFile, true);
      const got = await json(await fetch(`${s2.url}/v3/leads/lead_1003?agentId=agent_emea_01`, { headers: auth() }));
      assert.deepEqual(got.data.metaData, { stage: 'engaged' });
      assert.ok(!('email' in got.data));
    } finally {
      await s2.close();
    }
    fs.writeFileSync(file, '{ not json');
    await assert.rejects(startSandbox({ port: 0, validate, file }), /not valid JSON/);
  });

  test('close() ends a pending delayed request and keep-alive connections', async () => {
    const s = await startSandbox({ port: 0, apiKey: KEY, validate });
    await addFaults(s.url, { queue: [{ delayMs: 60000 }] });
    const pending = patch(s.url, 'lead_1001', { agentId: 'agent_emea_01', lead: { name: 'X' } });
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    await s.close();
    assert.ok(Date.now() - t0 < 2000);
    await assert.rejects(pending);
  });
});

// The real server's rule for a nested object sent in part is not documented: the sandbox
// plays either rule, so that a dashboard can be tried against both.
describe('nested objects sent in part, in both merge modes', () => {
  const partial = { agentId: 'agent_emea_01', lead: { metaData: { stage: 'won' }, assignedTo: { userId: 'user_x' } } };
  for (const mode of ['replace', 'merge']) {
    test(`mergeNested: '${mode}'`, async () => {
      const s = await startSandbox({ port: 0, apiKey: KEY, validate, ...(mode === 'replace' ? {} : { mergeNested: mode }) });
      try {
        assert.equal(s.mergeNested, mode, 'replace is the default');
        const stored = s.store.get('lead_1001');
        assert.ok(Object.keys(stored.metaData).length > 5 && stored.metaData.company && stored.assignedTo.name);
        const res = await patch(s.url, 'lead_1001', partial);
        assert.equal(res.status, 200);
        await res.arrayBuffer();
        const now = s.store.get('lead_1001');
        if (mode === 'replace') {
          // Every stored metaData field but the one sent is erased: the data loss the
          // validator's partial_object warning is about.
          assert.deepEqual(now.metaData, { stage: 'won' });
          assert.deepEqual(now.assignedTo, { userId: 'user_x' });
        } else {
          assert.deepEqual(now.metaData, { ...stored.metaData, stage: 'won' });
          assert.deepEqual(now.assignedTo, { ...stored.assignedTo, userId: 'user_x' });
        }
        assert.equal(now.name, stored.name, 'top-level fields not sent are kept in both modes');
        // Arrays are replaced whole in both modes.
        const arr = await patch(s.url, 'lead_1001', { agentId: 'agent_emea_01', lead: { crmActivities: [{ type: 'Note' }] } });
        assert.equal(arr.status, 200);
        await arr.arrayBuffer();
        assert.deepEqual(s.store.get('lead_1001').crmActivities, [{ type: 'Note' }]);
        // The request log keeps the validator's warnings: the partial objects are named.
        const logged = s.requests().find((r) => r.method === 'PATCH');
        assert.deepEqual(logged.warnings.filter((w) => w.code === 'partial_object').map((w) => w.path).sort(), ['/lead/assignedTo', '/lead/metaData']);
      } finally {
        await s.close();
      }
    });
  }

  test('a whole metaData keeps what it sends in both modes', async () => {
    for (const mergeNested of ['replace', 'merge']) {
      const s = await startSandbox({ port: 0, apiKey: KEY, validate, mergeNested });
      try {
        const whole = { ...s.store.get('lead_1001').metaData, stage: 'won' };
        const res = await patch(s.url, 'lead_1001', { agentId: 'agent_emea_01', lead: { metaData: whole } });
        assert.equal(res.status, 200);
        await res.arrayBuffer();
        assert.deepEqual(s.store.get('lead_1001').metaData, whole, mergeNested);
      } finally {
        await s.close();
      }
    }
  });

  test('a bad mode is refused; the CLI flag', async () => {
    await assert.rejects(startSandbox({ port: 0, validate, mergeNested: 'deep' }), /mergeNested must be 'replace' or 'merge'/);
    assert.equal(parseSandboxArgs([], {}).mergeNested, 'replace');
    assert.equal(parseSandboxArgs(['--merge-nested', 'merge'], {}).mergeNested, 'merge');
    assert.equal(parseSandboxArgs(['--merge-nested=replace'], {}).mergeNested, 'replace');
    assert.throws(() => parseSandboxArgs(['--merge-nested', 'deep'], {}), /--merge-nested must be replace or merge/);
    let out = '';
    const stop = new AbortController();
    const code = runSandboxCli(['--port', '0', '--merge-nested', 'merge', '--quiet'], {
      validate,
      handleSignals: false,
      signal: stop.signal,
      out: (t) => (out += t),
      onReady: (sb) => {
        assert.equal(sb.mergeNested, 'merge');
        stop.abort();
      },
    });
    assert.equal(await code, 0);
    assert.match(out, /Nested: {5}merge/);
  });
});

describe('sandbox CLI', () => {
  test('parseSandboxArgs', () => {
    const d = parseSandboxArgs([], {});
    assert.equal(d.port, 8787);
    assert.equal(d.host, '127.0.0.1');
    assert.equal(d.apiKey, DEFAULT_SANDBOX_KEY);
    assert.equal(d.apiKeySource, 'default');
    const o = parseSandboxArgs(['sandbox', '--port', '0', '--host=::1', '--api-key', 'k1', '--file', 's.json', '--fault-rate', '0.3'], {});
    assert.deepEqual(
      { port: o.port, host: o.host, apiKey: o.apiKey, apiKeySource: o.apiKeySource, file: o.file, faultRate: o.faultRate },
      { port: 0, host: '::1', apiKey: 'k1', apiKeySource: 'flag', file: 's.json', faultRate: 0.3 },
    );
    const e = parseSandboxArgs([], { CONVOCORE_SANDBOX_KEY: 'from-env' });
    assert.equal(e.apiKey, 'from-env');
    assert.equal(e.apiKeySource, 'env');
    assert.equal(parseSandboxArgs(['--api-key', 'flag-wins'], { CONVOCORE_SANDBOX_KEY: 'from-env' }).apiKey, 'flag-wins');
    assert.equal(parseSandboxArgs(['-h'], {}).help, true);
    assert.throws(() => parseSandboxArgs(['--port', 'abc'], {}), /--port/);
    assert.throws(() => parseSandboxArgs(['--fault-rate', '3'], {}), /--fault-rate/);
    assert.throws(() => parseSandboxArgs(['--bogus'], {}), /Unknown argument/);
    assert.throws(() => parseSandboxArgs(['--file'], {}), /needs a value/);
  });

  test('--help prints usage; bad args exit 2', async () => {
    let out = '';
    assert.equal(await runSandboxCli(['--help'], { validate, out: (s) => (out += s) }), 0);
    assert.match(out, /Usage: convocore-leads sandbox/);
    assert.match(out, /--fault-rate/);
    let err = '';
    assert.equal(await runSandboxCli(['--nope'], { validate, err: (s) => (err += s) }), 2);
    assert.match(err, /Unknown argument/);
  });

  for (const [label, args, env, shown] of [
    ['default key is printed', ['--port', '0'], {}, true],
    ['a key set by flag is never printed', ['--port', '0', '--api-key', 'my-private-key-42'], {}, false],
    ['a key set by env is never printed', ['--port', '0'], { CONVOCORE_SANDBOX_KEY: 'my-private-key-42' }, false],
  ]) {
    test(`runSandboxCli: ${label}; stops cleanly`, async () => {
      let out = '';
      const ac = new AbortController();
      let ready;
      const code = runSandboxCli(args, {
        validate,
        env,
        out: (s) => (out += s),
        err: (s) => (out += s),
        handleSignals: false,
        signal: ac.signal,
        onReady: (sb) => (ready = sb),
      });
      await new Promise((r) => setTimeout(r, 50));
      assert.ok(ready, out);
      assert.match(out, new RegExp(`Base URL: +http://127\\.0\\.0\\.1:${ready.port}/v3`));
      assert.match(out, /Leads: +7/);
      const res = await fetch(`${ready.url}/v3/leads`, { headers: auth(shown ? DEFAULT_SANDBOX_KEY : 'my-private-key-42') });
      assert.equal(res.status, 200);
      await res.arrayBuffer();
      ac.abort();
      assert.equal(await code, 0);
      if (shown) assert.ok(out.includes(DEFAULT_SANDBOX_KEY));
      else assert.ok(!out.includes('my-private-key-42'), out);
      assert.match(out, /Sandbox stopped/);
    });
  }

  test('SIGTERM stops the real CLI process and flushes the state file', async () => {
    const { spawn } = await import('node:child_process');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convocore-sandbox-cli-'));
    const file = path.join(dir, 'state.json');
    try {
      const serverUrl = pathToFileURL(path.resolve(here, '../../pkg-template/sandbox/server.mjs')).href;
      const script = `import { runSandboxCli } from ${JSON.stringify(serverUrl)};
        import { validateUpdateLead } from ${JSON.stringify(pathToFileURL(pkgEntry).href)};
        process.exitCode = await runSandboxCli(process.argv.slice(1), { validate: validateUpdateLead });`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script, '--', 'sandbox', '--port', '0', '--file', file, '--quiet'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const port = await new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 10000);
        child.stdout.on('data', () => {
          const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
          if (m) {
            clearTimeout(t);
            resolve(Number(m[1]));
          }
        });
      });
      const res = await fetch(`http://127.0.0.1:${port}/v3/leads/lead_1005`, {
        method: 'PATCH',
        headers: { ...auth(DEFAULT_SANDBOX_KEY), 'Content-Type': 'application/json' },
        body: JSON.stringify({ agentId: 'agent_na_02', lead: { name: 'Sarah O.' } }),
      });
      assert.equal(res.status, 200);
      await res.arrayBuffer();
      const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
      child.kill('SIGTERM');
      assert.deepEqual(await exited, { code: 0, signal: null }, out);
      assert.match(out, /Sandbox stopped/);
      const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
      assert.equal(saved.leads.find((l) => l.id === 'lead_1005').name, 'Sarah O.');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
