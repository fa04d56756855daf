import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { cleanEnv, ROOT } from '../../support/process';

interface Started {
  child: ChildProcess;
  consoleUrl: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the command in its own process group (as a terminal runs `npm start`), and resolves
 * once the banner shows the console URL.
 */
function start(command: string, args: string[]): Promise<Started> {
  const child = spawn(command, args, { cwd: ROOT, env: cleanEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  // 'close', not 'exit': it waits for every process holding the pipes (npx's children too).
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer): void => {
      output += d.toString();
      const url = /^ {2}console +(http:\/\/\S+)$/m.exec(output)?.[1];
      if (url !== undefined) resolve({ child, consoleUrl: url, output: () => output, exited });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', reject);
    void exited.then(({ code }) => reject(new Error(`exited with ${String(code)} before printing the console URL:\n${output}`)));
  });
}

/** Like Ctrl-C in a terminal: the signal goes to the whole process group. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) throw new Error('no pid');
  process.kill(-child.pid, signal);
}

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return false;
  } catch {
    return true;
  }
}

describe('npx ecm-reset start / npm start (lib/tools/dev/start-command.ts)', () => {
  it('prints the banner, serves the console, and exits 0 on Ctrl-C (SIGINT) with its ports closed', async () => {
    const s = await start(process.execPath, ['lib/tools/cli/bin.mjs', 'start', '--port', '0', '--emulator-port', '0']);
    try {
      const page = await fetch(s.consoleUrl);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('ecm-reset');
      const emulatorUrl = /^ {2}emulator +(http:\/\/\S+)/m.exec(s.output())?.[1] ?? '';
      expect(s.output()).toContain('ecm-reset local stack');
      expect(s.output()).toMatch(/RESET_CALLER_KEY=\S+ npx ecm-reset call --url http:\/\/127\.0\.0\.1:\d+ --instances ein-aaaaaaaa --reason "demo"/);
      expect(s.output()).toContain('only valid against this local emulator');
      signalGroup(s.child, 'SIGINT');
      expect(await s.exited).toEqual({ code: 0, signal: null });
      expect(s.output()).toContain('SIGINT: stopping the local stack');
      expect(await refused(s.consoleUrl)).toBe(true);
      expect(await refused(`${emulatorUrl}/_emulator/state`)).toBe(true);
    } finally {
      if (s.child.exitCode === null) signalGroup(s.child, 'SIGKILL');
    }
  });

  it('stops everything under npm start when the process group gets SIGTERM, the function process included', async () => {
    const s = await start('npm', ['start', '--', '--port', '0', '--emulator-port', '0']);
    try {
      expect((await fetch(s.consoleUrl)).status).toBe(200);
      signalGroup(s.child, 'SIGTERM');
      // npm re-raises the signal it got; what matters is that the stack shut down itself.
      await s.exited;
      expect(s.output()).toContain('SIGTERM: stopping the local stack');
      expect(await refused(s.consoleUrl)).toBe(true);
      // Nothing of the group is left: not the function's child process either (it ends when its parent does).
      await vi.waitFor(() => expect(() => execFileSync('pgrep', ['-g', String(s.child.pid)])).toThrow(), { timeout: 5000, interval: 100 });
    } finally {
      if (s.child.exitCode === null && s.child.signalCode === null) signalGroup(s.child, 'SIGKILL');
    }
  });

  it('refuses a bad --port with a usage message', async () => {
    const child = spawn(process.execPath, ['lib/tools/cli/bin.mjs', 'start', '--port', 'abc'], {
      cwd: ROOT,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('--port must be an integer from 0 to 65535');
  });
});
