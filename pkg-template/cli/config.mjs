// Client configuration from flags and environment, and how errors and issues are shown.
import { ConvocoreClient, ConvocoreError } from '../node/index.mjs';
import { UsageError } from './args.mjs';

/** The options every sending command takes (merged into its parseArgs spec). */
export const CLIENT_FLAGS = {
  'api-key': { type: 'string' },
  region: { type: 'string' },
  'base-url': { type: 'string' },
  timeout: { type: 'integer', min: 1, max: 600000 },
  retries: { type: 'integer', min: 0, max: 10 },
  verbose: { type: 'boolean' },
};

export const CLIENT_HELP = `Connection (flags win over the environment):
  --api-key KEY      API key; prefer CONVOCORE_API_KEY (flags show up in process lists)
  --region eu|na     account region (CONVOCORE_REGION; default eu)
  --base-url URL     API base URL, e.g. the sandbox's http://127.0.0.1:8787/v3 (CONVOCORE_BASE_URL)
  --timeout MS       per-attempt timeout in milliseconds (default 10000)
  --retries N        retries of 408/429/5xx/network failures, 0 to 10 (default 2)
  --verbose          show the configuration and every retry (the key is never shown)
`;

/**
 * A `ConvocoreClient` from `options` (parsed CLIENT_FLAGS) and `env`. The key is
 * registered with `output` before anything else happens, so it is redacted everywhere.
 */
export function createClient(options, env, output, extra = {}) {
  const fromFlag = options['api-key'] !== undefined;
  const apiKey = fromFlag ? options['api-key'] : env.CONVOCORE_API_KEY;
  output.addSecret(apiKey);
  if (!apiKey) throw new UsageError('no API key: set CONVOCORE_API_KEY (or pass --api-key)');
  const config = {
    apiKey,
    region: options.region ?? (env.CONVOCORE_REGION || undefined),
    baseUrl: options['base-url'] ?? (env.CONVOCORE_BASE_URL || undefined),
    timeoutMs: options.timeout,
    retries: options.retries,
    ...extra,
  };
  for (const k of Object.keys(config)) if (config[k] === undefined) delete config[k];
  let client;
  try {
    client = new ConvocoreClient(config);
  } catch (e) {
    if (e instanceof ConvocoreError) throw new UsageError(e.message);
    throw e;
  }
  if (options.verbose) {
    output.err(`base URL: ${client.baseUrl}\n`);
    output.err(`API key: set (from ${fromFlag ? '--api-key' : 'CONVOCORE_API_KEY'})\n`);
  }
  return client;
}

/** One issue as a line: `path: message [code] (did you mean "x"?)`. */
export function formatIssue(issue) {
  const where = issue.path ? `${issue.path}: ` : '';
  const hint = issue.suggestion !== undefined ? ` (did you mean "${issue.suggestion}"?)` : '';
  return `${where}${issue.message} [${issue.code}]${hint}`;
}

/** The lines that explain an error: its message, then each issue indented. */
export function formatError(error) {
  if (!(error instanceof ConvocoreError)) return [`error: ${error?.message ?? String(error)}`];
  // A refused value: its issues say everything (the message repeats the first one).
  if (error.kind === 'validation' && error.issues?.length) return error.issues.map((i) => `error: ${formatIssue(i)}`);
  const lines = [`error: ${error.message}`];
  for (const issue of error.issues ?? []) lines.push(`  ${formatIssue(issue)}`);
  return lines;
}

/** A failed update as a JSON result (a bulk results file's entry, `--json`). */
export function failure(e) {
  if (!(e instanceof ConvocoreError)) return { outcome: 'failed', kind: 'internal', message: String(e?.message ?? e) };
  const entry = { outcome: 'failed', kind: e.kind, status: e.status, code: e.code, message: e.message, attempts: e.attempts };
  if (e.issues?.length) entry.issues = e.issues;
  return entry;
}
