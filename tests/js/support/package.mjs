// Where the built package is, and scratch projects that install the packed tarball the
// way a user would (`npm install ./convocore-leads-x.tgz`), offline.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const PKG = join(ROOT, 'pkg');
export const BIN = join(ROOT, 'node_modules/.bin');
const SCRATCH = join(ROOT, 'tests/js/.scratch');

/** The tarball written by `scripts/build.sh --pack`. */
export function packedTarball() {
  const dir = join(ROOT, 'target');
  const found = existsSync(dir) ? readdirSync(dir).filter((f) => /^convocore-leads-.*\.tgz$/.test(f)) : [];
  if (found.length !== 1) throw new Error(`expected one packed tarball in target/, found ${found.length}: run scripts/build.sh --pack`);
  return join(dir, found[0]);
}

/**
 * A fresh folder `tests/js/.scratch/<name>` with `package.json` (`type` as given) and the
 * packed tarball installed, with `dependencies` from the npm registry (`name@version`),
 * which npm's cache serves once it has them. Tools (tsc, esbuild, vite) come from the
 * repo's node_modules/.bin.
 */
export function scratchProject(name, { type = 'module', files = {}, dependencies = [] } = {}) {
  const dir = join(SCRATCH, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `scratch-${name}`, private: true, type }, null, 2));
  const network = dependencies.length ? '--prefer-offline' : '--offline';
  execFileSync('npm', ['install', network, '--no-audit', '--no-fund', '--loglevel=error', packedTarball(), ...dependencies], { cwd: dir, stdio: 'pipe', timeout: 300_000 });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

/** `tsc -p <config> --noEmit --strict` in `dir`, failing the test with what tsc printed. */
export function tsc(dir, config) {
  try {
    execFileSync(join(BIN, 'tsc'), ['-p', config, '--noEmit', '--strict'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    assert.fail(`tsc -p ${config} in ${dir} failed:\n${e.stdout}${e.stderr}`);
  }
}
