// Browser tests of the demo dashboard (www/, served by scripts/serve-demo.mjs) in Debian's
// headless Chromium: edit a sandbox lead, see the request, send it through the demo
// server's same-origin proxy (the page holds no key), see validation at the fields, watch
// a retry. Needs the built pkg/ (scripts/build.sh).
// UPDATE_SCREENSHOTS=1 writes docs/screenshot-{desktop,mobile}.png; otherwise they go to a
// temp dir.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from './support/package.mjs';
import { startDemo } from '../../scripts/serve-demo.mjs';

// Not the sandbox's public default: a key that must appear nowhere in the page.
const KEY = 'demo-test-key_Vb82-kept-by-the-server';
let demo;
let browser;
let page;
/** Every response the page got (its HTML, scripts, styles, wasm, JSON), bodies read. */
const responses = [];
/** Every request the page made, with all its headers. */
const requests = [];

async function sandboxLead(id, agentId) {
  const res = await fetch(`${demo.sandboxUrl}/v3/leads/${encodeURIComponent(id)}?agentId=${agentId}`, {
    headers: { Authorization: `Bearer ${KEY}` },
  });
  assert.equal(res.status, 200);
  return (await res.json()).data;
}

async function control(pathname, body) {
  const res = await fetch(`${demo.sandboxUrl}${pathname}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.equal(res.status, 200, `${pathname} answered ${res.status}`);
  return res.json();
}

/** Polls `check` (from Node) until it holds, for up to 5 s. */
async function waitUntil(check) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail('the condition did not hold within 5 s');
}

async function openLead(name) {
  await page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  await page.locator('#editor-title', { hasText: name }).waitFor();
}

before(async () => {
  demo = await startDemo({ port: 0, sandboxPort: 0, apiKey: KEY });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => requests.push(r.allHeaders().then((headers) => ({ url: r.url(), method: r.method(), headers }))));
  page.on('response', (r) => responses.push(r.body().then((body) => ({ url: r.url(), body: body.toString('latin1') }), () => ({ url: r.url(), body: '' }))));
  await page.goto(demo.url);
  await page.waitForSelector('body[data-ready]', { timeout: 15000 }).catch((e) => {
    throw new Error(`page did not start: ${problems.join('; ') || e.message}`);
  });
});

after(async () => {
  await browser?.close();
  await demo?.close();
});

test('lists the sandbox leads through the demo server; the client goes to the same-origin proxy', async () => {
  assert.equal(await page.locator('[name="apiKey"]').count(), 0, 'no key field');
  assert.equal(await page.inputValue('[name="baseUrl"]'), '/api/convocore');
  assert.equal(await page.locator('#upstream').innerText(), `${demo.sandboxUrl}/v3`);
  assert.equal(await page.locator('#lead-list button').count(), 7);
});

test('edit name and stage, see the request body, send, and the sandbox has it', async () => {
  await openLead('Amelia Hartley');
  // Every schema field has a control named by its JSON path.
  for (const name of ['lead.name', 'lead.email', 'lead.phone', 'lead.metaData.lostReason', 'lead.metaData.demoTime',
    'lead.assignedTo.status', 'lead.hotScore', 'lead.hotLabel', 'lead.crmActivities.0.type',
    'lead.crmActivities.1.notesHistory.0.text', 'lead.crmActivities.0.firstChannel']) {
    assert.equal(await page.locator(`[name="${name}"]`).count(), 1, name);
  }
  assert.equal(await page.locator('select[name="lead.metaData.stage"] option').count(), 14); // 13 stages + none
  assert.equal(await page.isDisabled('#send'), true, 'nothing to send yet');

  await page.fill('[name="lead.name"]', 'Amelia Hartley-Price');
  await page.selectOption('[name="lead.metaData.stage"]', 'proposal');
  const shown = JSON.parse(await page.getByRole('region', { name: 'Request body' }).innerText());
  assert.equal(shown.agentId, 'agent_emea_01');
  assert.deepEqual(Object.keys(shown.lead).sort(), ['metaData', 'name']);
  assert.equal(shown.lead.name, 'Amelia Hartley-Price');
  assert.equal(shown.lead.metaData.stage, 'proposal');
  assert.equal(shown.lead.metaData.company, 'Northwind Logistics Ltd', 'metaData is sent whole');

  const sent = page.waitForRequest((r) => r.method() === 'PATCH');
  await page.click('#send');
  await page.locator('#outcome .success').waitFor();
  assert.equal((await sent).url(), `${demo.url}api/convocore/leads/lead_1001`, 'sent to the page\'s own origin');
  const stored = await sandboxLead('lead_1001', 'agent_emea_01');
  assert.equal(stored.name, 'Amelia Hartley-Price');
  assert.equal(stored.metaData.stage, 'proposal');
  assert.equal(await page.isDisabled('#send'), true, 'the sent lead is the new baseline');
});

test('an unknown stage typed in the JSON editor is flagged at the stage select', async () => {
  await openLead('Lukas Vogel');
  await page.fill('[name="lead"]', '{"metaData": {"stage": "qualified", "source": "chat"}}');
  const stage = page.locator('[name="lead.metaData.stage"]');
  assert.equal(await stage.getAttribute('aria-invalid'), 'true');
  const msgIds = (await stage.getAttribute('aria-describedby')).split(' ');
  const messages = await Promise.all(msgIds.map((id) => page.locator(`#${id}`).innerText()));
  assert.ok(messages.some((m) => /"qualified" is not one of/.test(m)), messages.join(' | '));
  assert.equal(await page.isDisabled('#send'), true);
  // The summary links to the field.
  await page.locator('#summary a', { hasText: 'qualified' }).click();
  assert.equal(await page.evaluate(() => document.activeElement.name), 'lead.metaData.stage');
});

