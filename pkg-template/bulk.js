// `client.updateLeads(items, options)`: many updates through one client, with bounded
// concurrency that halves on a 429 (the pause holds every worker, retries included) and
// grows back, an abort that records what was in flight as `unknown`, and results that
// a later run can resume from. Written in JavaScript over `updateLead`: the engine is
// scheduling (timers, a queue, promises), which the wasm would only reach back out for.
import { ConvocoreError } from './errors.js';
import { Gate } from './gate.js';

const MAX_CONCURRENCY = 64;
const DEFAULT_CONCURRENCY = 8;

/**
 * Checks the arguments at once (a `validation` ConvocoreError), then returns an async
 * iterable, run on first iteration and only once, of one result per item not in `skip`.
 */
export function updateLeads(items, options = {}) {
  const refuse = (message) => {
    throw new ConvocoreError('validation', message, { issues: [], retryable: false, attempts: 0 });
  };
  if (typeof this?.updateLead !== 'function') refuse('updateLeads is a method: call it on a ConvocoreClient');
  if (items == null || typeof items[Symbol.iterator] !== 'function') refuse('updateLeads needs an array (or iterable) of { id, body } items');
  if (options === null || typeof options !== 'object') refuse('the options of updateLeads must be an object');
  const { concurrency = DEFAULT_CONCURRENCY, signal, stopSignal, skip, onProgress } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    refuse(`option \`concurrency\` must be a whole number from 1 to ${MAX_CONCURRENCY}`);
  }
  for (const [name, value] of [['signal', signal], ['stopSignal', stopSignal]]) {
    if (value != null && !(value instanceof AbortSignal)) refuse(`option \`${name}\` must be an AbortSignal`);
  }
  if (skip != null && typeof skip[Symbol.iterator] !== 'function') refuse('option `skip` must be an iterable of item indexes');
  if (onProgress != null && typeof onProgress !== 'function') refuse('option `onProgress` must be a function');
  let list;
  let skipped;
  // Each item read once, here: a getter that throws refuses the run before anything is sent.
  try {
    list = Array.from(items, (item) => [item?.id, item?.body]);
    skipped = new Set(skip ?? []);
  } catch (e) {
    refuse(`updateLeads could not read its items or \`skip\`: ${e?.message ?? e}`);
  }
  const queue = [];
  for (let i = 0; i < list.length; i++) if (!skipped.has(i)) queue.push(i);
  return run(this, list, queue, { concurrency, signal, stopSignal, onProgress, skipped: list.length - queue.length });
}

async function* run(client, items, queue, { concurrency, signal, stopSignal, onProgress, skipped }) {
  const counts = { done: 0, failed: 0, unknown: 0, notStarted: 0 };
  let throttles = 0;
  const progress = () => {
    if (!onProgress) return;
    try {
      onProgress({
        total: queue.length,
        ...counts,
        skipped,
        inFlight: gate.active,
        concurrency: gate.limit,
        maxConcurrency: gate.max,
        paused: gate.paused,
        throttles,
      });
    } catch {
      // A throwing observer must not break the run it observes.
    }
  };
  const gate = new Gate(concurrency, progress);

  // Results wait here for the consumer, in the order they came.
  const results = [];
  let read = 0;
  let wake = null;
  const deliver = (result) => {
    counts[result.outcome === 'not_started' ? 'notStarted' : result.outcome]++;
    results.push(result);
    progress();
    wake?.();
  };

  const onStop = () => gate.stop();
  const onAbort = () => gate.open();
  stopSignal?.addEventListener('abort', onStop);
  signal?.addEventListener('abort', onAbort);
  if (stopSignal?.aborted) onStop();
  if (signal?.aborted) onAbort();

  const updateOptions = {
    signal,
    // A 429 pauses every worker for its Retry-After; any retry (this one or another
    // worker's) then waits for the pause to end too.
    onRetry: ({ delayMs, error }) => {
      if (error?.status === 429) {
        throttles++;
        gate.throttled(delayMs);
        progress();
      }
      return gate.whenOpen();
    },
  };
  let next = 0;
  const worker = async () => {
    while (next < queue.length && (await gate.acquire())) {
      if (next >= queue.length) {
        gate.release(false);
        break;
      }
      const index = queue[next++];
      const [id, body] = items[index];
      progress();
      let result;
      try {
        result = { index, id, outcome: 'done', response: await client.updateLead(id, body, updateOptions) };
      } catch (error) {
        result = { index, id, outcome: outcomeOf(error, signal), error };
      }
      // The slot first, so that the progress reported with the result counts it out.
      gate.release(result.outcome === 'done');
      deliver(result);
    }
  };
  let finished = false;
  const workers = Promise.all(Array.from({ length: Math.min(gate.max, queue.length) }, worker)).finally(() => {
    finished = true;
    wake?.();
  });

  try {
    for (;;) {
      if (read < results.length) {
        const result = results[read];
        results[read++] = undefined;
        yield result;
      } else if (finished) {
        break;
      } else {
        await new Promise((resolve) => (wake = resolve));
        wake = null;
      }
    }
    // Stopped or aborted: the items never sent, so that every item has its one result.
    for (const index of queue.slice(next)) {
      deliver({ index, id: items[index][0], outcome: 'not_started' });
      yield results[read++];
    }
  } finally {
    // Left early (`break`): start nothing more, and return once those in flight settled.
    gate.stop();
    await workers;
    gate.close();
    stopSignal?.removeEventListener('abort', onStop);
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Stopped by the run's `signal` after its request went out: `unknown` (the server may have
 * applied it); before any request: `not_started`; anything else: `failed`.
 */
function outcomeOf(error, signal) {
  if (!signal?.aborted || !(error instanceof ConvocoreError) || (error.kind !== 'aborted' && error.kind !== 'timeout')) return 'failed';
  return error.attempts === 0 ? 'not_started' : 'unknown';
}
