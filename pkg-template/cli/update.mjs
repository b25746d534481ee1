// `convocore-leads update`: one partial update, built and checked before it is sent.
import fs from 'node:fs';
import { LeadPatchBuilder, validateUpdateLead } from '../node/index.mjs';
import { parseArgs, UsageError } from './args.mjs';
import { CLIENT_FLAGS, CLIENT_HELP, createClient, failure, formatError, formatIssue } from './config.mjs';
import { fieldValue, trySet } from './fields.mjs';
import { ALLOW_PARTIAL_HELP, objectName, partialWarnings, refusalHint } from './partial.mjs';

export const UPDATE_USAGE = `Usage: convocore-leads update <leadId> --agent <agentId> [changes] [options]

Builds a PATCH /leads/{id} body, validates it, and sends it (or only prints it).

Changes (any number, applied in this order):
  --file FILE        a JSON lead patch ({"name": ...}) or a whole body ({"agentId", "lead"})
  --set PATH=VALUE   set a field by dotted path: name, metaData.stage, assignedTo.userId...
                     VALUE is typed by the field: numbers for number fields, true/false for
                     booleans, JSON for objects and arrays ({...} or [...]), null for email,
                     name and phone (clears them), else text (the package's parseFieldInput)
  --null FIELD       clear email, name or phone (sends null)

metaData and assignedTo are sent as given: a server that replaces nested objects would
erase their fields not sent, so a change to part of one is refused unless every field of
the object is given (e.g. --set metaData='{...the whole object...}') or --allow-partial.

Options:
  --agent ID         the agent that owns the lead (required unless --file has agentId)
  --dry-run          print the validated body and send nothing (needs no API key); a
                     body that a real run would refuse is refused the same way
  --json             print the result as one JSON object on stdout: {"id", "outcome":
                     "done", "response"}, "failed" (kind, status, code, message...),
                     "refused" (issues; nothing sent), "unknown" (aborted in flight) or,
                     with --dry-run, "dry_run" (body, warnings)
${ALLOW_PARTIAL_HELP}${CLIENT_HELP}
Examples:
  convocore-leads update lead_1001 --agent agent_emea_01 --set name="John Smith" --null email
  convocore-leads update lead_1001 --agent agent_emea_01 --set metaData.stage=won \\
      --set metaData.source=chat --allow-partial
  convocore-leads update lead_1001 --agent agent_emea_01 --file patch.json --dry-run
  CONVOCORE_BASE_URL=http://127.0.0.1:8787/v3 CONVOCORE_API_KEY=sandbox-secret \\
      convocore-leads update lead_1001 --agent agent_emea_01 --set hotScore=80

Exit codes: 0 updated (or valid with --dry-run), 1 refused or failed, 2 bad usage, 130 interrupted.
`;

const FLAGS = {
  agent: { type: 'string' },
  set: { type: 'string', multiple: true },
  null: { type: 'string', multiple: true },
  file: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'allow-partial': { type: 'boolean' },
  json: { type: 'boolean' },
  ...CLIENT_FLAGS,
};

export async function runUpdate(argv, { env, output }) {
  const { options, positionals } = parseArgs(argv, FLAGS);
  if (options.help) {
    output.out(UPDATE_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'give exactly one lead id' : 'missing <leadId>');
  const [id] = positionals;
  const result = (entry) => options.json && output.out(`${JSON.stringify({ id, ...entry })}\n`);
  const sets = (options.set ?? []).map((s) => {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set needs PATH=VALUE (got "${s}")`);
    // As in a CSV cell or a form, an empty value would leave the field alone.
    if (eq === s.length - 1) throw new UsageError(`--set ${s} gives no value (to clear email, name or phone: --null FIELD; an empty text: --file)`);
    return [s.slice(0, eq), s.slice(eq + 1)];
  });
  const fileLead = options.file === undefined ? { lead: {} } : readPatchFile(options.file);
  const agentId = options.agent ?? fileLead.agentId;
  if (!agentId) throw new UsageError('missing --agent <agentId>');
  if (sets.length === 0 && !options.null?.length && Object.keys(fileLead.lead).length === 0) {
    throw new UsageError('nothing to change: give --set, --null or a --file with fields');
  }

  const issues = [];
  const builder = new LeadPatchBuilder(agentId);
  let body;
  try {
    for (const [key, value] of Object.entries(fileLead.lead)) trySet(builder, key, value, issues);
    for (const [path, text] of sets) {
      const value = fieldValue(path, text, issues);
      if (value !== undefined) trySet(builder, path, value, issues);
    }
    for (const field of options.null ?? []) {
      try {
        builder.clear(field);
      } catch (e) {
        if (!e?.issues?.length) throw e;
        issues.push(...e.issues);
      }
    }
    if (issues.length === 0) body = builder.build();
  } catch (e) {
    if (!e?.issues?.length) throw e;
    issues.push(...e.issues);
  } finally {
    builder.free();
  }
  if (issues.length) {
    for (const issue of issues) output.err(`error: ${formatIssue(issue)}\n`);
    output.err(`refused: ${issues.length} issue${issues.length === 1 ? '' : 's'}, nothing sent\n`);
    result({ outcome: 'refused', issues });
    return 1;
  }
  const { warnings } = validateUpdateLead(body);
  const partial = options['allow-partial'] ? [] : partialWarnings(warnings);
  for (const w of warnings) if (!partial.includes(w)) output.err(`warning: ${formatIssue(w)}\n`);
  if (partial.length) {
    for (const w of partial) output.err(`error: ${formatIssue(w)}\n`);
    output.err(`refused: ${refusalHint(partial.map(objectName))}; nothing sent\n`);
    result({ outcome: 'refused', issues: partial });
    return 1;
  }
  if (options['dry-run']) {
    if (options.json) result({ outcome: 'dry_run', body, warnings });
    else output.out(`${JSON.stringify(body, null, 2)}\n`);
    return 0;
  }

  const client = createClient(options, env, output, {
    onRetry: options.verbose
      ? ({ attempt, delayMs, error }) => output.err(`retry: attempt ${attempt} failed (${error.message}), waiting ${delayMs} ms\n`)
      : undefined,
  });
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    const response = await client.updateLead(id, body, { signal: abort.signal });
    if (options.json) result({ outcome: 'done', response });
    else output.out(`${JSON.stringify(response, null, 2)}\n`);
    return 0;
  } catch (e) {
    for (const line of formatError(e)) output.err(`${line}\n`);
    // Aborted after its request went out: the server may have applied it.
    const unknown = abort.signal.aborted && e?.kind === 'aborted' && e.attempts > 0;
    result(unknown ? { outcome: 'unknown', message: 'aborted in flight by Ctrl-C: the server may have applied this update' } : failure(e));
    return abort.signal.aborted ? 130 : 1;
  } finally {
    process.off('SIGINT', onSigint);
    client.free();
  }
}

/** `{ agentId?, lead }` from a file holding a lead patch or a whole body. */
function readPatchFile(file) {
  let value;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read --file ${file}: ${e.code ?? e.message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`--file ${file} must hold a JSON object`);
  }
  const isBody = 'lead' in value || 'agentId' in value;
  const lead = isBody ? value.lead ?? {} : value;
  if (lead === null || typeof lead !== 'object' || Array.isArray(lead)) throw new UsageError(`--file ${file}: "lead" must be an object`);
  for (const key of Object.keys(value)) {
    if (isBody && key !== 'lead' && key !== 'agentId') throw new UsageError(`--file ${file}: unknown key "${key}" (a body has agentId and lead)`);
  }
  return { agentId: isBody ? value.agentId : undefined, lead };
}
