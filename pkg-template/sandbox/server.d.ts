// Declarations of `convocore-leads/sandbox` (server.mjs): the local sandbox of the
// Convocore leads API, its fault injection, request log, seed leads and CLI.

/** The default, public API key of the sandbox: `"sandbox-secret"`. */
export declare const DEFAULT_SANDBOX_KEY: string;
/** The default port: 8787. */
export declare const DEFAULT_SANDBOX_PORT: number;
/** The largest request body accepted (1 MiB); larger bodies get 413. */
export declare const MAX_BODY_BYTES: number;
/** How many API requests the request log keeps (oldest dropped first). */
export declare const MAX_LOGGED_REQUESTS: number;
/** The rules for a nested object (`metaData`, `assignedTo`) sent in part: `['replace', 'merge']`. */
export declare const MERGE_NESTED_MODES: readonly MergeNested[];
/**
 * What a nested object sent in part does to the stored one (the real server's rule is not
 * documented): `'replace'` stores it as sent, erasing the fields not sent (the default, the
 * cautious assumption); `'merge'` sets the fields sent and keeps the others.
 */
export type MergeNested = 'replace' | 'merge';
/** The help text of `convocore-leads sandbox`. */
export declare const SANDBOX_USAGE: string;

/** The agents that own the seed leads. */
export declare const SEED_AGENTS: readonly string[];
/** A fresh deep copy of the demo leads the sandbox starts with (callers may mutate it). */
export declare function seedLeads(): SandboxLead[];

/** A stored lead: `id` and `agentId` plus any lead fields. */
export interface SandboxLead {
  id: string;
  agentId: string;
  [field: string]: unknown;
}

/** The error `code` a fault with this status answers with (an open set). */
export declare function codeForStatus(status: number): string;

/** Restricts a fault to some requests (by default: every API request but OPTIONS). */
export interface FaultMatch {
  /** HTTP method, any case. */
  method?: string;
  /** The decoded lead id. */
  id?: string;
}

/**
 * One injected failure. Exactly one of `status`, `html`, `empty`, `drop`, or only
 * `delayMs` (the request is then answered normally, late).
 */
export interface SandboxFault {
  /** Answer with this status and the documented error JSON. */
  status?: number;
  /** Answer with this status and an nginx-style HTML page. */
  html?: number;
  /** Answer with this status and no body. */
  empty?: number;
  /** Close the connection without an answer. */
  drop?: boolean;
  /** Wait this long (ms, up to 600 000) before answering. */
  delayMs?: number;
  /** A `Retry-After` header value (seconds or an HTTP date). */
  retryAfter?: string;
  /** The error `code` (default from the status). */
  code?: string;
  /** The error `message` (default the status text). */
  message?: string;
  match?: FaultMatch;
}

/** The names usable in `kinds` and `--fault-kinds`. */
export type FaultKindName = '429' | '500' | '502' | '503' | '504' | 'html' | 'html502' | 'empty' | 'drop' | 'delay';
/** What each named fault kind does. */
export declare const FAULT_KINDS: Readonly<Record<FaultKindName, Readonly<SandboxFault>>>;

/** Random injection into a share of the API requests. */
export interface RandomFaults {
  /** From 0 to 1. */
  rate: number;
  /** Default `['429', '503']`. */
  kinds?: Array<FaultKindName | SandboxFault>;
  match?: FaultMatch;
}

/** What `GET /__sandbox/faults` answers. */
export interface FaultState {
  queue: SandboxFault[];
  random: { rate: number; kinds: Array<FaultKindName | SandboxFault>; match?: FaultMatch };
}

/** The fault controls of a running sandbox (the same as `/__sandbox/faults`). */
export interface SandboxFaults {
  /** Queues faults, each used once, in order; throws on an invalid fault. */
  push(faults: SandboxFault[], match?: FaultMatch): void;
  /** Sets random injection; throws on an invalid spec. */
  setRandom(spec: RandomFaults): void;
  /** Empties the queue and stops random injection. */
  clear(): void;
  state(): FaultState;
}

/** One API request as the sandbox saw it (`GET /__sandbox/requests`). */
export interface LoggedRequest {
  seq: number;
  /** ISO 8601 time the request arrived. */
  time: string;
  method: string;
  /** The raw path and query, as sent (still percent-encoded). */
  path: string;
  /** The decoded lead id, or null when the path names no lead. */
  id: string | null;
  query: Record<string, string>;
  /** Lowercase names; `authorization` and cookies redacted. */
  headers: Record<string, string | string[] | undefined>;
  /** Whether the bearer key was right. */
  authorized: boolean;
  /** The parsed JSON body, or null. */
  body: unknown;
  /** Why the body could not be read, when it could not. */
  bodyError?: string;
  /** The validator's warnings, when there were some. */
  warnings?: unknown[];
  /** The fault applied, if any. */
  fault: (SandboxFault & { source: 'queue' | 'random' }) | null;
  /** The status answered, or null when the connection was dropped. */
  status: number | null;
}

