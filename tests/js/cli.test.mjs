// Tests of the `convocore-leads` command line (pkg/bin/convocore-leads.mjs): each test
// spawns the built bin as a child process against a sandbox running in this process
// with the package's real validator. The API key goes in through the environment (and
// once through --api-key), and no captured output may contain it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addLeads as addSandboxLeads, sandboxControl } from './support/sandbox.mjs';
import { PKG } from './support/package.mjs';

const { validateUpdateLead } = await import(path.join(PKG, 'node/index.mjs'));
const { startSandbox } = await import(path.join(PKG, 'sandbox/server.mjs'));
const CLI = path.join(PKG, 'bin/convocore-leads.mjs');
const KEY = 'sk-cli-test-4f1d9c2b7e';

let sandbox;
let dir;
const captured = []; // every stdout and stderr of every run, for the key check
const arrivals = []; // [arrived ms, answered ms, method, status] of each API request

before(async () => {
  sandbox = await startSandbox({
    validate: validateUpdateLead,
    port: 0,
    apiKey: KEY,
    log: (line) => {
      const m = /^(\w+) \S+ (\d+|\(dropped\)) (\d+)ms/.exec(line);
      if (m) arrivals.push([Date.now() - Number(m[3]), Date.now(), m[1], m[2]]);
    },
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convocore-cli-'));
});

after(async () => {
  await sandbox?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI; resolves to { code, stdout, stderr }. `onStart(child)` may signal it. */
function run(args, { env = {}, onStart } = {}) {
  const childEnv = { ...process.env, CONVOCORE_API_KEY: KEY, CONVOCORE_BASE_URL: sandbox.baseUrl, ...env };
  delete childEnv.CONVOCORE_REGION;
  const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  onStart?.(child);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      captured.push(stdout, stderr);
      resolve({ code: code ?? signal, stdout, stderr });
    });
  });
}

