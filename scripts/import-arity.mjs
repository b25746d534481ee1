// Usage: node scripts/import-arity.mjs <glue.js> ...
// Rewrites, in place, wasm-bindgen's imports that catch exceptions
//   name: function() { return handleError(function(arg0, arg1) { ... }, arguments); }
// to declare the parameters they are called with:
//   name: function(arg0, arg1) { return handleError(function(arg0, arg1) { ... }, arguments); }
// V8 (Node 20) compiles a wasm-to-JS wrapper per import signature and per whether the JS
// function's declared arity matches it. Arity-0 functions got their own wrappers (9 more at
// each instantiation, 31 instead of 22) and a slower call path. This rewrite takes ~0.8 ms
// off a cold start (BENCHMARKS.md, round 4). `arguments` is what it was, so behaviour is
// unchanged. The rewrite fails when it finds nothing to rewrite, so that a wasm-bindgen
// upgrade that changes this shape is noticed.
import { readFileSync, writeFileSync } from 'node:fs';

const files = process.argv.slice(2);
if (files.length === 0) throw new Error('usage: node scripts/import-arity.mjs <glue.js> ...');
for (const file of files) {
  let count = 0;
  const text = readFileSync(file, 'utf8').replace(
    /function\s*\(\)\s*\{(\s*)return handleError\(function\s*\(([^)]*)\)/g,
    (_, space, params) => {
      count++;
      return `function(${params}) {${space}return handleError(function(${params})`;
    },
  );
  if (count === 0) throw new Error(`${file}: no \`function() { return handleError(...) }\` import to rewrite`);
  writeFileSync(file, text);
}
