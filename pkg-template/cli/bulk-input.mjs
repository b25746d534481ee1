// Rows of a bulk run, read from NDJSON (`{"id", "agentId", "lead"}` per line) or CSV
// (columns `id`, `agentId` and field paths). Every row is checked before anything is
// sent: a file whose shape is wrong is refused whole (InputError), a row whose values
// are wrong is kept with its issues and skipped.
import { LeadPatchBuilder, validateUpdateLead } from '../node/index.mjs';
import { CsvError, parseCsv } from './csv.mjs';
import { fieldValue, pathIssue, trySet } from './fields.mjs';

/** A file that cannot be used at all; `problems` are one-line explanations. */
export class InputError extends Error {
  constructor(problems) {
    super(problems.join('; '));
    this.problems = problems;
  }
}

/**
 * `[{ line, id, body?, issues, warnings }]`: `body` (`{ agentId, lead }`) and its
 * validator's `warnings` when the row is valid, else its `issues`. `line` is where the row
 * starts in the file (1-based).
 */
export function readRows(file, text) {
  const csv = /\.csv$/i.test(file) || (!/\.(ndjson|jsonl)$/i.test(file) && !text.trimStart().startsWith('{'));
  return csv ? csvRows(text) : ndjsonRows(text);
}

const ROW_KEYS = new Set(['id', 'agentId', 'lead']);

function ndjsonRows(text) {
  const rows = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      rows.push({ line, id: null, issues: [{ path: '', code: 'invalid_json', message: `not JSON: ${e.message}` }] });
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      rows.push({ line, id: null, issues: [{ path: '', code: 'invalid_type', message: 'a row must be an object {"id", "agentId", "lead"}' }] });
      return;
    }
    const issues = [];
    const id = idIssue(value.id, issues);
    for (const key of Object.keys(value)) {
      if (!ROW_KEYS.has(key)) issues.push({ path: `/${key}`, code: 'unknown_field', message: `unknown key "${key}" (a row has id, agentId and lead)` });
    }
    const body = { agentId: value.agentId, lead: value.lead };
    const checked = validateUpdateLead(body);
    issues.push(...checked.issues);
    rows.push(issues.length ? { line, id, issues } : { line, id, body, issues, warnings: checked.warnings });
  });
  return rows;
}

function idIssue(id, issues) {
  if (typeof id === 'string' && id !== '') return id;
  issues.push({ path: '/id', code: id === undefined || id === '' ? 'required' : 'invalid_type', message: 'id must be the lead id, a non-empty string' });
  return null;
}

export function csvRows(text) {
  let records;
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) throw new InputError([`not valid CSV: ${e.message}`]);
    throw e;
  }
  if (records.length === 0) throw new InputError(['the CSV is empty (it needs a header line: id,agentId,<field paths>)']);
  const [header, ...data] = records;
  const names = header.fields.map((f) => f.trim());
  const problems = [];
  for (const required of ['id', 'agentId']) {
    if (!names.includes(required)) problems.push(`missing column "${required}" in the header line`);
  }
  const seen = new Set();
  names.forEach((name, i) => {
    if (name === '') problems.push(`column ${i + 1} of the header has no name`);
    else if (seen.has(name)) problems.push(`column "${name}" appears twice in the header`);
    seen.add(name);
    if (name === '' || name === 'id' || name === 'agentId') return;
    const issue = pathIssue(name);
    if (issue) {
      const parent = name.includes('.') ? `${name.slice(0, name.lastIndexOf('.'))}.` : '';
      const hint = issue.suggestion !== undefined ? ` (did you mean "${parent}${issue.suggestion}"?)` : '';
      problems.push(`column "${name}" is not a lead field path: ${issue.message}${hint}`);
    }
  });
  for (const r of data) {
    if (r.fields.length !== names.length) problems.push(`line ${r.line}: ${r.fields.length} fields, but the header has ${names.length}`);
  }
  if (problems.length) throw new InputError(problems);

  const idAt = names.indexOf('id');
  const agentAt = names.indexOf('agentId');
  const fieldColumns = names.map((name, i) => [name, i]).filter(([name]) => name !== 'id' && name !== 'agentId');
  return data.map(({ line, fields }) => {
    const issues = [];
    const id = idIssue(fields[idAt], issues);
    const agentId = fields[agentAt];
    if (agentId === '') issues.push({ path: '/agentId', code: 'required', message: 'the agentId cell is empty' });
    if (fieldColumns.every(([, i]) => fields[i] === '')) {
      // Skipped rather than sent as an empty lead, which changes nothing.
      issues.push({ path: '/lead', code: 'empty_patch', message: 'every field cell of this row is empty: it changes nothing' });
      return { line, id, issues };
    }
    const builder = new LeadPatchBuilder(agentId);
    try {
      for (const [path, i] of fieldColumns) {
        // An empty cell leaves the field alone; `null` clears the fields that take null.
        const value = fieldValue(path, fields[i], issues);
        if (value === undefined) continue;
        trySet(builder, path, value, issues);
      }
      if (issues.length) return { line, id, issues };
      const body = builder.build();
      return { line, id, body, issues, warnings: validateUpdateLead(body).warnings };
    } catch (e) {
      if (!e?.issues?.length) throw e;
      return { line, id, issues: [...issues, ...e.issues] };
    } finally {
      builder.free();
    }
  });
}