const file = (name, text) => {
  fs.writeFileSync(path.join(dir, name), text);
  return name;
};
const readLines = (name) => fs.readFileSync(path.join(dir, name), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const control = (...args) => sandboxControl(sandbox)(...args);
const clearRequests = () => control('requests', 'DELETE');
const addLeads = (prefix, n, agentId) => addSandboxLeads(sandbox, prefix, n, agentId);

test('--help for the CLI and each command, and bad usage on one line with exit code 2', async () => {
  const top = await run(['--help']);
  assert.equal(top.code, 0);
  for (const c of ['update', 'validate', 'bulk', 'sandbox']) assert.match(top.stdout, new RegExp(`^  ${c} `, 'm'));
  for (const c of ['update', 'validate', 'bulk']) {
    const r = await run([c, '--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^Usage: convocore-leads ${c} `));
    assert.match(r.stdout, /\nExamples:\n {2}convocore-leads /);
  }
  for (const args of [['update'], ['update', 'lead_1001', '--agent'], ['bulk', 'x.csv', '--concurrency', '0'], ['validate', 'a', 'b'], ['update', 'lead_1001', `--api-kye=${KEY}`], ['frobnicate']]) {
    const r = await run(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    if (args[0] !== 'frobnicate') assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  const noKey = await run(['update', 'lead_1001', '--agent', 'agent_emea_01', '--set', 'name=X'], { env: { CONVOCORE_API_KEY: '' } });
  assert.equal(noKey.code, 2);
  assert.match(noKey.stderr, /no API key: set CONVOCORE_API_KEY/);
});

test('update --dry-run prints the validated body and sends nothing', async () => {
  await clearRequests();
  const before = sandbox.store.get('lead_1002');
  const r = await run(['update', 'lead_1002', '--agent', before.agentId, '--set', 'name=John Smith', '--set', 'metaData={"stage":"won","source":"chat","value":"1200"}',
    '--set', 'hotScore=75', '--set', 'convoId=007', '--null', 'email', '--dry-run', '--allow-partial', '--api-key', KEY, '--verbose']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    agentId: before.agentId,
    lead: { name: 'John Smith', metaData: { stage: 'won', source: 'chat', value: '1200' }, hotScore: 75, convoId: '007', email: null },
  });
  assert.deepEqual(sandbox.store.get('lead_1002'), before);
  assert.equal(sandbox.requests().length, 0);
});

test('update sends the built body; the lead changes on the server', async () => {
  const r = await run(['update', 'lead_1001', '--agent', 'agent_emea_01', '--set', 'name=John Smith', '--set', 'metaData.stage=won',
    '--set', 'metaData.value=18500', '--null', 'email', '--allow-partial', '--api-key', KEY, '--verbose']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).success, true);
  assert.match(r.stderr, /API key: set \(from --api-key\)/);
  assert.match(r.stderr, /warning: \/lead\/metaData: .*"source"/);
  // Accepted with --allow-partial, still shown: the sandbox replaces nested objects.
  assert.match(r.stderr, /warning: \/lead\/metaData: metaData is sent in part: .* erase any stored address, company, .*\[partial_object\]/);
  const lead = sandbox.store.get('lead_1001');
  assert.equal(lead.name, 'John Smith');
  assert.equal(lead.email, undefined);
  assert.deepEqual(lead.metaData, { stage: 'won', value: 18500 });
  const got = await fetch(`${sandbox.baseUrl}/leads/lead_1001?agentId=agent_emea_01`, { headers: { Authorization: `Bearer ${KEY}` } }).then((x) => x.json());
  assert.equal(got.data.name, 'John Smith');
});

test('update refuses invalid changes with every issue, its path and suggestion, sending nothing', async () => {
  await clearRequests();
  const r = await run(['update', 'lead_1001', '--agent', 'agent_emea_01', '--set', 'metaData.stag=won', '--set', 'hotLabel=hott', '--set', 'hotScore=high', '--null', 'metaData']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /error: \/lead\/metaData\/stag: unknown field .*\(did you mean "stage"\?\)/);
  assert.match(r.stderr, /error: \/lead\/hotLabel: .*\(did you mean "hot"\?\)/);
  assert.match(r.stderr, /error: \/lead\/hotScore: expected number/);
  assert.match(r.stderr, /error: \/lead\/metaData: /);
  assert.match(r.stderr, /refused: 4 issues, nothing sent/);
  assert.equal(sandbox.requests().length, 0);

  const missing = await run(['update', 'lead_missing', '--agent', 'agent_emea_01', '--set', 'name=X']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^error: HTTP 404 .*NOT_FOUND/m);
});

// The stored lead's every metaData field: a metaData given whole puts nothing at risk.
const WHOLE_META = {
  address: '1 Main St', company: 'Acme', website: 'acme.example', notes: 'n', source: 'chat', currency: 'EUR', value: 100,
  stage: 'won', expectedCloseDate: '2026-01-31', subIndustry: 's', language: 'en', linkedIn: 'l', facebook: 'f',
  instagram: 'i', demoDate: '2026-01-01', demoTime: '10:30', demoLink: 'd', lostReason: 'r',
};

test('update refuses part of a nested object, naming the fields at risk and the flag; a whole object is sent', async () => {
  await clearRequests();
  const before = sandbox.store.get('lead_1003');
  const refused = await run(['update', 'lead_1003', '--agent', before.agentId, '--set', 'metaData.stage=won', '--set', 'metaData.source=chat']);
  assert.equal(refused.code, 1, refused.stderr);
  assert.equal(refused.stdout, '');
  assert.match(refused.stderr, /^error: \/lead\/metaData: metaData is sent in part: a server that replaces nested objects would erase any stored address, company, website, notes, currency, value, expectedCloseDate, .*lostReason .*\[partial_object\]$/m);
  assert.match(refused.stderr, /^refused: give every field of metaData \(the current values of those you want kept\), or pass --allow-partial .*; nothing sent$/m);
  // --dry-run refuses the same way; so does a --file patch, and a part of assignedTo.
  const dry = await run(['update', 'lead_1003', '--agent', before.agentId, '--set', 'metaData.stage=won', '--dry-run']);
  assert.equal(dry.code, 1);
  assert.equal(dry.stdout, '');
  assert.match(dry.stderr, /refused: .*--allow-partial/);
  file('partial.json', JSON.stringify({ assignedTo: { userId: 'user_9' }, name: 'X' }));
  const fromFile = await run(['update', 'lead_1003', '--agent', before.agentId, '--file', 'partial.json']);
  assert.equal(fromFile.code, 1);
  assert.match(fromFile.stderr, /error: \/lead\/assignedTo: assignedTo is sent in part: .*erase any stored name, email, photoUrl, note, assignedAt, status/);
  assert.match(fromFile.stderr, /refused: give every field of assignedTo/);
  assert.equal(sandbox.requests().length, 0);
  assert.deepEqual(sandbox.store.get('lead_1003'), before);

  // Every field given: nothing at risk, nothing to accept; the stored object becomes it.
  const whole = await run(['update', 'lead_1003', '--agent', before.agentId, '--set', `metaData=${JSON.stringify(WHOLE_META)}`]);
  assert.equal(whole.code, 0, whole.stderr);
  assert.doesNotMatch(whole.stderr, /partial_object/);
  assert.deepEqual(sandbox.store.get('lead_1003').metaData, WHOLE_META);
  // Nothing to change at all is bad usage, not an empty request.
  const nothing = await run(['update', 'lead_1003', '--agent', before.agentId]);
  assert.equal(nothing.code, 2);
  assert.match(nothing.stderr, /nothing to change/);
});

test('bulk refuses rows that send part of a nested object; --dry-run counts them and sends and writes nothing', async () => {
  addLeads('part', 3, 'agent_part');
  const csv = file('part.csv', ['id,agentId,name,metaData.stage', 'part_0000,agent_part,A,won', 'part_0001,agent_part,B,lost', 'part_0002,agent_part,C,', 'part_0003,agent_part,,', ''].join('\n'));
  await clearRequests();
  const refused = await run(['bulk', csv]);
  assert.equal(refused.code, 1, refused.stderr);
  assert.match(refused.stderr, /^line 2: error: \/lead\/metaData: metaData is sent in part: .*erase any stored address, company, .*\[partial_object\]$/m);
  assert.match(refused.stderr, /^line 3: error: \/lead\/metaData: /m);
  assert.match(refused.stderr, /^refused: 2 of 4 rows would send part of a nested object: give every field of metaData .* --allow-partial .*; nothing was sent$/m);
  assert.ok(!fs.existsSync(path.join(dir, 'part.csv.results.ndjson')), 'no results file for a refused run');

  // A dry run needs no API key, sends nothing, writes nothing.
  const outputs = () => fs.readdirSync(dir).filter((f) => /^(part|clean)\..*\.(results|failures)\.ndjson$/.test(f));
  const dry = await run(['bulk', csv, '--dry-run'], { env: { CONVOCORE_API_KEY: '' } });
  assert.equal(dry.code, 1, dry.stderr);
  assert.match(dry.stdout, /^dry run: nothing was sent$/m);
  assert.match(dry.stdout, /^4 rows: 3 to send, 1 skipped$/m);
  assert.match(dry.stdout, /^partial objects: 2 rows would send part of a nested object \(metaData: 2\); a real run refuses them without --allow-partial$/m);
  assert.match(dry.stderr, /^line 2: warning: \/lead\/metaData: metaData is sent in part/m);
  assert.match(dry.stderr, /^line 5: skipped: \/lead: every field cell of this row is empty: it changes nothing \[empty_patch\]$/m);
  const accepted = await run(['bulk', csv, '--dry-run', '--allow-partial']);
  assert.match(accepted.stdout, /partial objects: 2 rows .*; sent anyway with --allow-partial$/m);
  assert.equal(accepted.code, 1, 'the skipped row still makes a real run incomplete');
  const ndjson = file('part.ndjson', [
    JSON.stringify({ id: 'part_0000', agentId: 'agent_part', lead: { metaData: WHOLE_META } }),
    JSON.stringify({ id: 'part_0001', agentId: 'agent_part', lead: { assignedTo: { userId: 'u' }, name: 'B' } }),
  ].join('\n'));
  const mixed = await run(['bulk', ndjson, '--dry-run']);
  assert.match(mixed.stdout, /^2 rows: 2 to send, 0 skipped$/m);
  assert.match(mixed.stdout, /^partial objects: 1 row would send part of a nested object \(assignedTo: 1\)/m);
  const clean = await run(['bulk', file('clean.ndjson', JSON.stringify({ id: 'part_0000', agentId: 'agent_part', lead: { name: 'Z', metaData: WHOLE_META } })), '--dry-run']);
  assert.equal(clean.code, 0, clean.stdout);
  assert.match(clean.stdout, /^partial objects: 0 rows would send part of a nested object$/m);
  assert.deepEqual(outputs(), [], 'no results or failures file');
  assert.equal(sandbox.requests().length, 0);
  assert.equal(sandbox.store.get('part_0000').name, 'Before');
});

test('bulk: a plain rerun does not overwrite an earlier results file; --resume continues it', async () => {
  addLeads('rerun', 2, 'agent_rerun');
  file('rerun.ndjson', ['rerun_0000', 'rerun_0001'].map((id) => JSON.stringify({ id, agentId: 'agent_rerun', lead: { name: `R ${id}` } })).join('\n'));
  const first = await run(['bulk', 'rerun.ndjson']);
  assert.equal(first.code, 0, first.stderr);
  const results = fs.readFileSync(path.join(dir, 'rerun.ndjson.results.ndjson'), 'utf8');
  await clearRequests();
  const again = await run(['bulk', 'rerun.ndjson']);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /^refused: rerun\.ndjson\.results\.ndjson holds the results of an earlier run: continue that run with --resume rerun\.ndjson\.results\.ndjson, write elsewhere with --out FILE, or delete it to start over; nothing was sent$/m);
  const dry = await run(['bulk', 'rerun.ndjson', '--dry-run']);
  assert.match(dry.stdout, /a real run would be refused: rerun\.ndjson\.results\.ndjson holds the results/);
  assert.equal(dry.code, 1);
  // --resume with another file still does not overwrite this one.
  const other = await run(['bulk', 'rerun.ndjson', '--resume', file('other.results.ndjson', '')]);
  assert.equal(other.code, 1);
  assert.equal(fs.readFileSync(path.join(dir, 'rerun.ndjson.results.ndjson'), 'utf8'), results);
  assert.equal(sandbox.requests().length, 0);
  const resumed = await run(['bulk', 'rerun.ndjson', '--resume', 'rerun.ndjson.results.ndjson']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, /2 rows: 0 done, 0 failed, 0 skipped, 2 already done before/);
  assert.equal(sandbox.requests().length, 0);
});

test('validate: per-line issues for NDJSON, a summary, exit code 0 only when all are valid', async () => {
  const good = JSON.stringify({ agentId: 'a', lead: { name: 'A', metaData: { stage: 'won', source: 'chat' } } });
  const mixed = file('mixed.ndjson', [good, JSON.stringify({ agentId: 'a', lead: { metaData: { stage: 'wonn', source: 'chat' } } }), '', 'not json', good, JSON.stringify({ lead: {} })].join('\n'));
  const r = await run(['validate', mixed]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^line 2: error: \/lead\/metaData\/stage: .*\(did you mean "won"\?\)$/m);
  assert.match(r.stdout, /^line 4: error: .*\[invalid_json\]$/m);
  assert.match(r.stdout, /^line 6: error: \/agentId: /m);
  assert.doesNotMatch(r.stdout, /^line (1|5): error/m);
  assert.match(r.stdout, /^line 1: warning: \/lead\/metaData: metaData is sent in part: .*\[partial_object\]$/m);
  assert.match(r.stdout, /^line 6: warning: \/lead: lead is empty: this request changes nothing \[empty_patch\]$/m);
  assert.match(r.stdout, /mixed\.ndjson: 5 lines: 2 valid, 3 invalid/);

  const ok = await run(['validate', file('ok.ndjson', `${good}\n${good}\n`)]);
  assert.equal(ok.code, 0, ok.stdout);
  const body = await run(['validate', file('body.json', JSON.stringify(JSON.parse(good), null, 2))]);
  assert.equal(body.code, 0, body.stdout);
  assert.match(body.stdout, /body\.json: body: 1 valid, 0 invalid/);
});

test('validate reads CSV as bulk does: each row checked, line numbers, shape problems refused; --json and stdin', async () => {
  const csv = file('check.csv', [
    'id,agentId,name,metaData.stage,metaData.source,hotScore,email',
    'csv_0000,agent_csv,"Smith, John",won,chat,80,null',
    'csv_0001,agent_csv,Ann,wonn,chat,,',
    'csv_0002,agent_csv,,,,,',
    'csv_0003,agent_csv,Bob,,,eighty,',
    '',
  ].join('\n'));
  const r = await run(['validate', csv]);
  assert.equal(r.code, 1);
  assert.doesNotMatch(r.stdout, /invalid_json/);
  assert.doesNotMatch(r.stdout, /^line 2: error/m);
  assert.match(r.stdout, /^line 2: warning: \/lead\/metaData: metaData is sent in part: .*\[partial_object\]$/m);
  assert.match(r.stdout, /^line 3: error: \/lead\/metaData\/stage: .*\(did you mean "won"\?\)$/m);
  assert.match(r.stdout, /^line 4: error: \/lead: every field cell of this row is empty: it changes nothing \[empty_patch\]$/m);
  assert.match(r.stdout, /^line 5: error: \/lead\/hotScore: /m);
  assert.match(r.stdout, /^check\.csv: 4 lines: 1 valid, 3 invalid, 1 warning$/m);

  const json = await run(['validate', csv, '--json']);
  assert.equal(json.code, 1);
  const lines = json.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => [l.line, l.ok, l.issues.map((i) => i.code)]), [[2, true, []], [3, false, ['invalid_enum']], [4, false, ['empty_patch']], [5, false, ['invalid_type']]]);
  assert.equal(lines[0].warnings[0].code, 'partial_object');
  assert.match(json.stderr, /^check\.csv: 4 lines: 1 valid, 3 invalid, 1 warning$/m);

  const bad = await run(['validate', file('bad-check.csv', 'id,agentId,metaData.stag\ncsv_0000,agent_csv,won\n')]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /column "metaData\.stag" is not a lead field path: .*\(did you mean "metaData\.stage"\?\)/);

  // Standard input that does not start with { or [ is CSV.
  const piped = spawnSync(process.execPath, [CLI, 'validate', '-'], { input: 'id,agentId,hotScore\nx,a,80\n', encoding: 'utf8' });
  assert.equal(piped.status, 0, piped.stdout + piped.stderr);
  assert.match(piped.stdout, /-: 1 line: 1 valid, 0 invalid/);
});

