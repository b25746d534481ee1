// `ConvocoreClient#updateLead`: the awaiting of an update (fetch, timers, abort signals).
// Every decision is the wasm's: what to send (`__request`), what an answer or a failure
// means and whether and when to try again (`__answer`, `__failure`).
const SETTINGS = Symbol('settings');

export function withUpdateLead(Client) {
  Client.prototype.updateLead = async function updateLead(id, body, options) {
    const [url, text, signal, fetch] = this.__request(id, body, options, globalThis.fetch);
    // The same for every update of this client: asked of the wasm once.
    const [request, timeoutMs, onRetry] = (this[SETTINGS] ??= this.__settings());
    for (let attempts = 1; ; attempts++) {
      if (signal?.aborted) throw this.__failure('aborted', undefined, attempts - 1)[1];
      const [value, error, delayMs] = await attempt(this, url, request, text, signal, fetch, timeoutMs, attempts);
      if (!error) return value;
      if (delayMs === undefined) throw error;
      try {
        onRetry?.({ attempt: attempts, delayMs: Math.round(delayMs), error });
      } catch {
        // A throwing observer must not break the update it observes.
      }
      if (!(await sleep(delayMs, signal))) throw this.__failure('aborted_wait', undefined, attempts)[1];
    }
  };
}

async function attempt(client, url, request, body, signal, fetch, timeoutMs, attempts) {
  const deadline = joinDeadline(client, timeoutMs);
  let response;
  let text;
  try {
    const both = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
    // Made per attempt, headers too: a custom fetch may change what it is given.
    response = await fetch(url, { method: request.method, headers: { ...request.headers }, body, signal: both });
    if (typeof response?.text === 'function') text = await response.text();
  } catch (cause) {
    const kind = signal?.aborted ? 'aborted' : deadline.signal.aborted ? 'timeout' : 'network';
    return client.__failure(kind, cause, attempts);
  } finally {
    leaveDeadline(client, deadline);
  }
  return client.__answer(response, text, attempts);
}

// Attempts of one client that start close together share one timeout: an AbortController
// and a timer for each attempt were a sixth of the client's own work in a pool of
// concurrent updates. A deadline takes the attempts that start within 1% of `timeoutMs`
// of its first, and aborts them at that first start + `timeoutMs` + 1%: each attempt is
// aborted between `timeoutMs` and 1% later. At most 8 share one: each attempt's fetch
// listens to the signal, and Node warns beyond 10 listeners. Its timer is cleared when its
// last attempt ends, so no timer outlives the requests.
const DEADLINE = Symbol('deadline');
const ATTEMPTS_PER_DEADLINE = 8;

function joinDeadline(client, timeoutMs) {
  const now = performance.now();
  let deadline = client[DEADLINE];
  if (deadline === undefined || deadline.joined === ATTEMPTS_PER_DEADLINE || now >= deadline.openUntil) {
    const slack = timeoutMs / 100;
    const controller = new AbortController();
    deadline = client[DEADLINE] = {
      signal: controller.signal,
      openUntil: now + slack,
      joined: 0,
      pending: 0,
      timer: setTimeout(() => controller.abort(), timeoutMs + slack),
    };
  }
  deadline.joined++;
  deadline.pending++;
  return deadline;
}

function leaveDeadline(client, deadline) {
  if (--deadline.pending > 0) return;
  clearTimeout(deadline.timer);
  // Its timer is gone: later attempts need a deadline of their own.
  if (client[DEADLINE] === deadline) client[DEADLINE] = undefined;
}

// Resolves to false, at once, when `signal` aborts (or already has); the timer is cleared
// then, so a long Retry-After does not keep the process alive.
function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve(!signal?.aborted);
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });
}
