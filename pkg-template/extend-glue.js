// What the package adds to wasm-bindgen's glue, for every entry. Two steps: the browser
// entries can extend the classes at once but reach the wasm only after `init()`.
import { ConvocoreError } from './errors.js';
import { addFieldSetters, chainInPlace } from './builder-chain.js';
import { updateLeads } from './bulk.js';
import { parseFieldInput } from './field-input.js';
import { markReady } from './not-ready.js';
import * as schema from './schema.js';

/**
 * Needs no wasm: the builder's chaining and field setters, the client's `updateLeads` (the
 * validator-only entry has neither class).
 */
export function extendClasses(glue) {
  if (glue.ConvocoreClient) glue.ConvocoreClient.prototype.updateLeads ??= updateLeads;
  if (!glue.LeadPatchBuilder) return;
  chainInPlace(glue.LeadPatchBuilder);
  addFieldSetters(glue.LeadPatchBuilder);
}

/**
 * The glue without its `__` wiring (the error class, the start function), which
 * anyone else calling would break every later call: what the entries export.
 */
export function publicPart(glue) {
  return Object.fromEntries(Object.entries(glue).filter(([name]) => !name.startsWith('__')));
}

/** The schema's exports (schema.js), `updateLeadSchema` over this glue's validator, and `parseFieldInput`. */
export function schemaPart(glue) {
  const { standardSchema, ...lists } = schema;
  return { ...lists, updateLeadSchema: standardSchema(glue), parseFieldInput };
}

/** Once the wasm is instantiated: the error class. */
export function connectWasm(glue) {
  glue.__setErrorClass(ConvocoreError);
}

/** A browser entry's `init` and `initSync`: wasm-bindgen's, then `connectWasm`, then its exports work. */
export function initFunctions(wasmInit, wasmInitSync, glue) {
  return {
    async init(options) {
      const output = await wasmInit(options);
      connectWasm(glue);
      markReady();
      return output;
    },
    initSync(options) {
      const output = wasmInitSync(options);
      connectWasm(glue);
      markReady();
      return output;
    },
  };
}