test('--version; update --json prints one JSON object per result; --set takes null and refuses an empty value', async () => {
  const { version } = JSON.parse(fs.readFileSync(path.join(PKG, 'package.json'), 'utf8'));
  for (const flag of ['--version', '-v']) {
    const r = await run([flag]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `${version}\n`);
  }
  addLeads('json', 1, 'agent_json');
  sandbox.store.put({ id: 'json_0000', agentId: 'agent_json', name: 'Before', email: 'x@example.com' });
  const done = await run(['update', 'json_0000', '--agent', 'agent_json', '--set', 'hotScore=12000', '--set', 'email=null', '--json']);
  assert.equal(done.code, 0, done.stderr);
  assert.equal(done.stdout.trim().split('\n').length, 1);
  const result = JSON.parse(done.stdout);
  assert.deepEqual([result.id, result.outcome, result.response.success], ['json_0000', 'done', true]);
  assert.equal(sandbox.store.get('json_0000').hotScore, 12000);
  assert.equal(sandbox.store.get('json_0000').email, undefined);

  const refused = await run(['update', 'json_0000', '--agent', 'agent_json', '--set', 'metaData.stage=wonn', '--json']);
  assert.equal(refused.code, 1);
  const entry = JSON.parse(refused.stdout);
  assert.deepEqual([entry.outcome, entry.issues[0].code, entry.issues[0].suggestion], ['refused', 'invalid_enum', 'won']);

  const failed = await run(['update', 'json_missing', '--agent', 'agent_json', '--set', 'name=X', '--json', '--retries', '0']);
  assert.equal(failed.code, 1);
  assert.deepEqual((({ id, outcome, kind, status }) => ({ id, outcome, kind, status }))(JSON.parse(failed.stdout)), { id: 'json_missing', outcome: 'failed', kind: 'http', status: 404 });

  const dry = await run(['update', 'json_0000', '--agent', 'agent_json', '--set', 'name=Y', '--dry-run', '--json']);
  assert.deepEqual(JSON.parse(dry.stdout), { id: 'json_0000', outcome: 'dry_run', body: { agentId: 'agent_json', lead: { name: 'Y' } }, warnings: [] });

  const empty = await run(['update', 'json_0000', '--agent', 'agent_json', '--set', 'name=']);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /--set name= gives no value/);
});

