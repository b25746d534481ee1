// The fast way in for JavaScript values: the binding hands a value here first, and gets
// back its JSON text when the value is plain JSON data, which it then parses in one go
// instead of asking for each property across the boundary. Anything else (NaN, undefined
// in an array, holes, BigInt, symbols, functions, Dates, class instances, cycles, very
// deep or long data, a throwing getter or Proxy) gives `undefined`, and the binding walks
// the value itself to report each such thing precisely. Every property is read exactly
// once, the way the walk reads it (Object.keys, then a get), so both ways see the same
// data; `toJSON` is never called, and `__proto__` own keys stay plain data.

const REFUSED = Symbol('refused');
// Strings with none of these (the usual case) are quoted as they are, which is much cheaper
// than a call of JSON.stringify; surrogates go to it so that lone ones come out escaped.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

// Keys repeat from value to value (they are mostly schema names): their quoted forms, with
// the colon, are kept, up to a bound so that hostile keys cannot grow the cache without end.
const quotedKeys = new Map();
function quoteKey(key) {
  let q = quotedKeys.get(key);
  if (q === undefined) {
    q = JSON.stringify(key) + ':';
    if (quotedKeys.size < 512) quotedKeys.set(key, q);
  }
  return q;
}

/**
 * JSON text of `value` if it is plain JSON data, else `undefined`.
 * @param {unknown} value
 * @param {number} maxItems longest array accepted (the walk reads no further)
 * @param {number} maxDepth deepest nesting of arrays/objects accepted
 */
export function encodeJson(value, maxItems, maxDepth) {
  const ancestors = [];
  // One text appended to throughout, rather than a string returned from each level.
  let out = '';

  function encode(v) {
    switch (typeof v) {
      case 'string':
        out += NEEDS_ESCAPE.test(v) ? JSON.stringify(v) : '"' + v + '"';
        return;
      case 'number':
        if (v - v !== 0) throw REFUSED; // NaN or infinite
        out += v === 0 && 1 / v < 0 ? '-0' : '' + v;
        return;
      case 'boolean':
        out += v ? 'true' : 'false';
        return;
      case 'object':
        break;
      default:
        throw REFUSED;
    }
    if (v === null) {
      out += 'null';
      return;
    }
    if (ancestors.length >= maxDepth || ancestors.includes(v)) throw REFUSED;
    ancestors.push(v);
    if (Array.isArray(v)) {
      const length = v.length;
      if (!(length <= maxItems)) throw REFUSED;
      out += '[';
      for (let i = 0; i < length; i++) {
        const item = v[i];
        if (item === undefined) throw REFUSED; // a hole or undefined: the walk names it
        if (i !== 0) out += ',';
        encode(item);
      }
      out += ']';
    } else {
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) throw REFUSED;
      out += '{';
      const keys = Object.keys(v);
      let first = true;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        const item = v[key];
        if (item === undefined) continue; // absent, as in the walk
        if (!first) out += ',';
        out += quoteKey(key);
        encode(item);
        first = false;
      }
      out += '}';
    }
    ancestors.pop();
  }

  try {
    encode(value);
    return out;
  } catch {
    return undefined;
  }
}
