/// <reference lib="esnext.disposable" />
import type { InitInput, InitOutput, SyncInitInput } from './convocore_leads.js';
export * from './convocore_leads.js';
export { ConvocoreError, type ErrorKind } from './errors.js';
export * from './schema.js';

/**
 * Loads and instantiates the WebAssembly module; await it once before any other call.
 * With no argument it fetches the `convocore_leads_bg.wasm` next to this entry's `index.js`; pass
 * `{ module_or_path }` (a URL, a `Response`, bytes or a `WebAssembly.Module`) when a bundler moves it.
 */
export default function init(options?: { module_or_path: InitInput | Promise<InitInput> }): Promise<InitOutput>;
/** Like `init()`, synchronously, from the module's bytes or a compiled `WebAssembly.Module`. */
export function initSync(options: { module: SyncInitInput }): InitOutput;
