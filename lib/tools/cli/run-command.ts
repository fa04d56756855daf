/**
 * How every command turns its errors into the CLI's exit codes: a UsageError prints its message
 * and the command's usage on stderr (exit 2), a CommandError its message (exit 1). Anything else
 * is a bug or an outside failure: its message, exit 1.
 */
import { CommandError, UsageError } from './args';
import type { CliCommand, CliIo } from './command';

export async function runGuarded(usage: string, io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n\n${usage}\n`);
      return 2;
    }
    io.stderr(`${error instanceof CommandError ? '' : 'error: '}${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** `--help` or `-h` anywhere before a `--`: the usage on stdout, exit 0 (checked before parsing, so it works beside a bad option). */
export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/**
 * A command with the CLI's conventions: `--help` prints the usage (exit 0), a UsageError the
 * message and the usage (exit 2), any other error its message (exit 1); `main` does the rest.
 */
export function cliCommand(spec: { name: string; summary: string; usage: string; main: (args: readonly string[], io: CliIo) => Promise<number> }): CliCommand {
  const { main, ...about } = spec;
  return {
    ...about,
    run: (args, io) =>
      runGuarded(spec.usage, io, async () => {
        if (wantsHelp(args)) {
          io.stdout(`${spec.usage}\n`);
          return 0;
        }
        return main(args, io);
      }),
  };
}
