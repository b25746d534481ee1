// ESM entry for Node: an ES module bundle of its own (no CommonJS loader, no export
// scanning, no `node:module`), with wasm-bindgen's ES module glue, the wasm read and
// compiled synchronously. It shares one instance with index.cjs (see set-up.js). The
// names are filled in by scripts/build.sh.
import { readFileSync } from 'node:fs';
import * as glue from './convocore_leads.mjs';
import { instance } from './set-up.js';

const api = instance(() => {
  glue.initSync({ module: readFileSync(new URL('./convocore_leads_bg.wasm', import.meta.url)) });
  return glue;
});

export const { __EXPORTS__ } = api;
export default api.init;
