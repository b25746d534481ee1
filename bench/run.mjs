// Benchmarks convocore-leads (as built into pkg/ by scripts/build.sh) against zod 4 and
// ajv 8 on the same fixed payloads, in one run, and prints absolute figures and ratios.
// Usage: scripts/build.sh && node bench/run.mjs [--quick]
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cpus } from 'node:os';
import Ajv from 'ajv';
import { coldStartScripts } from './cold.mjs';
import { fetchLoop, pool, updateJobs } from './loops.mjs';
import { payloads, ndjson } from './payloads.mjs';
import { requestSchema } from './peers/openapi.mjs';
import { updateLeadBody } from './peers/zod-schema.mjs';
import { browserEntrySize, peerSizes } from './size.mjs';
import { median, pairedRatio } from './stats.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PKG = join(ROOT, 'pkg');
const NODE_ENTRY = pathToFileURL(join(PKG, 'node/index.mjs')).href;
const QUICK = process.argv.includes('--quick');
const SECONDS = QUICK ? 0.3 : 1.5;

const ours = await import(NODE_ENTRY);
const ajv = new Ajv({ allErrors: true }).compile(requestSchema(join(ROOT, 'spec/update-lead.openapi.yaml')));
const data = payloads();
const ndjsonText = ndjson(QUICK ? 500 : 2000);
const lines = ndjsonText.split('\n').filter((l) => l !== '').length;

const rows = [];
const row = (what, value, unit, vs = '') => rows.push({ what, value, unit, vs });
const fmt = (n) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toPrecision(3));
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;

// Every library must accept every payload, or the race is not the same race.
for (const body of [...data.small, ...data.full]) {
  const r = ours.validateUpdateLead(body);
  if (!r.ok) throw new Error(`convocore-leads rejects a payload: ${JSON.stringify(r.issues)}`);
  if (!updateLeadBody.safeParse(body).success) throw new Error('zod rejects a payload');
  if (!ajv(body)) throw new Error(`ajv rejects a payload: ${JSON.stringify(ajv.errors)}`);
}

const ROUNDS = QUICK ? 3 : 9;

/**
 * Operations per second of each of `fns` over the inputs (round-robin), timed in ROUNDS
 * rounds of one slice each, after a warm-up: `ops`, the median of each one's slices, and `vs`,
 * the median over the rounds of the first one's ops to each one's. A shared machine's speed
 * drifts over seconds; within a round it hits every contender alike, so the ratios hold where
 * the absolute figures move.
 */
function race(inputs, fns) {
  let sink = 0;
  const slice = (fn, ms) => {
    const end = performance.now() + ms;
    let n = 0;
    const t0 = performance.now();
    while (performance.now() < end) {
      for (let i = 0; i < 64; i++) sink ^= fn(inputs[(n + i) % inputs.length]) ? 1 : 0;
      n += 64;
    }
    return n / ((performance.now() - t0) / 1000);
  };
  for (const fn of fns) slice(fn, SECONDS * 300);
  const per = fns.map(() => []);
  for (let round = 0; round < ROUNDS; round++) fns.forEach((fn, k) => per[k].push(slice(fn, (SECONDS * 1000) / ROUNDS)));
  if (sink === 2) console.log(''); // keeps the results alive
  return { ops: per.map(median), vs: per.map((xs) => pairedRatio(per[0], xs)) };
}
const x = (r) => `${r.toFixed(2)}x`;

// 1. Validating a JS object.
for (const kind of ['small', 'full']) {
  const { ops: [o, z, a], vs } = race(data[kind], [
    (b) => ours.validateUpdateLead(b).ok,
    (b) => updateLeadBody.safeParse(b).success,
    (b) => ajv(b),
  ]);
  const label = kind === 'small' ? 'small (3-field patch)' : 'full (lead, 5 activities)';
  row(`validate ${label}: convocore-leads`, o, 'ops/s', `${x(vs[1])} zod, ${x(vs[2])} ajv`);
  row(`validate ${label}: zod 4`, z, 'ops/s');
  row(`validate ${label}: ajv 8`, a, 'ops/s');
}

// 2. Bulk NDJSON, compact and with spaces between tokens.
for (const [label, text] of [['', ndjsonText], [" with Python's spaces", ndjson(lines, undefined, { spaced: true })]]) {
  if (!ours.validateUpdateLeadsNdjson(text).every((r) => r.ok)) throw new Error(`convocore-leads rejects a line of the NDJSON${label}`);
  const bytes = Buffer.byteLength(text);
  const { ops: [o, a], vs } = race([text], [
    (t) => ours.validateUpdateLeadsNdjson(t).length === lines,
    (t) => {
      let ok = 0;
      for (const line of t.split('\n')) if (line !== '' && ajv(JSON.parse(line))) ok++;
      return ok === lines;
    },
  ]);
  const mb = (ops) => (ops * bytes) / 1e6;
  row(`NDJSON ${lines} full bodies${label}: convocore-leads`, mb(o), 'MB/s', `${x(vs[1])} JSON.parse + ajv`);
  row(`NDJSON ${lines} full bodies${label}: JSON.parse + ajv 8`, mb(a), 'MB/s');
}

