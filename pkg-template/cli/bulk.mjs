// `convocore-leads bulk`: many updates from a file, with bounded concurrency, a shared
// slow-down on 429, and a results file in which every input row ends up.
import fs from 'node:fs';
import { ConvocoreError } from '../node/index.mjs';
import { parseArgs, UsageError } from './args.mjs';
import { InputError, readRows } from './bulk-input.mjs';
import { CLIENT_FLAGS, CLIENT_HELP, createClient, formatIssue } from './config.mjs';
import { Gate } from './gate.mjs';
import { startProgress } from './progress.mjs';

export const BULK_USAGE = `Usage: convocore-leads bulk <file.ndjson|file.csv> [options]

Sends one update per row. Every row is checked first: a file with a bad shape (missing
column, unknown field path, broken quoting) is refused before anything is sent; an
invalid row is skipped and reported.

Input:
  NDJSON  one {"id": "<leadId>", "agentId": "<agentId>", "lead": {...}} per line
  CSV     header line with columns id, agentId and field paths (name, metaData.stage,
          hotScore...); values are typed by the field as in \`update --set\`; an empty
          cell leaves the field alone, null clears email/name/phone

Output (one JSON object per line):
  --out FILE         results, one per input row: {"line", "id", "outcome": "done"},
                     {"outcome": "failed", "status", "code", "message", ...} or
                     {"outcome": "skipped", "issues": [...]} (default <file>.results.ndjson)
  --failures FILE    the failed rows (and, after Ctrl-C, those not started) as NDJSON
                     input rows, to run again (default <file>.failures.ndjson)

Options:
  --concurrency N    requests at once, 1 to 64 (default 8); a 429 pauses every request
                     for its Retry-After and halves this, which then grows back
  --resume FILE      skip the rows that FILE (an earlier --out) lists as done
${CLIENT_HELP}
Ctrl-C stops starting requests, waits for those in flight and writes the results
(press it again to abort those too). Progress goes to stderr, the summary to stdout.

Examples:
  convocore-leads bulk leads.csv --concurrency 4
  convocore-leads bulk updates.ndjson --out run1.ndjson
  convocore-leads bulk updates.ndjson --resume updates.ndjson.results.ndjson
  convocore-leads bulk updates.ndjson.failures.ndjson

Exit codes: 0 every row done, 1 some failed or skipped (or the file was refused),
2 bad usage, 130 interrupted.
`;

// Skipped rows shown on stderr; all of them are in the results file.
const SHOWN_SKIPPED = 20;

const FLAGS = {
  concurrency: { type: 'integer', min: 1, max: 64 },
  out: { type: 'string' },
  failures: { type: 'string' },
  resume: { type: 'string' },
  ...CLIENT_FLAGS,
};

