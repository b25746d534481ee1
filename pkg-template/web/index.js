// Browser and bundler entry: call `await init()` once before anything else.
// `init()` fetches `convocore_leads_bg.wasm` next to this file; pass its URL
// (or bytes) as `init({ module_or_path })` when your bundler moves it.
import { LeadPatchBuilder } from './convocore_leads.js';
import { chainInPlace } from './builder-chain.js';

chainInPlace(LeadPatchBuilder);

export * from './convocore_leads.js';
export { default } from './convocore_leads.js';
export { ConvocoreError } from './errors.js';
