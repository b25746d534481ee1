// The schema for tools that read schemas: the enums' value lists and the JSON Schema
// (generated from the Rust schema table), and a Standard Schema v1 object
// (https://standardschema.dev) for form libraries and tRPC.
import { ConvocoreError } from './errors.js';
import { UPDATE_LEAD_JSON_SCHEMA } from './schema.generated.js';

export { LEAD_STAGES, ACTIVITY_TYPES, CHANNELS, HOT_LABELS, ASSIGNMENT_STATUSES } from './schema.generated.js';

/** The request body's JSON Schema (draft 2020-12), a fresh object on each call. */
export function toJSONSchema() {
  return JSON.parse(UPDATE_LEAD_JSON_SCHEMA);
}

/**
 * `updateLeadSchema`: a valid body comes out as `prepareUpdateLead` makes it (Dates
 * converted), an invalid one as the issues of the error it throws. Warnings are not part of
 * the Standard Schema result: `validateUpdateLead` gives them.
 */
export function standardSchema({ prepareUpdateLead }) {
  const props = {
    version: 1,
    vendor: 'convocore-leads',
    // One read of the value, not a validation then a preparation: a getter whose value
    // changed between the two made `validate` throw, which Standard Schema callers do not
    // expect.
    validate(value) {
      try {
        return { value: prepareUpdateLead(value) };
      } catch (e) {
        if (!(e instanceof ConvocoreError && e.kind === 'validation')) throw e;
        return { issues: e.issues.map((issue) => standardIssue(value, issue)) };
      }
    },
  };
  return Object.freeze({ '~standard': Object.freeze(props) });
}

function standardIssue(value, { message, path, suggestion }) {
  const text = suggestion === undefined ? message : `${message} (did you mean "${suggestion}"?)`;
  return { message: text, path: segments(value, path) };
}

// A JSON Pointer as the keys Standard Schema wants: array indexes as numbers, found by
// following the pointer through the value itself.
function segments(value, pointer) {
  const keys = [];
  let here = value;
  for (const token of pointer.split('/').slice(1)) {
    const name = token.replaceAll('~1', '/').replaceAll('~0', '~');
    const key = Array.isArray(here) && /^(0|[1-9]\d*)$/.test(name) ? Number(name) : name;
    keys.push(key);
    try {
      here = here?.[key];
    } catch {
      // A getter that throws was reported at its own path; nothing lies beyond it.
      here = undefined;
    }
  }
  return keys;
}
