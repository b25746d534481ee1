// README's "Forms and tRPC", its code as a user copies it, against the packed package and
// the libraries from the npm registry (exact versions, npm's cache) in one scratch project:
// the files compile under tsc --strict (with fixtures/forms/types.tsx, which checks that the
// libraries take the schema's types); the TanStack Form and react-hook-form forms, bundled
// by esbuild, run in headless Chromium; the tRPC router runs in Node, through a caller and
// behind tRPC's standalone HTTP adapter on 127.0.0.1.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { BIN, ROOT, scratchProject, tsc } from './support/package.mjs';
import { launchChromium, serve, watchedTab } from './support/browser.mjs';
import { files } from './support/readme.mjs';

const FIXTURES = join(ROOT, 'tests/js/fixtures/forms');
const DEPENDENCIES = ['react@19.3.1', 'react-dom@19.3.1', '@types/react@19.3.3', '@types/react-dom@19.3.0', '@tanstack/react-form@1.33.5',
  'react-hook-form@7.92.0', '@hookform/resolvers@7.0.10', '@standard-schema/spec@1.1.0', '@trpc/server@11.25.2'];
const LEAD = JSON.parse(readFileSync(join(FIXTURES, 'lead.json'), 'utf8'));

/** The README's files under "## Forms and tRPC": each code block opens with `// <file name>`. */
function readmeFiles() {
  const found = files('Forms and tRPC');
  assert.deepEqual(Object.keys(found).sort(), ['LeadForm.tsx', 'LeadFormRhf.tsx', 'leads-router.ts']);
  return found;
}

let dir;
let api;
let browser;
let site;

before(async () => {
  const fixtures = Object.fromEntries(readdirSync(FIXTURES).map((f) => [f, readFileSync(join(FIXTURES, f))]));
  const started = Date.now();
  dir = scratchProject('forms', { files: { ...readmeFiles(), ...fixtures }, dependencies: DEPENDENCIES });
  console.log(`scratch project with ${DEPENDENCIES.length} registry packages: ${Date.now() - started} ms`);
  api = await import(pathToFileURL(join(dir, 'node_modules/convocore-leads/node/index.mjs')).href);
  execFileSync(join(BIN, 'esbuild'), ['main.jsx', '--bundle', '--format=esm', '--jsx=automatic', '--outdir=dist', '--loader:.wasm=file', '--log-level=warning'], { cwd: dir, stdio: 'pipe' });
  copyFileSync(join(dir, 'index.html'), join(dir, 'dist/index.html'));
  site = await serve(join(dir, 'dist'));
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await site?.close();
});

test('the README\'s files compile under tsc --strict, the libraries typing the body from updateLeadSchema', () => {
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { module: 'esnext', moduleResolution: 'bundler', target: 'es2022', jsx: 'react-jsx', lib: ['es2022', 'dom', 'dom.iterable'], types: [] },
    files: ['LeadForm.tsx', 'LeadFormRhf.tsx', 'leads-router.ts', 'types.tsx'],
  }));
  tsc(dir, 'tsconfig.json');
});

