// Wasm memory stays flat under long runs of the packed package in Node: a linear memory
// only grows, so any leak per call shows up as growth after warm-up. The package does not
// expose its memory; it is caught here as Node's glue instantiates the module.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { scratchProject } from './support/package.mjs';

const MiB = 1024 * 1024;
let memory;
let pkg;

before(async () => {
  // A module of the scratch project, so `convocore-leads` resolves as it would for a user.
  const dir = scratchProject('memory', { files: { 'load.mjs': "export * from 'convocore-leads';\n" } });
  const Instance = WebAssembly.Instance;
  WebAssembly.Instance = new Proxy(Instance, {
    construct(target, args, newTarget) {
      const instance = Reflect.construct(target, args, newTarget);
      memory ??= instance.exports.memory;
      return instance;
    },
  });
  try {
    pkg = await import(pathToFileURL(join(dir, 'load.mjs')));
  } finally {
    WebAssembly.Instance = Instance;
  }
  assert.ok(memory instanceof WebAssembly.Memory, 'the package instantiated its wasm with new WebAssembly.Instance');
});

/** Growth of the wasm memory over `count` calls of `step`, after `count / 10` to warm up. */
function growth(count, step) {
  for (let i = 0; i < count / 10; i++) step(i);
  const start = memory.buffer.byteLength;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) step(i);
  const ms = performance.now() - t0;
  const grown = memory.buffer.byteLength - start;
  console.log(`${count} calls: ${Math.round(ms)} ms, memory ${start} -> ${start + grown} bytes (+${grown})`);
  return grown;
}

const invalid = {
  agentId: 'agent-1',
  lead: {
    name: 'Ada',
    email: 'not-an-email',
    hotScore: 140,
    metaData: { stage: 'wonn', source: 'chat', expectedCloseDate: '2026-02-30' },
    crmActivities: [{ type: 'Call', firstChannel: 'Phone/Call', notesHistory: [{ text: 'called' }] }],
  },
};

test('100,000 validations grow the wasm memory by less than 1 MiB', () => {
  assert.equal(pkg.validateUpdateLead(invalid).ok, false);
  const grown = growth(100_000, (i) => {
    const result = pkg.validateUpdateLead(i % 2 ? invalid : { agentId: 'agent-1', lead: { name: `Ada ${i}` } });
    if (result.ok !== (i % 2 === 0)) throw new Error(`unexpected result at ${i}`);
  });
  assert.ok(grown < MiB, `grew ${grown} bytes`);
});

test('10,000 LeadPatchBuilder chains, each disposed, grow the wasm memory by less than 1 MiB', () => {
  const grown = growth(10_000, (i) => {
    const builder = new pkg.LeadPatchBuilder('agent-1');
    try {
      builder.name(`Ada ${i}`).email('ada@example.com').stage('demo_req').source('chat').hotScore(i % 101)
        .addActivity({ type: 'Call', date: i }).addNote(0, { text: 'called back' }).build();
    } finally {
      builder[Symbol.dispose]();
    }
  });
  assert.ok(grown < MiB, `grew ${grown} bytes`);
});

test('10,000 diff/apply round trips grow the wasm memory by less than 1 MiB', () => {
  const before = { id: 'lead-1', name: 'Ada', email: 'ada@example.com', metaData: { stage: 'new', source: 'chat' } };
  const grown = growth(10_000, (i) => {
    const after = { ...before, name: `Ada ${i}`, metaData: { stage: 'won', source: 'chat', value: i } };
    const applied = pkg.applyLeadPatch(before, pkg.diffLead(before, after));
    if (applied.name !== after.name) throw new Error(`round trip lost the name at ${i}`);
  });
  assert.ok(grown < MiB, `grew ${grown} bytes`);
});
