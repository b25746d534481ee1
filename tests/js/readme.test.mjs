// README.md against the packed package installed in a scratch project: its examples, taken
// as a user would copy them (the Node script and the bulk one run against the sandbox and
// print what the README says; the dashboard and the server's proxy compile under tsc --strict
// against the package's declarations), and its API section, which names every export.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { before, test } from 'node:test';
import { ROOT, scratchProject, tsc } from './support/package.mjs';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The first ```js block after the heading `## <heading>`. */
function example(heading) {
  const at = README.indexOf(`\n## ${heading}\n`);
  assert.notEqual(at, -1, `README.md has a "## ${heading}" section`);
  const match = README.slice(at).match(/\n```js\n([\s\S]*?)\n```\n/);
  assert.ok(match, `README.md has a js example under "## ${heading}"`);
  return match[1];
}

let dir;
let installed;

before(() => {
  dir = scratchProject('readme');
  installed = join(dir, 'node_modules/convocore-leads');
});

/**
 * Runs the js example under `## <heading>` as `<file>` in the scratch project, against a
 * sandbox, the way the README says to (`CONVOCORE_API_KEY=<key> node <file>` prints `<line>`).
 */
async function runExample(heading, file) {
  const code = example(heading);
  // The README's own words for running it: the key and the line it prints.
  const run = README.slice(README.indexOf(`\n## ${heading}\n`)).match(/`CONVOCORE_API_KEY=(\S+) node (\S+)` prints `([^`]+)`/);
  assert.ok(run, `README.md says how to run the example of "${heading}" and what it prints`);
  const [, key, script, printed] = run;
  assert.equal(script, file);
  const { startSandbox } = await import(pathToFileURL(join(installed, 'sandbox/server.mjs')).href);
  const { validateUpdateLead } = await import(pathToFileURL(join(installed, 'node/index.mjs')).href);
  // The sandbox's default key, on a free port instead of the README's 8787.
  const sandbox = await startSandbox({ validate: validateUpdateLead, port: 0 });
  try {
    const source = code.replaceAll('http://127.0.0.1:8787/v3', sandbox.baseUrl);
    assert.notEqual(source, code, 'the example talks to the sandbox at http://127.0.0.1:8787/v3');
    writeFileSync(join(dir, file), source);
    // Not execFileSync: the sandbox answers from this process's event loop.
    const { stdout } = await promisify(execFile)(process.execPath, [file], {
      cwd: dir,
      env: { ...process.env, CONVOCORE_API_KEY: key },
      timeout: 30_000,
    });
    assert.equal(stdout.trim(), printed);
    return sandbox.requests();
  } finally {
    await sandbox.close();
  }
}

test('the Node script example updates a lead in the sandbox and prints what the README says', async () => {
  await runExample('In a Node script', 'update.mjs');
});

test('the bulk example sends each item once and prints what the README says', async () => {
  const requests = await runExample('Bulk from a script', 'bulk.mjs');
  const patched = requests.filter((r) => r.method === 'PATCH').map((r) => [r.id, r.status]).sort();
  assert.deepEqual(patched, [['lead_1001', 200], ['lead_1002', 200], ['lead_1003', 200]]);
});

test('the API section names every export of the package', async () => {
  const api = README.slice(README.indexOf('\n## API\n'), README.indexOf('\n## Limits\n'));
  const entry = await import(pathToFileURL(join(installed, 'node/index.mjs')).href);
  const missing = Object.keys(entry).filter((name) => name !== 'default' && !new RegExp(`\`(new |await )?${name}\\b`).test(api));
  assert.deepEqual(missing, []);
});

test('the server example compiles under tsc --strict with the proxy\'s types', () => {
  writeFileSync(join(dir, 'server.ts'), [
    '// What the README leaves to the server.',
    'declare const workspaceSecret: string;',
    'declare function isSignedIn(request: Request): Promise<boolean>;',
    example('On the server: the proxy'),
    'export const handled: Promise<Response> = handler(new Request("https://dashboard.example/api/convocore/leads/lead_1001"));',
  ].join('\n'));
  writeFileSync(join(dir, 'tsconfig.server.json'), JSON.stringify({
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: [] },
    files: ['server.ts'],
  }));
  tsc(dir, 'tsconfig.server.json');
});

test('the dashboard example sends no key and compiles under tsc --strict with the package types', () => {
  assert.doesNotMatch(example('In a dashboard'), /apiKey/, 'the browser example holds no key');
  writeFileSync(join(dir, 'dashboard.ts'), [
    '// What the README leaves to the dashboard.',
    'declare function showLead(lead: unknown): void;',
    "declare function showIssues(issues: readonly import('convocore-leads').Issue[]): void;",
    'declare function showError(message: string): void;',
    "declare const storedLead: import('convocore-leads').Lead & { id: string };",
    example('In a dashboard'),
    'export {};',
  ].join('\n'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { module: 'esnext', moduleResolution: 'bundler', target: 'es2022', types: [] },
    files: ['dashboard.ts'],
  }));
  tsc(dir, 'tsconfig.json');
});
