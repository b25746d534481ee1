/**
 * `convocore-leads/wasm`: the WebAssembly module of the browser entry, for
 * `init({ module_or_path: wasm })` where the default URL does not reach it. What an import of
 * a `.wasm` file gives depends on the tool: a compiled `WebAssembly.Module` (Cloudflare
 * Workers, and bundlers with Wasm modules), or a URL string (esbuild's and Vite's `file`/`url`
 * handling); `init` takes either. In Cloudflare Workers plain `await init()` is enough.
 */
declare const wasm: WebAssembly.Module | string;
export default wasm;
