import type { ClientOptions } from 'convocore-leads';

/** Options of `createLeadProxy`. */
export interface LeadProxyOptions {
  /** The workspace secret, added to each forwarded request; never in an answer or error of the proxy. */
  apiKey: string;
  /** The account's region: `'eu'` (default) or `'na'`. */
  region?: 'eu' | 'na';
  /** The API's base URL, overriding the region's (e.g. the sandbox, `http://127.0.0.1:8787/v3`). */
  baseUrl?: string;
  /** Per-attempt timeout of the forwarded request, in milliseconds (default 10000). */
  timeoutMs?: number;
  /** Retries of the forwarded request (default 2); set the browser client's or this one to 0 so that attempts do not multiply. */
  retries?: number;
  /** The path the handler serves `PATCH {basePath}/leads/{id}` under (default `'/api/convocore'`; `''` for the root). */
  basePath?: string;
  /** The largest body let through, in bytes (default 1 MiB, at most 16 MiB); larger ones get 413. */
  maxBodyBytes?: number;
  /**
   * Decides whether a request may update the lead (your session or CSRF check), before its body
   * is read (do not read it here): `true` lets it through, `false` answers 403, a `Response` is
   * answered as it is. Without it, anyone who can reach the handler may update any lead.
   */
  authorize?: (request: Request, lead: { id: string }) => boolean | Response | Promise<boolean | Response>;
  /** The fetch used to reach the API; called with one standard `Request`. */
  fetch?: (request: Request) => Promise<Response>;
  /** Called before each retry of a forwarded request (for logs: its error never holds the key). */
  onRetry?: ClientOptions['onRetry'];
}

/** A Fetch API handler: a Next.js route handler, a Worker's or Deno's or Bun's `fetch`. */
export type LeadProxyHandler = (request: Request) => Promise<Response>;

/**
 * A handler that lets through only `PATCH {basePath}/leads/{id}` (405 with `Allow` for other
 * methods, 404 for other paths) with a body of at most `maxBodyBytes` (413) that is JSON (400)
 * and validates (400 with the validator's `issues`), sends it on with a `ConvocoreClient` (its
 * timeouts and retries) and the key, and answers with the API's answer: its status, body and
 * `Content-Type`, `Retry-After`, request id and rate-limit headers. 502 when the API cannot be
 * reached, 504 when it does not answer in time. Errors are JSON `{ message, code, issues? }`.
 * Throws for bad options (a `TypeError`, or a `ConvocoreError` from the client's checks).
 */
export function createLeadProxy(options: LeadProxyOptions): LeadProxyHandler;

/** The parts of Node's `http.IncomingMessage` that `toNodeListener` reads. */
export interface NodeRequestLike extends AsyncIterable<Uint8Array> {
  method?: string;
  url?: string;
  rawHeaders: string[];
}

/** The parts of Node's `http.ServerResponse` that `toNodeListener` uses. */
export interface NodeResponseLike {
  readonly headersSent: boolean;
  readonly writableEnded: boolean;
  writeHead(status: number, headers?: Record<string, string>): unknown;
  end(body?: Uint8Array | string): unknown;
  once(event: 'close', listener: () => void): unknown;
}

/** A Node `http` request listener: `http.createServer(toNodeListener(handler))`. */
export function toNodeListener(handler: LeadProxyHandler): (req: NodeRequestLike, res: NodeResponseLike) => void;

/** `'/api/convocore'`. */
export const DEFAULT_BASE_PATH: string;
/** 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES: number;
