// Local sandbox of the Convocore leads API (`convocore-leads sandbox`).
//
// It behaves like the real server as documented in spec/update-lead.openapi.yaml and
// spec/README.md (tRPC behind trpc-openapi): errors are
// `{"message","code","issues"?:[{"message"}]}` with the documented code -> status
// mapping. It also has sandbox-only control endpoints under /__sandbox/ (fault
// injection, request log, reset) that the real server does not have.
//
// Only node: built-ins are used. The body validator is passed in by the caller (the
// package's own `validateUpdateLead`), so the sandbox accepts exactly what the package
// accepts.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { seedLeads } from './seed.mjs';

// The seed is part of the `convocore-leads/sandbox` entry.
export { seedLeads, SEED_AGENTS } from './seed.mjs';

/** The default, public API key of the sandbox. */
export const DEFAULT_SANDBOX_KEY = 'sandbox-secret';
/** The default port. */
export const DEFAULT_SANDBOX_PORT = 8787;
/** The largest request body accepted (1 MiB); larger bodies get 413. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** How many API requests the request log keeps (oldest dropped first). */
export const MAX_LOGGED_REQUESTS = 1000;
/**
 * What the sandbox does with a nested object (`metaData`, `assignedTo`) sent in part: the
 * real server's rule is not documented. `replace` (the default, the cautious assumption)
 * stores the object as sent, so fields not sent are gone; `merge` sets the fields sent and
 * keeps the others.
 */
export const MERGE_NESTED_MODES = Object.freeze(['replace', 'merge']);

// The documented code -> status table (spec/README.md), plus the tRPC codes for the
// statuses a fault may use that the table does not list.
const STATUS_OF_CODE = {
  PARSE_ERROR: 400,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_SUPPORTED: 405,
  TIMEOUT: 408,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNPROCESSABLE_CONTENT: 422,
  TOO_MANY_REQUESTS: 429,
  CLIENT_CLOSED_REQUEST: 499,
  INTERNAL_SERVER_ERROR: 500,
  NOT_IMPLEMENTED: 501,
};
const CODE_OF_STATUS = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  408: 'TIMEOUT',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_CONTENT',
  429: 'TOO_MANY_REQUESTS',
  499: 'CLIENT_CLOSED_REQUEST',
  500: 'INTERNAL_SERVER_ERROR',
  501: 'NOT_IMPLEMENTED',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

/** The error `code` a fault with this status answers with (an open string). */
export function codeForStatus(status) {
  if (CODE_OF_STATUS[status]) return CODE_OF_STATUS[status];
  if (status >= 500) return 'INTERNAL_SERVER_ERROR';
  if (status >= 400) return 'BAD_REQUEST';
  return 'UNKNOWN';
}

const API_METHODS = 'GET, PATCH, OPTIONS';
const CONTROL_METHODS = 'GET, POST, DELETE, OPTIONS';
const ALLOW_HEADERS = 'Authorization, Content-Type, Accept';
const CORS_MAX_AGE = '600';

/** Named fault kinds usable in `{"rate": r, "kinds": [...]}` (and `--fault-kinds`). */
export const FAULT_KINDS = Object.freeze({
  429: { status: 429, retryAfter: '1' },
  500: { status: 500 },
  502: { status: 502 },
  503: { status: 503 },
  504: { status: 504 },
  html: { html: 502 },
  html502: { html: 502 },
  empty: { empty: 503 },
  drop: { drop: true },
  delay: { delayMs: 1500 },
});
const DEFAULT_RANDOM_KINDS = ['429', '503'];

// ---------------------------------------------------------------------------------
// Helpers

function isLoopbackHost(host) {
  const h = String(host).trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  if (/^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  return false;
}

function urlHost(host) {
  return host.includes(':') ? `[${host}]` : host;
}

function sha256(s) {
  return crypto.createHash('sha256').update(String(s), 'utf8').digest();
}

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** zod-like dotted path from what the validator reports (array, JSON pointer or string). */
function formatIssuePath(p) {
  if (Array.isArray(p)) return p.map(String).join('.');
  if (typeof p !== 'string') return '';
  if (p.startsWith('/')) {
    return p
      .slice(1)
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .join('.');
  }
  return p.replace(/^\$\.?/, '');
}

function issueMessage(issue) {
  if (typeof issue === 'string') return issue;
  if (!isPlainObject(issue)) return String(issue);
  const p = formatIssuePath(issue.path);
  const m = typeof issue.message === 'string' ? issue.message : String(issue.code ?? 'Invalid');
  return p ? `${p}: ${m}` : m;
}

function redactHeaders(headers, apiKey) {
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'authorization' || name === 'proxy-authorization') {
      const scheme = String(value).trim().split(/\s+/)[0] || '';
      out[name] = /^bearer$/i.test(scheme) ? 'Bearer <redacted>' : '<redacted>';
    } else if (name === 'cookie' || name === 'x-api-key') {
      out[name] = '<redacted>';
    } else if (apiKey && String(value).includes(apiKey)) {
      out[name] = '<redacted>';
    } else {
      out[name] = value;
    }
  }
  return out;
}

function htmlPage(status) {
  const text = `${status} ${http.STATUS_CODES[status] || 'Error'}`;
  return (
    '<html>\r\n<head><title>' + text + '</title></head>\r\n<body>\r\n<center><h1>' +
    text + '</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n'
  );
}

