// Usage: node scripts/without-multivalue.mjs <in.wasm> <out.wasm>
// Copies a wasm module with "multivalue" taken out of its target_features section, so that
// wasm-bindgen keeps single returns (it switches to multi-value returns for every module
// that lists the feature, and has no option against it). Node 20's V8 compiles a TurboFan
// wrapper for each multi-value export signature when the module is compiled: ~1 ms of
// every cold start (BENCHMARKS.md, round 4). The feature is on by default for
// wasm32-unknown-unknown since Rust 1.82, in our objects and in rustup's prebuilt std alike,
// so this edits the linked module rather than relying on compiler flags.
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
if (!input || !output) throw new Error('usage: node scripts/without-multivalue.mjs <in.wasm> <out.wasm>');
const bytes = readFileSync(input);

const leb = (n) => {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
let p;
const u32 = () => {
  let result = 0;
  for (let shift = 0; ; shift += 7) {
    const b = bytes[p++];
    result += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return result;
  }
};

const parts = [bytes.subarray(0, 8)];
p = 8;
while (p < bytes.length) {
  const start = p;
  const id = bytes[p++];
  const size = u32();
  const body = p;
  const end = body + size;
  p = body;
  const nameLength = id === 0 ? u32() : 0;
  const name = id === 0 ? bytes.subarray(p, p + nameLength).toString('latin1') : '';
  if (name !== 'target_features') {
    parts.push(bytes.subarray(start, end));
    p = end;
    continue;
  }
  p += nameLength;
  const kept = [];
  for (let n = u32(); n > 0; n--) {
    const entry = p;
    p += 1; // prefix: + used, - disallowed
    const length = u32();
    const feature = bytes.subarray(p, p + length).toString('latin1');
    p += length;
    if (feature !== 'multivalue') kept.push(bytes.subarray(entry, p));
  }
  const content = [...leb(nameLength), ...Buffer.from(name, 'latin1'), ...leb(kept.length), ...kept.flatMap((e) => [...e])];
  parts.push(Uint8Array.from([0, ...leb(content.length), ...content]));
  p = end;
}
writeFileSync(output, Buffer.concat(parts));
