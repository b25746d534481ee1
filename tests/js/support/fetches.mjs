// Test doubles for a client's `fetch` option.

/** A fetch that never answers and rejects with the signal's reason when it aborts. */
export const hanging = (url, init) => new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason)));