function normalizeFault(f, where) {
  if (!isPlainObject(f)) throw new Error(`${where}: a fault must be an object`);
  const out = {};
  const kinds = ['status', 'html', 'empty', 'drop'].filter((k) => f[k] !== undefined && f[k] !== false);
  if (kinds.length > 1) throw new Error(`${where}: use only one of status, html, empty, drop`);
  for (const k of ['status', 'html', 'empty']) {
    if (f[k] === undefined) continue;
    const s = Number(f[k]);
    if (!Number.isInteger(s) || s < 200 || s > 599) {
      throw new Error(`${where}: ${k} must be an HTTP status from 200 to 599`);
    }
    out[k] = s;
  }
  if (f.drop !== undefined) {
    if (typeof f.drop !== 'boolean') throw new Error(`${where}: drop must be true or false`);
    if (f.drop) out.drop = true;
  }
  if (f.delayMs !== undefined) {
    const d = Number(f.delayMs);
    if (!Number.isFinite(d) || d < 0 || d > 600000) {
      throw new Error(`${where}: delayMs must be a number of milliseconds from 0 to 600000`);
    }
    out.delayMs = d;
  }
  if (f.retryAfter !== undefined) {
    const r = String(f.retryAfter);
    if (/[\r\n\0]/.test(r) || r.length > 200) throw new Error(`${where}: retryAfter is not a valid header value`);
    out.retryAfter = r;
  }
  for (const k of ['code', 'message']) {
    if (f[k] !== undefined) {
      if (typeof f[k] !== 'string') throw new Error(`${where}: ${k} must be a string`);
      out[k] = f[k];
    }
  }
  if (f.match !== undefined) out.match = normalizeMatch(f.match, `${where}.match`);
  if (Object.keys(out).filter((k) => k !== 'match').length === 0) {
    throw new Error(`${where}: a fault needs one of status, html, empty, drop, delayMs`);
  }
  return out;
}

function normalizeMatch(m, where) {
  if (m === undefined || m === null) return undefined;
  if (!isPlainObject(m)) throw new Error(`${where} must be an object`);
  const out = {};
  if (m.method !== undefined) {
    if (typeof m.method !== 'string') throw new Error(`${where}.method must be a string`);
    out.method = m.method.toUpperCase();
  }
  if (m.id !== undefined) {
    if (typeof m.id !== 'string') throw new Error(`${where}.id must be a string`);
    out.id = m.id;
  }
  return out;
}

function faultMatches(match, method, id) {
  if (!match) return method !== 'OPTIONS';
  if (match.method !== undefined ? match.method !== method : method === 'OPTIONS') return false;
  if (match.id !== undefined && match.id !== id) return false;
  return true;
}

function readBody(req, limit) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        // Keep draining so the client sees the 413 answer instead of a reset, but do
        // not keep reading forever.
        if (size > limit * 16) req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve({ buffer: tooLarge ? null : Buffer.concat(chunks), tooLarge, size }));
    req.on('error', () => resolve({ buffer: null, tooLarge, size, aborted: true }));
    req.on('close', () => resolve({ buffer: null, tooLarge, size, aborted: !req.complete }));
  });
}

// ---------------------------------------------------------------------------------
// State

function loadStateFile(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e.code === 'ENOENT') return null;
    throw new Error(`Cannot read the sandbox state file ${file}: ${e.message}`);
  }
  let data;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`The sandbox state file ${file} is not valid JSON (${e.message}); fix or delete it`);
  }
  const leads = Array.isArray(data) ? data : data?.leads;
  if (!Array.isArray(leads)) {
    throw new Error(`The sandbox state file ${file} has no "leads" array; fix or delete it`);
  }
  for (const [i, l] of leads.entries()) {
    if (!isPlainObject(l) || typeof l.id !== 'string' || typeof l.agentId !== 'string') {
      throw new Error(`The sandbox state file ${file}: leads[${i}] needs string "id" and "agentId"`);
    }
  }
  return leads;
}

function writeStateFile(file, leads) {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  const text = JSON.stringify(
    { format: 'convocore-leads-sandbox-state', version: 1, savedAt: new Date().toISOString(), leads },
    null,
    2,
  ) + '\n';
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    try { fs.unlinkSync(tmp); } catch { /* ignore */ }
    throw e;
  }
}

function createStore(file) {
  const leads = new Map();
  const fill = (list) => {
    leads.clear();
    for (const l of list) leads.set(l.id, structuredClone(l));
  };
  const loaded = file ? loadStateFile(file) : null;
  fill(loaded ?? seedLeads());
  let dirty = false;

  const store = {
    /** Where the state is written, or null (memory only). */
    file: file ?? null,
    /** Whether the state was loaded from `file` at start. */
    loadedFromFile: loaded !== null,
    get size() {
      return leads.size;
    },
    /** A copy of one lead, or undefined. */
    get(id) {
      const l = leads.get(id);
      return l === undefined ? undefined : structuredClone(l);
    },
    /** Copies of all leads, or of one agent's leads. */
    list(agentId) {
      const all = [...leads.values()];
      return structuredClone(agentId === undefined ? all : all.filter((l) => l.agentId === agentId));
    },
    /** Stores (a copy of) a whole lead (needs string `id` and `agentId`) and saves. */
    put(lead) {
      if (!isPlainObject(lead) || typeof lead.id !== 'string' || typeof lead.agentId !== 'string') {
        throw new TypeError('store.put needs a lead with string "id" and "agentId"');
      }
      leads.set(lead.id, structuredClone(lead));
      store.save();
    },
    /** Restores the seed leads and saves. */
    reset() {
      fill(seedLeads());
      store.save();
    },
    /** Writes the state file now (atomically); no-op without `file`. */
    save() {
      dirty = true;
      if (!file) return;
      writeStateFile(file, [...leads.values()]);
      dirty = false;
    },
    /** Writes the state file if the last save failed. */
    flush() {
      if (dirty && file) store.save();
    },
    _raw: leads,
  };
  return store;
}

