// `convocore-leads bulk`: many updates from a file, with bounded concurrency, a shared
// slow-down on 429, and a results file in which every input row ends up.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, UsageError } from './args.mjs';
import { InputError, readRows } from './bulk-input.mjs';
import { CLIENT_FLAGS, CLIENT_HELP, createClient, failure, formatIssue } from './config.mjs';
import { ALLOW_PARTIAL_HELP, objectName, partialWarnings, refusalHint } from './partial.mjs';
import { startProgress } from './progress.mjs';

export const BULK_USAGE = `Usage: convocore-leads bulk <file.ndjson|file.csv> [options]

Sends one update per row. Every row is checked first: a file with a bad shape (missing
column, unknown field path, broken quoting) is refused before anything is sent; an
invalid row (or a CSV row whose field cells are all empty) is skipped and reported.

metaData and assignedTo are sent as the row gives them: a server that replaces nested
objects would erase their fields not sent. A run in which any row would send part of one
(e.g. a metaData.stage column without the other metaData columns) is refused before
anything is sent, unless --allow-partial; --dry-run counts and shows those rows.

Input:
  NDJSON  one {"id": "<leadId>", "agentId": "<agentId>", "lead": {...}} per line
  CSV     header line with columns id, agentId and field paths (name, metaData.stage,
          hotScore...); values are typed by the field as in \`update --set\`; an empty
          cell leaves the field alone, null clears email/name/phone

Output (one JSON object per line):
  --out FILE         results, one per input row: {"line", "id", "outcome": "done"},
                     {"outcome": "failed", "status", "code", "message", ...},
                     {"outcome": "skipped", "issues": [...]} or {"outcome": "unknown", ...}
                     (default <file>.results.ndjson). An existing results file is never
                     overwritten silently: the run is refused unless it is the --resume file
  --failures FILE    the failed and unknown rows (and, after Ctrl-C, those not started) as
                     NDJSON input rows, to run again (default <file>.failures.ndjson)
  --json             also print each result, as the results file has it, on stdout (the
                     summary then goes to stderr with the progress)

Options:
  --concurrency N    requests at once, 1 to 64 (default 8); a 429 pauses every request
                     for its Retry-After and halves this, which then grows back
  --resume FILE      continue an earlier run: skip the rows that FILE (its --out) lists as
                     done, send the others again, including those whose outcome was
                     unknown (a PATCH of the same fields is idempotent); FILE may be --out
  --dry-run          read and validate every row, send nothing, write no file, and print
                     what a real run would do: rows to send, skipped, already done, and
                     how many would send part of a nested object (needs no API key)
${ALLOW_PARTIAL_HELP}${CLIENT_HELP}
Ctrl-C stops starting requests, waits for those in flight and writes the results.
Pressed again, it aborts the requests in flight: their rows are recorded as "unknown",
not "failed", since the server may have applied them; --resume sends them again.
Progress goes to stderr, the summary to stdout. Scripts can do the same with the
package's client.updateLeads(items, { concurrency, signal, stopSignal, onProgress }).

Examples:
  convocore-leads bulk leads.csv --dry-run
  convocore-leads bulk leads.csv --concurrency 4 --allow-partial
  convocore-leads bulk updates.ndjson --out run1.ndjson
  convocore-leads bulk updates.ndjson --resume updates.ndjson.results.ndjson
  convocore-leads bulk updates.ndjson.failures.ndjson

Exit codes: 0 every row done (with --dry-run: a real run would send every row), 1 some
failed, unknown or skipped (or the run was refused), 2 bad usage, 130 interrupted.
`;

// Skipped rows shown on stderr; all of them are in the results file.
const SHOWN_SKIPPED = 20;

const FLAGS = {
  concurrency: { type: 'integer', min: 1, max: 64 },
  out: { type: 'string' },
  failures: { type: 'string' },
  resume: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'allow-partial': { type: 'boolean' },
  json: { type: 'boolean' },
  ...CLIENT_FLAGS,
};

