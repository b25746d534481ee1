// Text as forms, CSV cells and the CLI's `--set` give it, turned into the value a lead
// field takes: one set of rules for all three, the field's types read from the schema's
// JSON Schema (generated from the Rust schema table).
import { ConvocoreError } from './errors.js';
import { UPDATE_LEAD_JSON_SCHEMA } from './schema.generated.js';

let lead;

/**
 * The JSON types the field at the dotted `path` (under `lead`) takes; [] for no such field.
 * Paths name object properties only, as the builder's `set(path)` does.
 */
function fieldTypes(path) {
  lead ??= JSON.parse(UPDATE_LEAD_JSON_SCHEMA).properties.lead;
  let node = lead;
  for (const key of path.split('.')) node = node?.properties && Object.hasOwn(node.properties, key) ? node.properties[key] : undefined;
  return [].concat(node?.type ?? []);
}

const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The value for `text` given for the lead field at `path`: `undefined` for `""` (leave the
 * field alone), `null` for `"null"` where the field takes null (email, name, phone), JSON
 * for objects and arrays (text starting with `{` or `[`), `true`/`false` for booleans, a
 * number for number fields (for number-or-string fields only when the text is the number's
 * own spelling, so "007" stays text), else the text itself (a date input's `YYYY-MM-DD`
 * included). Throws a `validation` ConvocoreError with an `invalid_json` issue for JSON
 * that does not parse.
 */
export function parseFieldInput(path, text) {
  if (typeof path !== 'string' || typeof text !== 'string') {
    throw new ConvocoreError('validation', 'parseFieldInput(path, text) takes two strings', { issues: [], retryable: false, attempts: 0 });
  }
  if (text === '') return undefined;
  const types = fieldTypes(path);
  if (text === 'null' && types.includes('null')) return null;
  const trimmed = text.trim();
  if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && (types.includes('object') || types.includes('array'))) {
    try {
      return JSON.parse(trimmed);
    } catch (e) {
      const issue = { path: `/lead/${path.split('.').join('/')}`, code: 'invalid_json', message: `not JSON: ${e.message}` };
      throw new ConvocoreError('validation', `${issue.path}: ${issue.message}`, { issues: [issue], retryable: false, attempts: 0 });
    }
  }
  if (types.includes('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  if (types.includes('number') && NUMBER.test(text)) {
    const n = Number(text);
    if (Number.isFinite(n) && (!types.includes('string') || String(n) === text)) return n;
  }
  return text;
}