test('a non-numeric hot score is flagged at its field and blocks sending', async () => {
  await openLead('Chloé Martin');
  await page.fill('[name="lead.hotScore"]', 'very hot');
  const score = page.locator('[name="lead.hotScore"]');
  assert.equal(await score.getAttribute('aria-invalid'), 'true');
  const ids = (await score.getAttribute('aria-describedby')).split(' ');
  const text = (await Promise.all(ids.map((id) => page.locator(`#${id}`).innerText()))).join(' ');
  assert.match(text, /expected number/);
  assert.equal(await page.isDisabled('#send'), true);
  // Its link in the summary, clicked without leaving the field first (the click's
  // mousedown blurs it and fires `change`), focuses it on the first click; so does Enter.
  const link = page.locator('#summary a', { hasText: 'expected number' });
  await link.click();
  assert.equal(await page.evaluate(() => document.activeElement.name), 'lead.hotScore');
  await page.fill('[name="lead.hotScore"]', 'hotter');
  await link.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'lead.hotScore');
  await page.fill('[name="lead.hotScore"]', '64');
  assert.equal(await score.getAttribute('aria-invalid'), null);
  assert.equal(await page.isDisabled('#send'), false);
});

test('keyboard only: choose a lead with Enter, clear the email to null, reach Send', async () => {
  await page.locator('#lead-list button', { hasText: 'Sarah Okafor' }).focus();
  await page.keyboard.press('Enter');
  await page.locator('#editor-title', { hasText: 'Sarah Okafor' }).waitFor();
  await page.locator('[name="lead.email"]').focus();
  await page.keyboard.press('Tab'); // to its Clear button
  assert.match(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), /^Clear Email/);
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'lead.email', 'focus returns to the field');
  const shown = JSON.parse(await page.getByRole('region', { name: 'Request body' }).innerText());
  assert.deepEqual(shown.lead, { email: null });
  assert.equal(await page.isDisabled('#send'), false);
  await page.click('#discard');
});

