// Driving a sandbox (pkg/sandbox/server.mjs) started by a test: its control API and its store.

/** `control(path, method, body?)`: a call of the sandbox's `/__sandbox/<path>` (faults, requests, reset), resolving to its JSON. */
export const sandboxControl = (sandbox) => (p, method, body) =>
  fetch(`${sandbox.url}/__sandbox/${p}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then((r) => r.json());

/** Stores `n` leads `<prefix>_0000`... of `agentId`, named `Before`; returns their ids. */
export function addLeads(sandbox, prefix, n, agentId) {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}_${String(i).padStart(4, '0')}`);
  for (const id of ids) sandbox.store.put({ id, agentId, name: 'Before' });
  return ids;
}