test('bulk --json prints each result on stdout and the summary on stderr', async () => {
  addLeads('bjson', 2, 'agent_bjson');
  file('bjson.ndjson', ['bjson_0000', 'bjson_0001', 'bjson_missing'].map((id) => JSON.stringify({ id, agentId: 'agent_bjson', lead: { name: `J ${id}` } })).join('\n'));
  const r = await run(['bulk', 'bjson.ndjson', '--json', '--retries', '0']);
  assert.equal(r.code, 1, r.stderr);
  const printed = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(printed.map((e) => [e.line, e.id, e.outcome]).sort(), [[1, 'bjson_0000', 'done'], [2, 'bjson_0001', 'done'], [3, 'bjson_missing', 'failed']]);
  assert.deepEqual(printed.sort((a, b) => a.line - b.line), readLines('bjson.ndjson.results.ndjson').sort((a, b) => a.line - b.line));
  assert.match(r.stderr, /^3 rows: 2 done, 1 failed, 0 skipped$/m);
  const dry = await run(['bulk', 'bjson.ndjson', '--json', '--dry-run']);
  assert.equal(dry.code, 2);
});

test('bulk: 1,000 NDJSON rows through injected 429s and 503s all end done; a 429 pauses every worker', async () => {
  const ids = addLeads('bulk', 1000, 'agent_bulk');
  file('bulk.ndjson', ids.map((id, i) => JSON.stringify({ id, agentId: 'agent_bulk', lead: { name: `Bulk ${i}`, hotScore: i % 101 } })).join('\n'));
  const throttled = ['bulk_0300', 'bulk_0600', 'bulk_0900'];
  await control('faults', 'POST', { queue: throttled.map((id) => ({ status: 429, retryAfter: '1', match: { id } })), rate: 0.05, kinds: ['503'] });
  arrivals.length = 0;
  let r;
  try {
    r = await run(['bulk', 'bulk.ndjson', '--concurrency', '8', '--retries', '8']);
  } finally {
    await control('faults', 'DELETE');
  }
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /1000 rows: 1000 done, 0 failed, 0 skipped/);
  assert.match(r.stdout, /slowed down by 429 3 times/);
  assert.match(r.stderr, /^progress: 1000\/1000 \(100%\)/m);
  const results = readLines('bulk.ndjson.results.ndjson');
  assert.equal(results.length, 1000);
  assert.ok(results.every((e) => e.outcome === 'done'));
  assert.equal(new Set(results.map((e) => e.line)).size, 1000);
  assert.equal(fs.readFileSync(path.join(dir, 'bulk.ndjson.failures.ndjson'), 'utf8'), '');
  ids.forEach((id, i) => assert.equal(sandbox.store.get(id).name, `Bulk ${i}`));
  // The shared gate: after each 429 answer, no new request arrives until its Retry-After
  // (1 s) is nearly over (400 ms of grace for requests that were already on their way).
  const patches = arrivals.filter((a) => a[2] === 'PATCH');
  const answered429 = patches.filter((a) => a[3] === '429').map((a) => a[1]);
  assert.equal(answered429.length, 3);
  for (const t of answered429) {
    const during = patches.filter((a) => a[0] > t + 400 && a[0] < t + 800);
    assert.equal(during.length, 0, `requests arrived during the pause after the 429 at ${t}`);
  }
});

