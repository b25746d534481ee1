// What the wasm must look like to start fast, checked on the built module itself (the cold
// start is measured by bench/run.mjs, never timed here). BENCHMARKS.md, round 4.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PKG } from './support/package.mjs';

// The exported functions' signatures, read from the binary: [name, params, results].
function exportSignatures(bytes) {
  let p = 8; // magic and version
  const u32 = () => {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[p++];
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
    }
  };
  const valueTypes = () => Array.from({ length: u32() }, () => bytes[p++]);
  const name = () => {
    const n = u32();
    p += n;
    return Buffer.from(bytes.subarray(p - n, p)).toString('utf8');
  };
  const limits = () => (bytes[p++] & 1 ? (u32(), u32()) : u32());
  const types = [];
  const funcTypes = []; // imported functions first, as the index space counts them
  const exports = [];
  while (p < bytes.length) {
    const id = bytes[p++];
    const end = u32() + p;
    if (id === 1) {
      for (let n = u32(); n > 0; n--) {
        assert.equal(bytes[p++], 0x60, 'a function type');
        types.push([valueTypes(), valueTypes()]);
      }
    } else if (id === 2) {
      for (let n = u32(); n > 0; n--) {
        name();
        name();
        const kind = bytes[p++];
        if (kind === 0) funcTypes.push(u32());
        else if (kind === 1) p++, limits(); // table: element type, limits
        else if (kind === 2) limits();
        else p += 2; // global: type, mutability
      }
    } else if (id === 3) {
      for (let n = u32(); n > 0; n--) funcTypes.push(u32());
    } else if (id === 7) {
      for (let n = u32(); n > 0; n--) {
        const exportName = name();
        const kind = bytes[p++];
        const index = u32();
        if (kind === 0) exports.push([exportName, ...types[funcTypes[index]]]);
      }
    }
    p = end;
  }
  return exports;
}

for (const target of ['node', 'web']) {
  test(`${target}: every export of the wasm returns at most one value`, () => {
    const exports = exportSignatures(readFileSync(join(PKG, target, 'convocore_leads_bg.wasm')));
    assert.ok(exports.length >= 20, `${exports.length} exported functions read`);
    // V8 (Node 20) compiles a wrapper with TurboFan for each multi-value export signature as
    // the module is compiled: ~1 ms of a cold start for wasm-bindgen's ~19
    // (scripts/without-multivalue.mjs).
    const multi = exports.filter(([, , results]) => results.length > 1).map(([n]) => n);
    assert.deepEqual(multi, []);
  });
}
