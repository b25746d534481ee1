// `convocore-leads/proxy`: the server side of a dashboard that must not hold the workspace
// key. A Fetch API handler, `(request) => Promise<Response>`, that lets through only
// `PATCH {basePath}/leads/{id}` with a bounded body that validates, sends it on with the
// package's own ConvocoreClient (its timeouts, retries and checks) and the key added, and
// answers with the API's answer. It runs wherever there are `Request` and `Response`: a
// Next.js route handler, a Cloudflare Worker, Deno, Bun, and Node's `http` through
// `toNodeListener`. The key is in no answer and no error it makes.
//
// The package by its own name: `node` resolves to the Node entry (the wasm ready on
// import), other runtimes and bundlers to the browser entry (ready after `init()`).
import init, { ConvocoreClient, ConvocoreError } from 'convocore-leads';

/** Where the browser client's `baseUrl` points by default. */
export const DEFAULT_BASE_PATH = '/api/convocore';
/** The largest request body let through by default (the sandbox's limit too). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const MAX_MAX_BODY_BYTES = 16 * 1024 * 1024;

// The API's answer headers a browser may need: the body's type, when to retry, and the ids
// and limits that help a support request. Nothing else crosses (no cookies, no server
// internals).
const PASSED_HEADERS = [
  'content-type', 'retry-after', 'x-request-id', 'request-id', 'x-correlation-id',
  'ratelimit', 'ratelimit-policy', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset',
  'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset',
];

/** An answer in the API's own error shape (`{ message, code, issues? }`), never cached. */
function answer(status, body, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  });
}

function optionError(message) {
  return new TypeError(`createLeadProxy: ${message}`);
}

/**
 * The handler. Throws a `TypeError` (or the client's `ConvocoreError`) for bad options; none
 * of its messages contains the key.
 * @param {import('./index.d.mts').LeadProxyOptions} options
 * @returns {(request: Request) => Promise<Response>}
 */
export function createLeadProxy(options) {
  if (options === null || typeof options !== 'object') throw optionError('needs an options object with `apiKey`');
  const { apiKey, basePath: rawBasePath = DEFAULT_BASE_PATH, maxBodyBytes = DEFAULT_MAX_BODY_BYTES, authorize } = options;
  // The proxy's one job is adding the key: without one it would relay to a server that refuses.
  if (typeof apiKey !== 'string' || apiKey === '') throw optionError('`apiKey` must be the workspace secret (a non-empty string)');
  if (typeof rawBasePath !== 'string' || (rawBasePath !== '' && !/^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/.test(rawBasePath))) {
    throw optionError('`basePath` must be a URL path such as /api/convocore (or "" for /leads/{id} at the root)');
  }
  const basePath = rawBasePath.replace(/\/+$/, '');
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1 || maxBodyBytes > MAX_MAX_BODY_BYTES) {
    throw optionError(`\`maxBodyBytes\` must be a whole number from 1 to ${MAX_MAX_BODY_BYTES}`);
  }
  if (authorize !== undefined && typeof authorize !== 'function') throw optionError('`authorize` must be a function');
  const upstream = options.fetch ?? ((request) => globalThis.fetch(request));
  if (typeof upstream !== 'function') throw optionError('`fetch` must be a function');
  const clientOptions = {
    apiKey,
    baseUrl: options.baseUrl,
    region: options.region,
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    onRetry: options.onRetry,
  };
  const ready = init();
  // The options are checked now where the wasm is ready on import (Node, Deno, Bun): a
  // bad key or URL stops the server at start, not at its first request. The browser
  // entry is ready after init() (its `init` error, here), and checks them at the first
  // request; a Worker gets the `workerd` entry, ready on import.
  try {
    new ConvocoreClient(clientOptions).free();
  } catch (e) {
    if ((e instanceof ConvocoreError || e?.name === 'ConvocoreError') && e.kind !== 'init') throw e;
  }
  const scrub = (text) => (text.includes(apiKey) ? text.replaceAll(apiKey, '[redacted]') : text);

  return async function leadProxy(request) {
    try {
      return await handle(request);
    } catch {
      // A fault of the proxy itself (or of `authorize`): no detail, it could say anything.
      return answer(500, { message: 'the proxy failed to handle the request', code: 'INTERNAL_SERVER_ERROR' });
    }
  };

  async function handle(request) {
    const id = leadId(new URL(request.url).pathname, basePath);
    if (id === undefined) return answer(404, { message: `not found: this proxy serves only PATCH ${basePath}/leads/{id}`, code: 'NOT_FOUND' });
    if (id === null) return answer(400, { message: 'the lead id in the path is not valid percent-encoded UTF-8', code: 'BAD_REQUEST' });
    if (request.method !== 'PATCH') {
      return answer(405, { message: `method ${request.method} is not allowed: only PATCH`, code: 'METHOD_NOT_SUPPORTED' }, { Allow: 'PATCH' });
    }
    if (authorize) {
      const verdict = await authorize(request, { id });
      if (verdict instanceof Response) return verdict;
      if (verdict !== true) return answer(403, { message: 'not allowed to update this lead', code: 'FORBIDDEN' });
    }
    const bytes = await readBounded(request, maxBodyBytes);
    if (bytes === null) {
      return answer(413, { message: `the body is larger than ${maxBodyBytes} bytes`, code: 'PAYLOAD_TOO_LARGE' });
    }
    let body;
    try {
      body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      return answer(400, { message: 'the body is not JSON text in UTF-8', code: 'PARSE_ERROR' });
    }
    await ready;
    return forward(id, body, request.signal);
  }

  /** Sends the update with a client of its own, which records the API's last answer. */
  async function forward(id, body, signal) {
    let last;
    const recording = async (request) => {
      const response = await upstream(request);
      // An earlier attempt's copy is not needed once there is a later answer.
      last?.body?.cancel().catch(() => {});
      last = response.clone();
      return response;
    };
    let client;
    let error;
    try {
      client = new ConvocoreClient({ ...clientOptions, fetch: recording });
      // Only a genuine AbortSignal: the client refuses anything else as an invalid option.
      await client.updateLead(id, body, signal instanceof AbortSignal ? { signal } : undefined);
    } catch (e) {
      error = e;
    } finally {
      client?.free();
    }
    if (error === undefined || ((error.kind === 'http' || error.kind === 'response') && last)) {
      const headers = { 'Cache-Control': 'no-store' };
      for (const name of PASSED_HEADERS) {
        const value = last.headers.get(name);
        if (value !== null) headers[name] = scrub(value);
      }
      const text = await last.text();
      return new Response(nullBodyStatus(last.status) ? null : scrub(text), { status: last.status, headers });
    }
    last?.body?.cancel().catch(() => {});
    switch (error?.kind) {
      case 'validation':
        // The client's own words and the validator's issues; it never puts the key in either.
        return answer(400, { message: error.message, code: 'BAD_REQUEST', issues: error.issues });
      case 'timeout':
        return answer(504, { message: 'the Convocore API did not answer in time', code: 'GATEWAY_TIMEOUT' });
      case 'network':
        return answer(502, { message: 'the Convocore API could not be reached', code: 'BAD_GATEWAY' });
      case 'aborted':
        return answer(499, { message: 'the request was aborted', code: 'CLIENT_CLOSED_REQUEST' });
      default:
        throw error;
    }
  }
}