test('bulk: CSV with quotes, typed cells and an invalid row that is skipped with its issues', async () => {
  addLeads('csv', 3, 'agent_csv');
  const csv = file('leads.csv', [
    'id,agentId,name,metaData.stage,metaData.source,hotScore,email',
    'csv_0000,agent_csv,"Smith, John",won,chat,80,null',
    'csv_0001,agent_csv,"Line one\r\nline ""two""",lost,,,',
    'csv_0002,agent_csv,Ann,wonn,chat,,',
    '',
  ].join('\r\n'));
  await clearRequests();
  const r = await run(['bulk', csv, '--concurrency', '2', '--allow-partial']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /3 rows: 2 done, 0 failed, 1 skipped/);
  assert.match(r.stdout, /^partial objects: 2 rows sent part of a nested object \(--allow-partial\)$/m);
  assert.match(r.stderr, /line 5: skipped: \/lead\/metaData\/stage: .*\(did you mean "won"\?\)/);
  const a = sandbox.store.get('csv_0000');
  assert.equal(a.name, 'Smith, John');
  assert.equal(a.hotScore, 80);
  assert.equal(a.email, undefined);
  assert.deepEqual(a.metaData, { stage: 'won', source: 'chat' });
  assert.equal(sandbox.store.get('csv_0001').name, 'Line one\r\nline "two"');
  const results = readLines('leads.csv.results.ndjson').sort((x, y) => x.line - y.line);
  assert.deepEqual(results.map((e) => [e.line, e.id, e.outcome]), [[2, 'csv_0000', 'done'], [3, 'csv_0001', 'done'], [5, 'csv_0002', 'skipped']]);
  assert.equal(results[2].issues[0].code, 'invalid_enum');
  assert.equal(sandbox.requests().length, 2);
});

