// ESM entry for Node: the same synchronously loaded instance as `require` gets.
export * from './convocore_leads.js';
export { ConvocoreError } from './errors.js';

export async function init() {}
export function initSync() {}
export default init;