const nullBodyStatus = (status) => status === 204 || status === 205 || status === 304;

/**
 * The lead id of `PATCH {basePath}/leads/{id}` from a request path: `undefined` when the path
 * is another one, `null` when the id is not valid percent-encoded UTF-8.
 */
function leadId(pathname, basePath) {
  const prefix = `${basePath}/leads/`;
  if (!pathname.startsWith(prefix)) return undefined;
  const segment = pathname.slice(prefix.length);
  if (segment === '' || segment.includes('/')) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** The request's body, or `null` as soon as it is known to be larger than `max` bytes. */
async function readBounded(request, max) {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > max) return null;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/**
 * A Node `http` request listener from a Fetch API handler:
 * `http.createServer(toNodeListener(handler))`. The request's signal aborts when the
 * client goes away before the answer.
 * @param {(request: Request) => Promise<Response>} handler
 */
export function toNodeListener(handler) {
  return (req, res) => {
    const controller = new AbortController();
    res.once('close', () => {
      if (!res.writableEnded) controller.abort();
    });
    respond(req, res, handler, controller.signal).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end();
    });
  };
}

async function respond(req, res, handler, signal) {
  let request;
  try {
    const headers = new Headers();
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    // Only the path matters to the handler (the Host header is the client's to make up);
    // joined, not resolved, so that a path starting with // names no host.
    if (!req.url?.startsWith('/')) throw new Error('not a path');
    request = new Request(`http://localhost${req.url}`, {
      method: req.method,
      headers,
      signal,
      ...(hasBody ? { body: bodyStream(req), duplex: 'half' } : {}),
    });
  } catch {
    // A method fetch refuses (CONNECT, TRACE), a header it cannot hold, a path it cannot parse.
    res.writeHead(400, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify({ message: 'the request cannot be read', code: 'BAD_REQUEST' }));
    return;
  }
  const response = await handler(request);
  const body = response.body ? new Uint8Array(await response.arrayBuffer()) : undefined;
  const headers = Object.fromEntries(response.headers);
  // A body left unread (too large, or not needed for a 404 or 405): the connection is closed
  // after the answer rather than kept for a next request behind the rest of this one.
  if (!req.complete) headers.connection = 'close';
  res.writeHead(response.status, headers);
  res.end(body);
}

/** The request's body as a stream whose cancel leaves the socket alone (the answer closes it). */
function bodyStream(req) {
  const chunks = req[Symbol.asyncIterator]();
  return new ReadableStream({
    async pull(controller) {
      const { done, value } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    },
    cancel() {},
  });
}
