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
  /**
   * Many updates, `concurrency` at once (default 8): an async iterable, run once when
   * iterated, of one result per item not in `skip`, as each ends, tagged with the item's
   * `index`. A 429 pauses every worker (retries too) for its Retry-After and halves the
   * concurrency, which then grows back. Refuses bad arguments at once with a `validation`
   * ConvocoreError; an invalid item is a `failed` result. Leaving the loop early starts
   * nothing more and returns once the updates in flight have settled.
   */
  updateLeads(items: Iterable<BulkItem>, options?: UpdateLeadsOptions): AsyncIterableIterator<BulkResult>;
}

/** One update of `updateLeads`: the arguments of `updateLead`. */
export interface BulkItem {
  id: string;
  body: UpdateLeadBody;
}

/** Options of `updateLeads`. */
export interface UpdateLeadsOptions {
  /** Updates at once, 1 to 64 (default 8). */
  concurrency?: number;
  /** Aborts the run: nothing more starts, and the updates in flight are aborted (their outcome is `unknown`: the server may have applied them). */
  signal?: AbortSignal;
  /** Stops the run gently: nothing more starts; the updates in flight finish. */
  stopSignal?: AbortSignal;
  /** Indexes of items not to send, e.g. those an earlier run's results list as `done` (resuming it); they get no result. */
  skip?: Iterable<number>;
  /** Called with the counts as the run goes (an item starts or ends, a 429 pause begins or ends). */
  onProgress?: (progress: BulkProgress) => void;
}

/** The result of one item of `updateLeads`; `index` is its place in `items`. */
export type BulkResult =
  | { index: number; id: string; outcome: 'done'; response: UpdateLeadResponse }
  /** Refused or failed for good (after the client's retries): the server did not apply it. */
  | { index: number; id: string; outcome: 'failed'; error: import('./errors.js').ConvocoreError }
  /** Aborted in flight by `signal`: the server may or may not have applied it (a PATCH of the same fields is idempotent: send it again). */
  | { index: number; id: string; outcome: 'unknown'; error: import('./errors.js').ConvocoreError }
  /** Not sent: the run was stopped or aborted first. */
  | { index: number; id: string; outcome: 'not_started' };

/** What `onProgress` gets. `done + failed + unknown + notStarted` of `total` items have their result. */
export interface BulkProgress {
  /** Items to send: all but those in `skip`. */
  total: number;
  done: number;
  failed: number;
  unknown: number;
  notStarted: number;
  /** Items in `skip`. */
  skipped: number;
  inFlight: number;
  /** The concurrency now (lowered by 429s) and the one asked for. */
  concurrency: number;
  maxConcurrency: number;
  /** Whether a 429's Retry-After is pausing every worker. */
  paused: boolean;
  /** 429 answers so far. */
  throttles: number;
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
