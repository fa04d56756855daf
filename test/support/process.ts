import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root: commands run from here, as a user runs them. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment without the caller's RESET_* / TENCENTCLOUD_* / npm_* variables, plus `extra`. */
export const cleanEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
  ...(Object.fromEntries(Object.entries(process.env).filter(([k, v]) => v !== undefined && !/^(RESET_|TENCENTCLOUD_|npm_)/.test(k))) as Record<string, string>),
  ...extra,
});

/** Runs a command from the repository root to its end, with stdin closed (or fed `input`). */
export function runProcess(command: string, args: readonly string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: options.env ?? cleanEnv(), stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
