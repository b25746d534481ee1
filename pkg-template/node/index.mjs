// ESM entry for Node: an ES module bundle of its own (no CommonJS loader, no export
// scanning), ready on import (load.js), sharing one instance with index.cjs (set-up.js).
// The names are filled in by scripts/build.sh.
import { api } from './load.js';

export const { __EXPORTS__ } = api;
export default api.init;
