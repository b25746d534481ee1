// Compares two builds of the package on the bench payloads, for deciding a change:
// `node bench/ab.mjs <pkg dir A> <pkg dir B> [rounds]` (e.g. a copy of pkg/ from before
// a change, and pkg/ after it). Each round runs A then B, each in a fresh process
// (validateUpdateLead on the small and the full bodies, validateUpdateLeadsNdjson on the
// full bodies as one text, 300 ms each); prints the medians and B's ratio to A.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [dirA, dirB, rounds = '5'] = process.argv.slice(2);
if (!dirA || !dirB) throw new Error('usage: node bench/ab.mjs <pkg dir A> <pkg dir B> [rounds]');

const PAYLOADS = pathToFileURL(fileURLToPath(new URL('payloads.mjs', import.meta.url))).href;
const measure = (dir) => `
  import { createRequire } from 'node:module';
  const api = createRequire(import.meta.url)(${JSON.stringify(resolve(dir, 'node/index.cjs'))});
  const { payloads } = await import(${JSON.stringify(PAYLOADS)});
  const d = payloads();
  const text = d.full.map((b) => JSON.stringify(b)).join('\\n');
  const rate = (run, units) => {
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < 300) n += run();
    return (n / (performance.now() - t0)) * 1000 / units;
  };
  console.log(JSON.stringify({
    small: rate(() => { for (const b of d.small) api.validateUpdateLead(b); return d.small.length; }, 1),
    full: rate(() => { for (const b of d.full) api.validateUpdateLead(b); return d.full.length; }, 1),
    ndjson: rate(() => { api.validateUpdateLeadsNdjson(text); return text.length; }, 1e6),
  }));`;
const run = (dir) => JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', measure(dir)], { encoding: 'utf8' }));

const results = { A: [], B: [] };
for (let i = 0; i < Number(rounds); i++) {
  results.A.push(run(dirA));
  results.B.push(run(dirB));
}
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
for (const [what, unit] of [['small', 'ops/s'], ['full', 'ops/s'], ['ndjson', 'MB/s']]) {
  const a = median(results.A.map((r) => r[what]));
  const b = median(results.B.map((r) => r[what]));
  console.log(`${what.padEnd(7)} A ${a.toFixed(what === 'ndjson' ? 1 : 0).padStart(9)}  B ${b.toFixed(what === 'ndjson' ? 1 : 0).padStart(9)} ${unit}  B/A ${(b / a).toFixed(2)}x`);
}
