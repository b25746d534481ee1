// ESM entry for Node: the same synchronously loaded instance as `require` gets.
import { LeadPatchBuilder } from './convocore_leads.js';
import { chainInPlace } from './builder-chain.js';

chainInPlace(LeadPatchBuilder);

export * from './convocore_leads.js';
export { ConvocoreError } from './errors.js';

export async function init() {}
export function initSync() {}
export default init;
