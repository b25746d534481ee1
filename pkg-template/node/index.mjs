// ESM entry for Node: the same synchronously loaded instance as `require` gets.
import { LeadPatchBuilder, __setErrorClass } from './convocore_leads.js';
import { ConvocoreError } from './errors.js';
import { chainInPlace } from './builder-chain.js';

__setErrorClass(ConvocoreError);
chainInPlace(LeadPatchBuilder);

export * from './convocore_leads.js';
export { ConvocoreError };

export async function init() {}
export function initSync() {}
export default init;