// ---------------------------------------------------------------------------------
// The server

/**
 * Starts the sandbox API.
 *
 * @param {object} options
 * @param {(body: unknown) => {ok: boolean, issues: Array<{path?: unknown, code?: string, message: string}>, warnings?: unknown[]}} options.validate
 *   the PATCH body validator (required; the package's `validateUpdateLead`)
 * @param {number} [options.port=8787] 0 picks a free port
 * @param {string} [options.host='127.0.0.1'] loopback only unless `allowRemote`
 * @param {boolean} [options.allowRemote=false]
 * @param {string} [options.apiKey='sandbox-secret']
 * @param {string} [options.file] JSON state file: loaded at start if present, written
 *   atomically after each change
 * @param {(line: string) => void} [options.log] called with one line per request
 * @param {{rate: number, kinds?: Array<string|object>}} [options.faults] random faults from the start
 * @param {'replace'|'merge'} [options.mergeNested='replace'] what a nested object sent in part
 *   does to the stored one: replace it (fields not sent are erased) or merge into it
 * @returns {Promise<{url: string, baseUrl: string, port: number, host: string, apiKey: string, close: () => Promise<void>, store: object, faults: object, requests: () => object[]}>}
 */
export async function startSandbox(options = {}) {
  const {
    port = DEFAULT_SANDBOX_PORT,
    host = '127.0.0.1',
    apiKey = DEFAULT_SANDBOX_KEY,
    file,
    validate,
    log,
    allowRemote = false,
    mergeNested = 'replace',
  } = options;
  if (!MERGE_NESTED_MODES.includes(mergeNested)) {
    throw new TypeError(`startSandbox: options.mergeNested must be 'replace' or 'merge', got ${JSON.stringify(String(mergeNested))}`);
  }
  if (typeof validate !== 'function') {
    throw new TypeError('startSandbox: options.validate must be a function (the package\'s validateUpdateLead)');
  }
  if (log !== undefined && typeof log !== 'function') throw new TypeError('startSandbox: options.log must be a function');
  if (typeof apiKey !== 'string' || apiKey.length === 0 || /[\s]/.test(apiKey)) {
    throw new TypeError('startSandbox: options.apiKey must be a non-empty string without spaces');
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError('startSandbox: options.port must be an integer from 0 to 65535');
  }
  if (typeof host !== 'string' || host === '') throw new TypeError('startSandbox: options.host must be a string');
  if (!isLoopbackHost(host) && !allowRemote) {
    throw new Error(
      `startSandbox: refusing to listen on non-loopback host "${host}" (the sandbox has no real security); ` +
        'pass allowRemote: true (CLI: --allow-remote) if you really mean it',
    );
  }
  const stateFile = file ? path.resolve(String(file)) : undefined;
  const store = createStore(stateFile);
  const keyHash = sha256(apiKey);

  // Faults
  let queue = [];
  let random = { rate: 0, kinds: DEFAULT_RANDOM_KINDS.map((k) => FAULT_KINDS[k]), kindNames: [...DEFAULT_RANDOM_KINDS] };
  const setRandom = (spec) => {
    const rate = Number(spec.rate);
    if (!Number.isFinite(rate) || rate < 0 || rate > 1) throw new Error('rate must be a number from 0 to 1');
    const names = spec.kinds === undefined ? random.kindNames : spec.kinds;
    if (!Array.isArray(names) || names.length === 0) throw new Error('kinds must be a non-empty array');
    const kinds = names.map((k, i) => {
      if (typeof k === 'string' || typeof k === 'number') {
        const f = FAULT_KINDS[String(k)];
        if (!f) {
          throw new Error(`kinds[${i}]: unknown kind "${k}" (known: ${Object.keys(FAULT_KINDS).join(', ')}, or a fault object)`);
        }
        return f;
      }
      return normalizeFault(k, `kinds[${i}]`);
    });
    random = { rate, kinds, kindNames: names, match: normalizeMatch(spec.match, 'match') };
  };
  const faults = {
    /** Appends faults (objects as accepted by POST /__sandbox/faults). */
    push(list, match) {
      const m = normalizeMatch(match, 'match');
      const normalized = list.map((f, i) => {
        const n = normalizeFault(f, `queue[${i}]`);
        if (!n.match && m) n.match = m;
        return n;
      });
      queue.push(...normalized);
    },
    /** Sets random injection: `{rate, kinds?, match?}`. */
    setRandom,
    clear() {
      queue = [];
      random = { ...random, rate: 0 };
    },
    state() {
      return {
        queue: structuredClone(queue),
        random: { rate: random.rate, kinds: structuredClone(random.kindNames), ...(random.match ? { match: random.match } : {}) },
      };
    },
  };
  if (options.faults) setRandom(options.faults);
  const takeFault = (method, id) => {
    const i = queue.findIndex((f) => faultMatches(f.match, method, id));
    if (i >= 0) return { fault: queue.splice(i, 1)[0], source: 'queue' };
    if (random.rate > 0 && faultMatches(random.match, method, id) && Math.random() < random.rate) {
      return { fault: random.kinds[Math.floor(Math.random() * random.kinds.length)], source: 'random' };
    }
    return null;
  };

  // Request log
  let requestLog = [];
  let seq = 0;

  const pendingDelays = new Set();
  let closing = null;

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      try {
        if (!res.headersSent) {
          sendError(req, res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
        } else {
          res.destroy();
        }
      } catch { /* ignore */ }
      if (log) log(`sandbox internal error: ${err && err.message}`);
    });
  });

  function corsHeaders(req) {
    const origin = req.headers.origin;
    const h = {
      'Access-Control-Allow-Origin': origin && origin !== 'null' ? origin : '*',
      'Access-Control-Expose-Headers': 'Retry-After',
    };
    if (origin) h.Vary = 'Origin';
    return h;
  }

  function send(req, res, status, body, extraHeaders = {}, contentType = 'application/json') {
    const headers = { ...corsHeaders(req), ...extraHeaders };
    let payload = '';
    if (body !== undefined && body !== null) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      headers['Content-Type'] = contentType;
    }
    headers['Content-Length'] = Buffer.byteLength(payload);
    headers['Cache-Control'] = 'no-store';
    res.writeHead(status, headers);
    res.end(payload);
    return status;
  }

  function sendError(req, res, status, code, message, issues, extraHeaders) {
    const body = { message, code };
    if (issues) body.issues = issues;
    return send(req, res, status, body, extraHeaders);
  }

  function authorized(req) {
    const h = req.headers.authorization;
    if (typeof h !== 'string') return false;
    const m = /^\s*Bearer\s+(\S+)\s*$/i.exec(h);
    if (!m) return false;
    return crypto.timingSafeEqual(sha256(m[1]), keyHash);
  }

  function parseRoute(rawPath) {
    // Returns {route: 'list'|'lead'|null, id?, badEncoding?}
    let p = rawPath;
    if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
    const segs = p.split('/');
    // ['', 'v3', 'leads', id?]
    if (segs.length < 3 || segs[0] !== '' || segs[1] !== 'v3' || segs[2] !== 'leads') return { route: null };
    if (segs.length === 3) return { route: 'list' };
    if (segs.length === 4 && segs[3] !== '') {
      try {
        return { route: 'lead', id: decodeURIComponent(segs[3]) };
      } catch {
        return { route: 'lead', id: null, badEncoding: true };
      }
    }
    return { route: null };
  }

  function applyPatch(lead, patch) {
    for (const key of Object.keys(patch)) {
      if (UNSAFE_KEYS.has(key) || key === 'id' || key === 'agentId') continue;
      const value = patch[key];
      if (value === null) {
        delete lead[key];
      } else if (mergeNested === 'merge' && isPlainObject(value) && isPlainObject(lead[key])) {
        // A nested object (metaData, assignedTo) merged key by key into the stored one.
        for (const [k, v] of Object.entries(structuredClone(value))) {
          if (!UNSAFE_KEYS.has(k)) lead[key][k] = v;
        }
      } else {
        // Under 'replace', nested objects are replaced whole; arrays always are.
        lead[key] = structuredClone(value);
      }
    }
    lead.ts = Date.now();
    return lead;
  }

  async function handle(req, res) {
    const started = Date.now();
    const rawUrl = req.url || '/';
    const qIndex = rawUrl.indexOf('?');
    const rawPath = qIndex >= 0 ? rawUrl.slice(0, qIndex) : rawUrl;
    const rawQuery = qIndex >= 0 ? rawUrl.slice(qIndex + 1) : '';
    const method = (req.method || 'GET').toUpperCase();
    const isControl = rawPath === '/__sandbox' || rawPath.startsWith('/__sandbox/');
    const isApi = rawPath === '/v3' || rawPath.startsWith('/v3/');

    let status = 0;
    let faultNote = '';
    const finish = () => {
      if (log) {
        const ms = Date.now() - started;
        log(`${method} ${rawUrl} ${status || '(dropped)'} ${ms}ms${faultNote}`);
      }
    };

    // CORS preflight (any OPTIONS request), for every path. Never logged, never faulted.
    if (method === 'OPTIONS') {
      req.resume();
      status = send(req, res, 204, undefined, {
        'Access-Control-Allow-Methods': isControl ? CONTROL_METHODS : API_METHODS,
        'Access-Control-Allow-Headers': ALLOW_HEADERS,
        'Access-Control-Max-Age': CORS_MAX_AGE,
        Vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
      });
      finish();
      return;
    }

    const body = await readBody(req, MAX_BODY_BYTES);
    if (body.aborted) {
      finish();
      return;
    }

    if (isControl) {
      status = handleControl(req, res, method, rawPath, body);
      finish();
      return;
    }

    const route = isApi ? parseRoute(rawPath) : { route: null };
    const query = Object.fromEntries(new URLSearchParams(rawQuery));
    const isAuthorized = authorized(req);

    let parsedBody = null;
    let bodyError;
    const text = body.buffer && body.buffer.length > 0 ? body.buffer : null;
    if (body.tooLarge) {
      bodyError = `body larger than ${MAX_BODY_BYTES} bytes (${body.size} bytes)`;
    } else if (text) {
      try {
        parsedBody = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(text));
      } catch (e) {
        bodyError = `unparsable JSON: ${e.message}`;
      }
    }

    let entry = null;
    if (isApi) {
      entry = {
        seq: ++seq,
        time: new Date(started).toISOString(),
        method,
        path: rawUrl,
        id: route.route === 'lead' ? route.id : null,
        query,
        headers: redactHeaders(req.headers, apiKey),
        authorized: isAuthorized,
        body: parsedBody,
        ...(bodyError ? { bodyError } : {}),
        fault: null,
        status: null,
      };
      requestLog.push(entry);
      if (requestLog.length > MAX_LOGGED_REQUESTS) requestLog = requestLog.slice(-MAX_LOGGED_REQUESTS);
    }

    // Faults (API requests only: a proxy or rate limiter answers before the app).
    if (isApi) {
      const taken = takeFault(method, route.route === 'lead' ? route.id : undefined);
      if (taken) {
        const f = taken.fault;
        entry.fault = { ...structuredClone(f), source: taken.source };
        delete entry.fault.match;
        faultNote = ` [fault ${JSON.stringify(f)}]`;
        if (f.delayMs) {
          const ok = await new Promise((resolve) => {
            const t = setTimeout(() => {
              pendingDelays.delete(pending);
              resolve(true);
            }, f.delayMs);
            const pending = { t, resolve };
            pendingDelays.add(pending);
            res.once('close', () => {
              if (pendingDelays.delete(pending)) {
                clearTimeout(t);
                resolve(false);
              }
            });
          });
          if (!ok || res.destroyed) {
            finish();
            return;
          }
        }
        if (f.drop) {
          req.socket.destroy();
          finish();
          return;
        }
        const extra = f.retryAfter !== undefined ? { 'Retry-After': f.retryAfter } : {};
        if (f.html) {
          status = send(req, res, f.html, htmlPage(f.html), extra, 'text/html');
        } else if (f.empty) {
          status = send(req, res, f.empty, undefined, extra);
        } else if (f.status) {
          const code = f.code ?? codeForStatus(f.status);
          const message = f.message ?? (http.STATUS_CODES[f.status] || code);
          status = sendError(req, res, f.status, code, message, undefined, extra);
        }
        if (status) {
          entry.status = status;
          finish();
          return;
        }
        // delay only: continue with normal processing
      }
    }

    status = await answerApi();
    if (entry) entry.status = status;
    finish();

    async function answerApi() {
      if (route.route === null) return sendError(req, res, 404, 'NOT_FOUND', 'Not found');
      const allowed = route.route === 'list' ? ['GET'] : ['GET', 'PATCH'];
      if (!allowed.includes(method)) {
        return sendError(req, res, 405, 'METHOD_NOT_SUPPORTED', `Method ${method} is not supported on this path`, undefined, {
          Allow: [...allowed, 'OPTIONS'].join(', '),
        });
      }
      if (!isAuthorized) return sendError(req, res, 401, 'UNAUTHORIZED', 'Unauthorized');
      if (route.badEncoding) return sendError(req, res, 400, 'BAD_REQUEST', 'The lead id in the path is not valid percent-encoding');

      if (method === 'GET') {
        const agentId = query.agentId;
        if (route.route === 'list') {
          const data = agentId ? store.list(agentId) : store.list();
          return send(req, res, 200, { success: true, message: 'Leads retrieved', data });
        }
        if (!agentId) {
          return sendError(req, res, 400, 'BAD_REQUEST', 'Input validation failed', [{ message: 'agentId: Required' }]);
        }
        const lead = store.get(route.id);
        if (!lead) return sendError(req, res, 404, 'NOT_FOUND', 'Lead not found');
        if (lead.agentId !== agentId) return sendError(req, res, 403, 'FORBIDDEN', 'This lead does not belong to this agent');
        return send(req, res, 200, { success: true, message: 'Lead retrieved', data: lead });
      }

      // PATCH /v3/leads/{id}
      const ct = String(req.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
      if (ct !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(ct)) {
        return sendError(req, res, 400, 'BAD_REQUEST', 'Content-Type must be application/json');
      }
      if (body.tooLarge) {
        return sendError(req, res, 413, 'PAYLOAD_TOO_LARGE', `Request body is larger than ${MAX_BODY_BYTES} bytes`);
      }
      if (!text) return sendError(req, res, 400, 'PARSE_ERROR', 'Request body is empty');
      if (bodyError) return sendError(req, res, 400, 'PARSE_ERROR', 'Request body is not valid JSON');

      let result;
      try {
        result = await validate(parsedBody);
      } catch (e) {
        return sendError(req, res, 500, 'INTERNAL_SERVER_ERROR', `The validator threw: ${e && e.message}`);
      }
      if (entry && result && Array.isArray(result.warnings) && result.warnings.length) {
        entry.warnings = structuredClone(result.warnings);
      }
      if (!result || !result.ok) {
        const raw = result && result.issues;
        const list = Array.isArray(raw) ? raw : raw && typeof raw[Symbol.iterator] === 'function' ? Array.from(raw) : [];
        const issues = list.map((i) => ({ message: issueMessage(i) }));
        if (issues.length === 0) issues.push({ message: 'Invalid input' });
        return sendError(req, res, 400, 'BAD_REQUEST', 'Input validation failed', issues);
      }
      // Defensive: a validator that lets these through still cannot corrupt the store.
      if (!isPlainObject(parsedBody) || typeof parsedBody.agentId !== 'string' || !isPlainObject(parsedBody.lead)) {
        return sendError(req, res, 400, 'BAD_REQUEST', 'Input validation failed', [
          { message: 'agentId and lead are required' },
        ]);
      }
      const current = store.get(route.id);
      if (!current) return sendError(req, res, 404, 'NOT_FOUND', 'Lead not found');
      if (current.agentId !== parsedBody.agentId) {
        return sendError(req, res, 403, 'FORBIDDEN', 'This lead does not belong to this agent');
      }
      const updated = applyPatch(current, parsedBody.lead);
      try {
        store.put(updated);
      } catch (e) {
        return sendError(req, res, 500, 'INTERNAL_SERVER_ERROR', `Could not save the sandbox state: ${e.code || e.message}`);
      }
      return send(req, res, 200, { success: true, message: 'Lead updated successfully', data: store.get(route.id) });
    }
  }

  function handleControl(req, res, method, rawPath, body) {
    let p = rawPath;
    if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
    const known = {
      '/__sandbox/faults': ['GET', 'POST', 'DELETE'],
      '/__sandbox/requests': ['GET', 'DELETE'],
      '/__sandbox/reset': ['POST'],
    };
    if (!known[p]) return sendError(req, res, 404, 'NOT_FOUND', 'Not found');
    if (!known[p].includes(method)) {
      return sendError(req, res, 405, 'METHOD_NOT_SUPPORTED', `Method ${method} is not supported on this path`, undefined, {
        Allow: [...known[p], 'OPTIONS'].join(', '),
      });
    }
    if (p === '/__sandbox/faults') {
      if (method === 'GET') return send(req, res, 200, faults.state());
      if (method === 'DELETE') {
        faults.clear();
        return send(req, res, 200, { ok: true, ...faults.state() });
      }
      if (body.tooLarge) return sendError(req, res, 413, 'PAYLOAD_TOO_LARGE', 'Request body is too large');
      let spec;
      try {
        spec = JSON.parse(body.buffer.toString('utf8') || 'null');
      } catch {
        return sendError(req, res, 400, 'PARSE_ERROR', 'Request body is not valid JSON');
      }
      if (!isPlainObject(spec) || (spec.queue === undefined && spec.rate === undefined)) {
        return sendError(req, res, 400, 'BAD_REQUEST', 'Send {"queue": [fault, ...], "match"?: {...}} or {"rate": 0.3, "kinds"?: [...]}');
      }
      try {
        if (spec.queue !== undefined) {
          if (!Array.isArray(spec.queue)) throw new Error('queue must be an array');
          faults.push(spec.queue, spec.match);
        }
        if (spec.rate !== undefined) setRandom({ rate: spec.rate, kinds: spec.kinds, match: spec.queue === undefined ? spec.match : random.match });
      } catch (e) {
        return sendError(req, res, 400, 'BAD_REQUEST', e.message);
      }
      return send(req, res, 200, { ok: true, ...faults.state() });
    }
    if (p === '/__sandbox/requests') {
      if (method === 'GET') return send(req, res, 200, { requests: requestLog });
      requestLog = [];
      return send(req, res, 200, { ok: true });
    }
    // POST /__sandbox/reset
    try {
      store.reset();
    } catch (e) {
      return sendError(req, res, 500, 'INTERNAL_SERVER_ERROR', `Could not save the sandbox state: ${e.code || e.message}`);
    }
    faults.clear();
    requestLog = [];
    return send(req, res, 200, { ok: true, leads: store.size });
  }

  await new Promise((resolve, reject) => {
    const onError = (e) => {
      server.off('listening', onListening);
      reject(e);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ port, host, exclusive: true });
  });

  const addr = server.address();
  const boundHost = typeof addr === 'object' && addr ? addr.address : host;
  const boundPort = typeof addr === 'object' && addr ? addr.port : port;
  const url = `http://${urlHost(boundHost)}:${boundPort}`;

  function close() {
    if (closing) return closing;
    closing = new Promise((resolve) => {
      for (const p of pendingDelays) {
        clearTimeout(p.t);
        p.resolve(false);
      }
      pendingDelays.clear();
      server.close(() => resolve());
      server.closeAllConnections();
    }).then(() => {
      store.flush();
    });
    return closing;
  }

  return {
    url,
    baseUrl: `${url}/v3`,
    port: boundPort,
    host: boundHost,
    close,
    store,
    faults,
    mergeNested,
    /** A copy of the request log (as GET /__sandbox/requests). */
    requests: () => structuredClone(requestLog),
  };
}

