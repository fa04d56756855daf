import type { CliCommand, CliIo } from '../cli/command';

/** The process's own io for a command run as `npm run <command>` (the project's CLI registers the same commands). */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    stdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** Runs `command` with the process's arguments and io; the exit code is set once stdout has drained. */
export function runWithProcessIo(command: CliCommand): void {
  command
    .run(process.argv.slice(2), processIo())
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      process.stderr.write(`${command.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    });
}
