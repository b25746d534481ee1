#!/usr/bin/env node
// The package's command line: `npx convocore-leads <command>`.
import { validateUpdateLead } from '../node/index.mjs';
import { runSandboxCli } from '../sandbox/server.mjs';

const [command, ...rest] = process.argv.slice(2);
const usage = `usage: convocore-leads <command> [options]

commands:
  sandbox   run a local stand-in for the Convocore API (see: convocore-leads sandbox --help)
`;

if (command === 'sandbox') {
  process.exitCode = await runSandboxCli(rest, { validate: validateUpdateLead });
} else if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
  process.stdout.write(usage);
} else {
  process.stderr.write(`unknown command "${command}"\n\n${usage}`);
  process.exitCode = 2;
}
