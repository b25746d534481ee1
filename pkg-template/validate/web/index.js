// Browser and bundler entry of `convocore-leads/validate`: the validator alone, built
// without the client, the builder, diff and apply (a smaller wasm), for pages that only
// validate. Call `await init()` once before anything else; it fetches the
// `convocore_leads_bg.wasm` next to this file (pass `init({ module_or_path })` when your
// bundler moves it). Its Node entries are the main entry's (pkg-template/node), around
// this wasm.
import wasmInit, { initSync as wasmInitSync, prepareUpdateLead, __setErrorClass } from './convocore_leads.js';
import { initFunctions } from './extend-glue.js';
import { standardSchema } from './schema.js';

// The glue's `publicPart` (extend-glue.js), listed by scripts/build.sh.
export { __PUBLIC_EXPORTS__ } from './convocore_leads.js';
export { ConvocoreError } from './errors.js';
export { LEAD_STAGES, ACTIVITY_TYPES, CHANNELS, HOT_LABELS, ASSIGNMENT_STATUSES, toJSONSchema } from './schema.js';
export { parseFieldInput } from './field-input.js';
export const updateLeadSchema = standardSchema({ prepareUpdateLead });

const { init, initSync } = initFunctions(wasmInit, wasmInitSync, { __setErrorClass });
export { init as default, initSync };