// ---------------------------------------------------------------------------------
// CLI

export const SANDBOX_USAGE = `Usage: convocore-leads sandbox [options]

Runs a local sandbox of the Convocore leads API (PATCH/GET /v3/leads/{id},
GET /v3/leads) with demo leads, for trying the client without a real account.
It validates bodies with this package's own validator.

Options:
  --port N           port to listen on (default ${DEFAULT_SANDBOX_PORT}; 0 = any free port)
  --host H           address to bind (default 127.0.0.1; loopback only unless --allow-remote)
  --allow-remote     allow a non-loopback --host (the sandbox has no real security)
  --api-key K        the bearer key clients must send (default: env CONVOCORE_SANDBOX_KEY,
                     else the public "${DEFAULT_SANDBOX_KEY}"); prefer the env variable,
                     command lines are visible to other local users
  --file F           keep the leads in JSON file F (loaded at start if present,
                     rewritten atomically after each change)
  --fault-rate R     inject random faults into R (0..1) of the API requests
  --fault-kinds L    comma-separated kinds for --fault-rate (default 429,503;
                     known: ${Object.keys(FAULT_KINDS).join(', ')})
  --merge-nested M   what a metaData/assignedTo sent in part does to the stored one:
                     replace (default: the fields not sent are erased, the cautious
                     assumption about the real server, whose rule is not documented)
                     or merge (the fields sent are set, the others kept)
  --quiet            do not print one line per request
  -h, --help         show this help

Examples:
  convocore-leads sandbox
  convocore-leads sandbox --port 9000 --file ./sandbox-state.json
  CONVOCORE_SANDBOX_KEY=my-local-key convocore-leads sandbox --fault-rate 0.3
  convocore-leads sandbox --merge-nested merge
  curl -X PATCH http://127.0.0.1:${DEFAULT_SANDBOX_PORT}/v3/leads/lead_1001 \\
       -H 'Authorization: Bearer ${DEFAULT_SANDBOX_KEY}' -H 'Content-Type: application/json' \\
       -d '{"agentId":"agent_emea_01","lead":{"metaData":{"stage":"won"}}}'
  curl -X POST http://127.0.0.1:${DEFAULT_SANDBOX_PORT}/__sandbox/faults \\
       -H 'Content-Type: application/json' -d '{"queue":[{"status":429,"retryAfter":"2"}]}'

Sandbox-only control endpoints (no auth): POST/GET/DELETE /__sandbox/faults,
GET/DELETE /__sandbox/requests, POST /__sandbox/reset.
`;

