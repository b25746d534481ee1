// The hostile-value exercise of hostile.test.mjs in headless Chromium, against the web
// build (pkg/web): the same generator module is served to the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from './support/package.mjs';

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.json': 'application/json' };
const PAGE = `<!doctype html><script type="module">
import init, * as api from '/pkg/web/index.js';
import { exercise, assertStillValidates } from '/tests/js/fixtures/hostile-values.mjs';
await init();
const ok = () => new Response('{"success":true,"message":"ok"}', { status: 200, headers: { 'content-type': 'application/json' } });
try {
  const result = await exercise(api, { seed: 20260523, count: 10000, fetchStub: ok });
  assertStillValidates(api);
  window.result = result;
} catch (e) {
  window.result = { failures: [{ call: 'page', error: String(e) }], calls: 0 };
}
</script>`;

function serve() {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    const file = path.join(ROOT, path.normalize(decodeURIComponent(url.pathname)));
    const allowed = [path.join(ROOT, 'pkg', 'web') + path.sep, path.join(ROOT, 'tests', 'js', 'fixtures') + path.sep];
    if (!allowed.some((dir) => file.startsWith(dir))) return res.writeHead(404).end();
    try {
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(await fs.readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('10,000 random and hostile values through every export in Chromium throw nothing but ConvocoreError', { timeout: 180_000 }, async () => {
  const server = await serve();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => window.result !== undefined, null, { timeout: 170_000, polling: 500 });
    const { failures, calls } = await page.evaluate(() => window.result);
    assert.deepEqual(failures.slice(0, 20), []);
    assert.deepEqual(errors, []);
    assert.ok(calls >= 18_000, `${calls} calls`);
  } finally {
    await browser.close();
    server.close();
  }
});
