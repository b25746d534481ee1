// The one way a JavaScript body enters the wasm: the JSON text that will be sent, made by
// the engine's JSON.stringify. What JSON cannot carry (NaN, a Date, a BigInt, a function,
// a class instance, a cycle, an array hole, an array too long to read) is not dropped or
// turned into null, as JSON.stringify alone would do, but written as a mark, a string that
// the wasm's walk reads as what it stands for and reports at its path
// (src/contract/walk.rs, `Marks`). A mark starts with NUL and a random token, so no string
// of the caller's data is one.

// The prefix of the marks, chosen by the wasm (src/wasm/body.rs) and handed to each call:
// one source, whichever copy of this module a bundler made.
let MARKS = '';
// No array of the schema may have more items (src/contract/schema.rs, limits): a longer one is
// marked with its length, not written out (JSON.stringify would walk every hole of
// `new Array(2 ** 32 - 1)`).
const MAX_ITEMS = 10_000;
// Deeper than this, JSON text is not read (serde_json stops at 128 levels) and a value is
// cut with a mark when the engine's JSON.stringify ran out of stack or met a cycle.
const MAX_DEPTH = 100;

const mark = (kind, what) => MARKS + kind + ':' + what;

function describe(value) {
  let name;
  try {
    name = Object.getPrototypeOf(value)?.constructor?.name;
  } catch {
    // A Proxy whose trap throws.
  }
  return typeof name === 'string' && name !== '' && name.length <= 64 ? 'an instance of ' + name : 'an object that is not a plain object';
}

// Called by JSON.stringify for every value, with its holder as `this`, after the value's
// toJSON (so a Date arrives as its ISO string, its holder still has the Date).
function replacer(key, value) {
  const raw = this[key];
  if (raw !== value && typeof raw === 'object' && raw !== null) {
    return raw instanceof Date ? mark('date', raw.getTime()) : mark('value', raw.constructor === Object ? 'an object with a toJSON method' : describe(raw));
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return value - value === 0 ? value : mark('number', value);
    case 'object': {
      if (value === null) return value;
      if (Array.isArray(value)) return value.length > MAX_ITEMS ? mark('array', value.length) : value;
      const proto = Object.getPrototypeOf(value);
      return proto === Object.prototype || proto === null ? value : mark('value', describe(value));
    }
    case 'undefined':
      // Absent in an object, as in JSON.stringify; in an array it would become null.
      return Array.isArray(this) ? mark('value', key in this ? 'undefined' : 'an empty array slot') : undefined;
    case 'bigint':
      return mark('value', 'a BigInt');
    case 'symbol':
      return mark('value', 'a symbol');
    default:
      return mark('value', 'a function');
  }
}

// The same, also keeping the chain of values being written, to mark a cycle or a value
// nested too deeply instead of throwing, and writing copies in which a value that throws
// when read is a mark at its own path: taken only after JSON.stringify threw.
function carefulReplacer() {
  const chain = []; // the copies being written, innermost last
  const sources = []; // the caller's object each copy was made from
  return function (key, value) {
    while (chain.length > 0 && chain[chain.length - 1] !== this) {
      chain.pop();
      sources.pop();
    }
    const out = replacer.call(this, key, value);
    if (typeof out !== 'object' || out === null) return out;
    if (sources.includes(out)) return mark('value', 'a cyclic reference');
    if (chain.length >= MAX_DEPTH) return mark('value', 'a value nested too deeply');
    const copy = readable(out);
    if (typeof copy !== 'object') return copy;
    chain.push(copy);
    sources.push(out);
    return copy;
  };
}

// A copy of a plain object or array in which each value that throws when read (a getter,
// a Proxy trap) is a mark; a mark when not even its keys can be read.
function readable(value) {
  try {
    const copy = Array.isArray(value) ? new Array(value.length) : {};
    for (const key of Object.keys(value)) {
      let item;
      try {
        item = value[key];
      } catch (e) {
        item = mark('value', throwsWhenRead(e));
      }
      // Defined, not assigned: a `__proto__` key stays a key.
      Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
    }
    return copy;
  } catch (e) {
    return mark('value', throwsWhenRead(e));
  }
}

function throwsWhenRead(e) {
  let why = 'a value that throws when read';
  try {
    if (typeof e?.message === 'string') why += ' (' + e.message.slice(0, 200) + ')';
  } catch {
    // An error whose message getter throws too.
  }
  return why;
}

// Whether JSON.stringify alone writes `value` as the replacer would: nothing JSON cannot
// carry, no toJSON, no prototype but Object's (or none), no array hole, not deeper than
// MAX_DEPTH (so no cycle). Conservative: anything else takes the replacer. A replacer takes
// V8's JSON.stringify off its fast path, half of a full body's validation (BENCHMARKS.md).
export function isPlain(value, depth) {
  if (depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    const n = value.length;
    if (n > MAX_ITEMS) return false;
    for (let i = 0; i < n; i++) {
      const item = value[i];
      if (item === undefined || !isPlainItem(item, depth)) return false;
    }
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if ((proto !== Object.prototype && proto !== null) || value.toJSON !== undefined) return false;
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (item !== undefined && !isPlainItem(item, depth)) return false;
  }
  return true;
}

function isPlainItem(item, depth) {
  switch (typeof item) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return item - item === 0;
    case 'object':
      return item === null || isPlain(item, depth + 1);
    default:
      return false;
  }
}

export function bodyText(body, marks) {
  MARKS = marks;
  if (body === undefined) return JSON.stringify(mark('value', 'undefined'));
  try {
    if (typeof body === 'object' && body !== null && isPlain(body, 0)) return JSON.stringify(body);
  } catch {
    // A getter or a Proxy trap that throws: the replacer's way reports it.
  }
  return replacedText(body, marks);
}

/** The text with the replacer: what `bodyText` makes of a body that is not plain. */
export function replacedText(body, marks) {
  MARKS = marks;
  try {
    return JSON.stringify(body, replacer);
  } catch {
    try {
      return JSON.stringify(body, carefulReplacer());
    } catch (e) {
      // A toJSON that throws: the body cannot be read.
      return JSON.stringify(mark('value', throwsWhenRead(e)));
    }
  }
}

// Whether `text` has no lone surrogate, which would become U+FFFD on its way into the wasm.
// One call: js-sys's `is_valid_utf16` crosses into JavaScript once per character.
export function isWellFormed(text) {
  return typeof text.isWellFormed === 'function' ? text.isWellFormed() : !/\p{Cs}/u.test(text);
}
