// The JSON fast path into the wasm (json-encoder.js, registered by the package
// entries) must change nothing but speed: every export gives the same result as with the
// binding's own walk of the value. The walk-only run is a copy of the Node entry that
// registers no encoder, in a separate process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PKG, ROOT } from './support/package.mjs';
import { payloads } from '../../bench/payloads.mjs';

const url = (...p) => JSON.stringify(pathToFileURL(join(...p)).href);

// Prints one line per call: a digest of its result or of the error it threw.
const SCRIPT = (api) => `
  import { createHash } from 'node:crypto';
  import { createRequire } from 'node:module';
  import { hostileValue } from ${url(ROOT, 'tests/js/fixtures/hostile-values.mjs')};
  import { rng } from ${url(ROOT, 'tests/js/fixtures/rng.mjs')};
  import { payloads } from ${url(ROOT, 'bench/payloads.mjs')};
  ${api}
  const LEAD = { id: 'L1', agentId: 'agent_1', name: 'Ada', metaData: { source: 'chat' } };
  const digest = (fn) => {
    let out;
    try {
      out = JSON.stringify(fn()) ?? 'undefined';
    } catch (e) {
      out = 'threw ' + JSON.stringify([e?.name, e?.kind, e?.message, e?.issues]);
    }
    return createHash('sha256').update(out).digest('hex').slice(0, 16) + ' ' + out.slice(0, 120);
  };
  const lines = [];
  const data = payloads();
  for (const body of [...data.small, ...data.full]) {
    lines.push(digest(() => api.validateUpdateLead(body)), digest(() => api.prepareUpdateLead(body)));
    lines.push(digest(() => api.applyLeadPatch(LEAD, body.lead)), digest(() => api.diffLead(LEAD, { ...LEAD, ...body.lead })));
  }
  const r = rng(20261126);
  for (let i = 0; i < 1500; i++) {
    const v = hostileValue(r);
    lines.push(digest(() => api.validateUpdateLead(v)), digest(() => api.prepareUpdateLead(v)));
    lines.push(digest(() => api.applyLeadPatch(LEAD, v)), digest(() => api.diffLead(LEAD, v)));
  }
  process.stdout.write(lines.join('\\n'));
`;

const run = (script) =>
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 28, timeout: 240_000 }).split('\n');

test('the package entry encodes plain JSON data in JavaScript (the fast path is taken)', async () => {
  const { encodeJson } = await import(pathToFileURL(join(ROOT, 'pkg-template/json-encoder.js')).href);
  const data = payloads();
  for (const body of [...data.small, ...data.full]) assert.equal(encodeJson(body, 10_001, 128), JSON.stringify(body));
  // What only the walk can report precisely is refused.
  const cyclic = { a: 1 };
  cyclic.self = cyclic;
  for (const v of [NaN, [1, , 2], [undefined], 1n, Symbol('s'), () => 1, new Date(0), new Map(), cyclic, { toJSON: () => 1 },
    [[[1]]], new Array(10_002).fill(1), { get x() { throw new Error('getter'); } }]) {
    assert.equal(encodeJson(v, 10_001, 2), undefined, String(v));
  }
  // Undefined properties are absent, as in the walk; `__proto__` own keys stay data.
  assert.equal(encodeJson({ a: undefined, b: -0 }, 10_001, 128), '{"b":-0}');
  assert.equal(encodeJson(JSON.parse('{"__proto__":{"x":1}}'), 10_001, 128), '{"__proto__":{"x":1}}');
});

test('the wasm reads the encoder\'s text, ASCII or not: each property of a body is read once', async () => {
  const api = await import(pathToFileURL(join(PKG, 'node/index.mjs')).href);
  for (const name of ['Ada', 'Zoë', 'é', '😀', 'Ångström ✓ 中']) {
    // A second read of a property would be the walk, after the text was refused.
    const reads = new Map();
    const counted = (o) => new Proxy(o, { get: (t, k, r) => (reads.set(k, (reads.get(k) ?? 0) + 1), Reflect.get(t, k, r)) });
    const body = counted({ agentId: 'agent_1', lead: counted({ name, email: 'ada@example.com', metaData: { source: 'chat' } }) });
    assert.equal(api.validateUpdateLead(body).ok, true, name);
    assert.deepEqual([...reads].filter(([, n]) => n !== 1), [], name);
  }
});

/** A copy of the CommonJS entry (and its wasm) in `dir` that registers no JSON encoder. */
function walkOnlyEntry(dir) {
  const bundle = readFileSync(join(PKG, 'node/index.cjs'), 'utf8');
  const registrations = bundle.match(/\.__setJsonEncoder\(\w+\);/g) ?? [];
  assert.equal(registrations.length, 1, 'the entry registers its encoder once');
  writeFileSync(join(dir, 'index.cjs'), bundle.replace(registrations[0], '.__setJsonEncoder(undefined);'));
  copyFileSync(join(PKG, 'node/convocore_leads_bg.wasm'), join(dir, 'convocore_leads_bg.wasm'));
  return join(dir, 'index.cjs');
}

test('results with the fast path equal the walk-only results (bench payloads and hostile values)', () => {
  const fast = run(SCRIPT(`import * as api from ${url(PKG, 'node/index.mjs')};`));
  // The same package with no encoder registered: every value walked.
  const dir = mkdtempSync(join(tmpdir(), 'convocore-walk-'));
  let walk;
  try {
    walk = run(SCRIPT(`const api = createRequire(import.meta.url)(${JSON.stringify(walkOnlyEntry(dir))});`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(fast.length, walk.length);
  assert.ok(fast.length >= 6000, `${fast.length} results`);
  const differing = fast.map((line, i) => [i, line, walk[i]]).filter(([, a, b]) => a !== b);
  assert.deepEqual(differing.slice(0, 5), []);
});
