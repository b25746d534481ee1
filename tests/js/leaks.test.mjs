// 100,000 validations and 125,000 client calls (failures included; ~3,800 of them real
// requests to the sandbox) keep wasm memory and the JS heap flat after warm-up.
// Measured in a child process with --expose-gc (fixtures/leak-run.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = fileURLToPath(new URL('./fixtures/leak-run.mjs', import.meta.url));

test('wasm memory and the JS heap stay flat over 100,000 validations and 125,000 client calls', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', run], { timeout: 120_000 });
  const m = JSON.parse(stdout.trim().split('\n').pop());
  const mb = (n) => `${(n / 1048576).toFixed(2)} MB`;
  const heaps = m.calls.map((c) => c.heap);
  const report = `validations: wasm ${mb(m.validationsBefore.wasm)} -> ${mb(m.validationsAfter.wasm)}, heap ${mb(m.validationsBefore.heap)} -> ${mb(m.validationsAfter.heap)}; ` +
    `125,000 calls (${(m.callsMs / 1000).toFixed(1)} s): wasm ${m.calls.map((c) => mb(c.wasm)).join(' ')}, heap ${heaps.map(mb).join(' ')}`;
  console.log(`# ${report}`);
  assert.equal(m.validationsAfter.wasm, m.validationsBefore.wasm, report);
  assert.ok(m.calls.every((c) => c.wasm === m.calls[0].wasm), report);
  // A leak of even 25 bytes per call would be 3 MB here (the noise is under 1 MB).
  assert.ok(m.validationsAfter.heap - m.validationsBefore.heap < 2 * 1048576, report);
  assert.ok(heaps.at(-1) - heaps[0] < 3 * 1048576, report);
});
