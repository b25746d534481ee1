// What both Node entries load (each bundles it, scripts/build.sh): wasm-bindgen's ES module
// glue, instantiated synchronously from the wasm's bytes, which the build writes into
// wasm-bytes.js as base64. Inline rather than read from a file beside this one: bundlers
// (Next.js's Turbopack and webpack, an esbuild or webpack bundle for Node) move this code away
// from such a file and turn `new URL(..., import.meta.url)` into URLs that `readFileSync`
// refuses, while a string travels with the code. It needs no file access either (Deno).
import * as glue from './convocore_leads.mjs';
import wasm from './wasm-bytes.js';
import { instance } from './set-up.js';

export const api = instance(() => {
  glue.initSync({ module: Buffer.from(wasm, 'base64') });
  return glue;
});