test('fault injection: the switch sets the sandbox, a 503 is retried and the update lands', async () => {
  const rate = async () => (await (await fetch(`${demo.sandboxUrl}/__sandbox/faults`)).json()).random.rate;
  await page.check('[name="faults"]');
  await waitUntil(async () => (await rate()) === 0.5);
  await page.uncheck('[name="faults"]');
  await waitUntil(async () => (await rate()) === 0);

  // A queued fault makes the retry certain.
  await control('/__sandbox/faults', { queue: [{ status: 503 }] });
  await openLead('Marcus Reed');
  await page.fill('[name="lead.phone"]', '+1 555 0100 200');
  await page.click('#send');
  await page.locator('#outcome .retry', { hasText: '503' }).waitFor();
  await page.locator('#outcome .success').waitFor({ timeout: 10000 });
  assert.equal((await sandboxLead('lead_1004', 'agent_na_02')).phone, '+1 555 0100 200');
});

test('no key in the page, its scripts, its requests or its storage; the sandbox got it from the proxy', async () => {
  await page.reload();
  await page.waitForSelector('body[data-ready]');
  const bodies = await Promise.all(responses);
  const read = new Set(bodies.filter((r) => r.body.length > 0).map((r) => new URL(r.url).pathname));
  for (const path of ['/', '/app.js', '/style.css', '/config.json', '/pkg/web/index.js', '/pkg/web/convocore_leads_bg.wasm', '/demo/leads']) {
    assert.ok(read.has(path), `${path} was read (${[...read].join(', ')})`);
  }
  for (const { url, body } of bodies) assert.ok(!body.includes(KEY), `the key is in ${url}`);
  for (const { url, headers } of await Promise.all(requests)) {
    assert.ok(!JSON.stringify(headers).includes(KEY), `the key is in the headers of ${url}`);
    assert.equal(headers.authorization, undefined, `${url} has no Authorization`);
    assert.equal(new URL(url).origin, new URL(demo.url).origin, `${url}: the page talks only to its own server`);
  }
  const held = await page.evaluate(async () => ({
    html: document.documentElement.outerHTML,
    values: [...document.querySelectorAll('input, textarea, select')].map((e) => e.value),
    local: JSON.stringify({ ...localStorage }),
    session: JSON.stringify({ ...sessionStorage }),
    cookie: document.cookie,
    databases: JSON.stringify(await indexedDB.databases()),
    caches: JSON.stringify(await caches.keys()),
  }));
  assert.ok(!JSON.stringify(held).includes(KEY), 'the key is in the page or its storage');
  assert.ok(!JSON.stringify(await page.context().cookies()).includes(KEY));
  // The PATCHes the page sent reached the sandbox from the proxy, with the key.
  const { requests: seen } = await (await fetch(`${demo.sandboxUrl}/__sandbox/requests`)).json();
  const patches = seen.filter((r) => r.method === 'PATCH');
  assert.ok(patches.length >= 2, `${patches.length} PATCHes`);
  for (const r of patches) {
    assert.equal(r.authorized, true);
    assert.equal(r.headers.origin, undefined, 'not sent by the browser');
  }
});

test('screenshots at 1280x800 and 390x844', async () => {
  const dir = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(ROOT, 'docs') : fs.mkdtempSync(path.join(os.tmpdir(), 'demo-shots-'));
  fs.mkdirSync(dir, { recursive: true });
  await control('/__sandbox/reset');
  await page.click('#reload');
  await page.locator('#leads-status', { hasText: '7 leads' }).waitFor();
  await openLead('Amelia Hartley');
  await page.selectOption('[name="lead.metaData.stage"]', 'proposal');
  await page.fill('[name="lead.metaData.value"]', '21500');
  await page.fill('[name="lead.email"]', 'amelia.hartley@');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(dir, 'screenshot-desktop.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(dir, 'screenshot-mobile.png') });
  for (const f of ['screenshot-desktop.png', 'screenshot-mobile.png']) assert.ok(fs.statSync(path.join(dir, f)).size > 10000);
  if (process.env.UPDATE_SCREENSHOTS !== '1') fs.rmSync(dir, { recursive: true, force: true });
});
