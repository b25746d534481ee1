// Bytes shipped to a browser, gzipped at level 9 (zlib, deterministic): our browser entry
// as built into pkg/web, and the peers bundled and minified by esbuild.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { requestSchema } from './peers/openapi.mjs';

/** The files a browser loads for `import ... from 'convocore-leads'`: all of pkg/web's code. */
export const browserEntryFiles = (pkgDir) => readdirSync(join(pkgDir, 'web')).filter((f) => /\.(js|wasm)$/.test(f)).sort();

export const gzipped = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** `{ total, files: { name: gzippedBytes } }` of pkg/web. */
export function browserEntrySize(pkgDir) {
  const files = {};
  for (const f of browserEntryFiles(pkgDir)) files[f] = gzipped(readFileSync(join(pkgDir, 'web', f)));
  return { total: Object.values(files).reduce((a, b) => a + b, 0), files };
}

// What each peer stack needs for the same job: a request-body validator and an HTTP client.
function peerEntries(root) {
  const schema = JSON.stringify(requestSchema(join(root, 'spec/update-lead.openapi.yaml')));
  return {
    'zod 4 + openapi-fetch': `
      import createClient from 'openapi-fetch';
      import { updateLeadBody } from './peers/zod-schema.mjs';
      export function updateLead(baseUrl, id, body) {
        const parsed = updateLeadBody.safeParse(body);
        if (!parsed.success) throw parsed.error;
        return createClient({ baseUrl }).PATCH('/leads/{id}', { params: { path: { id } }, body: parsed.data });
      }`,
    'ajv 8 + ky': `
      import Ajv from 'ajv';
      import ky from 'ky';
      const validate = new Ajv({ allErrors: true }).compile(${schema});
      export function updateLead(baseUrl, id, body) {
        if (!validate(body)) throw new Error(JSON.stringify(validate.errors));
        return ky.patch(baseUrl + '/leads/' + id, { json: body }).json();
      }`,
  };
}

/** `{ name: gzippedBytes }` of each peer stack, bundled and minified for browsers. */
export async function peerSizes(root) {
  const esbuild = await import('esbuild');
  const out = {};
  for (const [name, contents] of Object.entries(peerEntries(root))) {
    const r = await esbuild.build({
      stdin: { contents, resolveDir: join(root, 'bench'), loader: 'js' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    out[name] = gzipped(r.outputFiles[0].contents);
  }
  return out;
}
