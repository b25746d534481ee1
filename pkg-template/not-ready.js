// A browser entry's exports until `init()` has run: each one that reaches the wasm throws a
// ConvocoreError saying to call it, instead of wasm-bindgen's TypeError from reading a
// property of `undefined`. wasm-bindgen's glue is left as it writes it: the exports are
// wrapped here.
import { ConvocoreError } from './errors.js';

let ready = false;

/** Called by the entry's `init`/`initSync` once the wasm is instantiated. */
export function markReady() {
  ready = true;
}

function check() {
  if (!ready) {
    throw new ConvocoreError(
      'init',
      'convocore-leads is not initialised: call `await init()` (the default export) once before anything else; in a browser build it loads the WebAssembly module',
      { issues: [], retryable: false, attempts: 0 },
    );
  }
}

// A function that checks first, with the original's name and length.
function guardFunction(f, self) {
  const guarded = { [f.name](...args) { check(); return f.apply(self, args); } }[f.name];
  Object.defineProperty(guarded, 'length', { value: f.length });
  return guarded;
}

// A class that checks on `new` and on its static methods; `instanceof`, its prototype (and
// the methods the package adds to it) are the class's own.
function guardClass(C) {
  const statics = new Map();
  return new Proxy(C, {
    construct(target, args, newTarget) {
      check();
      return Reflect.construct(target, args, newTarget);
    },
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || key === 'prototype' || typeof value !== 'function' || !Object.hasOwn(target, key)) return value;
      if (!statics.has(key)) statics.set(key, guardFunction(value, target));
      return statics.get(key);
    },
  });
}

/** `api` (the glue's public part) with every function and class guarded until `init()`. */
export function untilReady(api) {
  const out = {};
  for (const [name, value] of Object.entries(api)) {
    if (typeof value !== 'function') out[name] = value;
    else out[name] = /^class\b/.test(Function.prototype.toString.call(value)) ? guardClass(value) : guardFunction(value, undefined);
  }
  return out;
}
