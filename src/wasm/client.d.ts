/** What `updateLead` resolves to: the server's success body. */
export interface UpdateLeadResponse {
  success: true;
  message: string;
  /** The lead as the server stored it, when the server sends it, as it sent it (it may hold fields and values this schema does not describe). */
  data?: Lead;
}

/** What a client's hooks are told of an attempt. */
export interface AttemptInfo {
  method: 'PATCH';
  /** The request's URL (it holds no secret). */
  url: string;
  /** 1 for the first attempt, then 2, 3... for retries. */
  attempt: number;
  /** The request's headers (`beforeRequest`) or the answer's (`afterResponse`), names in lowercase, without `authorization`. */
  headers: Record<string, string>;
}

/** Options of `new ConvocoreClient(options)`. */
export interface ClientOptions {
  /**
   * The workspace or agent secret, sent as `Authorization: Bearer <apiKey>`; never shown in errors.
   * Needed for the region's API; leave it out with a `baseUrl` of a proxy that adds it (in a
   * browser page, where every visitor could read a key: a page not on a loopback host that
   * gives one gets a console warning).
   */
  apiKey?: string;
  /** The account's region: `'eu'` (default) or `'na'`. */
  region?: 'eu' | 'na';
  /**
   * Overrides the region's base URL, e.g. `http://127.0.0.1:8787/v3` for the sandbox (http only on loopback),
   * or, in a browser page, a path on the page's origin such as `'/api/convocore'` (a same-origin proxy, see
   * `convocore-leads/proxy`), resolved against `location`. A path is refused where there is no page (Node).
   */
  baseUrl?: string;
  /**
   * Extra headers of every request (e.g. a CSRF token for your proxy). Refused: names a browser forbids
   * (`Cookie`, `Host`, `Origin`, `Proxy-*`, `Sec-*`, …), method overrides, `Content-Type` and `Accept`
   * (the client sends JSON), and `Authorization` when `apiKey` is given. Values are never shown in errors.
   */
  headers?: Record<string, string>;
  /** Whether the browser sends cookies: `'same-origin'` (default), `'include'` (cross-origin too) or `'omit'`. */
  credentials?: 'same-origin' | 'include' | 'omit';
  /** Per-attempt timeout in milliseconds (default 10000): each attempt is aborted by its own `AbortSignal.timeout()`. */
  timeoutMs?: number;
  /** Retries after the first attempt on network errors, timeouts, 408, 429, 500, 502, 503 and 504 (default 2, at most 10). */
  retries?: number;
  /** The fetch to use instead of the global one; called with one argument, a standard `Request`, and must resolve to a `Response`. */
  fetch?: typeof fetch;
  /** Called before each retry with the failed attempt's number, its error and the wait. */
  onRetry?: (info: { attempt: number; delayMs: number; error: import('./errors.js').ConvocoreError }) => void;
  /**
   * Called before each attempt with what it will send (never the key: no `authorization` in
   * `headers`). May return `{ headers }` (or a promise of it) to add to this attempt, e.g. a
   * `traceparent`, checked like the `headers` option. If it throws, the update stops with a
   * `validation` error whose `cause` is what it threw.
   */
  beforeRequest?: (request: AttemptInfo) => void | { headers?: Record<string, string> } | Promise<void | { headers?: Record<string, string> }>;
  /** Called with each answer, for logging and tracing (never the key). It only observes: what it throws or rejects with is dropped. */
  afterResponse?: (response: AttemptInfo & { status: number; durationMs: number; requestId?: string }) => void | Promise<void>;
}

// Declared here, with its options' type, rather than generated from the binding (an async
// method whose Promise wasm-bindgen would leave untyped); it merges into the class
// wasm-bindgen declares.
export interface ConvocoreClient {
  /**
   * `PATCH {baseUrl}/leads/{id}` with `body` (`{ agentId, lead }`), validated first.
   * Resolves to the server's `{ success, message, data }`; rejects with a `ConvocoreError`.
   */
  updateLead(id: string, body: UpdateLeadBody, options?: UpdateLeadOptions): Promise<UpdateLeadResponse>;
}

/** Options of one `updateLead` call. */
export interface UpdateLeadOptions {
  /** Aborts the update: stops waiting and retrying at once. The error is `aborted`, or `timeout` when the reason is a `TimeoutError` (`AbortSignal.timeout()`), with the reason as its `cause`. */
  signal?: AbortSignal;
  /**
   * Called before each retry of this call, after the client's `onRetry`, with the same
   * argument. When it returns a promise, the retry waits for it too (after the delay):
   * resolve it when `signal` aborts, or the abort waits for it.
   */
  onRetry?: (info: { attempt: number; delayMs: number; error: import('./errors.js').ConvocoreError }) => void | PromiseLike<unknown>;
}
