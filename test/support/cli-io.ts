import type { CliCommand, CliIo } from '../../lib/tools/cli/command';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command in-process with captured output, the given environment and working directory. */
export async function runCli(command: CliCommand, args: readonly string[], env: Record<string, string | undefined>, cwd: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env,
    cwd,
    stdin: async () => '',
  };
  const code = await command.run(args, io);
  return { code, stdout, stderr };
}