test('bulk: a bad CSV is refused with a clear message before anything is sent', async () => {
  await clearRequests();
  const noAgent = await run(['bulk', file('no-agent.csv', 'id,name\ncsv_0000,X\n')]);
  assert.equal(noAgent.code, 1);
  assert.match(noAgent.stderr, /error: no-agent\.csv: missing column "agentId" in the header line/);
  assert.match(noAgent.stderr, /refused: nothing was sent/);
  const unknown = await run(['bulk', file('unknown.csv', 'id,agentId,metaData.stag,nmae\ncsv_0000,agent_csv,won,X\n')]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /column "metaData\.stag" is not a lead field path: .*\(did you mean "metaData\.stage"\?\)/);
  assert.match(unknown.stderr, /column "nmae" is not a lead field path: .*\(did you mean "name"\?\)/);
  const quotes = await run(['bulk', file('quotes.csv', 'id,agentId,name\ncsv_0000,agent_csv,"open\n')]);
  assert.equal(quotes.code, 1);
  assert.match(quotes.stderr, /not valid CSV: line 2: a quoted field is not closed/);
  assert.equal(sandbox.requests().length, 0);
});

test('bulk: Ctrl-C half way writes the results, and --resume finishes every row exactly once', async () => {
  const ids = addLeads('intr', 200, 'agent_intr');
  file('intr.ndjson', ids.map((id) => JSON.stringify({ id, agentId: 'agent_intr', lead: { name: `Resumed ${id}` } })).join('\n'));
  await clearRequests();
  // Every request takes 40 ms, so with 4 at once the run lasts ~2 s and SIGINT lands mid-run.
  await control('faults', 'POST', { rate: 1, kinds: [{ delayMs: 40 }] });
  try {
    const first = await run(['bulk', 'intr.ndjson', '--concurrency', '4'], {
      onStart: (child) => {
        const timer = setInterval(() => {
          const out = path.join(dir, 'intr.ndjson.results.ndjson');
          if (fs.existsSync(out) && fs.readFileSync(out, 'utf8').split('\n').length > 40) {
            clearInterval(timer);
            child.kill('SIGINT');
          }
        }, 20);
        child.on('close', () => clearInterval(timer));
      },
    });
    assert.equal(first.code, 130, first.stderr);
    assert.match(first.stderr, /interrupted: waiting for \d request\(s\) in flight/);
    const partial = readLines('intr.ndjson.results.ndjson');
    assert.ok(partial.length >= 40 && partial.length < 200, `${partial.length} rows done before the interrupt`);
    assert.ok(partial.every((e) => e.outcome === 'done'));
    assert.equal(readLines('intr.ndjson.failures.ndjson').length, 200 - partial.length);
    assert.match(first.stdout, new RegExp(`interrupted: ${200 - partial.length} rows not started`));

    const second = await run(['bulk', 'intr.ndjson', '--concurrency', '4', '--resume', 'intr.ndjson.results.ndjson']);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, new RegExp(`200 rows: ${200 - partial.length} done, 0 failed, 0 skipped, ${partial.length} already done before`));
  } finally {
    await control('faults', 'DELETE');
  }
  const results = readLines('intr.ndjson.results.ndjson');
  assert.equal(results.length, 200);
  assert.deepEqual(new Set(results.map((e) => e.id)), new Set(ids));
  const patches = new Map();
  for (const e of sandbox.requests()) if (e.method === 'PATCH') patches.set(e.id, [...(patches.get(e.id) ?? []), e.status]);
  assert.equal(patches.size, 200);
  for (const id of ids) assert.deepEqual(patches.get(id), [200], id);
  for (const id of ids) assert.equal(sandbox.store.get(id).name, `Resumed ${id}`);
});

