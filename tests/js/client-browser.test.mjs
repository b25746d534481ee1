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

// --- a same-origin proxy: the setup that keeps the key off the page ----------------

const { createLeadProxy, toNodeListener } = await import(pathToFileURL(join(PKG, 'proxy/index.mjs')).href);

/**
 * Serves the page and pkg/web as `servePage` does, plus the package's proxy at
 * /api/convocore in front of the sandbox; `seen` gets the headers of each request the
 * proxy received.
 */
async function servePageWithProxy(sandbox, seen) {
  const page = await servePage();
  const proxy = toNodeListener(createLeadProxy({ apiKey: KEY, baseUrl: sandbox.baseUrl, retries: 0 }));
  const serveFile = page.server.listeners('request')[0];
  page.server.removeAllListeners('request');
  page.server.on('request', (req, res) => {
    if (!req.url.startsWith('/api/convocore/')) return serveFile(req, res);
    seen.push(req.headers);
    proxy(req, res);
  });
  return page;
}

let proxyBrowser;
async function browserTab() {
  // dashboard.test is a host name that is not loopback, for the page that must be warned.
  proxyBrowser ??= await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--host-resolver-rules=MAP dashboard.test 127.0.0.1'],
  });
  const tab = await proxyBrowser.newPage();
  const console = [];
  const errors = [];
  tab.on('console', (m) => console.push({ type: m.type(), text: m.text() }));
  tab.on('pageerror', (e) => errors.push(e.message));
  return { tab, console, errors };
}

test('in a page: a relative baseUrl and no key, with headers and credentials, through the proxy', async () => {
  const sandbox = await startSandbox({ validate: validateUpdateLead, port: 0, apiKey: KEY });
  cleanup.push(() => sandbox.close());
  const seen = [];
  const page = await servePageWithProxy(sandbox, seen);
  cleanup.push(() => new Promise((resolve) => { page.server.close(resolve); page.server.closeAllConnections(); }));
  const { tab, console, errors } = await browserTab();
  cleanup.push(() => proxyBrowser?.close());
  await tab.goto(`${page.url}/`);

  const outcome = await tab.evaluate(async () => {
    const { default: init, ConvocoreClient } = await import('./web/index.js');
    await init();
    document.cookie = 'session=s1; path=/';
    const body = (name) => ({ agentId: 'agent_emea_01', lead: { name } });
    const sent = {};
    const client = new ConvocoreClient({ baseUrl: '/api/convocore', headers: { 'X-CSRF-Token': 'csrf-1' }, retries: 0 });
    sent.baseUrl = client.baseUrl;
    sent.default = (await client.updateLead('lead_1001', body('Same Origin'))).data.name;
    for (const credentials of ['omit', 'include', 'same-origin']) {
      const c = new ConvocoreClient({ baseUrl: '/api/convocore/', credentials, retries: 0 });
      sent[credentials] = (await c.updateLead('lead_1001', body(`Credentials ${credentials}`))).data.name;
    }
    // An error from the API through the proxy reads as it would without one.
    const missing = await client.updateLead('lead_none', body('x')).catch((e) => ({ kind: e.kind, status: e.status, code: e.code }));
    const refused = {};
    for (const [name, options] of Object.entries({
      cookie: { baseUrl: '/api/convocore', headers: { Cookie: 'a=b' } },
      authorization: { baseUrl: '/api/convocore', apiKey: 'k', headers: { Authorization: 'Bearer other' } },
      contentType: { baseUrl: '/api/convocore', headers: { 'content-type': 'text/plain' } },
      notStrings: { baseUrl: '/api/convocore', headers: { 'X-Count': 1 } },
      headersObject: { baseUrl: '/api/convocore', headers: new Headers({ 'X-A': 'b' }) },
      schemeRelative: { baseUrl: '//evil.example/api' },
      credentials: { baseUrl: '/api/convocore', credentials: 'always' },
      noKeyNoBase: {},
    })) {
      try {
        new ConvocoreClient(options);
        refused[name] = 'accepted';
      } catch (e) {
        refused[name] = `${e.kind}: ${e.message}`;
      }
    }
    // A key on a loopback page: a developer trying things, no warning.
    new ConvocoreClient({ apiKey: 'k', baseUrl: '/api/convocore' });
    return { sent, missing, refused };
  });

  assert.deepEqual(outcome.sent, {
    baseUrl: `${page.url}/api/convocore`,
    default: 'Same Origin',
    omit: 'Credentials omit',
    include: 'Credentials include',
    'same-origin': 'Credentials same-origin',
  });
  assert.deepEqual(outcome.missing, { kind: 'http', status: 404, code: 'NOT_FOUND' });
  for (const [name, words] of Object.entries({
    cookie: /"Cookie" cannot be set: browsers forbid it/,
    authorization: /"Authorization" cannot be set with an apiKey/,
    contentType: /the client sends application\/json/,
    notStrings: /option `headers` must be a plain object of header names to string values/,
    headersObject: /option `headers` must be a plain object/,
    schemeRelative: /must not start with \/\//,
    credentials: /option `credentials` must be 'same-origin'/,
    noKeyNoBase: /apiKey is missing/,
  })) {
    assert.match(outcome.refused[name], new RegExp(`^validation: .*${words.source}`), name);
  }
  // What reached the proxy: no Authorization from the page, the extra header, and the
  // cookie as `credentials` said.
  assert.equal(seen.length, 5);
  assert.ok(seen.every((h) => h.authorization === undefined), 'no Authorization from the page');
  assert.equal(seen[0]['x-csrf-token'], 'csrf-1');
  assert.deepEqual(seen.slice(0, 4).map((h) => h.cookie), ['session=s1', undefined, 'session=s1', 'session=s1']);
  // What reached the sandbox: the proxy's key.
  const patches = sandbox.requests().filter((r) => r.method === 'PATCH');
  assert.equal(patches.length, 5);
  assert.ok(patches.every((r) => r.authorized && r.headers.origin === undefined));
  assert.deepEqual(console.filter((m) => m.type === 'warning'), [], 'no warning on a loopback page');
  assert.deepEqual(errors, []);
});