export async function runBulk(argv, { env, output }) {
  const { options, positionals } = parseArgs(argv, FLAGS);
  if (options.help) {
    output.out(BULK_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'give exactly one input file' : 'missing <file>');
  if (options.json && options['dry-run']) throw new UsageError('--json gives the results of a real run: not with --dry-run');
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
  const { done: earlier, unknown: earlierUnknown } = options.resume === undefined ? { done: new Map(), unknown: new Set() } : readEarlier(options.resume);
  const pending = rows.filter((row) => row.body && !earlier.has(resumeKey(row)));
  const partial = pending.filter((row) => partialWarnings(row.warnings).length);
  // A results file is rewritten only when it is the one this run continues.
  const overwrites = fs.existsSync(outFile) && fs.statSync(outFile).size > 0 &&
    (options.resume === undefined || path.resolve(options.resume) !== path.resolve(outFile));
  const overwriteRefusal = `${outFile} holds the results of an earlier run: continue that run with --resume ${outFile}, write elsewhere with --out FILE, or delete it to start over`;

  if (options['dry-run']) return dryRun({ rows, pending, partial, earlier, allowPartial: options['allow-partial'], overwrites, overwriteRefusal, output });
  if (overwrites) {
    output.err(`refused: ${overwriteRefusal}; nothing was sent\n`);
    return 1;
  }
  if (partial.length && !options['allow-partial']) {
    showPartial(partial, output, 'error');
    output.err(`refused: ${partial.length} of ${rows.length} rows would send part of a nested object: ${refusalHint(partial.flatMap((r) => partialWarnings(r.warnings).map(objectName)))}; nothing was sent\n`);
    return 1;
  }
  const resent = pending.filter((row) => earlierUnknown.has(resumeKey(row))).length;
  if (resent) {
    output.err(`resending ${resent} row${resent === 1 ? '' : 's'} whose outcome was unknown (aborted in flight by an earlier run): a PATCH of the same fields is idempotent\n`);
  }

  const client = createClient(options, env, output, {
    onRetry: options.verbose
      ? ({ attempt, delayMs, error }) => output.err(`retry: attempt ${attempt} failed (${error.message}), waiting ${delayMs} ms\n`)
      : undefined,
  });

  const results = fs.openSync(outFile, 'w');
  const counts = { done: 0, failed: 0, skipped: 0, unknown: 0, resumed: 0 };
  const retry = [];
  const notStarted = [];
  const write = (row, entry) => {
    const line = JSON.stringify({ line: row.line, id: row.id, ...entry });
    fs.writeSync(results, `${line}\n`);
    if (options.json) output.out(`${line}\n`);
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

  const concurrency = options.concurrency ?? 8;
  // The run's last progress report (updateLeads' onProgress).
  let state = { inFlight: 0, concurrency, maxConcurrency: concurrency, paused: false, throttles: 0 };
  // The first Ctrl-C stops starting rows; the second aborts those in flight.
  const stop = new AbortController();
  const abort = new AbortController();
  const onSigint = () => {
    if (stop.signal.aborted) {
      abort.abort();
      return;
    }
    stop.abort();
    output.err(`\ninterrupted: waiting for ${state.inFlight} request(s) in flight (Ctrl-C again to abort them)\n`);
  };
  process.on('SIGINT', onSigint);

  const progress = startProgress(output, rows.length - counts.resumed, () => ({
    finished: counts.done + counts.failed + counts.skipped + counts.unknown,
    failed: counts.failed + counts.unknown,
    skipped: counts.skipped,
    limit: state.concurrency,
    max: state.maxConcurrency,
    paused: state.paused,
  }));
  const items = queue.map((row) => ({ id: row.id, body: row.body }));
  try {
    const run = client.updateLeads(items, { concurrency, signal: abort.signal, stopSignal: stop.signal, onProgress: (p) => (state = p) });
    for await (const { index, outcome, error } of run) {
      const row = queue[index];
      if (outcome === 'not_started') {
        notStarted.push(row);
        continue;
      }
      if (outcome === 'done') write(row, { outcome });
      else if (outcome === 'unknown') write(row, { outcome, message: 'aborted in flight by the second Ctrl-C: the server may have applied this update' });
      else write(row, failure(error));
      counts[outcome]++;
      if (outcome !== 'done') retry.push(row);
    }
  } finally {
    process.off('SIGINT', onSigint);
    progress.stop();
    client.free();
    fs.closeSync(results);
  }
  const throttles = state.throttles;
  const interrupted = stop.signal.aborted;

  const again = [...retry, ...notStarted].sort((a, b) => a.line - b.line);
  fs.writeFileSync(failuresFile, again.map((r) => `${JSON.stringify({ id: r.id, ...r.body })}\n`).join(''));

  // With --json, stdout holds the results alone.
  const say = options.json ? output.err : output.out;
  showSkipped(rows, earlier, output, `see ${outFile}`);
  const unknown = counts.unknown ? `, ${counts.unknown} unknown` : '';
  const resumed = counts.resumed ? `, ${counts.resumed} already done before` : '';
  const resentNote = resent ? ` (${resent} sent again after an unknown outcome)` : '';
  say(`${rows.length} rows: ${counts.done} done, ${counts.failed} failed${unknown}, ${counts.skipped} skipped${resumed}${resentNote}\n`);
  if (partial.length && options['allow-partial']) {
    say(`partial objects: ${partial.length} row${partial.length === 1 ? '' : 's'} sent part of a nested object (--allow-partial)\n`);
  }
  if (counts.unknown) {
    say(`unknown: ${counts.unknown} row${counts.unknown === 1 ? ' was' : 's were'} aborted in flight by the second Ctrl-C: the server may or may not have applied ${counts.unknown === 1 ? 'it' : 'them'}; --resume ${outFile} sends ${counts.unknown === 1 ? 'it' : 'them'} again (a PATCH of the same fields is idempotent)\n`);
  }
  if (throttles) say(`slowed down by 429 ${throttles} time${throttles === 1 ? '' : 's'}\n`);
  say(`results: ${outFile}\n`);
  if (again.length) say(`to run again: ${failuresFile} (${again.length} rows)\n`);
  if (interrupted) {
    say(`interrupted: ${notStarted.length} rows not started; continue with --resume ${outFile}\n`);
    return 130;
  }
  return counts.failed || counts.unknown || counts.skipped ? 1 : 0;
}

/** `--dry-run`: what a real run would do, from the rows alone; nothing is sent or written. */
function dryRun({ rows, pending, partial, earlier, allowPartial, overwrites, overwriteRefusal, output }) {
  showSkipped(rows, earlier, output, 'all of them are in the results file of a real run');
  if (partial.length) showPartial(partial, output, 'warning');
  const skipped = rows.filter((row) => !row.body && !earlier.has(resumeKey(row))).length;
  const done = rows.length - pending.length - skipped;
  output.out('dry run: nothing was sent\n');
  output.out(`${rows.length} rows: ${pending.length} to send, ${skipped} skipped${done ? `, ${done} already done before` : ''}\n`);
  const byObject = new Map();
  for (const w of partial.flatMap((row) => partialWarnings(row.warnings))) byObject.set(objectName(w), (byObject.get(objectName(w)) ?? 0) + 1);
  const detail = [...byObject].map(([name, n]) => `${name}: ${n}`).join(', ');
  output.out(
    `partial objects: ${partial.length} row${partial.length === 1 ? '' : 's'} would send part of a nested object${partial.length ? ` (${detail})` : ''}` +
      (partial.length ? (allowPartial ? '; sent anyway with --allow-partial' : `; a real run refuses ${partial.length === 1 ? 'it' : 'them'} without --allow-partial`) : '') +
      '\n',
  );
  if (overwrites) output.out(`a real run would be refused: ${overwriteRefusal}\n`);
  return skipped || overwrites || (partial.length && !allowPartial) ? 1 : 0;
}

/** The skipped rows' issues on stderr, the first SHOWN_SKIPPED of them. */
function showSkipped(rows, earlier, output, where) {
  const skipped = rows.filter((row) => !row.body && !earlier.has(resumeKey(row)));
  for (const row of skipped.slice(0, SHOWN_SKIPPED)) {
    for (const issue of row.issues) output.err(`line ${row.line}: skipped: ${formatIssue(issue)}\n`);
  }
  if (skipped.length > SHOWN_SKIPPED) output.err(`... and ${skipped.length - SHOWN_SKIPPED} more skipped rows (${where})\n`);
}

/** The `partial_object` warnings of the first SHOWN_SKIPPED rows that have one, on stderr. */
function showPartial(partial, output, label) {
  for (const row of partial.slice(0, SHOWN_SKIPPED)) {
    for (const w of partialWarnings(row.warnings)) output.err(`line ${row.line}: ${label}: ${formatIssue(w)}\n`);
  }
  if (partial.length > SHOWN_SKIPPED) output.err(`... and ${partial.length - SHOWN_SKIPPED} more rows that send part of a nested object\n`);
}

// Rows are matched by line and lead id, so a resume against an edited file does not
// skip a row that moved.
function resumeKey(row) {
  return `${row.line}\u0000${row.id}`;
}

/** The `done` entries of an earlier results file by resumeKey, and the keys of its `unknown` ones. */
function readEarlier(file) {
  const done = new Map();
  const unknown = new Set();
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
    } else if (entry?.outcome === 'unknown') {
      unknown.add(resumeKey(entry));
    }
  }
  return { done, unknown };
}

function readText(file, what) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${file}: ${e.code ?? e.message}`);
  }
}
