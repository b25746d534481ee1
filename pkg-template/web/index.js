// Browser and bundler entry: call `await init()` once before anything else.
// `init()` fetches `convocore_leads_bg.wasm` next to this file; pass its URL
// (or bytes) as `init({ module_or_path })` when your bundler moves it.
import * as wasmGlue from './convocore_leads.js';
import { extendClasses, initFunctions, publicPart } from './extend-glue.js';
import { untilReady } from './not-ready.js';
import { standardSchema } from './schema.js';

extendClasses(wasmGlue);

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
