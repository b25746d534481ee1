// The cold-start scripts of bench/run.mjs and `bench/ab.mjs --cold`. Each, run as a fresh
// `node --input-type=module -e` process, loads the Node entry of the package in `pkgDir`
// (through `import` of node/index.mjs, or through `require` of node/index.cjs), validates
// `body` once and prints the milliseconds since its first line.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export function coldStartScripts(pkgDir, body) {
  const check = `if (!m.validateUpdateLead(${JSON.stringify(body)}).ok) throw 1; console.log(performance.now() - t0);`;
  return {
    import: `const t0 = performance.now(); const m = await import(${JSON.stringify(pathToFileURL(resolve(pkgDir, 'node/index.mjs')).href)});
    ${check}`,
    require: `const t0 = performance.now(); const { createRequire } = await import('node:module');
    const m = createRequire(import.meta.url)(${JSON.stringify(resolve(pkgDir, 'node/index.cjs'))});
    ${check}`,
  };
}