export async function runBulk(argv, { env, output }) {
  const { options, positionals } = parseArgs(argv, FLAGS);
  if (options.help) {
    output.out(BULK_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'give exactly one input file' : 'missing <file>');
  const [file] = positionals;
  const outFile = options.out ?? `${file}.results.ndjson`;
  const failuresFile = options.failures ?? `${file}.failures.ndjson`;
  if (outFile === file || failuresFile === file || outFile === failuresFile) {
    throw new UsageError('--out, --failures and the input must be three different files');
  }
  const text = readText(file, 'the input');
  let rows;
  try {
    rows = readRows(file, text);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    for (const p of e.problems) output.err(`error: ${file}: ${p}\n`);
    output.err('refused: nothing was sent\n');
    return 1;
  }
  const earlier = options.resume === undefined ? new Map() : readDone(options.resume);

  const gate = new Gate(options.concurrency ?? 8);
  let throttles = 0;
  const client = createClient(options, env, output, {
    // Retries of requests already under way also wait while a 429 pause lasts.
    fetch: async (request) => {
      await gate.whenOpen();
      return fetch(request);
    },
    onRetry: ({ attempt, delayMs, error }) => {
      if (error.status === 429) {
        throttles++;
        gate.throttled(delayMs);
      }
      if (options.verbose) output.err(`retry: attempt ${attempt} failed (${error.message}), waiting ${delayMs} ms\n`);
    },
  });

  const results = fs.openSync(outFile, 'w');
  const counts = { done: 0, failed: 0, skipped: 0, resumed: 0 };
  const retry = [];
  const write = (row, entry) => {
    fs.writeSync(results, `${JSON.stringify({ line: row.line, id: row.id, ...entry })}\n`);
  };
  const queue = [];
  for (const row of rows) {
    const before = earlier.get(resumeKey(row));
    if (before) {
      write(row, before);
      counts.resumed++;
    } else if (!row.body) {
      write(row, { outcome: 'skipped', issues: row.issues });
      counts.skipped++;
    } else {
      queue.push(row);
    }
  }

  const abort = new AbortController();
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) {
      abort.abort();
      return;
    }
    interrupted = true;
    gate.stop();
    output.err(`\ninterrupted: waiting for ${gate.active} request(s) in flight (Ctrl-C again to abort them)\n`);
  };
  process.on('SIGINT', onSigint);

  const progress = startProgress(output, rows.length - counts.resumed, () => ({
    finished: counts.done + counts.failed + counts.skipped,
    failed: counts.failed,
    skipped: counts.skipped,
    limit: gate.limit,
    max: gate.max,
    paused: gate.paused,
  }));
  let next = 0;
  const worker = async () => {
    while (next < queue.length && (await gate.acquire())) {
      if (next >= queue.length) {
        gate.release(false);
        break;
      }
      const row = queue[next++];
      let ok = false;
      try {
        await client.updateLead(row.id, row.body, { signal: abort.signal });
        write(row, { outcome: 'done' });
        counts.done++;
        ok = true;
      } catch (e) {
        write(row, failure(e));
        counts.failed++;
        retry.push(row);
      } finally {
        gate.release(ok);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(gate.max, queue.length) }, worker));
  } finally {
    process.off('SIGINT', onSigint);
    progress.stop();
    gate.close();
    client.free();
    fs.closeSync(results);
  }

  const notStarted = queue.slice(next);
  const again = [...retry, ...notStarted].sort((a, b) => a.line - b.line);
  fs.writeFileSync(failuresFile, again.map((r) => `${JSON.stringify({ id: r.id, ...r.body })}\n`).join(''));

  const skipped = rows.filter((row) => !row.body && !earlier.has(resumeKey(row)));
  for (const row of skipped.slice(0, SHOWN_SKIPPED)) {
    for (const issue of row.issues) output.err(`line ${row.line}: skipped: ${formatIssue(issue)}\n`);
  }
  if (skipped.length > SHOWN_SKIPPED) output.err(`... and ${skipped.length - SHOWN_SKIPPED} more skipped rows (see ${outFile})\n`);
  const resumed = counts.resumed ? `, ${counts.resumed} already done before` : '';
  output.out(`${rows.length} rows: ${counts.done} done, ${counts.failed} failed, ${counts.skipped} skipped${resumed}\n`);
  if (throttles) output.out(`slowed down by 429 ${throttles} time${throttles === 1 ? '' : 's'}\n`);
  output.out(`results: ${outFile}\n`);
  if (again.length) output.out(`to run again: ${failuresFile} (${again.length} rows)\n`);
  if (interrupted) {
    output.out(`interrupted: ${notStarted.length} rows not started; continue with --resume ${outFile}\n`);
    return 130;
  }
  return counts.failed || counts.skipped ? 1 : 0;
}

/** What the results file says about a row that was not updated. */
function failure(e) {
  if (!(e instanceof ConvocoreError)) return { outcome: 'failed', kind: 'internal', message: String(e?.message ?? e) };
  const entry = { outcome: 'failed', kind: e.kind, status: e.status, code: e.code, message: e.message, attempts: e.attempts };
  if (e.issues?.length) entry.issues = e.issues;
  return entry;
}

// Rows are matched by line and lead id, so a resume against an edited file does not
// skip a row that moved.
function resumeKey(row) {
  return `${row.line}\u0000${row.id}`;
}

/** The `done` entries of an earlier results file, by resumeKey. */
function readDone(file) {
  const done = new Map();
  for (const raw of readText(file, '--resume').split('\n')) {
    let entry;
    try {
      entry = JSON.parse(raw);
    } catch {
      continue; // a line cut short by a crash: that row is simply sent again
    }
    if (entry?.outcome === 'done') {
      const { line, id, ...rest } = entry;
      done.set(resumeKey({ line, id }), rest);
    }
  }
  return done;
}

function readText(file, what) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${file}: ${e.code ?? e.message}`);
  }
}
