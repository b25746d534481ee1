import { SETTER_PATHS } from './setter-paths.generated.js';

// The changing methods of LeadPatchBuilder return nothing from the wasm (a handle per call
// would hold wasm memory until freed, and nobody can free the middle of
// `b.name(x).stage(y)`): here they return the builder itself, for chaining.
const chained = Symbol('convocore-leads.chained');

export function chainInPlace(Builder) {
  const proto = Builder.prototype;
  if (proto[chained]) return;
  proto[chained] = true;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const { value: method } = Object.getOwnPropertyDescriptor(proto, name);
    if (name === 'constructor' || name === 'free' || name.startsWith('__') || typeof method !== 'function') continue;
    proto[name] = function (...args) {
      const result = method.apply(this, args);
      return result === undefined ? this : result;
    };
  }
}

// One method per field (`b.name(x)`, `b.stage(y)`), over the chained `set`: the paths are
// generated from the schema table in Rust.
const withSetters = Symbol('convocore-leads.setters');

export function addFieldSetters(Builder) {
  const proto = Builder.prototype;
  if (proto[withSetters]) return;
  proto[withSetters] = true;
  for (const path of SETTER_PATHS) {
    proto[path.slice(path.lastIndexOf('.') + 1)] = function (value) {
      return this.set(path, value);
    };
  }
}