/** The README's forms in a fresh tab; `check` gets the tab, and no page error, failed load or console error may happen. */
async function withForms(check) {
  const context = await browser.newContext();
  try {
    const { tab, problems } = await watchedTab(context);
    await tab.goto(`${site.url}/index.html`);
    await tab.waitForFunction(() => window.__ready || window.__error, null, { timeout: 15_000 });
    assert.equal(await tab.evaluate(() => window.__error), undefined);
    await check(tab);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
}

/** Each field of a form by its label, with the text beside it (the issues shown). */
function shown(form) {
  return form.locator('p').evaluateAll((fields) => Object.fromEntries(fields.map((p) => [p.querySelector('label').textContent.trim(), p.querySelector('small').textContent])));
}

/** Waits up to 5 s for `read()` to give `expected` (React renders after the event), then asserts it. */
async function settles(read, expected) {
  const deadline = Date.now() + 5000;
  let actual = await read();
  while (!isDeepStrictEqual(actual, expected) && Date.now() < deadline) {
    await delay(50);
    actual = await read();
  }
  assert.deepEqual(actual, expected);
}

/** The message updateLeadSchema gives for `body` at `path` (the package's words). */
function messageAt(body, path) {
  const issue = api.updateLeadSchema['~standard'].validate(body).issues?.find((i) => isDeepStrictEqual(i.path, path));
  assert.ok(issue, `an issue at ${path.join('.')}`);
  return issue.message;
}

/** The fixture lead with `change` applied to a copy of it. */
function leadWith(change) {
  const body = structuredClone(LEAD);
  change(body.lead);
  return body;
}

const STAGE = ['lead', 'metaData', 'stage'];
const ACTIVITY_TYPE = ['lead', 'crmActivities', 0, 'type'];

test('TanStack Form: each issue beside its field as the user types (nested and array paths), warnings apart, the prepared body submitted', async () => {
  await withForms(async (tab) => {
    const form = tab.locator('#tanstack');
    await form.getByLabel('Stage', { exact: true }).fill('wonn');
    await form.getByLabel('Activity', { exact: true }).fill('Cal');
    const bad = leadWith((lead) => {
      lead.metaData.stage = 'wonn';
      lead.crmActivities[0].type = 'Cal';
    });
    assert.match(messageAt(bad, ACTIVITY_TYPE), /did you mean "Call"\?/);
    await settles(() => shown(form), { 'Name': '', 'Hot score': '', 'Stage': messageAt(bad, STAGE), 'Activity': messageAt(bad, ACTIVITY_TYPE) });
    await form.getByRole('button', { name: 'Save' }).click();

    await form.getByLabel('Hot score', { exact: true }).fill('150');
    await form.getByLabel('Stage', { exact: true }).fill('won');
    await form.getByLabel('Activity', { exact: true }).fill('Call');
    await settles(() => shown(form), { 'Name': '', 'Hot score': '', 'Stage': '', 'Activity': '' });
    // A hot score above 100 is a warning: shown, and no bar to saving.
    const good = leadWith((lead) => {
      lead.hotScore = 150;
      lead.metaData.stage = 'won';
    });
    const warnings = api.validateUpdateLead(good).warnings.map((w) => w.message);
    assert.ok(warnings.includes('score outside 0–100'), warnings.join('; '));
    assert.deepEqual(await form.locator('li').allTextContents(), warnings);
    await form.getByRole('button', { name: 'Save' }).click();
    await tab.waitForFunction(() => window.__saved.tanstack.length > 0, null, { timeout: 5000 });
    // Only the second submit saved: the first, with issues, did not reach onSubmit.
    assert.deepEqual(await tab.evaluate(() => window.__saved.tanstack), [
      { agentId: 'agent_emea_01', lead: { name: 'Amelia Hart', hotScore: 150, metaData: { source: 'chat', stage: 'won' }, crmActivities: [{ type: 'Call', title: 'Intro call' }] } },
    ]);
  });
});

test('react-hook-form with standardSchemaResolver: issues at nested and array fields on submit, the prepared body (Dates converted) to handleSubmit', async () => {
  await withForms(async (tab) => {
    const form = tab.locator('#rhf');
    await form.getByLabel('Stage', { exact: true }).fill('wonn');
    await form.getByLabel('Activity', { exact: true }).fill('Cal');
    await form.getByLabel('Close date', { exact: true }).fill('2026-03-31');
    await form.getByRole('button', { name: 'Save' }).click();
    const bad = leadWith((lead) => {
      Object.assign(lead.metaData, { stage: 'wonn', expectedCloseDate: new Date('2026-03-31') });
      lead.crmActivities[0].type = 'Cal';
    });
    assert.match(messageAt(bad, STAGE), /did you mean "won"\?/);
    await settles(() => shown(form), { 'Name': '', 'Stage': messageAt(bad, STAGE), 'Close date': '', 'Last contact': '', 'Activity': messageAt(bad, ACTIVITY_TYPE) });

    await form.getByLabel('Stage', { exact: true }).fill('won');
    await form.getByLabel('Activity', { exact: true }).fill('Call');
    await form.getByLabel('Last contact', { exact: true }).fill('2026-01-02');
    await settles(() => shown(form), { 'Name': '', 'Stage': '', 'Close date': '', 'Last contact': '', 'Activity': '' });
    await form.getByRole('button', { name: 'Save' }).click();
    await tab.waitForFunction(() => window.__saved.rhf.length > 0, null, { timeout: 5000 });
    assert.deepEqual(await tab.evaluate(() => window.__saved.rhf), [{
      agentId: 'agent_emea_01',
      lead: {
        name: 'Amelia Hart', hotScore: 40, lastActivityDate: Date.UTC(2026, 0, 2),
        metaData: { source: 'chat', stage: 'won', expectedCloseDate: '2026-03-31' }, crmActivities: [{ type: 'Call', title: 'Intro call' }],
      },
    }]);
  });
});

test('tRPC: .input(updateLeadSchema) refuses a bad body with BAD_REQUEST and its issues, hands the resolver the prepared body (caller and HTTP)', async () => {
  execFileSync(join(BIN, 'esbuild'), ['leads-router.ts', '--bundle', '--platform=node', '--format=esm', '--packages=external', '--outfile=leads-router.mjs', '--log-level=warning'], { cwd: dir, stdio: 'pipe' });
  writeFileSync(join(dir, 'trpc.mjs'), [
    "export { leadsRouter } from './leads-router.mjs';",
    "export { TRPCError } from '@trpc/server';",
    "export { createHTTPServer } from '@trpc/server/adapters/standalone';",
  ].join('\n'));
  const { leadsRouter, TRPCError, createHTTPServer } = await import(pathToFileURL(join(dir, 'trpc.mjs')).href);
  const saved = [];
  const router = leadsRouter(async (body) => saved.push(body));
  const bad = { agentId: 'agent_emea_01', lead: { metaData: { stage: 'wonn', source: 'chat' }, crmActivities: [{ type: 'Cal' }] } };
  const issues = [{ path: STAGE, message: messageAt(bad, STAGE) }, { path: ACTIVITY_TYPE, message: messageAt(bad, ACTIVITY_TYPE) }];

  const caller = router.createCaller({});
  await assert.rejects(caller.updateLead(bad), (e) => {
    assert.ok(e instanceof TRPCError);
    assert.equal(e.code, 'BAD_REQUEST');
    assert.equal(e.message, issues[0].message);
    assert.deepEqual(e.cause.issues.map(({ path, message }) => ({ path, message })), issues);
    return true;
  });
  assert.equal(await caller.updateLead({ agentId: 'agent_emea_01', lead: { lastActivityDate: new Date(Date.UTC(2026, 0, 2)), metaData: { source: 'chat', demoDate: new Date(Date.UTC(2026, 4, 6)) } } }), 1);
  assert.deepEqual(saved, [{ agentId: 'agent_emea_01', lead: { lastActivityDate: Date.UTC(2026, 0, 2), metaData: { source: 'chat', demoDate: '2026-05-06' } } }]);

  const server = createHTTPServer({ router });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const post = (body) => fetch(`http://127.0.0.1:${server.address().port}/updateLead`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000),
    });
    const refused = await post(bad);
    assert.equal(refused.status, 400);
    const { error } = await refused.json();
    assert.equal(error.data.code, 'BAD_REQUEST');
    assert.equal(error.message, issues[0].message);
    assert.deepEqual(error.data.issues, issues);
    const accepted = await post({ agentId: 'agent_emea_01', lead: { name: 'Amelia Hart', hotScore: 82 } });
    assert.equal(accepted.status, 200);
    assert.deepEqual(await accepted.json(), { result: { data: 2 } });
    assert.deepEqual(saved[1], { agentId: 'agent_emea_01', lead: { name: 'Amelia Hart', hotScore: 82 } });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
