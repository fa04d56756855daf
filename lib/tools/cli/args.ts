/**
 * The CLI's one argument parser: node's util.parseArgs (no dependency, strict about unknown
 * options and missing values, in node since 18.3), with the project's usage-error convention.
 */
import { access, readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { closestName } from '../../function/kernel/closest-name';
import type { CliIo } from './command';

/** A mistake on the command line: the CLI prints its message and the usage on stderr and exits 2. */
export class UsageError extends Error {}

/** A failure that is not the user's typing (a busy port, an invalid configuration): message on stderr, exit 1. */
export class CommandError extends Error {}

/** parseArgs in strict mode over `args`; its errors become UsageErrors. */
export function parseCli<const T extends Omit<ParseArgsConfig, 'args' | 'strict'>>(args: readonly string[], config: T) {
  try {
    return parseArgs({ ...config, args: [...args], strict: true } as T & { args: string[]; strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unknown = /^Unknown option '(--?[^']+)'/.exec(message)?.[1];
    if (unknown === undefined) throw new UsageError(message);
    const names = Object.keys(config.options ?? {}).map((n) => `--${n}`);
    const hint = closestName(unknown.split('=')[0] ?? unknown, [...names, '--help']);
    throw new UsageError(`unknown option ${unknown}${hint === null ? '' : `; did you mean ${hint}?`}`);
  }
}

/** `--name` must be a port (0 = any free one). */
export function portOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (value.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--${name} must be an integer from 0 to 65535, not "${value}"`);
  }
  return port;
}

const absolute = (io: Pick<CliIo, 'cwd'>, path: string): string => (isAbsolute(path) ? path : resolve(io.cwd, path));

const fileProblem = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES') return 'permission denied';
  return code ?? (error instanceof Error ? error.message : String(error));
};

/** The path of an existing file given as `--name`, resolved against the working directory; a UsageError naming the option otherwise. */
export async function fileOption(io: Pick<CliIo, 'cwd'>, name: string, path: string | undefined): Promise<string | undefined> {
  if (path === undefined) return undefined;
  const file = absolute(io, path);
  try {
    await access(file);
  } catch (error) {
    throw new UsageError(`--${name} ${path}: ${fileProblem(error)}`);
  }
  return file;
}

/** The text of the file given as `--name`, or of stdin for `-`. */
export async function readFileOption(io: Pick<CliIo, 'cwd' | 'stdin'>, name: string, path: string): Promise<string> {
  if (path === '-') return io.stdin();
  try {
    return await readFile(absolute(io, path), 'utf8');
  } catch (error) {
    throw new UsageError(`--${name} ${path}: ${fileProblem(error)}`);
  }
}

/** The JSON document of `--name FILE|-`. */
export async function readJsonOption(io: Pick<CliIo, 'cwd' | 'stdin'>, name: string, path: string): Promise<unknown> {
  const text = await readFileOption(io, name, path);
  if (text.trim() === '') throw new UsageError(`--${name} ${path}: empty${path === '-' ? ' (nothing on stdin)' : ''}`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`--${name} ${path}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}
