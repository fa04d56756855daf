/**
 * `tsx lib/tools/dev/ensure-chromium.ts`: makes sure the headless browser of the console test is
 * installed. The project drives Debian's `chromium` package with playwright-core (which ships no
 * browser): a distribution package installs from the configured apt mirror, where Playwright's
 * own download would need the internet. Exit 0 when Chromium is there (or was just installed),
 * 1 when it cannot be installed, with what to do instead.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Where Debian's `chromium` package puts the browser; CHROMIUM_PATH overrides it. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

export function chromiumPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const fromEnv = env['CHROMIUM_PATH'];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : DEFAULT_CHROMIUM_PATH;
}

/**
 * Flags for a machine with no network beyond loopback and no display: without the
 * networking ones Chromium waits on update, sync and QUIC probes; `--no-sandbox` because CI
 * runs as root. The caller adds a fresh `--user-data-dir`.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): boolean {
  process.stderr.write(`$ ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (result.error) process.stderr.write(`${command}: ${result.error.message}\n`);
  return result.status === 0;
}

/** Installs Debian's chromium package when it is missing; returns the process exit code. */
export function ensureChromium(env: NodeJS.ProcessEnv = process.env): number {
  const path = chromiumPath(env);
  if (isExecutable(path)) {
    process.stderr.write(`chromium: ${path}\n`);
    return 0;
  }
  if (path !== DEFAULT_CHROMIUM_PATH) {
    process.stderr.write(`CHROMIUM_PATH=${path} is not an executable file\n`);
    return 1;
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    process.stderr.write(
      `chromium is not installed at ${path} and installing it needs root:\n` +
        '  sudo apt-get update && sudo apt-get install -y chromium\n' +
        'or point CHROMIUM_PATH at a Chromium or Chrome binary.\n',
    );
    return 1;
  }
  // Non-interactive: no debconf questions, no pause on a CI runner.
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  const installed = run('apt-get', ['update'], aptEnv) && run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], aptEnv);
  if (!installed || !isExecutable(path)) {
    process.stderr.write(`could not install chromium (expected ${path}); install it yourself or set CHROMIUM_PATH\n`);
    return 1;
  }
  process.stderr.write(`chromium installed: ${path}\n`);
  return 0;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) process.exitCode = ensureChromium();
