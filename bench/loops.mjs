// The loops of the client benchmark, shared by bench/run.mjs and `bench/ab.mjs --client`:
// the jobs, the pool that runs them at concurrency 16, and the plain fetch loops the client
// is compared with.

/** `total` updates of the small bench bodies, each to a seeded lead of its agent. */
export function updateJobs(small, leads, total) {
  return Array.from({ length: total }, (_, i) => {
    const lead = leads[i % leads.length];
    return { id: lead.id, body: { ...small[i % small.length], agentId: lead.agentId } };
  });
}

/** Runs `send` on every job, 16 at a time: `{ wall, cpu }` in ms (cpu: this process's). */
export async function pool(jobs, send) {
  let next = 0;
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 16 }, async () => { while (next < jobs.length) await send(jobs[next++]); }));
  const { user, system } = process.cpuUsage(cpu);
  return { wall: performance.now() - t0, cpu: (user + system) / 1000 };
}

/**
 * The plain `fetch` loop against `baseUrl`'s sandbox (key `bench-key`). With `timeout`, each
 * request gets an `AbortController` that aborts after 10 s, like the client's default
 * timeout; the plain loop of the target has none.
 */
export function fetchLoop(baseUrl, { timeout = false } = {}) {
  const send = (job, signal) =>
    fetch(`${baseUrl}/leads/${encodeURIComponent(job.id)}`, {
      method: 'PATCH',
      headers: { authorization: 'Bearer bench-key', 'content-type': 'application/json' },
      body: JSON.stringify(job.body),
      signal,
    }).then(async (res) => {
      const json = await res.json();
      if (!res.ok || json.success !== true) throw new Error(`plain fetch: ${res.status}`);
    });
  if (!timeout) return (job) => send(job);
  return (job) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 10_000);
    return send(job, controller.signal).finally(() => clearTimeout(timer));
  };
}
