// What making the JSON text of a value costs, against zod's whole validation of it: the
// bound on `validateUpdateLead` of a JS object while values cross into the wasm as text
// (BENCHMARKS.md, "What bounds"). Usage: node bench/encode.mjs
import { readFileSync } from 'node:fs';
import { payloads } from './payloads.mjs';
import { updateLeadBody } from './peers/zod-schema.mjs';

// The package's encoder as it is bundled (pkg-template has no "type": "module" of its own).
const source = readFileSync(new URL('../pkg-template/json-encoder.js', import.meta.url), 'utf8');
const { encodeJson } = await import(`data:text/javascript,${encodeURIComponent(source)}`);

const data = payloads();
const contenders = {
  'encodeJson (json-encoder.js)': (b) => encodeJson(b, 10_001, 128).length,
  'JSON.stringify': (b) => JSON.stringify(b).length,
  'zod 4 safeParse': (b) => (updateLeadBody.safeParse(b).success ? 1 : 0),
};
for (const kind of ['small', 'full']) {
  const inputs = data[kind];
  for (const [name, f] of Object.entries(contenders)) {
    let sink = 0;
    for (let i = 0; i < 20_000; i++) sink += f(inputs[i % inputs.length]);
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < 1000) {
      for (let i = 0; i < 64; i++) sink += f(inputs[(n + i) % inputs.length]);
      n += 64;
    }
    const ops = n / ((performance.now() - t0) / 1000);
    console.log(`${kind.padEnd(5)} ${name.padEnd(30)} ${Math.round(ops).toLocaleString('en-US').padStart(10)} ops/s${sink === -1 ? '' : ''}`);
  }
}
