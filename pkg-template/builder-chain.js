// The wasm-bindgen methods of LeadPatchBuilder each return a new handle on the shared
// state, and a handle holds wasm memory until it is freed. Nobody can free the middle of
// `b.name(x).stage(y)`, so chains kept wasm memory until the garbage collector ran
// finalizers (about 0.5 KiB a chain). Freeing that handle at once and returning the
// builder itself leaves one handle per builder, released by `free()` or `using`.
const chained = Symbol('convocore-leads.chained');

export function chainInPlace(Builder) {
  const proto = Builder.prototype;
  if (proto[chained]) return;
  proto[chained] = true;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const { value: method } = Object.getOwnPropertyDescriptor(proto, name);
    if (name === 'constructor' || name.startsWith('__') || typeof method !== 'function') continue;
    proto[name] = function (...args) {
      const result = method.apply(this, args);
      if (!(result instanceof Builder)) return result;
      result.free();
      return this;
    };
  }
}

// One method per field (`b.name(x)`, `b.stage(y)`), over the chained `set`: names and
// paths come from the schema table in the wasm, so this runs once it is instantiated.
const withSetters = Symbol('convocore-leads.setters');

export function addFieldSetters(Builder) {
  const proto = Builder.prototype;
  if (proto[withSetters]) return;
  proto[withSetters] = true;
  for (const [name, path] of Builder.__setters()) {
    proto[name] = function (value) {
      return this.set(path, value);
    };
  }
}
