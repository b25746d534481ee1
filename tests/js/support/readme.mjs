// Code blocks of README.md, taken as a user copies them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './package.mjs';

export const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The text of the section under the heading `heading` (`## ...` or `### ...`), up to the next heading. */
export function section(heading) {
  const at = README.search(new RegExp(`\\n#{2,3} ${heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));
  assert.notEqual(at, -1, `README.md has a "${heading}" section`);
  const start = README.indexOf('\n', at + 1);
  const end = README.slice(start).search(/\n#{2,3} /);
  return end === -1 ? README.slice(start) : README.slice(start, start + end);
}

/** `{ path: text }` of the blocks of a section that start with a `// <path>` line. */
export function files(heading) {
  const found = {};
  for (const [, body] of section(heading).matchAll(/\n```[a-z]*\n([\s\S]*?)\n```\n/g)) {
    const path = body.match(/^\/\/ (\S+)\n/)?.[1];
    if (path) found[path] = `${body}\n`;
  }
  assert.ok(Object.keys(found).length > 0, `README.md's "${heading}" has files`);
  return found;
}
