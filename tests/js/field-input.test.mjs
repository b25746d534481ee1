// `parseFieldInput(path, text)` (pkg-template/field-input.js) on the built package: the
// values it gives form text, the same in both entries, and the same as the CLI's `--set`
// and CSV cells, which go through it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PKG } from './support/package.mjs';

const main = await import(path.join(PKG, 'node/index.mjs'));
const validator = await import(path.join(PKG, 'validate/node/index.mjs'));
const { ConvocoreError, LeadPatchBuilder, parseFieldInput, validateUpdateLead } = main;

// [path, text, value]
const CASES = [
  ['hotScore', '12000', 12000],
  ['hotScore', '80.5', 80.5],
  ['hotScore', '-3e2', -300],
  ['hotScore', '', undefined],
  ['hotScore', 'eighty', 'eighty'],
  ['hotScore', 'null', 'null'],
  ['metaData.value', '12000', 12000],
  ['metaData.value', '012000', '012000'],
  ['metaData.value', '1.50', '1.50'],
  ['convoId', '007', '007'],
  ['convoId', '7', 7],
  ['email', 'null', null],
  ['email', '', undefined],
  ['email', 'amelia@example.com', 'amelia@example.com'],
  ['name', 'null', null],
  ['name', ' John ', ' John '],
  ['metaData.stage', 'won', 'won'],
  ['metaData.expectedCloseDate', '2026-12-06', '2026-12-06'],
  ['metaData.demoDate', '2026-12-06', '2026-12-06'],
  ['lastActivityDate', '2026-12-06', '2026-12-06'],
  ['lastActivityDate', '1764979200000', 1764979200000],
  ['hotLabel', 'true', 'true'],
  ['crmActivities', ' [{"type":"Call"}]', [{ type: 'Call' }]],
  ['assignedTo', '{"userId":"u1"}', { userId: 'u1' }],
  ['metaData', '{"stage":"won","source":"chat"}', { stage: 'won', source: 'chat' }],
  ['metaData.notes', '{not json, just notes}', '{not json, just notes}'],
  ['noSuchField', '12', '12'],
];

test('form text becomes the value the field takes, in both entries', () => {
  for (const [field, text, value] of CASES) {
    assert.deepEqual(parseFieldInput(field, text), value, `${field} = ${JSON.stringify(text)}`);
    assert.deepEqual(validator.parseFieldInput(field, text), value, `validate entry: ${field} = ${JSON.stringify(text)}`);
  }
});

test('what a form gives builds a valid body; bad JSON and non-strings are refused with a ConvocoreError', () => {
  const form = { name: 'Amelia Hart', email: '', phone: 'null', hotScore: '82', 'metaData.value': '12000', 'metaData.expectedCloseDate': '2027-01-31' };
  const builder = new LeadPatchBuilder('agent_emea_01');
  for (const [field, text] of Object.entries(form)) {
    const value = parseFieldInput(field, text);
    if (value !== undefined) builder.set(field, value);
  }
  const body = builder.build();
  builder.free();
  assert.deepEqual(body.lead, { name: 'Amelia Hart', phone: null, hotScore: 82, metaData: { value: 12000, expectedCloseDate: '2027-01-31' } });
  assert.equal(validateUpdateLead(body).ok, true);

  assert.throws(
    () => parseFieldInput('crmActivities', '[{"type": "Call"'),
    (e) => e instanceof ConvocoreError && e.kind === 'validation' && e.issues[0].code === 'invalid_json' && e.issues[0].path === '/lead/crmActivities',
  );
  for (const args of [['hotScore', 80], [undefined, '80'], ['hotScore']]) {
    assert.throws(() => parseFieldInput(...args), (e) => e instanceof ConvocoreError && e.kind === 'validation' && /two strings/.test(e.message));
  }
});

test("the CLI's --set and CSV cells give the same values", () => {
  // Two runs (metaData whole, then its fields), each path once.
  const groups = [
    [['hotScore', '12000'], ['convoId', '007'], ['email', 'null'], ['name', ' John '], ['lastActivityDate', '2026-12-06'], ['crmActivities', ' [{"type":"Call"}]'], ['assignedTo', '{"userId":"u1"}'], ['metaData', '{"stage":"won","source":"chat"}']],
    [['metaData.value', '12000'], ['metaData.stage', 'won'], ['metaData.expectedCloseDate', '2026-12-06'], ['metaData.notes', '{not json, just notes}']],
  ];
  const cli = path.join(PKG, 'bin/convocore-leads.mjs');
  const env = { ...process.env };
  delete env.CONVOCORE_API_KEY;
  for (const group of groups) {
    const args = group.flatMap(([field, text]) => ['--set', `${field}=${text}`]);
    const r = spawnSync(process.execPath, [cli, 'update', 'lead_1', '--agent', 'agent_1', ...args, '--allow-partial', '--dry-run', '--json'], { encoding: 'utf8', env });
    assert.equal(r.status, 0, r.stderr);
    const { outcome, body } = JSON.parse(r.stdout);
    assert.equal(outcome, 'dry_run');
    const expected = new LeadPatchBuilder('agent_1');
    for (const [field, text] of group) expected.set(field, parseFieldInput(field, text));
    assert.deepEqual(body, expected.build());
    expected.free();
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convocore-field-input-'));
  try {
    const header = ['id', 'agentId', 'hotScore', 'email', 'convoId', 'metaData.value', 'metaData.expectedCloseDate', 'metaData.source'];
    fs.writeFileSync(path.join(dir, 'form.csv'), `${header.join(',')}\nlead_1,agent_1,12000,null,007,12000,2026-12-06,chat\nlead_2,agent_1,,,7,,,chat\n`);
    const r = spawnSync(process.execPath, [cli, 'validate', 'form.csv', '--json'], { encoding: 'utf8', cwd: dir, env });
    assert.equal(r.status, 0, r.stderr);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(rows.map((row) => [row.line, row.ok]), [[2, true], [3, true]]);
    assert.match(r.stderr, /form\.csv: 2 lines: 2 valid, 0 invalid/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
