// What both Node entries make of a loaded glue (index.cjs: wasm-bindgen's CommonJS glue;
// index.mjs: its ES module glue), bundled into each by scripts/build.sh, for the main
// entry and for `convocore-leads/validate` (the same files around the validator's wasm).
import { ConvocoreError } from './errors.js';
import { connectWasm, extendClasses, publicPart, schemaPart } from './extend-glue.js';

// The two entries are separate bundles (`import` of index.mjs needs no CommonJS loader):
// one process gets one instance of a version of the package, made by whichever entry loads
// first and found by the other here, so that `import` and `require` share the classes
// (`instanceof ConvocoreError`) and the wasm's state. The key, filled in by the build, names
// the entry and the version: `validate` and another version each have their own.
const INSTANCE = Symbol.for('__INSTANCE__');

/** The package's exports, from `load()` (which loads and instantiates the glue) the first time. */
export function instance(load) {
  return (globalThis[INSTANCE] ??= setUp(load()));
}

function setUp(glue) {
  extendClasses(glue);
  connectWasm(glue);
  return Object.assign(publicPart(glue), schemaPart(glue), { ConvocoreError, init, initSync, default: init });
}

// Node has the module ready on import; these are here so that code shared with browsers can
// `await init()` everywhere.
async function init() {}
function initSync() {}
