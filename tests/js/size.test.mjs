// The size budget of the browser entry: what `import ... from 'convocore-leads'` makes a
// browser download (wasm + wasm-bindgen glue + entry + error class), each gzipped -9
// by zlib (deterministic, so the figure is the same on every machine).
// BENCHMARKS.md has the figures and what the budget is measured against.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PKG } from './support/package.mjs';
import { browserEntrySize } from '../../bench/size.mjs';

// The target is 30 KB (zod 4 + openapi-fetch: 29.8 KB); see BENCHMARKS.md for
// the gap. This is the size reached plus ~3% headroom: it only ever goes down.
const BUDGET_BYTES = 105_000;

test('browser entry stays within the gzipped size budget', () => {
  const { total, files } = browserEntrySize(PKG);
  const detail = Object.entries(files).map(([f, n]) => `${f} ${n}`).join(', ');
  assert.ok(total <= BUDGET_BYTES, `browser entry is ${total} bytes gzipped (${detail}), over the budget of ${BUDGET_BYTES}`);
});