/** The stored leads of a running sandbox. */
export interface SandboxStore {
  /** Where the state is written, or null (memory only). */
  readonly file: string | null;
  /** Whether the state was loaded from `file` at start. */
  readonly loadedFromFile: boolean;
  readonly size: number;
  /** A copy of one lead. */
  get(id: string): SandboxLead | undefined;
  /** Copies of all leads, or of one agent's. */
  list(agentId?: string): SandboxLead[];
  /** Stores a copy of a whole lead and saves; throws without string `id` and `agentId`. */
  put(lead: SandboxLead): void;
  /** Restores the seed leads and saves. */
  reset(): void;
  /** Writes the state file now (atomically); no-op without `file`. */
  save(): void;
  /** Writes the state file if the last save failed. */
  flush(): void;
}

/** What a body validator reports; the package's `validateUpdateLead` fits. */
export interface SandboxValidationResult {
  ok: boolean;
  issues: Iterable<{ path?: unknown; code?: string; message: string } | string>;
  warnings?: unknown[];
}

/** The PATCH body validator: pass the package's `validateUpdateLead`. */
export type SandboxValidator = (body: unknown) => SandboxValidationResult | Promise<SandboxValidationResult>;

export interface SandboxOptions {
  validate: SandboxValidator;
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /** Default `127.0.0.1`; loopback only unless `allowRemote`. */
  host?: string;
  allowRemote?: boolean;
  /** The bearer key clients must send (default `"sandbox-secret"`); no whitespace. */
  apiKey?: string;
  /** JSON state file: loaded at start if present, written atomically after each change. */
  file?: string;
  /** Called with one line per request. */
  log?: (line: string) => void;
  /** Random faults from the start. */
  faults?: RandomFaults;
  /** Default `'replace'`; see `MergeNested`. */
  mergeNested?: MergeNested;
}

/** A running sandbox. */
export interface Sandbox {
  /** `http://127.0.0.1:<port>`: the control endpoints live under `/__sandbox/`. */
  url: string;
  /** `{url}/v3`: the `baseUrl` for `ConvocoreClient`. */
  baseUrl: string;
  port: number;
  host: string;
  /** Stops listening, ends open connections and pending delays, writes the state file. */
  close(): Promise<void>;
  store: SandboxStore;
  faults: SandboxFaults;
  /** The rule for nested objects sent in part. */
  mergeNested: MergeNested;
  /** A copy of the request log. */
  requests(): LoggedRequest[];
}

/** Starts the sandbox API; rejects on bad options or when the port is taken. */
export declare function startSandbox(options: SandboxOptions): Promise<Sandbox>;

/** The parsed arguments of `convocore-leads sandbox`. */
export interface SandboxArgs {
  help: boolean;
  port: number;
  host: string;
  allowRemote: boolean;
  apiKey: string;
  /** Where `apiKey` came from. */
  apiKeySource: 'default' | 'env' | 'flag';
  file: string | undefined;
  faultRate: number;
  faultKinds: FaultKindName[] | undefined;
  mergeNested: MergeNested;
  quiet: boolean;
}

/**
 * Parses the arguments of `convocore-leads sandbox` (a leading "sandbox" is skipped);
 * `env.CONVOCORE_SANDBOX_KEY` sets the key. Throws an `Error` with a readable message.
 */
export declare function parseSandboxArgs(argv?: readonly string[], env?: Record<string, string | undefined>): SandboxArgs;

export interface SandboxCliContext {
  /** The package's `validateUpdateLead`. */
  validate: SandboxValidator;
  /** Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Stdout writer. */
  out?: (text: string) => void;
  /** Stderr writer. */
  err?: (text: string) => void;
  /** Stops the server when aborted. */
  signal?: AbortSignal;
  /** Listen to SIGINT/SIGTERM (default true). */
  handleSignals?: boolean;
  onReady?: (sandbox: Sandbox) => void;
}

/**
 * Runs `convocore-leads sandbox` until SIGINT/SIGTERM or `signal`; resolves with the
 * exit code (0, 1 when it could not start, 2 on bad arguments).
 */
export declare function runSandboxCli(argv: readonly string[], ctx: SandboxCliContext): Promise<number>;
