// ESM entry for Node: an ES module bundle of its own (no CommonJS loader, no export
// scanning, no `node:module`), with wasm-bindgen's ES module glue, the wasm read and
// compiled synchronously. It shares one instance with index.cjs (see set-up.js). The
// names are filled in by scripts/build.sh.
import * as glue from './convocore_leads.mjs';
import { instance } from './set-up.js';

// `node:fs` through `process.getBuiltinModule` (Node 20.16+) where there is one: the first
// ES module import of `node:fs` in a process costs ~1.5 ms, most of a cold start's margin.
const { readFileSync } = globalThis.process?.getBuiltinModule?.('node:fs') ?? (await import('node:fs'));

const api = instance(() => {
  glue.initSync({ module: readFileSync(new URL('./convocore_leads_bg.wasm', import.meta.url)) });
  return glue;
});

export const { __EXPORTS__ } = api;
export default api.init;
