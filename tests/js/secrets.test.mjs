// The API key never appears in an error: every kind of client error, made with a
// distinctive key, is searched (message, stack, JSON, String(e), every own property).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConvocoreClient, ConvocoreError, validateUpdateLead } from '../../pkg/node/index.mjs';
import { startSandbox } from '../../pkg/sandbox/server.mjs';
import { answering, hanging } from './support/fetches.mjs';

const KEY = 'ck_live_SECRET_7f3a9c1e5b2d4f6a8c0e';
const BODY = { agentId: 'agent_1', lead: { name: 'Ada' } };

function leaks(e) {
  const texts = [e.message, e.stack, String(e), JSON.stringify(e), JSON.stringify(Object.getOwnPropertyNames(e).map((k) => [k, String(e[k])])), JSON.stringify(e.issues)];
  return texts.some((t) => typeof t === 'string' && (t.includes(KEY) || t.includes(KEY.slice(8))));
}

async function failure(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
}

test('no client error carries the API key, whatever its kind', async () => {
  const sandbox = await startSandbox({ validate: validateUpdateLead, port: 0, apiKey: KEY });
  const seen = new Set();
  try {
    const client = (opts = {}) => new ConvocoreClient({ apiKey: KEY, baseUrl: sandbox.baseUrl, retries: 0, ...opts });
    const errors = [
      // validation: a bad body, a bad id, bad options that mention the key's neighbours.
      await failure(client().updateLead('L1', { agentId: KEY, lead: { stage: KEY } })),
      await failure(client().updateLead('', BODY)),
      (() => { try { new ConvocoreClient({ apiKey: KEY, baseUrl: `https://user:${KEY}@api.example/v3` }); } catch (e) { return e; } })(),
      (() => { try { new ConvocoreClient({ apiKey: `${KEY} with spaces` }); } catch (e) { return e; } })(),
      // A secret in the `headers` option: refused header values are never shown.
      (() => { try { new ConvocoreClient({ apiKey: KEY, baseUrl: sandbox.baseUrl, headers: { Authorization: `Bearer ${KEY}` } }); } catch (e) { return e; } })(),
      (() => { try { new ConvocoreClient({ baseUrl: sandbox.baseUrl, headers: { 'X-Token': `${KEY}\n` } }); } catch (e) { return e; } })(),
      (() => { try { new ConvocoreClient({ baseUrl: sandbox.baseUrl, headers: { 'X-Token': ` ${KEY}` } }); } catch (e) { return e; } })(),
      // http, from the sandbox itself: 401 (wrong key), 404 (unknown lead).
      await failure(new ConvocoreClient({ apiKey: `${KEY}x`, baseUrl: sandbox.baseUrl, retries: 0 }).updateLead('L1', BODY)),
      await failure(client().updateLead('no-such-lead', BODY)),
      // http 400/429/503 and response errors that echo the key back, as a hostile server might.
      await failure(client({ fetch: answering(400, { message: `bad ${KEY}`, code: 'BAD_REQUEST', issues: [{ message: KEY }] }) }).updateLead('L1', BODY)),
      await failure(client({ fetch: answering(429, { message: 'slow down', code: 'TOO_MANY_REQUESTS' }, { 'content-type': 'application/json', 'retry-after': '0' }) }).updateLead('L1', BODY)),
      await failure(client({ fetch: answering(503, `<html><title>503 ${KEY}</title></html>`, { 'content-type': 'text/html' }) }).updateLead('L1', BODY)),
      await failure(client({ fetch: answering(200, `not json ${KEY}`, { 'content-type': 'text/plain' }) }).updateLead('L1', BODY)),
      // network, timeout, aborted.
      await failure(client({ fetch: (url, init) => Promise.reject(Object.assign(new TypeError(`fetch failed`), { cause: { code: 'ECONNREFUSED' } })) }).updateLead('L1', BODY)),
      await failure(client({ timeoutMs: 20, fetch: hanging }).updateLead('L1', BODY)),
      await failure(client().updateLead('L1', BODY, { signal: AbortSignal.abort() })),
      await failure(new ConvocoreClient({ apiKey: KEY, baseUrl: 'http://127.0.0.1:9/v3', retries: 0 }).updateLead('L1', BODY)),
    ];
    for (const e of errors) {
      assert.ok(e instanceof ConvocoreError, String(e));
      seen.add(e.kind === 'http' ? `http ${e.status}` : e.kind);
      assert.ok(!leaks(e), `${e.kind} ${e.status ?? ''} error shows the key: ${e.message}`);
    }
  } finally {
    await sandbox.close();
  }
  for (const kind of ['validation', 'http 401', 'http 400', 'http 404', 'http 429', 'http 503', 'response', 'network', 'timeout', 'aborted']) {
    assert.ok(seen.has(kind), `no ${kind} error was produced (got ${[...seen]})`);
  }
});
