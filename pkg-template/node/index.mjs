// ESM entry for Node: the CommonJS entry's instance (one wasm instance whichever way the
// package is loaded), re-exported by name. The names are filled in by scripts/build.sh:
// `export *` from CommonJS would make Node scan the glue's source for its exports on
// every start, two thirds of the cold start.
import { createRequire } from 'node:module';

const api = createRequire(import.meta.url)('./index.cjs');

export const { __EXPORTS__ } = api;
export default api.init;
