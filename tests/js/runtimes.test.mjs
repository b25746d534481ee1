// The packed package in each runtime of README.md's "Runtimes", each with the real thing
// installed from the npm registry into one scratch project (npm's cache keeps later runs
// offline-fast), running the README's code as written: Node (CommonJS, and an esbuild bundle
// for Node run away from node_modules), a Vite + React app in headless Chromium (the client
// made at module level), Next.js with Turbopack and with webpack (`next start`), Cloudflare
// Workers (wrangler's bundle in workerd, through miniflare), Deno and Bun. Every request goes
// to 127.0.0.1: the package's sandbox, started here, stands in for the API. A runtime that
// does not install fails its test, saying why.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { BIN, scratchProject, tsc } from './support/package.mjs';
import { files, section } from './support/readme.mjs';
import { launchChromium, serve, watchedTab } from './support/browser.mjs';

// Exact versions: what a user gets today, kept still so that a new release of one of them
// shows up as a change here, not as a failure from nowhere.
const RUNTIMES = ['next@16.5.0', 'react@19.3.1', 'react-dom@19.3.1', 'wrangler@4.86.0', 'miniflare@4.20260426.0', 'deno@2.9.6', 'bun@1.4.5'];
const KEY = 'sandbox-secret';
const BODY = { agentId: 'agent_emea_01', lead: { metaData: { stage: 'won', source: 'chat' } } };
const BAD_BODY = { agentId: 'agent_emea_01', lead: { metaData: { stage: 'wonn', source: 'chat' } } };
const UPDATED = 'Lead updated successfully';

const run = promisify(execFile);
let dir;
let sandbox;
// The tools' own calls home, off: only loopback traffic. wrangler asks the registry for a
// newer wrangler (registry-url reads npm_config_registry): a closed local port answers.
const QUIET = { NEXT_TELEMETRY_DISABLED: '1', WRANGLER_SEND_METRICS: 'false', DENO_NO_UPDATE_CHECK: '1', DO_NOT_TRACK: '1', npm_config_registry: 'http://127.0.0.1:9/' };

