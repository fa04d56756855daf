/**
 * `npx ecm-reset <command> [options]` (the package's bin, lib/tools/cli/bin.mjs) and every
 * `npm run <command>` alias: one dispatcher over the registry in commands.ts.
 */

import { closestName } from '../../function/kernel/closest-name';
import type { CliCommand, CliIo } from './command';
import { COMMANDS } from './commands';
import { drained, processIo } from './io';

export function cliUsage(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'usage: npx ecm-reset <command> [options]        (alias: npm run -s <command> -- [options])',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    '`npx ecm-reset <command> --help` shows the options of one command. Exit codes: 0 ok, 1 failure, 2 usage error.',
    'Machine-readable output goes to stdout, notes to stderr (plain `npm run` adds its banner to stdout: use -s).',
  ].join('\n');
}

/** Runs one command line; resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(`${cliUsage(commands)}\n`);
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = commands.find((c) => c.name === rest[0]);
    io.stdout(`${topic?.usage ?? cliUsage(commands)}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    const hint = closestName(
      name,
      commands.map((c) => c.name),
    );
    io.stderr(`unknown command "${name}"${hint === null ? '' : `; did you mean "${hint}"?`}\n\n${cliUsage(commands)}\n`);
    return 2;
  }
  return command.run(rest, io);
}

/** The process around runCli: the exit code is set, never forced before stdout has drained. */
export async function main(argv: readonly string[]): Promise<void> {
  const code = await runCli(argv, processIo());
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exitCode = code;
  // Whatever a command left open (a keep-alive socket, a watcher) must not hold the process: it
  // exits on its own when nothing is left, or after this grace period with everything written.
  setTimeout(() => process.exit(code), 2000).unref();
}
