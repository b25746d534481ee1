// What the wasm must look like to start fast, checked on the built module itself (the cold
// start is measured by bench/run.mjs, never timed here). BENCHMARKS.md, round 4.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PKG } from './support/package.mjs';
import { cursor, sections } from '../../scripts/wasm-binary.mjs';

// The exported functions' signatures, read from the binary: [name, params, results].
function exportSignatures(bytes) {
  const types = [];
  const funcTypes = []; // imported functions first, as the index space counts them
  const exports = [];
  for (const { id, body } of sections(bytes)) {
    const c = cursor(bytes, body);
    const valueTypes = () => Array.from({ length: c.u32() }, () => c.byte());
    const limits = () => (c.byte() & 1 ? (c.u32(), c.u32()) : c.u32());
    if (id === 1) {
      for (let n = c.u32(); n > 0; n--) {
        assert.equal(c.byte(), 0x60, 'a function type');
        types.push([valueTypes(), valueTypes()]);
      }
    } else if (id === 2) {
      for (let n = c.u32(); n > 0; n--) {
        c.name();
        c.name();
        const kind = c.byte();
        if (kind === 0) funcTypes.push(c.u32());
        else if (kind === 1) c.byte(), limits(); // table: element type, limits
        else if (kind === 2) limits();
        else c.pos += 2; // global: type, mutability
      }
    } else if (id === 3) {
      for (let n = c.u32(); n > 0; n--) funcTypes.push(c.u32());
    } else if (id === 7) {
      for (let n = c.u32(); n > 0; n--) {
        const name = c.name();
        const kind = c.byte();
        const index = c.u32();
        if (kind === 0) exports.push([name, ...types[funcTypes[index]]]);
      }
    }
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
