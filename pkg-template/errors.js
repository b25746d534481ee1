/**
 * The one error type of convocore-leads. `kind` says what failed:
 * - `validation`: the input was refused before anything was sent (`issues` lists why);
 * - `http`: the server answered with an error status (`status`, `code`, `issues`);
 * - `response`: a 2xx answer that is not the documented success body;
 * - `network`, `timeout`, `aborted`: the request did not complete.
 * The API key never appears in any of its properties.
 */
export class ConvocoreError extends Error {
  constructor(kind, message, status, code, issues, retryable, attempts) {
    super(message);
    this.name = 'ConvocoreError';
    this.kind = kind;
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.retryable = retryable;
    this.attempts = attempts;
  }
}
