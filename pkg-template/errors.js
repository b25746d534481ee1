/**
 * The one error type of convocore-leads. `kind` says what failed:
 * - `validation`: the input was refused before anything was sent (`issues` lists why);
 * - `http`: the server answered with an error status (`status`, `code`, `issues`);
 * - `response`: a 2xx answer that is not the documented success body;
 * - `network`, `timeout`, `aborted`: the request did not complete;
 * - `init`: a browser build was called before `await init()` loaded its wasm (not-ready.js).
 * The API key never appears in any of its properties. Once a request was made it also has
 * `method` and `url`, and the server's `requestId` and notable `headers` when it answered;
 * `cause` is what the error came from (the fetch's error, or the caller's abort reason,
 * which is also `reason`: `aborted`, or `timeout` for an `AbortSignal.timeout()`).
 *
 * One class per package version in a process or page, whichever entry made it first: the
 * main entry and `convocore-leads/validate` are separate bundles, each with a copy of this
 * file, and `instanceof ConvocoreError` holds for an error from either. scripts/build.sh
 * fills in the version.
 */
export const ConvocoreError = (globalThis[Symbol.for('convocore-leads.ConvocoreError@__VERSION__')] ??= class ConvocoreError extends Error {
  // Made by the wasm (src/wasm/error.rs): `details` holds the fields below that apply.
  constructor(kind, message, details, cause) {
    // As `Error` has it: an own property, not enumerable, and only when there is one.
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'ConvocoreError';
    this.kind = kind;
    const { status, code, issues, retryable, attempts, ...request } = details;
    Object.assign(this, { status, code, issues, retryable, attempts }, request);
  }
});