test('a key in a page that is not on a loopback host: one console warning, without the key', async () => {
  const sandbox = await startSandbox({ validate: validateUpdateLead, port: 0, apiKey: KEY });
  cleanup.push(() => sandbox.close());
  const page = await servePageWithProxy(sandbox, []);
  cleanup.push(() => new Promise((resolve) => { page.server.close(resolve); page.server.closeAllConnections(); }));
  const { tab, console, errors } = await browserTab();
  const url = `http://dashboard.test:${new URL(page.url).port}`;
  await tab.goto(`${url}/`);
  const outcome = await tab.evaluate(async ({ apiKey, baseUrl }) => {
    const { default: init, ConvocoreClient } = await import('./web/index.js');
    await init();
    const made = [];
    for (let i = 0; i < 3; i++) made.push(new ConvocoreClient({ apiKey, baseUrl }).baseUrl);
    let refused;
    try {
      // Over http: to this host, the key would cross the network in clear.
      new ConvocoreClient({ apiKey, baseUrl: '/api/convocore' });
    } catch (e) {
      refused = `${e.kind}: ${e.message}`;
    }
    // Without the key, the page's own origin is fine however it is served.
    const proxied = await new ConvocoreClient({ baseUrl: '/api/convocore', retries: 0 })
      .updateLead('lead_1002', { agentId: 'agent_emea_01', lead: { hotScore: 70 } });
    return { made, refused, proxied: proxied.data.hotScore, location: location.href };
  }, { apiKey: KEY, baseUrl: sandbox.baseUrl });
  assert.equal(outcome.location, `${url}/`);
  assert.deepEqual(outcome.made, [sandbox.baseUrl, sandbox.baseUrl, sandbox.baseUrl]);
  assert.match(outcome.refused, /^validation: baseUrl "\/api\/convocore" would send the apiKey over http:/);
  assert.equal(outcome.proxied, 70);
  const warnings = console.filter((m) => m.type === 'warning');
  assert.equal(warnings.length, 1, JSON.stringify(console));
  assert.match(warnings[0].text, /^convocore-leads: ConvocoreClient was given an apiKey in a browser page/);
  assert.ok(!JSON.stringify(console).includes(KEY), 'the key is in no console message');
  assert.deepEqual(errors, []);
});