/** Runs a program of the scratch project (not execFileSync: the sandbox answers from this process). */
async function exec(file, args, { cwd = dir, env = {}, timeout = 120_000 } = {}) {
  try {
    return await run(file, args, { cwd, env: { ...process.env, ...QUIET, ...env }, timeout, maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    assert.fail(`${file} ${args.join(' ')} failed (${e.code ?? e.signal}):\n${e.stdout}${e.stderr}`);
  }
}

/** The Node script of README's "In a Node script", talking to the sandbox. */
function nodeScript() {
  const code = section('In a Node script').match(/\n```js\n([\s\S]*?)\n```\n/)[1];
  const script = code.replaceAll('http://127.0.0.1:8787/v3', sandbox.baseUrl);
  assert.notEqual(script, code, 'the example talks to the sandbox at http://127.0.0.1:8787/v3');
  return script;
}

before(async () => {
  try {
    dir = scratchProject('runtimes', { dependencies: RUNTIMES });
  } catch (e) {
    throw new Error(`could not install ${RUNTIMES.join(' ')} from the npm registry: ${e.stderr || e.message}`);
  }
  const installed = join(dir, 'node_modules/convocore-leads');
  const { startSandbox } = await import(pathToFileURL(join(installed, 'sandbox/server.mjs')).href);
  const { validateUpdateLead } = await import(pathToFileURL(join(installed, 'node/index.mjs')).href);
  sandbox = await startSandbox({ validate: validateUpdateLead, port: 0 });
});
after(() => sandbox?.close());

test('Node, CommonJS: the README\'s update.cjs prints what it says', async () => {
  for (const [file, text] of Object.entries(files('In Node: ESM, CommonJS, bundled'))) writeFileSync(join(dir, file), text);
  const printed = section('In Node: ESM, CommonJS, bundled').match(/`node update\.cjs` prints `([^`]+)`/)[1];
  const { stdout } = await exec(process.execPath, ['update.cjs']);
  assert.equal(stdout.trim(), printed);
});

test('Node, an esbuild bundle (platform node) runs from a folder with nothing else in it', async () => {
  writeFileSync(join(dir, 'update.mjs'), nodeScript());
  const command = section('In Node: ESM, CommonJS, bundled').match(/`esbuild (update\.mjs [^`]+)`/)[1].split(' ');
  await exec(join(BIN, 'esbuild'), [...command, '--log-level=warning']);
  const away = mkdtempSync(join(tmpdir(), 'convocore-bundle-'));
  try {
    copyFileSync(join(dir, 'dist/update.mjs'), join(away, 'update.mjs'));
    const { stdout } = await exec(process.execPath, ['update.mjs'], { cwd: away, env: { CONVOCORE_API_KEY: KEY } });
    assert.equal(stdout.trim(), UPDATED);
  } finally {
    rmSync(away, { recursive: true, force: true });
  }
});

/** A free port on 127.0.0.1 (for servers that take a port, not 0). */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `args` as a process group of its own and waits until `url` answers; `stop()` ends the group. */
async function startServer(args, url, { cwd, env }) {
  const child = spawn(args[0], args.slice(1), { cwd, env: { ...process.env, ...QUIET, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const stop = async () => {
    try { process.kill(-child.pid, 'SIGTERM'); } catch {}
    const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch {} }, 5_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) assert.fail(`${args.join(' ')} exited:\n${output}`);
    try {
      await fetch(url);
      return { stop, output: () => output };
    } catch {}
    if (Date.now() > deadline) {
      await stop();
      assert.fail(`${args.join(' ')} did not answer at ${url} within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The README's proxy (`convocore-leads/proxy`) at `url`: a good body reaches the sandbox, a bad one is refused with its issues. */
async function checkProxy(url, label) {
  const path = `${url}/api/convocore/leads/lead_1001`;
  const good = await fetch(path, { method: 'PATCH', body: JSON.stringify(BODY), headers: { 'content-type': 'application/json' } });
  const answer = await good.text();
  assert.equal(good.status, 200, `${label}: ${answer}`);
  assert.equal(JSON.parse(answer).message, UPDATED);
  assert.ok(!answer.includes(KEY), 'the key stays on the server');
  const bad = await fetch(path, { method: 'PATCH', body: JSON.stringify(BAD_BODY), headers: { 'content-type': 'application/json' } });
  assert.equal(bad.status, 400, label);
  const { issues } = await bad.json();
  assert.deepEqual(issues.map((i) => [i.path, i.suggestion]), [['/lead/metaData/stage', 'won']]);
}

const LAYOUT = 'export default function RootLayout({ children }) {\n  return <html><body>{children}</body></html>;\n}\n';

for (const [bundler, flags] of [['Turbopack', []], ['webpack', ['--webpack']]]) {
  test(`Next.js 16 with ${bundler}, no config: a Server Component and a Route Handler build and serve`, async () => {
    const app = join(dir, 'next');
    rmSync(app, { recursive: true, force: true });
    // Next.js needs a root layout; the README leaves it to the app.
    for (const [file, text] of Object.entries({ 'app/layout.jsx': LAYOUT, ...files('In Next.js') })) {
      mkdirSync(dirname(join(app, file)), { recursive: true });
      writeFileSync(join(app, file), text);
    }
    assert.ok(!readdirSync(app).some((f) => f.startsWith('next.config')), 'no config');
    const next = join(dir, 'node_modules/next/dist/bin/next');
    await exec(process.execPath, [next, 'build', ...flags], { cwd: app, timeout: 300_000 });
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = await startServer([process.execPath, next, 'start', '-H', '127.0.0.1', '-p', String(port)], url, {
      cwd: app,
      env: { CONVOCORE_API_KEY: KEY, CONVOCORE_BASE_URL: sandbox.baseUrl },
    });
    try {
      const page = await fetch(url);
      const html = await page.text();
      assert.equal(page.status, 200, server.output());
      assert.match(html.replaceAll('<!-- -->', ''), /<p id="issue">\/lead\/metaData\/stage: did you mean won\?<\/p>/);
      await checkProxy(url, `next ${bundler}`);
    } finally {
      await server.stop();
    }
    assert.doesNotMatch(server.output(), /sandbox-secret/, 'the key stays out of the server log');
  });
}

/**
 * wrangler's bundle (`wrangler deploy --dry-run`) of the worker made of `files` in `folder`,
 * run in workerd by miniflare on 127.0.0.1 with `bindings`; `use(url)` talks to it.
 */
async function inWorkerd(folder, workerFiles, bindings, use) {
  const worker = join(dir, folder);
  rmSync(worker, { recursive: true, force: true });
  for (const [file, text] of Object.entries(workerFiles)) {
    mkdirSync(dirname(join(worker, file)), { recursive: true });
    writeFileSync(join(worker, file), text);
  }
  await exec(join(dir, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', 'dist'], { cwd: worker });
  const bundle = readdirSync(join(worker, 'dist'));
  assert.ok(bundle.some((f) => f.endsWith('.wasm')), `wrangler bundled the wasm as a module: ${bundle}`);
  const { Miniflare } = await import(pathToFileURL(join(dir, 'node_modules/miniflare/dist/src/index.js')).href);
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(worker, 'dist/index.js'),
    // What wrangler does with the .wasm files of its bundle.
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: '2026-04-01',
    bindings,
    host: '127.0.0.1',
    port: 0,
  });
  try {
    const url = String(await mf.ready).replace(/\/$/, '');
    assert.match(url, /^http:\/\/127\.0\.0\.1:/);
    await use(url);
  } finally {
    await mf.dispose();
  }
}

/** POSTs the bad body to `url` and checks the validator's answer. */
async function checkValidate(url) {
  const validated = await fetch(url, { method: 'POST', body: JSON.stringify(BAD_BODY) });
  assert.equal(validated.status, 200, await validated.clone().text());
  const { ok, issues } = await validated.json();
  assert.equal(ok, false);
  assert.deepEqual(issues.map((i) => [i.path, i.suggestion]), [['/lead/metaData/stage', 'won']]);
}

test('Cloudflare Workers: wrangler\'s bundle of the README worker in workerd (miniflare), `await init()` unchanged', async () => {
  await inWorkerd('worker', files('In Cloudflare Workers'), { CONVOCORE_API_KEY: KEY, CONVOCORE_BASE_URL: sandbox.baseUrl }, async (url) => {
    await checkValidate(`${url}/validate`);
    await checkProxy(url, 'workerd');
  });
});

test('Cloudflare Workers: `convocore-leads/validate` has a workerd entry too', async () => {
  const worker = {
    'wrangler.jsonc': '{ "name": "validate-only", "main": "src/index.js", "compatibility_date": "2026-04-01" }\n',
    'src/index.js': [
      "import init, { validateUpdateLead } from 'convocore-leads/validate';",
      '',
      'export default {',
      '  async fetch(request) {',
      '    await init();',
      '    return Response.json(validateUpdateLead(await request.json()));',
      '  },',
      '};',
      '',
    ].join('\n'),
  };
  await inWorkerd('validate-worker', worker, {}, checkValidate);
});

test('Cloudflare Workers: `convocore-leads/wasm` and `convocore-leads/validate/wasm` type-check', () => {
  writeFileSync(join(dir, 'wasm-import.ts'), [
    "import init from 'convocore-leads';",
    "import wasm from 'convocore-leads/wasm';",
    "import initValidate from 'convocore-leads/validate';",
    "import validatorWasm from 'convocore-leads/validate/wasm';",
    'export const ready = Promise.all([init({ module_or_path: wasm }), initValidate({ module_or_path: validatorWasm })]);',
  ].join('\n'));
  writeFileSync(join(dir, 'tsconfig.wasm.json'), JSON.stringify({
    compilerOptions: { module: 'esnext', moduleResolution: 'bundler', target: 'es2022', lib: ['es2022', 'dom'], types: [] },
    files: ['wasm-import.ts'],
  }));
  tsc(dir, 'tsconfig.wasm.json');
});

test('Deno runs the README\'s Node script with the permissions the README gives', async () => {
  writeFileSync(join(dir, 'update.mjs'), nodeScript());
  const command = section('In Deno').match(/CONVOCORE_API_KEY=(\S+) deno (run [^\n]+)\n/);
  assert.ok(command, 'README.md says how to run the script with Deno');
  assert.ok(!command[2].includes('--allow-read') && !command[2].includes('-A '), 'no file access');
  const { stdout } = await exec(join(dir, 'node_modules/.bin/deno'), command[2].split(' '), { env: { CONVOCORE_API_KEY: command[1], DENO_DIR: join(dir, '.deno') } });
  assert.equal(stdout.trim(), UPDATED);
});

test('Bun runs the README\'s Node script', async () => {
  writeFileSync(join(dir, 'update.mjs'), nodeScript());
  const command = section('In Bun').match(/`CONVOCORE_API_KEY=(\S+) bun (update\.mjs)`/);
  assert.ok(command, 'README.md says how to run the script with Bun');
  const { stdout } = await exec(join(dir, 'node_modules/.bin/bun'), [command[2]], { env: { CONVOCORE_API_KEY: command[1] } });
  assert.equal(stdout.trim(), UPDATED);
});


/** A watched tab (support/browser.mjs) on `url` in a fresh context of `browser`. */
async function open(browser, url) {
  const context = await browser.newContext();
  const { tab, problems } = await watchedTab(context);
  await tab.goto(url);
  return { tab, problems, close: () => context.close() };
}

async function withChromium(body) {
  const browser = await launchChromium();
  try {
    await body(browser);
  } finally {
    await browser.close();
  }
}

test('Vite + React in Chromium: the README\'s module-level client, made after `await init()`, saves a lead', async () => {
  const app = join(dir, 'vite');
  rmSync(app, { recursive: true, force: true });
  // What the README leaves to the app: its page.
  const own = { 'index.html': '<!doctype html>\n<html><body><div id="root"></div><script type="module" src="/src/main.jsx"></script></body></html>\n' };
  for (const [file, text] of Object.entries({ ...own, ...files('In a browser: `await init()` first (Vite, React)') })) {
    mkdirSync(dirname(join(app, file)), { recursive: true });
    writeFileSync(join(app, file), text);
  }
  await exec(join(BIN, 'vite'), ['build', '--logLevel', 'warn'], { cwd: app });
  // The page's server: the built files, and the README's proxy at /api/convocore.
  const { createLeadProxy, toNodeListener } = await import(pathToFileURL(join(dir, 'node_modules/convocore-leads/proxy/index.mjs')).href);
  const server = await serve(join(app, 'dist'), toNodeListener(createLeadProxy({ apiKey: KEY, baseUrl: sandbox.baseUrl })));
  try {
    await withChromium(async (browser) => {
      const page = await open(browser, `${server.url}/index.html`);
      try {
        const { tab, problems } = page;
        await tab.getByText('(did you mean won?)').waitFor({ timeout: 15_000 });
        assert.equal(await tab.getByRole('button', { name: 'Save' }).isDisabled(), true);
        await tab.getByLabel('Stage').fill('won');
        await tab.getByRole('button', { name: 'Save' }).click();
        await tab.locator('output', { hasText: UPDATED }).waitFor({ timeout: 15_000 });
        assert.ok(!(await tab.content()).includes(KEY), 'no key in the page');
        assert.deepEqual(problems, []);
      } finally {
        await page.close();
      }
    });
  } finally {
    await server.close();
  }
});

test('browser builds: every call before `await init()` throws a ConvocoreError of kind `init` saying so; after it, each works', async () => {
  writeFileSync(join(dir, 'before-init.html'), `<!doctype html>
<script type="module">
  const report = {};
  for (const entry of ['convocore-leads', 'convocore-leads/validate']) {
    const m = await import('/node_modules/' + entry + '/web/index.js');
    const calls = {
      validateUpdateLead: () => m.validateUpdateLead({}),
      prepareUpdateLead: () => m.prepareUpdateLead({}),
      version: () => m.version(),
      standardSchema: () => m.updateLeadSchema['~standard'].validate({}),
    };
    if (m.ConvocoreClient) {
      calls.ConvocoreClient = () => new m.ConvocoreClient({ apiKey: 'k', region: 'eu' });
      calls.LeadPatchBuilder = () => new m.LeadPatchBuilder('agent-1');
      calls.diffLead = () => m.diffLead({}, {});
    }
    const before = {};
    for (const [name, call] of Object.entries(calls)) {
      try { call(); before[name] = 'no error'; }
      catch (e) { before[name] = { convocore: e instanceof m.ConvocoreError, kind: e.kind, message: e.message, issues: e.issues, retryable: e.retryable }; }
    }
    await m.default();
    const afterInit = Object.fromEntries(Object.entries(calls).map(([name, call]) => { try { call(); return [name, 'ok']; } catch (e) { return [name, String(e)]; } }));
    report[entry] = { before, afterInit };
  }
  window.__result = report;
</script>
`);
  const server = await serve(dir);
  try {
    await withChromium(async (browser) => {
      const page = await open(browser, `${server.url}/before-init.html`);
      try {
        await page.tab.waitForFunction(() => window.__result, null, { timeout: 15_000 });
        const report = await page.tab.evaluate(() => window.__result);
        assert.deepEqual(page.problems, []);
        for (const [entry, { before, afterInit }] of Object.entries(report)) {
          assert.ok(Object.keys(before).length >= 4, entry);
          for (const [name, error] of Object.entries(before)) {
            assert.equal(error.convocore, true, `${entry} ${name}: ${JSON.stringify(error)}`);
            assert.equal(error.kind, 'init');
            assert.match(error.message, /call `await init\(\)`/);
            assert.deepEqual(error.issues, []);
            assert.equal(error.retryable, false);
          }
          // prepareUpdateLead({}) refuses the body: a validation error, no longer `init`.
          assert.match(afterInit.prepareUpdateLead, /ConvocoreError/);
          delete afterInit.prepareUpdateLead;
          assert.ok(Object.values(afterInit).every((v) => v === 'ok'), `${entry} after init: ${JSON.stringify(afterInit)}`);
        }
      } finally {
        await page.close();
      }
    });
  } finally {
    await server.close();
  }
});
