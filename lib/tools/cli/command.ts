/**
 * One command of the project's CLI (`npx ecm-reset <command>`, the package's bin; `npm run
 * <command>` stays as the alias). Every command parses its own arguments with node's
 * util.parseArgs (strict), prints machine-readable output on `stdout` and human notes on
 * `stderr`, and returns its exit code: 0 success, 1 failure, 2 usage error (with the usage on
 * stderr). `--help` prints the usage on stdout and exits 0.
 */
export interface CliIo {
  /** Machine-readable output; the CLI flushes it fully before the process exits, also on a pipe. */
  stdout(text: string): void;
  /** Human notes and progress. */
  stderr(text: string): void;
  /** The process environment the command reads (tests pass their own). */
  env: Readonly<Record<string, string | undefined>>;
  /** Standard input as text (for `--event -`). */
  stdin(): Promise<string>;
  /** Where relative paths are resolved. */
  cwd: string;
}

export interface CliCommand {
  /** The subcommand, e.g. `deploy`. */
  name: string;
  /** One line for the CLI's list of commands. */
  summary: string;
  /** The full usage text, shown by `--help` and on usage errors. */
  usage: string;
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}
