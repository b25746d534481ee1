// Cloudflare Workers entry (the `workerd` export condition): wrangler and workerd import a
// `.wasm` file as a compiled WebAssembly.Module, which is instantiated here synchronously
// (workerd forbids compiling wasm from bytes at run time, not instantiating a Module), so
// that the browser entry's documented `await init()` finds it ready and returns.
import wasm from '../web/convocore_leads_bg.wasm';
import { initSync } from '../web/index.js';

initSync({ module: wasm });

export * from '../web/index.js';
export { default } from '../web/index.js';
