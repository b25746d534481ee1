// 100,000 validations and 100,000 client calls (failures included; ~3,000 of them real
// requests to the sandbox) keep wasm memory and the JS heap flat after a warm-up as long as
// the run (the heap settles near 40 MB during the first 100,000 calls). Measured in
// a child process with --expose-gc (fixtures/leak-run.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = fileURLToPath(new URL('./fixtures/leak-run.mjs', import.meta.url));

test('wasm memory and the JS heap stay flat over 100,000 validations and 100,000 client calls', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', run], { timeout: 120_000 });
  const m = JSON.parse(stdout.trim().split('\n').pop());
  const mb = (n) => `${(n / 1048576).toFixed(2)} MB`;
  const report = `validations: wasm ${mb(m.validationsBefore.wasm)} -> ${mb(m.validationsAfter.wasm)}, heap ${mb(m.validationsBefore.heap)} -> ${mb(m.validationsAfter.heap)}; ` +
    `calls (${(m.callsMs / 1000).toFixed(1)} s): wasm ${mb(m.callsBefore.wasm)} -> ${mb(m.callsAfter.wasm)}, heap ${mb(m.callsBefore.heap)} -> ${mb(m.callsAfter.heap)}`;
  console.log(`# ${report}`);
  assert.equal(m.validationsAfter.wasm, m.validationsBefore.wasm, report);
  assert.equal(m.callsAfter.wasm, m.callsBefore.wasm, report);
  // A leak of even 100 bytes per call would be 10 MB here; the slack is V8's own caches.
  assert.ok(m.validationsAfter.heap - m.validationsBefore.heap < 2 * 1048576, report);
  assert.ok(m.callsAfter.heap - m.callsBefore.heap < 8 * 1048576, report);
});
