#!/usr/bin/env node
// The demo dashboard: starts the local sandbox API (validating with the built package's
// own validateUpdateLead) and serves www/ plus the package's browser build at /pkg/web/,
// both on 127.0.0.1. Run through scripts/demo.sh, which builds pkg/ first.
// Usage: node scripts/serve-demo.mjs [--port 8080] [--sandbox-port 8787] [--merge-nested replace|merge] [--quiet]
// Tests import startDemo({ port: 0, sandboxPort: 0 }).

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WWW = path.join(ROOT, 'www');
const PKG_WEB = path.join(ROOT, 'pkg', 'web');
const HOST = '127.0.0.1';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** The file under `dir` that `rel` names, or null when it leaves `dir` or is not a file. */
function fileUnder(dir, rel) {
  let decoded;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return null;
  }
  const file = path.resolve(dir, '.' + path.posix.normalize('/' + decoded));
  if (file !== dir && !file.startsWith(dir + path.sep)) return null;
  try {
    return fs.statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

/**
 * Starts the sandbox and the page server.
 * @param {{port?: number, sandboxPort?: number, mergeNested?: 'replace'|'merge', log?: (line: string) => void}} [options]
 * @returns {Promise<{url: string, sandboxUrl: string, close: () => Promise<void>}>}
 */
export async function startDemo({ port = 8080, sandboxPort = 8787, mergeNested, log } = {}) {
  const entry = path.join(ROOT, 'pkg', 'node', 'index.mjs');
  if (!fs.existsSync(entry) || !fs.existsSync(path.join(PKG_WEB, 'index.js'))) {
    throw new Error('pkg/ is not built: run scripts/build.sh (scripts/demo.sh does it for you)');
  }
  const { validateUpdateLead } = await import(pathToFileURL(entry).href);
  const { startSandbox, DEFAULT_SANDBOX_KEY } = await import(pathToFileURL(path.join(ROOT, 'pkg', 'sandbox', 'server.mjs')).href);
  const sandbox = await startSandbox({ validate: validateUpdateLead, port: sandboxPort, mergeNested, log });
  // The page reads where the sandbox is from here; the key is the sandbox's public default.
  const config = JSON.stringify({ baseUrl: sandbox.baseUrl, apiKey: DEFAULT_SANDBOX_KEY });

  const server = http.createServer((req, res) => {
    const urlPath = (req.url || '/').split('?')[0];
    const reply = (status, type, body) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'text/plain', 'Method not allowed\n');
    if (urlPath === '/config.json') return reply(200, TYPES['.json'], config);
    const file = urlPath.startsWith('/pkg/web/')
      ? fileUnder(PKG_WEB, urlPath.slice('/pkg/web/'.length))
      : fileUnder(WWW, urlPath === '/' ? 'index.html' : urlPath.slice(1));
    if (!file) return reply(404, 'text/plain', 'Not found\n');
    fs.readFile(file, (err, data) => {
      if (err) return reply(500, 'text/plain', 'Could not read the file\n');
      reply(200, TYPES[path.extname(file)] || 'application/octet-stream', req.method === 'HEAD' ? undefined : data);
    });
  });
  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, host: HOST, exclusive: true }, resolve);
    });
  } catch (e) {
    await sandbox.close();
    throw e;
  }
  let closing;
  return {
    url: `http://${HOST}:${server.address().port}/`,
    sandboxUrl: sandbox.url,
    close() {
      closing ??= Promise.all([
        new Promise((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
        sandbox.close(),
      ]).then(() => {});
      return closing;
    },
  };
}

const USAGE = `Usage: scripts/demo.sh [--port N] [--sandbox-port N] [--merge-nested replace|merge] [--quiet]

Serves the demo dashboard on http://127.0.0.1:<port>/ (default 8080) and runs the local
sandbox API on http://127.0.0.1:<sandbox-port>/v3 (default 8787); 0 picks a free port.
--merge-nested: what a metaData/assignedTo sent in part does to the stored one, replace
(default: the fields not sent are erased) or merge (they are kept), to try the dashboard
against both rules. --quiet stops the sandbox's one line per request. Ctrl+C stops both.
`;

function parseArgs(argv) {
  const out = { port: 8080, sandboxPort: 8787, mergeNested: 'replace', quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    if (flag === '-h' || flag === '--help') return { help: true };
    if (flag === '--quiet') {
      out.quiet = true;
      continue;
    }
    if (flag === '--merge-nested') {
      const value = inline ?? argv[++i];
      if (value !== 'replace' && value !== 'merge') throw new Error('--merge-nested needs replace or merge');
      out.mergeNested = value;
      continue;
    }
    if (flag !== '--port' && flag !== '--sandbox-port') throw new Error(`unknown argument "${argv[i]}"`);
    const value = inline ?? argv[++i];
    if (value === undefined || !/^\d{1,5}$/.test(value) || Number(value) > 65535) {
      throw new Error(`${flag} needs a port number from 0 to 65535`);
    }
    out[flag === '--port' ? 'port' : 'sandboxPort'] = Number(value);
  }
  return out;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`demo: ${e.message}\n${USAGE}`);
    process.exit(2);
  }
  if (opts.help) {
    process.stdout.write(USAGE);
    return;
  }
  let demo;
  try {
    demo = await startDemo({
      port: opts.port,
      sandboxPort: opts.sandboxPort,
      mergeNested: opts.mergeNested,
      log: opts.quiet ? undefined : (line) => process.stdout.write(`  sandbox: ${line}\n`),
    });
  } catch (e) {
    const hint = e.code === 'EADDRINUSE' ? ' (port in use: pass --port / --sandbox-port, or 0 for any free port)' : '';
    process.stderr.write(`demo: ${e.message}${hint}\n`);
    process.exit(1);
  }
  process.stdout.write(
    `Convocore leads demo dashboard: ${demo.url}\n` +
      `  Sandbox API:  ${demo.sandboxUrl}/v3 (API key: sandbox-secret, the public default)\n` +
      `  Nested objects sent in part: ${opts.mergeNested === 'merge' ? 'merged into the stored ones' : 'replace the stored ones (--merge-nested merge to merge)'}\n` +
      'Press Ctrl+C to stop.\n',
  );
  const stop = () => {
    process.stdout.write('\nStopping the demo...\n');
    demo.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
