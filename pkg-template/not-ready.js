// What the browser glue's `wasm` is until `init()` has run (scripts/build.sh points the glue
// at it): any call that reaches the wasm first gets a ConvocoreError saying what to do,
// instead of a TypeError from reading a property of `undefined`.
import { ConvocoreError } from './errors.js';

export const notReady = new Proxy(Object.freeze({}), {
  get() {
    throw new ConvocoreError(
      'init',
      'convocore-leads is not initialised: call `await init()` (the default export) once before anything else; in a browser build it loads the WebAssembly module',
      { issues: [], retryable: false, attempts: 0 },
    );
  },
});
