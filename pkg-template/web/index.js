// Browser and bundler entry: call `await init()` once before anything else.
// `init()` fetches `convocore_leads_bg.wasm` next to this file; pass its URL
// (or bytes) as `init({ module_or_path })` when your bundler moves it.
import wasmInit, { initSync as wasmInitSync, ConvocoreClient, LeadPatchBuilder, __setErrorClass, __setJsonEncoder } from './convocore_leads.js';
import { ConvocoreError } from './errors.js';
import { encodeJson } from './json-encoder.js';
import { addFieldSetters, chainInPlace } from './builder-chain.js';
import { withUpdateLead } from './update-lead.js';

chainInPlace(LeadPatchBuilder);
withUpdateLead(ConvocoreClient);

export * from './convocore_leads.js';
export { ConvocoreError };

export default async function init(options) {
  const output = await wasmInit(options);
  ready();
  return output;
}

export function initSync(options) {
  const output = wasmInitSync(options);
  ready();
  return output;
}

// What needs the instantiated wasm.
function ready() {
  __setErrorClass(ConvocoreError);
  __setJsonEncoder(encodeJson);
  addFieldSetters(LeadPatchBuilder);
}
