#!/usr/bin/env node
// The package's command line: `npx convocore-leads <command>`.
import fs from 'node:fs';
import { validateUpdateLead } from '../node/index.mjs';
import { runSandboxCli } from '../sandbox/server.mjs';
import { createOutput, UsageError } from '../cli/args.mjs';
import { runBulk } from '../cli/bulk.mjs';
import { runUpdate } from '../cli/update.mjs';
import { runValidate } from '../cli/validate.mjs';

const [command, ...rest] = process.argv.slice(2);
const usage = `usage: convocore-leads <command> [options]

commands:
  update     send one partial update of a lead (--set PATH=VALUE, --null FIELD, --dry-run)
  validate   check a JSON body or an NDJSON file of bodies, offline
  bulk       send many updates from NDJSON or CSV, with retries, resume and a results file
  sandbox    run a local stand-in for the Convocore API

Run convocore-leads <command> --help for its options and examples.
--json (update, validate, bulk) prints one JSON object per result on stdout.
convocore-leads --version (or -v) prints the package's version.
Configuration: CONVOCORE_API_KEY, CONVOCORE_REGION, CONVOCORE_BASE_URL (or flags).
`;
const commands = { update: runUpdate, validate: runValidate, bulk: runBulk };

if (command === 'sandbox') {
  process.exitCode = await runSandboxCli(rest, { validate: validateUpdateLead });
} else if (command === '--version' || command === '-v') {
  process.stdout.write(`${JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
  process.stdout.write(usage);
} else if (Object.hasOwn(commands, command)) {
  const output = createOutput();
  output.addSecret(process.env.CONVOCORE_API_KEY);
  try {
    process.exitCode = await commands[command](rest, { env: process.env, output });
  } catch (e) {
    // Through `output` even when unexpected, so the API key is redacted from it too.
    const usageError = e instanceof UsageError;
    const hint = usageError ? ` (see convocore-leads ${command} --help)` : '';
    output.err(`convocore-leads ${command}: ${usageError ? '' : 'internal error: '}${e?.message ?? e}${hint}\n`);
    process.exitCode = usageError ? 2 : 1;
  }
} else {
  process.stderr.write(`unknown command "${command}"\n\n${usage}`);
  process.exitCode = 2;
}
