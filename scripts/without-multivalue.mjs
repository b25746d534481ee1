// Usage: node scripts/without-multivalue.mjs <in.wasm> <out.wasm>
// Copies a wasm module with "multivalue" taken out of its target_features section, so that
// wasm-bindgen keeps single returns (it switches to multi-value returns for every module
// that lists the feature, and has no option against it). Node 20's V8 compiles a TurboFan
// wrapper for each multi-value export signature when the module is compiled: ~1 ms of
// every cold start (BENCHMARKS.md, round 4). The feature is on by default for
// wasm32-unknown-unknown since Rust 1.82, in our objects and in rustup's prebuilt std alike,
// so this edits the linked module rather than relying on compiler flags.
import { readFileSync, writeFileSync } from 'node:fs';
import { cursor, leb128, sections } from './wasm-binary.mjs';

const [input, output] = process.argv.slice(2);
if (!input || !output) throw new Error('usage: node scripts/without-multivalue.mjs <in.wasm> <out.wasm>');
const bytes = readFileSync(input);

const parts = [bytes.subarray(0, 8)];
for (const { id, start, body, end } of sections(bytes)) {
  const c = cursor(bytes, body);
  if (id !== 0 || c.name() !== 'target_features') {
    parts.push(bytes.subarray(start, end));
    continue;
  }
  const kept = [];
  let entries = 0;
  for (let n = c.u32(); n > 0; n--) {
    const entry = c.pos;
    c.byte(); // prefix: + used, - disallowed
    if (c.name() !== 'multivalue') {
      kept.push(...bytes.subarray(entry, c.pos));
      entries++;
    }
  }
  const name = Buffer.from('target_features');
  const content = [...leb128(name.length), ...name, ...leb128(entries), ...kept];
  parts.push(Uint8Array.from([0, ...leb128(content.length), ...content]));
}
writeFileSync(output, Buffer.concat(parts));
