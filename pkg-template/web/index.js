// Browser and bundler entry: call `await init()` once before anything else.
// `init()` fetches `convocore_leads_bg.wasm` next to this file; pass its URL
// (or bytes) as `init({ module_or_path })` when your bundler moves it.
import wasmInit, { initSync as wasmInitSync, ConvocoreClient, LeadPatchBuilder, prepareUpdateLead, __setErrorClass } from './convocore_leads.js';
import { extendClasses, initFunctions } from './extend-glue.js';
import { standardSchema } from './schema.js';

// The parts of the glue the extensions use (a namespace import would bundle all of it as
// an object).
const glue = { ConvocoreClient, LeadPatchBuilder, __setErrorClass };
extendClasses(glue);

// The glue's `publicPart` (extend-glue.js), listed by scripts/build.sh.
export { __PUBLIC_EXPORTS__ } from './convocore_leads.js';
export { ConvocoreError } from './errors.js';
export { LEAD_STAGES, ACTIVITY_TYPES, CHANNELS, HOT_LABELS, ASSIGNMENT_STATUSES, toJSONSchema } from './schema.js';
export { parseFieldInput } from './field-input.js';
export const updateLeadSchema = standardSchema({ prepareUpdateLead });

const { init, initSync } = initFunctions(wasmInit, wasmInitSync, glue);
export { init as default, initSync };
