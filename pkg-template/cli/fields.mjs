// Turning command-line and CSV text into lead field values, the way the schema types them.
import { LeadPatchBuilder } from '../node/index.mjs';

// path -> { types: string[], pathIssue?: Issue }
const probes = new Map();

/**
 * What the schema says about a dotted path, learned from the builder itself (so the CLI
 * holds no copy of the schema): setting `true` either passes (a boolean field), or is
 * refused with the accepted types in `expected`, or with an unknown-path issue.
 */
function probe(path) {
  let found = probes.get(path);
  if (found) return found;
  const builder = new LeadPatchBuilder('probe');
  try {
    builder.set(path, true);
    found = { types: ['boolean'] };
  } catch (e) {
    const issue = e?.issues?.[0];
    if (issue?.code === 'unknown_field' || issue?.code === 'invalid_path') found = { types: [], pathIssue: issue };
    else found = { types: issue?.code === 'invalid_type' ? issue.expected ?? [] : [] };
  } finally {
    builder.free();
  }
  probes.set(path, found);
  return found;
}

/** The issue refusing `path` (unknown field, or a field with nothing inside), or null. */
export function pathIssue(path) {
  return probe(path).pathIssue ?? null;
}

/** Whether `path` accepts `null` (`email`, `name`, `phone`: null clears them). */
export function acceptsNull(path) {
  return probe(path).types.includes('null');
}

const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The value for `text` given at `path`: JSON for objects and arrays (text starting with
 * `{` or `[`), `true`/`false` for booleans, a number for number fields (and for
 * number-or-string fields only when the text is the number's own spelling, so "007"
 * stays a string), else the text. Throws a SyntaxError for unparsable JSON.
 */
export function coerce(path, text) {
  const { types } = probe(path);
  const trimmed = text.trim();
  if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && (types.includes('object') || types.includes('array'))) {
    return JSON.parse(trimmed);
  }
  if (types.includes('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  if (types.includes('number') && NUMBER.test(text)) {
    const n = Number(text);
    if (Number.isFinite(n) && (!types.includes('string') || String(n) === text)) return n;
  }
  return text;
}

/**
 * Sets `path` to `value` on `builder`, adding the refusal's issues to `issues` instead
 * of throwing, so that every problem of an input is reported at once.
 */
export function trySet(builder, path, value, issues) {
  try {
    builder.set(path, value);
  } catch (e) {
    if (!e?.issues?.length) throw e;
    issues.push(...e.issues);
  }
}

/** An issue for text that should have been JSON at `path`. */
export function jsonIssue(path, error) {
  const full = path === 'agentId' || path.startsWith('lead.') ? path : `lead.${path}`;
  return { path: `/${full.split('.').join('/')}`, code: 'invalid_json', message: `not JSON: ${error.message}` };
}
