import type { Issue } from './convocore_leads.js';

/**
 * What failed: refused input, an error status, a malformed answer, or no answer; or, in a
 * browser build, a call made before `await init()` had loaded the WebAssembly module (`init`).
 */
export type ErrorKind = 'validation' | 'http' | 'response' | 'network' | 'timeout' | 'aborted' | 'init';

/**
 * The one error type of convocore-leads. The API key never appears in any of its properties.
 */
export declare class ConvocoreError extends Error {
  readonly name: 'ConvocoreError';
  /** What failed; see {@link ErrorKind}. */
  readonly kind: ErrorKind;
  /** The HTTP status, for `http` and `response` errors. */
  readonly status?: number;
  /** The server's error code (`BAD_REQUEST`, `NOT_FOUND`, ...); an open set. */
  readonly code?: string;
  /** Every problem found (validation) or reported by the server (http). */
  readonly issues: Issue[];
  /** Whether sending the same request again may succeed. */
  readonly retryable: boolean;
  /** How many requests were made (0 when refused before sending). */
  readonly attempts: number;
  /** The request's method (`PATCH`), once a request was made. */
  readonly method?: string;
  /** The request's URL (it holds no secret), once a request was made. */
  readonly url?: string;
  /** The server's id of the request (`x-request-id` or `request-id`), when it sent one: quote it to support. */
  readonly requestId?: string;
  /** The answer's headers that say what to do next (`retry-after`, rate-limit headers, the request id), names in lowercase. */
  readonly headers?: Readonly<Record<string, string>>;
  /** For `aborted` and `timeout` from the caller's signal: the signal's reason (also the `cause`). */
  readonly reason?: unknown;
}
