/// <reference lib="esnext.disposable" />
export * from './convocore_leads.js';
export { ConvocoreError, type ErrorKind } from './errors.js';
export * from './schema.js';
/** A no-op in Node, where the module is ready on import; present so shared code can await it. */
declare function init(_options?: unknown): Promise<void>;
/** A no-op in Node, where the module is ready on import. */
declare function initSync(_options?: unknown): void;
export { init, initSync };
export default init;
