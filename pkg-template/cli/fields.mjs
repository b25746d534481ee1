// Lead field paths and values from command-line and CSV text. The text-to-value rules are
// the package's `parseFieldInput` (field-input.js), the one implementation that forms use too.
import { LeadPatchBuilder, parseFieldInput } from '../node/index.mjs';

// path -> the issue refusing it, or null
const pathIssues = new Map();

/**
 * The issue refusing `path` (unknown field, or a field with nothing inside), or null:
 * asked of the builder itself, whose refusal carries a "did you mean" suggestion.
 */
export function pathIssue(path) {
  if (pathIssues.has(path)) return pathIssues.get(path);
  let found = null;
  const builder = new LeadPatchBuilder('probe');
  try {
    builder.set(path, true);
  } catch (e) {
    const issue = e?.issues?.[0];
    if (issue?.code === 'unknown_field' || issue?.code === 'invalid_path') found = issue;
  } finally {
    builder.free();
  }
  pathIssues.set(path, found);
  return found;
}

/**
 * The value of `text` at `path` (parseFieldInput), or undefined with the refusal's issues
 * (JSON that does not parse) added to `issues`.
 */
export function fieldValue(path, text, issues) {
  try {
    return parseFieldInput(path, text);
  } catch (e) {
    if (!e?.issues?.length) throw e;
    issues.push(...e.issues);
    return undefined;
  }
}

/**
 * Sets `path` to `value` on `builder`, adding the refusal's issues to `issues` instead
 * of throwing, so that every problem of an input is reported at once.
 */
export function trySet(builder, path, value, issues) {
  try {
    builder.set(path, value);
  } catch (e) {
    if (!e?.issues?.length) throw e;
    issues.push(...e.issues);
  }
}
