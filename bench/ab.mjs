// Compares two builds of the package, for deciding a change: `node bench/ab.mjs <pkg dir A>
// <pkg dir B> [rounds] [--cold | --client [--child]]` (e.g. a copy of pkg/ from before a
// change, and pkg/ after it). Each round runs both, each in a fresh process, A first in
// even rounds and B first in odd ones (the second process of a pair tends to run faster);
// prints B's ratio to A.
// - default: the best time of many short runs, per call of validateUpdateLead on the small
//   and the full bodies and of validateUpdateLeadsNdjson on the full bodies as one text, and
//   the best over the rounds. On a shared machine other work only ever adds time, so the
//   best time is the steadiest figure: the same build against itself gives 0.99–1.00x where
//   rates over 300 ms varied by ±30%;
// - --cold: a cold start through `import` of node/index.mjs and through `require` of
//   node/index.cjs (as in bench/run.mjs), first validation included; medians over rounds;
// - --client: µs per `updateLead` with a `fetch` that answers at once (the client's own
//   work), and 2,000 PATCHes at concurrency 16 to the sandbox through the client and through
//   a plain fetch loop and through one with a 10 s timeout per request (as in bench/run.mjs):
//   the median of 5 paired ratios of wall times, and of this process's CPU times. The sandbox runs in the same process, or with --child in a child process
//   (then the CPU ratio is the client's alone). Medians over rounds.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { coldStartScripts } from './cold.mjs';
import { median } from './stats.mjs';

const args = process.argv.slice(2);
const [dirA, dirB, rounds = '5'] = args.filter((a) => !a.startsWith('--'));
if (!dirA || !dirB) throw new Error('usage: node bench/ab.mjs <pkg dir A> <pkg dir B> [rounds] [--cold | --client [--child]]');
const here = (f) => pathToFileURL(fileURLToPath(new URL(f, import.meta.url))).href;
const PAYLOADS = here('payloads.mjs');
const LOOPS = here('loops.mjs');
const STATS = here('stats.mjs');
const SMALL = { agentId: 'agent_1', lead: { name: 'Ada' } };

const validation = (dir) => `
  import { createRequire } from 'node:module';
  const api = createRequire(import.meta.url)(${JSON.stringify(resolve(dir, 'node/index.cjs'))});
  const { payloads } = await import(${JSON.stringify(PAYLOADS)});
  const d = payloads();
  const text = d.full.map((b) => JSON.stringify(b)).join('\\n');
  // The best of \`reps\` timed calls of \`run\` after a warm-up, in µs per unit.
  const best = (run, reps, units) => {
    for (let i = 0; i < 30; i++) run();
    let min = Infinity;
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      run();
      min = Math.min(min, performance.now() - t0);
    }
    return (min * 1000) / units;
  };
  const small = d.small.slice(0, 64);
  const full = d.full.slice(0, 16);
  console.log(JSON.stringify({
    'validate small, µs': best(() => { for (const b of small) api.validateUpdateLead(b); }, 400, small.length),
    'validate full, µs': best(() => { for (const b of full) api.validateUpdateLead(b); }, 400, full.length),
    'NDJSON, µs per MB': best(() => api.validateUpdateLeadsNdjson(text), 60, text.length / 1e6),
  }));`;

