// `convocore-leads validate`: checks bodies in a file without sending anything.
import fs from 'node:fs';
import { validateUpdateLead, validateUpdateLeadsNdjson } from '../node/index.mjs';
import { parseArgs, UsageError } from './args.mjs';
import { csvRows, InputError } from './bulk-input.mjs';
import { formatIssue } from './config.mjs';

export const VALIDATE_USAGE = `Usage: convocore-leads validate <file> [--json]

Checks PATCH /leads/{id} bodies ({"agentId": ..., "lead": {...}}) against the API
contract, offline. <file> holds one JSON body, or NDJSON with one body per line
(.ndjson/.jsonl; blank lines are skipped), or the CSV that \`bulk\` reads (.csv, or
standard input that does not start with { or [: columns id, agentId and field paths,
each row checked as \`bulk\` would send it). Use - to read standard input.

Prints each problem with its line number and JSON path, then a summary.
Warnings (e.g. metaData sent without "source", or sent in part: partial_object) never
make a body invalid.

Options:
  --json             one JSON object per body on stdout, {"line", "ok", "issues",
                     "warnings"} ("line" is null for a single JSON body); the summary
                     goes to stderr

Examples:
  convocore-leads validate body.json
  convocore-leads validate updates.ndjson
  convocore-leads validate leads.csv --json
  some-export | convocore-leads validate -

Exit codes: 0 every body valid, 1 some invalid, 2 bad usage.
`;

export async function runValidate(argv, { output }) {
  const { options, positionals } = parseArgs(argv, { json: { type: 'boolean' } });
  if (options.help) {
    output.out(VALIDATE_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'give exactly one file' : 'missing <file>');
  const [file] = positionals;
  let text;
  try {
    text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${e.code ?? e.message}`);
  }
  let results;
  try {
    results = validateText(file, text);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    for (const p of e.problems) output.err(`error: ${file}: ${p}\n`);
    return 1;
  }

  let invalid = 0;
  let warnings = 0;
  for (const r of results) {
    const at = r.line === null ? '' : `line ${r.line}: `;
    if (!r.ok) invalid++;
    warnings += r.warnings.length;
    if (options.json) {
      output.out(`${JSON.stringify({ line: r.line, ok: r.ok, issues: r.issues, warnings: r.warnings })}\n`);
      continue;
    }
    for (const i of r.issues) output.out(`${at}error: ${formatIssue(i)}\n`);
    for (const w of r.warnings) output.out(`${at}warning: ${formatIssue(w)}\n`);
  }
  const n = results.length;
  const what = results.length === 1 && results[0].line === null ? 'body' : `${n} line${n === 1 ? '' : 's'}`;
  (options.json ? output.err : output.out)(`${file}: ${what}: ${n - invalid} valid, ${invalid} invalid, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
  return invalid === 0 && n > 0 ? 0 : 1;
}

/**
 * One result per body: CSV rows read as `bulk` reads them (a CSV whose shape is wrong
 * throws InputError); else the whole text is one JSON document (possibly over several
 * lines) unless the file is named .ndjson/.jsonl or does not parse whole; `line` is null then.
 */
function validateText(file, text) {
  if (/\.(ndjson|jsonl)$/i.test(file)) return validateUpdateLeadsNdjson(text);
  if (/\.csv$/i.test(file) || (file === '-' && !/^\s*[{[]/.test(text))) {
    return csvRows(text).map((row) => ({ line: row.line, ok: Boolean(row.body), issues: row.issues, warnings: row.warnings ?? [] }));
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    if (!/\.json$/i.test(file)) return validateUpdateLeadsNdjson(text);
    const issue = { path: '', code: 'invalid_json', message: `not JSON: ${e.message} (for one body per line, name the file .ndjson)` };
    return [{ line: null, ok: false, issues: [issue], warnings: [] }];
  }
  return [{ line: null, ...validateUpdateLead(value) }];
}