// 3. Cold start: fresh processes import, instantiate and validate once, one process of each
// script per round: each script's times over ROUNDS rounds.
function coldStarts(scripts) {
  const times = scripts.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    scripts.forEach((script, k) => {
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: join(ROOT, 'bench'), encoding: 'utf8' });
      times[k].push(Number(out.trim()));
    });
  }
  return times;
}
{
  const body = JSON.stringify(data.small[0]);
  // Context beside the peers: the same through require(), and what Node's ESM loader costs
  // any package on its first import (an empty module), which every figure includes.
  const ourScripts = coldStartScripts(PKG, data.small[0]);
  const times = coldStarts([
    ourScripts.import,
    `const t0 = performance.now(); const { updateLeadBody } = await import('./peers/zod-schema.mjs');
    if (!updateLeadBody.safeParse(${body}).success) throw 1; console.log(performance.now() - t0);`,
    `const t0 = performance.now(); const { default: Ajv } = await import('ajv');
    const { requestSchema } = await import('./peers/openapi.mjs');
    const v = new Ajv({ allErrors: true }).compile(requestSchema(${JSON.stringify(join(ROOT, 'spec/update-lead.openapi.yaml'))}));
    if (!v(${body})) throw 1; console.log(performance.now() - t0);`,
    ourScripts.require,
    `const t0 = performance.now(); await import('./empty.mjs'); console.log(performance.now() - t0);`,
  ]);
  const [o, z, a, r, e] = times.map(median);
  // Figures are medians; ratios are paired by round, like the other ratios.
  const vs = (k) => x(pairedRatio(times[0], times[k]));
  row('cold start (import, instantiate, 1st validation): convocore-leads', o, 'ms', `${vs(1)} zod, ${vs(2)} ajv`);
  row('cold start: zod 4 (import schema module, 1st parse)', z, 'ms');
  row('cold start: ajv 8 (import, read spec, compile, 1st validation)', a, 'ms');
  row('cold start via require(): convocore-leads', r, 'ms');
  row("cold start: Node's first ESM import of a file (an empty module)", e, 'ms');
}

// 4. Client overhead against the local sandbox: 2,000 PATCHes at concurrency 16.
{
  const { startSandbox } = await import(pathToFileURL(join(PKG, 'sandbox/server.mjs')).href);
  const { seedLeads } = await import(pathToFileURL(join(PKG, 'sandbox/seed.mjs')).href);
  const sandbox = await startSandbox({ validate: ours.validateUpdateLead, port: 0, apiKey: 'bench-key' });
  try {
    const jobs = updateJobs(data.small, seedLeads(), QUICK ? 400 : 2000);
    const total = jobs.length;
    const run = async (send) => (await pool(jobs, send)).wall;
    const plain = fetchLoop(sandbox.baseUrl);
    const timed = fetchLoop(sandbox.baseUrl, { timeout: true });
    const client = new ours.ConvocoreClient({ apiKey: 'bench-key', baseUrl: sandbox.baseUrl, retries: 0 });
    const viaClient = (job) => client.updateLead(job.id, job.body);
    await run(plain); // warm-up: connections, JIT, the sandbox
    await run(viaClient);
    await run(timed);
    const p = [];
    const c = [];
    const t = [];
    for (let round = 0; round < ROUNDS; round++) {
      p.push(await run(plain));
      c.push(await run(viaClient));
      t.push(await run(timed));
    }
    // Each ratio is the median of the client's runs against the run of the other loop next
    // to it: slow drifts of a shared machine cancel out of a pair, not out of two medians.
    row(`${total} PATCHes, concurrency 16: ConvocoreClient`, median(c), 'ms', `${x(pairedRatio(c, p))} plain fetch, ${x(pairedRatio(c, t))} with a timeout (medians of ${ROUNDS} pairs)`);
    row(`${total} PATCHes, concurrency 16: plain fetch loop`, median(p), 'ms');
    row(`${total} PATCHes, concurrency 16: plain fetch loop with a 10 s timeout (AbortController)`, median(t), 'ms');
  } finally {
    await sandbox.close();
  }
}

// 5. Bytes to a browser.
{
  const o = browserEntrySize(PKG);
  const peers = await peerSizes(ROOT);
  const [zodName, ajvName] = Object.keys(peers);
  const kb = (n) => n / 1024;
  row('browser entry, gzip -9: convocore-leads (wasm + glue)', kb(o.total), 'KB', `${ratio(o.total, peers[zodName])} ${zodName}, ${ratio(o.total, peers[ajvName])} ${ajvName}`);
  row('  of which the wasm', kb(o.files['convocore_leads_bg.wasm']), 'KB');
  for (const [name, bytes] of Object.entries(peers)) row(`browser bundle, esbuild --minify, gzip -9: ${name}`, kb(bytes), 'KB');
}

const w = Math.max(...rows.map((r) => r.what.length));
console.log(`node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}, ${new Date().toISOString().slice(0, 10)}${QUICK ? ' (--quick)' : ''}`);
console.log(`${'what'.padEnd(w)}  ${'value'.padStart(10)}  unit   ours vs peers`);
for (const r of rows) console.log(`${r.what.padEnd(w)}  ${fmt(r.value).padStart(10)}  ${r.unit.padEnd(5)}  ${r.vs}`);
