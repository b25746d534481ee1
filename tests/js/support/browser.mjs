// Pages in headless Chromium: the system's browser, a static file server on 127.0.0.1, and
// tabs that record what went wrong on them.
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, relative } from 'node:path';
import { chromium } from 'playwright-core';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

/** Serves the files under `root` on 127.0.0.1 (a free port) until closed; `/api/...` goes to `api`, a Node request listener, if given. */
export async function serve(root, api) {
  const server = createServer((req, res) => {
    if (api && req.url.startsWith('/api/')) return api(req, res);
    const path = normalize(join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    if (relative(root, path).startsWith('..')) return res.writeHead(403).end();
    try {
      const body = readFileSync(statSync(path).isDirectory() ? join(path, 'index.html') : path);
      res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Headless Chromium from /usr/bin/chromium (never a downloaded one), quiet on the network. */
export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A new tab of `context` and the list, empty while all is well, of its page errors, failed loads and console errors. */
export async function watchedTab(context) {
  const tab = await context.newPage();
  const problems = [];
  tab.on('pageerror', (e) => problems.push(String(e)));
  // Chromium asks for /favicon.ico on its own; any other missing file is a problem.
  tab.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && problems.push(`${r.status()} ${r.url()}`));
  tab.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(m.text()));
  return { tab, problems };
}
