#!/usr/bin/env node
// The demo dashboard: starts the local sandbox API (validating with the built package's
// own validateUpdateLead) and serves www/ plus the package's browser build at /pkg/web/,
// both on 127.0.0.1. The page holds no API key: this server keeps it and serves the
// package's same-origin proxy (convocore-leads/proxy) at /api/convocore, which adds it to
// each update it forwards to the sandbox, plus two routes of the demo's own (the lead list
// and the sandbox's fault switch). Run through scripts/demo.sh, which builds pkg/ first.
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

/** Where the page's client sends its updates: the proxy on the page's own origin. */
const API_BASE = '/api/convocore';

/**
 * Starts the sandbox and the page server.
 * @param {{port?: number, sandboxPort?: number, mergeNested?: 'replace'|'merge', apiKey?: string, log?: (line: string) => void}} [options]
 *   `apiKey`: the sandbox's key, held by this server only (default: the sandbox's public one).
 * @returns {Promise<{url: string, sandboxUrl: string, close: () => Promise<void>}>}
 */
export async function startDemo({ port = 8080, sandboxPort = 8787, mergeNested, apiKey, log } = {}) {
  const entry = path.join(ROOT, 'pkg', 'node', 'index.mjs');
  if (!fs.existsSync(entry) || !fs.existsSync(path.join(PKG_WEB, 'index.js'))) {
    throw new Error('pkg/ is not built: run scripts/build.sh (scripts/demo.sh does it for you)');
  }
  const { validateUpdateLead } = await import(pathToFileURL(entry).href);
  const { startSandbox, DEFAULT_SANDBOX_KEY } = await import(pathToFileURL(path.join(ROOT, 'pkg', 'sandbox', 'server.mjs')).href);
  const { createLeadProxy, toNodeListener } = await import(pathToFileURL(path.join(ROOT, 'pkg', 'proxy', 'index.mjs')).href);
  const key = apiKey ?? DEFAULT_SANDBOX_KEY;
  const sandbox = await startSandbox({ validate: validateUpdateLead, port: sandboxPort, apiKey: key, mergeNested, log });
  // Retries are the page's (its client shows them): a proxy retrying too would multiply them.
  const proxy = toNodeListener(createLeadProxy({ apiKey: key, baseUrl: sandbox.baseUrl, basePath: API_BASE, retries: 0 }));
  // What the page is told: where to send, and where that goes (for the header). No key.
  const config = JSON.stringify({ baseUrl: API_BASE, upstream: sandbox.baseUrl });

  /** Answers with the sandbox's answer to `pathname`, `init` given (the key added by the caller). */
  async function relay(res, pathname, init) {
    let status = 502;
    let body = JSON.stringify({ message: 'the sandbox could not be reached', code: 'BAD_GATEWAY' });
    try {
      const answer = await fetch(`${sandbox.url}${pathname}`, { ...init, signal: AbortSignal.timeout(10_000) });
      [status, body] = [answer.status, await answer.text()];
    } catch {
      // The 502 above.
    }
    res.writeHead(status, { 'Content-Type': TYPES['.json'], 'Cache-Control': 'no-store' });
    res.end(body);
  }

  const server = http.createServer((req, res) => {
    const urlPath = (req.url || '/').split('?')[0];
    const reply = (status, type, body) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      res.end(body);
    };
    if (urlPath.startsWith(`${API_BASE}/`)) return proxy(req, res);
    // The demo's own routes: the sandbox's lead list (the API documents no list, so the
    // proxy has none) and its fault switch, which the page cannot reach by itself.
    if (urlPath === '/demo/leads' && req.method === 'GET') {
      return relay(res, '/v3/leads', { headers: { Authorization: `Bearer ${key}`, Accept: 'application/json' } });
    }
    if (urlPath === '/demo/faults' && (req.method === 'GET' || req.method === 'POST')) {
      const chunks = [];
      let size = 0;
      req.on('data', (c) => {
        size += c.length;
        if (size <= 65536) chunks.push(c);
      });
      req.on('end', () => {
        if (size > 65536) return reply(413, 'text/plain', 'Too large\n');
        const body = req.method === 'POST' ? Buffer.concat(chunks).toString('utf8') : undefined;
        relay(res, '/__sandbox/faults', { method: req.method, headers: { 'Content-Type': TYPES['.json'] }, body });
      });
      return;
    }
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

Serves the demo dashboard on http://127.0.0.1:<port>/ (default 8080), with the package's
same-origin proxy at /api/convocore, and runs the local sandbox API on
http://127.0.0.1:<sandbox-port>/v3 (default 8787); 0 picks a free port. The key stays
in this server (the page has none).
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
      `  Proxy:        ${demo.url.replace(/\/$/, '')}${API_BASE} (adds the key; the page holds none)\n` +
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
