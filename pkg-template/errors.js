/**
 * The one error type of convocore-leads. `kind` says what failed:
 * - `validation`: the input was refused before anything was sent (`issues` lists why);
 * - `http`: the server answered with an error status (`status`, `code`, `issues`);
 * - `response`: a 2xx answer that is not the documented success body;
 * - `network`, `timeout`, `aborted`: the request did not complete.
 * The API key never appears in any of its properties. `cause`, when present, is the
 * caller's abort signal's reason (`aborted`, or `timeout` for an `AbortSignal.timeout()`).
 *
 * One class per package version in a process or page, whichever entry made it first: the
 * main entry and `convocore-leads/validate` are separate bundles, each with a copy of this
 * file, and `instanceof ConvocoreError` holds for an error from either. scripts/build.sh
 * fills in the version.
 */
export const ConvocoreError = (globalThis[Symbol.for('convocore-leads.ConvocoreError@__VERSION__')] ??= class ConvocoreError extends Error {
  constructor(kind, message, status, code, issues, retryable, attempts, cause) {
    // As `Error` has it: an own property, not enumerable, and only when there is one.
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'ConvocoreError';
    this.kind = kind;
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.retryable = retryable;
    this.attempts = attempts;
  }
});
