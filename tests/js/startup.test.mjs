// What the wasm and its glue must look like for V8 to start them fast, checked on the built
// package (the cold start is measured by bench/run.mjs, never timed here). BENCHMARKS.md,
// round 4.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PKG } from './support/package.mjs';
import { cursor, sections } from '../../scripts/wasm-binary.mjs';

// The function imports and exports with their signatures, read from the binary:
// imports as [module, name, params, results], exports as [name, params, results].
function signatures(bytes) {
  const types = [];
  const funcTypes = []; // imported functions first, as the index space counts them
  const imports = [];
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
        const module = c.name();
        const name = c.name();
        const kind = c.byte();
        if (kind === 0) {
          const type = c.u32();
          funcTypes.push(type);
          imports.push([module, name, ...types[type]]);
        } else if (kind === 1) c.byte(), limits(); // table: element type, limits
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
  return { imports, exports };
}

const wasmOf = (target) => readFileSync(join(PKG, target, 'convocore_leads_bg.wasm'));

for (const target of ['node', 'web']) {
  test(`${target}: every export of the wasm returns at most one value`, () => {
    const { exports } = signatures(wasmOf(target));
    assert.ok(exports.length >= 20, `${exports.length} exported functions read`);
    // V8 (Node 20) compiles a wrapper with TurboFan for each multi-value export signature as
    // the module is compiled: ~1 ms of a cold start for wasm-bindgen's ~19
    // (scripts/without-multivalue.mjs).
    const multi = exports.filter(([, , results]) => results.length > 1).map(([n]) => n);
    assert.deepEqual(multi, []);
  });
}

// Each entry loaded in a child process whose `WebAssembly.Instance` records the imports the
// glue passes: their functions' declared parameter counts, by module and name.
const ENTRIES = {
  'node/index.mjs': (url) => `await import(${JSON.stringify(url)});`,
  'node/index.cjs': (url, path) => `(await import('node:module')).createRequire(import.meta.url)(${JSON.stringify(path)});`,
  'web/index.js': (url) =>
    `const { initSync } = await import(${JSON.stringify(url)});
     initSync({ module: (await import('node:fs')).readFileSync(new URL('./convocore_leads_bg.wasm', ${JSON.stringify(url)})) });`,
};

for (const [entry, load] of Object.entries(ENTRIES)) {
  test(`${entry}: every imported function declares the parameters the wasm passes it`, () => {
    const script = `
      const Instance = WebAssembly.Instance;
      let arities;
      WebAssembly.Instance = function (module, imports) {
        arities = Object.fromEntries(Object.entries(imports).map(([m, fns]) =>
          [m, Object.fromEntries(Object.entries(fns).map(([n, f]) => [n, f.length]))]));
        return new Instance(module, imports);
      };
      ${load(pathToFileURL(join(PKG, entry)).href, join(PKG, entry))}
      console.log(JSON.stringify(arities));`;
    const arities = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
    const { imports } = signatures(wasmOf(entry.split('/')[0]));
    assert.ok(imports.length >= 30, `${imports.length} imported functions read`);
    // V8 (Node 20) compiles a wasm-to-JS wrapper per signature and per whether the function's
    // arity matches: wasm-bindgen's catching imports, declared `function()`, cost 9 more
    // wrappers at each start and a slower call (scripts/import-arity.mjs).
    const mismatched = imports
      .filter(([module, name, params]) => arities[module]?.[name] !== params.length)
      .map(([module, name, params]) => `${module}.${name}: ${arities[module]?.[name]} declared, ${params.length} passed`);
    assert.deepEqual(mismatched, []);
  });
}