test('bulk: a second Ctrl-C records the rows in flight as unknown, and --resume sends them again, saying so', async () => {
  const ids = addLeads('dbl', 6, 'agent_dbl');
  file('dbl.ndjson', ids.map((id) => JSON.stringify({ id, agentId: 'agent_dbl', lead: { name: `Twice ${id}` } })).join('\n'));
  await clearRequests();
  // Every request hangs, so three are in flight when the signals come.
  await control('faults', 'POST', { rate: 1, kinds: [{ delayMs: 60000 }] });
  let first;
  try {
    first = await run(['bulk', 'dbl.ndjson', '--concurrency', '3', '--retries', '0'], {
      onStart: (child) => {
        const timer = setInterval(() => {
          if (sandbox.requests().filter((r) => r.method === 'PATCH').length < 3) return;
          clearInterval(timer);
          child.kill('SIGINT');
          setTimeout(() => child.kill('SIGINT'), 200);
        }, 20);
        child.on('close', () => clearInterval(timer));
      },
    });
  } finally {
    await control('faults', 'DELETE');
  }
  assert.equal(first.code, 130, first.stderr);
  assert.match(first.stderr, /interrupted: waiting for 3 request\(s\) in flight \(Ctrl-C again to abort them\)/);
  assert.match(first.stdout, /^6 rows: 0 done, 0 failed, 3 unknown, 0 skipped$/m);
  assert.match(first.stdout, /^unknown: 3 rows were aborted in flight by the second Ctrl-C: the server may or may not have applied them; --resume dbl\.ndjson\.results\.ndjson sends them again \(a PATCH of the same fields is idempotent\)$/m);
  assert.match(first.stdout, /interrupted: 3 rows not started/);
  const recorded = readLines('dbl.ndjson.results.ndjson');
  assert.deepEqual(recorded.map((e) => e.outcome), ['unknown', 'unknown', 'unknown']);
  assert.ok(recorded.every((e) => /may have applied/.test(e.message)));
  assert.equal(readLines('dbl.ndjson.failures.ndjson').length, 6, 'unknown and not started rows are to run again');

  await clearRequests();
  const second = await run(['bulk', 'dbl.ndjson', '--resume', 'dbl.ndjson.results.ndjson']);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /^resending 3 rows whose outcome was unknown \(aborted in flight by an earlier run\): a PATCH of the same fields is idempotent$/m);
  assert.match(second.stdout, /^6 rows: 6 done, 0 failed, 0 skipped \(3 sent again after an unknown outcome\)$/m);
  assert.equal(sandbox.requests().filter((r) => r.method === 'PATCH').length, 6);
  for (const id of ids) assert.equal(sandbox.store.get(id).name, `Twice ${id}`);
  assert.ok(readLines('dbl.ndjson.results.ndjson').every((e) => e.outcome === 'done'));
});

test('the API key appears in no output and no results file', () => {
  assert.ok(captured.length > 30);
  for (const text of captured) assert.ok(!text.includes(KEY), `key found in: ${text.slice(0, 200)}`);
  for (const f of fs.readdirSync(dir)) assert.ok(!fs.readFileSync(path.join(dir, f), 'utf8').includes(KEY), f);
});
