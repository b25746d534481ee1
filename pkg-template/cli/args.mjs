// Command-line parsing shared by the commands, and the output they write through.

/** Bad usage (unknown option, missing value...): one line on stderr, exit code 2. */
export class UsageError extends Error {}

/**
 * Parses `argv` against `spec`: `{ name: { type: 'string'|'boolean'|'integer', multiple?,
 * min?, max? } }`. Options are `--name value` or `--name=value`; `--` ends them.
 * Returns `{ options, positionals }`; `--help`/`-h` is always known.
 */
export function parseArgs(argv, spec) {
  const options = {};
  const positionals = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      options.help = true;
      continue;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg.split('=')[0]}`);
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    // Only the name is ever echoed: the value may be a secret (--api-key=...).
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const def = spec[name];
    if (!def) throw new UsageError(`unknown option --${name}`);
    let value;
    if (def.type === 'boolean') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      value = true;
    } else {
      if (eq >= 0) value = arg.slice(eq + 1);
      else if (i + 1 < argv.length) value = argv[++i];
      else throw new UsageError(`--${name} needs a value`);
      if (def.type === 'integer') value = parseInteger(name, value, def);
    }
    if (def.multiple) (options[name] ??= []).push(value);
    else if (name in options) throw new UsageError(`--${name} given twice`);
    else options[name] = value;
  }
  return { options, positionals };
}

function parseInteger(name, text, { min = -Infinity, max = Infinity }) {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Infinity ? `${min} or more` : `from ${min} to ${max}`;
    throw new UsageError(`--${name} must be a whole number ${range}`);
  }
  return n;
}

const MIN_SECRET_LENGTH = 8;

/**
 * Where a command writes: `out` (stdout) and `err` (stderr), with every registered secret
 * replaced, so no code path can print the API key.
 */
export function createOutput({ stdout = process.stdout, stderr = process.stderr } = {}) {
  const secrets = [];
  const clean = (text) => secrets.reduce((t, s) => t.split(s).join('[redacted]'), String(text));
  return {
    out: (text) => stdout.write(clean(text)),
    err: (text) => stderr.write(clean(text)),
    addSecret(s) {
      // A very short "key" would blank out ordinary text; real keys are far longer.
      if (typeof s === 'string' && s.length >= MIN_SECRET_LENGTH) secrets.push(s);
    },
    clean,
    isTTY: Boolean(stderr.isTTY),
    columns: stderr.columns || 80,
    stderr,
  };
}
