// ConvocoreClient in headless Chromium: a page from one loopback origin loads the
// browser entry (pkg/web), awaits init() and sends a real PATCH to the sandbox on
// another port, so the request goes through the browser's fetch and CORS.
// Run after scripts/build.sh: node --test tests/js/client-browser.test.mjs

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

import { PKG } from './support/package.mjs';

const { validateUpdateLead } = await import(pathToFileURL(join(PKG, 'node/index.mjs')).href);
const { startSandbox } = await import(pathToFileURL(join(PKG, 'sandbox/server.mjs')).href);

const KEY = 'ck_browser_Jd93-never-shown';
const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.html': 'text/html' };
const PAGE = '<!doctype html><meta charset="utf-8"><title>convocore-leads</title>';

/** Serves `/` (an empty page) and `/web/*` from pkg/web on a free loopback port. */
async function servePage() {
  const root = join(PKG, 'web');
  const server = http.createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/') return res.writeHead(200, { 'Content-Type': TYPES['.html'] }).end(PAGE);
    const file = normalize(join(root, path.slice('/web/'.length)));
    if (!path.startsWith('/web/') || !file.startsWith(root + sep)) return res.writeHead(404).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

const cleanup = [];
after(async () => {
  for (const close of cleanup.reverse()) await close();
});

test('a cross-origin PATCH from the browser entry changes the lead', async () => {
  const sandbox = await startSandbox({ validate: validateUpdateLead, port: 0, apiKey: KEY });
  cleanup.push(() => sandbox.close());
  const page = await servePage();
  cleanup.push(() => new Promise((resolve) => page.server.close(resolve)));
  assert.notEqual(new URL(page.url).origin, new URL(sandbox.url).origin);

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
  cleanup.push(() => browser.close());
  const tab = await browser.newPage();
  const pageErrors = [];
  tab.on('pageerror', (e) => pageErrors.push(e.message));
  await tab.goto(`${page.url}/`);

  const outcome = await tab.evaluate(async ({ baseUrl, apiKey }) => {
    const { default: init, ConvocoreClient, ConvocoreError } = await import('./web/index.js');
    await init();
    const client = new ConvocoreClient({ apiKey, baseUrl, retries: 0 });
    const ok = await client.updateLead('lead_1001', { agentId: 'agent_emea_01', lead: { metaData: { stage: 'won', source: 'chat' } } });
    let error;
    try {
      await client.updateLead('lead_none', { agentId: 'agent_emea_01', lead: { name: 'x' } });
    } catch (e) {
      error = { isConvocoreError: e instanceof ConvocoreError, kind: e.kind, status: e.status, code: e.code, text: JSON.stringify(e) + e.message + e.stack };
    }
    return { ok, error };
  }, { baseUrl: sandbox.baseUrl, apiKey: KEY });

  assert.equal(outcome.ok.success, true);
  assert.equal(outcome.ok.data.metaData.stage, 'won');
  // An error answer crosses CORS readably too.
  assert.deepEqual(
    { ...outcome.error, text: undefined },
    { isConvocoreError: true, kind: 'http', status: 404, code: 'NOT_FOUND', text: undefined },
  );
  assert.ok(!outcome.error.text.includes(KEY), 'the key is in no error');
  assert.deepEqual(pageErrors, []);

  const [patch] = sandbox.requests();
  assert.equal(patch.method, 'PATCH');
  assert.equal(patch.authorized, true);
  assert.equal(patch.headers.origin, page.url, 'sent cross-origin by the browser');
  const res = await fetch(`${sandbox.baseUrl}/leads/lead_1001?agentId=agent_emea_01`, { headers: { Authorization: `Bearer ${KEY}` } });
  assert.equal((await res.json()).data.metaData.stage, 'won');
});
