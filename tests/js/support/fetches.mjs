// Test doubles for a client's `fetch` option.

/** A fetch that never answers and rejects with the signal's reason when the request's signal aborts. */
export const hanging = (request) => new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason)));

/** A fetch that answers `status` with `body` (JSON text of it unless a string) and `headers`. */
export function answering(status, body, headers = { 'Content-Type': 'application/json' }) {
  return async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers });
}