/**
 * Parses the arguments of `convocore-leads sandbox` (with or without the leading
 * "sandbox"). Throws an Error with a readable message on a bad argument.
 */
export function parseSandboxArgs(argv = [], env = process.env) {
  const args = [...argv];
  if (args[0] === 'sandbox') args.shift();
  const out = {
    help: false,
    port: DEFAULT_SANDBOX_PORT,
    host: '127.0.0.1',
    allowRemote: false,
    apiKey: DEFAULT_SANDBOX_KEY,
    apiKeySource: 'default',
    file: undefined,
    faultRate: 0,
    faultKinds: undefined,
    mergeNested: 'replace',
    quiet: false,
  };
  const envKey = env && typeof env.CONVOCORE_SANDBOX_KEY === 'string' ? env.CONVOCORE_SANDBOX_KEY : '';
  if (envKey !== '') {
    out.apiKey = envKey;
    out.apiKeySource = 'env';
  }
  const takesValue = new Set(['--port', '--host', '--api-key', '--file', '--fault-rate', '--fault-kinds', '--merge-nested']);
  for (let i = 0; i < args.length; i++) {
    let a = args[i];
    let value;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) {
      value = a.slice(eq + 1);
      a = a.slice(0, eq);
    }
    if (takesValue.has(a)) {
      if (value === undefined) {
        if (i + 1 >= args.length) throw new Error(`${a} needs a value`);
        value = args[++i];
      }
    } else if (value !== undefined) {
      throw new Error(`${a} takes no value`);
    }
    switch (a) {
      case '-h':
      case '--help':
        out.help = true;
        break;
      case '--allow-remote':
        out.allowRemote = true;
        break;
      case '--quiet':
        out.quiet = true;
        break;
      case '--port': {
        if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new Error(`--port must be a number from 0 to 65535, got "${value}"`);
        out.port = Number(value);
        break;
      }
      case '--host':
        if (!value) throw new Error('--host needs a value');
        out.host = value;
        break;
      case '--api-key':
        if (!value || /\s/.test(value)) throw new Error('--api-key must be a non-empty string without spaces');
        out.apiKey = value;
        out.apiKeySource = 'flag';
        break;
      case '--file':
        if (!value) throw new Error('--file needs a path');
        out.file = value;
        break;
      case '--fault-rate': {
        const r = Number(value);
        if (value === '' || !Number.isFinite(r) || r < 0 || r > 1) throw new Error(`--fault-rate must be a number from 0 to 1, got "${value}"`);
        out.faultRate = r;
        break;
      }
      case '--fault-kinds': {
        const kinds = value.split(',').map((s) => s.trim()).filter(Boolean);
        for (const k of kinds) {
          if (!FAULT_KINDS[k]) throw new Error(`--fault-kinds: unknown kind "${k}" (known: ${Object.keys(FAULT_KINDS).join(', ')})`);
        }
        if (kinds.length === 0) throw new Error('--fault-kinds needs at least one kind');
        out.faultKinds = kinds;
        break;
      }
      case '--merge-nested':
        if (!MERGE_NESTED_MODES.includes(value)) throw new Error(`--merge-nested must be replace or merge, got "${value}"`);
        out.mergeNested = value;
        break;
      default:
        throw new Error(`Unknown argument "${args[i]}" (see --help)`);
    }
  }
  if (/\s/.test(out.apiKey)) throw new Error('CONVOCORE_SANDBOX_KEY must not contain spaces');
  return out;
}

