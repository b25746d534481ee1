// ESM entry for Node: the same synchronously loaded instance as `require` gets.
import { LeadPatchBuilder, __setErrorClass, __setJsonEncoder } from './convocore_leads.js';
import { ConvocoreError } from './errors.js';
import { encodeJson } from './json-encoder.js';
import { chainInPlace } from './builder-chain.js';

__setErrorClass(ConvocoreError);
__setJsonEncoder(encodeJson);
chainInPlace(LeadPatchBuilder);

export * from './convocore_leads.js';
export { ConvocoreError };

export async function init() {}
export function initSync() {}
export default init;
