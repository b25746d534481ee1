// Test doubles for a client's `fetch` option.

/** A fetch that never answers and rejects with the signal's reason when it aborts. */
export const hanging = (url, init) => new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason)));

/** A fetch that answers `status` with `body` (JSON text of it unless a string) and `headers`. */
export function answering(status, body, headers = { 'Content-Type': 'application/json' }) {
  return async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers });
}