/**
 * Runs `convocore-leads sandbox`: starts the server, prints where it is, and stops on
 * SIGINT/SIGTERM (or when `signal` aborts). Resolves with the exit code once stopped.
 *
 * @param {string[]} argv arguments after the command name (a leading "sandbox" is skipped)
 * @param {object} ctx
 * @param {Function} ctx.validate the package's validateUpdateLead
 * @param {object} [ctx.env=process.env]
 * @param {(s: string) => void} [ctx.out] stdout writer; [ctx.err] stderr writer
 * @param {AbortSignal} [ctx.signal] stops the server when aborted
 * @param {boolean} [ctx.handleSignals=true] listen to SIGINT/SIGTERM
 * @param {(sandbox) => void} [ctx.onReady]
 */
export async function runSandboxCli(argv, ctx = {}) {
  const out = ctx.out ?? ((s) => process.stdout.write(s));
  const err = ctx.err ?? ((s) => process.stderr.write(s));
  let opts;
  try {
    opts = parseSandboxArgs(argv, ctx.env ?? process.env);
  } catch (e) {
    err(`convocore-leads sandbox: ${e.message}\n`);
    return 2;
  }
  if (opts.help) {
    out(SANDBOX_USAGE);
    return 0;
  }
  let sandbox;
  try {
    sandbox = await startSandbox({
      port: opts.port,
      host: opts.host,
      allowRemote: opts.allowRemote,
      apiKey: opts.apiKey,
      file: opts.file,
      mergeNested: opts.mergeNested,
      validate: ctx.validate,
      faults: opts.faultRate > 0 ? { rate: opts.faultRate, kinds: opts.faultKinds } : undefined,
      log: opts.quiet ? undefined : (line) => out(`${new Date().toISOString()} ${line}\n`),
    });
  } catch (e) {
    const hint = e && e.code === 'EADDRINUSE' ? ` (port ${opts.port} is in use; try --port 0 or another port)` : '';
    err(`convocore-leads sandbox: ${e.message}${hint}\n`);
    return 1;
  }
  const agents = [...new Set(sandbox.store.list().map((l) => l.agentId))];
  const keyLine =
    opts.apiKey === DEFAULT_SANDBOX_KEY
      ? `${DEFAULT_SANDBOX_KEY} (the public default; set CONVOCORE_SANDBOX_KEY or --api-key to change it)`
      : `the key you set with ${opts.apiKeySource === 'env' ? 'CONVOCORE_SANDBOX_KEY' : '--api-key'} (not shown)`;
  out(
    `Convocore leads sandbox listening on ${sandbox.url}\n` +
      `  Base URL:   ${sandbox.baseUrl}\n` +
      `  API key:    ${keyLine}\n` +
      `  Leads:      ${sandbox.store.size} (agents: ${agents.join(', ')})\n` +
      `  Nested:     ${opts.mergeNested === 'merge' ? 'merge (a metaData/assignedTo sent in part is merged into the stored one)' : 'replace (a metaData/assignedTo sent in part replaces the stored one; --merge-nested merge to merge)'}\n` +
      `  State:      ${sandbox.store.file ? `${sandbox.store.file}${sandbox.store.loadedFromFile ? ' (loaded)' : ' (new)'}` : 'in memory (use --file to keep it)'}\n` +
      (opts.faultRate > 0
        ? `  Faults:     random, ${Math.round(opts.faultRate * 1000) / 10}% of API requests (${(opts.faultKinds ?? DEFAULT_RANDOM_KINDS).join(', ')})\n`
        : '') +
      `  Control:    ${sandbox.url}/__sandbox/faults, /__sandbox/requests, /__sandbox/reset\n` +
      `Press Ctrl+C to stop.\n`,
  );
  if (ctx.onReady) ctx.onReady(sandbox);

  return await new Promise((resolve) => {
    let stopping = false;
    const handleSignals = ctx.handleSignals !== false;
    const stop = (why) => {
      if (stopping) return;
      stopping = true;
      if (handleSignals) {
        process.off('SIGINT', onSigint);
        process.off('SIGTERM', onSigterm);
      }
      if (ctx.signal) ctx.signal.removeEventListener('abort', onAbort);
      out(`\nStopping the sandbox (${why})...\n`);
      sandbox.close().then(
        () => {
          out('Sandbox stopped.\n');
          resolve(0);
        },
        (e) => {
          err(`convocore-leads sandbox: error while stopping: ${e.message}\n`);
          resolve(1);
        },
      );
    };
    const onSigint = () => stop('SIGINT');
    const onSigterm = () => stop('SIGTERM');
    const onAbort = () => stop('aborted');
    if (handleSignals) {
      process.on('SIGINT', onSigint);
      process.on('SIGTERM', onSigterm);
    }
    if (ctx.signal) {
      if (ctx.signal.aborted) onAbort();
      else ctx.signal.addEventListener('abort', onAbort, { once: true });
    }
  });
}