const client = (dir, child) => `
  import { spawn } from 'node:child_process';
  const entry = ${JSON.stringify(pathToFileURL(resolve(dir, 'node/index.mjs')).href)};
  const server = ${JSON.stringify(pathToFileURL(resolve(dir, 'sandbox/server.mjs')).href)};
  const api = await import(entry);
  const { seedLeads } = await import(${JSON.stringify(pathToFileURL(resolve(dir, 'sandbox/seed.mjs')).href)});
  const { payloads } = await import(${JSON.stringify(PAYLOADS)});
  const { fetchLoop, pool, updateJobs } = await import(${JSON.stringify(LOOPS)});
  const { pairedRatio } = await import(${JSON.stringify(STATS)});
  const small = payloads().small;
  const leads = seedLeads();
  const jobs = updateJobs(small, leads, 2000);

  // The client's own work: an answer as the sandbox gives it, at once.
  const answer = JSON.stringify({ success: true, message: 'Lead updated successfully', data: { ...leads[0], ...small[0] } });
  // A new Response per call: a body is read once (and the client takes standard Responses only).
  const canned = new api.ConvocoreClient({ apiKey: 'bench-key', baseUrl: 'http://127.0.0.1:9/v3',
    fetch: async () => new Response(answer, { headers: { 'content-type': 'application/json' } }) });
  let best = Infinity;
  for (let r = 0; r < 15; r++) {
    const t0 = performance.now();
    for (let i = 0; i < 2000; i++) await canned.updateLead(jobs[i].id, jobs[i].body);
    best = Math.min(best, ((performance.now() - t0) / 2000) * 1000);
  }

  let baseUrl, close;
  if (${child}) {
    const script = 'const api = await import(' + JSON.stringify(entry) + '); const { startSandbox } = await import(' + JSON.stringify(server) +
      '); const s = await startSandbox({ validate: api.validateUpdateLead, port: 0, apiKey: "bench-key" }); console.log(s.baseUrl);';
    const proc = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    baseUrl = await new Promise((done) => proc.stdout.once('data', (d) => done(String(d).trim())));
    close = () => proc.kill();
  } else {
    const { startSandbox } = await import(server);
    const s = await startSandbox({ validate: api.validateUpdateLead, port: 0, apiKey: 'bench-key' });
    ({ baseUrl } = s);
    close = () => s.close();
  }
  const plain = fetchLoop(baseUrl);
  const timed = fetchLoop(baseUrl, { timeout: true });
  const c = new api.ConvocoreClient({ apiKey: 'bench-key', baseUrl, retries: 0 });
  const viaClient = (job) => c.updateLead(job.id, job.body);
  await pool(jobs, plain);
  await pool(jobs, viaClient);
  await pool(jobs, timed);
  // Each client run against the plain run just before it and the timed run just after it
  // (as in bench/run.mjs): slow drifts of a shared machine cancel out of the pair.
  const plainRuns = [], clientRuns = [], timedRuns = [];
  for (let r = 0; r < 5; r++) {
    plainRuns.push(await pool(jobs, plain));
    clientRuns.push(await pool(jobs, viaClient));
    timedRuns.push(await pool(jobs, timed));
  }
  await close();
  const ratio = (what, runs = plainRuns) => pairedRatio(clientRuns.map((run) => run[what]), runs.map((run) => run[what]));
  console.log(JSON.stringify({
    'µs per updateLead, answered at once': best,
    'ratio to plain fetch, wall': ratio('wall'),
    'ratio to plain fetch, CPU': ratio('cpu'),
    'ratio to plain fetch + timeout, wall': ratio('wall', timedRuns),
    'ratio to plain fetch + timeout, CPU': ratio('cpu', timedRuns),
  }));`;

const run = (script) => JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
const measure = (dir) => {
  // Two processes per build and round, each printing its milliseconds.
  if (args.includes('--cold')) return Object.fromEntries(Object.entries(coldStartScripts(dir, SMALL)).map(([how, script]) => [how, run(script)]));
  if (args.includes('--client')) return run(client(dir, args.includes('--child')));
  return run(validation(dir));
};

const results = { A: [], B: [] };
for (let i = 0; i < Number(rounds); i++) {
  for (const k of i % 2 === 0 ? ['A', 'B'] : ['B', 'A']) results[k].push(measure(k === 'A' ? dirA : dirB));
}
const summary = args.includes('--cold') || args.includes('--client') ? median : (xs) => Math.min(...xs);
const fmt = (n) => (n >= 1000 ? Math.round(n).toLocaleString('en-US') : n.toPrecision(4));
const spread = (xs) => `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;
for (const what of Object.keys(results.A[0])) {
  const a = results.A.map((r) => r[what]);
  const b = results.B.map((r) => r[what]);
  const [ma, mb] = [summary(a), summary(b)];
  console.log(`${what.padEnd(36)} A ${fmt(ma).padStart(8)} (${spread(a)})  B ${fmt(mb).padStart(8)} (${spread(b)})  B/A ${(mb / ma).toFixed(2)}x`);
}
