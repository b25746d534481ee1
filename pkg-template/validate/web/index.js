// Browser and bundler entry of `convocore-leads/validate`: the validator alone, built
// without the client, the builder, diff and apply (a smaller wasm), for pages that only
// validate. Call `await init()` once before anything else; it fetches the
// `convocore_leads_bg.wasm` next to this file (pass `init({ module_or_path })` when your
// bundler moves it). Its Node entries are the main entry's (pkg-template/node), around
// this wasm. Not the main browser entry itself: that one's extendClasses() would bundle the
// builder's and the client's helpers here (+2.1 KB gzipped, measured).
import * as wasmGlue from './convocore_leads.js';
import { initFunctions, publicPart } from './extend-glue.js';
import { untilReady } from './not-ready.js';
import { standardSchema } from './schema.js';

// The glue's `publicPart` (extend-glue.js; names listed by scripts/build.sh), each export
// throwing a ConvocoreError of kind `init` until `init()` has run.
const api = untilReady(publicPart(wasmGlue));
export const { __PUBLIC_EXPORTS__ } = api;
export { ConvocoreError } from './errors.js';
export { LEAD_STAGES, ACTIVITY_TYPES, CHANNELS, HOT_LABELS, ASSIGNMENT_STATUSES, toJSONSchema } from './schema.js';
export { parseFieldInput } from './field-input.js';
export const updateLeadSchema = standardSchema(api);

const { init, initSync } = initFunctions(wasmGlue.default, wasmGlue.initSync, wasmGlue);
export { init as default, initSync };
