// The packed package as each kind of consumer gets it, installed from the tarball into one
// scratch project: Node ESM and CommonJS, an esbuild bundle, a Vite build and a page with
// no bundler, the last three loaded in headless Chromium. Each runs the same checks
// (fixtures/consumer/checks.js) and must report the same thing. The validator-only entry,
// `convocore-leads/validate`, the same way (fixtures/consumer/validate-*): its report must
// be the main entry's.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import { after, before, test } from 'node:test';
import { BIN, PKG, scratchProject } from './support/package.mjs';
import { launchChromium, serve, watchedTab } from './support/browser.mjs';

const FIXTURES = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, 'fixtures/consumer');
const VERSION = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8')).version;

let dir;
let browser;

/** Every file under `root`, keyed by its path relative to `root` (for scratchProject). */
function filesUnder(root) {
  const files = {};
  for (const entry of readdirSync(root, { recursive: true })) {
    const path = join(root, entry);
    if (statSync(path).isFile()) files[entry.split(sep).join('/')] = readFileSync(path);
  }
  return files;
}

before(async () => {
  dir = scratchProject('consumer', { files: filesUnder(FIXTURES) });
  browser = await launchChromium();
});
after(() => browser?.close());

/** What checks.js must report, whoever imported the package and however. */
function assertReport(report) {
  assert.equal(report.version, VERSION);
  assert.deepEqual(report.validation, { ok: false, path: '/lead/metaData/stage', code: 'invalid_enum', suggestion: 'won' });
  assert.deepEqual(report.prepared, { agentId: 'agent-1', lead: { lastActivityDate: 0, metaData: { source: 'chat', expectedCloseDate: '2026-01-31' } } });
  assert.deepEqual(report.refused, { convocore: true, error: true, name: 'ConvocoreError', kind: 'validation', codes: ['invalid_type', 'missing_field'] });
  assert.equal(report.chained, true, 'setters return the builder itself');
  assert.deepEqual(report.built, { agentId: 'agent-1', lead: { name: 'Ada', hotScore: 80, metaData: { stage: 'won', source: 'chat' } } });
  assert.deepEqual(report.badStage, { convocore: true, error: true, name: 'ConvocoreError', kind: 'validation', codes: ['invalid_enum'] });
  assert.deepEqual(report.fromStored, { agentId: 'agent-1', lead: { metaData: { company: 'Acme', source: 'web', stage: 'won' } } }, 'a builder from the stored lead sends metaData whole');
  assert.deepEqual(report.schema, { stages: 13, title: 'UpdateLeadBody', vendor: 'convocore-leads', path: ['lead', 'crmActivities', 0, 'type'] });
  assert.equal(report.disposable, true, 'LeadPatchBuilder and ConvocoreClient have [Symbol.dispose]');
  assert.equal(report.builderAfterDispose, true, 'a disposed builder refuses to build');
  assert.equal(report.baseUrl, 'http://127.0.0.1:9/v3');
  assert.equal(report.clientAfterDispose, true, 'a disposed client refuses to work');
  assert.deepEqual(report.badClient, { convocore: true, error: true, name: 'ConvocoreError', kind: 'validation', codes: [] });
}

function runNode(script) {
  return JSON.parse(execFileSync(process.execPath, [script], { cwd: dir, encoding: 'utf8', timeout: 30_000, maxBuffer: 64 * 1024 * 1024 }));
}

test('Node ESM: named imports, one module shared with require()', () => {
  const report = runNode('node-esm.mjs');
  assertReport(report);
  assert.equal(report.sameAsRequire, true);
});

test('Node CommonJS: require(), one module shared with a later import', () => {
  const report = runNode('node-cjs.cjs');
  assertReport(report);
  assert.equal(report.sameAsImport, true);
});

test('each entry exports the API and none of the glue\'s `__` wiring', async () => {
  const installed = join(dir, 'node_modules/convocore-leads');
  const api = ['ACTIVITY_TYPES', 'ASSIGNMENT_STATUSES', 'CHANNELS', 'ConvocoreClient', 'ConvocoreError', 'HOT_LABELS', 'LEAD_STAGES',
    'LeadPatchBuilder', 'applyLeadPatch', 'default', 'diffLead', 'initSync', 'parseFieldInput', 'prepareUpdateLead', 'toJSONSchema', 'updateLeadSchema',
    'validateUpdateLead', 'validateUpdateLeadsNdjson', 'version'];
  const names = (m) => Object.keys(m).sort();
  // The browser entry evaluates in Node too; it needs the wasm only in init().
  assert.deepEqual(names(await import(join(installed, 'web/index.js'))), api);
  // Node's entries also name `init`, which a browser gets as the default export only.
  const node = [...api, 'init'].sort();
  assert.deepEqual(names(await import(join(installed, 'node/index.mjs'))), node);
  assert.deepEqual(names(createRequire(import.meta.url)(join(installed, 'node/index.cjs'))), node);
});

/** Loads `page` from a server on `root` in Chromium and returns the report it leaves in `window.__result`. */
async function reportFromPage(root, page) {
  const server = await serve(root);
  const context = await browser.newContext();
  try {
    const { tab, problems } = await watchedTab(context);
    await tab.goto(`${server.url}/${page}`);
    await tab.waitForFunction(() => window.__result || window.__error, null, { timeout: 15_000 });
    const { result, error } = await tab.evaluate(() => ({ result: window.__result, error: window.__error }));
    assert.equal(error, undefined, `the page failed: ${error}`);
    assert.deepEqual(problems, []);
    return result;
  } finally {
    await context.close();
    await server.close();
  }
}

