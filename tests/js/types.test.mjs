// The TypeScript declarations of the packed package (`convocore-leads` and
// `convocore-leads/validate`), as a TypeScript user compiles against them (fixtures/types: valid uses compile, `@ts-expect-error` lines prove what must not),
// and a check that the literal unions they ship are the values the validator accepts.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { scratchProject, tsc } from './support/package.mjs';

const FIXTURES = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, 'fixtures/types');

let dir;
let leads;

before(async () => {
  const files = Object.fromEntries(readdirSync(FIXTURES).map((f) => [f, readFileSync(join(FIXTURES, f))]));
  // A module of the scratch project, so `convocore-leads` resolves as it would for a user.
  files['load.mjs'] = "export * from 'convocore-leads';\n";
  dir = scratchProject('types', { files });
  leads = await import(pathToFileURL(join(dir, 'load.mjs')));
});

test('tsc --strict, module nodenext (ESM import and CommonJS require)', () => tsc(dir, 'tsconfig.nodenext.json'));

test('tsc --strict, moduleResolution bundler', () => tsc(dir, 'tsconfig.bundler.json'));

/** `export type X = "a" | "b";` declarations: name -> values. */
function literalUnions(dts) {
  const unions = new Map();
  for (const [, name, body] of dts.matchAll(/^export type (\w+) = ("[^"]*"(?: \| "[^"]*")*);$/gm)) {
    unions.set(name, [...body.matchAll(/"([^"]*)"/g)].map((m) => m[1]));
  }
  return unions;
}

/** Fields typed with one of `unions`: [interface, field, union]. */
function unionFields(dts, unions) {
  const fields = [];
  for (const [, iface, body] of dts.matchAll(/^export interface (\w+)[^{]*\{([\s\S]*?)^\}/gm)) {
    for (const [, field, type] of body.matchAll(/^\s+(\w+)\??: (\w+);$/gm)) {
      if (unions.has(type)) fields.push([iface, field, type]);
    }
  }
  return fields;
}

// Where each interface sits in a minimal valid body, to put a bad value in one of its fields.
const PLACES = {
  LeadPatch: { path: '/lead', body: (v) => ({ lead: v }) },
  LeadMetaData: { path: '/lead/metaData', body: (v) => ({ lead: { metaData: { source: 'chat', ...v } } }) },
  AssignedTo: { path: '/lead/assignedTo', body: (v) => ({ lead: { assignedTo: { userId: 'user-1', ...v } } }) },
  CrmActivity: { path: '/lead/crmActivities/0', body: (v) => ({ lead: { crmActivities: [{ type: 'Call', ...v }] } }) },
  NoteEntry: { path: '/lead/crmActivities/0/notesHistory/0', body: (v) => ({ lead: { crmActivities: [{ type: 'Call', notesHistory: [{ text: 'x', ...v }] }] } }) },
};

for (const flavour of ['node', 'web', 'validate/node', 'validate/web']) {
  test(`the literal unions of ${flavour}/convocore_leads.d.ts are what the validator accepts`, () => {
    const dts = readFileSync(join(dir, 'node_modules/convocore-leads', flavour, 'convocore_leads.d.ts'), 'utf8');
    const unions = literalUnions(dts);
    // The issue codes are unions too; the validator's own codes, checked on their own below.
    const warningCodes = unions.get('WarningCode');
    assert.ok(unions.delete('ErrorCode') && unions.delete('WarningCode'), 'ErrorCode and WarningCode are declared');
    for (const code of ['partial_object', 'empty_patch', 'default_applies']) assert.ok(warningCodes.includes(code), code);
    assert.deepEqual(leads.validateUpdateLead({ agentId: 'a', lead: {} }).warnings.map((w) => w.code), ['empty_patch']);
    assert.deepEqual([...unions.keys()].sort(), ['ActivityType', 'AssignmentStatus', 'Channel', 'HotLabel', 'LeadStage']);
    const fields = unionFields(dts, unions);
    assert.deepEqual(new Set(fields.map(([, , union]) => union)), new Set(unions.keys()), 'every union types some field');
    for (const [iface, field, union] of fields) {
      const place = PLACES[iface];
      assert.ok(place, `${iface}.${field} is a ${union}: add ${iface} to PLACES`);
      const path = `${place.path}/${field}`;
      const result = leads.validateUpdateLead({ agentId: 'agent-1', ...place.body({ [field]: 'not-a-value' }) });
      const issue = result.issues.find((i) => i.path === path);
      assert.equal(issue?.code, 'invalid_enum', `${path}: ${JSON.stringify(result.issues)}`);
      assert.deepEqual(issue.expected, unions.get(union), `${path} (${union})`);
    }
  });
}