function sizes(root) {
  return Object.entries(filesUnder(root)).map(([f, bytes]) => `${f} ${bytes.length}`).join(', ');
}

test('esbuild bundle with the wasm as a file asset, in Chromium', async () => {
  execFileSync(join(BIN, 'esbuild'), ['esbuild-app.js', '--bundle', '--format=esm', '--outdir=dist', '--loader:.wasm=file', '--log-level=warning'], { cwd: dir, stdio: 'pipe' });
  copyFileSync(join(dir, 'esbuild-index.html'), join(dir, 'dist/index.html'));
  console.log(`esbuild dist: ${sizes(join(dir, 'dist'))}`);
  assertReport(await reportFromPage(join(dir, 'dist'), 'index.html'));
});

test('Vite build with the default config, init() with no argument, in Chromium', async () => {
  execFileSync(join(BIN, 'vite'), ['build', '--logLevel', 'warn'], { cwd: join(dir, 'vite'), stdio: 'pipe' });
  const dist = join(dir, 'vite/dist');
  console.log(`vite dist: ${sizes(dist)}`);
  assertReport(await reportFromPage(dist, 'index.html'));
});

test('no bundler: <script type="module"> importing node_modules/convocore-leads/web/index.js', async () => {
  assertReport(await reportFromPage(dir, 'plain.html'));
});

// convocore-leads/validate: the validator without the client, the builder, diff and apply.
const VALIDATE_API = ['ACTIVITY_TYPES', 'ASSIGNMENT_STATUSES', 'CHANNELS', 'ConvocoreError', 'HOT_LABELS', 'LEAD_STAGES', 'default', 'initSync',
  'parseFieldInput', 'prepareUpdateLead', 'toJSONSchema', 'updateLeadSchema', 'validateUpdateLead', 'validateUpdateLeadsNdjson', 'version'];

/** A report as JSON carries it (`undefined` fields dropped), so that Node's and Chromium's compare. */
const asJson = (report) => JSON.parse(JSON.stringify(report));

let mainReport;

test('validate entry, Node ESM: the main entry\'s results and errors, one instance with require(), one error class', () => {
  const report = runNode('validate-node.mjs');
  mainReport = report.main;
  // The checks must see both kinds of outcome, or the comparison proves little.
  assert.ok(mainReport.validations.some((v) => v.ok) && mainReport.validations.some((v) => !v.ok));
  assert.ok(mainReport.prepared.some((p) => p.value) && mainReport.prepared.some((p) => p.error?.convocore));
  assert.equal(mainReport.version, VERSION);
  assert.deepEqual(report.validate, mainReport);
  assert.deepEqual(report.names, [...VALIDATE_API, 'init'].sort());
  assert.equal(report.sameAsRequire, true);
  assert.equal(report.crossEntry, true, 'an error of the validate entry is a ConvocoreError of the main entry');
});

test('validate entry, Node CommonJS: require() gives the same results, one instance with import', () => {
  const report = runNode('validate-node.cjs');
  assert.ok(mainReport, 'runs after the ESM test');
  assert.deepEqual(report.validate, mainReport);
  assert.deepEqual(report.names, [...VALIDATE_API, 'init'].sort());
  assert.equal(report.sameAsImport, true);
});

test('validate entry, browser entry: the validator\'s exports only', async () => {
  const installed = join(dir, 'node_modules/convocore-leads/validate');
  assert.deepEqual(Object.keys(await import(join(installed, 'web/index.js'))).sort(), VALIDATE_API);
});

test('validate entry, esbuild bundle in Chromium: the main entry\'s results, and only the validator\'s wasm', async () => {
  assert.ok(mainReport, 'runs after the ESM test');
  execFileSync(join(BIN, 'esbuild'), ['validate-esbuild-app.js', '--bundle', '--format=esm', '--outdir=validate-dist', '--loader:.wasm=file', '--log-level=warning'], { cwd: dir, stdio: 'pipe' });
  copyFileSync(join(dir, 'validate-esbuild-index.html'), join(dir, 'validate-dist/index.html'));
  const dist = filesUnder(join(dir, 'validate-dist'));
  console.log(`esbuild dist (validate): ${sizes(join(dir, 'validate-dist'))}`);
  const wasm = Object.entries(dist).filter(([f]) => f.endsWith('.wasm'));
  assert.equal(wasm.length, 1);
  assert.ok(wasm[0][1].equals(readFileSync(join(PKG, 'validate/web/convocore_leads_bg.wasm'))), 'the bundle ships the validator\'s wasm');
  const js = dist['validate-esbuild-app.js'].toString();
  assert.ok(!js.includes('ConvocoreClient') && !js.includes('LeadPatchBuilder'), 'no client or builder glue in the bundle');
  assert.deepEqual(asJson(await reportFromPage(join(dir, 'validate-dist'), 'index.html')), mainReport);
});

test('validate entry, no bundler: <script type="module"> importing node_modules/convocore-leads/validate/web/index.js', async () => {
  assert.ok(mainReport, 'runs after the ESM test');
  assert.deepEqual(asJson(await reportFromPage(dir, 'validate-plain.html')), mainReport);
});
